package main

// Function bodies: statements.

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

type fnState struct {
	l       *lowerer
	parent  *fnState
	display string // gc's name of the function ("f", "(*T).M", "f.func1")
	closGen int
	sig     *types.Signature
	out     strings.Builder
	pre     strings.Builder // statements the current statement needs first (closures, temporaries)
	indent  int
	names   map[*types.Var]string
	isClos  bool
	params  map[*types.Var]bool
	// localInfo: definitions and reassignments of the top-level function's variables
	localInfo map[*types.Var]*localInfo
	global    bool // the package's variable initialization
	// uintptrEsc: the function is marked //go:uintptrescapes; callUintptrEsc: the call being
	// lowered calls such a function (pragmas.go)
	uintptrEsc, callUintptrEsc bool
	noParamPos                 bool // a shape instance: parameters without positions
	prologue                   strings.Builder
}

func newFnState(l *lowerer, parent *fnState, display string, sig *types.Signature) *fnState {
	return &fnState{l: l, parent: parent, display: display, sig: sig, names: map[*types.Var]string{}, params: map[*types.Var]bool{}}
}

func (f *fnState) ind() string { return strings.Repeat("    ", f.indent) }

// line writes one statement line, after the statements it depends on.
func (f *fnState) line(s string) {
	f.flush()
	f.out.WriteString(f.ind())
	f.out.WriteString(s)
	f.out.WriteString("\n")
}

func (f *fnState) flush() {
	if f.pre.Len() > 0 {
		f.out.WriteString(f.pre.String())
		f.pre.Reset()
	}
}

// preLine queues a statement to be emitted before the statement being lowered.
func (f *fnState) preLine(s string) {
	f.pre.WriteString(f.ind())
	f.pre.WriteString(s)
	f.pre.WriteString("\n")
}

func (f *fnState) lc(p token.Pos) string { return f.l.lc(p) }

func (f *fnState) warn(n ast.Node, format string, args ...interface{}) {
	f.l.warnf(f.l.posText(n.Pos()), format, args...)
}

func (f *fnState) tmp() string {
	f.l.gen++
	return fmt.Sprintf("esc_t%d", f.l.gen)
}

// varName is the IR name of a local variable, parameter or result.
func (f *fnState) varName(v *types.Var) string {
	for g := f; g != nil; g = g.parent {
		if n, ok := g.names[v]; ok {
			return n
		}
	}
	if n, ok := f.l.globalNames[v]; ok {
		return n
	}
	if v.Pkg() != nil && v.Pkg() != f.l.pkg && v.Parent() == v.Pkg().Scope() {
		return f.l.externGlobal(v)
	}
	// A variable declared by a construct we did not see (should not happen): name it.
	n := f.l.localName(v.Name())
	f.names[v] = n
	return n
}

func (f *fnState) declare(v *types.Var) string {
	n := f.l.localName(v.Name())
	if f.l.foreign != nil && n != "_" && !(f.isClos && f.params[v]) {
		// a local of another package's generic body: gc names it after that package ("q.t",
		// except the parameters of closures); '․' (U+2024) stands for the dot in the IR, and
		// escapade-go prints it as '.'
		n = mangle(f.l.foreign.Name()) + "․" + n
	}
	f.names[v] = n
	return n
}

// header renders "func NAME @pos ~"display" (params) results" for a declared function.
func (f *fnState) header(fd *ast.FuncDecl, obj *types.Func, sig *types.Signature) string {
	var b strings.Builder
	b.WriteString("func ")
	if fd.Recv != nil && len(fd.Recv.List) > 0 {
		b.WriteString("(")
		recv := sig.Recv()
		f.param(&b, recv, fd.Recv.List[0], false, 0)
		b.WriteString(") ")
		b.WriteString(f.l.methodName(obj))
	} else {
		b.WriteString(f.l.funcNames[obj])
	}
	fmt.Fprintf(&b, " @%s ~%s ", f.lc(fd.Name.Pos()), irQuote(f.display))
	f.signature(&b, sig, fd.Type)
	return b.String()
}

