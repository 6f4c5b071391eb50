// The seed programs run (not only analysed): each test reads what the program computed through
// the pointers it keeps, after other calls reused the stack. escapade-go-build test -check runs
// them with escapade's verdicts compiled in and a stack move at every function prologue (the
// ctest go_gcpatch_check). Not part of the errorcheck inputs (go_seed takes seed/*.go but this).

package seed

import (
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
)

//go:noinline
func churn(n int) int {
	var buf [256]int
	for i := range buf {
		buf[i] = -n
	}
	if n == 0 {
		return buf[7]
	}
	return churn(n-1) + buf[3]
}

func TestGlobal(t *testing.T) {
	if got := g(); got != 42 {
		t.Fatalf("g() = %d, want 42", got)
	}
	churn(20)
	if *VP != 42 {
		t.Fatalf("*VP = %d after g returned, want 42", *VP)
	}
}

const payload = "escapade keeps this buffer on the stack"

func TestOk(t *testing.T) {
	name := filepath.Join(t.TempDir(), "seed")
	if err := os.WriteFile(name, []byte(payload), 0o666); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := Ok(*f)
	churn(20)
	if string(got) != payload {
		t.Fatalf("Ok read %q, want %q", got, payload)
	}
}

func TestNotOkPipe(t *testing.T) {
	a, b := net.Pipe()
	go func() {
		io.WriteString(a, payload)
		a.Close()
	}()
	got := NotOk(b)
	churn(20)
	if string(got) != payload {
		t.Fatalf("NotOk read %q, want %q", got, payload)
	}
}

func TestNotOkTCP(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback TCP:", err)
	}
	defer l.Close()
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		io.WriteString(c, payload)
		c.Close()
	}()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var got []byte
	for len(got) < len(payload) {
		b := NotOk(c)
		if len(b) == 0 {
			break
		}
		got = append(got, b...)
	}
	churn(20)
	if string(got) != payload {
		t.Fatalf("NotOk read %q, want %q", got, payload)
	}
}

func TestIface(t *testing.T) {
	g4()
	var s S
	f1(&s)
	churn(20)
	if s.s1 != 42 {
		t.Fatalf("s.s1 = %d, want 42", s.s1)
	}
	var s2 S
	f2(&s2)
	if s2.s1 != 42 {
		t.Fatalf("s2.s1 = %d, want 42", s2.s1)
	}
}
