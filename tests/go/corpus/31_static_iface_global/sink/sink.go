// Package sink has a statically initialised interface variable: var S Sink = &keeper{}.
package sink

// Sink takes pointers.
type Sink interface{ Put(p *int) }

type keeper struct{ got []*int }

func (k *keeper) Put(p *int) { k.got = append(k.got, p) }

// S is initialised as static data (no init code).
var S Sink = &keeper{}

// Total adds what S kept.
func Total() int {
	t := 0
	for _, p := range S.(*keeper).got {
		t += *p
	}
	return t
}
