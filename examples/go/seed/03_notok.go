// Seed program 3 (shared/seed, point 2): NotOk reads through the net.Conn interface; gc cannot see
// the method's implementation and moves the buffer to the heap.

package seed

import "net"

func NotOk(c net.Conn) []byte { // ERROR "leaking param: c$"
	var x [128]byte // ERROR "moved to heap: x$"
	b := x[:]
	n, _ := c.Read(b)
	r := make([]byte, n) // ERROR "make\(\[\]byte, n\) escapes to heap$"
	copy(r, b[:n])
	return r
}
