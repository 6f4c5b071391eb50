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

// Core types, the pointer-method constraint pattern, type switches, closures, go and defer,
// recursion and several type parameters.

type Mer interface{ M() }

type PA struct{ p *int }

func (a *PA) M() {} // ERROR "a does not escape$"

type PB struct{ x, y int }

func (b PB) M() {}

func Sum[T ~int | ~float64](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

// PT has a core type (*T): its shape is not *uint8. The method is a dictionary call: &x leaks.
func PtrM[T any, PT interface {
	*T
	M()
}](x T) { // ERROR "moved to heap: x$"
	PT(&x).M()
}

func Switch[T any](x T) int {
	switch v := any(x).(type) { // ERROR "unsafe\.Pointer\(x\) escapes to heap$"
	case int:
		return v
	case *PA:
		sink = v
	}
	return 0
}

func Clos[T any](x T) func() T {
	return func() T { return x } // ERROR "func literal escapes to heap$"
}

func GoDefer[T any](x T, c chan T) {
	go func() { c <- x }()      // ERROR "func literal escapes to heap$"
	defer func() { sink = x }() // ERROR "func literal does not escape$" "unsafe\.Pointer\(x\) escapes to heap$"
}

func Rec[T any](n int, x T) *T { // ERROR "moved to heap: x$"
	if n == 0 {
		return &x
	}
	return Rec(n-1, x)
}

type Pair[K comparable, V any] struct {
	k K
	v V
}

func MakePairs[K comparable, V any](m map[K]V) []Pair[K, V] {
	out := make([]Pair[K, V], 0, len(m)) // ERROR "make\(\[\]Pair\[go\.shape\.string_0,go\.shape\.\*uint8_1\], 0, len\(m\)\) escapes to heap$"
	for k, v := range m {
		out = append(out, Pair[K, V]{k, v})
	}
	return out
}

func use2() {
	_ = Sum([]int{1, 2})  // ERROR "\[\]int\{\.\.\.\} does not escape$"
	_ = Sum([]float64{1}) // ERROR "\[\]float64\{\.\.\.\} does not escape$"
	PtrM[PA](PA{})
	PtrM[PB](PB{})
	_ = Switch(3)
	_ = Switch(&PA{}) // ERROR "&PA\{\} escapes to heap$"
	f := Clos(4)
	_ = f()
	GoDefer(5, nil)
	_ = Rec(3, "s")
	_ = MakePairs(map[string]*PA{}) // ERROR "map\[string\]\*PA\{\} does not escape$"
}

// Positions of implicit conversions in shape bodies: where the evaluation of the statement left
// gc's base.Pos in stenciled code (constants, selectors and calls move it; names do not).
type SS struct{ a, b int }

func ssID(s SS) SS { return s }

func Positions[T any](x T, s SS, ss []SS) {
	sink = SS{a: 1}    // ERROR "SS\{\.\.\.\} escapes to heap$"
	sink = SS{a: s.a}  // ERROR "SS\{\.\.\.\} escapes to heap$"
	sink = ssID(s)     // ERROR "ssID\(s\) escapes to heap$"
	sink = s.a + 1     // ERROR "s\.a \+ 1 escapes to heap$"
	sink = ss[0]       // ERROR "ss\[0\] escapes to heap$"
	sink = []int{1, 2} // ERROR "\[\]int\{\.\.\.\} escapes to heap$"
	sink = []any{x, 1} // ERROR "\[\]any\{\.\.\.\} escapes to heap$" "unsafe\.Pointer\(x\) escapes to heap$" "1 escapes to heap$"
	sink = "a" + "b"   // ERROR ".a. \+ .b. escapes to heap$"
	var y SS = s       // ERROR "moved to heap: y$"
	sink = y           // ERROR "y escapes to heap$"
	sink = &y
}

func use3() { Positions(4, SS{}, nil) }

// Generic containers and higher-order functions: an iterator interface, a set, a tree with a
// comparison function, an option type, filter and reduce, goroutines per element, embedding.
type Iterator[T any] interface {
	Next() (T, bool)
}

type sliceIter[T any] struct {
	xs []T
	i  int
}

func (s *sliceIter[T]) Next() (T, bool) {
	var zero T
	if s.i >= len(s.xs) {
		return zero, false
	}
	s.i++
	return s.xs[s.i-1], true
}

func Iter[T any](xs []T) Iterator[T] {
	return &sliceIter[T]{xs: xs} // ERROR "&sliceIter\[go\.shape\.int_0\]\{\.\.\.\} escapes to heap$" "&sliceIter\[go\.shape\.string_0\]\{\.\.\.\} escapes to heap$"
}

func Collect[T any](it Iterator[T]) []T {
	var out []T
	for {
		x, ok := it.Next()
		if !ok {
			return out
		}
		out = append(out, x)
	}
}

type Set[T comparable] map[T]struct{}

func (s Set[T]) Add(x T) { s[x] = struct{}{} }

func (s Set[T]) Has(x T) bool { _, ok := s[x]; return ok }

func NewSet[T comparable](xs ...T) Set[T] {
	s := make(Set[T], len(xs)) // ERROR "make\(Set\[go\.shape\.int_0\], len\(xs\)\) escapes to heap$"
	for _, x := range xs {
		s.Add(x)
	}
	return s
}

type Tree[T any] struct {
	root *tnode[T]
	less func(a, b T) bool
}

type tnode[T any] struct {
	v    T
	l, r *tnode[T]
}

func (t *Tree[T]) Insert(v T) {
	p := &t.root
	for *p != nil {
		if t.less(v, (*p).v) {
			p = &(*p).l
		} else {
			p = &(*p).r
		}
	}
	*p = &tnode[T]{v: v} // ERROR "&tnode\[go\.shape\.struct \{ p\.x int; p\.y int \}_0\]\{\.\.\.\} escapes to heap$" "&tnode\[go\.shape\.int_0\]\{\.\.\.\} escapes to heap$"
}

func (t *Tree[T]) Walk(f func(T)) {
	var walk func(n *tnode[T])
	walk = func(n *tnode[T]) { // ERROR "leaking param content: n$" "func literal does not escape$"
		if n == nil {
			return
		}
		walk(n.l)
		f(n.v)
		walk(n.r)
	}
	walk(t.root)
}

type Option[T any] struct {
	v  T
	ok bool
}

func Some[T any](v T) Option[T] { return Option[T]{v, true} }

func (o Option[T]) Get() (T, bool) { return o.v, o.ok }

func Filter[T any](xs []T, pred func(T) bool) []T {
	out := xs[:0]
	for _, x := range xs {
		if pred(x) {
			out = append(out, x)
		}
	}
	return out
}

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func Parallel[T any](xs []T, f func(T)) {
	done := make(chan struct{}, len(xs))
	for _, x := range xs {
		x := x
		go func() { // ERROR "func literal escapes to heap$"
			f(x)
			done <- struct{}{}
		}()
	}
	for range xs {
		<-done
	}
}

type Named[T any] struct {
	Tree[T]
	name string
}

type GP struct{ x, y int }

func use4() {
	it := Iter([]int{1, 2, 3}) // ERROR "\[\]int\{\.\.\.\} escapes to heap$"
	_ = Collect(it)
	_ = Collect[string](Iter([]string{"a"})) // ERROR "\[\]string\{\.\.\.\} escapes to heap$"
	s := NewSet(1, 2)                        // ERROR "\.\.\. argument does not escape$"
	_ = s.Has(1)
	t := &Tree[GP]{less: func(a, b GP) bool { return a.x < b.x }} // ERROR "&Tree\[p\.GP\]\{\.\.\.\} does not escape$" "func literal escapes to heap$"
	t.Insert(GP{1, 2})
	t.Walk(func(p GP) {}) // ERROR "func literal does not escape$"
	o := Some(&GP{})      // ERROR "&GP\{\} does not escape$"
	_, _ = o.Get()
	_ = Filter([]*GP{{}}, func(p *GP) bool { return p.x > 0 })          // ERROR "p does not escape$" "\[\]\*GP\{\.\.\.\} does not escape$" "&GP\{\} escapes to heap$" "func literal does not escape$"
	_ = Reduce([]int{1}, "", func(a string, x int) string { return a }) // ERROR "leaking param: a to result ~r0 level=0$" "\[\]int\{\.\.\.\} does not escape$" "func literal does not escape$"
	Parallel([]string{"x"}, func(string) {})                            // ERROR "\[\]string\{\.\.\.\} does not escape$" "func literal escapes to heap$"
	var n Named[int]
	n.less = func(a, b int) bool { return a < b } // ERROR "func literal does not escape$"
	n.Insert(3)
}
