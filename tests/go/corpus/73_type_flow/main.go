// 73_type_flow: interfaces whose dynamic types come from function results, through a channel of
// structs and through type switches (issue 12, the whole-program type flow: one solve before the
// batches, no memory rounds). In a closed world (model gc, dispatch closed and context) a
// parameter holds what every caller passes, and a caller's argument may be a call's result: a
// constructor's (NewDrop: only a *Drop), one read from a struct received from a channel (Dial:
// Result.Conn, set from the first result of a two-result call, while Result.Err holds a *Keep),
// or a type switch's case (only the elements of the switched value that implement the case's
// interface). A parameter given only *Drop values makes its Put keep nothing (useCtor, useDial:
// `a`, `c` stay on the stack). Every parameter that can be given a *Keep must send its local to
// the heap: NewEither(true) (useEither), Result.Err (useDialErr), the Putter case of a switch on a
// value holding a *Keep or an *Other (useSwitch; its other caller passes a *Drop, so dropping the
// switch's value would leave only the *Drop).
//
// Proof: Keep's Put appends the pointer to conn.Kept; those functions return before clobber(), then
// main prints what the kept pointers reach: 2 4 5. useCtor and useDial return their variable's
// value (1 3).
package main

import (
	"fmt"

	"escapade.test/73_type_flow/conn"
)

func useCtor(p conn.Putter) int {
	a := 1 // ESC a heap stack(gc/closed,gc/context) either(precise) -- every caller passes NewDrop's result, a *Drop
	p.Put(&a)
	return a
}

func useEither(p conn.Putter) {
	b := 2 // ESC b heap
	p.Put(&b)
}

func useDial(p conn.Putter) int {
	c := 3 // ESC c heap stack(gc/closed,gc/context) either(precise) -- Dial returns Result.Conn, only ever a *Drop
	p.Put(&c)
	return c
}

func useDialErr(p conn.Putter) {
	d := 4 // ESC d heap
	p.Put(&d)
}

func useSwitch(p conn.Putter) {
	e := 5 // ESC e heap
	p.Put(&e)
}

func switched(x any) {
	switch v := x.(type) {
	case conn.Putter:
		useSwitch(v)
	case *conn.Other:
	}
}

func main() {
	s := []int{useCtor(conn.NewDrop()), useDial(conn.Dial())}
	useEither(conn.NewEither(false))
	useEither(conn.NewEither(true))
	useDialErr(conn.DialErr())
	useSwitch(conn.NewDrop())
	switched(conn.Any(false))
	switched(conn.Any(true))
	clobber()
	fmt.Println(s[0], s[1])
	for _, p := range conn.Kept {
		fmt.Print(*p, " ")
	}
	fmt.Println()
}
