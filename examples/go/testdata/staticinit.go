// Statically initialized package-level variables (lower/lower.go globalValue, world.go): gc's
// staticinit lays them out as static data (no allocation, no diagnostic); what they hold still
// makes the world (the types converted to interfaces, the functions used as values), so the
// lowering registers them in a static-data function without positions. What gc initializes
// dynamically (maps, calls) is in the package's init function, with gc's diagnostics.
// Every diagnostic line is gc's own (go build -gcflags='-m -l'), as an errorcheck annotation.

package staticinit

type Sink interface{ Put(p *int) }

type keeper struct{ p *int }

func (k *keeper) Put(p *int) { k.p = p } // ERROR "k does not escape$" "leaking param: p$"

type val struct{ n int }

func (v val) Put(p *int) {} // ERROR "p does not escape$"

type Config struct {
	Out  Sink
	Name string
	Hook func(*int)
}

type MyErr int

func (e MyErr) Error() string { return "e" }

func keep(p *int) { gp = p } // ERROR "leaking param: p$"

var gp *int

func newKeeper() *keeper { return &keeper{} } // ERROR "&keeper\{\} escapes to heap$"

var s Sink = &keeper{}
var table = []Sink{&keeper{}, val{}}
var cfg = Config{Out: &keeper{}, Hook: keep}
var hook func(*int) = keep
var m = map[string]Sink{"a": &keeper{}} // ERROR "map\[string\]Sink\{\.\.\.\} escapes to heap$" "&keeper\{\} escapes to heap$"
var e error = MyErr(3)
var anyv interface{} = 5
var nested = []Config{{Out: val{1}}, {Out: &keeper{}}}
var clos = func(p *int) { gp = p } // ERROR "leaking param: p$"
var arr = [2]Sink{val{}, &keeper{}}
var pc = &Config{Out: val{2}}
var dyn Sink = newKeeper()
var conv = Sink(&keeper{})

func use() {
	x := 1 // ERROR "moved to heap: x$"
	s.Put(&x)
	hook(&x)
	cfg.Hook(&x)
}
