package main

// gc-style rendering of types and expressions, as Go 1.19's cmd/compile prints them in -m
// diagnostics (ir/fmt.go exprFmt and types/fmt.go tconv): "&T{...}", "make([]byte, n)",
// "([]byte)(s)", "(interface {})(x)", "func literal", "a + b", "s.Write".

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// gcPrec is gc's OpPrec for the operators a Go expression can contain.
func gcBinaryPrec(op token.Token) int {
	switch op {
	case token.MUL, token.QUO, token.REM, token.SHL, token.SHR, token.AND, token.AND_NOT:
		return 6
	case token.ADD, token.SUB, token.OR, token.XOR:
		return 5
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return 4
	case token.LAND:
		return 2
	case token.LOR:
		return 1
	}
	return 8
}

type gcPrinter struct {
	l *lowerer
}

// typeString renders t like gc: local types unqualified, others as pkg.T, "interface {}".
func (p gcPrinter) typeString(t types.Type) string {
	var b strings.Builder
	p.writeType(&b, t, 0)
	return b.String()
}

func (p gcPrinter) writeType(b *strings.Builder, t types.Type, depth int) {
	if depth > 16 {
		b.WriteString("...")
		return
	}
	switch t := t.(type) {
	case *types.Basic:
		switch t.Kind() {
		case types.UnsafePointer:
			b.WriteString("unsafe.Pointer")
		case types.UntypedBool:
			b.WriteString("bool")
		case types.UntypedInt:
			b.WriteString("int")
		case types.UntypedRune:
			b.WriteString("rune")
		case types.UntypedFloat:
			b.WriteString("float64")
		case types.UntypedComplex:
			b.WriteString("complex128")
		case types.UntypedString:
			b.WriteString("string")
		case types.UntypedNil:
			b.WriteString("nil")
		default:
			b.WriteString(t.Name())
		}
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() != nil && obj.Pkg() != p.l.pkg {
			b.WriteString(obj.Pkg().Name())
			b.WriteString(".")
		}
		b.WriteString(obj.Name())
		if ta := t.TypeArgs(); ta != nil && ta.Len() > 0 {
			// the name of an instantiated type's symbol: its arguments as the linker names
			// them ("Tree[p.P]", package paths included)
			b.WriteString("[")
			for i := 0; i < ta.Len(); i++ {
				if i > 0 {
					b.WriteString(",")
				}
				writeLink(b, ta.At(i), depth+1)
			}
			b.WriteString("]")
		}
	case *types.Pointer:
		b.WriteString("*")
		p.writeType(b, t.Elem(), depth+1)
	case *types.Slice:
		b.WriteString("[]")
		p.writeType(b, t.Elem(), depth+1)
	case *types.Array:
		fmt.Fprintf(b, "[%d]", t.Len())
		p.writeType(b, t.Elem(), depth+1)
	case *types.Map:
		b.WriteString("map[")
		p.writeType(b, t.Key(), depth+1)
		b.WriteString("]")
		p.writeType(b, t.Elem(), depth+1)
	case *types.Chan:
		switch t.Dir() {
		case types.RecvOnly:
			b.WriteString("<-chan ")
		case types.SendOnly:
			b.WriteString("chan<- ")
		default:
			b.WriteString("chan ")
			if c, ok := t.Elem().(*types.Chan); ok && c.Dir() == types.RecvOnly {
				b.WriteString("(")
				p.writeType(b, t.Elem(), depth+1)
				b.WriteString(")")
				return
			}
		}
		p.writeType(b, t.Elem(), depth+1)
	case *types.Signature:
		b.WriteString("func")
		p.writeSig(b, t, depth)
	case *types.Struct:
		if t.NumFields() == 0 {
			b.WriteString("struct {}")
			return
		}
		b.WriteString("struct { ")
		for i := 0; i < t.NumFields(); i++ {
			if i > 0 {
				b.WriteString("; ")
			}
			f := t.Field(i)
			if !f.Embedded() {
				b.WriteString(f.Name())
				b.WriteString(" ")
			}
			p.writeType(b, f.Type(), depth+1)
			if tag := t.Tag(i); tag != "" {
				b.WriteString(" ")
				b.WriteString(strconv.Quote(tag))
			}
		}
		b.WriteString(" }")
	case *types.Interface:
		if t == universeAny {
			b.WriteString("any")
			return
		}
		if t.NumMethods() == 0 {
			b.WriteString("interface {}")
			return
		}
		b.WriteString("interface { ")
		for i := 0; i < t.NumMethods(); i++ {
			if i > 0 {
				b.WriteString("; ")
			}
			m := t.Method(i)
			b.WriteString(m.Name())
			p.writeSig(b, m.Type().(*types.Signature), depth)
		}
		b.WriteString(" }")
	case *types.Tuple:
		b.WriteString("(")
		for i := 0; i < t.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			p.writeType(b, t.At(i).Type(), depth+1)
		}
		b.WriteString(")")
	case *types.TypeParam:
		b.WriteString(t.Obj().Name())
	default:
		b.WriteString(t.String())
	}
}

