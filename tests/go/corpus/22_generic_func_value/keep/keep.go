// Package keep has generic functions meant to be used as values.
package keep

// Kept holds every pointer Keep was given.
var Kept []any

// Keep remembers p.
func Keep[T any](p *T) { Kept = append(Kept, p) }

// Apply calls f on v.
func Apply[T any](f func(*T), v *T) { f(v) }
