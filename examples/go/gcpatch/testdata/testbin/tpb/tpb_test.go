package tpb

import (
	"testing"

	"testbin/tp"
)

var kept *int

// keeper keeps the pointer it is given in a global: tp.Run's v escapes in this program.
type keeper struct{}

func (keeper) Keep(p *int) { kept = p }
func (keeper) Bump() int {
	*kept++
	return 1
}

func TestRun(t *testing.T) {
	if !tp.Run(keeper{}) {
		t.Fatal("tp.Run read a stale value")
	}
}
