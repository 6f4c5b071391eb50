// Package shapes has the interface of 72_linkname_callers and two implementations: Keep keeps
// the pointer it is given, Drop only reads it.
package shapes

// Putter is given a pointer.
type Putter interface{ Put(p *int) }

// Keep keeps what it is given; Drop only reads it.
type Keep struct{ n int }
type Drop struct{ n int }

// Kept holds every pointer a Keep was given.
var Kept []*int

func (k *Keep) Put(p *int) { Kept = append(Kept, p) }
func (d *Drop) Put(p *int) { d.n += *p }
