// 60_precision_seed_f1f2: the seed article's g, f1, f2: s1 is given to F1, which calls M1 through
// an interface; (*S).M1 is the program's only M1 and keeps nothing, so s1 does not escape. gc
// cannot see that (heap); closed and context can (a precision win that is right).
//
// Proof of the values: g returns s1.s1 + s2.s1 = 84.
package main

import (
	"fmt"

	"escapade.test/60_precision_seed_f1f2/iface"
)

type S struct{ s1 int }

func (s *S) M1(i int) { s.s1 = i }

func f2(s *S) { s.M1(42) }

func g() int {
	var s1 S // ESC s1 heap stack(closed,context) -- F1 reaches only (*S).M1
	iface.F1(&s1)
	var s2 S
	f2(&s2)
	return s1.s1 + s2.s1
}

func main() {
	fmt.Println(g())
}
