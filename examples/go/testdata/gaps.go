// Lowering gaps (issue 10, point 8): constructs the IR once rejected or lowered without their
// implicit conversion. The conversions that Go makes implicitly in comma-ok and range
// assignments into interfaces happen after gc's escape analysis (order/walk): gc's flows are
// those of the unconverted values, and the lowering keeps them so, with a type witness for the
// closed world (testdata/closed/world_closed.go).
// Every diagnostic line is gc's own (go build -gcflags='-m -l'), as an errorcheck annotation.

package gaps

type S interface{ M() }

type T struct{ p *int }

func (t T) M() {} // ERROR "t does not escape$"

type U []int

type V map[string]int

// s, ok = m[k] and s, ok = <-c into an existing interface variable.
func commaMap(m map[string]T) S { // ERROR "m does not escape$"
	var s S
	var ok bool
	s, ok = m["a"]
	_ = ok
	return s
}

func commaChan(c chan T) S { // ERROR "c does not escape$"
	var s S
	var ok bool
	s, ok = <-c
	_ = ok
	return s
}

func commaAssert(x interface{}) S { // ERROR "leaking param: x to result ~r0 level=0$"
	var s S
	var ok bool
	s, ok = x.(T)
	_ = ok
	return s
}

// for _, s = range xs into an existing interface variable (the IR read "range value has the
// wrong type").
func rangeInto(xs []T, m map[T]int) S { // ERROR "leaking param: xs to result ~r0 level=1$" "m does not escape$"
	var s S
	for _, s = range xs {
	}
	for s = range m {
	}
	return s
}

// Literals and variadic calls in range headers (the IR read the literal's '{' as the loop body).
func variadic(xs ...int) []int { return xs } // ERROR "leaking param: xs to result ~r0 level=0$"

func rangeHeaders() int {
	n := 0
	for _, x := range [...]int{1, 2, 3} {
		n += x
	}
	for i, s := range [...]string{"a", "b"} {
		n += i + len(s)
	}
	for _, p := range []*int{new(int)} { // ERROR "\[\]\*int\{\.\.\.\} does not escape$" "new\(int\) does not escape$"
		n += *p
	}
	for _, x := range variadic(1, 2) { // ERROR "\.\.\. argument does not escape$"
		n += x
	}
	for range variadic() {
		n++
	}
	return n
}

// &T{...} with T a slice or map type (the IR takes the address of struct and array literals).
func sliceTypeLit() *U {
	return &U{1, 2} // ERROR "&U\{\.\.\.\} escapes to heap$" "U\{\.\.\.\} escapes to heap$"
}

func mapTypeLit() *V {
	v := &V{"a": 1} // ERROR "&V\{\.\.\.\} escapes to heap$" "V\{\.\.\.\} escapes to heap$"
	return v
}

func localSliceLit() int {
	p := &[]int{1, 2} // ERROR "&\[\]int\{\.\.\.\} does not escape$" "\[\]int\{\.\.\.\} does not escape$"
	return len(*p)
}

// error(nil), I(nil): a typed nil where the IR needs a type.
func errNil() (error, S) {
	a, b := error(nil), 1
	_ = b
	if error(nil) == a {
		return nil, S(nil)
	}
	return a, S(nil)
}
