package main

// Front-end rewrites gc performs before escape analysis that change what escape analysis sees:
// static devirtualization (devirtualize.Call with ir.StaticValue) and the reflect.SliceHeader /
// StringHeader Data field rule (ir.IsReflectHeaderDataField).

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// localInfo is what ir.StaticValue needs about a local variable.
type localInfo struct {
	defn       bool     // declared with a value by := or var (gc's Name.Defn)
	rhs        ast.Expr // the value, for one-to-one definitions (OAS / OAS2)
	reassigned bool     // ir.reassigned: assigned again, or its address taken
}

// analyzeLocals walks a function declaration (closures included) and records definitions,
// reassignments and address-taking of its variables.
func (l *lowerer) analyzeLocals(body ast.Node) map[*types.Var]*localInfo {
	m := map[*types.Var]*localInfo{}
	get := func(v *types.Var) *localInfo {
		if m[v] == nil {
			m[v] = &localInfo{}
		}
		return m[v]
	}
	varOf := func(e ast.Expr) *types.Var {
		if id, ok := unparen(e).(*ast.Ident); ok {
			if v, ok := l.info.Uses[id].(*types.Var); ok {
				return v
			}
		}
		return nil
	}
	// outerValue is ir.OuterValue: through fields of struct values and elements of arrays.
	var outerValue func(e ast.Expr) ast.Expr
	outerValue = func(e ast.Expr) ast.Expr {
		e = unparen(e)
		switch x := e.(type) {
		case *ast.SelectorExpr:
			if sel := l.info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal && !isPointer(l.typeOf(x.X)) && len(sel.Index()) == 1 {
				return outerValue(x.X)
			}
		case *ast.IndexExpr:
			if t := l.typeOf(x.X); t != nil {
				if _, ok := t.Underlying().(*types.Array); ok {
					return outerValue(x.X)
				}
			}
		}
		return e
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			switch n.Tok {
			case token.DEFINE:
				for i, e := range n.Lhs {
					id, ok := e.(*ast.Ident)
					if !ok {
						continue
					}
					if v, ok := l.info.Defs[id].(*types.Var); ok && v != nil {
						li := get(v)
						li.defn = true
						if len(n.Lhs) == len(n.Rhs) {
							li.rhs = n.Rhs[i]
						}
					} else if v := varOf(id); v != nil {
						get(v).reassigned = true
					}
				}
			case token.ASSIGN:
				for _, e := range n.Lhs {
					if v := varOf(e); v != nil {
						get(v).reassigned = true
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Values) > 0 {
				for i, id := range n.Names {
					if v, ok := l.info.Defs[id].(*types.Var); ok && v != nil {
						li := get(v)
						li.defn = true
						if len(n.Names) == len(n.Values) {
							li.rhs = n.Values[i]
						}
					}
				}
			}
		case *ast.RangeStmt:
			// for k, v = range x: ir.Reassigned counts ORANGE targets
			if n.Tok == token.ASSIGN {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if e != nil {
						if v := varOf(e); v != nil {
							get(v).reassigned = true
						}
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := varOf(outerValue(n.X)); v != nil {
					get(v).reassigned = true
				}
			}
		case *ast.SelectorExpr:
			// x.M with a pointer receiver on an addressable x: an implicit &x
			if sel := l.info.Selections[n]; sel != nil && sel.Kind() == types.MethodVal {
				if fn, ok := sel.Obj().(*types.Func); ok {
					if r := fn.Type().(*types.Signature).Recv(); r != nil && isPointer(r.Type()) && !sel.Indirect() {
						if t := l.typeOf(n.X); t != nil && !isPointer(t) {
							if v := varOf(outerValue(n.X)); v != nil {
								get(v).reassigned = true
							}
						}
					}
				}
			}
		}
		return true
	})
	return m
}

// staticConcrete follows ir.StaticValue from the interface value e and reports the concrete
// type T when it ends at a conversion of a T to an interface (gc then devirtualizes e.M()).
func (f *fnState) staticConcrete(e ast.Expr) types.Type {
	for steps := 0; steps < 32; steps++ {
		e = unparen(e)
		switch x := e.(type) {
		case *ast.CallExpr:
			tv := f.l.info.Types[x.Fun]
			if !tv.IsType() || len(x.Args) != 1 {
				return nil
			}
			at := f.l.typeOf(x.Args[0])
			if at == nil {
				return nil
			}
			if isIface(tv.Type) && !isIface(at) {
				if f.l.hasShape(at) {
					return nil // a dictionary conversion (generics.go)
				}
				return at // explicit OCONVIFACE
			}
			if types.Identical(tv.Type.Underlying(), at.Underlying()) {
				e = x.Args[0] // OCONVNOP
				continue
			}
			return nil
		case *ast.Ident:
			v, ok := f.l.info.Uses[x].(*types.Var)
			if !ok || !f.ownLocal(v) {
				return nil
			}
			li := f.locals()[v]
			if li == nil || !li.defn || li.rhs == nil || li.reassigned {
				return nil
			}
			rt := f.l.typeOf(li.rhs)
			if rt == nil {
				return nil
			}
			if f.l.hasShape(rt) {
				return nil // a dictionary conversion (generics.go)
			}
			if isIface(f.l.st(v.Type())) && !isIface(rt) {
				if tv := f.l.info.Types[li.rhs]; tv.IsNil() {
					return nil
				}
				return rt // implicit OCONVIFACE in the definition
			}
			e = li.rhs
			continue
		}
		return nil
	}
	return nil
}

// ownLocal: a variable declared in this very function (gc's PAUTO of Curfn; parameters and
// captured variables of enclosing functions do not qualify).
func (f *fnState) ownLocal(v *types.Var) bool {
	if _, ok := f.names[v]; !ok {
		return false
	}
	return !f.params[v]
}

func (f *fnState) locals() map[*types.Var]*localInfo {
	for g := f; g != nil; g = g.parent {
		if g.localInfo != nil {
			return g.localInfo
		}
	}
	return map[*types.Var]*localInfo{}
}

// devirtualize lowers the interface call x.M(args) as a call on x.(T) when gc's devirtualize pass
// would (and records gc's message). It returns "" when the call stays dynamic.
func (f *fnState) devirtualize(call *ast.CallExpr, fx *ast.SelectorExpr) string {
	t := f.staticConcrete(fx.X)
	if t == nil {
		return ""
	}
	obj, index, _ := types.LookupFieldOrMethod(t, true, f.l.pkg, fx.Sel.Name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return ""
	}
	recv := fmt.Sprintf("(%s).(%s)", f.expr(fx.X), f.l.irType(t))
	r, rt, ok := f.fieldPath(recv, t, index[:len(index)-1])
	if !ok {
		return ""
	}
	sig := f.l.typeOf(fx).(*types.Signature)
	selText := f.l.gc.expr(fx)
	if isIface(rt) {
		// promoted from an embedded interface field (#42279)
		f.l.gcMessage(call.Lparen, fmt.Sprintf("partially devirtualizing %s to %s", selText, f.l.gc.typeString(t)))
		return fmt.Sprintf("((%s).%s(%s))@%s", r, f.l.methodName(fn), f.callArgs(call, sig), f.lc(call.Lparen))
	}
	if !f.staticMethod(fn) {
		return ""
	}
	want := fn.Type().(*types.Signature).Recv().Type()
	if isPointer(want) && !isPointer(rt) {
		return "" // not addressable: gc would not get here
	} else if !isPointer(want) && isPointer(rt) {
		r = "*(" + r + ")"
	}
	f.l.gcMessage(call.Lparen, fmt.Sprintf("devirtualizing %s to %s", selText, f.l.gc.typeString(t)))
	return fmt.Sprintf("((%s).%s(%s))@%s", r, f.l.methodName(fn), f.callArgs(call, sig), f.lc(call.Lparen))
}

// gcMessage records a diagnostic of gc's front end (printed by escapade-go with the analysis's).
func (l *lowerer) gcMessage(pos token.Pos, text string) {
	p := l.fset.Position(pos)
	l.messages = append(l.messages, fmt.Sprintf(";gc-message %s:%d:%d: %s", p.Filename, p.Line, p.Column, text))
}

// isReflectHeaderData: p.Data with p a *reflect.SliceHeader or *reflect.StringHeader (gc's
// ir.IsReflectHeaderDataField: the uintptr field is treated as a pointer).
func (l *lowerer) isReflectHeaderData(e *ast.SelectorExpr) bool {
	if e.Sel.Name != "Data" {
		return false
	}
	sel := l.info.Selections[e]
	if sel == nil || sel.Kind() != types.FieldVal || len(sel.Index()) != 1 {
		return false
	}
	t := l.typeOf(e.X)
	if t == nil || !isPointer(t) {
		return false
	}
	n, ok := derefType(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "reflect" {
		return false
	}
	return n.Obj().Name() == "SliceHeader" || n.Obj().Name() == "StringHeader"
}

// reflectDataPtr renders p.Data as the pointer it holds. Data is the first field of both
// headers: *(*unsafe.Pointer)(unsafe.Pointer(p)) is one dereference of p, like gc's k.deref.
func (f *fnState) reflectDataPtr(e *ast.SelectorExpr) string {
	return fmt.Sprintf("*((*unsafe.Pointer)(unsafe.Pointer(%s)))", f.expr(e.X))
}
