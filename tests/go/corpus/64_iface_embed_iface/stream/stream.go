// Package stream has interfaces embedding interfaces and an implementation that keeps what it
// reads into and itself when closed.
package stream

// Reader reads.
type Reader interface{ Read(p []byte) int }

// Closer closes.
type Closer interface{ Close() }

// ReadCloser embeds both.
type ReadCloser interface {
	Reader
	Closer
}

type file struct {
	data string
	bufs [][]byte
}

// Closed is the file closed last.
var Closed *file

func (f *file) Read(p []byte) int {
	f.bufs = append(f.bufs, p)
	return copy(p, f.data)
}

func (f *file) Close() { Closed = f }

// Open returns a ReadCloser over data.
func Open(data string) ReadCloser { return &file{data: data} } // ESC "&file{...}" heap

// Contents returns what the closed file's reads filled.
func Contents() []string {
	var out []string
	for _, b := range Closed.bufs {
		out = append(out, string(b))
	}
	return out
}
