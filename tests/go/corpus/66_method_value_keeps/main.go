// 66_method_value_keeps: method values whose method keeps its argument or its receiver, called
// through function values in another package (issue 12: in the closed world a method value is a
// function literal over a copy of its receiver, so calls through function values have targets).
//
// Proof: every kept pointer is read after the function that made its object returned and the
// stack was smashed. The sum printed is 1+2+3+4+5+6+7 (the ints, each read once through what kept
// it) plus 10 * 8 (the node's id, read through the registry) = 28 + 80 = 108.
package main

import (
	"fmt"

	"escapade.test/66_method_value_keeps/run"
)

type store struct{ got []*int }

// Add keeps its argument in the store.
func (s *store) Add(p *int) { s.got = append(s.got, p) }

// AddAll keeps every argument.
func (s *store) AddAll(ps ...*int) { s.got = append(s.got, ps...) }

var st = &store{}

type node struct{ id int }

var registry []*node

// Register keeps its receiver.
func (n *node) Register() { registry = append(registry, n) }

type box struct{ p *int }

// P returns the pointer in the receiver, a copy made when the method value was created.
func (b box) P() *int { return b.p }

type keeper interface{ Add(p *int) }

// outer promotes store's methods through an embedded pointer.
type outer struct{ *store }

var fromBox *int

func viaArg() {
	x := 1 // ESC x heap
	run.Each(st.Add, &x)
}

func viaRecv() {
	n := node{id: 8} // ESC n heap
	run.Call(n.Register)
}

func viaCopy() {
	y := 2 // ESC y heap
	b := box{p: &y}
	get := b.P
	b.p = nil // the method value holds its own copy of b
	fromBox = run.Get(get)
}

func viaIface() {
	var k keeper = st
	z := 3 // ESC z heap
	run.Each(k.Add, &z)
}

func viaVariadic() {
	w := 4 // ESC w heap
	v := 5 // ESC v heap
	run.Spread(st.AddAll, &w, &v)
}

func viaGlobal() {
	u := 6 // ESC u heap
	run.Register(st.Add)
	run.Fire(&u)
}

func viaPromoted() {
	o := outer{st}
	t := 7 // ESC t heap
	run.Each(o.Add, &t)
}

func main() {
	viaArg()
	viaRecv()
	viaCopy()
	viaIface()
	viaVariadic()
	viaGlobal()
	viaPromoted()
	clobber()
	sum := 0
	for _, p := range st.got {
		sum += *p
	}
	sum += *fromBox
	for _, n := range registry {
		sum += 10 * n.id
	}
	fmt.Println(sum)
}
