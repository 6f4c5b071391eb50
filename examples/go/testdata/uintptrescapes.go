// //go:uintptrescapes (lower/pragmas.go): gc marks the uintptr parameters of such a function as
// escaping and, at each call, moves what uintptr(unsafe.Pointer(p)) arguments point to onto the
// heap; the `... argument` of a ...uintptr parameter leaks (its tag is empty). The pragma of an
// imported function (syscall.AllThreadsSyscall) comes from its source.
// Every diagnostic line is gc's own (go build -gcflags='-m -l'), as an errorcheck annotation.

package uintptrescapes

import (
	"syscall"
	"unsafe"
)

//go:uintptrescapes
func F1(a uintptr) {} // ERROR "marking a as escaping uintptr$"

//go:uintptrescapes
func F2(a ...uintptr) {} // ERROR "marking a as escaping ...uintptr$"

//go:uintptrescapes
func F3(uintptr, *int) {} // ERROR "marking arg#1 as escaping uintptr$"

//go:uintptrescapes
func F4(p *int, a ...uintptr) *int { return p } // ERROR "leaking param: p to result ~r0 level=0$" "marking a as escaping ...uintptr$"

type T struct{}

//go:uintptrescapes
func (T) M1(a uintptr) {} // ERROR "marking a as escaping uintptr$"

//go:uintptrescapes
func (*T) M2(uintptr) {} // ERROR "marking arg#2 as escaping uintptr$"

// Without the pragma a uintptr argument keeps nothing alive.
func plain(a uintptr) {}

func callF1() {
	var t int // ERROR "moved to heap: t$"
	F1(uintptr(unsafe.Pointer(&t)))
}

func callF2() {
	var v int                                // ERROR "moved to heap: v$"
	F2(0, 1, uintptr(unsafe.Pointer(&v)), 2) // ERROR "\.\.\. argument escapes to heap$"
}

func callF2Slice(s []uintptr) { // ERROR "leaking param: s$"
	F2(s...)
}

func callF3() {
	var w int // ERROR "moved to heap: w$"
	var u int
	F3(uintptr(unsafe.Pointer(&w)), &u)
}

func callF4() *int {
	var y, z int                               // ERROR "moved to heap: y$" "moved to heap: z$"
	return F4(&z, uintptr(unsafe.Pointer(&y))) // ERROR "\.\.\. argument escapes to heap$"
}

func callMethods() {
	var t T
	var a, b int // ERROR "moved to heap: a$" "moved to heap: b$"
	t.M1(uintptr(unsafe.Pointer(&a)))
	t.M2(uintptr(unsafe.Pointer(&b)))
}

func deferred() {
	var d int // ERROR "moved to heap: d$"
	defer F1(uintptr(unsafe.Pointer(&d)))
}

func notAPointer(n int) {
	F1(uintptr(n))
	var e int
	plain(uintptr(unsafe.Pointer(&e)))
}

func imported() {
	var x [4]byte // ERROR "moved to heap: x$"
	syscall.AllThreadsSyscall(0, uintptr(unsafe.Pointer(&x)), 0, 0)
}
