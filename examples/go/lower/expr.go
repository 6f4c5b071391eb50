package main

// Expressions and assignments.

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// gcPos is the position gc gives the node for expression e (syntax package conventions): the
// operator of unary and binary expressions, '.' of selectors, '[' of index and slice
// expressions, '(' of calls and conversions, '{' of composite literals, ':' of key: value pairs.
func gcPos(e ast.Expr) token.Pos {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return gcPos(e.X)
	case *ast.SelectorExpr:
		return e.Sel.Pos() - 1
	case *ast.IndexExpr:
		return e.Lbrack
	case *ast.IndexListExpr:
		return e.Lbrack
	case *ast.SliceExpr:
		return e.Lbrack
	case *ast.CallExpr:
		return e.Lparen
	case *ast.CompositeLit:
		return e.Lbrace
	case *ast.KeyValueExpr:
		return e.Colon
	case *ast.BinaryExpr:
		return e.OpPos
	case *ast.UnaryExpr:
		return e.OpPos
	case *ast.StarExpr:
		return e.Star
	case *ast.TypeAssertExpr:
		return e.Lparen - 1
	case *ast.FuncLit:
		return e.Type.Func
	}
	return e.Pos()
}

// at annotates an IR expression with a position and a display text.
func (f *fnState) at(ir string, pos token.Pos, display string) string {
	return fmt.Sprintf("(%s)@%s ~%s", ir, f.lc(pos), irQuote(display))
}

// lastVarPos is where gc puts the implicit conversions of an assignment: the last variable named
// in the assignment's targets (what the noder evaluated last).
func (f *fnState) lastVarPos(lhs []ast.Expr, fallback token.Pos) token.Pos {
	pos := token.NoPos
	for _, e := range lhs {
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if _, ok := f.l.info.Uses[n].(*types.Var); ok {
					pos = n.Pos()
				}
				if _, ok := f.l.info.Defs[n].(*types.Var); ok {
					pos = n.Pos()
				}
			case *ast.FuncLit:
				return false
			}
			return true
		})
	}
	if !pos.IsValid() {
		return fallback
	}
	return pos
}

// ---------------------------------------------------------------------------------------------
// Assignments

