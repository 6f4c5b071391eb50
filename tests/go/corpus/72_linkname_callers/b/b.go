// Package b declares Pushed without a body: package a pushes its function pushed here with
// //go:linkname (the empty b.s keeps go build from passing -complete to the compiler).
package b

import "escapade.test/72_linkname_callers/shapes"

// Pushed is a's pushed.
func Pushed(i shapes.Putter) int
