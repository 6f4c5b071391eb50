// Package box has a generic type whose method keeps its receiver, and a generic constructor.
package box

// Box holds a V of any type.
type Box[T any] struct {
	V     T
	Label string
}

// All holds every box Keep ran on.
var All []any

// Keep remembers b.
func (b *Box[T]) Keep() { All = append(All, b) }

// New allocates a box.
func New[T any](v T, label string) *Box[T] {
	return &Box[T]{V: v, Label: label} // ESC "&box.Box[go.shape.string_0]{...}" heap
}
