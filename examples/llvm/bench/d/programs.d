// examples/llvm/bench/d/programs.d - small D workloads with the allocations a D program makes:
// class instances, `new` structs, dynamic arrays, a linked structure that escapes, objects kept in
// a global. Prints a checksum per workload (the output two builds must agree on).
import core.stdc.stdio : printf;

class Vec {
    double x, y;
    this(double x, double y) { this.x = x; this.y = y; }
    Vec plus(const Vec o) const { return new Vec(x + o.x, y + o.y); }
    double dot(const Vec o) const { return x * o.x + y * o.y; }
}

struct Pair { long a; long b; }

class Node {
    Node next;
    long value;
    this(Node next, long value) { this.next = next; this.value = value; }
}

__gshared Node kept;

double vectors(int n) {
    double total = 0;
    foreach (i; 0 .. n) {
        auto a = new Vec(i, 1);           // temporaries: do not escape
        auto b = new Vec(2, i);
        auto c = a.plus(b);               // returned by plus: its own site escapes
        total += c.dot(a);
    }
    return total;
}

long pairs(int n) {
    long s = 0;
    foreach (i; 0 .. n) {
        auto p = new Pair(i, 2 * i);      // a struct on the GC heap, used locally
        s += p.a + p.b;
    }
    return s;
}

long arrays(int n) {
    long s = 0;
    foreach (i; 0 .. n) {
        auto buf = new long[](8);         // fixed-size scratch array
        foreach (k; 0 .. 8) buf[k] = i * k;
        foreach (k; 0 .. 8) s += buf[k];
    }
    return s;
}

long list(int n) {
    Node head = null;
    foreach (i; 0 .. n) head = new Node(head, i);   // each node is reachable from the next: escapes
    long s = 0;
    for (Node p = head; p !is null; p = p.next) s += p.value;
    kept = head;                                      // and the list outlives the call
    return s;
}

void main() {
    printf("vectors %.1f\n", vectors(200_000));
    printf("pairs %lld\n", pairs(200_000));
    printf("arrays %lld\n", arrays(200_000));
    printf("list %lld\n", list(100_000));
}
