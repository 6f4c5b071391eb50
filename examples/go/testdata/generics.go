// Generic code (lower/generics.go), lowered per gc shape as gc 1.19 compiles it: sites in generic
// bodies are reported once per shape with gc's shape names; parameters of shape instances get no
// diagnostic; conversions of shape-typed values are gc's dictionary conversions
// ("unsafe.Pointer(x)", at gc's positions); methods called on type-parameter values are
// dictionary calls (their arguments leak).
// Every diagnostic line is gc's own (go build -gcflags='-m -l'), as an errorcheck annotation.

package generics

type Stringer interface{ String() string }

var sink interface{}

type A struct{ p *int }

func (a *A) String() string { return "" } // ERROR "a does not escape$"

type N int

func (n N) String() string { return "" }

// One shape per pointer type (*uint8), one per other underlying type.
func Keep[T any](x T) *T {
	p := new(T) // ERROR "new\(go.shape.\*uint8_0\) escapes to heap$" "new\(go.shape.int_0\) escapes to heap$" "new\(go.shape.string_0\) escapes to heap$"
	*p = x
	return p
}

// A dictionary call: x leaks (gc does not know the method), so &a moves to the heap.
func Str[T Stringer](x T) string {
	return x.String()
}

// Conversions of shape-typed values: gc's dictionary conversion, at gc's positions.
func Conv[T any](x T, c chan any, m map[int]any) any {
	sink = x      // ERROR "unsafe.Pointer\(x\) escapes to heap$"
	var i any = x // ERROR "unsafe.Pointer\(x\) does not escape$"
	c <- x        // ERROR "unsafe.Pointer\(x\) escapes to heap$"
	m[1] = x      // ERROR "unsafe.Pointer\(x\) escapes to heap$"
	_ = i
	if any(x) == nil { // ERROR "unsafe.Pointer\(x\) does not escape$"
		panic(x) // ERROR "unsafe.Pointer\(x\) escapes to heap$"
	}
	return x // ERROR "unsafe.Pointer\(x\) escapes to heap$"
}

type List[T any] struct {
	head *node[T]
}

type node[T any] struct {
	v    T
	next *node[T]
}

func (l *List[T]) Push(v T) {
	l.head = &node[T]{v: v, next: l.head} // ERROR "&node\[go.shape.\*uint8_0\]{...} escapes to heap$" "&node\[go.shape.int_0\]{...} escapes to heap$"
}

func (l *List[T]) Each(f func(T)) {
	for n := l.head; n != nil; n = n.next {
		f(n.v)
	}
}

func (l *List[T]) Len() int {
	n := 0
	l.Each(func(T) { n++ }) // ERROR "func literal does not escape$"
	return n
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs)) // ERROR "make\(\[\]go.shape.string_1, 0, len\(xs\)\) escapes to heap$"
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

type Box[T any] struct{ v T }

func (b Box[T]) String() string { return "" }

func NewBox[T any](v T) *Box[T] { return &Box[T]{v: v} } // ERROR "&Box\[go.shape.int_0\]{...} escapes to heap$"

func use() {
	a := 1 // ERROR "moved to heap: a$"
	_ = Keep(a)
	_ = Keep(&a)
	_ = Keep("s")
	var x A // ERROR "moved to heap: x$"
	_ = Str(&x)
	_ = Str(N(1))
	Conv(1, nil, nil)
	var l List[*int]
	b := 2 // ERROR "moved to heap: b$"
	l.Push(&b)
	var l2 List[int]
	l2.Push(3)
	_ = l2.Len()
	_ = Map([]int{1, 2}, func(x int) string { return "" }) // ERROR "\[\]int{...} does not escape$" "func literal does not escape$"
	f := Keep[string]                                      // an instance as a value: no site
	_ = f("x")
	h := l.Push // a method value of an instantiated type: gc's wrapper closure, no diagnostic
	h(nil)
	var s Stringer = NewBox(4)
	_ = s.String()                 // ERROR "devirtualizing s.String to \*Box\[int\]$"
	var t Stringer = Box[string]{} // ERROR "Box\[string\]{} does not escape$"
	_ = t.String()                 // ERROR "devirtualizing t.String to Box\[string\]$"
}
