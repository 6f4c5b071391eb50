package main

// Generic code, lowered per gc shape, as gc 1.19 compiles it (GC-shape stenciling).
//
// gc compiles one body per shape instantiation: each type argument is replaced by its shape
// (typecheck.Shapify: the underlying type, every pointer type that is not a pointer to an array
// becoming *uint8 unless the constraint has a core type), and escape analysis runs on that body;
// its diagnostics sit at the generic body's positions and name the shapes ("new(go.shape.int_0)",
// "&node[go.shape.*uint8_0]{...}"); the shape functions are DUPOK, so their parameters get no
// diagnostic. The lowering does the same, for the same reasons (the output is gc's, and one
// verdict per site of the shared body is what a compiler can use):
//
//   - a shape instance is the generic function (or method of a generic type) lowered with its
//     type parameters substituted by shape types: named IR types "go.shape.U_i" whose underlying
//     type is the shape's; its parameters carry no source position (no diagnostic);
//   - a value of a type-parameter type converted to an interface is displayed as gc shows it
//     ("unsafe.Pointer(x)"); a method called on it is gc's dictionary call: a dynamic call of the
//     constraint's method on the value converted to the constraint (no position: no diagnostic);
//   - each use with real type arguments (a call, a function value, a method of an instantiated
//     type, a converted instantiated type) goes through a wrapper with the real signature that
//     converts its arguments to the shape types and calls the shape instance (no position);
//   - a shape type converted to an interface has the methods of all the real types it stands for
//     (its members): each is a join that calls the method of every member (the closed world sees
//     every type that may be behind a shape value); a member whose method has another signature
//     passes its arguments to a body-less function (they leak).
//
// Shapes and their join methods are in shapes.go, the substitution in subst.go.
//
// In a whole program (escapade-lower -world) the generic code of the other packages of the world
// is instantiated from their source (sourceOf) like the package's own, as gc compiles the
// instantiations into the package that uses them: the shape instance is lowered with the other
// package's type information, and its locals display as gc prints them there ("moved to heap:
// q.t", "unsafe.Pointer(q.v)"). Such instances are the importing package's own (its shapes, its
// generated names); several fragments may lower the same body, and escapade-go joins the
// verdicts of one site (heap wins). Elsewhere (the per-package modes, where imports come from
// export data without bodies) generic code of other packages stays unknown: calls and values of
// it leak their operands, with a warning.
//
// Complexity: every (function, shape arguments) pair is lowered once; substitution is linear in
// the size of the types (memoized per instance); at most maxInstances shape instances.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

const maxInstances = 20000

// shapeInfo is one shape type and the real types it stands for.
type shapeInfo struct {
	named     *types.Named
	members   []types.Type
	memberKey map[string]bool
	from      []*shapeInfo // shapes used as type arguments for this one (inside shape bodies)
}

// genInstance is a shape instance (a lowered body) or a wrapper with real types.
type genInstance struct {
	origin  *types.Func
	decl    *ast.FuncDecl
	info    *types.Info // the type information of decl's package when it is another package's (nil: the package's own)
	name    string      // IR name of a function ("" for methods)
	recv    types.Type  // methods: the receiver type, with shapes
	display string
	subst   *substMap
}

type genericState struct {
	ctxt      *types.Context
	shapes    map[string]*shapeInfo
	byShape   map[*types.Named]*shapeInfo
	instances map[string]*genInstance // shape instances, by origin and shape arguments
	wrappers  map[string]string       // real-type wrappers of functions, by origin and arguments
	mwrappers map[string]bool         // real-type wrapper methods, by receiver and name
	queue     []*genInstance
	next      int
	cur       *substMap // the substitution of the shape body being lowered
	joins     map[string]bool
	ids       map[*types.Func]int
	bodies    strings.Builder // the lowered shape instances
	foreign   map[*types.Package]*foreignSource
	// foreignFiles: files of other packages whose generic bodies were lowered here (their
	// diagnostics are printed with those packages, not with this one)
	foreignFiles map[string]bool
	instTypes    []*types.Named // instantiated generic types the IR names
	nextType     int
}

