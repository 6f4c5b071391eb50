package main

// Test binaries as whole programs (escapade-lower -world -test PACKAGE): the program is what
// `go test PACKAGE` links, as `go list -deps -test` describes it:
//
//   - "P [P.test]": P compiled again with its _test.go files (the internal tests);
//   - "P_test [P.test]": the external test package (P's *_test.go files of package P_test);
//   - "Q [P.test]": every package that imports P, directly or not, compiled again against the
//     test variant of P (testing itself when P is below it: strings, bytes, ...);
//   - "P.test": the generated test main (_testmain.go, kept in the go build cache), package main,
//     which registers the Test, Benchmark, Fuzz and Example functions with testing.MainStart;
//   - every other package the binary links, unchanged.
//
// The listing also holds the packages of P's plain build (P itself, its dependencies): only the
// packages the test main reaches through its imports are the program. In it every import path
// occurs once, so the variants are renamed to the import path gc compiles them with ("Q [P.test]"
// -> "Q", the test main -> "main", as `go test` passes -p main), and the rest of the lowering is
// the whole-program lowering of a main package: the world is closed when nothing is unmodelled.
// The fragments stay apart in the cache: a variant's key covers its files (P [P.test] has the
// _test.go files) and the keys of its imports (Q [P.test] imports P's variant).
//
// Printed (the packages whose diagnostics escapade-go prints, and whose files the test named):
// P's variant and the external test package; the test main is the program's root (the one named
// package) and prints nothing.
//
// Positions: the test main's file is named _testmain.go in P's directory. gc compiles it as
// $WORK/bNNN/_testmain.go, so a verdict of escapade's for it never matches a site there (the
// patched compiler keeps gc's verdicts in the test main); P's, P_test's and Q's positions are the
// sources' own, the same in every variant.
//
// Complexity: O(packages + imports) for the closure and the renaming.

import (
	"fmt"
	"path/filepath"
	"strings"
)

// testVariantPath is the import path gc compiles a listed package with: "Q [P.test]" -> "Q".
func testVariantPath(listed string) string {
	if i := strings.Index(listed, " ["); i >= 0 && strings.HasSuffix(listed, "]") {
		return listed[:i]
	}
	return listed
}

// testProgram reduces a `go list -deps -test` listing of one package to its test binary (see the
// file comment). It returns the packages in dependency order, renamed, and the set of packages
// whose diagnostics are printed (P's variant and P_test). An error when the listing holds no test
// main or several (one program at a time).
func testProgram(pkgs []*listedPackage) ([]*listedPackage, map[string]bool, error) {
	var mainPkg *listedPackage
	byPath := map[string]*listedPackage{}
	for _, p := range pkgs {
		byPath[p.ImportPath] = p
		if p.ForTest == "" && p.Name == "main" && strings.HasSuffix(p.ImportPath, ".test") && len(p.CompiledGoFiles) > 0 &&
			!strings.HasSuffix(p.CompiledGoFiles[0], ".go") {
			if mainPkg != nil {
				return nil, nil, fmt.Errorf("-test: one package's tests at a time (%s and %s)", mainPkg.ImportPath, p.ImportPath)
			}
			mainPkg = p
		}
	}
	if mainPkg == nil {
		return nil, nil, fmt.Errorf("-test: go list -test lists no test main (the package has no test files?)")
	}
	tested := strings.TrimSuffix(mainPkg.ImportPath, ".test")
	// The closure of the test main under imports.
	in := map[string]bool{}
	stack := []string{mainPkg.ImportPath}
	for len(stack) > 0 {
		path := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if in[path] {
			continue
		}
		in[path] = true
		if p := byPath[path]; p != nil {
			for _, imp := range p.Imports {
				stack = append(stack, resolveImport(p, imp))
			}
		}
	}
	rename := func(path string) string {
		if path == mainPkg.ImportPath {
			return "main"
		}
		return testVariantPath(path)
	}
	var out []*listedPackage
	seen := map[string]string{}
	printed := map[string]bool{}
	for _, p := range pkgs {
		if !in[p.ImportPath] {
			continue
		}
		q := *p
		q.ImportPath = rename(p.ImportPath)
		if prev, dup := seen[q.ImportPath]; dup {
			return nil, nil, fmt.Errorf("-test: %s and %s are both compiled as %s", prev, p.ImportPath, q.ImportPath)
		}
		seen[q.ImportPath] = p.ImportPath
		q.Imports = make([]string, len(p.Imports))
		for i, imp := range p.Imports {
			q.Imports[i] = rename(imp)
		}
		if p.ImportMap != nil {
			q.ImportMap = map[string]string{}
			for k, v := range p.ImportMap {
				q.ImportMap[k] = rename(v)
			}
		}
		q.DepOnly = p != mainPkg
		if p.ForTest == tested && (q.ImportPath == tested || q.ImportPath == tested+"_test") {
			printed[q.ImportPath] = true
		}
		if p == mainPkg {
			q.testMain = true
		}
		out = append(out, &q)
	}
	return out, printed, nil
}

// testMainName is the name the test main's file is lowered under (see the file comment).
func testMainName(p *listedPackage) string {
	return filepath.Join(p.Dir, "_testmain.go")
}
