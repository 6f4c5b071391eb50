package main

// The lowering: Go declarations, statements and expressions to escapade text IR.
//
// Everything gc's escape analysis (cmd/compile/internal/escape, Go 1.19) looks at is kept: value
// flow between variables and allocations, addresses, dereferences, calls, closures, go/defer,
// loops (for loop depth) and labels (for looping labels). Scalar computations become op[T](...),
// whose operands are evaluated for their effects only.

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"sort"
	"strings"
)

type lowerer struct {
	fset  *token.FileSet
	pkg   *types.Package
	info  *types.Info
	files []*ast.File
	quiet bool
	gc    gcPrinter

	typeDecls   strings.Builder
	globalDecls strings.Builder
	externDecls strings.Builder
	funcs       strings.Builder

	namedByObj  map[*types.TypeName]string
	namedByKey  map[string]string
	topUsed     map[string]bool
	idents      map[string]bool
	funcNames   map[*types.Func]string
	externNames map[*types.Func]string
	globalNames map[*types.Var]string
	summaries   map[string]*summary
	curFile     string
	gen         int
	warnings    map[string]bool
	unkDecls    map[string]string
	litNames    map[*ast.FuncLit]string // display names of closures ("f.func1")
	pragmas     map[*ast.FuncDecl]map[string]bool
	messages    []string        // gc front-end diagnostics (devirtualization)
	valueNames  map[string]bool // names of the package's variables and functions
	nextSuffix  map[string]int
	gcTags      map[string][]gcTag  // gc's -m diagnostics of imported packages, by file
	explain     bool                // positions and texts for -m=2 explanations
	builtinSums map[string]*summary // the built-in table (lowest priority)
	world       worldState          // converted types, wrappers (world.go)
	generic     genericState        // shape instances (generics.go)
	pragma      pragmaState         // pragmas of imported functions (pragmas.go)
	linkPulls   []string            // targets of //go:linkname on body-less declarations (pragmas.go)
	reflect     reflectState        // reflection (reflect.go)
	qual        *qualNames          // whole-program mode: package-qualified names (qualify.go); nil otherwise
	// ownInfo is the type information of the package's own files. info is the same, except while
	// a shape instance of another package's generic body is lowered (generics.go): then info is
	// that package's, and foreign names it (locals display as gc prints them, "q.t").
	ownInfo *types.Info
	foreign *types.Package
}

func newLowerer(fset *token.FileSet, pkg *types.Package, info *types.Info, files []*ast.File) *lowerer {
	l := &lowerer{
		fset: fset, pkg: pkg, info: info, ownInfo: info, files: files,
		namedByObj: map[*types.TypeName]string{}, namedByKey: map[string]string{}, topUsed: map[string]bool{},
		idents: map[string]bool{}, funcNames: map[*types.Func]string{}, externNames: map[*types.Func]string{},
		globalNames: map[*types.Var]string{}, summaries: map[string]*summary{}, warnings: map[string]bool{},
		unkDecls: map[string]string{}, litNames: map[*ast.FuncLit]string{}, pragmas: map[*ast.FuncDecl]map[string]bool{},
	}
	l.gc = gcPrinter{l}
	l.world.init()
	l.generic.init()
	l.valueNames = map[string]bool{}
	l.nextSuffix = map[string]int{}
	for id, obj := range info.Defs {
		switch obj.(type) {
		case *types.Var, *types.Func, *types.Const, *types.Label:
			l.valueNames[id.Name] = true
		}
	}
	for _, f := range files {
		l.collectPragmas(f)
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				l.idents[id.Name] = true
			}
			return true
		})
	}
	return l
}

// collectPragmas attaches //go: directives to the function declarations of f (pragmas.go).
func (l *lowerer) collectPragmas(f *ast.File) {
	for fd, m := range declPragmas(f) {
		l.pragmas[fd] = m
	}
}

// warnf reports a construct lowered conservatively (once per message).
func (l *lowerer) warnf(pos string, format string, args ...interface{}) {
	msg := fmt.Sprintf(format, args...)
	if pos != "" {
		msg = pos + ": " + msg
	}
	if l.warnings[msg] {
		return
	}
	l.warnings[msg] = true
	if !l.quiet {
		fmt.Fprintf(os.Stderr, "escapade-lower: warning: %s\n", msg)
	}
}

