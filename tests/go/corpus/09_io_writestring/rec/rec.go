// Package rec is an io.Writer (without WriteString) that remembers the last recorder written to.
package rec

// Recorder collects what is written to it.
type Recorder struct {
	N    int
	Data []byte
}

// Last is the recorder written to last.
var Last *Recorder

func (r *Recorder) Write(p []byte) (int, error) {
	Last = r
	r.N += len(p)
	r.Data = append(r.Data, p...)
	return len(p), nil
}
