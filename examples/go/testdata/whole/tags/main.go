// Build tags (issue 10, class 10): with --tags=escapadetag escapade-go selects tagged/keep.go, as
// `go build -tags escapadetag` does, and x escapes through tagged.Hold, which keeps it. ctest
// go_whole_tags_* run this file with --tags=escapadetag in every dispatch mode; a frontend that
// ignored the tag would analyse drop.go and keep x on the stack (gc without the tag does too).
// `go run -tags escapadetag ./tags` prints 42, read through the kept pointer after put returned
// and the stack was overwritten.
package main

import "escapade.test/whole/tagged"

// clobber overwrites a good part of the stack.
func clobber(n int) int {
	var buf [256]byte
	for i := range buf {
		buf[i] = byte(n + i)
	}
	if n > 0 {
		return clobber(n-1) + int(buf[n%256])
	}
	return int(buf[0])
}

func put() {
	x := 42 // ERROR "moved to heap: x$"
	tagged.Hold(&x)
}

func main() {
	put()
	clobber(100)
	println(tagged.Kept())
}
