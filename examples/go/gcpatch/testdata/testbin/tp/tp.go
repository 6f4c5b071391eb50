// Package tp is linked by two test binaries (tpa's and tpb's) whose whole programs disagree about
// Run's counter v (examples/go/gcpatch/testbin.sh): Run's sink gets &v. In tpa's test binary the
// only Sink keeps nothing, so under --dispatch=closed the call s.Keep(&v) resolves to it and v can
// live on the stack; in tpb's, the Sink keeps &v in a global, so v escapes. go test compiles tp
// once for both binaries: its verdict must be the join (heap).
package tp

// Sink is given a pointer to Run's counter; Bump adds to the counter through the pointer it kept
// and says how much it added (0 when it kept nothing).
type Sink interface {
	Keep(p *int)
	Bump() int
}

//go:noinline
func leaf(n int) int {
	if n == 0 {
		return 0
	}
	return 1 + leaf(n-1)
}

// Run counts in v: after calls that move the stack under the check
// (-d=maymorestack=runtime.mayMoreStackMove), the sink adds to v through the pointer it kept, and
// Run checks in v's own frame that v changed by that much. A sink that kept the address of a
// stack v writes to the old stack, and v does not change. The loop varies the number of moves
// (the runtime reuses freed stacks, so an even number of moves can land v at its old address
// again). Without the check the stack does not move here and every v passes.
func Run(s Sink) bool {
	v := 1
	s.Keep(&v)
	for i := 0; i < 4; i++ {
		leaf(i)
		before := v
		n := s.Bump()
		if v != before+n {
			return false
		}
	}
	return true
}
