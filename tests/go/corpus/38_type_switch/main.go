// 38_type_switch: type switches with interface cases and a concrete case reaching a method that
// keeps its argument (pattern: type switches).
//
// Proof: dispatch's x and y are read through a.Total after dispatch returned: 5 + 6 + 100.
package main

import (
	"fmt"

	"escapade.test/38_type_switch/shapes"
)

func dispatch(v any, n int) {
	x := n // ESC x heap
	switch t := v.(type) {
	case shapes.Keeper:
		t.Keep(&x)
	case shapes.Named:
		fmt.Println("named", t.Name())
	}
	y := n * 20 // ESC y heap
	switch t := v.(type) {
	case *shapes.A:
		t.Keep(&y)
	case interface{ Keep(*int) }:
		t.Keep(&y)
	}
}

func main() {
	a := shapes.NewA()
	dispatch(a, 5)
	dispatch(shapes.B{}, 6)
	clobber()
	fmt.Println(a.(*shapes.A).Total())
}
