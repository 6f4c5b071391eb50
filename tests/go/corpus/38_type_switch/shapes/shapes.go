// Package shapes has types told apart by type switches on their method sets.
package shapes

// Keeper keeps pointers.
type Keeper interface{ Keep(p *int) }

// Named has a name.
type Named interface{ Name() string }

// A keeps pointers.
type A struct{ got []*int }

func (a *A) Keep(p *int)  { a.got = append(a.got, p) }
func (a *A) Name() string { return "a" }

// Total adds what a kept.
func (a *A) Total() int {
	t := 0
	for _, p := range a.got {
		t += *p
	}
	return t
}

// B only has a name.
type B struct{}

func (B) Name() string { return "b" }

// NewA returns an A as an empty interface.
func NewA() any { return &A{} }