// assign lowers lhs tok rhs (=, :=, op=). toGlobal: package-level initialization.
func (f *fnState) assign(lhs []ast.Expr, tok token.Token, rhs []ast.Expr, tokPos token.Pos, toGlobal bool) {
	if tok != token.ASSIGN && tok != token.DEFINE {
		// x op= y: y flows into x
		t := f.target(lhs[0])
		v := f.valueTo(rhs[0], f.l.typeOf(lhs[0]), gcPos(rhs[0]))
		f.line(fmt.Sprintf("@%s ~%s %s += %s", f.lc(tokPos), irQuote(f.l.gc.assignText(lhs, tok, rhs)), t, v))
		return
	}
	text := irQuote(f.l.gc.assignText(lhs, tok, rhs))
	if len(lhs) == 1 && len(rhs) == 1 && tok == token.ASSIGN {
		if se, ok := unparen(lhs[0]).(*ast.SelectorExpr); ok && f.l.isReflectHeaderData(se) {
			// gc's assignList: the uintptr stored into a reflect header's Data is a pointer value
			// (unsafeValue into the heap)
			f.line(fmt.Sprintf("@%s %s = unsafe.Pointer(%s)", f.lc(tokPos), f.reflectDataPtr(se), f.expr(rhs[0])))
			return
		}
	}
	// Which targets are new variables (:=)?
	newVars := make([]*types.Var, len(lhs))
	anyNew, allNew := false, true
	if tok == token.DEFINE {
		for i, e := range lhs {
			id, ok := e.(*ast.Ident)
			if !ok {
				allNew = false
				continue
			}
			if id.Name == "_" {
				continue
			}
			if v, ok := f.l.info.Defs[id].(*types.Var); ok && v != nil {
				newVars[i] = v
				anyNew = true
			} else {
				allNew = false
			}
		}
	} else {
		allNew = false
	}
	lhsType := func(i int) types.Type {
		if newVars[i] != nil {
			return f.l.st(newVars[i].Type())
		}
		if id, ok := lhs[i].(*ast.Ident); ok && id.Name == "_" {
			return nil
		}
		return f.l.typeOf(lhs[i])
	}
	if len(lhs) == len(rhs) {
		convPos := f.basePos(tokPos, append(append([]ast.Expr{}, rhs...), lhs...)...)
		if tok == token.DEFINE {
			convPos = f.basePos(tokPos, rhs...)
		}
		if f.inShapeBody() {
			// gc's stenciled assignment converts where its evaluation left base.Pos
			convPos = f.shapePos(tokPos, append(append([]ast.Expr{}, rhs...), lhs...)...)
		}
		vals := make([]string, len(rhs))
		for i, r := range rhs {
			t := lhsType(i)
			if t == nil {
				t = defaultType(f.l.typeOf(r))
			}
			vals[i] = f.valueTo(r, t, convPos)
		}
		if tok == token.DEFINE && allNew {
			if len(lhs) == 1 {
				id := lhs[0].(*ast.Ident)
				if newVars[0] == nil {
					f.line(fmt.Sprintf("@%s _ = %s", f.lc(tokPos), vals[0]))
				} else {
					f.line(fmt.Sprintf("@%s ~%s var %s %s @%s = %s", f.lc(tokPos), text, f.declare(newVars[0]), f.l.irType(f.l.st(newVars[0].Type())), f.lc(id.Pos()), vals[0]))
				}
				return
			}
			names := make([]string, len(lhs))
			for i, e := range lhs {
				id := e.(*ast.Ident)
				if newVars[i] == nil {
					names[i] = "_"
				} else {
					// make the IR variable's type the Go type
					vals[i] = f.convertIR(vals[i], f.l.typeOf(rhs[i]), f.l.st(newVars[i].Type()))
					names[i] = fmt.Sprintf("%s@%s", f.declare(newVars[i]), f.lc(id.Pos()))
				}
			}
			f.line(fmt.Sprintf("@%s ~%s %s := %s", f.lc(tokPos), text, strings.Join(names, ", "), strings.Join(vals, ", ")))
			return
		}
		targets := f.targets(lhs, newVars, anyNew)
		f.line(fmt.Sprintf("@%s ~%s %s = %s", f.lc(tokPos), text, strings.Join(targets, ", "), strings.Join(vals, ", ")))
		return
	}
	// One value, several targets: a call with several results or a comma-ok form.
	r := unparen(rhs[0])
	if len(rhs) == 1 && len(lhs) == 2 {
		switch r.(type) {
		case *ast.TypeAssertExpr, *ast.IndexExpr, *ast.UnaryExpr:
			if _, isTuple := f.l.typeOf(r).(*types.Tuple); !isTuple || isCommaOk(r) {
				v := f.commaOkValue(r)
				if tok == token.DEFINE && allNew {
					names := make([]string, 2)
					for i, e := range lhs {
						id := e.(*ast.Ident)
						if newVars[i] == nil {
							names[i] = "_"
						} else {
							names[i] = fmt.Sprintf("%s@%s", f.declare(newVars[i]), f.lc(id.Pos()))
						}
					}
					if newVars[0] != nil && !types.Identical(newVars[0].Type(), f.commaOkType(r)) {
						// v, ok := x.(T) always has v of type T; other forms likewise
					}
					f.line(fmt.Sprintf("@%s ~%s %s := %s", f.lc(tokPos), text, strings.Join(names, ", "), v))
					return
				}
				// v, ok = x.(T) into an interface v: gc converts only after escape analysis
				// (order), so the flow is the unconverted value's; the IR accepts it as is, and a
				// witness puts T into v's type set (and into the program's converted types).
				if vt := lhsType(0); vt != nil && isIface(vt) {
					if ct := f.commaOkType(r); ct != nil && !isIface(ct) {
						f.typeWitness(lhs[0], vt, ct)
					}
				}
				targets := f.targets(lhs, newVars, anyNew)
				f.line(fmt.Sprintf("@%s %s = %s", f.lc(tokPos), strings.Join(targets, ", "), v))
				return
			}
		}
	}
	// a, b = f()
	tt, _ := f.l.typeOf(r).(*types.Tuple)
	if tt == nil || tt.Len() != len(lhs) {
		f.warn(r, "assignment of %d values from %T lowered conservatively", len(lhs), r)
		f.line(f.unknownStmt(append(append([]ast.Expr{}, rhs...))))
		return
	}
	fits := true
	for i := range lhs {
		t := lhsType(i)
		if t != nil && !types.Identical(t, tt.At(i).Type()) && (isIface(t) || !types.AssignableTo(tt.At(i).Type(), t)) {
			fits = false
		}
	}
	if fits {
		call := f.expr(r)
		if tok == token.DEFINE && allNew {
			names := make([]string, len(lhs))
			for i, e := range lhs {
				id := e.(*ast.Ident)
				if newVars[i] == nil {
					names[i] = "_"
				} else {
					names[i] = fmt.Sprintf("%s@%s", f.declare(newVars[i]), f.lc(id.Pos()))
				}
			}
			f.line(fmt.Sprintf("@%s ~%s %s := %s", f.lc(tokPos), text, strings.Join(names, ", "), call))
			return
		}
		targets := f.targets(lhs, newVars, anyNew)
		f.line(fmt.Sprintf("@%s %s = %s", f.lc(tokPos), strings.Join(targets, ", "), call))
		return
	}
	tmps := f.spreadTuple(r)
	targets := f.targets(lhs, newVars, anyNew)
	vals := make([]string, len(lhs))
	for i := range lhs {
		t := lhsType(i)
		if t == nil {
			t = tt.At(i).Type()
		}
		vals[i] = f.convertTemp(tmps[i], tt.At(i).Type(), t, f.lastVarPos(lhs, tokPos), r)
	}
	f.line(fmt.Sprintf("@%s %s = %s", f.lc(tokPos), strings.Join(targets, ", "), strings.Join(vals, ", ")))
}