func (p gcPrinter) writeSig(b *strings.Builder, s *types.Signature, depth int) {
	b.WriteString("(")
	for i := 0; i < s.Params().Len(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		t := s.Params().At(i).Type()
		if s.Variadic() && i == s.Params().Len()-1 {
			b.WriteString("...")
			t = t.(*types.Slice).Elem()
		}
		p.writeType(b, t, depth+1)
	}
	b.WriteString(")")
	switch s.Results().Len() {
	case 0:
	case 1:
		b.WriteString(" ")
		p.writeType(b, s.Results().At(0).Type(), depth+1)
	default:
		b.WriteString(" (")
		for i := 0; i < s.Results().Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			p.writeType(b, s.Results().At(i).Type(), depth+1)
		}
		b.WriteString(")")
	}
}

// convTypeString renders the type of a conversion: "(T)" when the type has no name (gc's
// "n.Type().Sym() == nil"), "T" otherwise.
func (p gcPrinter) convTypeString(t types.Type) string {
	s := p.typeString(t)
	switch t := t.(type) {
	case *types.Named, *types.Basic:
		return s
	case *types.Interface:
		if t == universeAny {
			return s
		}
	}
	return "(" + s + ")"
}

// expr renders e (a source expression) as gc prints the corresponding node.
func (p gcPrinter) expr(e ast.Expr) string {
	var b strings.Builder
	p.writeExpr(&b, e, 0, 0)
	s := b.String()
	if len(s) > 400 {
		s = s[:400]
	}
	return s
}

func (p gcPrinter) exprPrec(e ast.Expr) int {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return p.exprPrec(e.X)
	case *ast.BinaryExpr:
		if p.l.isConst(e) {
			return gcBinaryPrec(e.Op)
		}
		return gcBinaryPrec(e.Op)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			if _, ok := unparen(e.X).(*ast.CompositeLit); ok {
				return 8
			}
		}
		return 7
	case *ast.StarExpr:
		return 7
	}
	return 8
}

