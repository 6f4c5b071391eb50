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
// Terms
//
//   location   a node of the graph: a variable, an allocation (a site), a temporary, a result, or
//              one of the two special nodes, the heap (everything it holds escapes) and the blank
//              sink (`_ = v`: holds nothing). Each belongs to a function and records the loop
//              depth it was declared at (detail/engine/locations.hpp).
//   hole       where an expression's value goes while the graph is built: a location and a
//              dereference count, plus the reason and notes of the flow (gc's hole). Evaluating an
//              expression "into" a hole adds the edges for it; &x shifts the hole by -1, *p by +1.
//   derefs     an edge's weight: dereferences minus address-of operations along the flow from the
//              source to the destination (table below). -1 means the source's address flows.
//   site       a location whose storage the analysis places: an allocating expression or a
//              variable whose address is taken. Its verdict is `stack` or `heap`, with a reason.
//   summary    per parameter, where its value flows beyond the call (gc's tag): the fewest derefs
//              to the heap and to each result (leak_summary, lattice.hpp); callers apply it.
//   batch      one strongly connected component of the static call graph (with the dynamic
//              calls' possible targets under closed/context), its closures joined to it; the unit
//              of graph construction and solving. Batches run bottom-up: callees first.
//   condition  (dispatch=context) a leak that depends on the caller: "parameter p flows to the
//              heap if method M of parameter q's dynamic type keeps its argument j". Callers
//              resolve it with the types they pass for q; where they cannot, it is a heap leak.
//   world      what the host knows beyond the IR (analysis_options::world): open (a library;
//              unknown targets, callers and implementations may exist) or closed (the IR is the
//              whole program). Only closed and context dispatch read it.
//
// -----------------------------------------------------------------------------------------------
// The location graph (model = gc)
//
// Each function is lowered, statement by statement, into a graph whose nodes are its locations.
// Every assignment becomes an edge dst <- src weighted by its derefs. The edge weights:
//
//     flow                          derefs     flow                          derefs
//     p = &q                          -1       p = q                            0
//     p = *q, p = q.f (q pointer)      1       p = **q                          2
//     p = q[i] (q slice)               1       p = q[i], q.f (q array/struct)   0 (same location)
//     p = &q.f, &a[i] (a array)       -1       p = &*q, &q.f (q pointer)        0
//     p = **&**&q                      2       (& applies only to addressable operands: derefs >= -1)
//     p = T(q) (not allocating)        0       p = I(q) (q pointer-shaped)      0
//     p = I(q) (q not pointer-shaped)  q flows (0) into a box site, whose address (-1) flows to p
//
// A walk clamps derefs at 0 before extending a path past a node, so paths never go below -1.
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
// What the options add (each keeps both invariants; docs/dispatch.md and docs/models.md say more)
//
//   dispatch=closed    values that may hold an interface or a function carry a set of dynamic
//                      types and functions (capped_set of 8; a ninth, or anything loaded, returned
//                      or address-taken, is unknown), propagated along 0-derefs edges. A dynamic
//                      call is pending until the sets converge; then each known target's summary
//                      applies (the join over targets), and an unknown or empty set takes the
//                      world's answer. Possible targets join the call graph, so they are
//                      summarised before their callers or in the same batch.
//   dispatch=context   closed, plus: an interface or function parameter's set is "whatever the
//                      callers pass". A dynamic call on it sends its operands into conditional
//                      sinks; the function's own locals get the closed-world answer (fallback
//                      edges, pass A), its parameters conditional summaries (pass B: the same walk
//                      without fallbacks, sinks as roots), resolved by each caller with its own
//                      sets; wrappers pass conditions on. The closed-world summary is kept for
//                      calls that cannot resolve conditions.
//   world              open: an unknown set sends the call's operands to the heap (gc's answer);
//                      closed: it targets every implementation among the converted types (every
//                      function used as a value with the call's arity), the heap when there is
//                      none. A missing method or an empty set is never "no target".
//   model=precise      a store through a pointer (*p = v, p.f = v, s[i] = v) whose points-to set is
//                      known (sets propagated like the type sets) flows into each pointee instead
//                      of the heap; unknown or empty sets go to the heap. What a parameter points
//                      to is one location of the callers' storage: a parameter stored into it is a
//                      summary flow "i into what j points to (level k)" that each static caller
//                      resolves against its argument j's set (other calls: the heap).
//   declared leaks     a body-less function's summary comes from ir_traits::declared_leaks, with
//                      conditions (context resolves them; other policies take them as heap leaks).
//
// -----------------------------------------------------------------------------------------------
// Where each rule lives (files under detail/engine/; docs/engine.md maps them to gc's files)
//
//   rule                                               where (file: functions)
//   function table, body-less functions' summaries     program.hpp: setup_functions,
//                                                        external_tags
//   call graph and batches (SCCs, bottom-up)           program.hpp: scan_references,
//                                                        build_batches
//   host contract (shapes, operands, types, gotos)     validate.hpp: check_statement,
//                                                        check_expression, check_value_fits,
//                                                        check_gotos
//   declared locals, static values, looping labels     prepass.hpp: prepass_function,
//                                                        static_callee, label_prepass
//   locations, holes, edges                            locations.hpp: new_loc, flow, tee, later,
//                                                        spill
//   statements (assign, return, loops, range, ...)     stmt.hpp: walk_function, do_stmt
//   expressions (addressing, allocations, boxes)       expr.hpp: do_expr
//   assignment targets, gc's self-assignment           assign.hpp: addr_of, is_self_assign
//   calls: summaries, in-batch flows, go and defer     call.hpp: do_call, summary_hole,
//                                                        do_go_defer
//   gc's static devirtualization                       call.hpp: gc_devirtualize
//   closure captures (by value up to 128 bytes)        batch.hpp: flow_closures
//   size limits, non-constant make                     batch.hpp: heap_alloc_reasons
//   who outlives whom (results, loop depth, closures)  solve.hpp: outlives
//   the walks, escaping, leaks into summaries          solve.hpp: walk_all, walk_one, leak_to,
//                                                        mark_escaping
//   possible targets, their call-graph edges           dispatch_targets.hpp: dispatch_setup,
//                                                        add_dispatch_edges, for_each_candidate
//   parameter sets from every caller (closed world)    dispatch_params.hpp: param_sets_setup,
//                                                        param_set_fallback
//   type and callee sets                               dispatch_facts.hpp: value_facts,
//                                                        record_fact, propagate_types
//   resolution rounds, the world's answer              dispatch_resolve.hpp: resolve_pending,
//                                                        resolve_element, resolve_unknown,
//                                                        apply_target
//   conditions (dispatch=context)                      dispatch_conditions.hpp: new_sink,
//                                                        add_fallback, conditional_pass,
//                                                        resolve_condition, leak_to_conditional
//   model=precise (its own table of rules)             precise.hpp: precise_store,
//                                                        precise_points_to, precise_value_fact, ...
//   tags, sites, parameters; the budget's give-up      finish.hpp: finish_batch, emit_parameters,
//                                                        give_up_batch, finalize_results
//   -m=2 explanations, notes, site names               explain.hpp: emit_explanation,
//                                                        describe_resolutions, site_name
//   one batch from start to finish                     batch.hpp: run
//   planted faults (tests only; their own table)       faults.hpp: fault_planted, fault_drops
// Generic layers: graph.hpp (digraph), lattice.hpp (deref_distance, shortest_flow, leak_summary,
// capped_set), solve.hpp (backward_walk, forward_fixpoint), scc.hpp (tarjan_scc); the one bounded
// walk over a host's trees is detail/engine/body_walk.hpp.
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
// Limits, none of which can lose a flow: analysis_options::batch_work_limit bounds the edge
// relaxations of one batch, and the dispatch resolution rounds are bounded (dispatch_resolve.hpp);
// beyond either, every site of the batch gets `heap` with reason `budget` and every parameter
// leaks. analysis_options::max_body_nodes bounds one body's statements and expressions: beyond it
// analyze() fails with errc::limit_exceeded naming the function. Every other table grows (or the
// analysis fails with errc::out_of_memory); a host's IR that breaks the contract (traits.hpp,
// detail/engine/validate.hpp) is errc::invalid_host_ir naming the node and its position.
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
#include "detail/engine/dispatch_params.hpp"
#include "detail/engine/dispatch_facts.hpp"
#include "detail/engine/dispatch_resolve.hpp"
#include "detail/engine/dispatch_conditions.hpp"
#include "detail/engine/dispatch_memory.hpp"
#include "detail/engine/precise.hpp"
#include "detail/engine/solve.hpp"
#include "detail/engine/explain.hpp"
#include "detail/engine/paths.hpp"
#include "detail/engine/finish.hpp"
#include "detail/engine/batch.hpp"
#include "detail/engine/cfg_build.hpp"
#include "results.hpp"
#include "traits.hpp"

