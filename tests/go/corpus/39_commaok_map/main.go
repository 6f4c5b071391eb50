// 39_commaok_map: s, ok = m[k] assigns a *Keeper to an existing interface variable (an implicit
// conversion), then calls through it (issue 10, class 8: the conversion was lost).
//
// Proof: put's x is read through kv.Reg after put returned.
package main

import (
	"fmt"

	"escapade.test/39_commaok_map/kv"
)

func put(name string, v int) {
	var s kv.Sink
	var ok bool
	s, ok = kv.Reg[name]
	x := v // ESC x heap
	if ok {
		s.Put(&x)
	}
}

func main() {
	put("main", 9)
	put("none", 1)
	clobber()
	fmt.Println(len(kv.Reg["main"].Got), *kv.Reg["main"].Got[0])
}
