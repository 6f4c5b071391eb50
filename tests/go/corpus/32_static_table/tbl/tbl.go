// Package tbl has tables of interfaces initialised statically: a slice and a map of Sinks.
package tbl

// Sink takes pointers.
type Sink interface{ Put(p *int) }

type keeper struct {
	name string
	got  []*int
}

func (k *keeper) Put(p *int) { k.got = append(k.got, p) }

type counter struct{ n *int }

func (c counter) Put(p *int) { *c.n++ }

// Count is what the counter counted.
var Count int

// Table is static data: a slice of interfaces.
var Table = []Sink{&keeper{name: "a"}, counter{&Count}, &keeper{name: "b"}}

// ByName is a map of interfaces (maps are built by init code).
var ByName = map[string]Sink{"k": &keeper{name: "k"}} // ESC "&keeper{...}" heap

// Describe reports what every keeper kept.
func Describe() string {
	s := ""
	for _, k := range []Sink{Table[0], Table[2], ByName["k"]} {
		kp := k.(*keeper)
		t := 0
		for _, p := range kp.got {
			t += *p
		}
		s += kp.name + "=" + string(rune('0'+t))
	}
	return s
}
