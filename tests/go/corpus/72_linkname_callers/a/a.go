// Package a has two functions reached through //go:linkname: F, which main pulls with a
// body-less declaration, and pushed, which this package pushes into package b under the name
// b.Pushed. Their only visible callers (Use, UsePushed) pass a *shapes.Drop; the callers through
// the linknames pass a *shapes.Keep, which the IR shows as calls of body-less externs only.
package a

import (
	_ "unsafe" // for go:linkname

	"escapade.test/72_linkname_callers/shapes"
)

// F is pulled by main as g.
func F(i shapes.Putter) int {
	v := 41 // ESC v heap
	i.Put(&v)
	return v
}

// Use is F's only visible caller.
func Use() int {
	var d shapes.Drop
	return F(&d)
}

// pushed is pushed into package b as b.Pushed.
//
//go:linkname pushed escapade.test/72_linkname_callers/b.Pushed
func pushed(i shapes.Putter) int {
	w := 42 // ESC w heap
	i.Put(&w)
	return w
}

// UsePushed is pushed's only visible caller.
func UsePushed() int {
	var d shapes.Drop
	return pushed(&d)
}
