// Package dep (variant B; program 48 has a package with the same import path and other code):
// Peek keeps its pointer, Use does not.
package dep

var kept *int

// Use reads *p.
func Use(p *int) int { return *p }

// Peek keeps p and reads it.
func Peek(p *int) int {
	kept = p
	return *p
}

// Kept reads what Peek kept.
func Kept() int { return *kept }
