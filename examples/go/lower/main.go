// escapade-lower - lowers Go packages into escapade's text IR (docs/ir.md), with the positions,
// names and display texts that Go 1.19's `-m` diagnostics use, so that the escapade-go driver can
// print what `go build -gcflags='-m -l'` prints.
//
//	escapade-lower -world [-test] [-tags T] [-print PATTERN]... [-cache DIR] [-explain] [-v] [-q] [-o FILE] PACKAGE...
//	escapade-lower [-tags T] [-p PATH] [-summaries FILE]... [-gc-tags FILE] [-q] [-o FILE] PACKAGE|FILES
//	escapade-lower -list FILE -p PATH [-summaries FILE]... [-q] [-o FILE]
//	escapade-lower -keys [-tags T] [-key-options S] [-key-file F] [-list-out FILE] PACKAGE...
//
// -world (program.go): the named packages and every package they link, lowered into one module
// with package-qualified names (world.go), per-package fragments cached (cache.go). With -test
// the program is the named package's test binary (testprog.go).
//
// Without -world, one package (the per-package modes of escapade-go: --deps, --deps=gc,
// --deps=none): its files as `go build` selects them and its imports from the gc export data of
// the same `go list -export` run (load.go), so that every imported package has one
// *types.Package; imported functions are externs whose leaks come from summaries (-summaries,
// -gc-tags, else a small built-in table, else every pointer argument leaks). When the go command
// cannot list the arguments (a directory outside any module), the files are selected by go/build
// (cgo off) and imports come from the installation's export data, with a warning.
// -list FILE reuses the listing a -keys run wrote (no go command at all).
//
// -keys prints, for the packages and everything they import in dependency order, one line
// "IMPORTPATH<TAB>NAME<TAB>KEY<TAB>dep|named" (KEY: cache.go's key, extended with -key-options
// and the bytes of -key-file), and writes the listing to -list-out: escapade-go --deps names its
// summary files by these keys.
//
// Output: the IR on stdout (or FILE). Exit status 1 with the type checker's errors on stderr when
// the input does not parse or type-check; 2 on bad usage.
//
// Go the lowering does not model is lowered conservatively (every value it touches is passed to a
// body-less function, i.e. leaks to the heap) with a warning on stderr naming the construct and
// its position: the analysis never gets a `stack` verdict it cannot justify.
//
// Only the standard library is used (go/parser, go/ast, go/types, go/importer, go/build).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	out := flag.String("o", "", "write the IR to `FILE` instead of stdout")
	quiet := flag.Bool("q", false, "do not print warnings about constructs lowered conservatively")
	var sums, gctags stringList
	flag.Var(&sums, "summaries", "read escape summaries of imported functions from `FILE` (repeatable)")
	flag.Var(&gctags, "gc-tags", "read gc's -m diagnostics of imported packages from `FILE` (their tags as summaries)")
	noBuiltin := flag.Bool("no-builtin-summaries", false, "do not use the built-in summaries of unsafe, sync/atomic, reflect, ...")
	pkgPath := flag.String("p", "", "the package's import `path` (default: go list's; for files outside packages p, or main)")
	explain := flag.Bool("explain", false, "annotate every operation with its position and text (for -m=2)")
	world := flag.Bool("world", false, "lower the named packages and every package they link into one module (program.go)")
	tags := flag.String("tags", "", "build `tags` (as go build -tags)")
	test := flag.Bool("test", false, "with -world: the program is the named package's test binary, as go test links it (testprog.go)")
	var prints stringList
	flag.Var(&prints, "print", "with -world: also print the diagnostics of the packages matching `PATTERN` (all, std, cmd, import path or directory patterns with ...)")
	cacheDir := flag.String("cache", "", "with -world: the lowering cache `DIR` (default $ESCAPADE_GO_CACHE, else the user cache directory; off: no cache)")
	verbose := flag.Bool("v", false, "with -world: print statistics (packages, cache hits, times) on stderr")
	keys := flag.Bool("keys", false, "print the packages' cache keys (see the package comment)")
	keyOptions := flag.String("key-options", "", "with -keys: options the keys must cover (e.g. the analysis options)")
	keyFile := flag.String("key-file", "", "with -keys: a `FILE` whose bytes the keys must cover (e.g. the analysing program)")
	listOut := flag.String("list-out", "", "with -keys: write the package listing to `FILE`")
	listIn := flag.String("list", "", "lower package -p from the listing in `FILE` (written by -keys -list-out)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: escapade-lower [-world] [-o FILE] [-summaries FILE]... [-q] PACKAGE...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 && *listIn == "" {
		flag.Usage()
		os.Exit(2)
	}
	switch {
	case *world:
		os.Exit(runWorld(flag.Args(), worldOptions{tags: *tags, print: prints, cacheDir: *cacheDir, explain: *explain,
			test: *test, quiet: *quiet, verbose: *verbose, out: *out}))
	case *keys:
		os.Exit(runKeys(flag.Args(), *tags, *keyOptions, *keyFile, *listOut))
	}
	fset := token.NewFileSet()
	src, err := findSingle(fset, flag.Args(), *tags, *listIn, *pkgPath, *quiet)
	if err != nil {
		fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
		os.Exit(1)
	}
	var asts []*ast.File
	var perr []string
	for _, f := range src.files {
		name := f
		var data []byte
		if src.list != nil {
			if data, err = os.ReadFile(f); err != nil {
				perr = append(perr, err.Error())
				continue
			}
			name = displayName(src.list, f, data)
		}
		var content interface{} // (nil, not a nil []byte: the parser then reads the file)
		if data != nil {
			content = data
		}
		af, err := parser.ParseFile(fset, name, content, parser.ParseComments)
		if err != nil {
			perr = append(perr, err.Error())
			continue
		}
		asts = append(asts, af)
	}
	if len(perr) > 0 {
		for _, e := range perr {
			fmt.Fprintln(os.Stderr, e)
		}
		os.Exit(1)
	}
	pkgName := asts[0].Name.Name
	for _, af := range asts[1:] {
		if af.Name.Name != pkgName {
			fmt.Fprintf(os.Stderr, "%s: package %s; expected %s\n", fset.Position(af.Name.Pos()), af.Name.Name, pkgName)
			os.Exit(1)
		}
	}
	info := newInfo()
	var terrs []string
	conf := types.Config{
		Importer: src.imp,
		Sizes:    src.sizes,
		Error: func(err error) {
			terrs = append(terrs, err.Error())
		},
	}
	path := src.path
	if path == "" {
		path = "p"
		if pkgName == "main" {
			path = "main"
		}
	}
	if *pkgPath != "" {
		path = *pkgPath
	}
	pkg, _ := conf.Check(path, fset, asts, info)
	if len(terrs) > 0 {
		for _, e := range terrs {
			fmt.Fprintln(os.Stderr, e)
		}
		os.Exit(1)
	}
	l := newLowerer(fset, pkg, info, asts)
	l.quiet = *quiet
	l.explain = *explain
	if !*noBuiltin {
		l.addBuiltinSummaries()
	}
	for _, s := range gctags {
		if err := l.readGCTags(s); err != nil {
			fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
			os.Exit(1)
		}
	}
	for _, s := range sums {
		if err := l.readSummaries(s); err != nil {
			fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
			os.Exit(1)
		}
	}
	text, err := safeLower(l)
	if err != nil {
		fmt.Fprintf(os.Stderr, "escapade-lower: internal error: %v\n", err)
		os.Exit(1)
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	if *out != "" {
		fh, err := os.Create(*out)
		if err != nil {
			fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
			os.Exit(1)
		}
		defer fh.Close()
		w = bufio.NewWriterSize(fh, 1<<16)
	}
	w.WriteString(text)
	if err := w.Flush(); err != nil {
		fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
		os.Exit(1)
	}
}

