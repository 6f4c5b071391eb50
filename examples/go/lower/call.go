package main

// Selectors, method receivers and calls.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

func derefType(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// fieldPath applies the embedded-field path idx to x (of type t).
func (f *fnState) fieldPath(x string, t types.Type, idx []int) (string, types.Type, bool) {
	for _, i := range idx {
		st, ok := derefType(t).Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return "", nil, false
		}
		x = fmt.Sprintf("(%s).%s", x, f.l.fieldName(st, i))
		t = st.Field(i).Type()
	}
	return x, t, true
}

// methodFunc reports whether fn (a method) can be called statically in the IR, declaring imported
// methods on first use.
func (f *fnState) staticMethod(fn *types.Func) bool {
	if isGenericMethod(fn) {
		// a method of an instantiated generic type: its shape instance and a wrapper
		return f.l.instanceOfMethod(fn) != ""
	}
	if fn.Pkg() != nil && fn.Pkg() != f.l.pkg {
		f.l.externFunc(fn)
	}
	return true
}

// methodRecv lowers the receiver of a method selection x.M: the embedded path, then & or * to
// match the method's receiver (gc's implicit OADDR / ODEREF). iface: an interface method.
func (f *fnState) methodRecv(x ast.Expr, sel *types.Selection) (recv string, iface bool, ok bool) {
	t := f.l.typeOf(x)
	r := f.expr(x)
	path := sel.Index()
	r, t, ok = f.fieldPath(r, t, path[:len(path)-1])
	if !ok {
		return "", false, false
	}
	if isIface(t) {
		return r, true, true
	}
	fn := sel.Obj().(*types.Func)
	want := fn.Type().(*types.Signature).Recv().Type()
	wantPtr := isPointer(want)
	havePtr := isPointer(t)
	if wantPtr && !havePtr {
		r = "&(" + r + ")"
	} else if !wantPtr && havePtr {
		r = "*(" + r + ")"
	}
	return r, false, true
}

func (f *fnState) selector(e *ast.SelectorExpr) string {
	if id, ok := e.X.(*ast.Ident); ok {
		if _, ok := f.l.info.Uses[id].(*types.PkgName); ok {
			switch o := f.l.info.Uses[e.Sel].(type) {
			case *types.Var:
				return f.l.externGlobal(o)
			case *types.Func:
				if sig := o.Type().(*types.Signature); sig.TypeParams() != nil && sig.TypeParams().Len() > 0 {
					if n, _ := f.genericFuncRef(e.Sel); n != "" {
						return n
					}
					return f.unknownExpr(e, nil, "generic function value")
				}
				return f.l.externFunc(o)
			}
			return f.unknownExpr(e, nil, "qualified identifier")
		}
	}
	sel := f.l.info.Selections[e]
	if sel == nil {
		return f.unknownExpr(e, []ast.Expr{e.X}, "selector")
	}
	switch sel.Kind() {
	case types.FieldVal:
		if f.l.isReflectHeaderData(e) {
			return fmt.Sprintf("uintptr(%s)", f.reflectDataPtr(e))
		}
		x := f.expr(e.X)
		r, _, ok := f.fieldPath(x, f.l.typeOf(e.X), sel.Index())
		if !ok {
			return f.unknownExpr(e, []ast.Expr{e.X}, "field selector")
		}
		return r
	case types.MethodVal:
		fn := sel.Obj().(*types.Func)
		if f.isTypeParamRecv(e.X, sel) {
			// gc's bound method of a type-parameter value: a closure gc prints nothing for
			return fmt.Sprintf("((%s).%s)", f.dictRecv(e.X, sel), f.l.methodName(fn))
		}
		recv, iface, ok := f.methodRecv(e.X, sel)
		if !ok || (!iface && !f.staticMethod(fn)) {
			return f.unknownExpr(e, []ast.Expr{e.X}, "method value")
		}
		if isGenericMethod(fn) {
			// gc wraps a method value of a generic type in a closure it prints nothing for
			if lit, ok := f.methodValueLit(e.X, sel, fn, recv, iface, "", ""); ok {
				return lit
			}
			return fmt.Sprintf("((%s).%s)", recv, f.l.methodName(fn))
		}
		if lit, ok := f.methodValueLit(e.X, sel, fn, recv, iface, f.lc(gcPos(e)), f.l.gc.expr(e)); ok {
			return lit
		}
		return f.at(fmt.Sprintf("(%s).%s", recv, f.l.methodName(fn)), gcPos(e), f.l.gc.expr(e))
	case types.MethodExpr:
		fn := sel.Obj().(*types.Func)
		recvT := f.l.st(sel.Recv())
		if !isIface(recvT) && len(sel.Index()) == 1 && f.staticMethod(fn) {
			want := fn.Type().(*types.Signature).Recv().Type()
			if isPointer(want) == isPointer(recvT) {
				return fmt.Sprintf("(%s).%s", f.convType(recvT), f.l.methodName(fn))
			}
		}
		// I.M, (*T).M of a value method, a promoted method: gc's wrapper function
		if w := f.l.methodExprWrapper(sel); w != "" {
			return w
		}
		return f.unknownExpr(e, nil, "method expression")
	}
	return f.unknownExpr(e, []ast.Expr{e.X}, "selector")
}

