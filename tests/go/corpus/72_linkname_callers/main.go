// 72_linkname_callers: functions with a body reached through //go:linkname (issue 12, parameter
// sets from the callers; issue 10 class 1). a.F is pulled here with a body-less declaration
// (`//go:linkname g escapade.test/72_linkname_callers/a.F`; the empty main.s keeps go build from
// passing -complete), and a's function pushed is pushed into package b as b.Pushed. In the IR
// the calls g(...) and b.Pushed(...) are calls of body-less externs, not of a.F and a.pushed,
// whose only visible callers pass a *shapes.Drop (Put keeps nothing). With parameter sets from
// the callers, a.F's and a.pushed's parameters would hold {*Drop} only and their locals v and w
// would be reported stack under gc/closed and gc/context: the lowerer must make every function a
// linkname can reach an entry (its parameters unknown).
//
// Proof: g and b.Pushed are given a *shapes.Keep, whose Put appends the pointer to shapes.Kept;
// both return before clobber(), then main prints what the kept pointers reach: 41 42 (in call
// order). Before that it prints what the four calls returned: a.Use() and g return v (41),
// a.UsePushed() and b.Pushed return w (42): 41 41 42 42.
package main

import (
	"fmt"
	_ "unsafe" // for go:linkname

	"escapade.test/72_linkname_callers/a"
	"escapade.test/72_linkname_callers/b"
	"escapade.test/72_linkname_callers/shapes"
)

//go:linkname g escapade.test/72_linkname_callers/a.F
func g(i shapes.Putter) int

func main() {
	r1 := a.Use()
	r2 := g(&shapes.Keep{})
	r3 := a.UsePushed()
	r4 := b.Pushed(&shapes.Keep{})
	clobber()
	fmt.Println(r1, r2, r3, r4)
	for _, p := range shapes.Kept {
		fmt.Print(*p, " ")
	}
	fmt.Println()
}
