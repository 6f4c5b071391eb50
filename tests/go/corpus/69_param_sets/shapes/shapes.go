// Package shapes has two Putters, one that keeps what it is given and one that only reads it,
// and a Runner whose Run is reached both statically and through an interface.
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

// D1 ... D7 only read what they are given (more dynamic types than a set holds).
type D1 struct{ n int }
type D2 struct{ n int }
type D3 struct{ n int }
type D4 struct{ n int }
type D5 struct{ n int }
type D6 struct{ n int }
type D7 struct{ n int }

func (d *D1) Put(p *int) { d.n += *p }
func (d *D2) Put(p *int) { d.n += *p }
func (d *D3) Put(p *int) { d.n += *p }
func (d *D4) Put(p *int) { d.n += *p }
func (d *D5) Put(p *int) { d.n += *p }
func (d *D6) Put(p *int) { d.n += *p }
func (d *D7) Put(p *int) { d.n += *p }
