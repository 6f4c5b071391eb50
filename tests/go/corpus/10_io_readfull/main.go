// 10_io_readfull: io.ReadFull into a local array through a reader (from another package's
// constructor) that keeps the slice (issue 10, classes 1 and 2).
//
// Proof: load's buf is read through src.Kept after load returned. ReadFull calls Read with
// buf[0:], buf[4:], buf[8:], buf[12:]; the last one is kept: bytes 13..16.
package main

import (
	"fmt"
	"io"

	"escapade.test/10_io_readfull/src"
)

func load(r io.Reader) (sum int) {
	var buf [16]byte // ESC buf heap
	io.ReadFull(r, buf[:])
	for _, b := range buf {
		sum += int(b)
	}
	return sum
}

func main() {
	sum := load(src.New())
	clobber()
	fmt.Println(sum, len(src.Kept), src.Kept[0], src.Kept[3])
}
