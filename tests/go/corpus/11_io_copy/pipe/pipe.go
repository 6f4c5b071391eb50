// Package pipe has an io.Reader and an io.Writer that remember themselves in package variables.
package pipe

import "io"

// Source reads Data.
type Source struct {
	Data []byte
	Off  int
}

// Sink collects a copy of what is written.
type Sink struct{ Got []byte }

// LastSource and LastSink are the last ones used.
var (
	LastSource *Source
	LastSink   *Sink
)

func (s *Source) Read(p []byte) (int, error) {
	LastSource = s
	if s.Off >= len(s.Data) {
		return 0, io.EOF
	}
	n := copy(p, s.Data[s.Off:])
	s.Off += n
	return n, nil
}

func (k *Sink) Write(p []byte) (int, error) {
	LastSink = k
	k.Got = append(k.Got, p...)
	return len(p), nil
}
