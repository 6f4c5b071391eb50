// Package store opens readers and buffers over its own storage with standard constructors that
// keep their argument.
package store

import (
	"bufio"
	"bytes"
	"strings"
)

// R, B and S are kept for later.
var (
	R *bytes.Reader
	B *bytes.Buffer
	S *bufio.Scanner
)

// Open builds R, B and S.
func Open() {
	var data [5]byte // ESC data heap
	copy(data[:], "bytes")
	R = bytes.NewReader(data[:])
	buf := make([]byte, 0, 16) // ESC "make([]byte, 0, 16)" heap
	B = bytes.NewBuffer(buf)
	B.WriteString("buffer")
	src := strings.NewReader("one two")
	S = bufio.NewScanner(src)
	S.Split(bufio.ScanWords)
}
