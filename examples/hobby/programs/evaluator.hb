// evaluator.hb - an expression evaluator: a recursive-descent parser builds a tree of Expr
// objects (an interface with one class per node kind), then the tree is evaluated N times.
//
//   hobbyc --run evaluator.hb -- N      (N = evaluations, 1000 by default)
//
// The text "(x + 3) * (y - 2) + x * x * 7 - 12" parses to 15 nodes: 4 Var (x, y, x, x),
// 4 Num (3, 2, 7, 12) and 7 Bin (+ - * + * * -).
//
// Heap accounting (Num, Var = class id + one int = 16 bytes; Bin = class id + op + two interface
// references = 32 B; Parser = class id + src (16 B) + pos = 32 B; Env = class id + 2 ints = 24 B):
//   analysis off - the parser 1; 15 nodes (8 x 16 + 7 x 32 = 352 B); one Env per evaluation N
//     = N + 16 allocations, 24N + 384 bytes
//   analysis on, dispatch=conservative - the parser stays in main's frame (its methods read its
//     fields); the 15 nodes are returned by the parser's methods; every Env is passed to
//     e.eval(env), a call through an interface, which conservative dispatch sends to the heap
//     = N + 15 allocations, 24N + 352 bytes
//   analysis on, dispatch=context - e can only hold a Bin, a Num or a Var (the classes the
//     parser returns), and no eval method of theirs keeps env: the Envs stay in main's frame
//     = 15 allocations, 352 bytes
// EXPECT off: N+16 allocations, 24N+384 bytes
// EXPECT on: N+15 allocations, 24N+352 bytes
// EXPECT context: 15 allocations, 352 bytes
// EXPECT N = 1000

class Env {
    x: int;
    y: int;
}

interface Expr {
    fun eval(env: Env): int;
    fun size(): int;
}

class Num implements Expr {
    v: int;
    fun eval(env: Env): int { return this.v; }
    fun size(): int { return 1; }
}

class Var implements Expr {
    name: int;  // 0 = x, 1 = y
    fun eval(env: Env): int {
        if this.name == 0 {
            return env.x;
        }
        return env.y;
    }
    fun size(): int { return 1; }
}

class Bin implements Expr {
    op: int;  // the operator's character code
    l: Expr;
    r: Expr;
    fun eval(env: Env): int {
        var a = this.l.eval(env);
        var b = this.r.eval(env);
        if this.op == 43 {
            return a + b;
        }
        if this.op == 45 {
            return a - b;
        }
        return a * b;
    }
    fun size(): int { return 1 + this.l.size() + this.r.size(); }
}

class Parser {
    src: string;
    pos: int;

    fun peek(): int {
        while this.pos < len(this.src) && at(this.src, this.pos) == 32 {
            this.pos = this.pos + 1;
        }
        if this.pos >= len(this.src) {
            return 0;
        }
        return at(this.src, this.pos);
    }

    // expr := term (('+' | '-') term)*
    fun expr(): Expr {
        var l = this.term();
        var c = this.peek();
        while c == 43 || c == 45 {
            this.pos = this.pos + 1;
            l = new Bin{op: c, l: l, r: this.term()};  //! heap: returned
            c = this.peek();
        }
        return l;
    }

    // term := atom ('*' atom)*
    fun term(): Expr {
        var l = this.atom();
        while this.peek() == 42 {
            this.pos = this.pos + 1;
            l = new Bin{op: 42, l: l, r: this.atom()};  //! heap: returned
        }
        return l;
    }

    // atom := number | 'x' | 'y' | '(' expr ')'
    fun atom(): Expr {
        var c = this.peek();
        if c == 40 {
            this.pos = this.pos + 1;
            var e = this.expr();
            this.pos = this.pos + 1;  // ')'
            return e;
        }
        if c == 120 || c == 121 {
            this.pos = this.pos + 1;
            return new Var{name: c - 120};  //! heap: returned
        }
        var v = 0;
        while this.peek() >= 48 && this.peek() <= 57 {
            v = v * 10 + at(this.src, this.pos) - 48;
            this.pos = this.pos + 1;
        }
        return new Num{v: v};  //! heap: returned
    }
}

fun main() {
    var n = arg(1, 1000);
    var p = new Parser{src: "(x + 3) * (y - 2) + x * x * 7 - 12", pos: 0};  //! stack: its methods only read and write its fields
    var e = p.expr();
    print("nodes", e.size());
    var total = 0;
    for i in 0 .. n {
        var env = new Env{x: i, y: i % 7};  //! heap: passed to an interface call  //!context stack: no eval keeps it
        total = total + e.eval(env);
    }
    print("total", total);
}
