// 65_panic_value: a pointer to a local used as a panic value, recovered by a caller's deferred
// closure and returned (patterns: panic, recover, defer).
//
// Proof: risky's e is read through guard's result after both returned.
package main

import (
	"fmt"

	"escapade.test/65_panic_value/fail"
)

func risky(n int) {
	e := fail.Error{Code: n} // ESC e heap
	panic(&e)
}

func guard(n int) (err *fail.Error) {
	defer func() {
		if r := recover(); r != nil {
			err = r.(*fail.Error)
		}
	}()
	risky(n)
	return nil
}

func main() {
	e := guard(7)
	clobber()
	fmt.Println(e.Code, e)
}
