// Package tap is an io.Writer that keeps the slices written to it.
package tap

// Tap keeps every slice written to it.
type Tap struct{ got [][]byte }

// T is the process's tap.
var T = &Tap{}

func (t *Tap) Write(p []byte) (int, error) {
	t.got = append(t.got, p)
	return len(p), nil
}

// Got returns what was written, as strings.
func Got() []string {
	var out []string
	for _, p := range T.got {
		out = append(out, string(p))
	}
	return out
}
