// Package fail has an error type used as a panic value.
package fail

// Error carries a code.
type Error struct{ Code int }

func (e *Error) Error() string { return "fail" }
