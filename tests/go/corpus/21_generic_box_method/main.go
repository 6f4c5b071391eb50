// 21_generic_box_method: a method of a generic type that keeps its receiver, and an allocation
// inside a generic function's body (issue 10, class 6: generic code was not analysed and its
// sites got no output).
//
// Proof: make1's b is read through box.All, make2's box through its result, after both returned.
package main

import (
	"fmt"

	"escapade.test/21_generic_box_method/box"
)

func make1() {
	b := box.Box[int]{V: 7, Label: "seven"} // ESC b heap
	b.Keep()
}

func make2() *box.Box[string] { return box.New("x", "ex") }

func main() {
	make1()
	p := make2()
	clobber()
	for _, a := range box.All {
		if v, ok := a.(*box.Box[int]); ok {
			fmt.Println(v.V, v.Label)
		}
	}
	fmt.Println(p.V, p.Label)
}
