// Package src is an io.Reader that fills at most four bytes per call with a running counter and
// keeps the last slice it filled.
package src

import "io"

type source struct{ next byte }

// Kept is the slice the reader filled last.
var Kept []byte

func (s *source) Read(p []byte) (int, error) {
	n := len(p)
	if n > 4 {
		n = 4
	}
	for i := 0; i < n; i++ {
		s.next++
		p[i] = s.next
	}
	Kept = p
	return n, nil
}

// New returns a reader whose bytes are 1, 2, 3, ...
func New() io.Reader {
	return &source{} // ESC "&source{}" heap
}
