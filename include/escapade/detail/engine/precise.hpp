// escapade/detail/engine/precise.hpp - model=precise: every rule it adds to gc's, in one place.
//
// gc sends every store through a pointer to the heap. model=precise follows a store whose pointer's
// pointees are all known: it keeps, per location, a points-to set (capped_set elements el_loc | L,
// propagated along 0-dereference edges with the dispatch sets, dispatch_facts.hpp) and lets the
// stored value flow into each pointee. The rules, and where the engine applies them:
//
//   rule                                                       applied from
//   p = &L adds L to p's set                                   locations.hpp: flow -> precise_points_to
//   &G, &G.f (a global has no location), a pointer made from   dispatch_facts.hpp: value_facts -> precise_value_fact
//     a scalar, append's result: unknown storage
//   a parameter points to whatever the callers pass: its        batch.hpp: run -> precise_parameter_fact
//     pointee location (interfaces, functions, CFG hosts:
//     unknown)
//   a parameter reaching its own function's parameter's        solve.hpp: leak_to -> precise_store_flow
//     pointee: a store flow "i into what j points to at
//     level k" in i's summary (another function's: the heap)
//   store flows kept per parameter (cap 4, more: the heap);    finish.hpp: finish_batch -> precise_summarise_stores,
//     the tags count them as heap flows, `direct` does not        precise_apply_stores
//   a static call of a summarised callee with store flows:     call.hpp: do_call -> precise_call_stores
//     a pending store of argument i into argument j's pointees
//     (dynamic calls, go/defer, conditions: the tags, i.e. heap)
//   a concrete value boxed into an interface keeps its         dispatch_facts.hpp: propagate_types -> precise_boxed_transfer
//     pointees (not its dynamic types)
//   *p = v, p.f = v, s[i] = v: a pending store                 assign.hpp: addr_of -> precise_store
//   a store's value flows into every pointee; an unknown or     dispatch_resolve.hpp: resolve_pending -> resolve_store
//     empty set (once converged) or a parameter's: the heap
// and values of any type with pointers carry a set (engine.hpp: tracked_type). docs/models.md
// says what the model gains; tests/ir/precise/ and tests/regressions/precise-*.ir show each rule.
//
// A parameter's pointee location outlives every location of its function (solve.hpp: outlives),
// so a local stored into it escapes (reason stored_through_pointer), and only the function's own
// parameters reaching it become summary flows.
//
// Cost: O(1) per flow, fact and store while lowering; resolution with the pending calls; per call
// of a callee with store flows O(arguments + store flows); per batch O(parameters x store flows).
#ifndef ESCAPADE_DETAIL_ENGINE_PRECISE_HPP
#define ESCAPADE_DETAIL_ENGINE_PRECISE_HPP

#include "engine.hpp"

