// 44_error_nil: a function returning error(nil) that also keeps a local (issue 10, class 8:
// error(nil) was lowered as a bare nil and the function was rejected, leaving its sites without
// output).
//
// Proof: check's e is read through kv.Kept after check returned.
package main

import (
	"fmt"

	"escapade.test/44_error_nil/kv"
)

func check(v int) error {
	e := kv.Item{N: v} // ESC e heap
	kv.Keep(&e)
	var err error = error(nil)
	if v < 0 {
		return err
	}
	return error(nil)
}

func main() {
	err := check(6)
	clobber()
	fmt.Println(err, kv.Kept[0].N)
}
