// Package gen makes closures over their own state.
package gen

// Counter returns a function counting up from start.
func Counter(start int) func() int {
	n := start                          // ESC n heap
	return func() int { n++; return n } // ESC "func literal" heap
}

// Accumulate returns two closures sharing one sum.
func Accumulate() (add func(int), total func() int) {
	var sum int                       // ESC sum heap
	add = func(v int) { sum += v }    // ESC "func literal" heap
	total = func() int { return sum } // ESC "func literal" heap
	return add, total
}
