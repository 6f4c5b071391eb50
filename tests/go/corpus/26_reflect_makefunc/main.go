// 26_reflect_makefunc: function variables set by reflect.MakeFunc, called directly (issue 10,
// class 7: the func values' only implementation is made by reflection).
//
// Proof: use's a and use2's b and c are read through fn.Got after both returned.
package main

import (
	"fmt"

	"escapade.test/26_reflect_makefunc/fn"
)

var keep func(*int)

func use() {
	a := 3 // ESC a heap
	keep(&a)
}

func use2() {
	var f func(*int, *int)
	fn.Bind(&f)
	b, c := 1, 2 // ESC b heap; c heap
	f(&b, &c)
}

func main() {
	fn.Bind(&keep)
	use()
	use2()
	clobber()
	fmt.Println(len(fn.Got), *fn.Got[0], *fn.Got[1], *fn.Got[2])
}
