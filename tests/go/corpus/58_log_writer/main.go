// 58_log_writer: a log.Logger kept in a global writes to a user Writer made in a frame that has
// returned (issue 10, class 2: log.New keeps w; (*log.Logger).Output calls it).
//
// Proof: setup's w is written to and read through sink.Last after setup returned.
package main

import (
	"fmt"
	"log"
	"strings"

	"escapade.test/58_log_writer/sink"
)

var logger *log.Logger

func setup() {
	var w sink.Lines // ESC w heap
	logger = log.New(&w, "app: ", 0)
}

func main() {
	setup()
	clobber()
	logger.Println("hi")
	logger.Printf("n=%d", 2)
	fmt.Println(strings.Join(sink.Last.L, "|"))
}
