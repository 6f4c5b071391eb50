// The article's NotOk over net.Conn under closed and context dispatch (go_whole_closed and
// go_whole_context; netconn/main.go is the same program under conservative dispatch, where x is
// moved to heap as gc moves it). The type flow sees that net.Pipe returns only *net.pipe, whose
// Read copies out of its argument without keeping it, so NotOk's x stays on the stack. Kept is the
// guard: what reaches its r is *net.pipe and *keeper, and keeper's Read keeps its argument, so y
// must be moved to heap (main reads it after Kept returned and the stack was overwritten: `go run
// ./netpipe` prints hi, 104 42, and 42): a type flow that lost *keeper from r's set would put y on
// the stack.
package main

import (
	"fmt"
	"io"
	"net"

	"escapade.test/whole/dep"
)

type keeper struct{ last []byte }

func (k *keeper) Read(p []byte) (int, error) { // ERROR "leaking param: p$" "k does not escape$"
	p[0] = 42
	k.last = p
	return len(p), nil
}

func NotOk(c net.Conn) []byte { // ERROR "leaking param: c$|leaking param content: c$|c does not escape$"
	var x [128]byte
	b := x[:]
	n, _ := c.Read(b)
	r := make([]byte, n) // ERROR "make\(\[\]byte, n\) escapes to heap$"
	copy(r, b[:n])
	return r
}

func Kept(r io.Reader) byte { // ERROR "leaking param: r$|leaking param content: r$|r does not escape$"
	var y [64]byte // ERROR "moved to heap: y$"
	r.Read(y[:])
	return y[0]
}

func main() {
	a, b := net.Pipe()
	go func() { // ERROR "func literal escapes to heap$"
		a.Write([]byte("hi")) // ERROR "\(\[\]byte\)\(.hi.\) escapes to heap$"
		a.Write([]byte("hi")) // ERROR "\(\[\]byte\)\(.hi.\) escapes to heap$"
		a.Close()
	}()
	fmt.Println(string(NotOk(b))) // ERROR "\.\.\. argument does not escape$" "string\(NotOk\(b\)\) escapes to heap$"
	k := &keeper{} // ERROR "&keeper{} escapes to heap$|&keeper{} does not escape$"
	fmt.Println(Kept(b), Kept(k)) // ERROR "\.\.\. argument does not escape$" "Kept\(b\) escapes to heap$|Kept\(b\) does not escape$" "Kept\(k\) escapes to heap$|Kept\(k\) does not escape$"
	dep.Clobber(100)
	println(k.last[0]) // y outlived Kept's frame: 42 only if it was moved to heap
}