// param renders one parameter "name T @pos".
func (f *fnState) param(b *strings.Builder, v *types.Var, field *ast.Field, variadic bool, index int) {
	name := "_"
	pos := field.Pos()
	f.params[v] = true
	if v.Name() != "" && v.Name() != "_" {
		name = f.declare(v)
		pos = v.Pos()
	}
	t := f.l.st(v.Type())
	at := " @" + f.lc(pos)
	if f.noParamPos {
		// A shape instance: gc prints no tag for its parameters, but "moved to heap: x" for a
		// parameter whose address escapes. The parameter has no position, and a local copy
		// with the parameter's name and position stands for it in the body (gc too copies a
		// moved parameter to the heap at entry).
		at = ""
		if name != "_" {
			in := "esc_in_" + name
			irT := f.l.irType(t)
			if variadic {
				irT = f.l.irType(t)
			}
			fmt.Fprintf(&f.prologue, "    @%s var %s %s @%s = %s\n", f.lc(pos), name, irT, f.lc(pos), in)
			name = in
		}
	}
	if f.uintptrEsc {
		narg := index + 1
		if r := f.sig.Recv(); r != nil && r != v {
			narg++
		}
		if f.uintptrEscapesParam(v, pos, variadic, narg) {
			at = "" // gc prints its own message instead of a verdict
		}
	}
	if variadic {
		fmt.Fprintf(b, "%s ...%s%s", name, f.l.irType(t.(*types.Slice).Elem()), at)
	} else {
		fmt.Fprintf(b, "%s %s%s", name, f.l.irType(t), at)
	}
}

// signature renders "(params) (results)" and names the parameters.
func (f *fnState) signature(b *strings.Builder, sig *types.Signature, ft *ast.FuncType) {
	b.WriteString("(")
	// Map each parameter to its ast field for positions of unnamed parameters.
	fields := fieldOf(ft.Params, sig.Params().Len())
	for i := 0; i < sig.Params().Len(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		f.param(b, sig.Params().At(i), fields[i], sig.Variadic() && i == sig.Params().Len()-1, i)
	}
	b.WriteString(")")
	if sig.Results().Len() > 0 {
		rfields := fieldOf(ft.Results, sig.Results().Len())
		b.WriteString(" (")
		for i := 0; i < sig.Results().Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			v := sig.Results().At(i)
			f.params[v] = true
			name := fmt.Sprintf("~r%d", i)
			pos := rfields[i].Pos()
			if v.Name() == "_" {
				name = fmt.Sprintf("~b%d", i)
				f.names[v] = name
			} else if v.Name() != "" {
				name = f.declare(v)
				pos = v.Pos()
			}
			if f.noParamPos {
				fmt.Fprintf(b, "%s %s", name, f.l.irType(f.l.st(v.Type())))
				continue
			}
			fmt.Fprintf(b, "%s %s @%s", name, f.l.irType(f.l.st(v.Type())), f.lc(pos))
		}
		b.WriteString(")")
	}
}

func fieldOf(fl *ast.FieldList, n int) []*ast.Field {
	out := make([]*ast.Field, 0, n)
	if fl != nil {
		for _, fld := range fl.List {
			k := len(fld.Names)
			if k == 0 {
				k = 1
			}
			for i := 0; i < k; i++ {
				out = append(out, fld)
			}
		}
	}
	for len(out) < n {
		out = append(out, &ast.Field{})
	}
	return out
}

// resultNames are the IR names of the function's results (for returns).
func (f *fnState) resultName(i int) string {
	v := f.sig.Results().At(i)
	if n, ok := f.names[v]; ok {
		return n
	}
	return fmt.Sprintf("~r%d", i)
}

// ---------------------------------------------------------------------------------------------
// Statements

