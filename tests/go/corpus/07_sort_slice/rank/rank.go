// Package rank holds what the ranking closure leaves behind.
package rank

// Item is ranked by Score.
type Item struct {
	Name  string
	Score int
}

// Top points at the first element of the slice ranked last; Calls at that ranking's call count.
var (
	Top   *Item
	Calls *int
)
