// Reflection under --dispatch=closed and context (ctest go_world_closed/_context; rule in
// lower/reflect.go): escapade's verdicts, reasoned by hand. Values made by reflection come out of
// extern calls (unknown sets); they may have any named type reachable from a converted type, or
// a pointer to one, so those are converted types too. Function values made by reflect.MakeFunc,
// Value.Method or MethodByName are code of unknown origin: calls through function values whose
// set is unknown leak their arguments. The file is a whole program (package main; closed is
// refused on a library): its world is this file, reflect and what reflect links. The std adds
// no type with a method Put(*int); whatever it adds to an unknown set can only add targets, and
// every verdict below is heap through a keeping target the rule puts into the set.

package main

import "reflect"

// &holder{}: viaMethodByName leaks h (reflect.ValueOf keeps its argument, as gc's tag says).
func main() {
	viaNew()
	viaField()
	viaMakeFunc()
	viaMethodByName(&holder{}) // ERROR "&holder{} escapes to heap$"
}

type Sink2 interface{ Put(p *int) }

var gr *int

// A converted implementation of Sink2 that keeps nothing: without the rule, the unknown sets
// below would resolve to it alone.
type quietPut struct{ n int }

func (quietPut) Put(p *int) {} // ERROR "p does not escape$"

var _ Sink2 = quietPut{}

// Only the value type proto is converted; reflect.New makes a *proto, whose Put keeps p.
type proto struct{ n int }

func (k *proto) Put(p *int) { gr = p } // ERROR "k does not escape$" "leaking param: p$"

var protoValue interface{} = proto{}

func viaNew() {
	x := 1 // ERROR "moved to heap: x$"
	v := reflect.New(reflect.TypeOf(protoValue)).Interface().(Sink2)
	v.Put(&x)
}

// fieldKeeper is only the type of a field of a converted type: Field(0).Interface() makes one.
type fieldKeeper struct{ n int }

func (k *fieldKeeper) Put(p *int) { gr = p } // ERROR "k does not escape$" "leaking param: p$"

type wrap struct{ K *fieldKeeper }

var wrapped interface{} = wrap{}

func viaField() {
	y := 1 // ERROR "moved to heap: y$"
	s := reflect.ValueOf(wrapped).Field(0).Interface().(Sink2)
	s.Put(&y)
}

// A function value that keeps nothing is the only other one of its arity: without the rule,
// hookFn(&z) would resolve to it.
var hookFn func(*int)
var quiet = func(p *int) {} // ERROR "p does not escape$"

func viaMakeFunc() {
	f := reflect.MakeFunc(reflect.TypeOf(hookFn), func(args []reflect.Value) []reflect.Value { // ERROR "func literal escapes to heap$" "leaking param content: args$"
		gr = (*int)(args[0].UnsafePointer())
		return nil
	})
	hookFn = f.Interface().(func(*int))
	z := 1 // ERROR "moved to heap: z$"
	hookFn(&z)
	quiet(nil)
}

type holder struct{ n int }

func (h *holder) Keep(p *int) { gr = p } // ERROR "h does not escape$" "leaking param: p$"

func viaMethodByName(h *holder) { // ERROR "leaking param: h$"
	keep := reflect.ValueOf(h).MethodByName("Keep").Interface().(func(*int))
	w := 1 // ERROR "moved to heap: w$"
	keep(&w)
}
