// 62_precision_notok: the article's NotOk, in a program whose Conn implementations keep nothing.
// x does not escape: with the caller's Conn known (context), NotOk's c.Read is (*Pipe).Read,
// which copies and keeps nothing. closed sees every Read([]byte) (int, error) of the program
// (the standard library's too) and may say heap. The result r escapes (proved).
//
// Proof: NotOk's and NotOkDial's results are read after they returned.
package main

import (
	"fmt"

	"escapade.test/62_precision_notok/netish"
)

func NotOk(c netish.Conn) []byte {
	var x [128]byte // ESC x heap either(closed) stack(context) -- c is a *Pipe
	b := x[:]
	n, _ := c.Read(b)
	r := make([]byte, n) // ESC "make([]byte, n)" heap
	copy(r, b[:n])
	return r
}

func NotOkDial(c netish.Conn) []byte {
	var y [128]byte // ESC y heap either(closed,context) -- c is Dial's *Pipe
	b := y[:]
	n, _ := c.Read(b)
	return append([]byte(nil), b[:n]...)
}

func main() {
	a := NotOk(&netish.Pipe{Data: "stack"})
	b := NotOkDial(netish.Dial("dial"))
	clobber()
	fmt.Println(string(a), string(b))
}
