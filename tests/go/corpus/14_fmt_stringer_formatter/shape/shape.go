// Package shape has a fmt.Stringer and a fmt.Formatter that remember the values they formatted.
package shape

import "fmt"

// Point prints as (X,Y).
type Point struct{ X, Y int }

// Seen are the points String ran on.
var Seen []*Point

func (p *Point) String() string {
	Seen = append(Seen, p)
	return fmt.Sprintf("(%d,%d)", p.X, p.Y)
}

// Temp prints as NC.
type Temp struct{ C int }

// Formatted is the temperature Format ran on last.
var Formatted *Temp

func (t *Temp) Format(f fmt.State, verb rune) {
	Formatted = t
	fmt.Fprintf(f, "%dC", t.C)
}