func isCommaOk(e ast.Expr) bool {
	switch e.(type) {
	case *ast.TypeAssertExpr, *ast.IndexExpr, *ast.UnaryExpr:
		return true
	}
	return false
}

// commaOkValue lowers the single value of v, ok = x.(T) / m[k] / <-ch.
func (f *fnState) commaOkValue(r ast.Expr) string {
	return f.expr(r)
}

func (f *fnState) commaOkType(r ast.Expr) types.Type {
	switch r := r.(type) {
	case *ast.TypeAssertExpr:
		return f.l.typeOf(r.Type)
	case *ast.IndexExpr:
		return f.l.typeOf(r.X).Underlying().(*types.Map).Elem()
	case *ast.UnaryExpr:
		return f.l.typeOf(r.X).Underlying().(*types.Chan).Elem()
	}
	return nil
}

// targets lowers assignment targets; with anyNew, new variables of a := are declared first.
func (f *fnState) targets(lhs []ast.Expr, newVars []*types.Var, anyNew bool) []string {
	out := make([]string, len(lhs))
	for i, e := range lhs {
		if newVars[i] != nil {
			id := e.(*ast.Ident)
			f.preLine(fmt.Sprintf("var %s %s @%s", f.declare(newVars[i]), f.l.irType(f.l.st(newVars[i].Type())), f.lc(id.Pos())))
			out[i] = f.names[newVars[i]]
			continue
		}
		out[i] = f.target(e)
	}
	return out
}

// target lowers an assignment target.
func (f *fnState) target(e ast.Expr) string {
	e = unparen(e)
	if se, ok := e.(*ast.SelectorExpr); ok && f.l.isReflectHeaderData(se) {
		return f.reflectDataPtr(se)
	}
	if id, ok := e.(*ast.Ident); ok {
		if id.Name == "_" {
			return "_"
		}
		if v, ok := f.l.info.ObjectOf(id).(*types.Var); ok {
			return f.varName(v)
		}
	}
	if ix, ok := e.(*ast.IndexExpr); ok {
		if m, ok := f.l.typeOf(ix.X).Underlying().(*types.Map); ok {
			return fmt.Sprintf("(%s)[%s]", f.expr(ix.X), f.valueTo(ix.Index, m.Key(), f.basePos(ix.Lbrack, ix.X, ix.Index)))
		}
	}
	return f.expr(e)
}

// spreadTuple evaluates a multi-value expression into temporaries.
func (f *fnState) spreadTuple(e ast.Expr) []string {
	tt := f.l.typeOf(e).(*types.Tuple)
	tmps := make([]string, tt.Len())
	for i := range tmps {
		tmps[i] = f.tmp()
	}
	f.preLine(fmt.Sprintf("%s := %s", strings.Join(tmps, ", "), f.expr(e)))
	return tmps
}

func (f *fnState) tupleType(e ast.Expr, i int) types.Type {
	return f.l.typeOf(e).(*types.Tuple).At(i).Type()
}

