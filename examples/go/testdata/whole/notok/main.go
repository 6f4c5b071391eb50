// The NotOk(dep.New()): the reader's implementation lives in another package, unexported;
// it keeps the buffer, so x escapes in every mode.
package main

import "escapade.test/whole/dep"

func NotOk(c dep.Reader) byte { // ERROR "leaking param: c$|leaking param content: c$|c does not escape$"
	var x [128]byte // ERROR "moved to heap: x$"
	n, _ := c.Read(x[:])
	return x[n-1]
}

func main() {
	NotOk(dep.New())
	dep.Clobber(100)
	println(dep.Kept()[0])
}
