// 50_context_value: a pointer stored in a context.Context (context.WithValue, and a user Context
// type embedding context.Context), kept by another package (issue 10, class 13: the package whose
// API takes std types was imported once from export data and once from source, and two
// context.Context types did not match).
//
// Proof: serve's n and serveTraced's m are read through srv.Lookup after both returned.
package main

import (
	"context"
	"fmt"

	"escapade.test/50_context_value/srv"
)

type traced struct {
	context.Context
	id *int
}

func (t traced) Value(k any) any {
	if k == srv.Key {
		return t.id
	}
	return t.Context.Value(k)
}

func serve() {
	n := 64 // ESC n heap
	srv.Handle(context.WithValue(context.Background(), srv.Key, &n))
}

func serveTraced() {
	m := 7 // ESC m heap
	srv.Handle(traced{Context: context.Background(), id: &m})
}

func main() {
	serve()
	serveTraced()
	clobber()
	fmt.Println(srv.Lookup(0), srv.Lookup(1))
}
