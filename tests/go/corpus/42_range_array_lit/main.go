// 42_range_array_lit: ranging over a [...]*T composite literal written in the range header,
// keeping the elements (issue 10, class 8: the literal was rejected by the IR reader).
//
// Proof: collect's items are read through kv.Kept after collect returned.
package main

import (
	"fmt"

	"escapade.test/42_range_array_lit/kv"
)

func collect() {
	for _, p := range [...]*kv.Item{
		{N: 1}, // ESC "&kv.Item{...}" heap
		{N: 2}, // ESC "&kv.Item{...}" heap
	} {
		kv.Keep(p)
	}
}

func main() {
	collect()
	clobber()
	fmt.Println(len(kv.Kept), kv.Kept[0].N, kv.Kept[1].N)
}
