// closures.hb - closures: counters, adders, composition, closures made in loops, function values.
//
//   hobbyc --run closures.hb -- N       (N = loop count, 100 by default)
//
// Heap accounting (closure record = 8-byte code pointer + 8 bytes per capture, by value or by
// reference; a variable's heap cell = 8 bytes):
//   analysis off - every record on the heap, every captured variable in a heap cell:
//     handlers 1 (4 x 8 = 32 B); makeCounter: n's cell + record (16 B) = 2;
//     makeAdder: k's cell + record (16 B) = 2; compose: cells of f and g + record (24 B) = 3;
//     sum's cell 1; per iteration j's cell + bump's record (8 + 2 x 8 = 24 B) = 2N;
//     4 handlers: m's cell + record (16 B) = 8 (96 B); the immediately called literal 1 (8 B)
//     = 2N + 18 allocations, 32N + 232 bytes
//   analysis on:
//     handlers (global) 1; makeCounter: n is reassigned inside the closure, so it is captured by
//     reference, and the record is returned: both on the heap = 2 (24 B); makeAdder and compose:
//     records returned = 2 (16 + 24 B), their captures are copied (never reassigned);
//     4 handler records stored in a global array = 4 (64 B); sum, j, bump, the literal: stack
//     = 9 allocations, 160 bytes
// EXPECT off: 2N+18 allocations, 32N+232 bytes
// EXPECT on: 9 allocations, 160 bytes
// EXPECT N = 100

var handlers = new [fun(int): int](4);  //! heap: stored in a global

fun makeCounter(): fun(): int {
    var n = 0;  //! heap: captured by reference by a closure that is returned
    return fun(): int {  //! heap: returned
        n = n + 1;
        return n;
    };
}

fun makeAdder(k: int): fun(int): int {
    return fun(x: int): int { return x + k; };  //! heap: returned
}

fun compose(f: fun(int): int, g: fun(int): int): fun(int): int {
    return fun(x: int): int { return g(f(x)); };  //! heap: returned
}

fun twice(f: fun(int): int, x: int): int {
    return f(f(x));
}

fun square(x: int): int {
    return x * x;
}

fun main() {
    var c = makeCounter();
    c();
    c();
    print("counter", c());
    var add5 = makeAdder(5);
    var squareThenAdd = compose(square, add5);  // a top-level function as a value: static data
    print("twice", twice(add5, 1), squareThenAdd(3));

    var n = arg(1, 100);
    var sum = 0;  //! stack: captured by reference, but the closures do not outlive main
    for i in 0 .. n {
        var j = i;
        var bump = fun(d: int) { sum = sum + d * j; };  //! stack: only called, in its own iteration
        bump(1);
        bump(2);
    }
    print("sum", sum);

    for i in 0 .. 4 {
        var m = i + 1;
        handlers[i] = fun(x: int): int { return x * m; };  //! heap: stored in an array (global)
    }
    var total = 0;
    for h in handlers {
        total = total + h(10);
    }
    print("handlers", total);
    var v = fun(): int { return 41; }() + 1;  //! stack: called where it is made
    print("literal", v);
}
