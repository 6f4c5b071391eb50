// 51_loop_iteration: objects declared in a loop body that outlive their iteration: kept by
// another package, captured by closures that modify them, and linked into a chain (pattern: loop
// iterations; each iteration needs its own object).
//
// Proof: collect's v are read through acc.All after collect returned (0 1 4 9); the closures of
// closures each see their own j (10 20 30); chain's nodes are walked after the loop (3 2 1).
package main

import (
	"fmt"

	"escapade.test/51_loop_iteration/acc"
)

type node struct {
	v    int
	next *node
}

func collect(n int) {
	for i := 0; i < n; i++ {
		v := i * i // ESC v heap
		acc.Add(&v)
	}
}

func closures() []func() int {
	var fs []func() int
	for i := 0; i < 3; i++ {
		j := i                                             // ESC j heap
		fs = append(fs, func() int { j++; return j * 10 }) // ESC "func literal" heap
	}
	return fs
}

func chain() []int {
	var prev *node
	for i := 1; i <= 3; i++ {
		n := node{v: i, next: prev} // ESC n heap
		prev = &n
	}
	var out []int
	for p := prev; p != nil && len(out) < 10; p = p.next {
		out = append(out, p.v)
	}
	return out
}

func main() {
	collect(4)
	fs := closures()
	clobber()
	for _, p := range acc.All {
		fmt.Print(*p, " ")
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println(chain())
}
