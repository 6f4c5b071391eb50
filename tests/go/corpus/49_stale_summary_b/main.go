// 49_stale_summary_b: module escapade.test/stale, like program 48, whose package dep has the same
// import path and different code (issue 10, class 11).
//
// Proof: run's y is read through dep.Kept after run returned.
package main

import (
	"fmt"

	"escapade.test/stale/dep"
)

func run() int {
	z := 1
	u := dep.Use(&z)
	y := 20 // ESC y heap
	return u + dep.Peek(&y)
}

func main() {
	p := run()
	clobber()
	fmt.Println(p, dep.Kept())
}
