// 17_strings_builder: strings.Builder users: a builder type embedding strings.Builder whose Write
// keeps the builder, and a plain strings.Builder given to fmt.Fprintf (issue 10, class 2; pattern:
// embedding a std type, its promoted String).
//
// Proof: title's b is read through doc.Last after title returned. plain's sb does not escape, so
// either verdict is right there: Fprintf keeps no reference to w once it returns,
// (*strings.Builder).Write keeps neither the builder nor p, and sb.String() points into the
// builder's buffer, not at sb.
package main

import (
	"fmt"
	"strings"

	"escapade.test/17_strings_builder/doc"
)

func title(n int) string {
	var b doc.Builder // ESC b heap
	fmt.Fprintf(&b, "chapter %d", n)
	return b.String()
}

func plain(n int) string {
	var sb strings.Builder // ESC sb heap either(closed,context) -- Fprintf, Builder.Write keep neither w nor p
	fmt.Fprintf(&sb, "page %d", n)
	return sb.String()
}

func main() {
	t := title(3)
	p := plain(9)
	clobber()
	fmt.Println(t, p, doc.Last.Writes, doc.Last.String())
}
