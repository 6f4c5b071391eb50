// Package cbind uses cgo (import "C"); its Go function Keep keeps its pointer after a C call.
package cbind

// static int twice(int v) { return 2 * v; }
import "C"

var kept []*int

// Keep doubles *p in C and remembers p.
func Keep(p *int) {
	*p = int(C.twice(C.int(*p)))
	kept = append(kept, p)
}

// Total adds what Keep remembered.
func Total() int {
	t := 0
	for _, p := range kept {
		t += *p
	}
	return t
}
