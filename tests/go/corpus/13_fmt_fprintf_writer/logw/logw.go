// Package logw is an io.Writer that collects lines and remembers the last writer used.
package logw

// LineWriter collects each Write as a line.
type LineWriter struct{ Lines []string }

// Last is the writer written to last.
var Last *LineWriter

func (w *LineWriter) Write(p []byte) (int, error) {
	Last = w
	w.Lines = append(w.Lines, string(p))
	return len(p), nil
}