// block lowers a statement list, dropping what gc's deadcode pass (run before escape analysis)
// removes: the dead branch of an if with a constant condition, the statements after a live
// branch that ends in return or panic (unless a label follows), the dead cases of a switch on
// constants.
func (f *fnState) block(list []ast.Stmt) {
	lastLabel := -1
	for i, s := range list {
		if _, ok := s.(*ast.LabeledStmt); ok {
			lastLabel = i
		}
	}
	for i, s := range list {
		if f.stmtCut(s) && i > lastLabel {
			return
		}
	}
}

// stmtCut lowers s and reports whether the statements after it are dead.
func (f *fnState) stmtCut(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.IfStmt:
		if v, ok := f.constBool(s.Cond); ok {
			f.open("")
			if s.Init != nil {
				f.stmt(s.Init)
			}
			var live []ast.Stmt
			if v {
				live = s.Body.List
			} else if s.Else != nil {
				if b, ok := s.Else.(*ast.BlockStmt); ok {
					live = b.List
				} else {
					live = []ast.Stmt{s.Else}
				}
			}
			f.block(live)
			f.close()
			if len(live) > 0 {
				switch last := live[len(live)-1].(type) {
				case *ast.ReturnStmt:
					return true
				case *ast.ExprStmt:
					if c, ok := unparen(last.X).(*ast.CallExpr); ok && f.l.info.Types[c.Fun].IsBuiltin() && builtinName(f.l.info, c.Fun) == "panic" {
						return true
					}
				}
			}
			return false
		}
	case *ast.SwitchStmt:
		if clauses, ok := f.constSwitch(s); ok {
			f.open("")
			if s.Init != nil {
				f.stmt(s.Init)
			}
			for _, cc := range clauses {
				f.open(fmt.Sprintf("@%s if", f.lc(cc.Case)))
				f.block(cc.Body)
				f.close()
			}
			f.close()
			return false
		}
	}
	f.stmt(s)
	return false
}

// constBool is gc's deadcode view of a condition: a constant, or && / || whose left operand is
// a constant.
func (f *fnState) constBool(e ast.Expr) (bool, bool) {
	e = unparen(e)
	if tv, ok := f.l.info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool {
		return constant.BoolVal(tv.Value), true
	}
	if b, ok := e.(*ast.BinaryExpr); ok && (b.Op == token.LAND || b.Op == token.LOR) {
		x, ok := f.constBool(b.X)
		if !ok {
			return false, false
		}
		if b.Op == token.LAND {
			if !x {
				return false, true
			}
			return f.constBool(b.Y)
		}
		if x {
			return true, true
		}
		return f.constBool(b.Y)
	}
	return false, false
}

// constSwitch: gc's deadcode on a switch whose tag (or true) and case values are all constants:
// only the matching case (or default) stays, unless a fallthrough complicates it.
func (f *fnState) constSwitch(s *ast.SwitchStmt) (out []*ast.CaseClause, ok bool) {
	defer func() {
		if recover() != nil {
			out, ok = nil, false
		}
	}()
	var x constant.Value
	if s.Tag != nil {
		tv := f.l.info.Types[s.Tag]
		if tv.Value == nil {
			return nil, false
		}
		x = tv.Value
	} else {
		x = constant.MakeBool(true)
	}
	falls := func(cc *ast.CaseClause) bool {
		for _, st := range cc.Body {
			if br, ok := st.(*ast.BranchStmt); ok && br.Tok == token.FALLTHROUGH {
				return true
			}
		}
		return false
	}
	var def *ast.CaseClause
	for _, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			def = cc
			continue
		}
		for _, e := range cc.List {
			tv := f.l.info.Types[e]
			if tv.Value == nil {
				return nil, false
			}
			if constant.Compare(x, token.EQL, tv.Value) {
				if falls(cc) {
					return nil, false
				}
				return []*ast.CaseClause{cc}, true
			}
		}
	}
	if def != nil {
		if falls(def) {
			return nil, false
		}
		return []*ast.CaseClause{def}, true
	}
	return nil, true
}

func (f *fnState) open(header string) {
	f.line(header + " {")
	f.indent++
}