func (p gcPrinter) writeExpr(b *strings.Builder, e ast.Expr, prec int, depth int) {
	if depth > 24 {
		b.WriteString("...")
		return
	}
	e = unparen(e)
	nprec := p.exprPrec(e)
	if prec > nprec {
		b.WriteString("(")
		p.writeExpr(b, e, 0, depth+1)
		b.WriteString(")")
		return
	}
	switch e := e.(type) {
	case *ast.Ident:
		if e.Name == "_" {
			b.WriteString("_")
			return
		}
		if p.l.foreign != nil {
			// in another package's generic body, gc qualifies that package's names ("q.v")
			switch o := p.l.info.ObjectOf(e).(type) {
			case *types.Var:
				if o.Pkg() != nil && o.Pkg() != p.l.pkg && !o.IsField() {
					b.WriteString(o.Pkg().Name() + ".")
				}
			case *types.Func, *types.Const:
				if o.Pkg() != nil && o.Pkg() != p.l.pkg {
					b.WriteString(o.Pkg().Name() + ".")
				}
			}
		}
		b.WriteString(e.Name)
	case *ast.BasicLit:
		b.WriteString(e.Value)
	case *ast.CompositeLit:
		t := p.l.typeOf(e)
		if t == nil {
			b.WriteString("composite literal")
			return
		}
		if ptr, ok := t.Underlying().(*types.Pointer); ok && e.Type == nil {
			// an elided &T{...} element
			b.WriteString("&")
			t = ptr.Elem()
		}
		b.WriteString(p.typeString(t))
		if len(e.Elts) != 0 {
			b.WriteString("{...}")
		} else {
			b.WriteString("{}")
		}
	case *ast.FuncLit:
		b.WriteString("func literal")
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			if pn, ok := p.l.info.Uses[id].(*types.PkgName); ok {
				// a qualified identifier: gc prints the object's name (types are qualified)
				obj := p.l.info.Uses[e.Sel]
				if _, isType := obj.(*types.TypeName); isType {
					b.WriteString(pn.Imported().Name() + "." + e.Sel.Name)
				} else {
					b.WriteString(pn.Imported().Name() + "." + e.Sel.Name)
				}
				return
			}
		}
		p.writeExpr(b, e.X, 8, depth+1)
		// the embedded fields a promoted field goes through are implicit ODOTs gc prints
		if sel := p.l.info.Selections[e]; sel != nil && len(sel.Index()) > 1 {
			t := p.l.typeOf(e.X)
			for _, i := range sel.Index()[:len(sel.Index())-1] {
				st, ok := derefType(t).Underlying().(*types.Struct)
				if !ok || i >= st.NumFields() {
					break
				}
				b.WriteString(".")
				b.WriteString(st.Field(i).Name())
				t = st.Field(i).Type()
			}
		}
		b.WriteString(".")
		b.WriteString(e.Sel.Name)
	case *ast.IndexExpr:
		p.writeExpr(b, e.X, 8, depth+1)
		b.WriteString("[")
		p.writeExpr(b, e.Index, 0, depth+1)
		b.WriteString("]")
	case *ast.SliceExpr:
		p.writeExpr(b, e.X, 8, depth+1)
		b.WriteString("[")
		if e.Low != nil {
			p.writeExpr(b, e.Low, 0, depth+1)
		}
		b.WriteString(":")
		if e.High != nil {
			p.writeExpr(b, e.High, 0, depth+1)
		}
		if e.Slice3 {
			b.WriteString(":")
			if e.Max != nil {
				p.writeExpr(b, e.Max, 0, depth+1)
			}
		}
		b.WriteString("]")
	case *ast.TypeAssertExpr:
		p.writeExpr(b, e.X, 8, depth+1)
		b.WriteString(".(")
		if e.Type == nil {
			b.WriteString("type")
		} else {
			b.WriteString(p.typeString(p.l.typeOf(e.Type)))
		}
		b.WriteString(")")
	case *ast.CallExpr:
		tv := p.l.info.Types[e.Fun]
		if tv.IsType() {
			// conversion
			b.WriteString(p.convTypeString(tv.Type))
			b.WriteString("(")
			if len(e.Args) > 0 {
				p.writeExpr(b, e.Args[0], 0, depth+1)
			}
			b.WriteString(")")
			return
		}
		if tv.IsBuiltin() {
			name := builtinName(p.l.info, e.Fun)
			switch name {
			case "new":
				b.WriteString("new(")
				if len(e.Args) > 0 {
					b.WriteString(p.typeString(p.l.typeOf(e.Args[0])))
				}
				b.WriteString(")")
				return
			case "make":
				b.WriteString("make(")
				if len(e.Args) > 0 {
					b.WriteString(p.typeString(p.l.typeOf(e.Args[0])))
				}
				for _, a := range e.Args[1:] {
					b.WriteString(", ")
					p.writeExpr(b, a, 0, depth+1)
				}
				b.WriteString(")")
				return
			}
			b.WriteString(name)
			b.WriteString("(")
			for i, a := range e.Args {
				if i > 0 {
					b.WriteString(", ")
				}
				p.writeExpr(b, a, 0, depth+1)
			}
			if e.Ellipsis.IsValid() {
				b.WriteString("...")
			}
			b.WriteString(")")
			return
		}
		p.writeCall(b, e, depth)
	case *ast.StarExpr:
		b.WriteString("*")
		p.writeExpr(b, e.X, 8, depth+1)
	case *ast.UnaryExpr:
		b.WriteString(e.Op.String())
		if inner, ok := unparen(e.X).(*ast.UnaryExpr); ok && inner.Op == e.Op {
			b.WriteString(" ")
		}
		p.writeExpr(b, e.X, 8, depth+1)
	case *ast.BinaryExpr:
		np := gcBinaryPrec(e.Op)
		p.writeExpr(b, e.X, np, depth+1)
		b.WriteString(" ")
		b.WriteString(e.Op.String())
		b.WriteString(" ")
		p.writeExpr(b, e.Y, np+1, depth+1)
	case *ast.KeyValueExpr:
		p.writeExpr(b, e.Key, 0, depth+1)
		b.WriteString(":")
		p.writeExpr(b, e.Value, 0, depth+1)
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.StructType, *ast.InterfaceType:
		b.WriteString(p.typeString(p.l.typeOf(e)))
	case *ast.IndexListExpr:
		p.writeExpr(b, e.X, 8, depth+1)
		b.WriteString("[...]")
	default:
		b.WriteString("?")
	}
}

