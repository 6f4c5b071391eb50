// Package queue hands out a Queue whose implementation buffers the pointers it is given in a
// channel.
package queue

// Job is queued work.
type Job struct{ N int }

// Queue takes jobs now and hands them out later.
type Queue interface {
	Push(j *Job)
	Pop() *Job
}

type chanQueue chan *Job

func (q chanQueue) Push(j *Job) { q <- j }
func (q chanQueue) Pop() *Job   { return <-q }

// New returns a queue with room for n jobs.
func New(n int) Queue {
	return chanQueue(make(chan *Job, n))
}
