// escapade/detail/engine/solve.hpp - solving: which locations outlive which, the walks from each root.
//
// gc's solve.go: from every root that could make something escape (the heap, results, escaping
// locations, locations outlived by a deeper one), a backward walk (solve.hpp's backward_walk)
// computes the fewest dereferences from every location to it; a location whose address reaches a
// root that outlives it escapes, and a parameter reaching a root records a leak in its summary.
// Each location starts to escape at most once, so there are O(L) walks.
//
// Cost: O(L * E) in the worst case per batch, linear in practice.
#ifndef ESCAPADE_DETAIL_ENGINE_SOLVE_HPP
#define ESCAPADE_DETAIL_ENGINE_SOLVE_HPP

#include "engine.hpp"

namespace escapade::detail {

template <class P, class T>
bool engine<P, T>::outlives(index_t l, index_t other) const noexcept {
    const location& a = L(l);
    const location& b = L(other);
    if (a.escapes) return true;
    // What a parameter points to (model=precise) is the callers' storage: it outlives the function.
    if (a.kind == loc_kind::pointee) return true;
    // A conditional sink stands for an argument of a dynamic call's target: it keeps nothing beyond
    // the call by itself (what the target keeps flows on through fallback edges or conditions). It
    // belongs to the subject's function, not the call's, so neither loop depth nor closure nesting
    // applies to it.
    if (a.kind == loc_kind::sink) return false;
    if (a.kind == loc_kind::variable && a.vkind == var_kind::result) {
        // A directly called closure may return locations of its enclosing function.
        if (contains_closure(b.fn, a.fn) && fns_[a.fn].closure_called) return false;
        return true;
    }
    if (a.fn == b.fn && outlives_iteration(a, b) && !fault_planted(unsound_fault::no_loop_depth)) return true;
    if (contains_closure(a.fn, b.fn)) return true;
    return false;
}

template <class P, class T>
escapade::reason engine<P, T>::reason_from_root(index_t root, escapade::reason walked_cause) const noexcept {
    const location& r = L(root);
    if (root == b_.heap) return walked_cause == reason::none ? reason::escapes : walked_cause;
    if (r.escapes) return r.why == reason::none ? reason::escapes : r.why;
    if (r.kind == loc_kind::variable && r.vkind == var_kind::result) return reason::returned;
    if (r.kind == loc_kind::pointee) return reason::stored_through_pointer;
    return reason::loop_iteration;  // refined by the caller (loop depth vs enclosing function)
}

template <class P, class T>
void engine<P, T>::leak_to(index_t l, index_t sink, std::int32_t derefs) noexcept {
    location& ll = L(l);
    const location& s = L(sink);
    if (!s.escapes && s.kind == loc_kind::variable && s.vkind == var_kind::result && s.fn == ll.fn) {
        // a summary names the first max_results results; a flow to a later one is summarised as
        // a flow to the heap (never dropped)
        if (s.result_index >= 1 && s.result_index <= static_cast<index_t>(leak_summary::max_results)) {
            ll.param_esc.add_result(static_cast<int>(s.result_index - 1), derefs);
            return;
        }
    }
    // model=precise: into what a parameter of the same function points to, a summary flow that
    // each caller resolves (precise.hpp); into another function's, the heap
    if (precise_ && s.kind == loc_kind::pointee && precise_store_flow(l, sink, derefs)) return;  // (pointees: model=precise only)
    ll.param_esc.add_heap(derefs);
}

template <class P, class T>
void engine<P, T>::mark_escaping(index_t l, index_t root, escapade::reason why, index_t callee) noexcept {
    location& loc = L(l);
    loc.escapes = true;
    if (b_.pass == 1) {
        // conditional pass: only remember whether this escape happened through a conditional sink
        const location& r = L(root);
        loc.cond_root = r.kind == loc_kind::sink ? root : (root != b_.heap && r.escapes) ? r.cond_root : invalid_index;
        return;
    }
    loc.why = why;
    loc.why_via = (root == b_.heap || !L(root).escapes) ? invalid_index : root;
    loc.why_callee = root == b_.heap ? callee : L(root).escapes ? L(root).why_callee : invalid_index;
    if (explain_ && (loc.site || loc.kind == loc_kind::variable)) record_explanation(l, root);
}

template <class P, class T>
bool engine<P, T>::walk_one(index_t root) noexcept {
    struct policy {
        engine* en;
        index_t root;
        walk_value initial() const noexcept { return walk_value::at(0, walk_info{}); }
        walk_value extend(const walk_value& v, const flow_data& e) const noexcept {
            // the first reason on the path stays; an address clamped to a value, or an inexact
            // edge, makes the level a bound only
            bool exact = v.info.exact && v.distance.value >= 0 && !(e.flags & edge_inexact);
            if (v.info.cause != reason::none) return v.extend(e.derefs, walk_info{v.info.cause, v.info.callee, exact});
            return v.extend(e.derefs, walk_info{e.cause, e.callee, exact});
        }
        bool follow(const flow_data& e) const noexcept { return !(en->b_.pass == 1 && (e.flags & edge_fallback)); }
        bool skip(index_t src) const noexcept { return en->L(src).escapes; }
        bool visit(index_t l, const walk_value& v) noexcept {
            std::int32_t derefs = v.distance.value;
            bool address_of = derefs < 0;
            if (address_of) derefs = 0;  // "root = &l; l = x": x's value, not its address, flows to root
            if (!en->outlives(root, l)) return true;
            location& loc = en->L(l);
            if (loc.kind == loc_kind::variable && loc.vkind == var_kind::param) {
                if (en->context_ && en->b_.pass == 1) en->leak_to_conditional(l, root, derefs, v.info.exact);
                else en->leak_to(l, root, derefs);
            }
            if (address_of && !loc.escapes) {
                escapade::reason why = en->reason_from_root(root, v.info.cause);
                const location& r = en->L(root);
                if (root != en->b_.heap && !r.escapes && !(r.kind == loc_kind::variable && r.vkind == var_kind::result) &&
                    r.kind != loc_kind::pointee)
                    why = (r.fn == loc.fn && en->outlives_iteration(r, loc)) ? reason::loop_iteration : reason::enclosing_variable;
                en->mark_escaping(l, root, why, v.info.callee);
                if (!loc.queued) {
                    loc.queued = true;
                    if (!en->b_.todo.push_back(l)) en->oom();
                }
                return false;  // l will be walked as an escaping root
            }
            return true;
        }
    };
    policy pol{this, root};
    std::uint64_t before = b_.walk.relaxations();
    if (!backward_walk(b_.graph, root, b_.walk, pol)) return oom();
    b_.relaxations += b_.walk.relaxations() - before;
    ++out_.mutable_stats().walks;
    return ok();
}

template <class P, class T>
bool engine<P, T>::walk_all() noexcept {
    // Walk from every location that could make something escape, heap first; re-walk a location
    // when it starts to escape. Each location escapes at most once: O(locations) walks.
    // Max loop depth per function prunes walks from roots that outlive nothing.
    for (index_t l = 0; l < b_.graph.node_count(); ++l) {
        const location& loc = L(l);
        // A CFG host's SSA values never outlive an iteration by depth (cfg_build.hpp): only storage counts.
        if (is_cfg && loc.kind != loc_kind::allocation) continue;
        if (loc.fn != invalid_index && loc.loop_depth > fns_[loc.fn].max_depth) fns_[loc.fn].max_depth = loc.loop_depth;
    }
    b_.todo.clear();
    for (index_t l = b_.graph.node_count(); l > 0; --l) {
        index_t i = l - 1;
        if (i == b_.heap || i == b_.blank) continue;
        L(i).queued = true;
        if (!b_.todo.push_back(i)) return oom();
    }
    std::reverse(b_.todo.begin(), b_.todo.end());
    L(b_.heap).queued = true;
    if (!b_.todo.push_back(b_.heap)) return oom();
    while (!b_.todo.empty() && ok()) {
        index_t root = b_.todo.back();
        b_.todo.pop_back();
        location& r = L(root);
        r.queued = false;
        bool worth = root == b_.heap || r.escapes || (r.kind == loc_kind::variable && r.vkind == var_kind::result) ||
                     r.kind == loc_kind::pointee;
        if (!worth && r.fn != invalid_index) {
            if constexpr (is_cfg) worth = r.scoped && fns_[r.fn].max_depth > 1;  // storage or a header phi, loops with allocations
            else worth = r.loop_depth < fns_[r.fn].max_depth || fns_[r.fn].has_closures;
        }
        if (!worth) continue;
        if (!walk_one(root)) return false;
        if (opt_.batch_work_limit != 0 && b_.relaxations > opt_.batch_work_limit) {
            b_.budget_exceeded = true;
            return ok();
        }
    }
    return ok();
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_SOLVE_HPP
