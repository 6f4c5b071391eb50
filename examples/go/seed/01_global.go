// Seed program 1 (shared/seed, point 1): a local variable whose address another function stores in
// a global must live on the heap.

package seed

var VP *int // a global pointer

func f(vp *int) { // ERROR "leaking param: vp$"
	VP = vp
}

func g() int {
	var v int // a local variable // ERROR "moved to heap: v$"
	v = 40
	f(&v)
	*VP = 42
	return v
}
