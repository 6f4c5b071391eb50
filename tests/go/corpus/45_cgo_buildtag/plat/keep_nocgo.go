//go:build !cgo

// keep_nocgo.go: the variant for CGO_ENABLED=0: Keep copies the value.
package plat

var copied int

// Keep copies *p.
func Keep(p *int) { copied = *p }

// Read returns the copy.
func Read() int { return copied }
