// 11_io_copy: io.Copy between a user Reader and Writer that keep their receivers (issue 10,
// class 2: io.Copy's dst and src were summarised as not leaking).
//
// Proof: transfer's src (and its data) and dst are read through pipe.LastSource and
// pipe.LastSink after transfer returned.
package main

import (
	"fmt"
	"io"

	"escapade.test/11_io_copy/pipe"
)

func transfer(text string) int64 {
	src := pipe.Source{Data: []byte(text)} // ESC src heap; "([]byte)(text)" heap
	var dst pipe.Sink                      // ESC dst heap
	n, _ := io.Copy(&dst, &src)
	return n
}

func main() {
	n := transfer("copy me")
	clobber()
	fmt.Println(n, string(pipe.LastSink.Got), pipe.LastSource.Off, string(pipe.LastSource.Data))
}
