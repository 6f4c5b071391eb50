// Package run calls function values.
package run

// Each calls f on every p.
func Each(f func(*int), ps ...*int) {
	for _, p := range ps {
		f(p)
	}
}
