// 36_method_value_expr: method values (of a concrete type and of an interface) passed to another
// package, and a method expression (patterns: method values and expressions).
//
// Proof: the x, y and z of the three functions are read through st after they returned.
package main

import (
	"fmt"

	"escapade.test/36_method_value_expr/run"
)

type store struct{ got []*int }

func (s *store) Add(p *int) { s.got = append(s.got, p) }

type adder interface{ Add(p *int) }

var st = &store{}

func viaValue() {
	x := 1 // ESC x heap
	run.Each(st.Add, &x)
}

func viaExpr() {
	y := 2 // ESC y heap
	f := (*store).Add
	f(st, &y)
}

func viaIface() {
	var a adder = st
	z := 3 // ESC z heap
	run.Each(a.Add, &z)
}

func main() {
	viaValue()
	viaExpr()
	viaIface()
	clobber()
	t := 0
	for _, p := range st.got {
		t = t*10 + *p
	}
	fmt.Println(t)
}