func (f *fnState) close() {
	f.flush()
	f.indent--
	f.out.WriteString(f.ind() + "}\n")
}

func (f *fnState) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case nil, *ast.EmptyStmt:
	case *ast.BlockStmt:
		f.open("")
		f.block(s.List)
		f.close()
	case *ast.ExprStmt:
		f.line(fmt.Sprintf("@%s %s", f.lc(gcPos(s.X)), f.evalExpr(s.X)))
	case *ast.SendStmt:
		ch := f.expr(s.Chan)
		et := f.l.typeOf(s.Chan).Underlying().(*types.Chan).Elem()
		cp := f.basePos(s.Arrow, s.Chan, s.Value)
		if f.inShapeBody() {
			cp = f.shapePos(s.Arrow, s.Chan, s.Value)
		}
		v := f.valueTo(s.Value, et, cp)
		f.line(fmt.Sprintf("@%s (%s) <- %s", f.lc(s.Arrow), ch, v))
	case *ast.IncDecStmt:
		x := f.target(s.X)
		f.line(fmt.Sprintf("@%s %s += 1", f.lc(s.TokPos), x))
	case *ast.AssignStmt:
		f.assign(s.Lhs, s.Tok, s.Rhs, s.TokPos, false)
	case *ast.DeclStmt:
		f.declStmt(s)
	case *ast.ReturnStmt:
		f.returnStmt(s)
	case *ast.GoStmt:
		c := f.callExpr(s.Call, true)
		f.line(fmt.Sprintf("@%s go %s", f.lc(s.Go), c))
	case *ast.DeferStmt:
		c := f.callExpr(s.Call, true)
		f.line(fmt.Sprintf("@%s defer %s", f.lc(s.Defer), c))
	case *ast.LabeledStmt:
		f.line(fmt.Sprintf("@%s %s:", f.lc(s.Label.Pos()), f.labelName(s.Label.Name)))
		f.stmt(s.Stmt)
	case *ast.BranchStmt:
		if s.Tok == token.GOTO {
			f.line(fmt.Sprintf("@%s goto %s", f.lc(s.Pos()), f.labelName(s.Label.Name)))
		}
		// break, continue and fallthrough do not change flows (the analysis is flow-insensitive)
	case *ast.IfStmt:
		f.ifStmt(s)
	case *ast.ForStmt:
		f.open("")
		if s.Init != nil {
			f.stmt(s.Init)
		}
		f.open(fmt.Sprintf("@%s for", f.lc(s.For)))
		if s.Cond != nil {
			f.line(fmt.Sprintf("@%s %s", f.lc(gcPos(s.Cond)), f.evalExpr(s.Cond)))
		}
		if s.Post != nil {
			f.stmt(s.Post)
		}
		f.block(s.Body.List)
		f.close()
		f.close()
	case *ast.RangeStmt:
		f.rangeStmt(s)
	case *ast.SwitchStmt:
		f.open("")
		if s.Init != nil {
			f.stmt(s.Init)
		}
		if s.Tag != nil {
			f.line(fmt.Sprintf("@%s %s", f.lc(gcPos(s.Tag)), f.evalExpr(s.Tag)))
		}
		for _, c := range s.Body.List {
			cc := c.(*ast.CaseClause)
			f.open(fmt.Sprintf("@%s if", f.lc(cc.Case)))
			for _, e := range cc.List {
				f.line(fmt.Sprintf("@%s %s", f.lc(gcPos(e)), f.evalExpr(e)))
			}
			f.block(cc.Body)
			f.close()
		}
		f.close()
	case *ast.TypeSwitchStmt:
		f.typeSwitch(s)
	case *ast.SelectStmt:
		for _, c := range s.Body.List {
			cc := c.(*ast.CommClause)
			f.open(fmt.Sprintf("@%s if", f.lc(cc.Case)))
			if cc.Comm != nil {
				f.stmt(cc.Comm)
			}
			f.block(cc.Body)
			f.close()
		}
	default:
		f.warn(s, "statement %T lowered conservatively", s)
	}
}

