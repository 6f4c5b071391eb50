// Package run calls the function values it is given: at once, or later from a global.
package run

// Each calls f on every p.
func Each(f func(*int), ps ...*int) {
	for _, p := range ps {
		f(p)
	}
}

// Call calls f.
func Call(f func()) { f() }

// Get returns what f returns.
func Get(f func() *int) *int { return f() }

// Spread calls f with all of ps at once.
func Spread(f func(...*int), ps ...*int) { f(ps...) }

var later func(*int)

// Register keeps f for Fire.
func Register(f func(*int)) { later = f }

// Fire calls the function Register kept.
func Fire(p *int) { later(p) }
