// 70_memory_sets: interfaces and function values kept in memory (issue 12, type sets through
// memory). In a closed world a field of interface or function type holds what any store into that
// field of any value of its struct type puts there, a global what any assignment to it (static
// data included) puts there (model gc, dispatch closed and context). A place that only ever holds
// a *Drop (or the function drop) makes Put on what is read from it keep nothing: Holder.Out read
// through a pointer (holder), Result.Conn read from a value received from a channel that a
// goroutine sent next to a *Keep in Result.Err (channel), the global Only (only), the global Hook
// (hook). Every place that can hold a *Keep (or keep) must send the pointer to the heap: a field
// assigned by a method of another package (swapped), a field of a value a goroutine sends with a
// *Keep (channelKeep), a field written by reflection (reflected: the struct is converted to an
// interface, so its fields are unknown), a global assigned by a function after its static
// initialiser (later, mixed), a global assigned through its address (addressed).
//
// Proof: the *Keep values and keep append the pointer to store.Kept; those functions return
// before clobber(), then main prints what the kept pointers reach: 2 4 5 7 8 10. holder, channel,
// only and hook return their variable's value (1 3 6 9).
package main

import (
	"fmt"
	"reflect"

	"escapade.test/70_memory_sets/store"
)

func holder() int {
	a := 1 // ESC a heap stack(gc/closed,gc/context) either(precise) -- Holder.Out only ever holds a *Drop, whose Put keeps nothing
	store.NewHolder().Out.Put(&a)
	return a
}

func swapped() {
	s := store.NewSwapped()
	s.Swap()
	b := 2 // ESC b heap
	s.Out.Put(&b)
}

func channel() int {
	ch := make(chan store.Result)
	go store.Produce(ch)
	r := <-ch
	c := 3 // ESC c heap stack(gc/closed,gc/context) either(precise) -- Result.Conn only ever holds a *Drop (the *Keep is in Err)
	r.Conn.Put(&c)
	return c
}

func channelKeep() {
	ch := make(chan store.KeepResult)
	go store.ProduceKeep(ch)
	r := <-ch
	d := 4 // ESC d heap
	r.Conn.Put(&d)
}

func reflected() {
	r := store.NewReflected()
	reflect.ValueOf(r).Elem().Field(0).Set(reflect.ValueOf(store.Putter(&store.Keep{})))
	e := 5 // ESC e heap
	r.Out.Put(&e)
}

func only() int {
	f := 6 // ESC f heap stack(gc/closed,gc/context) either(precise) -- the global Only only ever holds a *Drop
	store.Only.Put(&f)
	return f
}

func later() {
	g := 7 // ESC g heap
	store.Later.Put(&g)
}

func addressed() {
	h := 8 // ESC h heap
	store.Addressed.Put(&h)
}

func hook() int {
	i := 9 // ESC i heap stack(gc/closed,gc/context) either(precise) -- the global Hook only ever holds drop
	store.Hook(&i)
	return i
}

func mixed() {
	j := 10 // ESC j heap
	store.Mixed(&j)
}

func main() {
	store.SetLater()
	store.SetThrough(&store.Addressed)
	store.SetMixed()
	s := []int{holder(), channel(), only(), hook()}
	swapped()
	channelKeep()
	reflected()
	later()
	addressed()
	mixed()
	clobber()
	fmt.Println(s[0], s[1], s[2], s[3])
	for _, p := range store.Kept {
		fmt.Print(*p, " ")
	}
	fmt.Println()
}
