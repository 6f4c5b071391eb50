// 07_sort_slice: sort.Slice with a less function whose closure publishes a pointer to the slice
// and to a captured counter (issue 10, class 2; patterns: closures, std callbacks).
//
// Proof: build's items and byScore's calls are read through rank.Top and rank.Calls after both
// returned. Three items take three less calls (insertion sort: (1,0) swaps, (2,1) swaps, (1,0)
// does not).
package main

import (
	"fmt"
	"sort"

	"escapade.test/07_sort_slice/rank"
)

func byScore(items []rank.Item) {
	calls := 0 // ESC calls heap
	sort.Slice(items, func(i, j int) bool {
		calls++
		rank.Calls = &calls
		rank.Top = &items[0]
		return items[i].Score > items[j].Score
	})
}

func build() {
	items := make([]rank.Item, 3) // ESC "make([]rank.Item, 3)" heap
	items[0] = rank.Item{"a", 10}
	items[1] = rank.Item{"b", 30}
	items[2] = rank.Item{"c", 20}
	byScore(items)
}

func main() {
	build()
	clobber()
	fmt.Println(rank.Top.Name, rank.Top.Score, *rank.Calls)
}
