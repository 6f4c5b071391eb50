// Package keeper hides a Reader implementation that keeps the buffers it reads into (a package
// of a GOPATH workspace: testdata/gopath, GO111MODULE=off).
package keeper

// Reader is what main reads from.
type Reader interface{ Read(p []byte) (int, error) }

type reader struct{}

var kept []byte

func (reader) Read(p []byte) (int, error) {
	kept = p
	p[0] = 42
	return 1, nil
}

// New returns a reader that keeps the buffers it reads into.
func New() Reader { return reader{} }

// Kept is the last buffer the reader kept.
func Kept() []byte { return kept }
