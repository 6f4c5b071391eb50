// 09_io_writestring: io.WriteString on a user Writer whose Write keeps its receiver (issue 10,
// class 2: io.WriteString's w was summarised as not leaking).
//
// Proof: greet's r is read through rec.Last after greet returned.
package main

import (
	"fmt"
	"io"

	"escapade.test/09_io_writestring/rec"
)

func greet(name string) {
	var r rec.Recorder // ESC r heap
	io.WriteString(&r, "hello, ")
	io.WriteString(&r, name)
}

func main() {
	greet("gopher")
	clobber()
	fmt.Println(rec.Last.N, string(rec.Last.Data))
}
