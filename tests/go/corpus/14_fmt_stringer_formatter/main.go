// 14_fmt_stringer_formatter: fmt.Sprintf with a user Stringer and a user Formatter that keep
// their receivers (issue 10, class 2: fmt's dynamic calls of String and Format).
//
// Proof: describe's p and t are read through shape.Seen and shape.Formatted after describe
// returned.
package main

import (
	"fmt"

	"escapade.test/14_fmt_stringer_formatter/shape"
)

func describe() string {
	p := shape.Point{X: 1, Y: 2} // ESC p heap
	t := shape.Temp{C: 21}       // ESC t heap
	return fmt.Sprintf("%v %v", &p, &t)
}

func main() {
	s := describe()
	clobber()
	fmt.Println(s, shape.Seen[0].X+shape.Seen[0].Y, shape.Formatted.C)
}
