// 05_dep_funcvalue: function values made in another package (a top-level function and a closure)
// called through variables (issue 10, class 1: the function values of imported packages were not
// in the closed world).
//
// Proof: the ints given to the hooks in use are read by hooks.Total and by the adder after use
// returned.
package main

import (
	"fmt"

	"escapade.test/05_dep_funcvalue/hooks"
)

func use(f func(*int), add func(*int) int) {
	x := 5 // ESC x heap
	f(&x)
	y := 7 // ESC y heap
	add(&y)
}

func main() {
	add := hooks.Adder()
	use(hooks.Keeper(), add)
	clobber()
	z := 30
	fmt.Println(hooks.Total(), add(&z))
}
