// 68_result_types: interfaces returned by calls (issue 12, result type sets). A call's result
// holds the dynamic types its callee's body returns: a constructor that only returns a *Drop makes
// Put on its result (*Drop).Put, which keeps nothing (precision wins in the whole-program modes,
// model gc; model precise keeps results unknown). Every result that can hold a *Keep must send
// the pointer given to Put to the heap: one of two types depending on the input (either), the
// caller's own value returned next to a *Drop (passed), a result replaced by a deferred function after the return
// statement (deferred), a dynamic call's result whose targets differ (made).
//
// Proof: (*Keep).Put appends the pointer to shapes.Kept; either, passed, deferred and made return
// before clobber(), then main prints what the kept pointers reach: 3 4 5 6. single, chained and
// dropMade return their variable's value (1 2 7).
package main

import (
	"fmt"

	"escapade.test/68_result_types/shapes"
)

func single() int {
	a := 1 // ESC a heap stack(gc/closed,gc/context) either(precise) -- NewDrop only returns a *Drop, whose Put keeps nothing
	shapes.NewDrop().Put(&a)
	return a
}

func chained() int {
	b := 2 // ESC b heap stack(gc/closed,gc/context) either(precise) -- ViaDrop returns NewDrop's result: a *Drop
	shapes.ViaDrop().Put(&b)
	return b
}

func either(keep bool) {
	c := 3 // ESC c heap
	shapes.NewEither(keep).Put(&c)
}

func passed() {
	d := 4 // ESC d heap
	shapes.Pass(&shapes.Keep{}, false).Put(&d) // ESC "&shapes.Keep{}" heap either(closed,context) -- only a receiver, which no Put keeps
}

func deferred() {
	e := 5 // ESC e heap
	shapes.Deferred().Put(&e)
}

func made(keep bool) {
	f := 6 // ESC f heap
	shapes.Makers(keep).Make().Put(&f)
}

func dropMade() int {
	var m shapes.Maker = shapes.DropMaker{}
	g := 7 // ESC g heap stack(gc/closed,gc/context) either(precise) -- m is a DropMaker: Make returns a *Drop
	m.Make().Put(&g)
	return g
}

func main() {
	s := []int{single(), chained(), dropMade()}
	either(true)
	passed()
	deferred()
	made(true)
	clobber()
	fmt.Println(s[0], s[1], s[2])
	for _, p := range shapes.Kept {
		fmt.Print(*p, " ")
	}
	fmt.Println()
}
