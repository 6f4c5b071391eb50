// 03_ctor_map: an interface from a constructor in another package whose implementation keeps its
// argument in a map (issue 10, class 1; pattern: maps).
//
// Proof: fill's entries are read back through c.Get after fill returned.
package main

import (
	"fmt"

	"escapade.test/03_ctor_map/cache"
)

func fill(c cache.Cache) {
	a := cache.Entry{Key: "a", Value: 11} // ESC a heap
	c.Put(&a)
	b := new(cache.Entry) // ESC "new(cache.Entry)" heap
	b.Key, b.Value = "b", 22
	c.Put(b)
}

func main() {
	c := cache.New()
	fill(c)
	clobber()
	fmt.Println(c.Get("a").Value, c.Get("b").Value, c.Get("a").Key+c.Get("b").Key)
}
