// Package fn makes functions with reflect.MakeFunc.
package fn

import "reflect"

// Got holds every *int argument a bound function received.
var Got []*int

// Bind sets the function variable fptr points to to a function made by reflect.MakeFunc that
// keeps its *int arguments.
func Bind(fptr any) {
	v := reflect.ValueOf(fptr).Elem()
	impl := func(args []reflect.Value) []reflect.Value {
		for _, a := range args {
			if p, ok := a.Interface().(*int); ok {
				Got = append(Got, p)
			}
		}
		return nil
	}
	v.Set(reflect.MakeFunc(v.Type(), impl))
}
