// Generic code of another package (gen), instantiated here: the whole-program mode lowers gen's
// bodies in this package's fragment, as gc compiles them. x escapes through Keep's body; y does
// not escape, since Peek's body only reads *v: that needs the body (unknown code would leak y,
// as before imported generic bodies were lowered). w escapes in gc's lines (its shape instance
// (*Box[go.shape.int_0]).Set has parameters without tags, gc's DUPOK shape functions), and so in
// every mode here.
package main

import "escapade.test/whole/gen"

// clobber overwrites a good part of the stack.
func clobber(n int) int {
	var buf [256]byte
	for i := range buf {
		buf[i] = byte(n + i)
	}
	if n > 0 {
		return clobber(n-1) + int(buf[n%256])
	}
	return int(buf[0])
}

func use() int {
	x := 41 // ERROR "moved to heap: x$"
	gen.Keep(&x)
	y := 1
	z := gen.Peek(&y)
	var b gen.Box[int]
	w := 1 // ERROR "moved to heap: w$"
	b.Set(&w)
	return z + b.Get()
}

func main() {
	n := use()
	clobber(100)
	println(*gen.Kept(0).(*int) + n)
}
