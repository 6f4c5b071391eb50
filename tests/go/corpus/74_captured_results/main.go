// 74_captured_results: captured variables and call results in the whole-program type flow (issue
// 12, closed world, model gc). A closure reads and writes the variables it captures by name, so
// a captured function variable holds what is assigned to it anywhere (the enclosing function or a
// closure): a recursive literal called through `var visit func(...)` resolves to itself (walk: `a`
// stays on the stack under gc/closed and gc/context; gc and conservative: heap). A call's result
// holds its callee's result set, which the argument's types meet when the callee's summary says
// the argument may be the result: conn.Pick(any(&Keep{})) returns a new *Drop (a *Keep is not a
// Dropper), so `x` stays on the stack. Every construct that can hand a *Keep or *KeepD must send
// its local to the heap: a literal that reassigns the captured f to a *Keep (reassign: `b`, and
// `c` in useC, which is given f), a named result rewritten by a deferred literal (useDeferred:
// `e`), PickD (Pick's twin) given a *KeepD (usePick: `y`).
//
// Proof: Keep's and KeepD's Put append the pointer to conn.Kept; those functions return before
// clobber(), then main prints what the kept pointers reach: 2 3 5 6. walk and usePickDrop return
// their variable's value (1 4).
package main

import (
	"fmt"

	"escapade.test/74_captured_results/conn"
)

func walk(n int) int {
	var visit func(p *int, m int)
	visit = func(p *int, m int) {
		if m > 0 {
			visit(p, m-1)
			return
		}
		*p += 0
	}
	a := 1 // ESC a heap stack(gc/closed,gc/context) either(precise) -- visit only ever holds its own literal
	visit(&a, n)
	return a
}

func useC(p conn.Putter) {
	c := 3 // ESC c heap
	p.Put(&c)
}

func reassign() {
	f := conn.NewDrop()
	swap := func() { f = &conn.Keep{} }
	swap()
	b := 2 // ESC b heap
	f.Put(&b)
	useC(f)
}

func usePickDrop() int {
	x := 4 // ESC x heap stack(gc/closed,gc/context) either(precise) -- Pick never returns a *Keep
	conn.Pick(any(&conn.Keep{})).Put(&x)
	return x
}

func useDeferred() {
	e := 5 // ESC e heap
	conn.Deferred().Put(&e)
}

func usePick() {
	y := 6 // ESC y heap
	conn.PickD(any(&conn.KeepD{})).Put(&y)
}

func main() {
	s := []int{walk(3), usePickDrop()}
	reassign()
	useDeferred()
	usePick()
	clobber()
	fmt.Println(s[0], s[1])
	for _, p := range conn.Kept {
		fmt.Print(*p, " ")
	}
	fmt.Println()
}