// writeCall renders a call as gc prints it after escape analysis rewrote it:
// typecheck.FixVariadicCall packs the variadic arguments ("f(a, ... argument...)") and
// typecheck.FixMethodCall turns x.M(a) into a method expression call ("(*T).M(x, a)").
func (p gcPrinter) writeCall(b *strings.Builder, e *ast.CallExpr, depth int) {
	fun := unparen(e.Fun)
	var sig *types.Signature
	if t := p.l.typeOf(fun); t != nil {
		sig, _ = t.Underlying().(*types.Signature)
	}
	var args []string
	var recv string
	head := ""
	if se, ok := fun.(*ast.SelectorExpr); ok {
		if sel := p.l.info.Selections[se]; sel != nil && sel.Kind() == types.MethodVal {
			if fn, ok := sel.Obj().(*types.Func); ok && !isIface(sel.Recv()) {
				// the receiver, with the embedded fields it goes through
				var rb strings.Builder
				p.writeExpr(&rb, se.X, 0, depth+1)
				t := p.l.typeOf(se.X)
				for _, i := range sel.Index()[:len(sel.Index())-1] {
					st, ok := derefType(t).Underlying().(*types.Struct)
					if !ok || i >= st.NumFields() {
						break
					}
					rb.WriteString(".")
					rb.WriteString(st.Field(i).Name())
					t = st.Field(i).Type()
				}
				if !isIface(t) {
					recv = rb.String()
					rt := fn.Type().(*types.Signature).Recv().Type()
					if isPointer(rt) {
						head = "(*" + p.typeString(derefType(rt)) + ")." + fn.Name()
					} else {
						head = p.typeString(rt) + "." + fn.Name()
					}
				}
			}
		}
	}
	if head == "" {
		var hb strings.Builder
		p.writeExpr(&hb, e.Fun, 8, depth+1)
		head = hb.String()
	}
	ddd := e.Ellipsis.IsValid()
	if recv != "" {
		args = append(args, recv)
	}
	if sig != nil && sig.Variadic() && !ddd && !(len(e.Args) == 1 && isTuple(p.l.typeOf(e.Args[0]))) {
		fixed := sig.Params().Len() - 1
		for i, a := range e.Args {
			if i >= fixed {
				break
			}
			args = append(args, p.expr(a))
		}
		if len(e.Args) > fixed {
			args = append(args, "... argument")
		} else {
			args = append(args, "nil")
		}
		ddd = true
	} else {
		for _, a := range e.Args {
			args = append(args, p.expr(a))
		}
	}
	b.WriteString(head)
	b.WriteString("(")
	b.WriteString(strings.Join(args, ", "))
	if ddd {
		b.WriteString("...")
	}
	b.WriteString(")")
}

func isTuple(t types.Type) bool {
	_, ok := t.(*types.Tuple)
	return ok
}

// exprList renders "a, b, c".
func (p gcPrinter) exprList(es []ast.Expr) string {
	var b strings.Builder
	for i, x := range es {
		if i > 0 {
			b.WriteString(", ")
		}
		p.writeExpr(&b, x, 0, 0)
	}
	return b.String()
}

// stmtText renders an assignment like gc's stmtFmt ("x = y", "a, b = c, d", "x += y").
func (p gcPrinter) assignText(lhs []ast.Expr, tok token.Token, rhs []ast.Expr) string {
	var b strings.Builder
	for i, x := range lhs {
		if i > 0 {
			b.WriteString(", ")
		}
		p.writeExpr(&b, x, 0, 0)
	}
	switch tok {
	case token.ASSIGN:
		b.WriteString(" = ")
	case token.DEFINE:
		b.WriteString(" := ")
	default:
		b.WriteString(" " + tok.String() + " ")
	}
	for i, x := range rhs {
		if i > 0 {
			b.WriteString(", ")
		}
		p.writeExpr(&b, x, 0, 0)
	}
	s := b.String()
	if len(s) > 400 {
		s = s[:400]
	}
	return s
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

func builtinName(info *types.Info, fun ast.Expr) string {
	switch f := unparen(fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return "unsafe." + f.Sel.Name
	}
	return ""
}

var universeAny = types.Universe.Lookup("any").Type()
