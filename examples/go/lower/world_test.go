package main

// Tests of what the lowering puts into the world (world.go, generics.go, reflect.go): every
// method of every converted type is declared in the IR (a body, an extern or a wrapper), on
// the test programs and on standard packages. Run by ctest go_lower_unit (`go test ./lower`).

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// lowerForTest lowers the files of one package (paths as on escapade-lower's command line).
func lowerForTest(t *testing.T, args ...string) (*lowerer, string) {
	t.Helper()
	dirPkgPath = ""
	files, err := inputFiles(args)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var asts []*ast.File
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		asts = append(asts, af)
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
	conf := types.Config{Importer: newImporter(fset), Sizes: types.SizesFor("gc", "amd64")}
	path := "p"
	if dirPkgPath != "" {
		path = dirPkgPath
	}
	pkg, err := conf.Check(path, fset, asts, info)
	if err != nil {
		t.Fatal(err)
	}
	l := newLowerer(fset, pkg, info, asts)
	l.quiet = true
	l.addBuiltinSummaries()
	text, err := safeLower(l)
	if err != nil {
		t.Fatal(err)
	}
	return l, text
}

var irMethodRx = regexp.MustCompile(`(?m)^\s*(?:extern )?func \(\S+ (\*?[^\s@)]+)(?: @[0-9:]+)?\) (\S+)`)

// irMethods lists the methods declared in IR text, as "RECVTYPE.NAME".
func irMethods(text string) map[string]bool {
	m := map[string]bool{}
	for _, g := range irMethodRx.FindAllStringSubmatch(text, -1) {
		m[g[1]+"."+g[2]] = true
	}
	return m
}

// missingMethods checks the converted types of a lowering: the methods of N must be declared on
// N, those only *N has on *N.
func missingMethods(l *lowerer, text string) []string {
	have := irMethods(text)
	var missing []string
	for _, t := range l.world.converted {
		base := t
		ptr, isPtr := t.(*types.Pointer)
		if isPtr {
			base = ptr.Elem()
		}
		if isIface(base) {
			continue
		}
		if n, ok := base.(*types.Named); ok {
			if si, ok := l.generic.byShape[n]; ok {
				// a shape: the methods of all its members, joined
				for _, m := range l.shapeMembers(si) {
					mt := m
					if isPtr {
						mt = types.NewPointer(m)
					}
					ms := types.NewMethodSet(mt)
					for i := 0; i < ms.Len(); i++ {
						k := l.irType(t) + "." + l.methodName(ms.At(i).Obj().(*types.Func))
						if !have[k] {
							missing = append(missing, k)
						}
					}
				}
				continue
			}
		}
		msV := types.NewMethodSet(base)
		for i := 0; i < msV.Len(); i++ {
			k := l.irType(base) + "." + l.methodName(msV.At(i).Obj().(*types.Func))
			if !have[k] {
				missing = append(missing, k)
			}
		}
		if isPtr {
			msP := types.NewMethodSet(t)
			for i := 0; i < msP.Len(); i++ {
				o := msP.At(i).Obj()
				if msV.Lookup(o.Pkg(), o.Name()) != nil {
					continue
				}
				k := l.irType(t) + "." + l.methodName(o.(*types.Func))
				if !have[k] {
					missing = append(missing, k)
				}
			}
		}
	}
	sort.Strings(missing)
	return missing
}

func testdataFiles(t *testing.T) []string {
	var out []string
	for _, pat := range []string{"../testdata/*.go", "../testdata/closed/*.go"} {
		fs, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fs...)
	}
	if len(out) == 0 {
		t.Fatal("no test programs")
	}
	return out
}

func TestConvertedMethodsInIR(t *testing.T) {
	for _, f := range testdataFiles(t) {
		l, text := lowerForTest(t, f)
		if m := missingMethods(l, text); len(m) > 0 {
			t.Errorf("%s: converted types lack methods in the IR: %s", f, strings.Join(m, ", "))
		}
	}
}

