// Package iface calls M1 through an interface; the program has two implementations.
package iface

// I has M1.
type I interface{ M1(i int) }

// F1 calls s.M1.
func F1(s I) { s.M1(42) }
