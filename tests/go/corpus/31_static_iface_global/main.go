// 31_static_iface_global: a call through a package-level interface variable whose value is
// static data, var S Sink = &keeper{} (issue 10, class 5: static initialisers were not lowered,
// so S had no dynamic type and the call had no target).
//
// Proof: put's x is read through sink.Total after put returned: 12+30.
package main

import (
	"fmt"

	"escapade.test/31_static_iface_global/sink"
)

func put(v int) {
	x := v // ESC x heap
	sink.S.Put(&x)
}

func main() {
	put(12)
	put(30)
	clobber()
	fmt.Println(sink.Total())
}