func (g *genericState) init() {
	g.ctxt = types.NewContext()
	g.shapes = map[string]*shapeInfo{}
	g.byShape = map[*types.Named]*shapeInfo{}
	g.instances = map[string]*genInstance{}
	g.wrappers = map[string]string{}
	g.mwrappers = map[string]bool{}
	g.joins = map[string]bool{}
	g.ids = map[*types.Func]int{}
	g.foreignFiles = map[string]bool{}
}

// funcID numbers functions for keys (deterministic: in order of first use).
func (g *genericState) funcID(fn *types.Func) int {
	if id, ok := g.ids[fn]; ok {
		return id
	}
	g.ids[fn] = len(g.ids)
	return g.ids[fn]
}

// ---------------------------------------------------------------------------------------------
// Instances

// ownDecls maps the package's own functions and methods to their declarations.
func (l *lowerer) ownDecls() map[*types.Func]*ast.FuncDecl {
	if l.pragma.declOf == nil {
		l.pragma.declOf = funcDecls(l.files, l.ownInfo)
	}
	return l.pragma.declOf
}

func funcDecls(files []*ast.File, info *types.Info) map[*types.Func]*ast.FuncDecl {
	m := map[*types.Func]*ast.FuncDecl{}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if obj, ok := info.Defs[fd.Name].(*types.Func); ok {
					m[obj] = fd
				}
			}
		}
	}
	return m
}

// foreignSource is the syntax of another package of the world whose generic code this package
// instantiates (whole-program mode: sourceOf).
type foreignSource struct {
	info  *types.Info
	decls map[*types.Func]*ast.FuncDecl
}

// declOf is the declaration of a function or method of the lowered package or, in a whole
// program, of another package of the world (with that package's type information; nil info for
// the package's own); nil when its source is not available.
func (l *lowerer) declOf(fn *types.Func) (*ast.FuncDecl, *types.Info) {
	if fn.Pkg() == nil || fn.Pkg() == l.pkg {
		return l.ownDecls()[fn], nil
	}
	if l.generic.foreign == nil {
		l.generic.foreign = map[*types.Package]*foreignSource{}
	}
	src, ok := l.generic.foreign[fn.Pkg()]
	if !ok {
		if files, info, ok := l.sourceOf(fn.Pkg()); ok {
			src = &foreignSource{info: info, decls: funcDecls(files, info)}
		}
		l.generic.foreign[fn.Pkg()] = src
	}
	if src == nil {
		return nil, nil
	}
	return src.decls[fn], src.info
}

func hasDecl(fd *ast.FuncDecl, _ *types.Info) bool { return fd != nil }

// typeParamsOf are the type parameters a generic function's or method's body is written in.
func typeParamsOf(fn *types.Func) *types.TypeParamList {
	sig := fn.Type().(*types.Signature)
	if tp := sig.RecvTypeParams(); tp != nil && tp.Len() > 0 {
		return tp
	}
	return sig.TypeParams()
}

// shapeInstance returns the shape instance of origin for the real (or shape) type arguments
// targs, queueing its lowering; nil when the body is not available.
func (l *lowerer) shapeInstance(origin *types.Func, targs []types.Type) (*genInstance, []types.Type) {
	tps := typeParamsOf(origin)
	if tps == nil || tps.Len() != len(targs) {
		return nil, nil
	}
	decl, info := l.declOf(origin)
	if decl == nil || decl.Body == nil {
		return nil, nil
	}
	sargs := make([]types.Type, len(targs))
	var key strings.Builder
	fmt.Fprintf(&key, "%d", l.generic.funcID(origin))
	for i, a := range targs {
		if hasTypeParams(a) {
			return nil, nil
		}
		sargs[i] = l.shapeFor(a, i, tps.At(i)).named
		key.WriteString("|" + sargs[i].(*types.Named).Obj().Name())
	}
	if inst, ok := l.generic.instances[key.String()]; ok {
		return inst, sargs
	}
	if len(l.generic.instances) >= maxInstances {
		l.warnf(l.posText(origin.Pos()), "more than %d shape instances: %s lowered as unknown code", maxInstances, origin.Name())
		return nil, nil
	}
	sm := &substMap{l: l, m: map[*types.TypeParam]types.Type{}, cache: map[types.Type]types.Type{}}
	for i := 0; i < tps.Len(); i++ {
		sm.m[tps.At(i)] = sargs[i]
	}
	inst := &genInstance{origin: origin, decl: decl, info: info, subst: sm}
	args := make([]string, len(sargs))
	for i, a := range sargs {
		args[i] = l.gc.typeString(a)
	}
	sig := origin.Type().(*types.Signature)
	if r := sig.Recv(); r != nil {
		inst.recv = sm.typ(r.Type())
		tn := origin.Name()
		rt := derefType(r.Type()).(*types.Named).Obj().Name() + "[" + strings.Join(args, ",") + "]"
		if isPointer(r.Type()) {
			inst.display = "(*" + rt + ")." + tn
		} else {
			inst.display = rt + "." + tn
		}
	} else {
		inst.name = l.uniqueTop(origin.Name() + "_shape")
		inst.display = origin.Name() + "[" + strings.Join(args, ",") + "]"
	}
	l.generic.instances[key.String()] = inst
	l.generic.queue = append(l.generic.queue, inst)
	return inst, sargs
}

