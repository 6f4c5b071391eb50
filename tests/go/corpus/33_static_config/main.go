// 33_static_config: calls through fields of a statically initialised struct, an interface field
// and a function-valued array element (issue 10, class 5: var cfg = Config{Out: &keeper{}}).
//
// Proof: emit's x and y are read through cfg.Report after emit returned.
package main

import (
	"fmt"

	"escapade.test/33_static_config/cfg"
)

func emit(c *cfg.Config) {
	x := 21 // ESC x heap
	c.Out.Put(&x)
	y := 8 // ESC y heap
	if h := c.Hooks[1]; h != nil {
		h(&y)
	}
}

func main() {
	emit(&cfg.Default)
	clobber()
	fmt.Println(cfg.Report())
}
