// 22_generic_func_value: instantiated generic functions used as function values, called directly
// and through another generic function (issue 10, class 6).
//
// Proof: run's x and s are read through keep.Kept after run returned.
package main

import (
	"fmt"

	"escapade.test/22_generic_func_value/keep"
)

func run() {
	f := keep.Keep[int]
	x := 42 // ESC x heap
	f(&x)
	s := "str" // ESC s heap
	keep.Apply(keep.Keep[string], &s)
}

func main() {
	run()
	clobber()
	fmt.Println(*keep.Kept[0].(*int), *keep.Kept[1].(*string))
}
