// 25_reflect_methodbyname: a method reached only through reflect.Value.MethodByName (turned into
// a func value) and reflect.Value.Method(i).Call (issue 10, class 7: the call of a function value
// made by reflection had no target in the closed world).
//
// Proof: call's x and y are read through obj.Last after call returned. Method 0 is Keep (methods
// are sorted by name: Keep, Sum).
package main

import (
	"fmt"
	"reflect"

	"escapade.test/25_reflect_methodbyname/obj"
)

func call(o any) {
	f := reflect.ValueOf(o).MethodByName("Keep").Interface().(func(*int))
	x := 5 // ESC x heap
	f(&x)
	y := 6 // ESC y heap
	reflect.ValueOf(o).Method(0).Call([]reflect.Value{reflect.ValueOf(&y)})
}

func main() {
	call(obj.New())
	clobber()
	fmt.Println(obj.Last.Sum())
}