// safeLower runs the lowering; a bug in it is reported as an error, never a crash.
func safeLower(l *lowerer) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return l.lower(), nil
}

// singleSource: what the per-package mode lowers, and where its imports come from.
type singleSource struct {
	list  *listedPackage // go list's view of the package (nil: the legacy selection)
	files []string
	imp   types.Importer
	sizes types.Sizes
	path  string // "" for files outside any package (named p, or main)
}

// findSingle selects the package's files and its importer (see the package comment).
func findSingle(fset *token.FileSet, args []string, tags, listFile, pkgPath string, quiet bool) (*singleSource, error) {
	var pkgs []*listedPackage
	var target *listedPackage
	goarch := ""
	if listFile != "" {
		data, err := os.ReadFile(listFile)
		if err != nil {
			return nil, err
		}
		var l listing
		if err := json.Unmarshal(data, &l); err != nil {
			return nil, fmt.Errorf("%s: %v", listFile, err)
		}
		pkgs, goarch = l.Packages, l.GOARCH
		for _, p := range pkgs {
			if p.ImportPath == pkgPath {
				target = p
			}
		}
		if target == nil {
			return nil, fmt.Errorf("%s: no package %q", listFile, pkgPath)
		}
	} else {
		cfg, err := newBuildConfig(tags)
		if err == nil {
			goarch = cfg.env.GOARCH
			var dargs []string
			cfg.dir, dargs = goDirFor(cfg.dir, args)
			pkgs, err = goList(cfg, dargs, true, true)
			if err == nil {
				err = listingErrors(pkgs, quiet)
			}
		}
		if err != nil {
			if !quiet {
				fmt.Fprintf(os.Stderr, "escapade-lower: warning: %v\nescapade-lower: warning: files selected by go/build with cgo off, imports from the installation's export data\n", err)
			}
			return legacySource(fset, args)
		}
		for _, p := range pkgs {
			if !p.DepOnly {
				if target != nil {
					return nil, fmt.Errorf("one package at a time (%s and %s): the whole-program mode takes several", target.ImportPath, p.ImportPath)
				}
				target = p
			}
		}
		if target == nil {
			return nil, fmt.Errorf("no package in %s", strings.Join(args, " "))
		}
	}
	src := &singleSource{list: target, files: compiledFiles(target), imp: exportImporter(fset, pkgs, target), path: target.ImportPath}
	if src.path == "command-line-arguments" {
		src.path = ""
	}
	if len(src.files) == 0 {
		return nil, fmt.Errorf("%s: no Go files", target.ImportPath)
	}
	src.sizes = types.SizesFor("gc", goarch)
	if src.sizes == nil {
		src.sizes = types.SizesFor("gc", "amd64")
	}
	return src, nil
}