// Shapes converted to interfaces have their members' methods (the join methods).
func TestShapeJoins(t *testing.T) {
	l, text := lowerForTest(t, "../testdata/closed/generics_closed.go")
	have := irMethods(text)
	found := 0
	for name, si := range l.generic.shapes {
		if !l.world.convertedKey[l.irType(si.named)] {
			continue
		}
		found++
		if !have[l.irType(si.named)+".Put"] {
			t.Errorf("shape %s: no join method Put", name)
		}
	}
	if found != 2 {
		t.Errorf("generics_closed.go: %d converted shapes, want 2 (*uint8 and struct)", found)
	}
}

func TestConvertedMethodsInIRStd(t *testing.T) {
	for _, p := range []string{"bufio", "io", "encoding/json", "text/template", "net/http", "crypto/elliptic", "go/types", "os/exec"} {
		dir := filepath.Join(build.Default.GOROOT, "src", p)
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("no sources of %s", p)
		}
		l, text := lowerForTest(t, dir)
		if len(l.world.converted) == 0 {
			t.Errorf("%s: no converted type recorded", p)
		}
		if m := missingMethods(l, text); len(m) > 0 {
			t.Errorf("%s: converted types lack methods in the IR: %s", p, strings.Join(m, ", "))
		}
	}
}

// The wrappers, externs and static data the world test programs need, by name.
func TestWorldDeclarations(t *testing.T) {
	l, text := lowerForTest(t, "../testdata/world.go")
	have := irMethods(text)
	own := func(name string, ptr bool) string {
		obj := l.pkg.Scope().Lookup(name)
		if obj == nil {
			t.Fatalf("world.go: no type %s", name)
		}
		s := l.irType(obj.Type())
		if ptr {
			s = "*" + s
		}
		return s
	}
	for _, k := range []string{
		own("byPtr", false) + ".Put",       // promoted through an embedded pointer
		own("byVal", false) + ".Put",       // promoted from an embedded value
		own("byAddr", true) + ".Put",       // pointer method of an embedded value: *byAddr only
		own("deep", false) + ".Put",        // two levels
		own("byIface", false) + ".Put",     // through an embedded interface
		own("HandlerFunc", false) + ".Put", // a method of a named function type
		own("withBuf", false) + ".Write",   // promoted from an imported type
		"*bytes_Buffer.Write",              // the extern it calls
		"*os_File.Write",                   // methods of a converted imported type
		"*os_File.Close",
		"http_HandlerFunc.ServeHTTP",
	} {
		if !have[k] {
			t.Errorf("world.go: no method %s in the IR", k)
		}
	}
	if have[own("byAddr", false)+".Put"] {
		t.Errorf("world.go: byAddr (a value) has no Put in Go, but the IR declares one")
	}
	for _, s := range []string{`~"Sink.Put"`, `~"(*val).Put"`, `~"byPtr.Put"`, `~"io.Writer.Write"`} {
		if !strings.Contains(text, s) {
			t.Errorf("world.go: no method-expression wrapper %s", s)
		}
	}
	l, text = lowerForTest(t, "../testdata/closed/world_closed.go")
	keeper := own("keeper", true)
	for _, s := range []string{"_ = keep\n", keeper + "\n"} {
		if !strings.Contains(text, s) {
			t.Errorf("world_closed.go: the static-data function lacks %q", s)
		}
	}
}

// Statically initialized variables register their conversions and function values.
func TestStaticData(t *testing.T) {
	l, text := lowerForTest(t, "../testdata/staticinit.go")
	conv := map[string]bool{}
	for _, ct := range l.world.converted {
		conv[l.gc.typeString(ct)] = true
	}
	for _, want := range []string{"*keeper", "val", "MyErr", "int"} {
		if !conv[want] {
			t.Errorf("staticinit.go: %s is not a converted type", want)
		}
	}
	i := strings.Index(text, `~"static data"`)
	if i < 0 {
		t.Fatal("staticinit.go: no static-data function")
	}
	static := text[i:]
	for _, want := range []string{"_ = keep\n", "_ = glob_func"} {
		if !strings.Contains(static, want) {
			t.Errorf("staticinit.go: the static-data function lacks %q", want)
		}
	}
	if strings.Contains(static, "@") {
		t.Errorf("staticinit.go: the static-data function has source positions (gc prints nothing for static data)")
	}
}
