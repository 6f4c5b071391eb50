// Package hooks hands out function values; the one from Keeper keeps its argument.
package hooks

var kept []*int

func keep(p *int) { kept = append(kept, p) }

// Keeper returns a function that keeps the pointers it is given.
func Keeper() func(*int) { return keep }

// Adder returns a closure that keeps its argument in the closure's own state and reports the
// total of what it kept so far.
func Adder() func(*int) int {
	var mine []*int           // ESC mine heap
	return func(p *int) int { // ESC "func literal" heap
		mine = append(mine, p)
		t := 0
		for _, q := range mine {
			t += *q
		}
		return t
	}
}

// Total adds what Keeper's function kept.
func Total() int {
	t := 0
	for _, p := range kept {
		t += *p
	}
	return t
}
