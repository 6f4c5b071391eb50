// 55_generic_constraint_call: method calls through type-parameter constraints, and a variable
// of a generic body that is returned (issue 10, class 6).
//
// Proof: run's x and y are read through k, and the keeper Fill made (gs.Fill's t) through its
// result, after run returned.
package main

import (
	"fmt"

	"escapade.test/55_generic_constraint_call/gs"
)

type keeper struct{ got []*int }

func (k *keeper) Put(p *int) { k.got = append(k.got, p) }

var k = &keeper{}

func run() *keeper {
	x, y := 1, 2 // ESC x heap; y heap
	gs.StoreAll(k, &x, &y)
	z := 30 // ESC z heap
	return gs.Fill[keeper](&z)
}

func main() {
	made := run()
	clobber()
	fmt.Println(*k.got[0]+*k.got[1], *made.got[0])
}
