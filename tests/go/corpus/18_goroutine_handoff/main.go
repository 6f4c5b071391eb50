// 18_goroutine_handoff: goroutines that outlive the frame that made their data: a goroutine
// closure capturing a local, and pointers handed to another package's worker goroutine over a
// channel (pattern: goroutines, channels).
//
// Proof: start's r is received from done, and submit's j is read by work.Seen, after start and
// submit returned. The results are summed, so the goroutines' order does not matter.
package main

import (
	"fmt"

	"escapade.test/18_goroutine_handoff/work"
)

var done = make(chan *work.Result)

func start(id int) {
	r := work.Result{ID: id} // ESC r heap
	go func() {              // ESC "func literal" heap
		work.Compute(&r)
		done <- &r
	}()
}

func submit(ch chan<- *work.Job, n int) {
	j := work.Job{N: n} // ESC j heap
	ch <- &j
}

func main() {
	start(3)
	start(4)
	ch := work.StartWorker()
	submit(ch, 20)
	submit(ch, 22)
	clobber()
	a, b := <-done, <-done
	close(ch)
	work.Wait()
	fmt.Println(a.ID+b.ID, a.Value+b.Value, work.Seen())
}
