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
//   a parameter points to whatever the callers pass: unknown   batch.hpp: run -> precise_parameter_fact
//   a concrete value boxed into an interface keeps its         dispatch_facts.hpp: propagate_types -> precise_boxed_transfer
//     pointees (not its dynamic types)
//   *p = v, p.f = v, s[i] = v: a pending store                 assign.hpp: addr_of -> precise_store
//   a store's value flows into every pointee; an unknown or     dispatch_resolve.hpp: resolve_pending -> resolve_store
//     empty set (once converged) or a parameter's: the heap
// and values of any type with pointers carry a set (engine.hpp: tracked_type). docs/models.md
// says what the model gains; tests/ir/precise/ and tests/regressions/precise-*.ir show each rule.
//
// Cost: O(1) per flow, fact and store while lowering; resolution with the pending calls.
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

/// A parameter with pointers points to whatever the callers pass: unknown storage.
template <class P, class T>
bool engine<P, T>::precise_parameter_fact(index_t l, type_ref t) noexcept {
    if (!T::type_has_pointers(p_, t)) return true;
    return b_.facts.push_back(fact{l, el_top}) || oom();
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
