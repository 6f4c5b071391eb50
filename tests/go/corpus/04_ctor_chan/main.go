// 04_ctor_chan: an interface from a constructor in another package whose implementation sends
// its argument on a buffered channel (issue 10, class 1; pattern: channels).
//
// Proof: the jobs produced by produce are received after produce returned.
package main

import (
	"fmt"

	"escapade.test/04_ctor_chan/queue"
)

func produce(q queue.Queue) {
	first := queue.Job{N: 100} // ESC first heap
	q.Push(&first)
	for i := 1; i <= 2; i++ {
		j := queue.Job{N: i} // ESC j heap
		q.Push(&j)
	}
}

func main() {
	q := queue.New(4)
	produce(q)
	clobber()
	a, b, c := q.Pop(), q.Pop(), q.Pop()
	fmt.Println(a.N, b.N, c.N)
}
