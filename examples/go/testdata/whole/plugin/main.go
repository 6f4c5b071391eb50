// A program that links package plugin: code loaded at run time is not in the IR and may implement
// Sink, so the world is open (escapade-go: "the world is open (plugin: ...)"), and under closed and
// context the call s.Put in Use, whose s may be the plugin's value, sends &x to the heap as gc
// does. Without the plugin the program converts one Sink, drop, whose Put keeps nothing, and a
// closed world would keep x on the stack (checked by hand: the same program with a Hook function
// variable instead of plugin.Open gets no "moved to heap: x" under closed or context). x escapes
// when the plugin's S keeps its argument; the test builds no plugin (go run prints "no plugin" and
// 42), so this checks the documented rule, not a run-time escape.
package main

import "plugin"

type Sink interface{ Put(p *int) }

type drop struct{}

func (drop) Put(p *int) {} // ERROR "p does not escape$"

func Use(s Sink) int { // ERROR "leaking param: s$|s does not escape$|leaking param content: s$"
	x := 42 // ERROR "moved to heap: x$"
	s.Put(&x)
	return x
}

func main() {
	var s Sink = drop{} // ERROR "drop{} escapes to heap$|drop{} does not escape$"
	if p, err := plugin.Open("sink.so"); err == nil {
		if sym, err := p.Lookup("S"); err == nil {
			s = sym.(Sink)
		}
	} else {
		println("no plugin")
	}
	println(Use(s))
}
