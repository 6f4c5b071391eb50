// escapade-lower - lowers a Go package (or a list of Go files of one package) into escapade's text IR
// (docs/ir.md), with the positions, names and display texts that Go 1.19's `-m` diagnostics use,
// so that the escapade-go driver can print what `go build -gcflags='-m -l'` prints.
//
//	escapade-lower [-o FILE] [-summaries FILE]... [-q] PATH...
//
// PATH is a directory (the package's .go files for GOOS/GOARCH, tests excluded) or one or more
// .go files of the same package. Output: the IR on stdout (or FILE). Exit status 1 with the type
// checker's errors on stderr when the input does not parse or type-check; 2 on bad usage.
//
// Go the lowering does not model is lowered conservatively (every value it touches is passed to a
// body-less function, i.e. leaks to the heap) with a warning on stderr naming the construct and
// its position: the analysis never gets a `stack` verdict it cannot justify.
//
// Only the standard library is used (go/parser, go/ast, go/types, go/importer, go/build).
package main

import (
	"bufio"
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
	pkgPath := flag.String("p", "", "the package's import `path` (default: from GOROOT/src, else p or main)")
	explain := flag.Bool("explain", false, "annotate every operation with its position and text (for -m=2)")
	world := flag.Bool("world", false, "lower the named packages and every package they link into one module (program.go)")
	tags := flag.String("tags", "", "build `tags` (as go build -tags)")
	var prints stringList
	flag.Var(&prints, "print", "with -world: also print the diagnostics of the packages matching `PATTERN` (all, std, cmd, import path or directory patterns with ...)")
	cacheDir := flag.String("cache", "", "with -world: the lowering cache `DIR` (default $ESCAPADE_GO_CACHE, else the user cache directory; off: no cache)")
	verbose := flag.Bool("v", false, "with -world: print statistics (packages, cache hits, times) on stderr")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: escapade-lower [-o FILE] [-summaries FILE]... [-q] PATH...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *world {
		os.Exit(runWorld(flag.Args(), worldOptions{tags: *tags, print: prints, cacheDir: *cacheDir, explain: *explain,
			quiet: *quiet, verbose: *verbose, out: *out}))
	}
	files, err := inputFiles(flag.Args())
	if err != nil {
		fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
		os.Exit(1)
	}
	fset := token.NewFileSet()
	var asts []*ast.File
	var perr []string
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
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
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	var terrs []string
	conf := types.Config{
		Importer: newImporter(fset),
		Sizes:    types.SizesFor("gc", "amd64"),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok && te.Soft {
				// unused variables and imports: gc rejects them too
			}
			terrs = append(terrs, err.Error())
		},
	}
	path := "p"
	if pkgName == "main" {
		path = "main"
	}
	if dirPkgPath != "" {
		path = dirPkgPath
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

// dirPkgPath is the import path of a package given as a directory under GOROOT/src (so that the
// lowered package has its real path, as gc's messages and summaries need).
var dirPkgPath string

// inputFiles expands the command-line paths into .go files.
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
			if a == "." {
				files = append(files, n)
			} else {
				files = append(files, filepath.Join(a, n))
			}
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no Go files")
	}
	return files, nil
}

// newImporter imports from gc export data when the installation has it (Debian's Go 1.19 does),
// and from source otherwise.
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
