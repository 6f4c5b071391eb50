// Package keeper (vendored) hides a Reader that keeps the buffers it reads into.
package keeper

// Reader is what callers read from.
type Reader interface{ Read(p []byte) (int, error) }

type keeper struct{}

var kept []byte

func (keeper) Read(p []byte) (int, error) { // ERROR "leaking param: p$"
	kept = p
	p[0] = 44
	return 1, nil
}

// New returns the keeping reader.
func New() Reader { return keeper{} } // ERROR "keeper{} escapes to heap$"

// Kept is the last buffer kept.
func Kept() []byte { return kept }