// callExpr lowers a call (or conversion, or builtin call).
func (f *fnState) callExpr(e *ast.CallExpr, goDefer bool) string {
	funTV := f.l.info.Types[e.Fun]
	if funTV.IsType() {
		return f.conversion(e, f.l.st(funTV.Type))
	}
	if funTV.IsBuiltin() {
		return f.builtinCall(e)
	}
	fun := unparen(e.Fun)
	var sig *types.Signature
	if t := f.l.typeOf(fun); t != nil {
		sig, _ = t.Underlying().(*types.Signature)
	}
	if sig == nil {
		return f.unknownExpr(e, append([]ast.Expr{e.Fun}, e.Args...), "call")
	}
	if sig.TypeParams() != nil && sig.TypeParams().Len() > 0 {
		return f.unknownExpr(e, e.Args, "call of a generic function")
	}
	callee := ""
	recv := ""
	if id := calleeIdent(fun); id != nil {
		if n, generic := f.genericFuncRef(id); generic {
			if n == "" {
				return f.unknownExpr(e, e.Args, "call of a generic function without a body here")
			}
			callee = n
		}
	}
	switch fx := fun.(type) {
	case *ast.Ident, *ast.IndexExpr, *ast.IndexListExpr:
		if callee != "" {
			break
		}
		if fx, ok := fx.(*ast.Ident); ok {
			if fn, ok := f.l.info.Uses[fx].(*types.Func); ok {
				callee = f.funcRef(fn, fx)
			} else {
				callee = "(" + f.expr(fx) + ")"
			}
			break
		}
		callee = "(" + f.expr(fun) + ")"
	case *ast.FuncLit:
		callee = f.funcLit(fx)
	case *ast.SelectorExpr:
		if callee != "" {
			break // an instance of a generic function of another package
		}
		if id, ok := fx.X.(*ast.Ident); ok {
			if _, ok := f.l.info.Uses[id].(*types.PkgName); ok {
				if fn, ok := f.l.info.Uses[fx.Sel].(*types.Func); ok {
					callee = f.l.externFunc(fn)
					break
				}
				callee = "(" + f.expr(fx) + ")"
				break
			}
		}
		sel := f.l.info.Selections[fx]
		if sel == nil {
			return f.unknownExpr(e, e.Args, "call")
		}
		switch sel.Kind() {
		case types.MethodVal:
			fn := sel.Obj().(*types.Func)
			if f.isTypeParamRecv(fx.X, sel) {
				// gc's dictionary call: a dynamic call on the value converted to the constraint
				callee = fmt.Sprintf("(%s).%s", f.dictRecv(fx.X, sel), f.l.methodName(fn))
				break
			}
			if isIface(f.l.typeOf(fx.X)) {
				if d := f.devirtualize(e, fx); d != "" {
					return d
				}
			}
			r, iface, ok := f.methodRecv(fx.X, sel)
			if !ok || (!iface && !f.staticMethod(fn)) {
				return f.unknownExpr(e, append([]ast.Expr{fx.X}, e.Args...), "method call")
			}
			recv = r
			callee = fmt.Sprintf("(%s).%s", r, f.l.methodName(fn))
		case types.MethodExpr:
			callee = f.selector(fx)
			if strings.HasPrefix(callee, "esc_unknown") {
				return f.unknownExpr(e, e.Args, "call of a method expression")
			}
		default:
			callee = "(" + f.expr(fx) + ")"
		}
	default:
		callee = "(" + f.expr(fun) + ")"
	}
	_ = recv
	if callee == "" {
		return f.unknownExpr(e, e.Args, "call")
	}
	f.callUintptrEsc = f.l.funcPragmas(staticCallee(f.l.info, fun))["go:uintptrescapes"]
	args := f.callArgs(e, sig)
	f.callUintptrEsc = false
	return fmt.Sprintf("(%s(%s))@%s", callee, args, f.lc(e.Lparen))
}

