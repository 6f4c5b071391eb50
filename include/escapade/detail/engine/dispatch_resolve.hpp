// escapade/detail/engine/dispatch_resolve.hpp - dispatch: resolving pending calls with the sets.
//
// Rounds of propagation and resolution until nothing is new: each (call, element of its set) is
// applied once; a known type or function applies that target's summary, an unknown set the
// closed-world answer or the heap (analysis_options::world). Sets only grow, so the rounds are
// bounded (checked: beyond the bound the batch gets the conservative answer, reason `budget`).
//
// Cost: O(rounds x (propagation + pending calls x elements)); rounds <= 3 + 10 x slots.
#ifndef ESCAPADE_DETAIL_ENGINE_DISPATCH_RESOLVE_HPP
#define ESCAPADE_DETAIL_ENGINE_DISPATCH_RESOLVE_HPP

#include "engine.hpp"

namespace escapade::detail {

/// Whether a set names possible targets of a method call (dynamic types, callers' parameters) or
/// of a function-value call (functions, callers' parameters). A set holds more than that: a value
/// holding functions or interfaces carries their sets too (F(keep) converted to an interface
/// carries keep), and with model=precise what its data points to; those elements are not targets.
template <class P, class T>
bool engine<P, T>::names_targets(const type_set& set, bool value_call) noexcept {
    if (set.top) return true;
    for (std::uint32_t el : set) {
        std::uint32_t kind = el & el_kind_mask;
        if (kind == el_param || kind == (value_call ? el_func : el_type)) return true;
    }
    return false;
}

/// Rounds: propagate the sets, apply each (slot, element) pair not applied before, until no pair
/// is new. A slot is a dynamic call, a condition at a call, or a store (model=precise); the slots
/// are numbered in the same order every round. Once nothing changes, the sets have converged: a
/// slot whose set is still empty is then treated as unknown (nothing proves the value nil), which
/// may add flows, so rounds go on. Every new pair is one more entry in `applied`, and a slot sees
/// at most capped_set's capacity plus two distinct elements (its set grows, then becomes unknown):
/// the rounds are bounded by that many per slot. The bound is checked; exceeding it (a bug) gives
/// up the batch (reason `budget`), never success with work pending.
template <class P, class T>
bool engine<P, T>::resolve_pending() noexcept {
    resolution_round rr(mem_);
    b_.empty_as_unknown = false;
    std::uint64_t slots = 0;
    for (std::uint64_t round = 0;; ++round) {
        if (round > 3 + (type_set::capacity + 2) * slots) {
            b_.budget_exceeded = true;
            return ok();
        }
        if (!propagate_types()) return false;
        rr.added = false;
        rr.slot = 0;
        for (index_t pi = 0; pi < b_.pending.size(); ++pi) {
            const pending_call pc = b_.pending[pi];
            b_.cur_fn = pc.fn;
            bool resolved = pc.kind == pending_kind::conditions ? resolve_conditions_at(pc, rr)
                            : pc.kind == pending_kind::store    ? resolve_store(pc, rr)
                                                                : resolve_call(pc, rr);
            if (!resolved) return false;
        }
        slots = rr.slot;
        if (!rr.added) {
            if (b_.empty_as_unknown) return ok();
            b_.empty_as_unknown = true;
        }
    }
}

/// 1 when (slot, el) was not applied before (it is now recorded as applied), 0 when it was, -1 when
/// memory ran out.
template <class P, class T>
int engine<P, T>::apply_once(resolution_round& rr, std::uint64_t slot, std::uint32_t el) noexcept {
    bool inserted = false;
    if (!rr.applied.insert((slot << 32) | el, 1, &inserted)) return oom(), -1;
    if (inserted) rr.added = true;
    return inserted ? 1 : 0;
}

/// A method or function-value call: each element of its receiver's (function value's) set, or
/// "unknown" when the set is unknown or, once the sets have converged, names no target.
template <class P, class T>
bool engine<P, T>::resolve_call(const pending_call& pc, resolution_round& rr) noexcept {
    std::uint64_t slot = rr.slot++;
    const type_set set = b_.tsets[pc.subject];
    if (set.top || (b_.empty_as_unknown && !names_targets(set, pc.kind == pending_kind::value))) {
        int r = apply_once(rr, slot, el_top);
        return r >= 0 && (r == 0 || resolve_element(pc, el_top));
    }
    for (std::uint32_t el : set) {
        int r = apply_once(rr, slot, el);
        if (r < 0 || (r > 0 && !resolve_element(pc, el))) return false;
    }
    return true;
}

/// A call of a function with conditional summaries (dispatch=context): each condition of each
/// parameter, resolved with the type set of the argument passed here for the condition's subject.
template <class P, class T>
bool engine<P, T>::resolve_conditions_at(const pending_call& pc, resolution_round& rr) noexcept {
    const fn_info& fi = fns_[pc.callee];
    for (index_t i = 0; i < fi.params_count && i < pc.args_count; ++i) {
        const param_info& par = params_[fi.params_first + i];
        for (index_t ci = 0; ci < par.conds_count; ++ci) {
            const cond_leak c = conds_[par.conds_first + ci];
            if (c.subject >= pc.args_count) continue;
            index_t from = b_.pending_locs[pc.args_first + i];
            const type_set set = b_.tsets[b_.pending_locs[pc.args_first + c.subject]];
            std::uint64_t slot = rr.slot++;
            if (set.top || (b_.empty_as_unknown && !names_targets(set, c.method.empty()))) {
                int r = apply_once(rr, slot, el_top);
                if (r < 0 || (r > 0 && !resolve_condition(c, from, el_top))) return false;
                continue;
            }
            for (std::uint32_t el : set) {
                int r = apply_once(rr, slot, el);
                if (r < 0 || (r > 0 && !resolve_condition(c, from, el))) return false;
            }
        }
    }
    return true;
}

/// A dynamic call whose targets the IR does not determine (el == el_top: its set is unknown, or
/// empty once the sets have converged, which is not proof that the value is nil): with a closed
/// world, every candidate in the program; with an open world, or when the program has no
/// candidate, the heap (gc's answer).
template <class P, class T>
bool engine<P, T>::resolve_unknown(const pending_call& pc) noexcept {
    bool value_call = pc.kind == pending_kind::value;
    std::size_t candidates = 0;
    auto apply = [&](index_t g, bool deref) { apply_target(pc, g, deref); };
    if (!for_each_candidate(value_call, pc.method, value_call ? pc.args_count : invalid_index, &candidates, apply)) return false;
    if (candidates == 0) operands_to_heap(pc);
    return ok();
}

/// The receiver (methods) and the arguments of a dynamic call go to the heap.
template <class P, class T>
void engine<P, T>::operands_to_heap(const pending_call& pc) noexcept {
    hole h = heap_hole(reason::dynamic_call);
    unknown_result_facts(results_of(pc));
    if (pc.kind == pending_kind::method) flow(h, pc.subject);
    for (index_t j = 0; j < pc.args_count; ++j) flow(h, b_.pending_locs[pc.args_first + j]);
}

/// One resolved target g of a dynamic call: the receiver (methods) and the arguments flow to g's
/// parameters, and a same-batch target's results to the call's destinations.
template <class P, class T>
void engine<P, T>::apply_target(const pending_call& pc, index_t g, bool deref) noexcept {
    result_holes ks = results_of(pc);
    bool value_call = pc.kind == pending_kind::value;
    if (!value_call) flow(summary_hole(ks, g, 0, summary_use::fallback, deref ? 1 : 0), pc.subject);
    for (index_t j = 0; j < pc.args_count; ++j)
        flow(summary_hole(ks, g, j + (value_call ? 0 : 1), summary_use::fallback), b_.pending_locs[pc.args_first + j]);
    batch_results(ks, g);
    target_result_facts(ks, g);
}

/// Applies one element of the receiver's (or function value's) set of a dynamic call.
template <class P, class T>
bool engine<P, T>::resolve_element(const pending_call& pc, std::uint32_t el) noexcept {
    if (el == el_top) return resolve_unknown(pc);
    bool value_call = pc.kind == pending_kind::value;
    std::uint32_t kind = el & el_kind_mask, idx = el & el_index_mask;
    // what a value holds besides its target (see names_targets): not a target
    if (kind == el_loc || kind == (value_call ? el_type : el_func)) return ok();
    if (kind == el_type && !value_call) {
        impl_t im;
        // a dynamic type without the method in the IR: unknown, not "no target"
        if (resolve_method(idx, pc.method, &im)) apply_target(pc, im.fn, im.deref);
        else operands_to_heap(pc);
        return ok();
    }
    if (kind == el_func && value_call) {
        if (fns_[idx].params_count == pc.args_count) apply_target(pc, idx, false);
        else operands_to_heap(pc);
        return ok();
    }
    if (kind == el_param && context_) {
        // "whatever callers pass for parameter idx": conditional sinks, one per operand; the
        // results are unknown (the targets are the callers')
        result_holes ks = results_of(pc);
        unknown_result_facts(ks);
        const param_info& sp = params_[idx];
        index_t owner = sp.fn;
        index_t subject = idx - fns_[owner].params_first;
        index_t total = value_call ? pc.args_count : pc.args_count + 1;
        for (index_t j = 0; j < total; ++j) {
            index_t c = new_sink(owner, subject, value_call ? std::string_view() : pc.method, j);
            if (c == invalid_index) return false;
            index_t from = value_call ? b_.pending_locs[pc.args_first + j] : j == 0 ? pc.subject : b_.pending_locs[pc.args_first + j - 1];
            flow(loc_hole(c), from);
            if (!add_fallback(c, ks, pc.method, value_call, j, pc.args_count)) return false;
        }
        return ok();
    }
    return resolve_unknown(pc);  // el_param without dispatch=context
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_DISPATCH_RESOLVE_HPP
