// 13_fmt_fprintf_writer: fmt.Fprintf and fmt.Fprintln on a user Writer whose Write keeps its
// receiver (issue 10, class 2: fmt.Fprintf's w was summarised as not leaking).
//
// Proof: report's w is read through logw.Last after report returned.
package main

import (
	"fmt"
	"strings"

	"escapade.test/13_fmt_fprintf_writer/logw"
)

func report(items int) {
	var w logw.LineWriter // ESC w heap
	fmt.Fprintf(&w, "items=%d", items)
	fmt.Fprintln(&w, "done")
}

func main() {
	report(3)
	clobber()
	l := logw.Last.Lines
	fmt.Println(len(l), l[0], strings.TrimSpace(l[1]))
}
