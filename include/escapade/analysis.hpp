// escapade/analysis.hpp - escape analysis: which allocations may live on the stack.
//
// Usage:
//     escapade::analysis_result<MyProgram> result;
//     escapade::status st = escapade::analyze(program, result, options);
//     for (const auto& site : result.heap_sites()) ...          // or result.find(my_expr_handle)
//
// -----------------------------------------------------------------------------------------------
// What is decided
//
// For every allocation site (a variable whose address is taken, or an expression that allocates:
// new, &T{...}, make, slice/map literals, closures, interface boxes, method values, string
// conversions and concatenations) the analysis decides `stack` or `heap`. The two invariants that a
// `stack` verdict guarantees are those of Go's escape.go:
//   (1) no pointer to a stack object is stored in the heap (or anything reachable from a global);
//   (2) no pointer to a stack object outlives the object: not after its function returns, and, for
//       an object allocated inside a loop, not after the loop iteration ends (its slot is reused).
// A `heap` verdict is always sound; every shortcut of the analysis errs towards `heap`.
//
// -----------------------------------------------------------------------------------------------
// The location graph (model = gc)
//
// Each function is lowered, statement by statement, into a graph whose nodes ("locations") are
// variables, allocations and temporaries, plus two special nodes: the heap and the blank sink.
// Every assignment becomes an edge dst <- src weighted by the number of dereferences minus the
// number of address-of operations ("derefs"):
//
//     p = &q      -1        p = q       0        p = *q       1        p = **q      2
//     p = **&**&q  2        (& applies only to addressable operands, so derefs >= -1)
//
// Lowering rules (gc 1.19: expr.go, stmt.go, assign.go, call.go), with the kinds of kinds.hpp:
//     field x.f, array index a[i]       same location as x / a (field- and element-insensitive)
//     p.f, s[i] (pointer, slice)         one dereference
//     store through a pointer *p = v,    v flows to the heap: gc does not track what p points to
//       p.f = v, s[i] = v, m[k] = v
//     store into a global                v flows to the heap
//     allocations                        a new location L; its address (-1) flows to the context
//     value of pointer-free type         dropped (nothing to track)
//     I(x) for a non-pointer-shaped x    a box location (an allocation site) holds x
//     static call f(a)                   a flows according to f's summary (below)
//     interface / function-value call    arguments flow to the heap (dispatch = conservative)
//     go f(a) / defer f(a) in a loop     a wrapper record holding a flows to the heap
//     top-level defer f(a)               the record lives until the function returns
//     closure                            captured variables flow into the closure record, by value
//                                        (never reassigned, address not taken, <= 128 bytes) or
//                                        by reference
//     send, append, panic, map literal   the value flows to the heap
//
// -----------------------------------------------------------------------------------------------
// Solving
//
// From each root location R (the heap, every result, every escaping location, and every location
// that is outlived by something in its function), a backward walk computes the minimal derefs d(L)
// from every L to R (solve.hpp, backward_walk: Bellman-Ford with a LIFO worklist). When L's value
// reaches R at d(L) = -1 (L's *address* flows to R) and R outlives L, L escapes. R outlives L when:
//     R escapes (the heap always does);
//     R is a result (callers may keep it) - except a directly called closure's result seen from
//       its enclosing function;
//     R and L are in the same function and R was declared at a smaller loop depth (L's slot is
//       reused by the next iteration: the loop-depth rule);
//     L belongs to a closure nested in R's function.
// A walk records, for every parameter P it reaches with R outliving P, the flow "P leaks to R
// with d(P) derefs" (clamped at 0). Negative cycles cannot arise: derefs are clamped at 0 before
// being extended past a node. A location is walked again when it starts to escape, which happens
// at most once: O(locations) walks, each O(edges) (gc's bound). Walks from roots that outlive
// nothing are skipped (they cannot change anything).
//
// -----------------------------------------------------------------------------------------------
// Interprocedural summaries
//
// Functions are analysed bottom-up over the strongly connected components of the static call
// graph (scc.hpp, iterative Tarjan), closures together with their enclosing function. A function's
// summary ("tag") is, per parameter, a leak_summary (lattice.hpp): the minimal derefs of a flow to
// the heap and to each of its first seven results. At a call of an already summarised function an
// argument flows to the heap and to the call's result destinations with those derefs. Inside an SCC
// (mutual recursion) arguments flow straight into the callee's parameter locations and its results
// into the caller: context-insensitive but sound, as in gc. A body-less function leaks every
// pointer parameter unless the host declares its leaks (ir_traits::declared_leaks).
//
// -----------------------------------------------------------------------------------------------
// Deliberate imprecision (model = gc), exactly as Go 1.19:
//   - no flow, path or context sensitivity inside a function;
//   - no distinction between fields of a struct or elements of an array or slice;
//   - every store through a pointer, into a slice element or into a map goes to the heap;
//   - dynamic calls send their arguments to the heap;
//   - non-constant `make` sizes go to the heap; explicit variables above 10 MiB and implicit
//     allocations above 64 KiB go to the heap (analysis_options);
//   - a loop's variables are judged by declaration depth, not liveness.
//
// Limits: analysis_options::batch_work_limit bounds the edge relaxations of one SCC batch; beyond
// it every site of the batch gets `heap` with reason `budget` and every parameter leaks.
//
// Complexity: building the graph is linear in the size of the IR; solving is O(L * E) per batch in
// the worst case (L locations, E edges), linear in practice; memory O(L + E) per batch plus the
// results. No recursion depends on the input: statement and expression walks use explicit stacks.
#ifndef ESCAPADE_ANALYSIS_HPP
#define ESCAPADE_ANALYSIS_HPP

// The engine, one concern per file (docs/engine.md): its declaration, then each part.
#include "detail/engine/engine.hpp"
#include "detail/engine/locations.hpp"
#include "detail/engine/faults.hpp"
#include "detail/engine/program.hpp"
#include "detail/engine/validate.hpp"
#include "detail/engine/prepass.hpp"
#include "detail/engine/stmt.hpp"
#include "detail/engine/expr.hpp"
#include "detail/engine/assign.hpp"
#include "detail/engine/call.hpp"
#include "detail/engine/dispatch_targets.hpp"
#include "detail/engine/dispatch_facts.hpp"
#include "detail/engine/dispatch_resolve.hpp"
#include "detail/engine/dispatch_conditions.hpp"
#include "detail/engine/precise.hpp"
#include "detail/engine/solve.hpp"
#include "detail/engine/explain.hpp"
#include "detail/engine/finish.hpp"
#include "detail/engine/batch.hpp"
#include "results.hpp"
#include "traits.hpp"

namespace escapade {

/// Analyses every function of `program` and fills `out`. Returns ok, or an error (invalid host IR,
/// out of memory) with a message; `out` is then incomplete and must not be used.
template <class Program, class Traits = ir_traits<Program>>
status analyze(const Program& program, analysis_result<Program, Traits>& out, const analysis_options& options = {},
               memory_resource& mem = default_resource()) noexcept {
    if constexpr (check_ir_traits<Program, Traits>()) {
        detail::engine<Program, Traits> en(program, options, out, mem);
        return en.run();
    } else {
        return status::error(errc::invalid_argument, "ir_traits specialisation is incomplete");
    }
}

}  // namespace escapade

#endif  // ESCAPADE_ANALYSIS_HPP
