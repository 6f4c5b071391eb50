// 71_store_into_argument: callees that store one argument into what another points to (issue 12:
// model=precise summaries with parameter-to-parameter flows). gc sends every stored argument to
// the heap ("leaking param: p"); model=precise records "p flows into what n points to" and each
// caller resolves it against its own argument: a value stored into an object of the caller that
// does not escape stays on the stack (local), and one stored into an object that escapes - kept in
// a global (kept), returned (built), or the caller's own parameter's pointee (into) - follows it
// to the heap in every mode. gc also sends n and o of local to the heap (Init leaks next, Push
// leaks n); precise keeps them, as they are only linked into local's own m and l.
//
// Proof of the values: local sums m (2) and the n it links (1), plus o (3): 6; kept's node
// holds &w (w = 4) and is read after clobber through the global; built returns a node holding
// &u (u = 5) read after clobber; into stores &y (y = 7) into main's node, read after clobber;
// pushed keeps a list of two nodes holding 8 and 9 in a global, summed after clobber (17).
// Printed: 6, then 4 5 7 17.
package main

import (
	"fmt"

	"escapade.test/71_store_into_argument/list"
)

var kept *list.Node
var keptList *list.List

func local() int {
	a := 1            // ESC a heap stack(precise) -- Set stores it into n, which local only reads
	b := 2            // ESC b heap stack(precise) -- Init stores it into m, which local only reads
	c := 3            // ESC c heap stack(precise) -- Set stores it into o, which local only reads
	n := &list.Node{} // ESC "&list.Node{}" heap stack(precise) -- Init links n into m, which local only reads
	n.Set(&a)
	m := &list.Node{}
	list.Init(m, &b, n)
	var l list.List
	o := &list.Node{} // ESC "&list.Node{}" heap stack(precise) -- Push links o into l, which local only reads
	o.Set(&c)
	list.Push(&l, o)
	return list.Sum(m) + *o.V
}

func keep() {
	w := 4            // ESC w heap -- Set stores &w into n, which keep stores in a global
	n := &list.Node{} // ESC "&list.Node{}" heap
	n.Set(&w)
	kept = n
}

func built() *list.Node {
	u := 5              // ESC u heap -- Init stores &u into n, which built returns
	n := new(list.Node) // ESC "new(list.Node)" heap
	list.Init(n, &u, nil)
	return n
}

func into(n *list.Node) {
	y := 7 // ESC y heap -- Set stores &y into what into's caller passes: main's node, read after into returns
	n.Set(&y)
}

func pushed() {
	var l list.List    // ESC l heap -- kept in a global
	p := 8             // ESC p heap -- Init stores &p into n1, which Push links into l, kept in a global
	q := 9             // ESC q heap -- the same through n2
	n1 := &list.Node{} // ESC "&list.Node{}" heap
	n2 := &list.Node{} // ESC "&list.Node{}" heap
	list.Init(n1, &p, nil)
	list.Init(n2, &q, nil)
	list.Push(&l, n1)
	list.Push(&l, n2)
	keptList = &l
}

func main() {
	fmt.Println(local())
	keep()
	b := built()
	var m list.Node
	into(&m)
	pushed()
	clobber()
	fmt.Println(*kept.V, *b.V, *m.V, list.Sum(keptList.Head))
}
