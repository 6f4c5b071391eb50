// 30_init_order: plugins registered by init functions of imported packages (run before main's
// own init), dispatched through an interface by the registry's package (pattern: init order).
//
// Proof: reg.Run's x and record's v are read through keep.Total after both returned: 4+5+8.
// keep's init runs before main's, so the order is "keep main".
package main

import (
	"fmt"

	"escapade.test/30_init_order/plugins/keep"
	"escapade.test/30_init_order/reg"
)

type counter struct{ n *int }

func (c counter) Handle(p *int) { *c.n++ }

var handled int

func init() { reg.Register("main", counter{&handled}) }

func record(n int) {
	v := n // ESC v heap
	reg.Each(&v)
}

func main() {
	reg.Run(4)
	reg.Run(5)
	record(8)
	clobber()
	fmt.Println(reg.Order, handled, keep.Total())
}