namespace escapade::detail {

/// dst = &src: src is one of dst's pointees. A location beyond the element index range has no
/// element of its own: dst then points to unknown storage (never "to nothing").
template <class P, class T>
bool engine<P, T>::precise_points_to(index_t dst, index_t src) noexcept {
    return b_.facts.push_back(fact{dst, src <= el_index_mask ? el_loc | src : el_top}) || oom();
}

/// The facts model=precise adds for a value flowing into k; *decided: value_facts has nothing to
/// add. A global has no location, so `&G` (also &G.f, &G[i]) adds none to the pointer's points-to
/// set: it points to unknown storage (found by the soundness oracle: `p := &G; *p = &x` must send
/// x to the heap, tests/regressions/precise-store-through-address-of-global.ir). A pointer made
/// from a scalar (uintptr -> unsafe.Pointer) points to unknown storage too.
template <class P, class T>
bool engine<P, T>::precise_value_fact(hole k, expr_ref e, expr_kind kind, bool* decided) noexcept {
    *decided = false;
    if (k.dst == b_.blank || k.dst == b_.heap || k.dst == invalid_index) return true;
    if (k.derefs < 0 && kind == expr_kind::var && T::variable_kind(p_, T::referenced_variable(p_, e)) == var_kind::global) {
        *decided = true;
        return b_.facts.push_back(fact{k.dst, el_top}) || oom();
    }
    if (k.derefs != 0 || kind != expr_kind::convert) return true;
    type_ref t = T::expression_type(p_, e);
    type_kind tk = T::type_kind_of(p_, t);
    if (tk == type_kind::interface || tk == type_kind::func || !tracked_type(t)) return true;
    *decided = true;
    for (auto&& o : T::expression_operands(p_, e)) {
        if (!T::type_has_pointers(p_, T::expression_type(p_, o))) record_fact(k, el_top);
        break;
    }
    return ok();
}

/// What crosses an edge that boxes a concrete value into an interface: not its dynamic types (the
/// interface's is the value's static type), but what it points to.
template <class P, class T>
bool engine<P, T>::precise_boxed_transfer(const type_set& at_src, type_set* out) noexcept {
    if (at_src.top) {
        *out = type_set::unknown();
        return true;
    }
    type_set only = type_set::bottom();
    for (std::uint32_t el : at_src)
        if ((el & el_kind_mask) == el_loc) only.insert(el);
    *out = only;
    return true;
}

/// A parameter with pointers points to whatever the callers pass. When that is only storage (the
/// type is no interface or function, which carry dynamic types and functions too, and the host is
/// a tree host), it is one location standing for the callers' storage (loc_kind::pointee), so a
/// store into it becomes a summary flow (leak_to -> precise_store_flow) that each caller resolves
/// against its own argument (precise_call_stores); otherwise unknown storage. pidx: params_ index.
template <class P, class T>
bool engine<P, T>::precise_parameter_fact(index_t l, type_ref t, index_t pidx) noexcept {
    if (!T::type_has_pointers(p_, t)) return true;
    type_kind tk = T::type_kind_of(p_, t);
    if (is_cfg || tk == type_kind::interface || tk == type_kind::func) return b_.facts.push_back(fact{l, el_top}) || oom();
    index_t pt = new_loc(loc_kind::pointee, L(l).fn, false);
    if (pt == invalid_index) return false;
    L(pt).pointee_of = pidx;
    L(pt).reported = false;
    return precise_points_to(l, pt);
}

/// leak_to: the parameter at param_loc reaches `pointee` (what a parameter points to) after
/// `derefs` dereferences. True: recorded as a summary flow "into what that parameter points to"
/// (pass A; pass B walks the same store edges and leaves the record as it is); false: a pointee of
/// another function's parameter (reached inside a batch), which no caller of this parameter's
/// function resolves: the caller records a flow to the heap.
template <class P, class T>
bool engine<P, T>::precise_store_flow(index_t param_loc, index_t pointee, std::int32_t derefs) noexcept {
    const location& ll = L(param_loc);
    const location& pt = L(pointee);
    if (pt.fn != ll.fn || ll.param == invalid_index || pt.pointee_of == invalid_index) return false;
    if (b_.pass == 1) return true;
    index_t into = pt.pointee_of - fns_[ll.fn].params_first;
    if (!b_.found_stores.push_back(store_flow{ll.param, into, derefs})) oom();
    return true;
}

/// After a batch's parameter tags are set (pass A): each parameter's store flows, at most
/// max_param_stores per parameter (beyond that, and under the budget's give-up, a flow to the heap
/// at its level), into stores_, and the tags through precise_apply_stores. Cost: O(parameters x
/// found flows) per batch.
template <class P, class T>
bool engine<P, T>::precise_summarise_stores(index_t f) noexcept {
    const fn_info& fi = fns_[f];
    for (index_t i = 0; i < fi.params_count; ++i) {
        index_t pidx = fi.params_first + i;
        param_info& pi = params_[pidx];
        pi.stores_first = static_cast<index_t>(stores_.size());
        pi.stores_count = 0;
        pi.stores_heap = leak_summary::bottom();
        pi.stores_capped = leak_summary::bottom();
        if (precise_ && !b_.budget_exceeded && pi.has_pointers && pi.named) {
            for (const store_flow& sf : b_.found_stores) {
                if (sf.param != pidx) continue;
                pi.stores_heap.add_heap(sf.derefs);
                bool merged = false;
                for (index_t k = pi.stores_first; k < stores_.size(); ++k) {
                    if (stores_[k].into != sf.into) continue;
                    if (sf.derefs < stores_[k].derefs) stores_[k].derefs = sf.derefs;
                    merged = true;
                }
                if (merged) continue;
                if (pi.stores_count == max_param_stores) {
                    pi.stores_capped.add_heap(sf.derefs);  // the cap: degrades to the heap
                    continue;
                }
                if (!stores_.push_back(store_flow{pidx, sf.into, sf.derefs})) return oom();
                ++pi.stores_count;
            }
        }
        precise_apply_stores(pi, pi.tag);
        pi.fallback = pi.tag;
    }
    return ok();
}

/// A parameter's tags from its walked summary `esc` (pass A, or pass B's unconditional flows):
/// `direct` is esc with the flows beyond the cap, `tag` esc with every store flow counted as a
/// flow to the heap at its level (what every caller that does not resolve them reads). A
/// parameter that leaks whole anyway keeps no store flow.
template <class P, class T>
void engine<P, T>::precise_apply_stores(param_info& pi, leak_summary esc) noexcept {
    pi.direct = esc;
    pi.direct.join(pi.stores_capped);
    pi.direct.optimize();
    esc.join(pi.stores_heap);
    esc.optimize();
    pi.tag = esc;
    if (pi.direct.heap() == 0) pi.stores_count = 0;
}

/// A static call of fn (outside this batch, summarised) some of whose parameters flow into what
/// others point to: argument j is also evaluated into a temporary whose points-to set names the
/// pointees, and each store flow (i into j at level k) becomes a pending store (precise_store's
/// kind) of argument i, k dereferences down, into them: resolved like `*argj = argi` in the
/// caller (resolve_store: into every known pointee, the caller's own parameters' pointees making
/// store flows of the caller in turn; unknown: the heap). The other flows come from the summary
/// without the store flows.
/// Pushes the argument tasks in order (do_call reverses them). Cost: O(arguments + store flows).
template <class P, class T>
bool engine<P, T>::precise_call_stores(result_holes ks, expr_ref call, index_t fn, const vector<expr_ref>& args, std::size_t first_arg) noexcept {
    const fn_info& fi = fns_[fn];
    vector<index_t> ptrs(mem_);
    if (!ptrs.resize(fi.params_count, invalid_index)) return oom();
    for (index_t i = 0; i < fi.params_count; ++i) {
        const param_info& pi = params_[fi.params_first + i];
        for (index_t s = 0; s < pi.stores_count; ++s) {
            index_t j = stores_[pi.stores_first + s].into;
            if (j >= fi.params_count || ptrs[j] != invalid_index) continue;
            ptrs[j] = new_loc(loc_kind::temp, b_.cur_fn, false);
            if (ptrs[j] == invalid_index) return false;
        }
    }
    for (index_t i = 0; i < fi.params_count; ++i) {
        const param_info& pi = params_[fi.params_first + i];
        hole hs[2 + max_param_stores];
        std::size_t n = 0;
        hs[n++] = summary_hole(ks, fn, i, summary_use::automatic, 0, true);
        if (ptrs[i] != invalid_index) hs[n++] = note_expr(loc_hole(ptrs[i]), call, "argument whose pointees the callee stores into");
        for (index_t s = 0; s < pi.stores_count; ++s) {
            const store_flow& sf = stores_[pi.stores_first + s];
            ESCAPADE_ASSERT(n < sizeof hs / sizeof hs[0] && sf.into < fi.params_count);
            index_t v = new_loc(loc_kind::temp, b_.cur_fn, false);
            if (v == invalid_index) return false;
            pending_call pc;
            pc.kind = pending_kind::store;
            pc.call = call;
            pc.fn = b_.cur_fn;
            pc.subject = ptrs[sf.into];
            pc.args_first = static_cast<index_t>(b_.pending_locs.size());
            pc.args_count = 1;
            if (!b_.pending_locs.push_back(v) || !b_.pending.push_back(pc)) return oom();
            hs[n++] = fault_drops(unsound_fault::ignore_pointee_stores,
                                  shift(note_expr(loc_hole(v), call, "stored by the callee into what an argument points to"), sf.derefs));
        }
        if (!push_expr(note_expr(tee(hs, n), call, "call parameter"), args[first_arg + i])) return false;
    }
    return ok();
}

/// model=precise: `*p = v`, `p.f = v`, `s[i] = v`. The pointer is evaluated into a temporary whose
/// points-to set (the locations whose address reaches it, propagated like type sets) decides where
/// the value goes: into each pointee when all are known, else to the heap as in gc.
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::precise_store(expr_ref ptr, expr_ref target) noexcept {
    index_t p = new_loc(loc_kind::temp, b_.cur_fn, false);
    index_t v = new_loc(loc_kind::temp, b_.cur_fn, false);
    if (p == invalid_index || v == invalid_index) return discard_hole();
    pending_call pc;
    pc.kind = pending_kind::store;
    pc.call = target;
    pc.fn = b_.cur_fn;
    pc.subject = p;
    pc.args_first = static_cast<index_t>(b_.pending_locs.size());
    pc.args_count = 1;
    if (!b_.pending_locs.push_back(v) || !b_.pending.push_back(pc)) return oom(), discard_hole();
    push_expr(note_expr(loc_hole(p), target, "store target"), ptr);
    return loc_hole(v);
}

/// A pending store's resolution: every pointee gets the value; an unknown pointer sends it to the
/// heap (gc's rule), and so does one that points nowhere once the sets have converged, or to what a
/// caller passes.
template <class P, class T>
bool engine<P, T>::resolve_store(const pending_call& pc, resolution_round& rr) noexcept {
    std::uint64_t slot = rr.slot++;
    const type_set set = b_.tsets[pc.subject];
    index_t value = b_.pending_locs[pc.args_first];
    bool unknown = set.top;
    bool pointees = false;
    for (std::uint32_t el : set) {
        unknown = unknown || (el & el_kind_mask) == el_param;
        pointees = pointees || (el & el_kind_mask) == el_loc;
    }
    if (unknown || (b_.empty_as_unknown && !pointees)) {
        int r = apply_once(rr, slot, el_top);
        if (r > 0) flow(heap_hole(reason::stored_through_pointer), value);
        return r >= 0;
    }
    for (std::uint32_t el : set) {
        if ((el & el_kind_mask) != el_loc) continue;
        int r = apply_once(rr, slot, el);
        if (r < 0) return false;
        if (r > 0) flow(loc_hole(el & el_index_mask), value);
    }
    return true;
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_PRECISE_HPP
