package main

// Tests of whole-program loading (load.go, program.go, qualify.go, cache.go): names are
// collision-free and identical in every fragment, identity keys follow Go's type identity, the
// module keeps one copy of what several fragments declare, cache keys change exactly when an
// input of the lowering changes, go's package patterns, conditional summaries, and a small
// program lowered twice (cold and from the cache) gives the same module. Run by ctest
// go_lower_world_unit (`go test -run World ./lower`).

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestWorldEncodePath(t *testing.T) {
	paths := []string{"a/b", "a.b", "a-b", "a_b", "ab", "a/b/c", "a/b.c", "9fans.net/go", "x~y", "x+y", "main",
		"example.com/m", "example.com/m/v2", "golang.org/x/tools/go/ssa", "vendor/golang.org/x/net/dns/dnsmessage",
		"command-line-arguments", "a//b", "a/_b", "é/x"}
	seen := map[string]string{}
	for _, p := range paths {
		e := encodePath(p)
		if prev, ok := seen[e]; ok {
			t.Errorf("encodePath(%q) == encodePath(%q) == %q", p, prev, e)
		}
		seen[e] = p
		// an IR identifier: ASCII letters, digits and '_', or bytes of non-ASCII characters; no
		// leading digit
		for i := 0; i < len(e); i++ {
			c := e[i]
			ok := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') || c >= 0x80
			if !ok {
				t.Errorf("encodePath(%q) = %q: byte %q is not an IR identifier byte", p, e, c)
			}
		}
		if strings.Contains(e, "·") {
			t.Errorf("encodePath(%q) = %q contains the separator ·", p, e)
		}
	}
}

