package main

// The whole-program driver (escapade-lower -world): the named packages and every package they
// link, lowered into one module.
//
//  1. `go env` and `go list -deps -compiled` (load.go): the build's packages and files.
//  2. A key per package (cache.go); the fragments of unchanged packages come from the cache.
//  3. The packages whose fragment is missing are type-checked from source together with what
//     they import (one importer: one *types.Package per package), and lowered as soon as each
//     is checked (concurrently); their fragments go into the cache.
//  4. The module: the fragments in dependency order (world.go; the assembled body is cached as one
//     entry keyed by the ordered fragment keys, cache.go, so a warm run reads no fragment), after directives for
//     escapade-go: ";escapade-world closed" or ";escapade-world open REASON" (see worldClosed),
//     and ";escapade-print FILE" for the files of the packages whose diagnostics are printed.
//
// Complexity: O(total size of the program's sources) for hashing, plus type checking and lowering
// of the packages that miss the cache (linear in their size in practice), plus O(module size).

import (
	"fmt"
	"go/build"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

type worldOptions struct {
	tags     string
	print    []string // patterns of packages whose diagnostics are printed (besides the named ones)
	cacheDir string
	explain  bool
	test     bool // the named package's test binary is the program (testprog.go)
	quiet    bool
	verbose  bool // statistics on stderr
	out      string
}

// runWorld lowers the program; the exit status is main's.
func runWorld(args []string, opt worldOptions) int {
	t0 := time.Now()
	cfg, err := newBuildConfig(opt.tags)
	if err != nil {
		fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
		return 1
	}
	cfg.test = opt.test
	cwd := cfg.dir
	cfg.dir, args = goDirFor(cwd, args)
	pkgs, err := goList(cfg, args, false, true)
	if err != nil && outsideModule(err) {
		// a package directory outside any module (and GOPATH): the go command takes its files
		if files := dirFiles(cfg, cwd, args); files != nil {
			cfg.dir = cwd
			cfg.dir, args = goDirFor(cwd, files)
			pkgs, err = goList(cfg, args, false, true)
		}
	}
	var testPrinted map[string]bool
	if err == nil && opt.test {
		pkgs, testPrinted, err = testProgram(pkgs)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
		return 1
	}
	if err := listingErrors(pkgs, opt.quiet); err != nil {
		fmt.Fprintf(os.Stderr, "%v\n", err)
		return 1
	}
	tList := time.Now()
	// With package reflect in the program, every package applies the reflection rule (reflect.go):
	// a value another package converts may reach reflect (through fmt, encoding/json, ...)
	linksReflect := false
	for _, p := range pkgs {
		if p.ImportPath == "reflect" {
			linksReflect = true
		}
	}
	options := fmt.Sprintf("world explain=%v reflect=%v", opt.explain, linksReflect)
	keys, err := packageKeys(pkgs, contextKey(cfg, options))
	if err != nil {
		fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
		return 1
	}
	tHash := time.Now()
	cache := openCache(opt.cacheDir)
	frags := map[string]*fragment{}
	missing := map[string]bool{}
	// the packages that make the module, in order, and the key of their module
	var lowered []string
	for _, p := range pkgs {
		if p.ImportPath != "unsafe" && len(compiledFiles(p)) > 0 {
			lowered = append(lowered, p.ImportPath)
		}
	}
	wkey := worldKey(lowered, keys)
	meta, body, worldHit := cache.getWorld(wkey)
	if worldHit && len(meta) == len(lowered) {
		for i, fr := range meta {
			if fr.Path != lowered[i] {
				worldHit = false
				break
			}
			frags[fr.Path] = fr
		}
	} else {
		worldHit = false
	}
	if !worldHit {
		body = ""
		frags = map[string]*fragment{}
		for _, path := range lowered {
			if fr, ok := cache.get(keys[path]); ok && fr.Path == path {
				frags[path] = fr
			} else {
				missing[path] = true
			}
		}
	}
	tKeys := time.Now()
	checked := 0
	if len(missing) > 0 {
		fset := token.NewFileSet()
		var mu sync.Mutex
		var lowerErrs []string
		// every checked package by its *types.Package (for sourceOf); filled as packages are
		// checked, read only for imports of the package being lowered (checked before it)
		var smu sync.Mutex
		byTypes := map[*types.Package]*checkedPackage{}
		sources := func(p *types.Package) *checkedPackage {
			smu.Lock()
			defer smu.Unlock()
			return byTypes[p]
		}
		_, err := typeCheckAll(cfg, fset, pkgs, missing, func(cp *checkedPackage) {
			smu.Lock()
			byTypes[cp.pkg] = cp
			smu.Unlock()
			mu.Lock()
			checked++
			mu.Unlock()
			path := cp.list.ImportPath
			if !missing[path] {
				return
			}
			fr, err := lowerFragment(fset, cp, opt.explain, linksReflect, sources)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				lowerErrs = append(lowerErrs, err.Error())
				return
			}
			frags[path] = fr
			if err := cache.put(keys[path], fr); err != nil && opt.verbose {
				fmt.Fprintf(os.Stderr, "escapade-lower: cache: %v\n", err)
			}
			if !declaresGenerics(cp.pkg) {
				// only generic code is lowered outside its package (sourceOf): the rest of the
				// package's syntax is no longer needed, only its types
				cp.files, cp.info = nil, nil
			}
		})
		if err != nil {
			fmt.Fprintf(os.Stderr, "%v\n", err)
			return 1
		}
		if len(lowerErrs) > 0 {
			sort.Strings(lowerErrs)
			fmt.Fprintf(os.Stderr, "escapade-lower: %s\n", strings.Join(lowerErrs, "\n"))
			return 1
		}
	}
	tLower := time.Now()

	// The module.
	var ordered []*fragment
	printed := map[string]bool{}
	var header []string
	named := 0
	allMain := true
	var holes []string
	linksPlugin := false
	for _, p := range pkgs {
		if p.ImportPath == "plugin" {
			linksPlugin = true
		}
		if !p.DepOnly {
			named++
			if p.Name != "main" {
				allMain = false
			}
		}
		fr := frags[p.ImportPath]
		if fr == nil {
			continue
		}
		ordered = append(ordered, fr)
		for _, h := range fr.Holes {
			holes = append(holes, p.ImportPath+": "+h)
		}
		if (!p.DepOnly && !p.testMain) || testPrinted[p.ImportPath] || matchAny(opt.print, p, cfg.dir) {
			printed[p.ImportPath] = true
			for _, f := range fr.Files {
				header = append(header, ";escapade-print "+strconv.Quote(f))
			}
			if !opt.quiet {
				for _, w := range fr.Warnings {
					fmt.Fprintf(os.Stderr, "escapade-lower: warning: %s\n", w)
				}
			}
		}
	}
	holes = append(holes, methodPulls(ordered)...)
	world := "closed"
	switch {
	case !allMain:
		world = "open library: the callers of a library package are not known"
	case linksPlugin:
		world = "open plugin: the program links package plugin (code loaded at run time is not in the IR)"
	case len(holes) > 0:
		world = fmt.Sprintf("open unmodelled: %d constructs are lowered as unknown code, which may hide conversions and function values (first: %s)", len(holes), holes[0])
	}
	header = append([]string{";escapade-world " + world}, header...)
	for _, p := range pkgs {
		if !p.DepOnly {
			header = append(header, fmt.Sprintf(";escapade-package %s %s", p.ImportPath, p.Name))
		}
	}
	if !worldHit {
		if body, err = worldBody(ordered); err != nil {
			fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
			return 1
		}
		if err := cache.putWorld(wkey, ordered, body); err != nil && opt.verbose {
			fmt.Fprintf(os.Stderr, "escapade-lower: cache: %v\n", err)
		}
	}
	head := worldHeader(header)
	tAsm := time.Now()
	if opt.verbose {
		how := "assembled"
		if worldHit {
			how = "cached"
		}
		fmt.Fprintf(os.Stderr, "escapade-lower: %d packages (%d printed), %d lowered, %d type-checked from source; go list %.2fs, keys %.2fs, cache %.2fs, check+lower %.2fs, module %.2fs (%s), total %.2fs; module %d bytes\n",
			len(ordered), len(printed), len(missing), checked, tList.Sub(t0).Seconds(), tHash.Sub(tList).Seconds(),
			tKeys.Sub(tHash).Seconds(), tLower.Sub(tKeys).Seconds(), tAsm.Sub(tLower).Seconds(), how,
			time.Since(t0).Seconds(), len(head)+len(body))
	}
	w := os.Stdout
	if opt.out != "" {
		f, err := os.Create(opt.out)
		if err != nil {
			fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	_, err = w.WriteString(head)
	if err == nil {
		_, err = w.WriteString(body)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "escapade-lower: %v\n", err)
		return 1
	}
	return 0
}

// matchAny: p matches one of the patterns: "all", "std", "cmd", an import path pattern with
// "..." wildcards (go's rules: "x/..." also matches "x"), or a directory pattern ("./...",
// "../x", absolute) matched against the package's directory.
func matchAny(patterns []string, p *listedPackage, cwd string) bool {
	for _, pat := range patterns {
		switch pat {
		case "all":
			return true
		case "std":
			if p.Standard {
				return true
			}
			continue
		case "cmd":
			if p.Goroot && strings.HasPrefix(p.ImportPath, "cmd/") {
				return true
			}
			continue
		}
		if pat == "." || pat == ".." || strings.HasPrefix(pat, "./") || strings.HasPrefix(pat, "../") || filepath.IsAbs(pat) {
			dir := pat
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(cwd, dir)
			}
			if matchPattern(filepath.ToSlash(filepath.Clean(dir)), filepath.ToSlash(p.Dir)) {
				return true
			}
			continue
		}
		if matchPattern(pat, p.ImportPath) {
			return true
		}
	}
	return false
}

