// Package kv keeps items.
package kv

// Item is kept.
type Item struct{ N int }

// Kept holds the items.
var Kept []*Item

// Keep remembers it.
func Keep(it *Item) { Kept = append(Kept, it) }
