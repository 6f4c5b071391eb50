// 69_param_sets: interface and function parameters whose sets come from their callers (issue 12,
// parameter sets in a closed world). A parameter holds what every call site of the program
// passes: onlyDrop is only ever given a *Drop, so Put on it is (*Drop).Put, which keeps nothing,
// and its local stays on the stack under gc/closed and gc/context (model precise does not build
// parameter sets). Every parameter that can hold a *Keep in some execution must send the pointer
// given to Put to the heap: a second of three callers passing a *Keep (twoCallers), a wrapper's caller
// passing one (wrapped), a function also called through a function variable (viaHook), a method
// also called through an interface (Run), a recursive call (rec), a variable whose address is taken
// (fromAddr) or that a closure assigns (fromClosure), nine dynamic types for one parameter, more
// than a set holds (capped), a function parameter given keep by a second caller (applyBoth).
//
// Proof: (*Keep).Put and keep append the pointer to shapes.Kept; every function returns before
// clobber(), then main prints what the kept pointers reach: 3 4 5 6 7 8 9 10 11 in call order.
// onlyDrop, onlyDropWrapped and apply return their variable's value (1 2 12).
package main

import (
	"fmt"

	"escapade.test/69_param_sets/shapes"
)

func keep(p *int) { shapes.Kept = append(shapes.Kept, p) }
func drop(p *int) {}

func onlyDrop(i shapes.Putter) int {
	a := 1 // ESC a heap stack(gc/closed,gc/context) either(precise) -- every caller passes a *Drop, whose Put keeps nothing
	i.Put(&a)
	return a
}

func onlyDropInner(i shapes.Putter) int {
	b := 2 // ESC b heap stack(gc/closed,gc/context) either(precise) -- its only caller passes on its own parameter, always a *Drop
	i.Put(&b)
	return b
}

func onlyDropWrapped(i shapes.Putter) int { return onlyDropInner(i) }

func twoCallers(i shapes.Putter) {
	c := 3 // ESC c heap
	i.Put(&c)
}

func wrappedInner(i shapes.Putter) {
	d := 4 // ESC d heap
	i.Put(&d)
}

func wrapped(i shapes.Putter) { wrappedInner(i) }

func viaHook(i shapes.Putter) {
	e := 5 // ESC e heap
	i.Put(&e)
}

var hook func(shapes.Putter)

// Runner is implemented by *R.
type Runner interface{ Run(i shapes.Putter) }

// R runs Put.
type R struct{ n int }

// runners holds a Runner read back from memory, so that no one devirtualizes its call.
var runners []Runner

func (r *R) Run(i shapes.Putter) {
	f := 6 // ESC f heap
	i.Put(&f)
}

func rec(i shapes.Putter, n int) {
	g := 7 // ESC g heap
	i.Put(&g)
	if n > 0 {
		rec(&shapes.Keep{}, n-1)
	}
}

func fromAddr(i shapes.Putter) {
	h := 8 // ESC h heap
	i.Put(&h)
}

func store(q *shapes.Putter) { *q = &shapes.Keep{} }

func fromClosure(i shapes.Putter) {
	k := 9 // ESC k heap
	i.Put(&k)
}

func capped(i shapes.Putter) {
	m := 10 // ESC m heap
	i.Put(&m)
}

func apply(fn func(*int)) int {
	n := 12 // ESC n heap stack(gc/closed,gc/context) either(precise) -- every caller passes drop, which keeps nothing
	fn(&n)
	return n
}

func applyBoth(fn func(*int)) {
	o := 11 // ESC o heap
	fn(&o)
}

func main() {
	var d shapes.Drop
	s := []int{onlyDrop(&d), onlyDropWrapped(&d), apply(drop)}
	twoCallers(&d)
	twoCallers(&shapes.Keep{})
	twoCallers(&d)
	wrapped(&shapes.Keep{})
	viaHook(&d)
	hook = viaHook
	hook(&shapes.Keep{})
	var r R
	r.Run(&d)
	runners = append(runners, &R{})
	runners[0].Run(&shapes.Keep{})
	rec(&d, 1)
	var j shapes.Putter = &d
	store(&j)
	fromAddr(j)
	var c shapes.Putter = &d
	set := func() { c = &shapes.Keep{} }
	set()
	fromClosure(c)
	capped(&d)
	capped(&shapes.D1{})
	capped(&shapes.D2{})
	capped(&shapes.D3{})
	capped(&shapes.D4{})
	capped(&shapes.D5{})
	capped(&shapes.D6{})
	capped(&shapes.D7{})
	capped(&shapes.Keep{})
	applyBoth(drop)
	applyBoth(keep)
	clobber()
	fmt.Println(s[0], s[1], s[2])
	for _, p := range shapes.Kept {
		fmt.Print(*p, " ")
	}
	fmt.Println()
}
