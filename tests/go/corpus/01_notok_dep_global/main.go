// 01_notok_dep_global: the article's NotOk called with a reader from another package whose
// unexported implementation stores the slice in a global (issue 10, class 1: the closed world was
// one package, the call had "no target" and x stayed on the stack).
//
// Proof: NotOk's x is read through dep.Last() after NotOk returned and the stack was clobbered.
package main

import (
	"fmt"

	"escapade.test/01_notok_dep_global/dep"
)

func NotOk(c dep.Reader) []byte {
	var x [128]byte // ESC x heap
	b := x[:]
	n, _ := c.Read(b)
	r := make([]byte, n) // ESC "make([]byte, n)" heap
	copy(r, b[:n])
	return r
}

func main() {
	r := NotOk(dep.New(40))
	clobber()
	kept := dep.Last()
	fmt.Println(len(r), r[0], r[127], len(kept), kept[0], kept[2], kept[127])
}
