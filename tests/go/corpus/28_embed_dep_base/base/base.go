// Package base has types meant to be embedded: their Keep methods are promoted to the embedding
// types of other packages.
package base

// Keeper keeps pointers.
type Keeper interface{ Keep(p *int) }

// Kept holds every pointer kept.
var Kept []*int

// Base has a value-receiver Keep.
type Base struct{}

func (Base) Keep(p *int) { Kept = append(Kept, p) }

// PtrBase has a pointer-receiver Keep.
type PtrBase struct{ N int }

func (b *PtrBase) Keep(p *int) {
	b.N++
	Kept = append(Kept, p)
}

// Total adds what was kept.
func Total() int {
	t := 0
	for _, p := range Kept {
		t += *p
	}
	return t
}
