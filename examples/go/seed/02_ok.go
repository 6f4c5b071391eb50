// Seed program 2 (shared/seed, point 2): Ok reads into a 128-byte buffer through a concrete
// *os.File.

package seed

import "os"

func Ok(f os.File) []byte { // ERROR "leaking param: f$"
	var x [128]byte
	b := x[:]
	n, _ := f.Read(b)
	r := make([]byte, n) // ERROR "make\(\[\]byte, n\) escapes to heap$"
	copy(r, b[:n])
	return r
}
