// 43_ptr_slice_type: &T{...} where T is a slice type, returned and used after the frame (issue
// 10, class 8: the IR reader rejected the construct).
//
// Proof: build's result is read after build returned.
package main

import (
	"fmt"

	"escapade.test/43_ptr_slice_type/kv"
)

func build() *kv.Ints {
	p := &kv.Ints{1, 2, 3} // ESC "&kv.Ints{...}" heap
	return p
}

func main() {
	p := build()
	clobber()
	fmt.Println(len(*p), p.Sum())
}