func (f *fnState) tupleFits(e ast.Expr, want *types.Tuple) bool {
	tt, ok := f.l.typeOf(e).(*types.Tuple)
	if !ok || tt.Len() != want.Len() {
		return false
	}
	for i := 0; i < tt.Len(); i++ {
		if !types.Identical(tt.At(i).Type(), want.At(i).Type()) && (isIface(want.At(i).Type()) || !types.AssignableTo(tt.At(i).Type(), want.At(i).Type())) {
			return false
		}
	}
	return true
}

// convertTemp converts the value of temporary tmp (of type from) to type to.
func (f *fnState) convertTemp(tmp string, from, to types.Type, pos token.Pos, src ast.Expr) string {
	if isIface(to) && !isIface(from) {
		f.l.noteConverted(from)
		return f.at(fmt.Sprintf("%s(%s)", f.l.irType(to), tmp), pos, f.l.gc.expr(src))
	}
	return f.convertIR(tmp, from, to)
}

// convertIR adds an explicit IR conversion when Go converts implicitly between different types.
func (f *fnState) convertIR(ir string, from, to types.Type) string {
	if from == nil || to == nil || types.Identical(from, to) {
		return ir
	}
	if isIface(to) {
		return ir
	}
	if b, ok := from.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		return ir
	}
	if _, ok := to.Underlying().(*types.Signature); ok {
		return ir
	}
	return fmt.Sprintf("%s(%s)", f.convType(to), ir)
}

// convType renders a type usable in conversion position in the IR.
func (f *fnState) convType(t types.Type) string {
	s := f.l.irType(t)
	if strings.Contains(s, "func(") {
		// the IR reads `func` in an expression as a function literal: name the type
		key := "#conv#" + s
		if n, ok := f.l.namedByKey[key]; ok {
			return n
		}
		n := f.l.uniqueTop("esc_conv")
		f.l.namedByKey[key] = n
		fmt.Fprintf(&f.l.typeDecls, "type %s %s\n", n, s)
		return n
	}
	if strings.HasPrefix(s, "*") || strings.HasPrefix(s, "func") || strings.HasPrefix(s, "chan") {
		return "(" + s + ")"
	}
	return s
}

func defaultType(t types.Type) types.Type {
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		return types.Default(t)
	}
	return t
}

// ---------------------------------------------------------------------------------------------
// Values

// valueTo lowers e as a value assigned to type t: concrete values assigned to interfaces are
// converted (gc's implicit OCONVIFACE: an allocation site when the value is not pointer-shaped),
// reported at convPos.
func (f *fnState) valueTo(e ast.Expr, t types.Type, convPos token.Pos) string {
	et := f.l.typeOf(e)
	if t != nil && isIface(t) && et != nil && !isIface(et) {
		tv := f.l.info.Types[e]
		if tv.IsNil() {
			return "nil"
		}
		inner := f.expr(e)
		f.l.noteConverted(et)
		return f.dictConv(t, et, f.at(fmt.Sprintf("%s(%s)", f.convType(t), inner), convPos, f.convDisplay(e, et)))
	}
	v := f.expr(e)
	if t != nil && et != nil && !f.l.isConst(e) {
		v = f.convertIR(v, et, t)
	}
	return v
}

// evalExpr lowers an expression evaluated for its effects.
func (f *fnState) evalExpr(e ast.Expr) string {
	return f.expr(e)
}

// unknownStmt passes every operand to a body-less function (conservative).
func (f *fnState) unknownStmt(args []ast.Expr) string {
	var ts []types.Type
	var vs []string
	for _, a := range args {
		t := f.l.typeOf(a)
		if t == nil {
			continue
		}
		if _, ok := t.(*types.Tuple); ok {
			vs = append(vs, f.expr(a))
			continue
		}
		ts = append(ts, defaultType(t))
		vs = append(vs, f.expr(a))
	}
	name := f.l.unknownFunc(ts, nil)
	return fmt.Sprintf("%s(%s)", name, strings.Join(vs, ", "))
}

