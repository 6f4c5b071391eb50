// Package plug exposes a type only through reflection: its pointer type, the one with methods,
// is never converted to an interface in the program's source.
package plug

import "reflect"

// Sink takes pointers.
type Sink interface{ Put(p *int) }

// Keeper keeps what it is given.
type Keeper struct{ Got []*int }

// Made is the keeper Put ran on last.
var Made *Keeper

func (k *Keeper) Put(p *int) {
	k.Got = append(k.Got, p)
	Made = k
}

// Type is Keeper's type (the value type, whose method set is empty).
func Type() reflect.Type { return reflect.TypeOf(Keeper{}) }
