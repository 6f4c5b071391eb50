// 34_static_func_global: calls through package-level function variables initialised statically
// or by init code (issue 10, class 5: var hook func(*int) = keep).
//
// Proof: fire's x, y and z are read through hook.Totals after fire returned: keep has 1+2, the
// store 4.
package main

import (
	"fmt"

	"escapade.test/34_static_func_global/hook"
)

func fire() {
	x := 1 // ESC x heap
	hook.Hook(&x)
	y := 2 // ESC y heap
	hook.Hooks["keep"](&y)
	z := 4 // ESC z heap
	hook.Method(&z)
}

func main() {
	fire()
	clobber()
	fmt.Println(hook.Totals())
}
