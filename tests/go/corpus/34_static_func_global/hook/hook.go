// Package hook has statically initialised function-valued variables: a function, a map of them
// and a method value.
package hook

var kept []*int

func keep(p *int) { kept = append(kept, p) }

type store struct{ got []*int }

func (s *store) add(p *int) { s.got = append(s.got, p) }

var st = &store{}

// Hook is static data: var hook func(*int) = keep.
var Hook func(*int) = keep

// Hooks is built by init code.
var Hooks = map[string]func(*int){"keep": keep}

// Method is a method value, built by init code.
var Method = st.add

// Totals adds what keep and the store kept.
func Totals() (int, int) {
	a, b := 0, 0
	for _, p := range kept {
		a += *p
	}
	for _, p := range st.got {
		b += *p
	}
	return a, b
}
