// 35_uintptrescapes: a pointer passed as uintptr to a //go:uintptrescapes function of another
// package (issue 10, class 9: the pragma was ignored; wrong in the gc model too).
//
// Proof: reg's v is read through sys.Read after reg returned. The collector is off so that the
// object only the uintptr refers to stays where it is.
package main

import (
	"fmt"
	"runtime/debug"
	"unsafe"

	"escapade.test/35_uintptrescapes/sys"
)

func reg() {
	v := 31 // ESC v heap
	sys.Register(uintptr(unsafe.Pointer(&v)))
}

func main() {
	debug.SetGCPercent(-1)
	reg()
	clobber()
	fmt.Println(sys.Read())
}
