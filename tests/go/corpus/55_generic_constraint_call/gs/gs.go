// Package gs calls methods through type parameters' constraints.
package gs

// Putter takes pointers.
type Putter interface{ Put(p *int) }

// StoreAll calls s.Put on every p (a call through the constraint).
func StoreAll[S Putter](s S, ps ...*int) {
	for _, p := range ps {
		s.Put(p)
	}
}

// Fill makes a T, hands p to its pointer's Put and returns the T's address.
func Fill[T any, PT interface {
	*T
	Putter
}](p *int) *T {
	var t T // ESC gs.t heap -- gc names the variable of the shape instantiation gs.t
	PT(&t).Put(p)
	return &t
}
