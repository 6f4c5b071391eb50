// 52_std_list_iface: a method of a standard-library type, (*list.List).PushBack, reached only
// through an interface of the program (issue 10, classes 4 and 14: methods of imported types were
// in the IR only when called statically; the dynamic call had no target).
//
// Proof: jobs.Enqueue's x is read through the list after Enqueue returned.
package main

import (
	"container/list"
	"fmt"

	"escapade.test/52_std_list_iface/jobs"
)

func main() {
	l := list.New()
	jobs.Enqueue(l, 5)
	jobs.Enqueue(l, 6)
	clobber()
	for e := l.Front(); e != nil; e = e.Next() {
		fmt.Print(*e.Value.(*int), " ")
	}
	fmt.Println(l.Len())
}
