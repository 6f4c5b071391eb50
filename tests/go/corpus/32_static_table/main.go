// 32_static_table: calls through a statically initialised table of interfaces and a map of them
// (issue 10, class 5: var table = []Sink{...}).
//
// Proof: broadcast's x and named's y are read through tbl.Describe after they returned: a and b
// kept 3 each, k kept 5; the counter saw one call.
package main

import (
	"fmt"

	"escapade.test/32_static_table/tbl"
)

func broadcast(v int) {
	x := v // ESC x heap
	for _, s := range tbl.Table {
		s.Put(&x)
	}
}

func named(v int) {
	y := v // ESC y heap
	tbl.ByName["k"].Put(&y)
}

func main() {
	broadcast(3)
	named(5)
	clobber()
	fmt.Println(tbl.Describe(), tbl.Count)
}