// checkSource type-checks one file as package path (imports from the installation).
func checkSource(t *testing.T, fset *token.FileSet, path, src string) (*types.Package, *types.Info, *ast.File) {
	t.Helper()
	f, err := parser.ParseFile(fset, path+".go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := newInfo()
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check(path, fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return pkg, info, f
}

func TestWorldCanonKey(t *testing.T) {
	fset := token.NewFileSet()
	pa, _, _ := checkSource(t, fset, "a", "package a\nvar U struct{ x int }\nvar E struct{ X int }\nvar I interface{ m() }\nfunc F() { type L struct{}; _ = L{} }\n")
	pb, _, _ := checkSource(t, fset, "b", "package b\nvar U struct{ x int }\nvar E struct{ X int }\nvar I interface{ m() }\nfunc F() { type L struct{}; _ = L{} }\n")
	key := func(p *types.Package, name string) string { return canonKey(fset, p.Scope().Lookup(name).Type()) }
	if key(pa, "U") == key(pb, "U") {
		t.Errorf("struct{ x int } of packages a and b are different types but share the key %q", key(pa, "U"))
	}
	if key(pa, "E") != key(pb, "E") {
		t.Errorf("struct{ X int } is one type, keys %q and %q", key(pa, "E"), key(pb, "E"))
	}
	if key(pa, "I") == key(pb, "I") {
		t.Errorf("interface{ m() } of packages a and b are different types but share the key %q", key(pa, "I"))
	}
	// keys do not depend on the file set's offsets: the same source checked again after other
	// files (token.Pos values differ) gives the same keys
	fset2 := token.NewFileSet()
	fset2.AddFile("padding.go", -1, 100000)
	pa2, _, _ := checkSource(t, fset2, "a", "package a\nvar U struct{ x int }\nvar E struct{ X int }\nvar I interface{ m() }\nfunc F() { type L struct{}; _ = L{} }\n")
	if canonKey(fset, pa.Scope().Lookup("U").Type()) != canonKey(fset2, pa2.Scope().Lookup("U").Type()) {
		t.Errorf("the key of a.U depends on the run")
	}
}

func TestWorldMatchPattern(t *testing.T) {
	for _, c := range []struct {
		pattern, name string
		want          bool
	}{
		{"net/...", "net", true},
		{"net/...", "net/http", true},
		{"net/...", "netx", false},
		{"example.com/m/...", "example.com/m", true},
		{"example.com/m/...", "example.com/m/internal/x", true},
		{"...", "anything/at/all", true},
		{"net/http", "net/http", true},
		{"net/http", "net/http/httptest", false},
		{"a...b", "axxb", true},
		{"a.b", "axb", false},
	} {
		if got := matchPattern(c.pattern, c.name); got != c.want {
			t.Errorf("matchPattern(%q, %q) = %v, want %v", c.pattern, c.name, got, c.want)
		}
	}
	p := &listedPackage{ImportPath: "net/http", Standard: true, Goroot: true, Dir: "/go/src/net/http"}
	for _, c := range []struct {
		pattern string
		want    bool
	}{{"all", true}, {"std", true}, {"cmd", false}, {"net/...", true}, {"/go/src/net/...", true}, {"os", false}} {
		if got := matchAny([]string{c.pattern}, p, "/tmp"); got != c.want {
			t.Errorf("matchAny(%q, net/http) = %v, want %v", c.pattern, got, c.want)
		}
	}
}

func TestWorldModuleDedup(t *testing.T) {
	a := &fragment{Path: "a", Types: []string{"type a·T struct { x int }", "type esc_type··‡1 struct { y int }"}, Body: "" +
		"func (r a·T @3:7) M @3:12 ~\"T.M\" () {\n}\n" +
		"func (esc_r esc_type··‡1) M ~\"struct { y int }.M\" () {\n    return\n}\n" +
		"func inst··1 @9:6 ~\"G[int]\" () {\n    return\n}\n"}
	b := &fragment{Path: "b", Types: []string{"type a·T struct { x int }", "type esc_type··‡1 struct { y int }"}, Body: "" +
		"func (esc_r esc_type··‡1) M ~\"struct { y int }.M (b)\" () {\n    return\n}\n" +
		"func inst··1 @9:6 ~\"G[int]\" () {\n    return\n}\n" +
		"func b·F @1:6 ~\"F\" () {\n}\n"}
	text, err := worldModule([]*fragment{a, b}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(text, "type a·T "); n != 1 {
		t.Errorf("type a·T declared %d times", n)
	}
	if n := strings.Count(text, ") M ~\"struct { y int }.M"); n != 1 {
		t.Errorf("the wrapper of esc_type··‡1.M is declared %d times:\n%s", n, text)
	}
	if n := strings.Count(text, "func inst··1 "); n != 1 {
		t.Errorf("the identical instance is declared %d times", n)
	}
	if !strings.Contains(text, "func b·F ") {
		t.Errorf("b·F is missing")
	}
	// a positioned method declared twice is kept (the reader reports it), and two declarations of
	// one type that differ are an error
	c := &fragment{Path: "c", Body: "func (r a·T @5:7) M @5:12 ~\"T.M\" () {\n}\n"}
	if text, _ := worldModule([]*fragment{a, c}, nil); strings.Count(text, ") M @") != 2 {
		t.Errorf("a positioned duplicate method was dropped")
	}
	d := &fragment{Path: "d", Types: []string{"type a·T struct { x int, z int }"}}
	if _, err := worldModule([]*fragment{a, d}, nil); err == nil {
		t.Errorf("two different declarations of a·T were merged")
	}
}

func TestWorldCacheKeys(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("dep/dep.go", "package dep\n")
	write("main/main.go", "package main\nimport _ \"x/dep\"\n")
	pkgs := func() []*listedPackage {
		return []*listedPackage{
			{ImportPath: "x/dep", Name: "dep", Dir: filepath.Join(dir, "dep"), CompiledGoFiles: []string{"dep.go"}},
			{ImportPath: "x/main", Name: "main", Dir: filepath.Join(dir, "main"), CompiledGoFiles: []string{"main.go"}, Imports: []string{"x/dep"}},
		}
	}
	cfg := &buildConfig{env: goEnv{GOOS: "linux", GOARCH: "amd64", CGO_ENABLED: "1", GOVERSION: "go1.19"}}
	keys := func(cfg *buildConfig, options string) map[string]string {
		k, err := packageKeys(pkgs(), contextKey(cfg, options))
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k0 := keys(cfg, "world")
	if k1 := keys(cfg, "world"); k1["x/main"] != k0["x/main"] {
		t.Errorf("keys are not stable")
	}
	if k := keys(cfg, "world explain"); k["x/dep"] == k0["x/dep"] {
		t.Errorf("the lowering options do not change the key")
	}
	cfg2 := *cfg
	cfg2.env.CGO_ENABLED = "0"
	if k := keys(&cfg2, "world"); k["x/dep"] == k0["x/dep"] {
		t.Errorf("CGO_ENABLED does not change the key")
	}
	cfg3 := *cfg
	cfg3.tags = "netgo"
	if k := keys(&cfg3, "world"); k["x/dep"] == k0["x/dep"] {
		t.Errorf("-tags do not change the key")
	}
	// an edit of the dependency changes its key and its importer's
	write("dep/dep.go", "package dep\n\nvar X int\n")
	k2 := keys(cfg, "world")
	if k2["x/dep"] == k0["x/dep"] || k2["x/main"] == k0["x/main"] {
		t.Errorf("an edit of dep.go does not change the keys (dep %v, main %v)", k2["x/dep"] != k0["x/dep"], k2["x/main"] != k0["x/main"])
	}
	// the cache returns what was put under a key, and nothing under another
	c := &fragmentCache{dir: filepath.Join(dir, "cache")}
	fr := &fragment{Path: "x/dep", Types: []string{"type x∕dep·T int"}, Body: "var x∕dep·X int\n", Files: []string{"dep.go"}}
	if err := c.put(k2["x/dep"], fr); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.get(k2["x/dep"]); !ok || got.Body != fr.Body || len(got.Types) != 1 {
		t.Errorf("cache get after put: %v %+v", ok, got)
	}
	if _, ok := c.get(k0["x/dep"]); ok {
		t.Errorf("a stale key hits the cache")
	}
}

// The world entry (cache.go): keyed by the ordered fragment keys; it returns the module body and
// the fragments' small fields that were put, nothing under another key or order, and a damaged
// entry is a miss. worldModule is the header followed by worldBody.
func TestWorldCacheEntry(t *testing.T) {
	keys := map[string]string{"a": "ka", "b": "kb"}
	k := worldKey([]string{"a", "b"}, keys)
	if worldKey([]string{"b", "a"}, keys) == k {
		t.Errorf("the order of the packages does not change the world key")
	}
	if worldKey([]string{"a", "b"}, map[string]string{"a": "ka", "b": "kb2"}) == k {
		t.Errorf("a package's key does not change the world key")
	}
	if worldKey([]string{"a"}, keys) == k {
		t.Errorf("a package left out does not change the world key")
	}
	a := &fragment{Path: "a", Types: []string{"type a·T int"}, Body: "func a·F @1:6 ~\"F\" () {\n}\n",
		Files: []string{"/src/a/a.go"}, Warnings: []string{"w1"}, Holes: []string{"h1"}, Pulls: []string{"b.g"}}
	b := &fragment{Path: "b", Body: "func b·g @2:6 ~\"g\" () {\n}\n", Files: []string{"/src/b/b.go"}}
	body, err := worldBody([]*fragment{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if full, _ := worldModule([]*fragment{a, b}, []string{";escapade-world closed"}); full != worldHeader([]string{";escapade-world closed"})+body {
		t.Errorf("worldModule is not the header followed by worldBody")
	}
	c := &fragmentCache{dir: t.TempDir()}
	if _, _, ok := c.getWorld(k); ok {
		t.Errorf("an empty cache hits")
	}
	if err := c.putWorld(k, []*fragment{a, b}, body); err != nil {
		t.Fatal(err)
	}
	meta, got, ok := c.getWorld(k)
	if !ok || got != body || len(meta) != 2 {
		t.Fatalf("getWorld after putWorld: %v, %d fragments, body equal %v", ok, len(meta), got == body)
	}
	m := meta[0]
	if m.Path != "a" || len(m.Files) != 1 || m.Files[0] != "/src/a/a.go" || len(m.Warnings) != 1 || len(m.Holes) != 1 ||
		len(m.Pulls) != 1 || m.Pulls[0] != "b.g" || m.Body != "" || len(m.Types) != 0 {
		t.Errorf("the metadata of a: %+v", m)
	}
	if _, _, ok := c.getWorld(worldKey([]string{"b", "a"}, keys)); ok {
		t.Errorf("another key hits")
	}
	// damaged entries are misses: a truncated file, a wrong magic line, a bad length
	data, err := os.ReadFile(c.worldPath(k))
	if err != nil {
		t.Fatal(err)
	}
	nl := strings.IndexByte(string(data[len(worldMagic):]), '\n') + len(worldMagic)
	for name, bad := range map[string][]byte{
		"truncated": data[:nl+5],
		"magic":     append([]byte("escapade-lower world v0\n"), data[len(worldMagic):]...),
		"length":    append(append([]byte(worldMagic), []byte("999999999\n")...), data[nl+1:]...),
	} {
		if err := os.WriteFile(c.worldPath(k), bad, 0o666); err != nil {
			t.Fatal(err)
		}
		if _, _, ok := c.getWorld(k); ok {
			t.Errorf("a damaged entry (%s) hits", name)
		}
	}
}

func TestWorldSummaryConditions(t *testing.T) {
	l := &lowerer{summaries: map[string]*summary{}}
	if err := l.addSummaryLine("p.F 0>heap:1 1>if:0.Put:1:0 2>if:3():0:2~ 1>r0:0"); err != nil {
		t.Fatal(err)
	}
	s := l.summaries["p.F"]
	if len(s.leaks) != 4 {
		t.Fatalf("want 4 leaks, got %+v", s.leaks)
	}
	c1, c2 := s.leaks[1].cond, s.leaks[2].cond
	if c1 == nil || c1.subject != 0 || c1.method != "Put" || c1.arg != 1 || !c1.exact || s.leaks[1].derefs != 0 {
		t.Errorf("bad condition 1: %+v %+v", s.leaks[1], c1)
	}
	if c2 == nil || c2.subject != 3 || c2.method != "" || c2.arg != 0 || c2.exact || s.leaks[2].derefs != 2 {
		t.Errorf("bad condition 2: %+v %+v", s.leaks[2], c2)
	}
	for _, bad := range []string{"p.G 0>if:Put:1:0", "p.G 0>if:0.Put:1", "p.G 0>if:x.Put:1:0", "p.G 0>if:0.:1:0"} {
		if err := l.addSummaryLine(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
	// the extern declaration
	var b strings.Builder
	params := types.NewTuple(types.NewVar(0, nil, "s", types.NewInterfaceType(nil, nil)), types.NewVar(0, nil, "p", types.NewPointer(types.Typ[types.Int])))
	sig := types.NewSignatureType(nil, nil, nil, params, nil, false)
	writeCondLeak(&b, sig, []string{"p0", "p1"}, "p1", s.leaks[1])
	if got := b.String(); got != "    p1 -> if p0.Put 1 0\n" {
		t.Errorf("extern condition: %q", got)
	}
}

// TestWorldLowerProgram lowers testdata/whole/notok (two packages and what they link) with and
// without the cache: the same module, with package-qualified names and the world closed.
func TestWorldLowerProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("lowers a whole program")
	}
	_, self, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(self), "..", "testdata", "whole", "notok")
	cache := t.TempDir()
	out := func(name string, cacheDir string) string {
		p := filepath.Join(t.TempDir(), name)
		old, _ := os.Getwd()
		if err := os.Chdir(dir); err != nil {
			t.Fatal(err)
		}
		defer os.Chdir(old)
		if st := runWorld([]string{"."}, worldOptions{cacheDir: cacheDir, quiet: true, out: p}); st != 0 {
			t.Fatalf("runWorld: exit status %d", st)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	cold := out("cold.ir", cache)
	warm := out("warm.ir", cache)
	none := out("none.ir", "off")
	if cold != warm || cold != none {
		t.Errorf("the module differs between a cold run, a cached run and a run without cache")
	}
	for _, want := range []string{";escapade-world closed\n", "func escapade․test∕whole∕dep·New ", "func escapade․test∕whole∕notok·NotOk ",
		"module world\n"} {
		if !strings.Contains(cold, want) {
			t.Errorf("the module lacks %q", want)
		}
	}
	if strings.Count(cold, ";escapade-print ") != 1 {
		t.Errorf("want one printed file (main.go)")
	}
}

// TestWorldForeignGenerics lowers testdata/whole/generic, whose main package instantiates gen's
// generic code: the shape instances are lowered in main's fragment from gen's source (the world
// stays closed, no unknown code), with gc's names of gen's locals, and gen's file is printed
// with gen only.
func TestWorldForeignGenerics(t *testing.T) {
	if testing.Short() {
		t.Skip("lowers a whole program")
	}
	_, self, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(self), "..", "testdata", "whole", "generic")
	p := filepath.Join(t.TempDir(), "generic.ir")
	old, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(old)
	if st := runWorld([]string{"."}, worldOptions{cacheDir: "off", quiet: true, out: p}); st != 0 {
		t.Fatalf("runWorld: exit status %d", st)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	ir := string(data)
	if !strings.HasPrefix(ir, "; a whole program") || !strings.Contains(ir, ";escapade-world closed\n") {
		t.Errorf("the world is not closed")
	}
	at := strings.Index(ir, "; package escapade.test/whole/generic\n")
	if at < 0 {
		t.Fatal("no fragment of the main package")
	}
	for _, want := range []string{`~"Keep[go.shape.int_0]"`, `~"Peek[go.shape.int_0]"`, `~"(*Box[go.shape.int_0]).Set"`, "gen․v"} {
		if !strings.Contains(ir[at:], want) {
			t.Errorf("main's fragment lacks %q", want)
		}
	}
	if strings.Count(ir, ";escapade-print ") != 1 {
		t.Errorf("want one printed file (main.go): %d", strings.Count(ir, ";escapade-print "))
	}
}