func (l *lowerer) position(p token.Pos) token.Position { return l.fset.Position(p) }

func (l *lowerer) posText(p token.Pos) string {
	if !p.IsValid() {
		return ""
	}
	pp := l.fset.Position(p)
	return pp.String()
}

// typeOf is the type of e, with the type parameters of the shape body being lowered replaced by
// their shapes (generics.go).
func (l *lowerer) typeOf(e ast.Expr) types.Type {
	return l.st(l.rawTypeOf(e))
}

func (l *lowerer) isConst(e ast.Expr) bool {
	tv, ok := l.info.Types[e]
	return ok && tv.Value != nil
}

// ---------------------------------------------------------------------------------------------
// Top level

func (l *lowerer) lower() string {
	l.reflectionUses()
	// Names of the package's own functions and globals first, so imported and generated names
	// avoid them.
	for _, f := range l.files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					obj, _ := l.info.Defs[d.Name].(*types.Func)
					if obj == nil {
						continue
					}
					want := d.Name.Name
					if want == "init" || want == "_" {
						want = "init_"
						if d.Name.Name == "_" {
							want = "blank_"
						}
						l.funcNames[obj] = l.uniqueTop(want)
					} else {
						l.funcNames[obj] = l.topName(obj, want)
					}
				}
			case *ast.GenDecl:
				if d.Tok == token.VAR {
					for _, s := range d.Specs {
						for _, n := range s.(*ast.ValueSpec).Names {
							if v, ok := l.info.Defs[n].(*types.Var); ok && n.Name != "_" {
								l.globalNames[v] = l.topName(v, n.Name)
							}
						}
					}
				}
			}
		}
	}
	// Globals.
	for _, f := range l.files {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
				for _, s := range g.Specs {
					for _, n := range s.(*ast.ValueSpec).Names {
						v, ok := l.info.Defs[n].(*types.Var)
						if !ok || n.Name == "_" {
							continue
						}
						fmt.Fprintf(&l.globalDecls, "var %s %s @%s\n", l.globalNames[v], l.irType(v.Type()), l.lc(n.Pos()))
					}
				}
			}
		}
	}
	// Functions, file by file.
	initCount := 0
	for _, f := range l.files {
		name := l.fset.Position(f.Pos()).Filename
		fmt.Fprintf(&l.funcs, "\nfile %s\n", irQuote(name))
		l.curFile = name
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			display := fd.Name.Name
			if fd.Recv == nil && fd.Name.Name == "init" {
				display = fmt.Sprintf("init.%d", initCount)
				initCount++
			}
			l.lowerFuncDecl(fd, display)
		}
	}
	l.lowerGlobalInit()
	l.markLinknames()
	l.completeWorld()
	var b strings.Builder
	fmt.Fprintf(&b, "; lowered from Go package %s by escapade-lower\nmodule %s\n\n", l.pkg.Path(), mangle(l.pkg.Name()))
	b.WriteString(l.typeDecls.String())
	b.WriteString("\n")
	b.WriteString(l.globalDecls.String())
	b.WriteString("\n")
	b.WriteString(l.externDecls.String())
	b.WriteString(l.funcs.String())
	b.WriteString(l.generic.bodies.String())
	if sd := l.staticDataFunc(); sd != "" || l.world.synth.Len() > 0 || l.world.joins != "" {
		// gc's wrappers and the static data: no source positions (file 0 of the IR, not printed)
		b.WriteString("\n; wrappers and static data\n")
		b.WriteString(l.world.synth.String())
		b.WriteString(l.world.joins)
		b.WriteString(sd)
	}
	if len(l.messages) > 0 {
		b.WriteString("\n")
		for _, m := range l.messages {
			b.WriteString(m)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// lc renders a position as LINE:COL (in the file the position belongs to).
func (l *lowerer) lc(p token.Pos) string {
	if !p.IsValid() {
		return "0:0"
	}
	pp := l.fset.Position(p)
	return fmt.Sprintf("%d:%d", pp.Line, pp.Column)
}

// funcDisplay is gc's name of a declared function: f, T.M, (*T).M.
func (l *lowerer) funcDisplay(fd *ast.FuncDecl, display string) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return display
	}
	rt := fd.Recv.List[0].Type
	ptr := false
	if s, ok := rt.(*ast.StarExpr); ok {
		ptr = true
		rt = s.X
	}
	tn := ""
	switch x := rt.(type) {
	case *ast.Ident:
		tn = x.Name
	case *ast.IndexExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			tn = id.Name
		}
	case *ast.IndexListExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			tn = id.Name
		}
	}
	if ptr {
		return "(*" + tn + ")." + fd.Name.Name
	}
	return tn + "." + fd.Name.Name
}

