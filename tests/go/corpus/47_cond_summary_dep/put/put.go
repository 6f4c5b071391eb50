// Package put stores through an interface: whether p leaks depends on the caller's Putter.
package put

// Putter takes pointers.
type Putter interface{ Put(p *int) }

// Store leaks p if and only if s.Put keeps its argument.
func Store(s Putter, p *int) { s.Put(p) }
