package main

// Loading packages exactly as `go build` selects them.
//
// `go env` gives the build context (GOOS, GOARCH, CGO_ENABLED as the go command resolves it, the
// Go version, GOFLAGS such as -mod=vendor) and `go list -deps -compiled -json` the packages a
// build links, in dependency order (every package after the packages it imports), with the files
// the compiler is given: CompiledGoFiles, which for a cgo package are the Go files cmd/cgo
// generates from GoFiles + CgoFiles (kept in the go build cache, with //line directives back to
// the original sources). The go command runs in the directory the tool was started in, named by
// getcwd(2), never by $PWD, and with PWD set to it (a stale $PWD inherited from a shell that
// changed directory without updating it cannot mislead the go command either).
//
// Type checking (typeCheckAll) parses and checks every package from source, in dependency order,
// with ONE importer that maps each import (through the importing package's ImportMap, which
// resolves vendored paths) to the *types.Package checked before it: every package has one
// *types.Package however often it is imported, so a named type has one identity across the
// program. Packages are checked concurrently (at most GOMAXPROCS at a time), each once all its
// imports are done. Complexity: O(total size of the sources) for the checking (go/types), plus
// O(packages + imports) for the scheduling.
//
// exportImporter (the per-package mode) reads gc export data instead, for every import from the
// same `go list -export` run, so there too every package has one *types.Package.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
)

// goEnv is the build context as the go command resolves it.
type goEnv struct {
	GOOS, GOARCH, CGO_ENABLED, GOVERSION, GOFLAGS, GOEXPERIMENT, GOROOT, GO111MODULE, GOPATH, GOMOD string
}

// buildConfig: where and how the go command runs.
type buildConfig struct {
	dir  string // the directory the go command runs in (getcwd, absolute)
	tags string // -tags value ("" for none)
	test bool   // list the packages' test binaries too (go list -test; testprog.go)
	env  goEnv
}

// realCwd is the working directory as the kernel knows it ($PWD is not consulted).
func realCwd() (string, error) {
	buf := make([]byte, 4096)
	n, err := syscall.Getcwd(buf)
	if err != nil {
		return "", fmt.Errorf("getcwd: %v", err)
	}
	if n > 0 && buf[n-1] == 0 {
		n--
	}
	return string(buf[:n]), nil
}

// goCommand prepares `go ARGS...` in cfg.dir, with PWD naming that directory.
func goCommand(cfg *buildConfig, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = cfg.dir
	env := os.Environ()
	out := env[:0]
	for _, e := range env {
		if !strings.HasPrefix(e, "PWD=") {
			out = append(out, e)
		}
	}
	cmd.Env = append(out, "PWD="+cfg.dir)
	return cmd
}

