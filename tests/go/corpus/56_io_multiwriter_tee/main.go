// 56_io_multiwriter_tee: io.MultiWriter and io.TeeReader forward the caller's slices to a Writer
// that keeps them (issue 10, class 2: std wrappers calling an interface).
//
// Proof: both's buf and tee's rb are read through tap.Got after they returned.
package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"escapade.test/56_io_multiwriter_tee/tap"
)

func both(a io.Writer) {
	var buf [8]byte // ESC buf heap
	copy(buf[:], "multi!")
	w := io.MultiWriter(a, tap.T)
	w.Write(buf[:6])
}

func tee() {
	r := io.TeeReader(strings.NewReader("tee"), tap.T)
	var rb [4]byte // ESC rb heap
	r.Read(rb[:])
}

func main() {
	var b bytes.Buffer
	both(&b)
	tee()
	clobber()
	fmt.Println(b.String(), tap.Got())
}
