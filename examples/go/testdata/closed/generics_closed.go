// Generic code under --dispatch=closed and context (ctest go_world_closed/_context): escapade's
// verdicts, reasoned by hand. A method called on a type-parameter value is gc's dictionary call;
// the lowering makes it a dynamic call on the value converted to the constraint, whose dynamic
// type is the shape: the shape's methods join those of the real types it stands for (its
// members). A converted instantiated generic type has its methods (wrappers calling the shape
// instances) in the IR. The file is a whole program (package main; closed is refused on a
// library): its world adds the runtime, which has no method Put(*int), so the sets are this
// file's.

package main

func main() {
	viaKeeper()
	viaDropper()
	viaGlobal()
}

type Putter interface{ Put(p *int) }

var gq *int

type keeper struct{ n int }

func (k *keeper) Put(p *int) { gq = p } // ERROR "k does not escape$" "leaking param: p$"

type dropper struct{ n int }

func (d dropper) Put(p *int) {} // ERROR "p does not escape$"

// The shape of *keeper is go.shape.*uint8_0 (members: *keeper), that of dropper
// go.shape.struct { p.n int }_0 (members: dropper).
func Call[T Putter](s T, p *int) {
	s.Put(p)
}

// x: Call's *uint8 shape instance calls (*keeper).Put through the join, which keeps p.
func viaKeeper() {
	x := 1              // ERROR "moved to heap: x$"
	Call(&keeper{}, &x) // ERROR "&keeper{} does not escape$"
}

// y: the struct shape's only member is dropper, whose Put keeps nothing. gc: heap (the
// dictionary call is unknown to it).
func viaDropper() {
	y := 1
	Call(dropper{}, &y)
}

type Stash[T any] struct{ v *int }

func (s *Stash[T]) Put(p *int) { s.v = p } // a shape instance: no parameter diagnostics

// z: gs holds a *Stash[int] (static data); reading a global gives an unknown set, resolved over
// every converted type, among them *Stash[int], whose Put (a wrapper calling the shape
// instance) keeps p.
var gs Putter = &Stash[int]{}

func viaGlobal() {
	z := 1 // ERROR "moved to heap: z$"
	gs.Put(&z)
}
