// Package list stores what it is given into the objects it is given: a setter, a constructor that
// fills a caller's object, and a push onto a caller's list. Each parameter stored this way flows
// into what another parameter points to (model=precise's store flows), and nowhere else.
package list

// Node holds a value and a link.
type Node struct {
	Next *Node
	V    *int
}

// Set stores p into the node n points to.
func (n *Node) Set(p *int) { n.V = p }

// Init fills the caller's node: v into its value, next into its link.
func Init(n *Node, v *int, next *Node) {
	n.V = v
	n.Next = next
}

// List is a caller-owned list head.
type List struct{ Head *Node }

// Push links n in front of l's nodes.
func Push(l *List, n *Node) {
	n.Next = l.Head
	l.Head = n
}

// Sum adds the values of the nodes from n on.
func Sum(n *Node) int {
	s := 0
	for ; n != nil; n = n.Next {
		s += *n.V
	}
	return s
}
