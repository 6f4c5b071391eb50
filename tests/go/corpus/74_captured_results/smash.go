// smash.go - the proof step of the Go-level soundness corpus, identical in every program (the
// master copy is tests/go/corpus/smash.go.txt; see tests/go/corpus/README.md). clobber()
// overwrites the stack that returned frames used, on this goroutine and on fresh goroutines, so
// that a value read afterwards through a kept pointer is right only if its object is on the heap.
package main

// smashSum keeps the results of smash alive.
var smashSum uint64

// smash recurses depth levels; each level fills 1 KiB of locals with a pattern.
//
//go:noinline
func smash(depth int) uint64 {
	var buf [128]uint64
	for i := range buf {
		buf[i] = 0xdeadbeefcafef00d ^ uint64(depth*131+i)
	}
	if depth == 0 {
		return buf[depth&127]
	}
	return smash(depth-1) + buf[(depth*7)&127]
}

// The main goroutine's stack grows once, here: later smashes overwrite it in place (a stack that
// grows is copied, and the abandoned copy would keep stale values readable).
func init() { smashSum += smash(64) }

// clobber overwrites the dead part of this goroutine's stack, then runs goroutines that do the
// same on the stacks the runtime reuses (those of goroutines that have exited).
//
//go:noinline
func clobber() {
	smashSum += smash(16)
	done := make(chan uint64)
	for i := 0; i < 4; i++ {
		go func() { done <- smash(16) }()
	}
	for i := 0; i < 4; i++ {
		smashSum += <-done
	}
}
