// Package acc accumulates pointers.
package acc

// All holds every pointer added.
var All []*int

// Add keeps p.
func Add(p *int) { All = append(All, p) }
