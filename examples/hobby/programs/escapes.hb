// escapes.hb - every way an object can outlive its frame, each checked after the frame is gone,
// next to objects that really can live on the stack. Under AddressSanitizer (the .asan tests) a
// wrong `stack` verdict here shows up as a stack-use-after-return or -after-scope; compiled with
// --unsound-all-stack this program must fail under ASan (test hobby.asan_catches_unsound).
//
// Heap accounting (Box = class id + int + reference = 24 bytes; Cell, Holder = 16 B; [Box](1) =
// 8 B; heap cell = 8 B; closure record = 8 B + 8 per capture):
//   analysis off - keep 1; the cell 1; viaField's box 1; viaClosure: box, b's cell and the
//     record (16 B) 3; the array 1; viaArray's box 1; viaIface: holder and box 2; chain(10) 10;
//     100 calls of noEscape: 2 boxes each 200; viaReturn's box 1; scratch(): 2 each, 20 calls 40
//     = 261 allocations, 6208 bytes
//   analysis on - the 18 that escape: keep (global), viaField's box (stored through a pointer),
//     viaClosure's box (captured by the returned closure, which copies b: no cell) and its
//     record, viaArray's box (stored in an array), viaIface's holder (returned) and its box
//     (inside the returned holder), the 10 boxes of chain (each outlives its loop iteration),
//     viaReturn's box; noEscape's and scratch's boxes, the cell and the array stay on the stack
//     = 18 allocations, 24 + 24 + 24 + 16 + 24 + 16 + 24 + 240 + 24 = 416 bytes
// EXPECT off: 261 allocations, 6208 bytes
// EXPECT on: 18 allocations, 416 bytes

class Box {
    v: int;
    next: Box;
}

class Cell {
    b: Box;
}

interface Getter {
    fun get(): int;
}

class Holder implements Getter {
    b: Box;
    fun get(): int { return this.b.v; }
}

var keep: Box = nil;

fun viaGlobal() {
    keep = new Box{v: 1};  //! heap: stored in a global
}

fun viaReturn(v: int): Box {
    return new Box{v: v};  //! heap: returned
}

fun viaField(c: Cell) {
    c.b = new Box{v: 3};  //! heap: stored through a pointer
}

fun viaClosure(v: int): fun(): int {
    var b = new Box{v: v};  //! heap: captured by a closure that is returned
    return fun(): int { return b.v; };  //! heap: returned
}

fun viaArray(xs: [Box]) {
    xs[0] = new Box{v: 5};  //! heap: stored in an array element
}

fun viaIface(v: int): Getter {
    return new Holder{b: new Box{v: v}};  //! heap heap: the holder is returned, and holds the box
}

// Each box is allocated in one iteration and used in the next: not per-iteration storage.
fun chain(n: int): Box {
    var head: Box = nil;
    for i in 0 .. n {
        head = new Box{v: i, next: head};  //! heap: outlives its loop iteration
    }
    return head;
}

fun noEscape(v: int): int {
    var b = new Box{v: v};  //! stack
    var c = new Box{v: v + 1, next: b};  //! stack: b flows into c, and c into nothing
    return c.v + c.next.v;
}

// Overwrites the stack where earlier frames lived.
fun scratch(depth: int): int {
    var a = new Box{v: depth};  //! stack
    var b = new Box{v: depth * 2, next: a};  //! stack
    if depth == 0 {
        return b.v + b.next.v;
    }
    return scratch(depth - 1) + b.next.v;
}

fun main() {
    viaGlobal();
    var c = new Cell{};  //! stack: viaField writes through it
    viaField(c);
    var f = viaClosure(4);
    var arr = new [Box](1);  //! stack: viaArray writes its element
    viaArray(arr);
    var g = viaIface(6);
    var h = chain(10);
    var s = 0;
    for i in 0 .. 100 {
        s = s + noEscape(i);
    }
    print("scratch", scratch(19));
    print("global", keep.v, "returned", viaReturn(2).v, "field", c.b.v, "closure", f());
    print("array", arr[0].v, "interface", g.get(), "chain", h.v, h.next.v, h.next.next.v, "local", s);
    var total = 0;
    while h != nil {
        total = total + h.v;
        h = h.next;
    }
    print("chain total", total);
}