// instanceOfFunc returns the IR function for generic function origin instantiated with targs
// (types of the current substitution applied): the shape instance itself when the arguments are
// shapes, else a wrapper with the real signature. "" when the body is not available.
func (l *lowerer) instanceOfFunc(origin *types.Func, targs []types.Type) string {
	for i := range targs {
		targs[i] = l.st(targs[i])
	}
	inst, sargs := l.shapeInstance(origin, targs)
	if inst == nil {
		return ""
	}
	same := true
	var key strings.Builder
	fmt.Fprintf(&key, "%d", l.generic.funcID(origin))
	for i := range targs {
		if !types.Identical(targs[i], sargs[i]) {
			same = false
		}
		key.WriteString("|" + types.TypeString(targs[i], pathQualifier))
	}
	if same {
		return inst.name
	}
	if n, ok := l.generic.wrappers[key.String()]; ok {
		return n
	}
	real := l.instSubst(origin, targs).typ(origin.Type()).(*types.Signature)
	shaped := inst.subst.typ(origin.Type()).(*types.Signature)
	name := l.uniqueTop(origin.Name() + "_inst")
	l.generic.wrappers[key.String()] = name
	args := make([]string, len(targs))
	for i, a := range targs {
		args[i] = l.gc.typeString(a)
	}
	display := origin.Name() + "[" + strings.Join(args, ",") + "]"
	params, results, call := l.shapeCall(real, shaped)
	body := fmt.Sprintf("%s(%s)", inst.name, call)
	l.world.synth.WriteString(fmt.Sprintf("\nfunc %s ~%s %s%s {\n%s}\n", name, irQuote(display), params, results, l.shapeReturn(real, shaped, body)))
	return name
}

// instSubst maps the type parameters of origin to targs.
func (l *lowerer) instSubst(origin *types.Func, targs []types.Type) *substMap {
	sm := &substMap{l: l, m: map[*types.TypeParam]types.Type{}, cache: map[types.Type]types.Type{}}
	tps := typeParamsOf(origin)
	for i := 0; tps != nil && i < tps.Len() && i < len(targs); i++ {
		sm.m[tps.At(i)] = targs[i]
	}
	return sm
}

// shapeCall renders a wrapper's parameters (real types) and the arguments converted to the shape
// types.
func (l *lowerer) shapeCall(real, shaped *types.Signature) (params, results, args string) {
	params, results, _ = l.wrapperSig(real, "")
	var as []string
	for i := 0; i < real.Params().Len(); i++ {
		p := fmt.Sprintf("esc_p%d", i)
		rt, st := real.Params().At(i).Type(), shaped.Params().At(i).Type()
		if !types.Identical(rt, st) {
			p = fmt.Sprintf("%s(%s)", l.convTypeL(st), p)
		}
		if real.Variadic() && i == real.Params().Len()-1 {
			p += "..."
		}
		as = append(as, p)
	}
	return params, results, strings.Join(as, ", ")
}

// shapeReturn renders the body of a wrapper: the call, its results converted to the real types.
func (l *lowerer) shapeReturn(real, shaped *types.Signature, call string) string {
	switch real.Results().Len() {
	case 0:
		return "    " + call + "\n"
	case 1:
		rt, st := real.Results().At(0).Type(), shaped.Results().At(0).Type()
		if !types.Identical(rt, st) {
			call = fmt.Sprintf("%s(%s)", l.convTypeL(rt), call)
		}
	}
	return "    return " + call + "\n"
}