func (l *lowerer) lowerFuncDecl(fd *ast.FuncDecl, display string) {
	obj, _ := l.info.Defs[fd.Name].(*types.Func)
	if obj == nil {
		return
	}
	sig := obj.Type().(*types.Signature)
	disp := l.funcDisplay(fd, display)
	generic := (fd.Type.TypeParams != nil && fd.Type.TypeParams.NumFields() > 0) || (sig.RecvTypeParams() != nil && sig.RecvTypeParams().Len() > 0)
	if generic {
		return // lowered per shape instance where it is used (generics.go), as gc compiles it
	}
	fs := newFnState(l, nil, disp, sig)
	fs.uintptrEsc = fd.Body != nil && l.pragmas[fd]["go:uintptrescapes"]
	if fd.Body != nil {
		fs.localInfo = l.analyzeLocals(fd.Body)
	}
	header := fs.header(fd, obj, sig)
	if fd.Body == nil {
		// A body-less declaration (assembly or linkname): gc's paramTag gives every pointer
		// parameter "leaking param" unless //go:noescape precedes it.
		noescape := l.pragmas[fd]["go:noescape"]
		// gc's paramTag: uintptr arguments of body-less functions are kept alive
		n := 0
		params := append([]*types.Var{}, func() []*types.Var {
			var vs []*types.Var
			if r := sig.Recv(); r != nil {
				vs = append(vs, r)
			}
			for i := 0; i < sig.Params().Len(); i++ {
				vs = append(vs, sig.Params().At(i))
			}
			return vs
		}()...)
		for _, v := range params {
			n++
			if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Kind() == types.Uintptr {
				name := v.Name()
				if name == "" {
					name = fmt.Sprintf("arg#%d", n)
				}
				if v.Pos().IsValid() {
					l.gcMessage(v.Pos(), fmt.Sprintf("assuming %s is unsafe uintptr", name))
				}
			}
		}
		fmt.Fprintf(&l.funcs, "extern %s", header)
		if noescape {
			l.funcs.WriteString(" {\n}\n")
		} else {
			l.funcs.WriteString("\n")
		}
		return
	}
	if !l.lowerBody(fs, header, fd.Body.List) {
		// A construct the lowering cannot handle: the function is declared without a body, so
		// its callers assume the worst (every pointer argument leaks) and none of its own
		// allocations is reported.
		l.warnf(l.posText(fd.Pos()), "function %s lowered as unknown code", disp)
		fmt.Fprintf(&l.funcs, "extern %s\n", header)
		return
	}
	l.funcs.WriteString(fs.out.String())
}

// lowerBody lowers a function body; false if the lowering failed (it never crashes the tool).
func (l *lowerer) lowerBody(fs *fnState, header string, body []ast.Stmt) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			l.warnf("", "internal error while lowering %s: %v", fs.display, r)
			ok = false
		}
	}()
	fs.out.WriteString(header)
	fs.out.WriteString(" {\n")
	fs.indent = 1
	fs.out.WriteString(fs.prologue.String())
	fs.block(body)
	fs.flush()
	fs.out.WriteString("}\n")
	return true
}