func (f *fnState) labelName(n string) string {
	m := mangle(n)
	if irReserved[m] {
		m += "_"
	}
	return m
}

func (f *fnState) ifStmt(s *ast.IfStmt) {
	wrap := s.Init != nil
	if wrap {
		f.open("")
		f.stmt(s.Init)
	}
	f.line(fmt.Sprintf("@%s %s", f.lc(gcPos(s.Cond)), f.evalExpr(s.Cond)))
	f.open(fmt.Sprintf("@%s if", f.lc(s.If)))
	f.block(s.Body.List)
	if s.Else != nil {
		f.flush()
		f.indent--
		f.out.WriteString(f.ind() + "} else {\n")
		f.indent++
		switch e := s.Else.(type) {
		case *ast.BlockStmt:
			f.block(e.List)
		default:
			f.block([]ast.Stmt{e})
		}
	}
	f.close()
	if wrap {
		f.close()
	}
}

func (f *fnState) rangeStmt(s *ast.RangeStmt) {
	xt := f.l.typeOf(s.X)
	if xt == nil {
		f.warn(s, "range over an untyped expression")
		return
	}
	switch u := xt.Underlying().(type) {
	case *types.Basic:
		if u.Info()&types.IsString == 0 {
			f.warn(s, "range over %s lowered conservatively", xt)
			f.line(f.unknownStmt([]ast.Expr{s.X}))
			f.open("for")
			f.block(s.Body.List)
			f.close()
			return
		}
	case *types.Signature:
		f.warn(s, "range over a function lowered conservatively")
		f.line(f.unknownStmt([]ast.Expr{s.X}))
		f.open("for")
		f.block(s.Body.List)
		f.close()
		return
	}
	x := f.expr(s.X)
	if containsLiteral(s.X) || strings.Contains(x, "{") {
		// `for ... range T{...}` would read as the loop body in the IR (also the `... argument`
		// literal of a variadic call, `range g(1, 2)`): go through a temporary
		t := f.tmp()
		f.line(fmt.Sprintf("%s := %s", t, x))
		x = t
	}
	header := ""
	switch {
	case s.Key == nil && s.Value == nil:
		header = "for range " + x
	case s.Tok == token.DEFINE:
		parts := []string{}
		for _, e := range []ast.Expr{s.Key, s.Value} {
			if e == nil {
				continue
			}
			id := e.(*ast.Ident)
			if id.Name == "_" {
				parts = append(parts, "_")
				continue
			}
			v, _ := f.l.info.Defs[id].(*types.Var)
			if v == nil {
				parts = append(parts, "_")
				continue
			}
			parts = append(parts, fmt.Sprintf("%s@%s", f.declare(v), f.lc(id.Pos())))
		}
		if s.Value == nil && len(parts) == 1 {
			header = fmt.Sprintf("for %s := range %s", parts[0], x)
		} else {
			header = fmt.Sprintf("for %s := range %s", strings.Join(parts, ", "), x)
		}
		// Range variables whose Go type differs from the IR's element type need a conversion; the
		// IR derives them from x, like Go.
	default:
		parts := []string{}
		kt, vt := rangeTypes(xt)
		for i, e := range []ast.Expr{s.Key, s.Value} {
			if e == nil {
				continue
			}
			parts = append(parts, f.target(e))
			// `for _, s = range xs` into an interface s: the IR keeps the concrete element (gc
			// converts after escape analysis); a witness puts its type into s's type set.
			et := kt
			if i == 1 {
				et = vt
			}
			if tt := f.l.typeOf(e); isIface(tt) && et != nil && !isIface(et) {
				f.typeWitness(e, tt, et)
			}
		}
		header = fmt.Sprintf("for %s = range %s", strings.Join(parts, ", "), x)
	}
	// The IR declares := range variables in the enclosing block: give them a block of their own,
	// as Go scopes them to the loop.
	scoped := s.Tok == token.DEFINE
	if scoped {
		f.open("")
	}
	f.open(fmt.Sprintf("@%s %s", f.lc(s.For), header))
	f.block(s.Body.List)
	f.close()
	if scoped {
		f.close()
	}
}

