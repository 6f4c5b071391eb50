// Package work has a worker goroutine that keeps the jobs it receives, and a compute step.
package work

import "sync"

// Job is submitted to the worker.
type Job struct{ N int }

// Result is computed by Compute.
type Result struct{ ID, Value int }

// Compute squares r.ID into r.Value.
func Compute(r *Result) { r.Value = r.ID * r.ID }

var (
	mu   sync.Mutex
	seen []*Job
	wg   sync.WaitGroup
)

// StartWorker starts a goroutine that keeps every job sent on the returned channel.
func StartWorker() chan<- *Job {
	ch := make(chan *Job)
	wg.Add(1)
	go func() { // ESC "func literal" heap
		defer wg.Done()
		for j := range ch {
			mu.Lock()
			seen = append(seen, j)
			mu.Unlock()
		}
	}()
	return ch
}

// Wait waits for the worker to finish (after its channel was closed).
func Wait() { wg.Wait() }

// Seen returns the sum of the kept jobs' N.
func Seen() int {
	mu.Lock()
	defer mu.Unlock()
	t := 0
	for _, j := range seen {
		t += j.N
	}
	return t
}
