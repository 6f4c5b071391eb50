package main

// Tests of the linkname entries (pragmas.go markLinknames, qualify.go linknameEntries): every
// function with a body that a //go:linkname can reach is referenced as a value (an entry for the
// parameter sets from callers), and nothing else is. Run by ctest go_lower_unit and
// go_lower_world_unit (`go test ./lower`; the names start with World).

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWorldLinknameSplit(t *testing.T) {
	cases := []struct{ in, path, name string }{
		{"example.com/m/a.F", "example.com/m/a", "F"},
		{"runtime.nanotime", "runtime", "nanotime"},
		{"escapade.test/72_linkname_callers/b.Pushed", "escapade.test/72_linkname_callers/b", "Pushed"},
		{"x/y.(*T).M", "x/y", "(*T).M"},
	}
	for _, c := range cases {
		p, n, ok := splitLinkTarget(c.in)
		if !ok || p != c.path || n != c.name {
			t.Errorf("splitLinkTarget(%q) = %q, %q, %v; want %q, %q", c.in, p, n, ok, c.path, c.name)
		}
	}
	for _, bad := range []string{"nodot", "example.com/m", "a.b/c", "x."} {
		if p, n, ok := splitLinkTarget(bad); ok {
			t.Errorf("splitLinkTarget(%q) = %q, %q, true; want not ok", bad, p, n)
		}
	}
}

// The lowering of one package: a pushed function and a function its own package pulls are
// entries; a function only called, a body-less declaration and a function named by no directive
// are not; the pulls are recorded for the module.
func TestWorldLinknamePackage(t *testing.T) {
	dir := t.TempDir()
	src := `package p

import _ "unsafe"

type I interface{ M(*int) }

//go:linkname pushed other/q.Pushed
func pushed(i I) { v := 1; i.M(&v) }

func own(i I) { v := 2; i.M(&v) }

//go:linkname pullOwn p.own
func pullOwn(i I)

//go:linkname pullOther other/q.F
func pullOther(i I)

// a directive far from its declaration still applies (gc reads them per file)
//go:linkname late

func plain(i I) { v := 3; i.M(&v) }

func late(i I) { v := 4; i.M(&v) }

func Use(i I) { plain(i); pushed(i); own(i); late(i) }
`
	file := filepath.Join(dir, "p.go")
	if err := os.WriteFile(file, []byte(src), 0o666); err != nil {
		t.Fatal(err)
	}
	l, text := lowerForTest(t, file)
	at := strings.Index(text, "~\"static data\"")
	if at < 0 {
		t.Fatalf("no static-data function:\n%s", text)
	}
	static := text[at:]
	for _, want := range []string{"_ = pushed\n", "_ = own\n", "_ = late\n"} {
		if !strings.Contains(static, want) {
			t.Errorf("static data lacks %q:\n%s", want, static)
		}
	}
	for _, not := range []string{"_ = plain\n", "_ = pullOwn\n", "_ = pullOther\n", "_ = Use\n"} {
		if strings.Contains(static, not) {
			t.Errorf("static data has %q:\n%s", not, static)
		}
	}
	if got := strings.Join(l.linkPulls, " "); got != "p.own other/q.F" {
		t.Errorf("linkPulls = %q, want \"p.own other/q.F\"", got)
	}
}

// The module: the targets pulled by any fragment that some fragment declares are referenced once,
// in order; targets no fragment declares (assembly elsewhere, methods, missing packages) are not.
func TestWorldLinknameEntries(t *testing.T) {
	f := encodePath("x/y") + "·F"
	g := encodePath("z") + "·G"
	decls := map[string]string{f: "func " + f + " ...", g: "extern func " + g + " ..."}
	frags := []*fragment{
		{Path: "main", Pulls: []string{"x/y.F", "x/y.Missing", "x/y.(*T).M", "nodot"}},
		{Path: "w", Pulls: []string{"z.G", "x/y.F"}},
	}
	out := linknameEntries(frags, decls)
	for _, want := range []string{"    _ = " + f + "\n", "    _ = " + g + "\n", "func esc_linkname_entries··world "} {
		if strings.Count(out, want) != 1 {
			t.Errorf("linknameEntries: %q appears %d times, want once:\n%s", want, strings.Count(out, want), out)
		}
	}
	if strings.Contains(out, "Missing") || strings.Contains(out, "(*T)") {
		t.Errorf("linknameEntries references an undeclared target:\n%s", out)
	}
	if out := linknameEntries([]*fragment{{Path: "main", Pulls: []string{"x/y.Missing"}}}, decls); out != "" {
		t.Errorf("linknameEntries with no declared target = %q, want \"\"", out)
	}
}

// A pull of a method of a package of the program opens the world (a hole); a pull of a function,
// or of a method of a package outside the program, does not.
func TestWorldLinknameMethodPulls(t *testing.T) {
	frags := []*fragment{
		{Path: "x/y"},
		{Path: "main", Pulls: []string{"x/y.F", "x/y.(*T).M", "x/y.T.N", "other.(*T).M"}},
	}
	got := methodPulls(frags)
	if len(got) != 2 || !strings.Contains(got[0], "x/y.(*T).M") || !strings.Contains(got[1], "x/y.T.N") {
		t.Errorf("methodPulls = %q, want the two methods of x/y", got)
	}
	if got := methodPulls(frags[:1]); len(got) != 0 {
		t.Errorf("methodPulls without pulls = %q", got)
	}
}
