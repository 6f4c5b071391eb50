// escapade/detail/engine/locations.hpp - locations and holes: the nodes of the graph and the contexts values flow into.
//
// gc's graph.go: a location stands for a variable, an allocation or a temporary; a hole is "where
// an expression's value goes" (a location and a dereference count); flow() records the edge
// hole.dst <- (derefs) src. tee, later and spill are gc's teeHole, later and spill. Notes on holes
// (with explain) say, for -m=2, which expression or statement a flow came from.
//
// Cost: every operation O(1) amortised (new_loc, flow: one node or edge appended).
#ifndef ESCAPADE_DETAIL_ENGINE_LOCATIONS_HPP
#define ESCAPADE_DETAIL_ENGINE_LOCATIONS_HPP

#include "engine.hpp"

namespace escapade::detail {

template <class P, class T>
index_t engine<P, T>::new_loc(loc_kind k, index_t fn, bool transient) noexcept {
    location l;
    l.kind = k;
    l.fn = fn;
    l.loop_depth = b_.loop_depth;
    l.transient = transient;
    index_t i = b_.graph.add_node(l);
    if (i == invalid_index) return oom(), invalid_index;
    if (!b_.loc_var.push_back(variable_ref{}) || !b_.loc_expr.push_back(expr_ref{}) || !b_.def_rhs.push_back(expr_ref{}) ||
        !b_.has_def.push_back(0))
        return oom(), invalid_index;
    return i;
}

/// explain: k with note n in front of its chain (n.next is k's previous chain).
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::with_note(hole k, const note& n) noexcept {
    if (!b_.notes.push_back(n)) return oom(), k;
    k.notes = static_cast<index_t>(b_.notes.size() - 1);
    return k;
}

template <class P, class T>
typename engine<P, T>::hole engine<P, T>::note_expr(hole k, expr_ref where, const char* why) noexcept {
    return explain_ ? with_note(k, note{k.notes, why, T::expression_position(p_, where), 0, where, stmt_ref{}, variable_ref{}}) : k;
}

template <class P, class T>
typename engine<P, T>::hole engine<P, T>::note_stmt(hole k, stmt_ref where, const char* why) noexcept {
    return explain_ ? with_note(k, note{k.notes, why, T::statement_position(p_, where), 1, expr_ref{}, where, variable_ref{}}) : k;
}

template <class P, class T>
typename engine<P, T>::hole engine<P, T>::note_var(hole k, variable_ref where, const char* why) noexcept {
    return explain_ ? with_note(k, note{k.notes, why, T::variable_position(p_, where), 2, expr_ref{}, stmt_ref{}, where}) : k;
}

/// x.(T): one dereference unless T is an interface or pointer-shaped.
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::dot_type(hole k, type_ref t, expr_ref where, const char* why) noexcept {
    if (T::type_kind_of(p_, t) != type_kind::interface && !T::type_pointer_shaped(p_, t)) k = shift(k, 1);
    return note_expr(k, where, why);
}

/// A location that flows into every hole (gc's teeHole). Holes must not take addresses.
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::tee(const hole* ks, std::size_t n) noexcept {
    std::size_t live = 0;
    const hole* only = nullptr;
    for (std::size_t i = 0; i < n; ++i) {
        live++;
        only = &ks[i];
    }
    if (live == 0) return discard_hole();
    if (live == 1) return *only;
    index_t t = new_loc(loc_kind::temp, b_.cur_fn, true);
    if (t == invalid_index) return discard_hole();
    for (std::size_t i = 0; i < n; ++i) {
        ESCAPADE_ASSERT(ks[i].derefs >= 0);
        flow(ks[i], t);
    }
    return loc_hole(t);
}

/// A location that flows into k "later" (gc's later(): keeps a temporary alive).
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::later(hole k) noexcept {
    index_t t = new_loc(loc_kind::temp, b_.cur_fn, false);
    if (t == invalid_index) return discard_hole();
    flow(k, t);
    return loc_hole(t);
}

/// A fresh location for allocating expression e; its address flows to k.
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::spill(hole k, expr_ref e, bool site) noexcept {
    index_t l = new_loc(site ? loc_kind::allocation : loc_kind::temp, b_.cur_fn, true);
    if (l == invalid_index) return discard_hole();
    if (site) {
        L(l).site = true;
        b_.loc_expr[l] = e;
    }
    flow(addr(k, e, "spill"), l);
    return loc_hole(l);
}

template <class P, class T>
index_t engine<P, T>::var_loc(variable_ref v) noexcept {
    const index_t* i = b_.var_loc.find(v);
    if (i) return *i;
    // A variable the pre-pass did not see declared (a host may omit declare statements): it
    // belongs to the function being walked, at loop depth 1 like gc's Dcl locations.
    index_t l = new_loc(loc_kind::variable, b_.cur_fn, false);
    if (l == invalid_index) return b_.heap;
    L(l).loop_depth = 1;
    L(l).vkind = T::variable_kind(p_, v);
    L(l).size = T::type_size(p_, T::variable_type(p_, v));
    b_.loc_var[l] = v;
    if (!b_.var_loc.insert(v, l)) return oom(), b_.heap;
    return l;
}

template <class P, class T>
void engine<P, T>::flow(hole k, index_t src) noexcept {
    if (!ok() || src == invalid_index || k.dst == invalid_index) return;
    if (k.addrtaken) L(src).addrtaken = true;
    index_t dst = k.dst;
    if (dst == b_.blank) return;
    if (dst == src && k.derefs >= 0) return;
    if (L(dst).escapes && k.derefs < 0) {
        std::uint8_t on_path = 0;
        if (!L(src).escapes) {
            escapade::reason why = dst == b_.heap ? (k.cause == reason::none ? reason::escapes : k.cause)
                                                : (L(dst).why == reason::none ? reason::escapes : L(dst).why);
            L(src).escapes = true;
            L(src).why = why;
            L(src).why_via = dst == b_.heap ? invalid_index : dst;
            L(src).why_callee = dst == b_.heap ? k.callee : L(dst).why_callee;
            if (explain_ && (L(src).site || L(src).kind == loc_kind::variable)) {
                record_direct_explanation(src, dst);
                on_path = edge_on_path;
            }
        }
        if (!context_) {
            // keep_graph: the graph still shows the flow
            flow_data kept{k.derefs, k.notes, k.cause, k.callee, static_cast<std::uint8_t>(k.flags | on_path), k.mem_set};
            if (keep_graph_ && !b_.dropped.push_back(dropped_flow{src, dst, kept})) oom();
            return;
        }  // pass B starts over from the edges, so keep this one
    }
    if (b_.graph.add_edge(src, dst, flow_data{k.derefs, k.notes, k.cause, k.callee, k.flags, k.mem_set}) == invalid_index) oom();
    // model=precise: dst holds src's address (points-to for stores through pointers)
    if (precise_ && k.derefs == -1 && dst != b_.heap) precise_points_to(dst, src);
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_LOCATIONS_HPP