// convTypeL renders a type usable in conversion position (see fnState.convType).
func (l *lowerer) convTypeL(t types.Type) string {
	s := l.irType(t)
	if strings.Contains(s, "func(") {
		key := "#conv#" + s
		if n, ok := l.namedByKey[key]; ok {
			return n
		}
		n := l.uniqueTop("esc_conv")
		l.namedByKey[key] = n
		fmt.Fprintf(&l.typeDecls, "type %s %s\n", n, s)
		return n
	}
	if strings.HasPrefix(s, "*") || strings.HasPrefix(s, "chan") {
		return "(" + s + ")"
	}
	return s
}

// instanceOfMethod makes method fn of an instantiated generic type (types of the current
// substitution applied) callable in the IR: the shape instance's method on the shape receiver
// type, and a wrapper method on the real receiver type. "" when the body is not available.
func (l *lowerer) instanceOfMethod(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return ""
	}
	recvT := l.st(sig.Recv().Type())
	named, ok := derefType(recvT).(*types.Named)
	if !ok || named.TypeArgs() == nil {
		return ""
	}
	origin := fn.Origin()
	targs := make([]types.Type, named.TypeArgs().Len())
	for i := range targs {
		targs[i] = named.TypeArgs().At(i)
	}
	inst, _ := l.shapeInstance(origin, targs)
	if inst == nil {
		if fn.Pkg() != nil && fn.Pkg() != l.pkg && !hasTypeParams(recvT) {
			// a method of an imported generic type (its body is not available): unknown code
			key := l.irType(recvT) + "." + fn.Name()
			if !l.generic.mwrappers[key] {
				l.generic.mwrappers[key] = true
				l.warnf(l.posText(fn.Pos()), "method %s of an imported generic type lowered as unknown code (its arguments escape)", l.methodDisplay(recvT, fn.Name()))
				params, results, _ := l.wrapperSig(l.st(types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic())).(*types.Signature), "")
				fmt.Fprintf(&l.externDecls, "extern func (r %s) %s ~%s %s%s\n", l.irType(recvT), l.methodName(fn), irQuote(l.methodDisplay(recvT, fn.Name())), params, results)
			}
			return "extern"
		}
		return ""
	}
	if types.Identical(recvT, inst.recv) {
		return "shape"
	}
	recvIR := l.irType(recvT)
	key := recvIR + "." + fn.Name()
	if l.generic.mwrappers[key] {
		return "wrapper"
	}
	l.generic.mwrappers[key] = true
	real := l.instSubst(origin, targs).typ(origin.Type()).(*types.Signature)
	shaped := inst.subst.typ(origin.Type()).(*types.Signature)
	params, results, call := l.shapeCall(real, shaped)
	body := fmt.Sprintf("(%s(esc_r)).%s(%s)", l.convTypeL(inst.recv), l.methodName(fn), call)
	display := l.methodDisplay(recvT, fn.Name())
	l.world.synth.WriteString(fmt.Sprintf("\nfunc (esc_r %s) %s ~%s %s%s {\n%s}\n", recvIR, l.methodName(fn), irQuote(display), params, results, l.shapeReturn(real, shaped, body)))
	return "wrapper"
}

// lowerPendingInstances lowers the queued shape instances; false when there was none. Like gc's
// instantiateMethods, every method of every instantiated generic type the package uses is
// instantiated (its sites are reported even when nothing calls it).
func (l *lowerer) lowerPendingInstances() bool {
	did := false
	for l.generic.nextType < len(l.generic.instTypes) {
		n := l.generic.instTypes[l.generic.nextType]
		l.generic.nextType++
		if hasTypeParams(n) {
			continue
		}
		for i := 0; i < n.NumMethods(); i++ {
			if m := n.Method(i); hasDecl(l.declOf(m.Origin())) {
				l.instanceOfMethod(m)
			}
		}
		did = true
	}
	for l.generic.next < len(l.generic.queue) {
		inst := l.generic.queue[l.generic.next]
		l.generic.next++
		l.guard(inst.display, func() { l.lowerInstance(inst) })
		did = true
	}
	return did
}

