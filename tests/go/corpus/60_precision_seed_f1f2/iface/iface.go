// Package iface is the seed article's f1: a call through an interface whose only implementation
// in the program keeps nothing.
package iface

// I has M1.
type I interface{ M1(i int) }

// F1 calls s.M1.
func F1(s I) { s.M1(42) }
