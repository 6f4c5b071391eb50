// 45_cgo_buildtag: a package whose //go:build cgo file (selected by go build where a C compiler
// exists) keeps the pointer, and whose !cgo file does not (issue 10, class 10: files were
// selected as if cgo were off; wrong in the gc model too).
//
// Proof: keep's x is read through plat.Read after keep returned.
package main

//corpus:requires cgo

import (
	"fmt"

	"escapade.test/45_cgo_buildtag/plat"
)

func keep() {
	x := 6 // ESC x heap
	plat.Keep(&x)
}

func main() {
	keep()
	clobber()
	fmt.Println(plat.Read())
}
