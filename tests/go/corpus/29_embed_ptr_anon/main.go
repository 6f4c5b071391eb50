// 29_embed_ptr_anon: an anonymous struct type embedding a pointer, struct{ *note.Book }, and a
// named one, converted to an interface (issue 10, classes 4 and 14: the anonymous type declares
// no method, its Note is only promoted).
//
// Proof: write's a and b are read through the book after write returned.
package main

import (
	"fmt"

	"escapade.test/29_embed_ptr_anon/note"
)

type named struct {
	*note.Book
	id int
}

func write(n note.Noter, m note.Noter) {
	a := 40 // ESC a heap
	n.Note(&a)
	b := 2 // ESC b heap
	m.Note(&b)
}

func main() {
	book := &note.Book{}
	write(struct{ *note.Book }{book}, named{book, 1})
	clobber()
	fmt.Println(len(book.Notes), *book.Notes[0]+*book.Notes[1])
}
