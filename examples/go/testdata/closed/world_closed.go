// The world under --dispatch=closed and context (ctest go_world_closed/_context): each verdict
// below is escapade's, reasoned by hand from the program (not gc's: gc treats every dynamic call
// as unknown). The file is a whole program (package main; closed is refused on a library, whose
// callers are not known): the world is this file and what it links, the runtime. A dynamic call
// resolves over the dynamic types its receiver may hold, or over every converted type of the
// program when that set is unknown; each case here needs a method, wrapper, witness or static
// registration that the lowering must put into the IR: without it the call has no target and
// the argument would wrongly stay on the stack (or, with a host that treats a missing method
// conservatively, wrongly go to the heap in the "stack" cases). What the runtime adds to the
// world cannot change a verdict here: the stack verdicts rest on sets known inside their
// function, and the heap verdicts on one keeping target that is in the set whatever else is.

package main

func main() {
	wrappersStack(true)
	wrappersHeap(true)
	commaOk()
	ranged()
	static()
}

type Sink interface{ Put(p *int) }

var gp *int

type base struct{ kept *int }

func (b *base) Put(p *int) { b.kept = p } // ERROR "b does not escape$" "leaking param: p$"

type val struct{ n int }

func (v val) Put(p *int) {} // ERROR "p does not escape$"

type keeperVal struct{ n int }

func (k keeperVal) Put(p *int) { gp = p } // ERROR "leaking param: p$"

type byPtr struct{ *base }   // Put promoted from *base: keeps p
type byVal struct{ val }     // Put promoted from val: keeps nothing
type byPtrVal struct{ *val } // Put promoted from val through a pointer: keeps nothing

// y: the set of s is {byVal, byPtrVal}: neither wrapper's Put keeps p, so y stays on the stack.
// gc: heap (a dynamic call).
func wrappersStack(b bool) {
	y := 1
	var s Sink = byVal{} // ERROR "byVal{} does not escape$"
	if b {
		s = byPtrVal{&val{}} // ERROR "&val{} does not escape$"
	}
	s.Put(&y)
}

// z: the set is {byVal, byPtr}; byPtr's wrapper calls (*base).Put, which keeps p.
func wrappersHeap(b bool) {
	z := 1               // ERROR "moved to heap: z$"
	var s Sink = byVal{} // ERROR "byVal{} does not escape$"
	if b {
		s = byPtr{&base{}} // ERROR "&base{} does not escape$"
	}
	s.Put(&z)
}

// q: s, ok = m[k] leaves a keeperVal in s without a conversion in the IR: the witness puts
// keeperVal into s's set, whose Put keeps p.
var m = map[string]keeperVal{} // ERROR "map\[string\]keeperVal{} escapes to heap$"

func commaOk() {
	var s Sink = byVal{} // ERROR "byVal{} does not escape$"
	var ok bool
	s, ok = m["k"]
	_ = ok
	q := 1 // ERROR "moved to heap: q$"
	s.Put(&q)
}

// r: for _, s = range ks leaves keeperVals in s: same.
var ks []keeperVal

// The range makes s's set unknown too: a closed world resolves it over the converted types (the
// box of byVal{} does not escape), an open one sends the receiver to the heap.
func ranged() {
	var s Sink = byVal{} // ERROR "byVal{} (does not escape|escapes to heap)$"
	for _, s = range ks {
	}
	r := 1 // ERROR "moved to heap: r$"
	s.Put(&r)
}

// Static data: the only conversion of *keeper and the only use of keep as a value are in
// statically initialized globals; reading a global gives an unknown set, resolved over every
// converted type / every function used as a value.
type keeper struct{ p *int }

func (k *keeper) Put(p *int) { k.p = p } // ERROR "k does not escape$" "leaking param: p$"

func keep(p *int) { gp = p } // ERROR "leaking param: p$"

var s0 Sink = &keeper{}
var hook func(*int) = keep

func static() {
	v := 1 // ERROR "moved to heap: v$"
	s0.Put(&v)
	w := 1 // ERROR "moved to heap: w$"
	hook(&w)
}
