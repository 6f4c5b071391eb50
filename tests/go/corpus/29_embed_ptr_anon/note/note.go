// Package note defines the interface and a base type with a pointer-receiver method.
package note

// Noter takes notes.
type Noter interface{ Note(p *int) }

// Book keeps notes.
type Book struct{ Notes []*int }

// Note remembers p.
func (b *Book) Note(p *int) { b.Notes = append(b.Notes, p) }
