// Go constructs escape analysis sees, one or two per function: the lowering's coverage test.
// Every diagnostic line is gc's own (go build -gcflags='-m -l'), as an errorcheck annotation.

package constructs

import (
	"errors"
	"sync/atomic"
	"unsafe"
)

type T struct {
	p    *int
	next *T
	s    []byte
}

type Reader interface{ Read(p []byte) (int, error) }

type Embed struct {
	T
	Reader
}

func (t *T) Ptr() *int  { return t.p } // ERROR "leaking param: t to result ~r0 level=1$"
func (t T) Val() *int   { return t.p } // ERROR "leaking param: t to result ~r0 level=0$"
func (t *T) Set(p *int) { t.p = p }    // ERROR "t does not escape$" "leaking param: p$"

var sink interface{}
var gp *int

func structs() *T {
	x := 1        // ERROR "moved to heap: x$"
	t := T{p: &x} // ERROR "moved to heap: t$"
	return &t
}

func arraysAndSlices(n int) []*int {
	var a [4]*int
	i := 0 // ERROR "moved to heap: i$"
	a[1] = &i
	s := make([]*int, n) // ERROR "make\(\[\]\*int, n\) escapes to heap$"
	s[0] = a[1]
	return s
}

func maps(k string) map[string]*int { // ERROR "leaking param: k$"
	v := 2                      // ERROR "moved to heap: v$"
	m := map[string]*int{k: &v} // ERROR "map\[string\]\*int\{\.\.\.\} escapes to heap$"
	m["x"] = new(int)           // ERROR "new\(int\) escapes to heap$"
	return m
}

func strs(a, b string, bs []byte) string { // ERROR "a does not escape$" "b does not escape$" "bs does not escape$"
	s := a + b     // ERROR "a \+ b escapes to heap$"
	_ = string(bs) // ERROR "string\(bs\) does not escape$"
	_ = []byte(a)  // ERROR "\(\[\]byte\)\(a\) does not escape$"
	return s
}

func closures() func() int {
	byValue := 1
	byRef := 2                                 // ERROR "moved to heap: byRef$"
	f := func() int { return byValue + byRef } // ERROR "func literal escapes to heap$"
	byRef++
	return f
}

func called() int {
	x := 3
	return func() int { return x }() // ERROR "func literal does not escape$"
}

func methods(t *T, e Embed) { // ERROR "leaking param content: t$" "e does not escape$"
	gp = t.Ptr()
	_ = e.Val()
	e.Set(nil)
	f := t.Set // ERROR "t\.Set does not escape$"
	f(nil)
	g := (*T).Ptr
	_ = g(t)
}

func ifaces(r Reader, v interface{}) int { // ERROR "leaking param: r$" "leaking param content: v$"
	var buf [16]byte // ERROR "moved to heap: buf$"
	n, _ := r.Read(buf[:])
	if s, ok := v.(string); ok {
		sink = s // ERROR "s escapes to heap$"
	}
	switch x := v.(type) {
	case *T:
		gp = x.p
	case int:
		sink = x // ERROR "x escapes to heap$"
	}
	return n
}

func appendCopy(dst []*int, p *int) []*int { // ERROR "leaking param content: dst$" "leaking param: dst to result ~r0 level=0$" "leaking param: p$"
	dst = append(dst, p)
	c := make([]*int, 2) // ERROR "make\(\[\]\*int, 2\) does not escape$"
	copy(c, dst)
	return dst
}

func ranges(m map[int]*T, s []T) (out *int) { // ERROR "leaking param: m to result out level=2$" "leaking param: s to result out level=1$"
	for _, t := range m {
		out = t.p
	}
	for i := range s {
		out = s[i].p
	}
	for _, c := range "abc" {
		_ = c
	}
	return
}

func goDefer(ch chan *int) { // ERROR "leaking param: ch$"
	x := 0                     // ERROR "moved to heap: x$"
	go func() { ch <- &x }()   // ERROR "func literal escapes to heap$"
	y := 0                     // ERROR "moved to heap: y$"
	defer func() { gp = &y }() // ERROR "func literal does not escape$"
	for i := 0; i < 2; i++ {
		defer func() {}() // ERROR "func literal escapes to heap$"
	}
}

func selects(a, b chan *T) *T { // ERROR "a does not escape$" "b does not escape$"
	select {
	case t := <-a:
		return t
	case b <- &T{}: // ERROR "&T\{\} escapes to heap$"
	}
	return nil
}

func panics() (err error) {
	defer func() { // ERROR "func literal does not escape$"
		if r := recover(); r != nil {
			err = errors.New("recovered")
		}
	}()
	panic(errors.New("boom"))
}

// panic(nil) (bytes' buffer_test.go): no value, no allocation, no line.
func panicsNil(b bool) {
	if b {
		panic(nil)
	}
}

func variadic(ps ...*int) *int { // ERROR "leaking param: ps to result ~r0 level=1$"
	if len(ps) > 0 {
		return ps[0]
	}
	return nil
}

func callVariadic() {
	a, b := 1, 2
	_ = variadic(&a, &b) // ERROR "\.\.\. argument does not escape$"
	variadic()
}

func multi() (*int, error) {
	x := 4 // ERROR "moved to heap: x$"
	return &x, nil
}

func labels(n int) *int {
	var p *int
loop:
	q := new(int) // ERROR "new\(int\) escapes to heap$"
	p = q
	if n > 0 {
		n--
		goto loop
	}
	return p
}

func selfAssign(t *T) { // ERROR "t does not escape$"
	t.s = t.s[1:] // ERROR "selfAssign ignoring self-assignment in t\.s = t\.s\[1:\]$"
}

func unsafeOps(p *int) uintptr { // ERROR "p does not escape$"
	u := unsafe.Pointer(p)
	return uintptr(u)
}

var ptr unsafe.Pointer

func atomics() {
	x := 5 // ERROR "moved to heap: x$"
	atomic.StorePointer(&ptr, unsafe.Pointer(&x))
}