// lowerGlobalInit lowers package-level variable initialization like gc: staticinit lays out
// constants, composite literals (except maps), addresses of globals, conversions of static values
// to interfaces and trivial closures statically; what remains becomes assignments in the package
// init function (into the global, or into the static storage of a literal's element), which
// escape analysis sees.
func (l *lowerer) lowerGlobalInit() {
	fs := newFnState(l, nil, "glob.", types.NewSignatureType(nil, nil, nil, nil, nil, false))
	fs.indent = 1
	fs.localInfo = map[*types.Var]*localInfo{}
	fs.global = true
	for _, f := range l.files {
		name := l.fset.Position(f.Pos()).Filename
		mark := fs.out.Len()
		fmt.Fprintf(&fs.out, "    file %s\n", irQuote(name))
		fileMark := fs.out.Len()
		l.curFile = name
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				if len(vs.Values) == 0 {
					continue
				}
				if len(vs.Values) != len(vs.Names) {
					lhs := make([]ast.Expr, len(vs.Names))
					for i, n := range vs.Names {
						lhs[i] = n
					}
					fs.assign(lhs, token.ASSIGN, vs.Values, vs.Names[0].Pos(), true)
					continue
				}
				for i, n := range vs.Names {
					if !l.lowerGlobalSpec(fs, n, vs.Values[i]) {
						l.warnf(l.posText(n.Pos()), "initializer of %s not analysed", n.Name)
					}
				}
			}
		}
		if fs.out.Len() == fileMark {
			// nothing dynamic in this file
			str := fs.out.String()[:mark]
			fs.out.Reset()
			fs.out.WriteString(str)
		}
	}
	if fs.out.Len() == 0 {
		return
	}
	name := l.uniqueTop("init_glob")
	fmt.Fprintf(&l.funcs, "\nfunc %s ~\"init\" () {\n%s}\n", name, fs.out.String())
}

// lowerGlobalSpec lowers the initialization of one package-level variable (false on failure).
func (l *lowerer) lowerGlobalSpec(fs *fnState, n *ast.Ident, value ast.Expr) (ok bool) {
	mark := fs.out.Len()
	defer func() {
		if r := recover(); r != nil {
			str := fs.out.String()[:mark]
			fs.out.Reset()
			fs.out.WriteString(str)
			fs.pre.Reset()
			ok = false
		}
	}()
	v, _ := l.info.Defs[n].(*types.Var)
	var t types.Type
	if v != nil {
		t = v.Type()
	}
	target := "_"
	if v != nil && n.Name != "_" {
		target = l.globalNames[v]
	}
	path := ""
	if target != "_" {
		path = target
	}
	fs.globalValue(func() string { return target }, t, value, n.Pos(), path)
	fs.flush()
	return true
}

