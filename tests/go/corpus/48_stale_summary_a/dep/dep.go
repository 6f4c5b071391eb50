// Package dep (variant A; program 49 has a package with the same import path and other code):
// Use keeps its pointer, Peek does not.
package dep

var kept *int

// Use keeps p.
func Use(p *int) { kept = p }

// Peek reads *p.
func Peek(p *int) int { return *p }

// Kept reads what Use kept.
func Kept() int { return *kept }