// lowerInstance lowers one shape instance: the generic body with its type parameters replaced by
// shapes; parameters without positions (gc prints no diagnostic for them).
func (l *lowerer) lowerInstance(inst *genInstance) {
	saved := l.generic.cur
	l.generic.cur = inst.subst
	savedInfo, savedForeign := l.info, l.foreign
	if inst.info != nil {
		// another package's generic body: its syntax goes with its type information
		l.info, l.foreign = inst.info, inst.origin.Pkg()
	}
	defer func() { l.generic.cur, l.info, l.foreign = saved, savedInfo, savedForeign }()
	fd := inst.decl
	sig := inst.origin.Type().(*types.Signature)
	fs := newFnState(l, nil, inst.display, sig)
	fs.noParamPos = true
	fs.localInfo = l.analyzeLocals(fd.Body)
	var b strings.Builder
	file := l.fset.Position(fd.Pos()).Filename
	l.curFile = file
	if inst.info != nil {
		l.generic.foreignFiles[file] = true
	}
	b.WriteString("func ")
	if fd.Recv != nil && len(fd.Recv.List) > 0 {
		b.WriteString("(")
		fs.param(&b, sig.Recv(), fd.Recv.List[0], false, 0)
		b.WriteString(") ")
		b.WriteString(l.methodName(inst.origin))
	} else {
		b.WriteString(inst.name)
	}
	fmt.Fprintf(&b, " ~%s ", irQuote(inst.display))
	fs.signature(&b, sig, fd.Type)
	header := b.String()
	var out strings.Builder
	fmt.Fprintf(&out, "\nfile %s\n", irQuote(file))
	localType := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if g, ok := n.(*ast.GenDecl); ok && g.Tok == token.TYPE {
			localType = true
		}
		return !localType
	})
	if localType {
		// gc 1.19 rejects the program ("type declarations inside generic functions are not
		// currently supported"); a local type would need one IR type per shape
		l.warnf(l.posText(fd.Pos()), "%s declares a type inside a generic function (not supported by Go 1.19): lowered as unknown code", inst.display)
		fmt.Fprintf(&out, "extern %s\n", header)
		l.generic.bodies.WriteString(out.String())
		return
	}
	if !l.lowerBody(fs, header, fd.Body.List) {
		l.warnf(l.posText(fd.Pos()), "function %s lowered as unknown code", inst.display)
		fmt.Fprintf(&out, "extern %s\n", header)
	} else {
		out.WriteString(fs.out.String())
	}
	l.generic.bodies.WriteString(out.String())
}

// ---------------------------------------------------------------------------------------------
// Uses in bodies

// genericFuncRef returns the IR function for a use of a generic function (a call or a value):
// id is the identifier naming it. "" when it is not generic; unknown is true when it is generic
// but cannot be lowered (imported without a body).
func (f *fnState) genericFuncRef(id *ast.Ident) (name string, generic bool) {
	inst, ok := f.l.info.Instances[id]
	if !ok {
		return "", false
	}
	fn, ok := f.l.info.Uses[id].(*types.Func)
	if !ok {
		return "", false
	}
	if sig := fn.Type().(*types.Signature); sig.Recv() != nil {
		return "", false // methods go through their selections
	}
	targs := make([]types.Type, inst.TypeArgs.Len())
	for i := range targs {
		targs[i] = inst.TypeArgs.At(i)
	}
	return f.l.instanceOfFunc(fn, targs), true
}

// isTypeParamRecv: x.M with x of a type-parameter type (the method comes from the constraint):
// gc calls it through the dictionary.
func (f *fnState) isTypeParamRecv(x ast.Expr, sel *types.Selection) bool {
	if sel == nil || (sel.Kind() != types.MethodVal) {
		return false
	}
	raw := f.l.rawTypeOf(x)
	if raw == nil {
		return false
	}
	if p, ok := raw.(*types.Pointer); ok {
		raw = p.Elem()
	}
	_, ok := raw.(*types.TypeParam)
	return ok
}

