// 24_reflect_new: reflect.New of a type the program only names as a value type yields a *Keeper,
// converted to an interface by reflection alone, whose Put keeps its argument (issue 10, class 7).
//
// Proof: fill's x is read through plug.Made after fill returned.
package main

import (
	"fmt"
	"reflect"

	"escapade.test/24_reflect_new/plug"
)

func fill(t reflect.Type) {
	s := reflect.New(t).Interface().(plug.Sink)
	x := 9 // ESC x heap
	s.Put(&x)
}

func main() {
	fill(plug.Type())
	clobber()
	fmt.Println(*plug.Made.Got[0], len(plug.Made.Got))
}