// matchPattern is go's package pattern match: "..." matches any string; "x/..." matches x too.
func matchPattern(pattern, name string) bool {
	re := regexp.QuoteMeta(pattern)
	re = strings.ReplaceAll(re, `\.\.\.`, `.*`)
	if strings.HasSuffix(re, `/.*`) {
		re = strings.TrimSuffix(re, `/.*`) + `(/.*)?`
	}
	ok, _ := regexp.MatchString("^"+re+"$", name)
	return ok
}

// listingErrors fails on the errors go list reports (a package that cannot be found, or whose
// files cannot be selected), except "use of internal package ... not allowed": that rule is the go
// command's, not the compiler's (Go's own test files import runtime/internal/atomic and are
// compiled with `go tool compile`), so it only gets a warning.
func listingErrors(pkgs []*listedPackage, quiet bool) error {
	var errs []string
	for _, p := range pkgs {
		if p.Error == nil {
			continue
		}
		if strings.HasPrefix(p.Error.Err, "use of internal package ") && strings.HasSuffix(p.Error.Err, " not allowed") {
			if !quiet {
				fmt.Fprintf(os.Stderr, "escapade-lower: warning: %s (go build refuses it; analysed as the compiler would compile it)\n", p.Error.Err)
			}
			p.Error = nil
			continue
		}
		errs = append(errs, p.Error.Err)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

// goDirFor chooses where the go command runs. When every argument is a directory or a .go file and
// they all live in one directory D, it runs in D (with "." and the files' base names), so that the
// module (or GOPATH) that holds them decides how their imports resolve, wherever escapade-go was
// started. Otherwise (import paths, patterns, several directories) it runs in cwd.
func goDirFor(cwd string, args []string) (string, []string) {
	dir := ""
	rel := make([]string, len(args))
	for i, a := range args {
		if strings.Contains(a, "...") {
			return cwd, args
		}
		p := a
		if !filepath.IsAbs(p) {
			p = filepath.Join(cwd, p)
		}
		st, err := os.Stat(p)
		if err != nil {
			return cwd, args
		}
		d, r := p, "."
		if !st.IsDir() {
			if !strings.HasSuffix(p, ".go") {
				return cwd, args
			}
			d, r = filepath.Dir(p), filepath.Base(p)
		} else if !isLocalPattern(a) && !filepath.IsAbs(a) {
			// "fmt" could be a directory in cwd and an import path: go's rule is the import path
			return cwd, args
		}
		if dir != "" && d != dir {
			return cwd, args
		}
		dir = filepath.Clean(d)
		rel[i] = r
	}
	if dir == "" {
		return cwd, args
	}
	return dir, rel
}

func isLocalPattern(a string) bool {
	return a == "." || a == ".." || strings.HasPrefix(a, "./") || strings.HasPrefix(a, "../")
}

// declaresGenerics: the package declares a generic function or type at package level.
func declaresGenerics(p *types.Package) bool {
	scope := p.Scope()
	for _, name := range scope.Names() {
		switch o := scope.Lookup(name).(type) {
		case *types.Func:
			if tp := o.Type().(*types.Signature).TypeParams(); tp != nil && tp.Len() > 0 {
				return true
			}
		case *types.TypeName:
			if n, ok := o.Type().(*types.Named); ok && n.TypeParams() != nil && n.TypeParams().Len() > 0 {
				return true
			}
		}
	}
	return false
}

// outsideModule: the go command refused a directory because no module holds it.
func outsideModule(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "go.mod file not found") || strings.Contains(msg, "cannot find main module") ||
		strings.Contains(msg, "outside main module")
}

// dirFiles lists the Go files go/build selects in directory arguments (with the go command's
// CGO_ENABLED and -tags); nil unless every argument is a directory.
func dirFiles(cfg *buildConfig, cwd string, args []string) []string {
	ctx := build.Default
	ctx.CgoEnabled = cfg.env.CGO_ENABLED == "1"
	ctx.GOOS, ctx.GOARCH = cfg.env.GOOS, cfg.env.GOARCH
	if cfg.tags != "" {
		ctx.BuildTags = strings.FieldsFunc(cfg.tags, func(r rune) bool { return r == ',' || r == ' ' })
	}
	var files []string
	for _, a := range args {
		dir := a
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(cfg.dir, dir)
		}
		bp, err := ctx.ImportDir(dir, 0)
		if err != nil {
			return nil
		}
		for _, f := range append(append([]string{}, bp.GoFiles...), bp.CgoFiles...) {
			files = append(files, filepath.Join(dir, f))
		}
	}
	sort.Strings(files)
	return files
}
