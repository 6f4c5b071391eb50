// Package obj has a type whose methods are meant to be called through reflection.
package obj

// Store keeps pointers.
type Store struct{ kept []*int }

// Last is the store Keep ran on last.
var Last *Store

// Keep remembers p.
func (s *Store) Keep(p *int) {
	s.kept = append(s.kept, p)
	Last = s
}

// Sum adds what was kept.
func (s *Store) Sum() int {
	t := 0
	for _, p := range s.kept {
		t += *p
	}
	return t
}

// New returns a store as an empty interface.
func New() any { return &Store{} }