// unknownExpr lowers an expression of type t the lowering does not model: its operands leak.
func (f *fnState) unknownExpr(e ast.Expr, operands []ast.Expr, what string) string {
	f.warn(e, "%s lowered conservatively (its operands escape)", what)
	t := defaultType(f.l.typeOf(e))
	var ts []types.Type
	var vs []string
	for _, a := range operands {
		at := f.l.typeOf(a)
		if at == nil {
			continue
		}
		if _, ok := at.(*types.Tuple); ok {
			continue
		}
		if tv := f.l.info.Types[a]; tv.IsType() {
			continue
		}
		ts = append(ts, defaultType(at))
		vs = append(vs, f.expr(a))
	}
	var rt types.Type
	if t != nil {
		if tt, ok := t.(*types.Tuple); !ok || tt.Len() == 1 {
			rt = t
			if ok {
				rt = tt.At(0).Type()
			}
		}
	}
	name := f.l.unknownFunc(ts, rt)
	return fmt.Sprintf("%s(%s)", name, strings.Join(vs, ", "))
}

// constExpr lowers a constant. raw: an untyped literal is enough (sizes, indices).
func (f *fnState) constExpr(e ast.Expr, tv types.TypeAndValue, raw bool) string {
	t := tv.Type
	v := tv.Value
	lit := ""
	basicDefault := ""
	switch v.Kind() {
	case constant.Bool:
		lit = strconv.FormatBool(constant.BoolVal(v))
		basicDefault = "bool"
	case constant.String:
		s := constant.StringVal(v)
		if len(s) > 200 {
			s = s[:200]
		}
		lit = irQuote(s)
		basicDefault = "string"
	case constant.Int:
		if u, ok := constant.Uint64Val(v); ok {
			lit = strconv.FormatUint(u, 10)
		} else {
			lit = ""
		}
		basicDefault = "int"
	case constant.Float:
		if i := constant.ToInt(v); i.Kind() == constant.Int {
			if u, ok := constant.Uint64Val(i); ok {
				lit = strconv.FormatUint(u, 10)
			}
		}
		if lit == "" {
			if fl, ok := constant.Float64Val(v); ok && fl >= 0 && fl < 1e300 {
				lit = strconv.FormatFloat(fl, 'e', -1, 64)
				if !strings.ContainsAny(lit, ".e") {
					lit += ".0"
				}
				basicDefault = "float64"
			}
		} else {
			basicDefault = "int"
		}
	}
	irT := f.l.irType(defaultType(t))
	if lit == "" {
		return fmt.Sprintf("op[%s]()", irT)
	}
	if raw {
		return lit
	}
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		return lit
	}
	if irT == basicDefault {
		return lit
	}
	if _, ok := t.Underlying().(*types.Basic); !ok {
		return lit
	}
	return fmt.Sprintf("%s(%s)", f.convType(t), lit)
}

// expr lowers e as a value of its own type.
func (f *fnState) expr(e ast.Expr) string {
	s := f.expr0(e)
	if f.l.explain {
		// -m=2: every operation gc's notes name gets its position and text
		switch e.(type) {
		case *ast.UnaryExpr, *ast.StarExpr, *ast.SelectorExpr, *ast.IndexExpr, *ast.SliceExpr, *ast.TypeAssertExpr:
			if !strings.HasSuffix(s, "\"") && !strings.Contains(s, "esc_unknown") {
				return fmt.Sprintf("(%s)@%s ~%s", s, f.lc(gcPos(e)), irQuote(f.l.gc.expr(e)))
			}
		}
	}
	return s
}

