// planted - the stack-moving check's own test (examples/go/gcpatch/planted.sh). Two objects that
// escape their frames, each read through the pointer that outlives it; escapade must call both
// heap. planted.sh builds the program once with escapade's real verdicts (it must print "ok" twice)
// and once with those two verdicts forced to stack in the verdict file (it must not).
//
//	global: x is stored in a global and read after fill's frame has ended and another call reused
//	        the stack: a stack x is overwritten (wrong sum) even without stack moving.
//	moved:  &v is stored in a global and read back in v's own frame, after calls that move the
//	        stack: a stack v is copied to the new stack, the global still holds the old address,
//	        and the value read is stale (the runtime reuses freed stacks, so an even number of
//	        moves can land v at its old address again: the loop varies the count). Without
//	        -d=maymorestack=runtime.mayMoreStackMove the stack does not move here and the value
//	        is right: only the stack-moving check catches it.
package main

var keep *[32]int

//go:noinline
func fill() {
	var x [32]int // escapes: its address is stored in a global
	for i := range x {
		x[i] = i
	}
	keep = &x
}

// scribble's frame has fill's layout: called from the same frame right after fill, its z lies
// exactly where fill's x was (no stack growth in between: the frames are the same size).
//
//go:noinline
func scribble() {
	var z [32]int // does not escape: look does not keep it
	for i := range z {
		z[i] = -1000
	}
	look(&z)
}

var seen int

//go:noinline
func look(p *[32]int) { seen += p[0] }

func global() bool {
	fill()
	scribble()
	sum := 0
	for _, v := range keep {
		sum += v
	}
	return sum == 31*32/2
}

//go:noinline
func leaf(n int) int {
	if n == 0 {
		return 0
	}
	return 1 + leaf(n-1)
}

var gp *int

func moved() bool {
	v := 1
	gp = &v // escapes: its address is stored in a global
	for i := 0; i < 4; i++ {
		leaf(i) // i+1 calls: as many stack moves under the check, none without it
		v++
		if *gp != v {
			return false
		}
	}
	return true
}

// It imports nothing, so that a build compiles only the runtime besides it (the check's builds
// stay short). Output on stderr; a wrong value panics (exit status 2).
func main() {
	bad := false
	for _, c := range []struct {
		name string
		f    func() bool
	}{{"global", global}, {"moved", moved}} {
		if c.f() {
			println(c.name, "ok")
		} else {
			println(c.name, "WRONG VALUE")
			bad = true
		}
	}
	if bad {
		panic("planted: a stack object was read through a pointer that outlived it")
	}
}
