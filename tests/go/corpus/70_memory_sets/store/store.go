// Package store keeps interfaces and function values in memory: fields of structs (one reached
// through a pointer, one received from a channel), and globals (set by static initialisers and by
// functions, one through its address). Some of those places only ever hold a *Drop.
package store

// Putter is given a pointer.
type Putter interface{ Put(p *int) }

// Keep keeps what it is given; Drop only reads it.
type Keep struct{ n int }
type Drop struct{ n int }

// Kept holds every pointer a Keep (or keep) was given.
var Kept []*int

func (k *Keep) Put(p *int) { Kept = append(Kept, p) }
func (d *Drop) Put(p *int) { d.n += *p }

// Holder's Out is only ever a *Drop.
type Holder struct {
	Out Putter
	n   int
}

func NewHolder() *Holder { return &Holder{Out: &Drop{}, n: 1} }

// Swapped's Out is a *Drop from its constructor, a *Keep after Swap.
type Swapped struct{ Out Putter }

func NewSwapped() *Swapped { return &Swapped{Out: &Drop{}} }
func (s *Swapped) Swap()   { s.Out = &Keep{} }

// Result is what Produce sends: its Conn is a *Drop, its Err a *Keep.
type Result struct {
	Conn Putter
	Err  Putter
}

func Produce(ch chan<- Result) { ch <- Result{Conn: &Drop{}, Err: &Keep{}} }

// KeepResult is what ProduceKeep sends: its Conn is a *Keep.
type KeepResult struct{ Conn Putter }

func ProduceKeep(ch chan<- KeepResult) { ch <- KeepResult{Conn: &Keep{}} }

// Reflected's Out is a *Drop from its constructor; main replaces it by reflection.
type Reflected struct{ Out Putter }

func NewReflected() *Reflected { return &Reflected{Out: &Drop{}} }

// Only is only ever a *Drop (static data).
var Only Putter = &Drop{}

// Later is a *Drop (static data) until SetLater.
var Later Putter = &Drop{}

func SetLater() { Later = &Keep{} }

// Addressed is a *Drop (static data) until SetThrough(&Addressed).
var Addressed Putter = &Drop{}

func SetThrough(p *Putter) { *p = &Keep{} }

func drop(p *int) {}
func keep(p *int) { Kept = append(Kept, p) }

// Hook is only ever drop; Mixed is drop until SetMixed.
var Hook func(*int) = drop
var Mixed func(*int) = drop

func SetMixed() { Mixed = keep }
