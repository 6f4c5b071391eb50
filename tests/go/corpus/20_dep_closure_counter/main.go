// 20_dep_closure_counter: closures made in another package that capture their own locals, called
// after the making frame returned (pattern: closures).
//
// Proof: a() 11, a() 12, b() 101, add(a()=13) sum 13, add(b()=102) sum 115, then a() 14, b() 103,
// total() 115.
package main

import (
	"fmt"

	"escapade.test/20_dep_closure_counter/gen"
)

func makeCounters() (func() int, func() int) { return gen.Counter(10), gen.Counter(100) }

func main() {
	a, b := makeCounters()
	add, total := gen.Accumulate()
	clobber()
	a()
	a()
	b()
	add(a())
	add(b())
	fmt.Println(a(), b(), total())
}
