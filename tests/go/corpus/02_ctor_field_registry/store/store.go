// Package store hands out a Store whose implementation appends what it is given to a field of a
// long-lived object (a registry held by a package variable).
package store

// Event is what callers record.
type Event struct {
	ID   int
	Name string
}

// Store records events.
type Store interface {
	Add(e *Event)
}

type memStore struct {
	events []*Event
}

func (m *memStore) Add(e *Event) { m.events = append(m.events, e) }

var registry *memStore

// New returns the process-wide store.
func New() Store {
	if registry == nil {
		registry = &memStore{} // ESC "&memStore{}" heap
	}
	return registry
}

// Dump describes the recorded events.
func Dump() []string {
	var out []string
	for _, e := range registry.events {
		out = append(out, e.Name)
	}
	return out
}

// Sum adds the recorded IDs.
func Sum() int {
	n := 0
	for _, e := range registry.events {
		n += e.ID
	}
	return n
}