func (f *fnState) expr0(e ast.Expr) string {
	tv, ok := f.l.info.Types[e]
	if ok && tv.Value != nil {
		return f.constExpr(e, tv, false)
	}
	if ok && tv.IsNil() {
		return "nil"
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return f.expr(e.X)
	case *ast.Ident:
		return f.ident(e)
	case *ast.BasicLit:
		return "0"
	case *ast.CompositeLit:
		return f.composite(e, f.l.typeOf(e))
	case *ast.FuncLit:
		return f.funcLit(e)
	case *ast.SelectorExpr:
		return f.selector(e)
	case *ast.IndexExpr:
		xt := f.l.typeOf(e.X)
		if tvx := f.l.info.Types[e.X]; tvx.IsValue() {
			if _, ok := xt.(*types.Signature); ok {
				if id := indexBase(e); id != nil {
					if n, _ := f.genericFuncRef(id); n != "" {
						return n
					}
				}
				return f.unknownExpr(e, nil, "instantiation of a generic function")
			}
		}
		if xt == nil {
			return f.unknownExpr(e, nil, "index expression")
		}
		if m, ok := xt.Underlying().(*types.Map); ok {
			return fmt.Sprintf("(%s)[%s]", f.expr(e.X), f.valueTo(e.Index, m.Key(), f.basePos(e.Lbrack, e.X, e.Index)))
		}
		return fmt.Sprintf("(%s)[%s]", f.expr(e.X), f.indexValue(e.Index))
	case *ast.IndexListExpr:
		if id := indexBase(e); id != nil {
			if n, _ := f.genericFuncRef(id); n != "" {
				return n
			}
		}
		return f.unknownExpr(e, nil, "instantiation of a generic function")
	case *ast.SliceExpr:
		x := f.expr(e.X)
		lo, hi, mx := "", "", ""
		if e.Low != nil {
			lo = f.indexValue(e.Low)
		}
		if e.High != nil {
			hi = f.indexValue(e.High)
		}
		if e.Slice3 {
			if e.Max != nil {
				mx = f.indexValue(e.Max)
			}
			return fmt.Sprintf("(%s)[%s:%s:%s]", x, lo, hi, mx)
		}
		return fmt.Sprintf("(%s)[%s:%s]", x, lo, hi)
	case *ast.TypeAssertExpr:
		return fmt.Sprintf("(%s).(%s)", f.expr(e.X), f.l.irType(f.l.typeOf(e.Type)))
	case *ast.CallExpr:
		return f.callExpr(e, false)
	case *ast.StarExpr:
		return fmt.Sprintf("*(%s)", f.expr(e.X))
	case *ast.UnaryExpr:
		switch e.Op {
		case token.AND:
			x := unparen(e.X)
			if cl, ok := x.(*ast.CompositeLit); ok {
				lit := f.composite(cl, f.l.typeOf(cl))
				return f.addrOfLit(lit, f.l.typeOf(cl), e.OpPos, f.l.gc.expr(e))
			}
			return fmt.Sprintf("&(%s)", f.expr(x))
		case token.ARROW:
			return fmt.Sprintf("<-(%s)", f.expr(e.X))
		}
		return fmt.Sprintf("op[%s](%s)", f.l.irType(defaultType(f.l.typeOf(e))), f.expr(e.X))
	case *ast.BinaryExpr:
		t := defaultType(f.l.typeOf(e))
		if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 && e.Op == token.ADD {
			// gc's OADDSTR: one allocation for the whole chain
			var ops []ast.Expr
			var collect func(x ast.Expr)
			collect = func(x ast.Expr) {
				x = unparen(x)
				if be, ok := x.(*ast.BinaryExpr); ok && be.Op == token.ADD && !f.l.isConst(be) {
					collect(be.X)
					collect(be.Y)
					return
				}
				ops = append(ops, x)
			}
			collect(e)
			parts := make([]string, len(ops))
			for i, o := range ops {
				parts[i] = f.expr(o)
			}
			pos := e.OpPos // gc's OADDSTR keeps the position of the outermost '+'

			return f.at(fmt.Sprintf("concat(%s)", strings.Join(parts, ", ")), pos, f.l.gc.expr(e))
		}
		return fmt.Sprintf("op[%s](%s, %s)", f.l.irType(t), f.expr(e.X), f.expr(e.Y))
	case *ast.KeyValueExpr:
		return f.expr(e.Value)
	}
	return f.unknownExpr(e, nil, fmt.Sprintf("expression %T", e))
}

// addStrPos: gc positions a string concatenation chain at its first '+'.
func (f *fnState) addStrPos(e *ast.BinaryExpr) token.Pos {
	x := unparen(e.X)
	if be, ok := x.(*ast.BinaryExpr); ok && be.Op == token.ADD && !f.l.isConst(be) {
		return f.addStrPos(be)
	}
	return e.OpPos
}

// indexValue lowers an index or slice bound (constants stay literals).
func (f *fnState) indexValue(e ast.Expr) string {
	if tv, ok := f.l.info.Types[e]; ok && tv.Value != nil {
		return f.constExpr(e, tv, true)
	}
	return f.expr(e)
}

func (f *fnState) ident(e *ast.Ident) string {
	obj := f.l.info.Uses[e]
	if obj == nil {
		obj = f.l.info.Defs[e]
	}
	switch o := obj.(type) {
	case *types.Var:
		return f.varName(o)
	case *types.Func:
		if r := f.funcRef(o, e); r != "" {
			return r
		}
		return f.unknownExpr(e, nil, "generic function value")
	case *types.Nil:
		return "nil"
	}
	return f.unknownExpr(e, nil, fmt.Sprintf("identifier %s", e.Name))
}

