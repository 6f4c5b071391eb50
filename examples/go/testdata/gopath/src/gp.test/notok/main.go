// GOPATH mode (issue 10: "vendored modules, GOPATH mode and modules offline"): the issue's
// NotOk(keeper.New()) in a GOPATH workspace (GO111MODULE=off GOPATH=testdata/gopath; ctest
// go_whole_gopath runs it under --dispatch=closed): the whole program is loaded from GOPATH,
// keeper's reader keeps the buffer, so x escapes. `go run gp.test/notok` there prints 42.
package main

import "gp.test/keeper"

func NotOk(c keeper.Reader) byte { // ERROR "leaking param: c$|leaking param content: c$|c does not escape$"
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
	NotOk(keeper.New())
	clobber(100)
	println(keeper.Kept()[0])
}
