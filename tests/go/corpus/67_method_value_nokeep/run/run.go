// Package run calls the function values it is given.
package run

// Each calls f on every p.
func Each(f func(*int), ps ...*int) {
	for _, p := range ps {
		f(p)
	}
}

// Get returns what f returns.
func Get(f func() *int) *int { return f() }