// globalValue initializes a global (or the static storage of a literal element) of type t with
// v: statically where gc's staticinit can, else by an assignment in init.
//
// path is where the value lives, as an IR place valid in the static-data function (the global
// itself, or a field or element of a local of the composite's type there; "" when nothing holds
// it): the static-data function stores into it what the value holds as interface and function
// values (a zero value of its dynamic type converted, the function), and the address of a global
// it takes, so that the whole-program type flow sees every store (docs/typeflow.md, "What a host
// must give"). Those stores have no positions and allocate nothing gc would report.
func (f *fnState) globalValue(targetOf func() string, t types.Type, v ast.Expr, pos token.Pos, path string) {
	v = unparen(v)
	// What gc lays out statically has no diagnostics, but its conversions to interfaces and its
	// function values still make the world: they are registered in the static-data function.
	static := func() {
		if t != nil && isIface(t) {
			if vt := f.l.typeOf(v); vt != nil && !isIface(vt) {
				f.l.staticConverted(vt)
				if path != "" {
					f.l.staticStore(path, fmt.Sprintf("%s(%s)", f.convType(t), f.l.staticLocal(vt)))
				}
			}
		}
	}
	// a function value stored statically: the function (boxed when t is an interface)
	funcStore := func(r string) {
		if path == "" || t == nil {
			return
		}
		if isIface(t) {
			f.l.staticStore(path, fmt.Sprintf("%s(%s)", f.convType(t), r))
		} else if _, isFunc := t.Underlying().(*types.Signature); isFunc {
			f.l.staticStore(path, r)
		}
	}
	if f.l.isConst(v) {
		static()
		return
	}
	if tv := f.l.info.Types[v]; tv.IsNil() {
		return
	}
	switch x := v.(type) {
	case *ast.Ident:
		switch o := f.l.info.Uses[x].(type) {
		case *types.Func:
			if r := f.funcRef(o, x); r != "" {
				f.l.staticFuncValue(r)
				funcStore(r)
			} else {
				break // a generic function: an assignment in init
			}
			if path == "" || !isIface(t) {
				static()
			} else {
				f.l.staticConverted(f.l.typeOf(v))
			}
			return
		case *types.Var:
			if o.Parent() == f.l.pkg.Scope() && (t == nil || !isIface(t) || isIface(o.Type())) {
				// staticcopy of another global
				if path != "" && f.l.globalNames[o] != "" {
					f.l.staticStore(path, f.l.globalNames[o])
				}
				return
			}
		}
	case *ast.FuncLit:
		r := f.staticClosure(x)
		f.l.staticFuncValue(r)
		funcStore(r)
		if path == "" || !isIface(t) {
			static()
		} else {
			f.l.staticConverted(f.l.typeOf(v))
		}
		return
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			switch y := unparen(x.X).(type) {
			case *ast.CompositeLit:
				if lt := f.l.typeOf(y); lt != nil {
					if _, isMap := lt.Underlying().(*types.Map); !isMap {
						f.staticComposite(y, lt, "")
						static()
						return
					}
				}
			case *ast.Ident:
				if o, ok := f.l.info.Uses[y].(*types.Var); ok && o.Parent() == f.l.pkg.Scope() {
					static()
					if path != "" && t != nil && !isIface(t) && f.l.globalNames[o] != "" {
						f.l.staticStore(path, "&"+f.l.globalNames[o])
					}
					return
				}
			}
		}
	case *ast.CompositeLit:
		lt := f.l.typeOf(x)
		if lt != nil {
			if p, ok := lt.Underlying().(*types.Pointer); ok && x.Type == nil {
				f.staticComposite(x, p.Elem(), "")
				static()
				return
			}
			if _, isMap := lt.Underlying().(*types.Map); !isMap {
				// OCONVIFACE of a static value: the data is laid out statically too (a boxed
				// composite's contents are stored into a local of its type)
				into := path
				if t == nil || isIface(t) {
					into = ""
				}
				f.staticComposite(x, lt, into)
				static()
				return
			}
		}
	case *ast.CallExpr:
		tv := f.l.info.Types[x.Fun]
		if tv.IsType() && len(x.Args) == 1 {
			if isIface(tv.Type) {
				at := f.l.typeOf(x.Args[0])
				if at != nil && !isIface(at) {
					f.l.staticConverted(at)
					if path != "" {
						f.l.staticStore(path, fmt.Sprintf("%s(%s)", f.convType(tv.Type), f.l.staticLocal(at)))
					}
					f.globalValue(targetOf, at, x.Args[0], pos, "")
					return
				}
			}
			if b, ok := tv.Type.Underlying().(*types.Slice); ok && isByteString(b, f.l.typeOf(x.Args[0])) && f.l.isConst(x.Args[0]) {
				return // []byte("constant")
			}
		}
	}
	// Dynamic: an assignment in init.
	target := targetOf()
	if target == "_" || t == nil {
		f.line(fmt.Sprintf("@%s _ = %s", f.lc(pos), f.valueTo(v, t, pos)))
		return
	}
	f.line(fmt.Sprintf("@%s %s = %s", f.lc(pos), target, f.valueTo(v, t, gcPos(v))))
	if path != "" && path != target {
		// a literal element's static storage: what init stores there is in the element's place
		f.l.staticStore(path, target)
	}
}

func isByteString(s *types.Slice, from types.Type) bool {
	b, ok := s.Elem().Underlying().(*types.Basic)
	if !ok || (b.Kind() != types.Byte && b.Kind() != types.Uint8) || from == nil {
		return false
	}
	fb, ok := from.Underlying().(*types.Basic)
	return ok && fb.Info()&types.IsString != 0
}

