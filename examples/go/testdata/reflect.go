// Reflection (lower/reflect.go): reflect.New, Value.Addr, Value.Method and MethodByName,
// reflect.MakeFunc, Value.Interface, Value.Call, reflect.Copy, Append and Set. In gc's model the
// arguments of reflect's functions leak as their gc tags say (the built-in table has gc's tags of
// ValueOf, TypeOf, Value.Elem; other reflect functions are body-less: their pointer arguments
// leak, as they do with gc's tags here). The closed-world rule is tested in
// testdata/closed/reflect_closed.go.
// Every diagnostic line is gc's own (go build -gcflags='-m -l'), as an errorcheck annotation.

package reflection

import "reflect"

type T struct{ p *int }

func (t *T) Get() *int { return t.p } // ERROR "leaking param: t to result ~r0 level=1$"

var sink interface{}

func newAndAddr(t reflect.Type) interface{} { // ERROR "leaking param: t$"
	v := reflect.New(t)
	a := v.Elem().Addr()
	return a.Interface()
}

func methods(x *T) interface{} { // ERROR "leaking param: x$"
	m := reflect.ValueOf(x).Method(0)
	n := reflect.ValueOf(x).MethodByName("Get")
	out := m.Call(nil)
	_ = n
	return out[0].Interface()
}

func makeFunc() func(*int) *int {
	var f func(*int) *int
	v := reflect.MakeFunc(reflect.TypeOf(f), func(args []reflect.Value) []reflect.Value { // ERROR "leaking param: args to result ~r0 level=0$" "func literal escapes to heap$"
		return args
	})
	return v.Interface().(func(*int) *int)
}

func copies(dst, src []*int) int { // ERROR "leaking param: dst$" "leaking param: src$"
	d := reflect.ValueOf(dst) // ERROR "dst escapes to heap$"
	s := reflect.ValueOf(src) // ERROR "src escapes to heap$"
	n := reflect.Copy(d, s)
	d = reflect.Append(d, s.Index(0)) // ERROR "\.\.\. argument does not escape$"
	d.Index(0).Set(s.Index(0))
	return n
}

func call(fn interface{}, p *int) { // ERROR "leaking param: fn$" "leaking param: p$"
	reflect.ValueOf(fn).Call([]reflect.Value{reflect.ValueOf(p)}) // ERROR "\[\]reflect\.Value\{\.\.\.\} does not escape$"
}
