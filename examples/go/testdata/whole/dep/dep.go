// Package dep hides its Reader implementations behind constructors.
package dep

// Reader is what the main packages read from.
type Reader interface{ Read(p []byte) (int, error) }

type reader struct{ n int }

var kept []byte

// Read keeps p: the caller's buffer escapes.
func (r *reader) Read(p []byte) (int, error) { // ERROR "r does not escape$" "leaking param: p$"
	kept = p
	p[0] = 42
	return 1, nil
}

// New returns a reader that keeps the buffers it reads into.
func New() Reader {
	return &reader{} // ERROR "&reader{} escapes to heap$"
}

// Kept is the last buffer a reader kept.
func Kept() []byte { return kept }

// Clobber overwrites a good part of the stack.
func Clobber(n int) int {
	var buf [256]byte
	for i := range buf {
		buf[i] = byte(n + i)
	}
	if n > 0 {
		return Clobber(n-1) + int(buf[n%256])
	}
	return int(buf[0])
}
