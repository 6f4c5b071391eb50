// 40_commaok_chan: s, ok = <-c assigns a received *Keeper to an existing interface variable (an
// implicit conversion), then calls through it (issue 10, class 8).
//
// Proof: take's x is read through k after take returned.
package main

import (
	"fmt"

	"escapade.test/40_commaok_chan/kv"
)

func take(c chan *kv.Keeper, v int) {
	var s kv.Sink
	var ok bool
	s, ok = <-c
	x := v // ESC x heap
	if ok {
		s.Put(&x)
	}
}

func main() {
	k := &kv.Keeper{}
	c := make(chan *kv.Keeper, 1)
	c <- k
	take(c, 4)
	clobber()
	fmt.Println(len(k.Got), *k.Got[0])
}
