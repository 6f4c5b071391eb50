// Package jobs enqueues through an interface that *container/list.List satisfies.
package jobs

import "container/list"

// Pusher is satisfied by *list.List.
type Pusher interface {
	PushBack(v any) *list.Element
}

// Enqueue pushes a new job number.
func Enqueue(q Pusher, n int) {
	x := n // ESC x heap
	q.PushBack(&x)
}
