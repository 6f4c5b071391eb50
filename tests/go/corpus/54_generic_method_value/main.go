// 54_generic_method_value: a method value and a method expression of an instantiated generic type
// (issue 10, class 6: instantiated generic methods used as values).
//
// Proof: fill's x and fill2's y are read through the bag after they returned.
package main

import (
	"fmt"

	"escapade.test/54_generic_method_value/gbox"
)

var bag = &gbox.Bag[*int]{}

func fill(add func(*int)) {
	x := 3 // ESC x heap
	add(&x)
}

func fill2() {
	f := (*gbox.Bag[*int]).Add
	y := 4 // ESC y heap
	f(bag, &y)
}

func main() {
	fill(bag.Add)
	fill2()
	clobber()
	for _, p := range bag.Items() {
		fmt.Print(*p, " ")
	}
	fmt.Println()
}