// staticComposite lays out a composite literal statically; its dynamic elements are assigned to
// static storage (a global) in init. path is a place of the literal's type in the static-data
// function (a local of that type when ""), whose fields and elements get what the literal's
// elements hold (globalValue).
func (f *fnState) staticComposite(lit *ast.CompositeLit, t types.Type, path string) {
	if path == "" {
		path = f.l.staticLocal(t)
	}
	elem := func(el ast.Expr, et types.Type, elPath string) {
		if cl, ok := el.(*ast.CompositeLit); ok && cl.Type == nil {
			if p, ok := et.Underlying().(*types.Pointer); ok {
				f.staticComposite(cl, p.Elem(), "")
				return
			}
			f.staticComposite(cl, et, elPath)
			return
		}
		f.globalValue(func() string { return f.staticSlot(et) }, et, el, gcPos(el), elPath)
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i, el := range lit.Elts {
			fi := i
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				fi = fieldIndex(u, kv.Key.(*ast.Ident).Name)
				el = kv.Value
			}
			if fi >= 0 && fi < u.NumFields() {
				elem(el, u.Field(fi).Type(), path+"."+f.l.fieldName(u, fi))
			}
		}
	case *types.Array:
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			elem(el, u.Elem(), path+"[0]")
		}
	case *types.Slice:
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			elem(el, u.Elem(), path+"[0]")
		}
	}
}

// staticSlot declares a global standing for the static storage of a literal element.
func (f *fnState) staticSlot(t types.Type) string {
	name := f.l.uniqueTop("esc_static")
	fmt.Fprintf(&f.l.globalDecls, "var %s %s\n", name, f.l.irType(t))
	return name
}

// staticClosure lowers a package-level function literal as a function of its own (gc's
// glob..funcN, analysed by itself; the literal is static data) and returns its IR name.
func (f *fnState) staticClosure(e *ast.FuncLit) string {
	sig := f.l.typeOf(e).(*types.Signature)
	f.closGen++
	display := fmt.Sprintf("%s.func%d", f.display, f.closGen)
	cf := newFnState(f.l, nil, display, sig)
	cf.localInfo = f.l.analyzeLocals(e.Body)
	cf.indent = 1
	var b strings.Builder
	name := f.l.uniqueTop("glob_func")
	fmt.Fprintf(&b, "\nfile %s\nfunc %s @%s ~%s ", irQuote(f.l.fset.Position(e.Pos()).Filename), name, f.lc(e.Type.Func), irQuote(display))
	cf.signature(&b, sig, e.Type)
	cf.out.WriteString(b.String())
	cf.out.WriteString(" {\n")
	cf.block(e.Body.List)
	cf.flush()
	cf.out.WriteString("}\n")
	f.l.funcs.WriteString(cf.out.String())
	return name
}

// staticInit is kept for callers that only need a yes/no answer.
func (l *lowerer) staticInit(e ast.Expr) bool { return l.isConst(e) }

// ---------------------------------------------------------------------------------------------
// Imported entities

