// //go:linkname (issue 10): a function declared here without a body and implemented in another
// package (pulled from the runtime with //go:linkname) is a body-less extern: its pointer
// arguments leak, as gc assumes, unless it carries //go:noescape, which gc trusts.
// Every diagnostic line is gc's own (go tool compile -m -l), as an errorcheck annotation.
package p

import "unsafe"

//go:linkname memhash runtime.memhash
func memhash(p unsafe.Pointer, h, s uintptr) uintptr // ERROR "leaking param: p$" "assuming h is unsafe uintptr$" "assuming s is unsafe uintptr$"

//go:noescape
//go:linkname memhash32 runtime.memhash32
func memhash32(p unsafe.Pointer, h uintptr) uintptr // ERROR "p does not escape$" "assuming h is unsafe uintptr$"

func Hash() uintptr {
	x := 1 // ERROR "moved to heap: x$"
	return memhash(unsafe.Pointer(&x), 0, 8)
}

func Hash32() uintptr {
	y := int32(1)
	return memhash32(unsafe.Pointer(&y), 0)
}
