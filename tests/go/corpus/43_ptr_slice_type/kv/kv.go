// Package kv has a named slice type.
package kv

// Ints is a slice type.
type Ints []int

// Sum adds the ints.
func (s *Ints) Sum() int {
	t := 0
	for _, v := range *s {
		t += v
	}
	return t
}
