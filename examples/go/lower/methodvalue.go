package main

// Method values as function literals: x.M becomes
//
//	esc_tN := <x, with the embedded path and & or * of the method's receiver>
//	func esc_litK ~"T.M-fm" (esc_p0 A, ...) (~r0 R, ...) { return (esc_tN).M(esc_p0, ...) }
//	... esc_litK@pos ~"x.M" ...
//
// which is what gc compiles a method value to (a closure of its wrapper T.M-fm over the receiver,
// evaluated when the method value is created), written with constructs whose targets are functions
// of the IR. A bound method expression (x).M has no function of the IR as its target, so with one
// in the program the closed world cannot enumerate the targets of calls through function values;
// a literal is one more function used as a value, whose body calls M statically (or dynamically,
// over the implementations, when x is an interface).
//
// gc's model is unchanged: the closure site is the method value's (same position and text); the
// receiver flows into the record (captured by value: the temporary is assigned once and never
// addressed, and the rewrite is limited to receivers of at most 128 bytes, gc's and escapade's
// limit for capturing by value) and through M's parameter tags, as gc's OMETHVALUE sends it; the
// results of a closure that is not called where it is created outlive it, which is gc's heap hole
// for a method value's results. The temporary, the literal's parameters and its results have no
// positions: nothing is printed for them.
//
// Cost: O(number of parameters and results) per method value.

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// maxByValueCapture: gc captures a variable by value up to this size (and escapade decides alike).
const maxByValueCapture = 128

// methodValueSizes: sizes of a 64-bit target, which are at least those of any other.
var methodValueSizes = types.SizesFor("gc", "amd64")

// methodValueLit lowers method value sel (the method fn, on receiver recv already lowered with
// its embedded path and & or *; iface: an interface method) as a closure over a copy of the
// receiver, with pos and display as the site's (pos "": a site gc prints nothing for, its own
// closure around a method value of a generic type). ok false: the receiver cannot be captured by
// value (the caller keeps the bound method expression).
func (f *fnState) methodValueLit(x ast.Expr, sel *types.Selection, fn *types.Func, recv string, iface bool, pos, display string) (string, bool) {
	recvT := fn.Type().(*types.Signature).Recv().Type()
	if iface {
		// gc does not devirtualize the call in a method value's wrapper, but it devirtualizes
		// an interface call on a local whose static value is a conversion from a concrete type
		// (escapade's gc model too, through the locals a literal captures): the temporary is
		// defined by a conversion to the receiver's own interface type, where the static value
		// ends. The value and its dynamic types flow through unchanged.
		t := f.l.typeOf(x)
		path := sel.Index()
		for _, i := range path[:len(path)-1] {
			st, ok := derefType(t).Underlying().(*types.Struct)
			if !ok || i >= st.NumFields() {
				return "", false
			}
			t = st.Field(i).Type()
		}
		if !isIface(t) {
			return "", false
		}
		recv = fmt.Sprintf("%s(%s)", f.convType(f.l.st(t)), recv)
	} else {
		rt := f.l.st(recvT)
		if !isPointer(rt) && methodValueSizes.Sizeof(rt) > maxByValueCapture {
			return "", false
		}
	}
	sig := sel.Type().(*types.Signature) // the method's signature without its receiver
	var ps, as, rs []string
	for i := 0; i < sig.Params().Len(); i++ {
		name := fmt.Sprintf("esc_p%d", i)
		t := f.l.st(sig.Params().At(i).Type())
		if sig.Variadic() && i == sig.Params().Len()-1 {
			ps = append(ps, fmt.Sprintf("%s ...%s", name, f.l.irType(t.(*types.Slice).Elem())))
			as = append(as, name+"...")
			continue
		}
		ps = append(ps, fmt.Sprintf("%s %s", name, f.l.irType(t)))
		as = append(as, name)
	}
	for i := 0; i < sig.Results().Len(); i++ {
		rs = append(rs, fmt.Sprintf("~r%d %s", i, f.l.irType(f.l.st(sig.Results().At(i).Type()))))
	}
	tmp := f.tmp()
	f.preLine(fmt.Sprintf("%s := %s", tmp, recv))
	f.l.gen++
	name := fmt.Sprintf("esc_lit%d", f.l.gen)
	wrapper := f.l.methodDisplay(recvT, fn.Name()) + "-fm"
	if iface {
		wrapper = f.l.gc.typeString(recvT) + "." + fn.Name() + "-fm"
	}
	results := ""
	if len(rs) > 0 {
		results = " (" + strings.Join(rs, ", ") + ")"
	}
	call := fmt.Sprintf("(%s).%s(%s)", tmp, f.l.methodName(fn), strings.Join(as, ", "))
	body := call
	if len(rs) > 0 {
		body = "return " + call
	}
	ind := f.ind()
	f.pre.WriteString(fmt.Sprintf("%sfunc %s ~%s (%s)%s {\n%s    %s\n%s}\n", ind, name, irQuote(wrapper), strings.Join(ps, ", "), results, ind, body, ind))
	if pos == "" {
		return name, true
	}
	return fmt.Sprintf("%s@%s ~%s", name, pos, irQuote(display)), true
}
