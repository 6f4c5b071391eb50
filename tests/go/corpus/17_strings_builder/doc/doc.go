// Package doc has a strings.Builder (embedded) whose own Write remembers the builder.
package doc

import "strings"

// Builder counts its writes and remembers itself in Last.
type Builder struct {
	strings.Builder
	Writes int
}

// Last is the builder written to last.
var Last *Builder

func (b *Builder) Write(p []byte) (int, error) {
	Last = b
	b.Writes++
	return b.Builder.Write(p)
}
