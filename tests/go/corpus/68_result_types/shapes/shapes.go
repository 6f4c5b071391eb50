// Package shapes has constructors whose results are interfaces: some always return one dynamic
// type, others depend on their input, on their caller, or on a deferred function.
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

// NewDrop only ever returns a *Drop.
func NewDrop() Putter { return &Drop{} } // ESC "&Drop{}" heap

// ViaDrop returns NewDrop's result.
func ViaDrop() Putter { return NewDrop() }

// NewEither returns a *Keep when keep is true.
func NewEither(keep bool) Putter {
	if keep {
		return &Keep{} // ESC "&Keep{}" heap
	}
	return &Drop{} // ESC "&Drop{}" heap
}

// Pass returns what its caller gives it, or a *Drop of its own.
func Pass(p Putter, own bool) Putter {
	if own {
		return &Drop{} // ESC "&Drop{}" heap
	}
	return p
}

// Deferred sets its result to a *Drop, and its deferred function replaces it with a *Keep after
// the return statement.
func Deferred() (r Putter) {
	defer func() { r = &Keep{} }() // ESC "&Keep{}" heap
	r = &Drop{}                    // ESC "&Drop{}" heap
	return
}

// Maker makes a Putter.
type Maker interface{ Make() Putter }

// DropMaker makes *Drop values, KeepMaker *Keep values.
type DropMaker struct{}
type KeepMaker struct{}

func (DropMaker) Make() Putter { return &Drop{} } // ESC "&Drop{}" heap
func (KeepMaker) Make() Putter { return &Keep{} } // ESC "&Keep{}" heap

// Makers returns a KeepMaker when keep is true.
func Makers(keep bool) Maker {
	if keep {
		return KeepMaker{}
	}
	return DropMaker{}
}
