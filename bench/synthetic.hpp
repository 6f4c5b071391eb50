// bench/synthetic.hpp - a generator of synthetic text-IR modules for benchmarks.
//
// make_module(statements, seed) returns a well-formed module of about `statements` statements:
// functions of ~40 statements with pointer parameters, locals, nested loops, allocations (new,
// &T{...}, make with constant and dynamic sizes, slice literals), field and element accesses,
// stores through pointers, stores into globals, static calls to earlier functions (a DAG, plus a
// few mutually recursive pairs), closures, interface boxing and dynamic calls, and returns.
// Deterministic for a given (statements, seed).
#ifndef ESCAPADE_BENCH_SYNTHETIC_HPP
#define ESCAPADE_BENCH_SYNTHETIC_HPP

#include <cstdint>
#include <string>

namespace synthetic {

class rng {
public:
    explicit rng(std::uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ull + 1) {}
    std::uint64_t next() {
        s_ ^= s_ << 13;
        s_ ^= s_ >> 7;
        s_ ^= s_ << 17;
        return s_;
    }
    unsigned below(unsigned n) { return n ? static_cast<unsigned>(next() % n) : 0; }

private:
    std::uint64_t s_;
};

inline std::string make_module(std::size_t statements, std::uint64_t seed) {
    rng r(seed);
    std::string t;
    t.reserve(statements * 28 + 1024);
    t += "module synthetic\n"
         "type Node struct {\n    next *Node\n    val *int\n    n int\n}\n"
         "type Shape interface {\n    Area(p *int) int\n}\n"
         "type Sq struct {\n    side int\n}\n"
         "func (s *Sq) Area(p *int) int {\n    return op(s.side, *p)\n}\n"
         "var gnode *Node\nvar gint *int\nvar gshape Shape\n";
    std::size_t emitted = 0;
    std::size_t fn = 0;
    while (emitted < statements) {
        std::string name = "f" + std::to_string(fn);
        t += "func " + name + "(a *Node, b *int) *int {\n";
        // locals
        t += "    var x int\n    var y int\n    var n Node\n    p := &x\n    q := b\n    h := a\n";
        emitted += 9;
        int depth = 0;
        unsigned body = 30 + r.below(20);
        for (unsigned i = 0; i < body; ++i) {
            std::string ind(4 * (depth + 1), ' ');
            std::string id = std::to_string(i);
            unsigned k = r.below(22);
            switch (k) {
            case 0: t += ind + "p = &y\n"; break;
            case 1: t += ind + "q = p\n"; break;
            case 2: t += ind + "h = &Node{h, p, 1}\n"; break;
            case 3: t += ind + "h.next = new(Node)\n"; break;
            case 4: t += ind + "n.val = q\n"; break;
            case 5: t += ind + "q = n.val\n"; break;
            case 6: t += ind + "x = op(x, *q)\n"; break;
            case 7:
                if (fn > 0) {
                    std::string callee = "f" + std::to_string(r.below(static_cast<unsigned>(fn)));
                    t += ind + "q = " + callee + "(h, p)\n";
                } else {
                    t += ind + "y = op(y)\n";
                }
                break;
            case 8: t += ind + "s" + id + " := make([]*int, 4)\n" + ind + "s" + id + "[0] = q\n"; ++emitted; break;
            case 9: t += ind + "d" + id + " := make([]byte, x)\n" + ind + "x = len(d" + id + ")\n"; ++emitted; break;
            case 10:
                if (depth < 3) {
                    t += ind + "for {\n";
                    ++depth;
                    t += std::string(4 * (depth + 1), ' ') + "var z int\n" + std::string(4 * (depth + 1), ' ') + "p = &z\n";
                    emitted += 2;
                } else {
                    t += ind + "y = op(x)\n";
                }
                break;
            case 11:
                if (depth > 0) {
                    --depth;
                    t += std::string(4 * (depth + 1), ' ') + "}\n";
                } else {
                    t += ind + "x = op(y)\n";
                }
                break;
            case 12: t += ind + "if {\n" + ind + "    return q\n" + ind + "}\n"; ++emitted; break;
            case 13: t += ind + "*b = x\n"; break;
            case 14: t += ind + "if {\n" + ind + "    gint = q\n" + ind + "}\n"; ++emitted; break;
            case 15: t += ind + "l" + id + " := []*int{p, q}\n" + ind + "q = l" + id + "[1]\n"; ++emitted; break;
            case 16:
                t += ind + "v" + id + " := &Sq{x}\n" + ind + "var sh" + id + " Shape = Shape(v" + id + ")\n" + ind + "x = sh" + id + ".Area(p)\n";
                emitted += 2;
                break;
            case 17: t += ind + "w" + id + " := &Sq{y}\n" + ind + "y = w" + id + ".Area(q)\n"; ++emitted; break;
            case 18: t += ind + "h = a.next\n"; break;
            case 19: t += ind + "if {\n" + ind + "    gnode = h\n" + ind + "}\n"; ++emitted; break;
            case 20: t += ind + "c" + id + " := new(int)\n" + ind + "q = c" + id + "\n"; ++emitted; break;
            default: t += ind + "a = h\n"; break;
            }
            ++emitted;
        }
        while (depth > 0) {
            --depth;
            t += std::string(4 * (depth + 1), ' ') + "}\n";
        }
        t += "    return q\n}\n";
        emitted += 1;
        ++fn;
    }
    return t;
}

}  // namespace synthetic

#endif  // ESCAPADE_BENCH_SYNTHETIC_HPP
