// Package kv has a keeper and a registry map of them.
package kv

// Sink takes pointers.
type Sink interface{ Put(p *int) }

// Keeper keeps pointers.
type Keeper struct{ Got []*int }

func (k *Keeper) Put(p *int) { k.Got = append(k.Got, p) }

// Reg maps names to keepers (unused here).
var Reg = map[string]*Keeper{"main": {}}
