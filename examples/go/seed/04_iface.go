// Seed program 4 (shared/seed, point 4): s1 reaches S.M1 through the interface I in f1, s2 through
// the concrete *S in f2. gc moves s1 to the heap and keeps s2 on the stack; with the dynamic type
// known at g's call site (*S, whose M1 does not keep its receiver), s1 can stay on the stack too.

package seed

type S struct {
	s1 int
}

type I interface {
	M1(int)
}

func (s *S) M1(i int) { // ERROR "s does not escape$"
	s.s1 = i
}

func f1(s I) { // ERROR "leaking param: s$"
	s.M1(42)
}

func f2(s *S) { // ERROR "s does not escape$"
	s.M1(42)
}

func g4() {
	var s1 S // ERROR "moved to heap: s1$"
	var s2 S
	f1(&s1)
	f2(&s2)
}
