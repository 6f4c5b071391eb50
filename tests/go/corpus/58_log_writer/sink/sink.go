// Package sink is an io.Writer that collects lines and remembers itself.
package sink

import "strings"

// Lines collects each write as a line.
type Lines struct{ L []string }

// Last is the Lines written to last.
var Last *Lines

func (l *Lines) Write(p []byte) (int, error) {
	Last = l
	l.L = append(l.L, strings.TrimSpace(string(p)))
	return len(p), nil
}
