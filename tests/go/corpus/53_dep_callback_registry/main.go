// 53_dep_callback_registry: closures registered with another package and called back by it
// later, one keeping the events it is given (patterns: callbacks, func values in maps).
//
// Proof: setup's seen and fire's e are read by the "report" handler after both returned.
package main

import (
	"fmt"

	"escapade.test/53_dep_callback_registry/events"
)

func setup() {
	var seen []*events.Event // ESC seen heap
	events.On("add", func(e *events.Event) { seen = append(seen, e) })
	events.On("report", func(*events.Event) {
		t := 0
		for _, e := range seen {
			t += e.N
		}
		fmt.Println(len(seen), t)
	})
}

func fire(n int) {
	e := events.Event{N: n} // ESC e heap
	events.Emit("add", &e)
}

func main() {
	setup()
	fire(10)
	fire(32)
	clobber()
	events.Emit("report", nil)
}