// funcRef names a function used as a value or callee.
func (f *fnState) funcRef(fn *types.Func, at ast.Node) string {
	if sig := fn.Type().(*types.Signature); sig.TypeParams() != nil && sig.TypeParams().Len() > 0 {
		if id, ok := at.(*ast.Ident); ok {
			n, _ := f.genericFuncRef(id)
			return n
		}
		return ""
	}
	if n, ok := f.l.funcNames[fn]; ok {
		return n
	}
	if fn.Pkg() != nil && fn.Pkg() != f.l.pkg {
		return f.l.externFunc(fn)
	}
	return ""
}

// composite lowers a composite literal of type t (t may be a pointer for elided &T{...}).
func (f *fnState) composite(e *ast.CompositeLit, t types.Type) string {
	if t == nil {
		return f.unknownExpr(e, nil, "composite literal")
	}
	if p, ok := t.Underlying().(*types.Pointer); ok && e.Type == nil {
		// an elided &T{...} element of a literal: gc's implicit OPTRLIT, at the '{'
		lit := f.composite(e, p.Elem())
		return f.addrOfLit(lit, p.Elem(), e.Lbrace, "&"+f.l.gc.expr(e)[1:])
	}
	irT := f.l.irType(t)
	if strings.HasPrefix(irT, "*") {
		irT = "(" + irT + ")"
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		parts := []string{}
		for i, el := range e.Elts {
			var fi int
			var val ast.Expr
			pos := gcPos(el)
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				key := kv.Key.(*ast.Ident)
				fi = fieldIndex(u, key.Name)
				val = kv.Value
			} else {
				fi = i
				val = el
			}
			if fi < 0 {
				continue
			}
			parts = append(parts, fmt.Sprintf("%s: %s", f.l.fieldName(u, fi), f.elemValue(val, u.Field(fi).Type(), pos)))
		}
		return fmt.Sprintf("%s{%s}", irT, strings.Join(parts, ", "))
	case *types.Array:
		parts := f.elems(e, u.Elem())
		return fmt.Sprintf("%s{%s}", irT, strings.Join(parts, ", "))
	case *types.Slice:
		parts := f.elems(e, u.Elem())
		return f.at(fmt.Sprintf("%s{%s}", irT, strings.Join(parts, ", ")), e.Lbrace, f.l.gc.expr(e))
	case *types.Map:
		parts := []string{}
		for _, el := range e.Elts {
			kv := el.(*ast.KeyValueExpr)
			k := f.elemValue(kv.Key, u.Key(), gcPos(kv))
			v := f.elemValue(kv.Value, u.Elem(), gcPos(kv))
			parts = append(parts, k+": "+v)
		}
		return f.at(fmt.Sprintf("%s{%s}", irT, strings.Join(parts, ", ")), e.Lbrace, f.l.gc.expr(e))
	}
	return f.unknownExpr(e, nil, "composite literal")
}

func fieldIndex(st *types.Struct, name string) int {
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == name {
			return i
		}
	}
	return -1
}

// elems lowers the elements of an array or slice literal.
func (f *fnState) elems(e *ast.CompositeLit, elem types.Type) []string {
	parts := []string{}
	for _, el := range e.Elts {
		pos := gcPos(el)
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		parts = append(parts, f.elemValue(el, elem, pos))
	}
	return parts
}

// elemValue lowers a literal element (elided composite types take the element type).
func (f *fnState) elemValue(el ast.Expr, t types.Type, convPos token.Pos) string {
	if cl, ok := el.(*ast.CompositeLit); ok && cl.Type == nil {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			lit := f.composite(cl, p.Elem())
			return f.addrOfLit(lit, p.Elem(), cl.Lbrace, "&"+f.l.gc.typeString(p.Elem())+ellipsis(len(cl.Elts)))
		}
		return f.composite(cl, t)
	}
	return f.valueTo(el, t, convPos)
}

// addrOfLit renders &T{...} (gc's OPTRLIT: a new object holding the literal's value). The IR takes
// the address of struct and array literals only; for a slice or map literal (&U{1, 2} with U a
// slice type) the new object is the one element of an array literal, whose address is taken:
// the literal's own allocation (the backing array, the map) flows into the object, as in gc.
func (f *fnState) addrOfLit(lit string, t types.Type, pos token.Pos, display string) string {
	switch t.Underlying().(type) {
	case *types.Slice, *types.Map:
		obj := f.at(fmt.Sprintf("&[1]%s{%s}", f.l.irType(t), lit), pos, display)
		return fmt.Sprintf("&((%s)[0])", obj)
	}
	return f.at("&"+lit, pos, display)
}

