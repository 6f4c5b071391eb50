// 46_cgo_import: a package with import "C" whose Go code keeps a pointer (issue 10, class 10: cgo
// files were left out, so the package did not even type-check for the analysis).
//
// Proof: keep's x is read through cbind.Total after keep returned.
package main

//corpus:requires cgo

import (
	"fmt"

	"escapade.test/46_cgo_import/cbind"
)

func keep(v int) {
	x := v // ESC x heap
	cbind.Keep(&x)
}

func main() {
	keep(21)
	clobber()
	fmt.Println(cbind.Total())
}
