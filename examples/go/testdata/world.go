// What puts types and methods into the world (lower/world.go): the converted types' complete
// method sets (promoted methods through embedded pointers, values, imported types and
// interfaces; methods of imported types; methods of named function types), method values and
// method expressions of any package. gc generates wrappers for promoted methods and method
// expressions and prints nothing for them.
// Every diagnostic line is gc's own (go build -gcflags='-m -l'), as an errorcheck annotation.

package world

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"strings"
)

type Sink interface{ Put(p *int) }

var gp *int

type base struct{ kept *int }

func (b *base) Put(p *int) { b.kept = p } // ERROR "b does not escape$" "leaking param: p$"

type val struct{ n int }

func (v val) Put(p *int) {} // ERROR "p does not escape$"

type byPtr struct{ *base }  // *byPtr and byPtr have Put (promoted through a pointer)
type byVal struct{ val }    // byVal has Put (value method of an embedded value)
type byAddr struct{ base }  // only *byAddr has Put (pointer method of an embedded value)
type deep struct{ byPtr }   // two levels
type byIface struct{ Sink } // an embedded interface

type withBuf struct {
	*bytes.Buffer // imported methods, promoted
	n             int
}

type HandlerFunc func(p *int)

func (f HandlerFunc) Put(p *int) { f(p) } // ERROR "f does not escape$" "leaking param: p$"

func use(s Sink) { // ERROR "leaking param: s$"
	x := 1 // ERROR "moved to heap: x$"
	s.Put(&x)
}

func promoted() {
	use(byPtr{&base{}})       // ERROR "&base\{\} escapes to heap$"
	use(byVal{})              // ERROR "byVal\{\} escapes to heap$"
	use(&byAddr{})            // ERROR "&byAddr\{\} escapes to heap$"
	use(deep{byPtr{&base{}}}) // ERROR "&base\{\} escapes to heap$"
	use(byIface{val{}})       // ERROR "val\{\} escapes to heap$" "byIface\{...\} escapes to heap$"
	use(HandlerFunc(keep))    // a function value is pointer-shaped: no box
}

func keep(p *int) { gp = p } // ERROR "leaking param: p$"

func imported(w io.Writer) { // ERROR "leaking param: w$"
	var wr io.Writer = os.Stdout
	wr.Write(nil)                            // ERROR "devirtualizing wr.Write to \*os.File$"
	wb := withBuf{Buffer: new(bytes.Buffer)} // ERROR "new\(bytes.Buffer\) escapes to heap$"
	w = wb                                   // ERROR "wb escapes to heap$"
	w.Write(nil)
	var sw io.StringWriter = new(strings.Builder) // ERROR "new\(strings.Builder\) escapes to heap$"
	writeString(sw)
	var h http.Handler = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}) // ERROR "func literal does not escape$"
	_ = h
}

func writeString(w io.StringWriter) { // ERROR "leaking param: w$"
	w.WriteString("x")
}

func methodValues(b *base, r io.Reader) { // ERROR "b does not escape$" "leaking param: r$"
	f := b.Put // ERROR "b.Put does not escape$"
	f(nil)
	o := byPtr{b}
	h := o.Put // ERROR "o.base.Put does not escape$"
	h(nil)
	g := r.Read // ERROR "r.Read does not escape$"
	g(nil)
	e := byIface{}
	i := e.Put // ERROR "e.Sink.Put does not escape$"
	i(nil)
}

func methodExprs(s Sink, v *val, b *bytes.Buffer) { // ERROR "leaking param: s$" "leaking param: v$" "leaking param: b$"
	f := Sink.Put
	f(s, nil)
	g := (*val).Put
	g(v, nil)
	h := byPtr.Put
	h(byPtr{}, nil)
	i := (*bytes.Buffer).WriteString
	i(b, "x")
	j := io.Writer.Write
	j(b, nil)
	Sink.Put(s, nil)
	(*val).Put(v, nil)            // gc applies val.Put's receiver tag to v: val has no pointers, no tag: v leaks
	(*byAddr).Put(&byAddr{}, nil) // ERROR "&byAddr\{\} does not escape$"
}

// An own unexported method and one of the same name promoted from another package's type are
// different methods (os.File's embedded *file has close): both are in the IR.
type closer struct {
	*os.File
}

func (c *closer) close() {} // ERROR "c does not escape$"

func closers(w io.Writer) { // ERROR "leaking param: w$"
	w = &closer{} // ERROR "&closer{} escapes to heap$"
	w.Write(nil)
}
