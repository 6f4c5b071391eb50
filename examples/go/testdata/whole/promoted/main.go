// NotOk over a reader whose Read is promoted from an embedded field of an unexported type of
// another package (gc's wrapper promoted.Read calls base.Read, which keeps the buffer): x escapes
// in every mode. The program links no other Read method, so a closed world without the promoted
// method would have no target for c.Read.
package main

import "escapade.test/whole/embed"

func NotOk(c embed.Reader) byte { // ERROR "leaking param: c$|leaking param content: c$|c does not escape$"
	var x [128]byte // ERROR "moved to heap: x$"
	n, _ := c.Read(x[:])
	return x[n-1]
}

// clobber overwrites a good part of the stack.
func clobber(n int) int {
	var buf [256]byte
	for i := range buf {
		buf[i] = byte(n + i)
	}
	if n > 0 {
		return clobber(n-1) + int(buf[n%256])
	}
	return int(buf[0])
}

func main() {
	NotOk(embed.NewPromoted())
	clobber(100)
	println(embed.Kept()[0])
}
