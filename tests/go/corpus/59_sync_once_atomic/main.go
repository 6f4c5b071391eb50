// 59_sync_once_atomic: pointers published through atomic.Value.Store and built in a
// sync.Once.Do callback (patterns: std synchronisation holding pointers).
//
// Proof: load's s and the t made by get's closure are read after load and get returned.
package main

import (
	"fmt"

	"escapade.test/59_sync_once_atomic/conf"
)

func load(v int) {
	s := conf.Settings{Level: v} // ESC s heap
	conf.Publish(&s)
}

func get(v int) *conf.Settings {
	return conf.Instance(func() *conf.Settings {
		t := conf.Settings{Level: v} // ESC t heap
		return &t
	})
}

func main() {
	load(3)
	a := get(8)
	b := get(9)
	clobber()
	fmt.Println(conf.Current().Level, a.Level, b.Level, a == b)
}
