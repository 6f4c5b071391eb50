// Package pq is a priority queue in the manner of container/heap's documentation: a slice of
// *Item ordered by Priority (highest first), with heap.Interface's methods.
package pq

// Item is a queued value.
type Item struct {
	Value    string
	Priority int
	index    int
}

// PriorityQueue implements heap.Interface.
type PriorityQueue []*Item

func (q PriorityQueue) Len() int           { return len(q) }
func (q PriorityQueue) Less(i, j int) bool { return q[i].Priority > q[j].Priority }

func (q PriorityQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index = i
	q[j].index = j
}

// Push appends x (an *Item); heap.Push calls it.
func (q *PriorityQueue) Push(x any) {
	it := x.(*Item)
	it.index = len(*q)
	*q = append(*q, it)
}

// Pop removes the last item; heap.Pop calls it.
func (q *PriorityQueue) Pop() any {
	old := *q
	n := len(old)
	it := old[n-1]
	old[n-1] = nil
	it.index = -1
	*q = old[:n-1]
	return it
}