// staticCallee is the function or method fun names (nil for function values and interface
// methods).
func staticCallee(info *types.Info, fun ast.Expr) *types.Func {
	switch x := unparen(fun).(type) {
	case *ast.Ident:
		fn, _ := info.Uses[x].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil {
			if isIface(sel.Recv()) {
				return nil
			}
			fn, _ := sel.Obj().(*types.Func)
			return fn
		}
		fn, _ := info.Uses[x.Sel].(*types.Func)
		return fn
	case *ast.IndexExpr, *ast.IndexListExpr:
		if id := indexBase(x); id != nil {
			fn, _ := info.Uses[id].(*types.Func)
			return fn
		}
	}
	return nil
}

// calleeIdent is the identifier naming the function fun calls (f, pkg.f, f[T], pkg.f[T]).
func calleeIdent(fun ast.Expr) *ast.Ident {
	switch x := unparen(fun).(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	case *ast.IndexExpr, *ast.IndexListExpr:
		return indexBase(x)
	}
	return nil
}

func indexBase(e ast.Expr) *ast.Ident {
	var x ast.Expr
	switch e := e.(type) {
	case *ast.IndexExpr:
		x = e.X
	case *ast.IndexListExpr:
		x = e.X
	}
	switch x := x.(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	}
	return nil
}

