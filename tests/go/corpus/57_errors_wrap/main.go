// 57_errors_wrap: errors wrapped with fmt.Errorf's %w and kept, then unwrapped with errors.As
// (issue 10, class 2: fmt.Errorf keeps its operand in the error it returns).
//
// Proof: lookup's error and lookup2's nf are read through errs.Saved after they returned.
package main

import (
	"errors"
	"fmt"

	"escapade.test/57_errors_wrap/errs"
)

func lookup(name string) {
	errs.Save(fmt.Errorf("lookup: %w", &errs.NotFound{Name: name})) // ESC "&errs.NotFound{...}" heap
}

func lookup2(name string) {
	nf := errs.NotFound{Name: name} // ESC nf heap
	errs.Save(fmt.Errorf("lookup2: %w", &nf))
}

func main() {
	lookup("a")
	lookup2("b")
	clobber()
	for _, err := range errs.Saved {
		var nf *errs.NotFound
		fmt.Println(err, errors.As(err, &nf), nf.Name)
	}
}
