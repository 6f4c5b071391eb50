// Package errs has an error type and keeps errors.
package errs

// NotFound reports a missing name.
type NotFound struct{ Name string }

func (e *NotFound) Error() string { return e.Name + " not found" }

// Saved holds errors.
var Saved []error

// Save keeps err.
func Save(err error) { Saved = append(Saved, err) }
