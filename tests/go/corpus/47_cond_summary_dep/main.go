// 47_cond_summary_dep: a conditional summary across a package boundary: put.Store leaks p only if
// the Putter's Put keeps it (issue 10, class 3: summary files dropped the condition, so context
// was unsound where closed was right).
//
// Proof: f's x is read through k after f returned. f's y is given to a dropper, which keeps
// nothing: context, which resolves the condition at this call, may keep y on the stack.
package main

import (
	"fmt"

	"escapade.test/47_cond_summary_dep/put"
)

type keeper struct{ got []*int }

func (k *keeper) Put(p *int) { k.got = append(k.got, p) }

type dropper struct{ sum int }

func (d *dropper) Put(p *int) { d.sum += *p }

var k = &keeper{}

func f() int {
	x := 1 // ESC x heap
	put.Store(k, &x)
	d := &dropper{}
	y := 2 // ESC y heap either(closed) stack(context) -- (*dropper).Put keeps nothing
	put.Store(d, &y)
	return d.sum
}

func main() {
	s := f()
	clobber()
	fmt.Println(s, *k.got[0])
}