// listing is what -keys -list-out writes and -list reads.
type listing struct {
	GOARCH   string
	Packages []*listedPackage
}

// runKeys prints the packages' keys (see the package comment).
func runKeys(args []string, tags, keyOptions, keyFile, listOut string) int {
	cfg, err := newBuildConfig(tags)
	if err != nil {
		fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
		return 1
	}
	cfg.dir, args = goDirFor(cfg.dir, args)
	pkgs, err := goList(cfg, args, true, true)
	if err == nil {
		err = listingErrors(pkgs, false)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
		return 1
	}
	opts := "summary " + keyOptions
	if keyFile != "" {
		h, err := fileHash(keyFile)
		if err != nil {
			fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
			return 1
		}
		opts += " file=" + h
	}
	keys, err := packageKeys(pkgs, contextKey(cfg, opts))
	if err != nil {
		fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
		return 1
	}
	if listOut != "" {
		data, err := json.Marshal(listing{GOARCH: cfg.env.GOARCH, Packages: pkgs})
		if err == nil {
			err = os.WriteFile(listOut, data, 0o666)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
			return 1
		}
	}
	w := bufio.NewWriter(os.Stdout)
	for _, p := range pkgs {
		if p.ImportPath == "unsafe" {
			continue
		}
		role := "dep"
		if !p.DepOnly {
			role = "named"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", p.ImportPath, p.Name, keys[p.ImportPath], role)
	}
	if err := w.Flush(); err != nil {
		return 1
	}
	return 0
}

// ---------------------------------------------------------------------------------------------
// The legacy selection (when the go command cannot list the arguments)

func legacySource(fset *token.FileSet, args []string) (*singleSource, error) {
	files, err := inputFiles(args)
	if err != nil {
		return nil, err
	}
	return &singleSource{files: files, imp: newImporter(fset), sizes: types.SizesFor("gc", "amd64"), path: dirPkgPath}, nil
}

// dirPkgPath is the import path of a package given as a directory under GOROOT/src (set by
// inputFiles), so that the lowered package has its real path.
var dirPkgPath string

// inputFiles expands the command-line paths into .go files (go/build's selection, cgo off).
func inputFiles(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		ctx := build.Default
		ctx.CgoEnabled = false
		bp, err := ctx.ImportDir(a, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", a, err)
		}
		if abs, err := filepath.Abs(a); err == nil {
			src := filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)
			if strings.HasPrefix(abs, src) {
				dirPkgPath = filepath.ToSlash(strings.TrimPrefix(abs, src))
			}
		}
		names := append([]string{}, bp.GoFiles...)
		sort.Strings(names)
		for _, n := range names {
			files = append(files, filepath.Join(a, n))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no Go files")
	}
	return files, nil
}

// newImporter imports from gc export data when the installation has it (Debian's Go 1.19 does),
// and from source otherwise (the legacy selection only: two importers can give one package two
// *types.Package; the go list path above never mixes them).
func newImporter(fset *token.FileSet) types.Importer {
	// Export data of the installation's packages; the standard library's vendored packages
	// (golang.org/x/...) live under vendor/.
	pkgDir := filepath.Join(build.Default.GOROOT, "pkg", build.Default.GOOS+"_"+build.Default.GOARCH)
	lookup := func(path string) (io.ReadCloser, error) {
		return os.Open(filepath.Join(pkgDir, path+".a"))
	}
	gc := importer.ForCompiler(fset, "gc", lookup)
	var src types.Importer
	return importerFunc(func(path string) (*types.Package, error) {
		if _, err := os.Stat(filepath.Join(pkgDir, path+".a")); err != nil {
			if _, err := os.Stat(filepath.Join(pkgDir, "vendor", path+".a")); err == nil {
				path = "vendor/" + path
			}
		}
		p, err := gc.Import(path)
		if err == nil {
			return p, nil
		}
		if src == nil {
			src = importer.ForCompiler(fset, "source", nil)
		}
		return src.Import(path)
	})
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
