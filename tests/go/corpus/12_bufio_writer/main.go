// 12_bufio_writer: (*bufio.Writer).Write of a slice larger than the buffer goes straight to the
// underlying Writer, which keeps it; the bufio.Writer itself outlives the frame in a global
// (issue 10, class 2: (*bufio.Writer).Write's p was summarised as not leaking).
//
// Proof: emit's big is read through out.Last.Chunks[0] and k is written to by bw.Flush, both
// after emit returned.
package main

import (
	"bufio"
	"fmt"

	"escapade.test/12_bufio_writer/out"
)

var bw *bufio.Writer

func emit() {
	var big [64]byte // ESC big heap
	for i := range big {
		big[i] = 'a' + byte(i%26)
	}
	var k out.Keeper // ESC k heap
	bw = bufio.NewWriterSize(&k, 16)
	bw.Write(big[:])
	bw.WriteString("tail")
}

func main() {
	emit()
	clobber()
	bw.Flush()
	c := out.Last.Chunks
	fmt.Println(len(c), string(c[0][:5]), string(c[0][60:]), string(c[1]))
}