// callArgs lowers the arguments of a call of signature sig: implicit conversions at the call's
// '(' (gc puts them there), variadic arguments packed into "... argument" (gc's FixVariadicCall).
func (f *fnState) callArgs(e *ast.CallExpr, sig *types.Signature) string {
	params := sig.Params()
	np := params.Len()
	var argExprs []ast.Expr = e.Args
	var vals []string
	var argTypes []types.Type
	// f(g()) with several results: temporaries
	if len(e.Args) == 1 {
		if tt, ok := f.l.typeOf(e.Args[0]).(*types.Tuple); ok && tt.Len() > 1 {
			tmps := f.spreadTuple(e.Args[0])
			for i, t := range tmps {
				vals = append(vals, t)
				argTypes = append(argTypes, tt.At(i).Type())
			}
			argExprs = nil
		}
	}
	var poss []token.Pos
	if argExprs != nil {
		poss = f.astePositions(e.Lparen, argExprs)
	}
	lower := func(i int, t types.Type) string {
		if argExprs != nil {
			if f.callUintptrEsc {
				if s, ok := f.uintptrEscapesArg(argExprs[i]); ok {
					return s
				}
			}
			return f.valueTo(argExprs[i], t, poss[i])
		}
		return f.convertTemp(vals[i], argTypes[i], t, e.Lparen, e.Args[0])
	}
	n := len(argExprs)
	if argExprs == nil {
		n = len(vals)
	}
	var out []string
	if sig.Variadic() && !e.Ellipsis.IsValid() {
		for i := 0; i < np-1 && i < n; i++ {
			out = append(out, lower(i, params.At(i).Type()))
		}
		st := params.At(np - 1).Type().(*types.Slice)
		if n <= np-1 {
			out = append(out, "nil...")
		} else {
			var elems []string
			for i := np - 1; i < n; i++ {
				elems = append(elems, lower(i, st.Elem()))
			}
			lit := fmt.Sprintf("%s{%s}", f.l.irType(st), strings.Join(elems, ", "))
			packed := f.at(lit, e.Lparen, "... argument")
			if f.callUintptrEsc && isUintptr(st.Elem()) {
				packed = f.uintptrEscapesDDD(packed, st)
			}
			out = append(out, packed+"...")
		}
		return strings.Join(out, ", ")
	}
	for i := 0; i < n; i++ {
		t := types.Type(nil)
		if i < np {
			t = params.At(i).Type()
		}
		s := lower(i, t)
		if i == n-1 && e.Ellipsis.IsValid() {
			if st, ok := t.(*types.Slice); ok && f.callUintptrEsc && sig.Variadic() && isUintptr(st.Elem()) {
				s = f.uintptrEscapesDDD(s, st)
			}
			s += "..."
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

// conversion lowers T(x).
func (f *fnState) conversion(e *ast.CallExpr, t types.Type) string {
	if len(e.Args) != 1 {
		return f.unknownExpr(e, e.Args, "conversion")
	}
	x := e.Args[0]
	xt := f.l.typeOf(x)
	display := f.l.gc.expr(e)
	if isIface(t) {
		if xt != nil && !isIface(xt) {
			if tv := f.l.info.Types[x]; tv.IsNil() {
				// I(nil): a typed zero value (a bare nil has no type where the IR needs one,
				// as in `a, b := error(nil), x` or `error(nil).Error()`)
				z := f.tmp()
				f.preLine(fmt.Sprintf("var %s %s", z, f.l.irType(t)))
				return z
			}
			f.l.noteConverted(xt)
			if f.l.hasShape(xt) {
				display = f.convDisplay(x, xt)
			}
			return f.dictConv(t, xt, f.at(fmt.Sprintf("%s(%s)", f.convType(t), f.expr(x)), e.Lparen, display))
		}
		return f.expr(x)
	}
	inner := f.expr(x)
	if xt != nil && isStringConv(t, xt) {
		return f.at(fmt.Sprintf("%s(%s)", f.convType(t), inner), e.Lparen, display)
	}
	if xt != nil && types.Identical(t, xt) {
		return inner
	}
	if _, ok := t.Underlying().(*types.Signature); ok {
		// the IR has no literal for unnamed function types in conversion position; a conversion
		// between function types keeps the value
		if _, named := t.(*types.Named); !named {
			return inner
		}
	}
	return fmt.Sprintf("%s(%s)", f.convType(t), inner)
}

// isStringConv: string(b), string(r), []byte(s), []rune(s) (gc's OBYTES2STR, ORUNES2STR,
// ORUNESTR, OSTR2BYTES, OSTR2RUNES: each an allocation site).
func isStringConv(to, from types.Type) bool {
	tb, tIsBasic := to.Underlying().(*types.Basic)
	fb, fIsBasic := from.Underlying().(*types.Basic)
	byteOrRuneSlice := func(t types.Type) bool {
		s, ok := t.Underlying().(*types.Slice)
		if !ok {
			return false
		}
		b, ok := s.Elem().Underlying().(*types.Basic)
		return ok && (b.Kind() == types.Byte || b.Kind() == types.Rune || b.Kind() == types.Uint8 || b.Kind() == types.Int32)
	}
	if tIsBasic && tb.Info()&types.IsString != 0 {
		if byteOrRuneSlice(from) {
			return true
		}
		if fIsBasic && fb.Info()&types.IsInteger != 0 {
			return true
		}
		return false
	}
	if byteOrRuneSlice(to) && fIsBasic && fb.Info()&types.IsString != 0 {
		return true
	}
	return false
}

// builtinCall lowers len, new, make, append, copy, panic, ... and unsafe.Add/Slice.
func (f *fnState) builtinCall(e *ast.CallExpr) string {
	name := builtinName(f.l.info, e.Fun)
	at := func(s string) string { return f.at(s, e.Lparen, f.l.gc.expr(e)) }
	switch name {
	case "new":
		return at(fmt.Sprintf("new(%s)", f.l.irType(f.l.typeOf(e.Args[0]))))
	case "make":
		t := f.l.typeOf(e.Args[0])
		var args []string
		for _, a := range e.Args[1:] {
			args = append(args, f.indexValue(a))
		}
		s := fmt.Sprintf("make(%s)", f.l.irType(t))
		if len(args) > 0 {
			s = fmt.Sprintf("make(%s, %s)", f.l.irType(t), strings.Join(args, ", "))
		}
		if _, ok := t.Underlying().(*types.Chan); ok {
			return s
		}
		return at(s)
	case "append":
		st := f.l.typeOf(e.Args[0])
		s := f.expr(e.Args[0])
		if _, ok := st.Underlying().(*types.Slice); !ok {
			// append([]byte(nil), ...) with an untyped nil first argument cannot happen; guard
			return f.unknownExpr(e, e.Args, "append")
		}
		elem := st.Underlying().(*types.Slice).Elem()
		parts := []string{s}
		if e.Ellipsis.IsValid() {
			parts = append(parts, f.expr(e.Args[1])+"...")
		} else {
			cp := f.basePos(e.Lparen, e.Args...)
			if f.inShapeBody() {
				cp = f.shapePos(e.Lparen, e.Args...) // gc's stenciled append
			}
			for _, a := range e.Args[1:] {
				parts = append(parts, f.valueTo(a, elem, cp))
			}
		}
		return fmt.Sprintf("(append(%s))@%s", strings.Join(parts, ", "), f.lc(e.Lparen))
	case "copy":
		return fmt.Sprintf("(copy(%s, %s))@%s", f.expr(e.Args[0]), f.expr(e.Args[1]), f.lc(e.Lparen))
	case "panic":
		cp := f.basePos(e.Lparen, e.Args...)
		if f.inShapeBody() {
			cp = f.shapePos(e.Lparen, e.Args...) // gc's stenciled panic
		}
		anyT := types.NewInterfaceType(nil, nil)
		if b, ok := f.l.typeOf(e.Args[0]).(*types.Basic); ok && b.Kind() == types.UntypedNil {
			// panic(nil) (bytes' buffer_test.go): the IR's panic takes an interface value, and
			// untyped nil is none; a nil interface variable is what gc passes (no allocation)
			w := f.tmp()
			f.preLine(fmt.Sprintf("var %s %s", w, f.l.irType(anyT)))
			return fmt.Sprintf("(panic(%s))@%s", w, f.lc(e.Lparen))
		}
		return fmt.Sprintf("(panic(%s))@%s", f.valueTo(e.Args[0], anyT, cp), f.lc(e.Lparen))
	case "unsafe.Add", "unsafe.Slice":
		return fmt.Sprintf("(%s(%s, %s))@%s", name, f.expr(e.Args[0]), f.expr(e.Args[1]), f.lc(e.Lparen))
	case "delete":
		m := f.l.typeOf(e.Args[0]).Underlying().(*types.Map)
		return fmt.Sprintf("delete(%s, %s)", f.expr(e.Args[0]), f.valueTo(e.Args[1], m.Key(), f.basePos(e.Lparen, e.Args...)))
	case "len", "cap", "print", "println", "close", "recover", "complex", "real", "imag", "min", "max", "clear":
		var args []string
		for _, a := range e.Args {
			args = append(args, f.expr(a))
		}
		return fmt.Sprintf("%s(%s)", name, strings.Join(args, ", "))
	case "unsafe.Sizeof", "unsafe.Alignof", "unsafe.Offsetof":
		return "0"
	}
	return f.unknownExpr(e, e.Args, "builtin "+name)
}

var _ = token.NoPos
