// 02_ctor_field_registry: an interface from a constructor in another package; its implementation
// stores the argument in a field of a heap object (issue 10, class 1; pattern: fields).
//
// Proof: record's ev and the events made by recordMany are read through store.Dump/Sum after
// their frames returned.
package main

import (
	"fmt"

	"escapade.test/02_ctor_field_registry/store"
)

func record(s store.Store, id int) {
	ev := store.Event{ID: id, Name: "single"} // ESC ev heap
	s.Add(&ev)
}

func recordMany(s store.Store) {
	for i := 1; i <= 3; i++ {
		s.Add(&store.Event{ID: 10 * i, Name: fmt.Sprint("loop", i)}) // ESC "&store.Event{...}" heap
	}
}

func main() {
	s := store.New()
	record(s, 7)
	recordMany(s)
	clobber()
	fmt.Println(store.Dump(), store.Sum())
}
