// 41_range_iface_var: for _, s = range ks assigns each *Keeper to an existing interface variable
// (issue 10, class 8: the lowered IR did not read back, "range value has the wrong type").
//
// Proof: spread's x is read through both keepers after spread returned.
package main

import (
	"fmt"

	"escapade.test/41_range_iface_var/kv"
)

func spread(ks []*kv.Keeper, v int) {
	var s kv.Sink
	x := v // ESC x heap
	for _, s = range ks {
		s.Put(&x)
	}
}

func main() {
	a, b := &kv.Keeper{}, &kv.Keeper{}
	spread([]*kv.Keeper{a, b}, 12)
	clobber()
	fmt.Println(*a.Got[0], *b.Got[0], a.Got[0] == b.Got[0])
}
