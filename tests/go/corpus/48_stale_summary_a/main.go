// 48_stale_summary_a: module escapade.test/stale, like program 49, whose package dep has the same
// import path and different code (issue 10, class 11: --summary-dir was keyed by import path only,
// so one program's summary of dep was used for the other's; wrong in the gc model too).
//
// Proof: run's x is read through dep.Kept after run returned.
package main

import (
	"fmt"

	"escapade.test/stale/dep"
)

func run() int {
	x := 10 // ESC x heap
	dep.Use(&x)
	z := 1
	return dep.Peek(&z)
}

func main() {
	p := run()
	clobber()
	fmt.Println(p, dep.Kept())
}
