// Package conn hands out interfaces the way net.Dial does: from constructors (one always a *Drop,
// one a *Keep or a *Drop by its argument), from a value a goroutine sends through a channel of
// structs (Dial: the *Drop in Result.Conn, a *Keep in Result.Err), and from a multi-value call.
package conn

// Putter is given a pointer.
type Putter interface{ Put(p *int) }

// Keep keeps what it is given; Drop only reads it.
type Keep struct{ n int }
type Drop struct{ n int }

// Other has no Put: a type switch's Putter case never sees it.
type Other struct{ n int }

// Kept holds every pointer a Keep was given.
var Kept []*int

func (k *Keep) Put(p *int) { Kept = append(Kept, p) }
func (d *Drop) Put(p *int) { d.n += *p }

// NewDrop always returns a *Drop.
func NewDrop() Putter { return &Drop{} }

// NewEither returns a *Keep when keep is true.
func NewEither(keep bool) Putter {
	if keep {
		return &Keep{}
	}
	return &Drop{}
}

// Result is what a dialer sends: Conn is only ever a *Drop, Err a *Keep.
type Result struct {
	Conn Putter
	Err  Putter
}

func race(ch chan<- Result) {
	c, err := open()
	ch <- Result{Conn: c, Err: err}
}

// open returns a *Drop and a *Keep (a multi-value call).
func open() (Putter, Putter) { return NewDrop(), &Keep{} }

// Dial receives a Result from a goroutine and returns its Conn: a *Drop.
func Dial() Putter {
	ch := make(chan Result)
	go race(ch)
	res := <-ch
	return res.Conn
}

// DialErr returns the Err of the Result: a *Keep.
func DialErr() Putter {
	ch := make(chan Result)
	go race(ch)
	res := <-ch
	return res.Err
}

// Any returns a *Keep or an *Other in an interface without methods.
func Any(keep bool) any {
	if keep {
		return &Keep{}
	}
	return &Other{}
}
