// 67_method_value_nokeep: method values whose methods keep nothing, called through function
// values in another package. gc sends the arguments of a call through a function value, and a
// method value's results, to the heap; the whole-program modes see which functions the values can
// be (issue 12: a method value is a function literal over a copy of its receiver) and that none of
// them keeps what it is given (precision wins that are right). Under closed, a call through a
// function value has no target in a program that links reflect (the reflection rule's marker), so
// only context, which resolves Each's f at this call, must find x on the stack; y's a.Add calls Add
// dynamically in the method value, and z's b.P returns &z through its results: either, both modes.
//
// Proof of the values: tally adds 5 and 6 into the counter (11), peek reads 7: 11 + 7 = 18.
package main

import (
	"fmt"

	"escapade.test/67_method_value_nokeep/run"
)

type counter struct{ n int }

// Add reads its argument and keeps nothing.
func (c *counter) Add(p *int) { c.n += *p }

type adder interface{ Add(p *int) }

var ct = &counter{}

type box struct{ p *int }

// P returns the pointer in the receiver (a copy made when the method value was created).
func (b box) P() *int { return b.p }

func tally() int {
	x := 5 // ESC x heap either(closed) stack(context) -- Each's f is ct.Add here: (*counter).Add keeps nothing
	run.Each(ct.Add, &x)
	var a adder = ct
	y := 6 // ESC y heap either(closed,context) -- Each's f is a.Add here, whose dynamic type is *counter: (*counter).Add keeps nothing
	run.Each(a.Add, &y)
	return ct.n
}

func peek() int {
	z := 7 // ESC z heap either(closed,context) -- b.P returns &z to Get, which returns it to peek, which only reads through it
	b := box{p: &z}
	return *run.Get(b.P)
}

func main() {
	t := tally()
	clobber()
	fmt.Println(t + peek())
}
