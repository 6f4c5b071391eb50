// escapade/detail/engine/dispatch_conditions.hpp - dispatch=context: conditional sinks and summaries.
//
// A dynamic call on a parameter q sends its arguments into conditional sinks; the function's own
// locals get the closed-world answer through fallback edges (pass A), its parameters a conditional
// summary (pass B: the same walk without fallback edges, the sinks as roots); each caller resolves
// the conditions with its own argument's set (resolve_condition), wrappers passing them on.
//
// Cost: pass B one more walk_all per batch with sinks; resolve_condition O(targets) per element.
#ifndef ESCAPADE_DETAIL_ENGINE_DISPATCH_CONDITIONS_HPP
#define ESCAPADE_DETAIL_ENGINE_DISPATCH_CONDITIONS_HPP

#include "engine.hpp"

namespace escapade::detail {

/// Pass B: a parameter reaching a conditional sink (or a location that escapes only into one)
/// gets a conditional flow when the sink belongs to its own function.
template <class P, class T>
void engine<P, T>::leak_to_conditional(index_t l, index_t root, std::int32_t derefs, bool exact) noexcept {
    const location& r = L(root);
    index_t s = r.kind == loc_kind::sink ? root : r.cond_root;
    if (s == invalid_index) {
        leak_to(l, root, derefs);
        return;
    }
    const sink_info& si = b_.sinks[L(s).sink];
    location& ll = L(l);
    if (si.fn != ll.fn) {
        // A condition on another function's parameter (a sink of a function of this batch, reached
        // through an argument passed inside the batch): no caller of l's function resolves it, so
        // it is a leak, at the level the walk found when the flow is exact. The sink's targets
        // keep their argument at some level >= 0, so l leaks at `derefs` or more: directly (root
        // is the sink), or through a root that escapes only into the sink, whose worst case is
        // escaping as in pass A, where l leaks at `derefs` (leak_to). Through an inexact flow (an
        // address of something holding l) the level is unknown: 0. Before, every such flow
        // leaked at level 0: go/types' sprintf leaked its `args` under context, where gc and
        // closed leak only their content (804 of the 836 sites context lost on the real programs).
        ll.param_esc.add_heap(exact ? derefs : 0);
        return;
    }
    bool direct = r.kind == loc_kind::sink;
    cond_leak c{si.subject, si.method, si.arg, direct ? derefs : 0, direct && exact};
    if (!b_.found_conds.push_back(found_cond{ll.param, c})) oom();
}

/// Applies one element of the set of a condition's subject at a call of a function with
/// conditional summaries (dispatch=context): the condition "parameter leaks if method c.method of
/// the subject's dynamic type keeps argument c.arg" with the argument `from` passed here.
template <class P, class T>
bool engine<P, T>::resolve_condition(const cond_leak& c, index_t from, std::uint32_t el) noexcept {
    bool value_call = c.method.empty();
    auto apply = [&](index_t g, bool deref) {
        std::int32_t extra = (!value_call && c.arg == 0 && deref) ? 1 : 0;
        const fn_info& gi = fns_[g];
        if (c.arg >= gi.params_count) {
            flow(heap_hole(reason::dynamic_call), from);
            return;
        }
        if (in_batch(g)) {
            // where the inner call's results go is not known here: a target with pointer results
            // may pass the argument on through them. It keeps the argument at some level >= 0 at
            // worst, so what reaches it exactly after c.derefs dereferences leaks at that level
            // (before: at level 0, so go/types' (*Checker).sprintf leaked its args whole through
            // sprintf's condition on qf, resolved to its method value check.qualifier, a literal
            // of its own batch returning a string)
            bool pointer_results = false;
            for (index_t r = 0; r < gi.results_count; ++r) pointer_results = pointer_results || params_[gi.results_first + r].has_pointers;
            if (c.exact && !pointer_results) flow(shift(loc_hole(var_loc(params_[gi.params_first + c.arg].var)), c.derefs + extra), from);
            else flow(shift(heap_hole(reason::leaked_by_callee, g), c.exact ? c.derefs + extra : 0), from);
            return;
        }
        if (!gi.tagged) {
            // analysed in a later batch (a cycle through dynamic calls): its worst summary
            flow(heap_hole(reason::leaked_by_callee, g), from);
            return;
        }
        const leak_summary& t = params_[gi.params_first + c.arg].fallback;
        int lvl = t.heap();
        for (int r = 0; r < leak_summary::max_results; ++r)
            if (t.result(r) >= 0 && (lvl < 0 || t.result(r) < lvl)) lvl = t.result(r);
        if (lvl < 0) return;  // the target keeps nothing of this argument
        std::int32_t level = c.exact ? c.derefs + lvl + extra : 0;
        flow(shift(heap_hole(reason::leaked_by_callee, g), level), from);
    };
    auto unknown = [&]() -> bool {
        // the arity of the inner call is unknown here: every function value is a candidate
        std::size_t candidates = 0;
        if (!for_each_candidate(value_call, c.method, invalid_index, &candidates, apply)) return false;
        if (candidates == 0) flow(heap_hole(reason::dynamic_call), from);
        return ok();
    };
    if (el == el_top) return unknown();
    std::uint32_t kind = el & el_kind_mask, idx = el & el_index_mask;
    if (kind == el_loc || kind == (value_call ? el_type : el_func)) return ok();  // not a target (names_targets)
    if (kind == el_type && !value_call) {
        impl_t im;
        if (resolve_method(idx, c.method, &im)) apply(im.fn, im.deref);
        else flow(heap_hole(reason::dynamic_call), from);
        return ok();
    }
    if (kind == el_func && value_call) {
        apply(idx, false);
        return ok();
    }
    if (kind == el_param && context_) {
        // a wrapper: the condition becomes the caller's own, on its parameter
        const param_info& sp = params_[idx];
        index_t owner = sp.fn;
        index_t sink = new_sink(owner, idx - fns_[owner].params_first, c.method, c.arg);
        if (sink == invalid_index) return false;
        hole h = loc_hole(sink);
        if (c.exact) h = shift(h, c.derefs);
        else h.flags |= edge_inexact;
        flow(h, from);
        // The inner call's results are not this call's: where they go is unknown here, so a
        // target's result flows count as heap flows. Its arity is unknown too.
        hole rh[leak_summary::max_results];
        for (hole& h2 : rh) h2 = heap_hole(reason::dynamic_call);
        return add_fallback(sink, result_holes{rh, leak_summary::max_results}, c.method, value_call, c.arg, invalid_index);
    }
    return unknown();  // el_param without dispatch=context
}

template <class P, class T>
index_t engine<P, T>::new_sink(index_t fn, index_t subject, std::string_view method, index_t arg) noexcept {
    index_t l = new_loc(loc_kind::sink, fn, false);
    if (l == invalid_index) return l;
    L(l).sink = static_cast<index_t>(b_.sinks.size());
    L(l).reported = false;
    if (!b_.sinks.push_back(sink_info{fn, subject, method, arg})) return oom(), invalid_index;
    if (!b_.tsets.push_back(type_set::bottom())) return oom(), invalid_index;
    return l;
}

/// Stand-in for a conditional sink in pass A (what a local reaching it must assume): with a closed
/// world, every candidate target's summary; with an open world, or when the program has no
/// candidate at all, the heap. nargs == invalid_index: the arity of the call is not known (every
/// function value is a candidate).
template <class P, class T>
bool engine<P, T>::add_fallback(index_t from, result_holes ks, std::string_view method, bool value_call, index_t arg,
                                index_t nargs) noexcept {
    auto emit = [&](hole h) {
        h.flags |= edge_fallback;
        flow(h, from);
    };
    auto apply = [&](index_t g, bool deref) {
        emit(summary_hole(ks, g, arg, summary_use::fallback, arg == 0 && deref ? 1 : 0));
        if (arg == 0) batch_results(ks, g);
    };
#if ESCAPADE_WHOLE_PROGRAM_SETS
    // the subject parameter's set from every caller, when known (closed world, dispatch_params.hpp)
    if (const type_set* known = param_set_of_sink(from)) {
        bool heap = false;
        if (param_set_fallback(*known, value_call, method, nargs, &heap, apply)) {
            if (heap) emit(heap_hole(reason::dynamic_call));
            return ok();
        }
    }
#endif
    std::size_t candidates = 0;
    if (!for_each_candidate(value_call, method, nargs, &candidates, apply)) return false;
    if (candidates == 0) emit(heap_hole(reason::dynamic_call));
    return ok();
}

/// dispatch=context, pass B: the same graph without fallback edges, the conditional sinks as roots.
/// Parameters reaching a sink get conditional flows; their unconditional flows are their tags.
template <class P, class T>
bool engine<P, T>::conditional_pass() noexcept {
    b_.pass = 1;
    b_.found_conds.clear();
    for (index_t l = 0; l < b_.graph.node_count(); ++l) {
        location& loc = L(l);
        if (l == b_.heap) continue;
        loc.escaped_in_pass_a = loc.escapes;
        loc.escapes = loc.kind == loc_kind::sink;
        loc.cond_root = loc.kind == loc_kind::sink ? l : invalid_index;
        loc.queued = false;
        loc.param_esc = leak_summary::bottom();
    }
    b_.relaxations = 0;
    b_.budget_exceeded = false;
    if (!walk_all()) return false;
    b_.pass = 0;
    return ok();
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_DISPATCH_CONDITIONS_HPP
