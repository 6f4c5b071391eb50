// Package gen has generic code that the main package instantiates: gc compiles the instances into
// the main package, and the whole-program mode lowers them there from gen's source.
package gen

var kept []any

// Keep keeps v.
func Keep[T any](v *T) { kept = append(kept, v) }

// Peek reads *v and keeps nothing.
func Peek[T any](v *T) T { return *v }

// Box holds a pointer.
type Box[T any] struct{ v *T }

// Set stores v in the box.
func (b *Box[T]) Set(v *T) { b.v = v }

// Get reads what the box points to.
func (b *Box[T]) Get() T { return *b.v }

// Kept returns what Keep kept.
func Kept(i int) any { return kept[i] }
