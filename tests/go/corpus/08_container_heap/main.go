// 08_container_heap: the priority queue of container/heap's documentation; heap.Push hands the
// new item to the queue's Push through heap.Interface (issue 10, class 2: the documented queue
// kept &Item{} on the stack).
//
// Proof: the items pushed by add and addVar are popped after those returned.
package main

import (
	"container/heap"
	"fmt"

	"escapade.test/08_container_heap/pq"
)

func add(q *pq.PriorityQueue, value string, prio int) {
	heap.Push(q, &pq.Item{Value: value, Priority: prio}) // ESC "&pq.Item{...}" heap
}

func addVar(q *pq.PriorityQueue, value string, prio int) {
	it := pq.Item{Value: value, Priority: prio} // ESC it heap
	heap.Push(q, &it)
}

func main() {
	q := make(pq.PriorityQueue, 0)
	heap.Init(&q)
	add(&q, "banana", 3)
	addVar(&q, "apple", 2)
	add(&q, "pear", 4)
	addVar(&q, "fig", 1)
	clobber()
	for q.Len() > 0 {
		it := heap.Pop(&q).(*pq.Item)
		fmt.Printf("%.2d:%s ", it.Priority, it.Value)
	}
	fmt.Println()
}
