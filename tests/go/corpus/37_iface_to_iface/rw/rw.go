// Package rw hands out an io.Reader whose dynamic type is also an io.Writer that keeps what it
// is given.
package rw

import "io"

type keepRW struct {
	data   string
	writes [][]byte
}

// Last is the keepRW written to last.
var Last *keepRW

func (k *keepRW) Read(p []byte) (int, error) { return copy(p, k.data), nil }

func (k *keepRW) Write(p []byte) (int, error) {
	k.writes = append(k.writes, p)
	Last = k
	return len(p), nil
}

// Writes returns what was written, in order, as strings.
func Writes() []string {
	var out []string
	for _, w := range Last.writes {
		out = append(out, string(w))
	}
	return out
}

// New returns a reader over data.
func New(data string) io.Reader { return &keepRW{data: data} } // ESC "&keepRW{...}" heap