// runGo runs the go command and returns its standard output; its standard error becomes the error.
func runGo(cfg *buildConfig, args ...string) ([]byte, error) {
	cmd := goCommand(cfg, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("go %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}

// newBuildConfig reads the build context from `go env`.
func newBuildConfig(tags string) (*buildConfig, error) {
	dir, err := realCwd()
	if err != nil {
		return nil, err
	}
	cfg := &buildConfig{dir: dir, tags: tags}
	out, err := runGo(cfg, "env", "-json", "GOOS", "GOARCH", "CGO_ENABLED", "GOVERSION", "GOFLAGS", "GOEXPERIMENT",
		"GOROOT", "GO111MODULE", "GOPATH", "GOMOD")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(out, &cfg.env); err != nil {
		return nil, fmt.Errorf("go env: %v", err)
	}
	return cfg, nil
}

// listedPackage is what `go list -json` says of a package (the fields used here).
type listedPackage struct {
	Dir             string
	ImportPath      string
	Name            string
	Goroot          bool
	Standard        bool
	DepOnly         bool
	ForTest         string // the package whose tests this variant is compiled for (go list -test)
	Export          string
	GoFiles         []string
	CgoFiles        []string
	CompiledGoFiles []string
	Imports         []string
	ImportMap       map[string]string
	Module          *struct {
		Path      string
		Dir       string
		GoVersion string
	}
	Error *struct {
		Err string
	}
	DepsErrors []*struct {
		Err string
	}
	testMain bool // the generated test main of a test binary (testprog.go)
}

// goList lists the packages matching patterns and every package they import, in dependency order.
// export also asks for gc export data (building what is missing into the go build cache).
func goList(cfg *buildConfig, patterns []string, export, tolerant bool) ([]*listedPackage, error) {
	args := []string{"list", "-deps", "-compiled",
		"-json=Dir,ImportPath,Name,Goroot,Standard,DepOnly,ForTest,Export,GoFiles,CgoFiles,CompiledGoFiles,Imports,ImportMap,Module,Error,DepsErrors"}
	if export {
		args = append(args, "-export")
	}
	if tolerant {
		args = append(args, "-e")
	}
	if cfg.test {
		args = append(args, "-test")
	}
	if cfg.tags != "" {
		args = append(args, "-tags="+cfg.tags)
	}
	args = append(args, "--")
	args = append(args, patterns...)
	cmd := goCommand(cfg, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && !(export && tolerant && len(out) > 0) {
		// (with -export -e, a package the compiler rejects, e.g. Go's errorcheck files with
		// body-less functions and no assembly, makes the go command fail after listing everything:
		// the type checker decides about the packages lowered here, and a dependency without
		// export data cannot be imported)
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("go %s: %s", strings.Join(args, " "), msg)
	}
	var pkgs []*listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := &listedPackage{}
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("go list %s: no packages", strings.Join(patterns, " "))
	}
	return pkgs, nil
}

// compiledFiles are the absolute names of the Go files the compiler is given for p (cgo output
// included; assembly and other non-Go files that go list also reports are left out).
func compiledFiles(p *listedPackage) []string {
	var out []string
	for _, f := range p.CompiledGoFiles {
		if !filepath.IsAbs(f) {
			f = filepath.Join(p.Dir, f)
		}
		base := filepath.Base(f)
		if strings.HasSuffix(base, ".go") || (!strings.Contains(base, ".") && strings.HasSuffix(base, "-d")) {
			out = append(out, f)
		}
	}
	return out
}

// displayName is the file name positions in f print: its own, except for the files cmd/cgo
// generates without //line directives back to a source file (kept in the go build cache under a
// hash), which get the names gc prints for them, in the package's directory:
// "_cgo_gotypes.go" (the C types and the wrappers of C functions) and "_cgo_import.go".
func displayName(p *listedPackage, f string, src []byte) string {
	if p.testMain {
		return testMainName(p)
	}
	if !strings.HasSuffix(f, "-d") || strings.HasSuffix(f, ".go") {
		return f
	}
	head := src
	if len(head) > 512 {
		head = head[:512]
	}
	switch {
	case bytes.Contains(head, []byte("\n//line ")):
		return f
	case bytes.Contains(head, []byte("//go:cgo_import_dynamic")):
		return filepath.Join(p.Dir, "_cgo_import.go")
	}
	return filepath.Join(p.Dir, "_cgo_gotypes.go")
}

// resolveImport maps an import path as written in p's source to the imported package's path.
func resolveImport(p *listedPackage, path string) string {
	if r, ok := p.ImportMap[path]; ok {
		return r
	}
	return path
}

// ---------------------------------------------------------------------------------------------
// Type checking the whole program from source

// checkedPackage is one package parsed and type-checked.
type checkedPackage struct {
	list  *listedPackage
	files []*ast.File
	pkg   *types.Package
	info  *types.Info
	errs  []string
}

func newInfo() *types.Info {
	return &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
}

// typeCheckAll checks the packages of want (import paths, with everything they import) from
// source. pkgs is go list's output in dependency order. after, if not nil, is called with each
// package once it is checked (concurrently, from the checking goroutines). Errors name the
// packages that do not parse or type-check, with go/types' messages.
func typeCheckAll(cfg *buildConfig, fset *token.FileSet, pkgs []*listedPackage, want map[string]bool,
	after func(*checkedPackage)) (map[string]*checkedPackage, error) {
	byPath := map[string]*listedPackage{}
	for _, p := range pkgs {
		byPath[p.ImportPath] = p
	}
	// The closure of want under imports.
	need := map[string]bool{}
	var stack []string
	for p := range want {
		stack = append(stack, p)
	}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if need[p] || p == "unsafe" || p == "C" {
			continue
		}
		need[p] = true
		if lp := byPath[p]; lp != nil {
			for _, imp := range lp.Imports {
				stack = append(stack, resolveImport(lp, imp))
			}
		}
	}
	type slot struct {
		cp   *checkedPackage
		done chan struct{}
	}
	slots := map[string]*slot{}
	var order []string
	for _, p := range pkgs {
		if need[p.ImportPath] {
			slots[p.ImportPath] = &slot{cp: &checkedPackage{list: p}, done: make(chan struct{})}
			order = append(order, p.ImportPath)
		}
	}
	sizes := types.SizesFor("gc", cfg.env.GOARCH)
	if sizes == nil {
		sizes = types.SizesFor("gc", "amd64")
	}
	tctx := types.NewContext()
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, path := range order {
		s := slots[path]
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(s.done)
			lp := s.cp.list
			// wait for the imports (they come earlier in go list's order: no cycles)
			for _, imp := range lp.Imports {
				if d := slots[resolveImport(lp, imp)]; d != nil {
					<-d.done
				}
			}
			for _, imp := range lp.Imports {
				if d := slots[resolveImport(lp, imp)]; d != nil && d.cp.pkg == nil {
					s.cp.errs = append(s.cp.errs, fmt.Sprintf("%s: import %q failed", lp.ImportPath, imp))
					return
				}
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			checkOne(fset, s.cp, sizes, tctx, func(p string) *types.Package {
				if p == "unsafe" {
					return types.Unsafe
				}
				if d := slots[resolveImport(lp, p)]; d != nil {
					return d.cp.pkg
				}
				return nil
			})
			if s.cp.pkg != nil && after != nil {
				after(s.cp)
			}
		}()
	}
	wg.Wait()
	out := map[string]*checkedPackage{}
	var errs []string
	for _, path := range order {
		cp := slots[path].cp
		out[path] = cp
		errs = append(errs, cp.errs...)
	}
	if len(errs) > 0 {
		if len(errs) > 20 {
			errs = append(errs[:20], fmt.Sprintf("(%d more errors)", len(errs)-20))
		}
		return out, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return out, nil
}

// checkOne parses and type-checks one package; imports come from lookup.
func checkOne(fset *token.FileSet, cp *checkedPackage, sizes types.Sizes, tctx *types.Context, lookup func(string) *types.Package) {
	lp := cp.list
	if lp.Error != nil {
		cp.errs = append(cp.errs, fmt.Sprintf("%s: %s", lp.ImportPath, lp.Error.Err))
		return
	}
	for _, f := range compiledFiles(lp) {
		src, err := os.ReadFile(f)
		if err != nil {
			cp.errs = append(cp.errs, err.Error())
			continue
		}
		af, err := parser.ParseFile(fset, displayName(lp, f, src), src, parser.ParseComments)
		if err != nil {
			cp.errs = append(cp.errs, err.Error())
			continue
		}
		cp.files = append(cp.files, af)
	}
	if len(cp.errs) > 0 {
		return
	}
	cp.info = newInfo()
	conf := types.Config{
		Context: tctx,
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if p := lookup(path); p != nil {
				return p, nil
			}
			return nil, fmt.Errorf("package %s is not in the build (go list)", path)
		}),
		Sizes: sizes,
		Error: func(err error) {
			cp.errs = append(cp.errs, err.Error())
		},
	}
	if lp.Module != nil && validGoVersion(lp.Module.GoVersion) {
		conf.GoVersion = "go" + lp.Module.GoVersion
	}
	path := lp.ImportPath
	if path == "command-line-arguments" && len(cp.files) > 0 {
		// .go files named on the command line: the package path gc is given by Go's test harness
		// (go tool compile -p=p), or main (what the per-package mode has always used); it shows in
		// the type strings of messages about generic code
		path = "p"
		if cp.files[0].Name.Name == "main" {
			path = "main"
		}
	}
	pkg, _ := conf.Check(path, fset, cp.files, cp.info)
	if len(cp.errs) == 0 {
		cp.pkg = pkg
	}
}

// validGoVersion: "1.N" (what go/types accepts after "go").
func validGoVersion(v string) bool {
	parts := strings.Split(v, ".")
	if len(parts) != 2 || parts[0] != "1" || parts[1] == "" {
		return false
	}
	for _, c := range parts[1] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------------------------
// The per-package mode: one package from source, its imports from gc export data

// exportImporter imports every package from the export data `go list -export` names for it, so
// all of them come from one consistent build. Packages without export data (a listing error)
// cannot be imported.
func exportImporter(fset *token.FileSet, pkgs []*listedPackage, from *listedPackage) types.Importer {
	exports := map[string]string{}
	for _, p := range pkgs {
		if p.Export != "" {
			exports[p.ImportPath] = p.Export
		}
	}
	gc := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if f, ok := exports[path]; ok {
			return os.Open(f)
		}
		return nil, fmt.Errorf("no export data for %s", path)
	})
	return importerFunc(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		return gc.Import(resolveImport(from, path))
	})
}

// sortedPaths returns the keys of a set in order.
func sortedPaths(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
