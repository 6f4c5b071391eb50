// 61_precision_context: two implementations of I reach F1: (*T).M1 keeps its receiver, (*S).M1
// does not. t escapes (proved); s does not: context, which resolves F1's call with the caller's
// type, can keep s on the stack; closed joins both M1s and may not.
//
// Proof: h's t is read through keptT after h returned.
package main

import (
	"fmt"

	"escapade.test/61_precision_context/iface"
)

type S struct{ v int }

func (s *S) M1(i int) { s.v = i }

type T struct{ v int }

var keptT *T

func (t *T) M1(i int) {
	t.v = i
	keptT = t
}

func g() int {
	var s S // ESC s heap either(closed) stack(context) -- F1 gets an *S here
	iface.F1(&s)
	return s.v
}

func h() {
	var t T // ESC t heap
	iface.F1(&t)
}

func main() {
	a := g()
	h()
	clobber()
	fmt.Println(a, keptT.v)
}