// rangeTypes gives the types of the key and the value of `range x` for x of type xt.
func rangeTypes(xt types.Type) (key, value types.Type) {
	switch u := xt.Underlying().(type) {
	case *types.Basic:
		return types.Typ[types.Int], types.Typ[types.Rune]
	case *types.Slice:
		return types.Typ[types.Int], u.Elem()
	case *types.Array:
		return types.Typ[types.Int], u.Elem()
	case *types.Pointer:
		if a, ok := u.Elem().Underlying().(*types.Array); ok {
			return types.Typ[types.Int], a.Elem()
		}
	case *types.Map:
		return u.Key(), u.Elem()
	case *types.Chan:
		return u.Elem(), nil
	}
	return nil, nil
}

func containsLiteral(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.CompositeLit, *ast.FuncLit:
			found = true
		}
		return !found
	})
	return found
}

func (f *fnState) typeSwitch(s *ast.TypeSwitchStmt) {
	f.open("")
	if s.Init != nil {
		f.stmt(s.Init)
	}
	var x ast.Expr
	bound := ""
	var bindPos token.Pos
	switch a := s.Assign.(type) {
	case *ast.AssignStmt:
		x = a.Rhs[0].(*ast.TypeAssertExpr).X
		bound = a.Lhs[0].(*ast.Ident).Name
		bindPos = a.Lhs[0].Pos()
	case *ast.ExprStmt:
		x = a.X.(*ast.TypeAssertExpr).X
	}
	tmp := ""
	if bound != "" && bound != "_" {
		tmp = f.tmp()
		f.line(fmt.Sprintf("@%s %s := %s", f.lc(gcPos(x)), tmp, f.expr(x)))
	} else {
		f.line(fmt.Sprintf("@%s %s", f.lc(gcPos(x)), f.evalExpr(x)))
	}
	for _, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		f.open(fmt.Sprintf("@%s if", f.lc(cc.Case)))
		if tmp != "" {
			if obj, ok := f.l.info.Implicits[cc].(*types.Var); ok {
				name := f.declare(obj)
				val := tmp
				if len(cc.List) == 1 {
					ct := f.l.typeOf(cc.List[0])
					if tv := f.l.info.Types[cc.List[0]]; ct != nil && !tv.IsNil() {
						val = fmt.Sprintf("%s.(%s)", tmp, f.l.irType(ct))
					}
				}
				// gc declares each clause's variable at the clause's ':'
				f.line(fmt.Sprintf("@%s var %s %s @%s = %s", f.lc(bindPos), name, f.l.irType(f.l.st(obj.Type())), f.lc(cc.Colon), val))
			}
		}
		f.block(cc.Body)
		f.close()
	}
	f.close()
}

func (f *fnState) returnStmt(s *ast.ReturnStmt) {
	n := f.sig.Results().Len()
	if len(s.Results) == 0 {
		f.line(fmt.Sprintf("@%s return", f.lc(s.Return)))
		return
	}
	if len(s.Results) == 1 && n > 1 {
		// return f() with several results
		if f.tupleFits(s.Results[0], f.l.st(f.sig.Results()).(*types.Tuple)) {
			f.line(fmt.Sprintf("@%s return %s", f.lc(s.Return), f.expr(s.Results[0])))
			return
		}
		tmps := f.spreadTuple(s.Results[0])
		vals := make([]string, n)
		for i := range vals {
			vals[i] = f.convertTemp(tmps[i], f.tupleType(s.Results[0], i), f.l.st(f.sig.Results().At(i).Type()), gcPos(s.Results[0]), s.Results[0])
		}
		f.line(fmt.Sprintf("@%s return %s", f.lc(s.Return), strings.Join(vals, ", ")))
		return
	}
	poss := f.astePositions(f.basePos(s.Return, s.Results...), s.Results)
	if f.inShapeBody() {
		// gc's stenciled return converts after all results: at the last position typecheckaste
		// reached (the return keyword for a single result)
		last := f.shapePos(s.Return, s.Results...)
		for i := range poss {
			poss[i] = last
		}
	}
	vals := make([]string, len(s.Results))
	for i, r := range s.Results {
		vals[i] = f.valueTo(r, f.l.st(f.sig.Results().At(i).Type()), poss[i])
	}
	f.line(fmt.Sprintf("@%s ~%s return %s", f.lc(s.Return), irQuote("return "+f.l.gc.exprList(s.Results)), strings.Join(vals, ", ")))
}

