// 27_reflect_addr: reflect.Value.Addr of a slice element yields a *Slot, converted to an interface
// by reflection alone, whose Put keeps its argument (issue 10, class 7).
//
// Proof: fill's x is read through slots.All[1] after fill returned.
package main

import (
	"fmt"
	"reflect"

	"escapade.test/27_reflect_addr/slots"
)

func fill() {
	s := reflect.ValueOf(slots.All).Index(1).Addr().Interface().(slots.Sink)
	x := 77 // ESC x heap
	s.Put(&x)
}

func main() {
	fill()
	clobber()
	fmt.Println(*slots.All[1].P, slots.All[0].P == nil)
}
