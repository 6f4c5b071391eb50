package tpa

import (
	"testing"

	"testbin/tp"
)

// quiet keeps nothing: in this program the pointer tp.Run hands its sink does not escape.
type quiet struct{}

func (quiet) Keep(p *int) {}
func (quiet) Bump() int   { return 0 }

func TestRun(t *testing.T) {
	if !tp.Run(quiet{}) {
		t.Fatal("tp.Run read a stale value")
	}
}