// dictRecv lowers the receiver of a method of a type-parameter value as gc's dictionary call
// sees it: the value converted to the constraint's interface (no position: no diagnostic).
func (f *fnState) dictRecv(x ast.Expr, sel *types.Selection) string {
	raw := f.l.rawTypeOf(x)
	t := f.l.typeOf(x)
	if isIface(t) {
		return f.expr(x)
	}
	var bound types.Type
	if tp, ok := raw.(*types.TypeParam); ok {
		bound = f.l.st(tp.Constraint())
	} else {
		bound = types.NewInterfaceType([]*types.Func{sel.Obj().(*types.Func)}, nil).Complete()
	}
	f.l.noteConverted(t)
	return f.dictConv(bound, t, fmt.Sprintf("%s(%s)", f.convType(bound), f.expr(x)))
}

// dictConv: in a shape body, gc converts a value whose type involves a shape through the
// dictionary (not an OCONVIFACE: no static devirtualization of calls on it, neither gc's nor the
// analysis's): the conversion conv (to iface, from t) goes through a variable declared without a
// value, which is not a static value.
func (f *fnState) dictConv(iface, t types.Type, conv string) string {
	if !f.inShapeBody() || !f.l.hasShape(t) {
		return conv
	}
	tmp := f.tmp()
	f.preLine(fmt.Sprintf("var %s %s", tmp, f.l.irType(iface)))
	f.preLine(fmt.Sprintf("%s = %s", tmp, conv))
	return tmp
}

// shapePos is base.Pos in stenciled code after evaluating exprs from start: the reverse of the
// noder's rule (basePos): a name does not move it (a shared node without a position), a constant
// does (stenciling makes it a node of its own); selectors and calls move it after their operands,
// composite literals before their elements.
func (f *fnState) shapePos(start token.Pos, exprs ...ast.Expr) token.Pos {
	pos := start
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		if e == nil {
			return
		}
		if f.l.isConst(e) {
			pos = gcPos(e)
			return
		}
		switch x := e.(type) {
		case *ast.CallExpr:
			if _, isIdent := unparen(x.Fun).(*ast.Ident); !isIdent {
				walk(x.Fun)
			}
			for _, a := range x.Args {
				walk(a)
			}
			pos = x.Lparen
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok {
				if _, ok := f.l.info.Uses[id].(*types.PkgName); ok {
					return
				}
			}
			walk(x.X)
			pos = gcPos(x)
		case *ast.CompositeLit:
			pos = x.Lbrace
			for _, el := range x.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if _, isStruct := derefType(f.l.typeOf(x)).Underlying().(*types.Struct); !isStruct {
						walk(kv.Key)
					}
					walk(kv.Value)
					continue
				}
				walk(el)
			}
		case *ast.ParenExpr:
			walk(x.X)
		case *ast.StarExpr:
			walk(x.X)
		case *ast.UnaryExpr:
			walk(x.X)
		case *ast.BinaryExpr:
			walk(x.X)
			walk(x.Y)
		case *ast.IndexExpr:
			walk(x.X)
			walk(x.Index)
		case *ast.SliceExpr:
			walk(x.X)
			walk(x.Low)
			walk(x.High)
			walk(x.Max)
		case *ast.TypeAssertExpr:
			walk(x.X)
		case *ast.KeyValueExpr:
			walk(x.Key)
			walk(x.Value)
		}
	}
	for _, e := range exprs {
		walk(e)
	}
	return pos
}

// inShapeBody: a shape instance is being lowered.
func (f *fnState) inShapeBody() bool { return f.l.generic.cur != nil }

// convDisplay is gc's text for the conversion of e (of type t) to an interface: the value itself,
// or in a shape body, for a value whose type involves a shape, the dictionary conversion of its
// data word ("unsafe.Pointer(x)").
func (f *fnState) convDisplay(e ast.Expr, t types.Type) string {
	if f.inShapeBody() && f.l.hasShape(t) {
		return "unsafe.Pointer(" + f.l.gc.expr(e) + ")"
	}
	return f.l.gc.expr(e)
}

// rawTypeOf is the type of e as the type checker has it (type parameters not substituted).
func (l *lowerer) rawTypeOf(e ast.Expr) types.Type {
	if tv, ok := l.info.Types[e]; ok && tv.Type != nil {
		return tv.Type
	}
	if id, ok := e.(*ast.Ident); ok {
		if obj := l.info.ObjectOf(id); obj != nil {
			return obj.Type()
		}
	}
	return nil
}
