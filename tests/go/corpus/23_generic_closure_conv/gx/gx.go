// Package gx converts to interfaces and makes closures inside generic bodies.
package gx

// Boxed holds what Remember converted.
var Boxed []any

// Remember keeps v as an interface value.
func Remember[T any](v T) { Boxed = append(Boxed, any(v)) } // ESC "unsafe.Pointer(gx.v)" heap -- gc's text

// Later returns a closure that reads *p when called.
func Later[T any](p *T) func() T {
	return func() T { return *p } // ESC "func literal" heap
}
