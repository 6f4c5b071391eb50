//go:build cgo

// keep_cgo.go: the variant go build compiles when cgo is enabled (the default where a C compiler
// exists): Keep keeps the pointer.
package plat

var kept *int

// Keep remembers p.
func Keep(p *int) { kept = p }

// Read reads what Keep remembered.
func Read() int { return *kept }
