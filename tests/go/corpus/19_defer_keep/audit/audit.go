// Package audit keeps the entries recorded.
package audit

// Entry is one audited operation.
type Entry struct {
	Op  string
	Err error
}

// Log holds every recorded entry.
var Log []*Entry

// Record keeps e.
func Record(e *Entry) { Log = append(Log, e) }
