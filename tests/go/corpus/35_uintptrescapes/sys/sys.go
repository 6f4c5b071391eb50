// Package sys has a function whose uintptr argument is a pointer in disguise, marked
// //go:uintptrescapes like syscall.Syscall's callers rely on: the object must be on the heap.
package sys

import "unsafe"

var kept uintptr

// Register keeps p (a pointer converted to uintptr at the call).
//
//go:uintptrescapes
//go:noinline
func Register(p uintptr) { kept = p }

// Read reads the int Register was given. (Turning the kept uintptr back into a pointer is only
// valid because main turns the garbage collector off: the object is not freed or moved.)
func Read() int { return *(*int)(unsafe.Pointer(kept)) }
