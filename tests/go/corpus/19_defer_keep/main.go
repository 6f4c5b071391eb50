// 19_defer_keep: deferred closures that publish a local when the function ends, normally or by a
// recovered panic (pattern: defer, closures).
//
// Proof: the entries of transfer and safeDiv are read through audit.Log after both returned.
package main

import (
	"errors"
	"fmt"

	"escapade.test/19_defer_keep/audit"
)

func transfer(amount int) (err error) {
	e := audit.Entry{Op: "transfer"} // ESC e heap
	defer func() {
		e.Err = err
		audit.Record(&e)
	}()
	if amount > 100 {
		return errors.New("too much")
	}
	return nil
}

func safeDiv(a, b int) (q int) {
	var fault audit.Entry // ESC fault heap
	defer func() {
		if r := recover(); r != nil {
			fault.Op = fmt.Sprint("recovered: ", r)
			audit.Record(&fault)
		}
	}()
	return a / b
}

func main() {
	transfer(50)
	transfer(500)
	safeDiv(1, 0)
	clobber()
	for _, e := range audit.Log {
		fmt.Println(e.Op, e.Err)
	}
}
