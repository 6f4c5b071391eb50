package main

// Tests of testprog.go: a `go list -deps -test` listing reduced to the test binary (the closure
// of the test main, renamed to gc's import paths, the printed packages). Run by ctest
// go_lower_world_unit (`go test -run World ./lower`).

import (
	"reflect"
	"strings"
	"testing"
)

// testListing is a listing shaped like `go list -deps -test p`: p's plain build (p, and a plain
// q that imports it, which the test binary does not link), p's test variant, q and testing
// compiled again against it, the external test package and the test main.
func testListing() []*listedPackage {
	pkg := func(path, name, forTest string, imports []string, importMap map[string]string, files ...string) *listedPackage {
		dir := strings.TrimSuffix(strings.TrimSuffix(strings.Fields(path)[0], ".test"), "_test") // go list: the tested package's
		return &listedPackage{ImportPath: path, Name: name, ForTest: forTest, Dir: "/src/" + dir,
			Imports: imports, ImportMap: importMap, CompiledGoFiles: files}
	}
	return []*listedPackage{
		pkg("a", "a", "", nil, nil, "a.go"),
		pkg("p", "p", "", []string{"a"}, nil, "p.go"),
		pkg("q", "q", "", []string{"p"}, nil, "q.go"),
		pkg("p [p.test]", "p", "p", []string{"a"}, nil, "p.go", "export_test.go"),
		pkg("q [p.test]", "q", "p", []string{"p [p.test]"}, map[string]string{"p": "p [p.test]"}, "q.go"),
		pkg("testing [p.test]", "testing", "p", []string{"q [p.test]"}, map[string]string{"q": "q [p.test]"}, "testing.go"),
		pkg("p_test [p.test]", "p_test", "p", []string{"p [p.test]", "testing [p.test]"},
			map[string]string{"p": "p [p.test]", "testing": "testing [p.test]"}, "p_test.go"),
		pkg("p.test", "main", "", []string{"p [p.test]", "p_test [p.test]", "testing [p.test]"},
			map[string]string{"p": "p [p.test]", "p_test": "p_test [p.test]", "testing": "testing [p.test]"},
			"/cache/0a/0a1b-d"),
	}
}

func TestWorldTestProgram(t *testing.T) {
	out, printed, err := testProgram(testListing())
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	byPath := map[string]*listedPackage{}
	for _, p := range out {
		paths = append(paths, p.ImportPath)
		byPath[p.ImportPath] = p
	}
	// the closure of the test main, in the listing's order; plain p and q are not linked
	if want := []string{"a", "p", "q", "testing", "p_test", "main"}; !reflect.DeepEqual(paths, want) {
		t.Fatalf("packages %v, want %v", paths, want)
	}
	if got := byPath["p"].CompiledGoFiles; len(got) != 2 {
		t.Errorf("p is the test variant (with export_test.go), got files %v", got)
	}
	if want := map[string]bool{"p": true, "p_test": true}; !reflect.DeepEqual(printed, want) {
		t.Errorf("printed %v, want %v", printed, want)
	}
	if got := byPath["p_test"].Imports; !reflect.DeepEqual(got, []string{"p", "testing"}) {
		t.Errorf("p_test imports %v, want the renamed variants", got)
	}
	if got := resolveImport(byPath["q"], "p"); got != "p" {
		t.Errorf("q's import of p resolves to %q, want p (the variant, renamed)", got)
	}
	for _, p := range out {
		if p.DepOnly != (p.ImportPath != "main") || p.testMain != (p.ImportPath == "main") {
			t.Errorf("%s: DepOnly %v testMain %v; only the test main is named", p.ImportPath, p.DepOnly, p.testMain)
		}
	}
	if got := displayName(byPath["main"], "/cache/0a/0a1b-d", []byte("package main\n")); got != "/src/p/_testmain.go" {
		t.Errorf("the test main's file is named %q", got)
	}
	// the input listing is not modified
	if l := testListing(); l[4].Imports[0] != "p [p.test]" {
		t.Errorf("input modified")
	}
}

func TestWorldTestProgramErrors(t *testing.T) {
	l := testListing()
	if _, _, err := testProgram(l[:len(l)-1]); err == nil || !strings.Contains(err.Error(), "no test main") {
		t.Errorf("a listing without a test main: err %v", err)
	}
	two := append(testListing(), &listedPackage{ImportPath: "r.test", Name: "main", CompiledGoFiles: []string{"/cache/1-d"}})
	if _, _, err := testProgram(two); err == nil || !strings.Contains(err.Error(), "one package's tests at a time") {
		t.Errorf("two test mains: err %v", err)
	}
}