// externFunc returns the IR name of an imported function or method, declaring it on first use.
func (l *lowerer) externFunc(fn *types.Func) string {
	if n, ok := l.externNames[fn]; ok {
		return n
	}
	if l.qual != nil {
		if n, ok := l.worldFunc(fn); ok {
			return n // declared by its own package's fragment
		}
	}
	sig := fn.Type().(*types.Signature)
	key := funcKey(fn)
	pkgName := ""
	if fn.Pkg() != nil {
		pkgName = fn.Pkg().Name()
	}
	var b strings.Builder
	name := ""
	display := pkgName + "." + fn.Name()
	if recv := sig.Recv(); recv != nil {
		name = l.methodName(fn)
		rt := recv.Type()
		ptr := false
		if p, ok := rt.(*types.Pointer); ok {
			ptr = true
			rt = p.Elem()
		}
		tn := l.gc.typeString(rt)
		if ptr {
			display = "(*" + tn + ")." + fn.Name()
		} else {
			display = tn + "." + fn.Name()
		}
		if isIface(recv.Type()) {
			// an interface method used as a function: cannot happen here
			return ""
		}
		fmt.Fprintf(&b, "extern func (r %s) %s ~%s (", l.irType(recv.Type()), name, irQuote(display))
	} else {
		name = l.uniqueTop(pkgName + "_" + fn.Name())
		fmt.Fprintf(&b, "extern func %s ~%s (", name, irQuote(display))
	}
	l.externNames[fn] = name
	pnames := make([]string, sig.Params().Len())
	for i := 0; i < sig.Params().Len(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		pnames[i] = fmt.Sprintf("p%d", i)
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			fmt.Fprintf(&b, "%s ...%s", pnames[i], l.irType(t.(*types.Slice).Elem()))
		} else {
			fmt.Fprintf(&b, "%s %s", pnames[i], l.irType(t))
		}
	}
	b.WriteString(")")
	if sig.Results().Len() > 0 {
		b.WriteString(" (")
		for i := 0; i < sig.Results().Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "~r%d %s", i, l.irType(sig.Results().At(i).Type()))
		}
		b.WriteString(")")
	}
	s, ok := l.summaries[key]
	if !ok {
		if s = l.gcSummary(fn); s != nil {
			ok = true
		} else {
			s, ok = l.builtinSums[key]
		}
	}
	if ok {
		b.WriteString(" {\n")
		for _, lk := range s.leaks {
			pn, ok := paramIRName(sig, pnames, lk.param)
			if !ok {
				continue
			}
			if lk.cond != nil {
				writeCondLeak(&b, sig, pnames, pn, lk)
			} else if lk.result < 0 {
				fmt.Fprintf(&b, "    %s -> heap %d\n", pn, lk.derefs)
			} else if lk.result < sig.Results().Len() {
				fmt.Fprintf(&b, "    %s -> ~r%d %d\n", pn, lk.result, lk.derefs)
			}
		}
		b.WriteString("}\n")
	} else {
		b.WriteString("\n")
	}
	l.externDecls.WriteString(b.String())
	return name
}

// funcKey names a function for summaries: "pkg/path.F", "pkg/path.T.M", "pkg/path.(*T).M".
func funcKey(fn *types.Func) string {
	path := ""
	if fn.Pkg() != nil {
		path = fn.Pkg().Path()
	}
	sig := fn.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil {
		rt := recv.Type()
		ptr := false
		if p, ok := rt.(*types.Pointer); ok {
			ptr = true
			rt = p.Elem()
		}
		tn := ""
		if n, ok := rt.(*types.Named); ok {
			tn = n.Obj().Name()
		}
		if ptr {
			return path + ".(*" + tn + ")." + fn.Name()
		}
		return path + "." + tn + "." + fn.Name()
	}
	return path + "." + fn.Name()
}

// externGlobal returns the IR name of an imported package-level variable.
func (l *lowerer) externGlobal(v *types.Var) string {
	if n, ok := l.globalNames[v]; ok {
		return n
	}
	if l.qual != nil {
		return worldObjName(v) // declared by its own package's fragment
	}
	name := l.uniqueTop(v.Pkg().Name() + "_" + v.Name())
	l.globalNames[v] = name
	fmt.Fprintf(&l.globalDecls, "var %s %s\n", name, l.irType(v.Type()))
	return name
}

// unknownFunc declares a body-less function taking the given types and returning result: the
// conservative stand-in for Go the lowering does not model (its pointer arguments leak).
func (l *lowerer) unknownFunc(params []types.Type, result types.Type) string {
	var b strings.Builder
	b.WriteString("(")
	for i, p := range params {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "a%d %s", i, l.irType(p))
	}
	b.WriteString(")")
	if result != nil {
		b.WriteString(" " + l.irType(result))
	}
	sig := b.String()
	if n, ok := l.unkDecls[sig]; ok {
		return n
	}
	name := l.uniqueTop(fmt.Sprintf("esc_unknown%d", len(l.unkDecls)))
	l.unkDecls[sig] = name
	fmt.Fprintf(&l.externDecls, "extern func %s ~\"unknown\" %s\n", name, sig)
	return name
}

// sortedKeys is used for deterministic output.
func sortedKeys(m map[string]bool) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

var _ = constant.MakeBool
