// Package gbox has a generic container whose methods are used as values.
package gbox

// Bag holds values of type T.
type Bag[T any] struct{ items []T }

// Add keeps v.
func (b *Bag[T]) Add(v T) { b.items = append(b.items, v) }

// Items returns what was added.
func (b *Bag[T]) Items() []T { return b.items }