// declStmt lowers local var, const and type declarations.
func (f *fnState) declStmt(s *ast.DeclStmt) {
	g, ok := s.Decl.(*ast.GenDecl)
	if !ok {
		return
	}
	if g.Tok != token.VAR {
		if g.Tok == token.TYPE {
			// declare local types now (they are hoisted to the top level)
			for _, sp := range g.Specs {
				ts := sp.(*ast.TypeSpec)
				if obj, ok := f.l.info.Defs[ts.Name].(*types.TypeName); ok {
					if n, ok := obj.Type().(*types.Named); ok && (n.TypeParams() == nil || n.TypeParams().Len() == 0) {
						f.l.namedType(n)
					}
				}
			}
		}
		return
	}
	for _, sp := range g.Specs {
		vs := sp.(*ast.ValueSpec)
		vars := make([]*types.Var, len(vs.Names))
		for i, n := range vs.Names {
			vars[i], _ = f.l.info.Defs[n].(*types.Var)
		}
		if len(vs.Values) == 0 {
			for i, n := range vs.Names {
				if vars[i] == nil || n.Name == "_" {
					continue
				}
				f.line(fmt.Sprintf("var %s %s @%s", f.declare(vars[i]), f.l.irType(f.l.st(vars[i].Type())), f.lc(n.Pos())))
			}
			continue
		}
		if len(vs.Values) == len(vs.Names) {
			convPos := f.basePos(vs.Names[0].Pos(), vs.Values...)
			if f.inShapeBody() {
				convPos = f.shapePos(vs.Names[0].Pos(), vs.Values...)
			}
			// Values are evaluated before the names are in scope: lower them first.
			vals := make([]string, len(vs.Values))
			for i, v := range vs.Values {
				if vars[i] == nil {
					vals[i] = f.valueTo(v, f.l.typeOf(v), convPos)
					continue
				}
				vals[i] = f.valueTo(v, f.l.st(vars[i].Type()), convPos)
			}
			if len(vs.Names) == 1 {
				n := vs.Names[0]
				if vars[0] == nil || n.Name == "_" {
					f.line(fmt.Sprintf("@%s _ = %s", f.lc(n.Pos()), vals[0]))
				} else {
					f.line(fmt.Sprintf("@%s var %s %s @%s = %s", f.lc(n.Pos()), f.declare(vars[0]), f.l.irType(f.l.st(vars[0].Type())), f.lc(n.Pos()), vals[0]))
				}
				continue
			}
			// Several names: bind each value to a temporary first (values see the outer scope).
			tmps := make([]string, len(vals))
			for i := range vals {
				tmps[i] = f.tmp()
				f.line(fmt.Sprintf("%s := %s", tmps[i], vals[i]))
			}
			for i, n := range vs.Names {
				if vars[i] == nil || n.Name == "_" {
					continue
				}
				f.line(fmt.Sprintf("@%s var %s %s @%s = %s", f.lc(n.Pos()), f.declare(vars[i]), f.l.irType(f.l.st(vars[i].Type())), f.lc(n.Pos()), tmps[i]))
			}
			continue
		}
		// var a, b = f()  /  var v, ok = m[k]
		lhs := make([]ast.Expr, len(vs.Names))
		for i, n := range vs.Names {
			lhs[i] = n
		}
		f.assign(lhs, token.DEFINE, vs.Values, vs.Names[0].Pos(), false)
	}
}
