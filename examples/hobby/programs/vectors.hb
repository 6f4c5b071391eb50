// vectors.hb - 2D vector arithmetic: the short-lived temporaries escape analysis is for.
//
//   hobbyc --run vectors.hb -- N        (N = loop count, 1000 by default; the tests use the default)
//
// `//!` lists the verdicts expected for the allocation sites of its line, in column order, and
// `//!context` those that differ under dispatch=context; `hobbyc --check-verdicts` enforces them.
//
// Heap accounting (Vec = class id + 2 ints = 24 bytes; [Vec] of 3 = 24 bytes; closure record =
// code pointer + captures, 8 bytes each):
//   analysis off - every site allocates, and captured variables live in heap cells:
//     unit 1; acc 1; per iteration a, b and add's result 3N; pts array 1 + its 3 Vecs;
//     sum's acc 1; k's cell 1 (8 B); weigh's record 1 (8 + pointer to k = 16 B); probe 1
//     = 3N + 10 allocations, 72N + 216 bytes
//   analysis on - only what escapes:
//     unit (global), add's result N (returned), sum's acc (returned), probe (passed through a
//     function value); acc, a, b, pts and its Vecs, and weigh stay in main's frame; k is copied
//     into weigh's record (never reassigned), so it needs no cell
//     = N + 3 allocations, 24N + 72 bytes
//   analysis on, dispatch=context - as above, but applyTo's call f(v) is resolved at each call
//     site of applyTo: main passes weigh, which does not keep its argument, so probe stays in
//     main's frame too
//     = N + 2 allocations, 24N + 48 bytes
// EXPECT off: 3N+10 allocations, 72N+216 bytes
// EXPECT on: N+3 allocations, 24N+72 bytes
// EXPECT context: N+2 allocations, 24N+48 bytes
// EXPECT N = 1000

class Vec {
    x: int;
    y: int;

    fun add(o: Vec): Vec {
        return new Vec{x: this.x + o.x, y: this.y + o.y};  //! heap: returned to the caller
    }
    fun dot(o: Vec): int {
        return this.x * o.x + this.y * o.y;
    }
    // Writes through acc: neither the receiver nor acc escapes.
    fun addTo(acc: Vec) {
        acc.x = acc.x + this.x;
        acc.y = acc.y + this.y;
    }
}

var unit = new Vec{x: 1, y: 1};  //! heap: stored in a global

fun sum(vs: [Vec]): Vec {
    var acc = new Vec{x: 0, y: 0};  //! heap: returned
    for v in vs {
        v.addTo(acc);
    }
    return acc;
}

// Calling a function value sends its arguments to the heap: the callee is not known statically.
fun applyTo(f: fun(Vec): int, v: Vec): int {
    return f(v);
}

fun main() {
    var n = arg(1, 1000);
    var acc = new Vec{x: 0, y: 0};  //! stack: addTo only writes through it
    var i = 0;
    while i < n {
        var a = new Vec{x: i, y: 1};  //! stack: per-iteration storage
        var b = new Vec{x: 2, y: i};  //! stack
        a.add(b).addTo(acc);
        i = i + 1;
    }
    print("acc", acc.x, acc.y, acc.dot(unit));
    var pts = [new Vec{x: 1, y: 2}, new Vec{x: 3, y: 4}, new Vec{x: 5, y: 6}];  //! stack stack stack stack
    var total = sum(pts);
    print("sum", total.x, total.y);
    var k = 3;
    var weigh = fun(v: Vec): int { return k * v.x + v.y; };  //! stack: only called
    var probe = new Vec{x: 7, y: 8};  //! heap: passed through a function value in applyTo  //!context stack: weigh keeps nothing
    print("weigh", applyTo(weigh, probe), weigh(unit));
}
