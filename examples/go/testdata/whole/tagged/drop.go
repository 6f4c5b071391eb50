//go:build !escapadetag

// Package tagged without the build tag escapadetag: Hold copies the value (keep.go has the tagged
// version, which keeps the pointer).
package tagged

var kept int

// Hold copies *p.
func Hold(p *int) { kept = *p } // ERROR "p does not escape$"

// Kept returns the copy.
func Kept() int { return kept }
