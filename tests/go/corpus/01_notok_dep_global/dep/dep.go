// Package dep hands out a Reader whose (unexported) implementation keeps the last slice it filled
// in a package variable: the caller's buffer outlives the call.
package dep

// Reader is the interface NotOk reads through (net.Conn's Read, in the article).
type Reader interface {
	Read(b []byte) (int, error)
}

type keepingReader struct{ fill byte }

var last []byte

func (r keepingReader) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = r.fill + byte(i)
	}
	last = b
	return len(b), nil
}

// New returns the keeping reader behind the interface.
func New(fill byte) Reader {
	return keepingReader{fill} // ESC "keepingReader{...}" heap
}

// Last returns the slice the reader filled last.
func Last() []byte { return last }
