// Package embed hides a Reader whose Read is promoted from an embedded field.
package embed

// Reader is what the main package reads from.
type Reader interface{ Read(p []byte) (int, error) }

var kept []byte

type base struct{}

// Read keeps p.
func (base) Read(p []byte) (int, error) { // ERROR "leaking param: p$"
	kept = p
	p[0] = 43
	return 1, nil
}

type promoted struct {
	base
	n int
}

// NewPromoted returns a reader whose Read is promoted from an embedded field.
func NewPromoted() Reader {
	return promoted{} // ERROR "promoted{} escapes to heap$"
}

// Kept is the last buffer a reader kept.
func Kept() []byte { return kept }
