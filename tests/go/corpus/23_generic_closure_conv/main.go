// 23_generic_closure_conv: a conversion to an interface and a function literal inside generic
// bodies, instantiated with a struct of the main package (issue 10, class 6).
//
// Proof: prepare's v is read through the closure gx.Later made and its copy through gx.Boxed,
// after prepare returned.
package main

import (
	"fmt"

	"escapade.test/23_generic_closure_conv/gx"
)

type pair struct{ a, b int }

func prepare() func() pair {
	v := pair{1, 2} // ESC v heap
	gx.Remember(v)
	return gx.Later(&v)
}

func main() {
	f := prepare()
	clobber()
	p := f()
	fmt.Println(p.a, p.b, gx.Boxed[0].(pair).b)
}
