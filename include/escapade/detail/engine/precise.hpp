// escapade/detail/engine/precise.hpp - model=precise: the rules it adds to gc's.
//
// model=precise follows stores through pointers whose pointees are all known: a store *p = v,
// p.f = v or s[i] = v evaluates p into a temporary whose points-to set (propagated like type sets)
// decides where v goes.
//
// Cost: O(1) per store while lowering; resolution with the pending calls.
#ifndef ESCAPADE_DETAIL_ENGINE_PRECISE_HPP
#define ESCAPADE_DETAIL_ENGINE_PRECISE_HPP

#include "engine.hpp"

namespace escapade::detail {

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

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_PRECISE_HPP