namespace escapade {
namespace detail {
/// The options that ask for a feature this build compiled out (config.hpp: ESCAPADE_DYNAMIC_DISPATCH,
/// ESCAPADE_PRECISE_MODEL, ESCAPADE_EXPLAIN): errc::unsupported naming the macro, else success.
/// A CFG host resolves its indirect calls itself (dispatch has no effect on it), so only other
/// hosts are refused dispatch closed or context.
inline status compiled_out_request(const analysis_options& o, bool cfg_host) noexcept {
#if !ESCAPADE_DYNAMIC_DISPATCH
    if (!cfg_host && o.dispatch != dispatch::conservative)
        return status::error(errc::unsupported, "dispatch=closed/context is compiled out of this build (ESCAPADE_DYNAMIC_DISPATCH=0)");
#endif
#if !ESCAPADE_PRECISE_MODEL
    if (o.model == model::precise)
        return status::error(errc::unsupported, "model=precise is compiled out of this build (ESCAPADE_PRECISE_MODEL=0)");
#endif
#if !ESCAPADE_EXPLAIN
    if (o.explain || o.keep_graph)
        return status::error(errc::unsupported, "explain and keep_graph are compiled out of this build (ESCAPADE_EXPLAIN=0)");
#endif
    (void)o;
    (void)cfg_host;
    return status::success();
}
}  // namespace detail


/// Analyses every function of `program` and fills `out`. Returns ok, or an error (invalid host IR,
/// out of memory) with a message; `out` is then incomplete and must not be used.
template <class Program, class Traits = ir_traits<Program>>
status analyze(const Program& program, analysis_result<Program, Traits>& out, const analysis_options& options = {},
               memory_resource& mem = default_resource()) noexcept {
    if constexpr (check_ir_traits<Program, Traits>()) {
        status unsupported = detail::compiled_out_request(options, detail::is_cfg_host<Traits>::value);
        if (!unsupported.ok()) return unsupported;
#if ESCAPADE_WHOLE_PROGRAM_SETS
        if (options.world == world::closed && options.dispatch != dispatch::conservative && options.model == model::gc &&
            !detail::is_cfg_host<Traits>::value && options.memory_rounds > 0) {
            // Type sets through memory (detail/engine/dispatch_memory.hpp): whole-program rounds
            // until the sets a round collects are those it read.
            detail::memory_sets sets(mem);
            for (unsigned round = 0; round < options.memory_rounds; ++round) {
                detail::engine<Program, Traits> en(program, options, out, mem);
                en.set_memory(&sets);
                status st = en.run();
                if (!st.ok()) return st;
                if (sets.converged()) return st;
                if (!sets.advance()) return status::error(errc::out_of_memory, "memory sets");
            }
            // no fixpoint within the rounds: loads from memory are unknown
        }
        if (options.world == world::closed && options.dispatch != dispatch::conservative && options.model == model::gc &&
            !detail::is_cfg_host<Traits>::value && options.memory_rounds == 0 && options.caller_sets) {
            // no rounds: the one whole-program type flow (detail/engine/dispatch_params.hpp) gives
            // the sets of fields and globals that loads read
            detail::memory_sets sets(mem);
            detail::engine<Program, Traits> en(program, options, out, mem);
            en.set_memory(&sets);
            return en.run();
        }
#endif
        detail::engine<Program, Traits> en(program, options, out, mem);
        return en.run();
    } else {
        return status::error(errc::invalid_argument, "ir_traits specialisation is incomplete");
    }
}

}  // namespace escapade

#endif  // ESCAPADE_ANALYSIS_HPP