func ellipsis(n int) string {
	if n > 0 {
		return "{...}"
	}
	return "{}"
}

// funcLit declares a closure before the current statement and returns its use.
func (f *fnState) funcLit(e *ast.FuncLit) string {
	sig := f.l.rawTypeOf(e).(*types.Signature) // its parameters are the body's variables
	f.closGen++
	display := ""
	if f.isClos {
		display = fmt.Sprintf("%s.%d", f.display, f.closGen)
	} else {
		display = fmt.Sprintf("%s.func%d", f.display, f.closGen)
	}
	f.l.gen++
	name := fmt.Sprintf("esc_lit%d", f.l.gen)
	cf := newFnState(f.l, f, display, sig)
	cf.isClos = true
	cf.indent = f.indent + 1
	var b strings.Builder
	fmt.Fprintf(&b, "func %s @%s ~%s ", name, f.lc(e.Type.Func), irQuote(display))
	cf.signature(&b, sig, e.Type)
	cf.out.WriteString(f.ind())
	cf.out.WriteString(b.String())
	cf.out.WriteString(" {\n")
	cf.block(e.Body.List)
	cf.flush()
	cf.out.WriteString(f.ind() + "}\n")
	f.pre.WriteString(cf.out.String())
	return fmt.Sprintf("%s@%s ~\"func literal\"", name, f.lc(e.Type.Func))
}

// ---------------------------------------------------------------------------------------------
// Positions of implicit conversions. gc creates them at base.Pos, which the noder leaves at the
// last variable use or call it evaluated; typecheckaste (arguments, results) moves it to each
// operand that has a position of its own (not a name, a named constant or a type) first.

// basePos is base.Pos after evaluating exprs in order, starting from start.
func (f *fnState) basePos(start token.Pos, exprs ...ast.Expr) token.Pos {
	pos := start
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		if e == nil || f.l.isConst(e) {
			return
		}
		switch x := e.(type) {
		case *ast.Ident:
			switch f.l.info.Uses[x].(type) {
			case *types.Var, *types.Func:
				pos = x.Pos()
			}
		case *ast.CallExpr:
			tv := f.l.info.Types[x.Fun]
			if tv.IsBuiltin() {
				pos = x.Lparen
				for _, a := range x.Args {
					walk(a)
				}
				return
			}
			if tv.IsType() {
				// a conversion leaves base.Pos where its operand left it
				for _, a := range x.Args {
					walk(a)
				}
				return
			}
			walk(x.Fun)
			for _, a := range x.Args {
				walk(a)
			}
			pos = x.Lparen
		case *ast.FuncLit:
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok {
				if _, ok := f.l.info.Uses[id].(*types.PkgName); ok {
					switch f.l.info.Uses[x.Sel].(type) {
					case *types.Var, *types.Func:
						pos = x.Sel.Pos()
					}
					return
				}
			}
			walk(x.X)
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

// uniquePos: the operand has a position of its own (gc's ir.HasUniquePos): not a variable or
// function name, not a named constant.
func (f *fnState) uniquePos(e ast.Expr) bool {
	e = unparen(e)
	// gc's noder makes every constant a node of its own (OrigConst); names of variables and
	// functions are shared ONAMEs without a position of their own.
	if id, ok := e.(*ast.Ident); ok {
		switch f.l.info.Uses[id].(type) {
		case *types.Var, *types.Func, *types.TypeName:
			return false
		}
	}
	if se, ok := e.(*ast.SelectorExpr); ok {
		if id, ok := se.X.(*ast.Ident); ok {
			if _, ok := f.l.info.Uses[id].(*types.PkgName); ok {
				switch f.l.info.Uses[se.Sel].(type) {
				case *types.Var, *types.Func:
					return false
				}
			}
		}
	}
	return true
}

// astePositions emulates typecheckaste: the conversion position of each operand.
func (f *fnState) astePositions(start token.Pos, args []ast.Expr) []token.Pos {
	pos := start
	out := make([]token.Pos, len(args))
	for i, a := range args {
		if f.uniquePos(a) {
			pos = gcPos(a)
		}
		out[i] = pos
	}
	return out
}
