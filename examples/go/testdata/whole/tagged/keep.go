//go:build escapadetag

// Package tagged has two versions of Hold, chosen by the build tag escapadetag: with it (this
// file) Hold keeps its argument; without it (drop.go) Hold copies the value. go build -tags and
// escapade-go --tags must select the same file.
package tagged

var kept *int

// Hold keeps p.
func Hold(p *int) { kept = p } // ERROR "leaking param: p$"

// Kept reads through the kept pointer.
func Kept() int { return *kept }
