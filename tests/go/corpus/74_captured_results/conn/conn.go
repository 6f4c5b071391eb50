// Package conn gives pointers to Putters: a *Keep keeps them (in Kept), a *Drop only reads them,
// a *KeepD keeps them and is also a Dropper.
package conn

// Putter is given a pointer.
type Putter interface{ Put(p *int) }

// Dropper is a Putter that says it drops (a filter for type assertions).
type Dropper interface {
	Put(p *int)
	IsDrop() bool
}

// Keep keeps what it is given; Drop only reads it; KeepD keeps it while claiming to drop.
type Keep struct{ n int }
type Drop struct{ n int }
type KeepD struct{ n int }

// Kept holds every pointer a Keep or a KeepD was given.
var Kept []*int

func (k *Keep) Put(p *int)    { Kept = append(Kept, p) }
func (d *Drop) Put(p *int)    { d.n += *p }
func (d *Drop) IsDrop() bool  { return true }
func (k *KeepD) Put(p *int)   { Kept = append(Kept, p) }
func (k *KeepD) IsDrop() bool { return true }

// NewDrop always returns a *Drop.
func NewDrop() Putter { return &Drop{} }

// Pick returns its argument when it is a Dropper, else a new *Drop; its only caller gives it a
// *Keep, so its result is a *Drop, though its summary says the argument may be the result.
func Pick(i any) Putter {
	if d, ok := i.(Dropper); ok {
		return d
	}
	return NewDrop()
}

// PickD is Pick for the caller that gives it a *KeepD: its result is a *Drop or that *KeepD.
func PickD(i any) Putter {
	if d, ok := i.(Dropper); ok {
		return d
	}
	return NewDrop()
}

// Deferred sets its named result to a *Drop, which its deferred literal replaces by a *Keep.
func Deferred() (r Putter) {
	defer func() { r = &Keep{} }()
	r = &Drop{}
	return
}
