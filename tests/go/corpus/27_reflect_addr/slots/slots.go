// Package slots has a method on a pointer type that the source never converts to an interface;
// only reflect.Value.Addr makes such pointers.
package slots

// Sink takes pointers.
type Sink interface{ Put(p *int) }

// Slot holds one pointer.
type Slot struct{ P *int }

// Put stores p in the slot.
func (s *Slot) Put(p *int) { s.P = p }

// All are the slots.
var All = make([]Slot, 2)
