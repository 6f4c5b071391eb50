// The article's NotOk over net.Conn, in a program that links net: the whole standard library it
// links (net's connections, and every other Read of the program) is in the world. Run under
// conservative dispatch (go_whole_conservative), where x moves to heap as in gc; netpipe/main.go is
// the program under closed and context, where the type flow keeps x on the stack.
package main

import (
	"fmt"
	"net"
)

func NotOk(c net.Conn) []byte { // ERROR "leaking param: c$|leaking param content: c$|c does not escape$"
	var x [128]byte // ERROR "moved to heap: x$"
	b := x[:]
	n, _ := c.Read(b)
	r := make([]byte, n) // ERROR "make\(\[\]byte, n\) escapes to heap$"
	copy(r, b[:n])
	return r
}

func main() {
	a, b := net.Pipe()
	go func() { // ERROR "func literal escapes to heap$"
		a.Write([]byte("hi")) // ERROR "\(\[\]byte\)\(.hi.\) escapes to heap$"
		a.Close()
	}()
	fmt.Println(string(NotOk(b))) // ERROR "\.\.\. argument does not escape$" "string\(NotOk\(b\)\) escapes to heap$"
}
