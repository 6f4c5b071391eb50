// Package keep registers, at init, a plugin that keeps what it handles.
package keep

import "escapade.test/30_init_order/reg"

type keeper struct{ got []*int }

func (k *keeper) Handle(p *int) { k.got = append(k.got, p) }

// K is the registered keeper (statically initialised).
var K = &keeper{}

func init() { reg.Register("keep", K) }

// Total adds what the keeper kept.
func Total() int {
	t := 0
	for _, p := range K.got {
		t += *p
	}
	return t
}
