// escapade/detail/engine/dispatch_facts.hpp - dispatch: type and callee sets (facts and their propagation).
//
// While a batch is lowered, every value that may hold an interface or function value and flows
// with 0 dereferences into a location records a fact there: a dynamic type (at I(x)), a function,
// "unknown", or (context) "whatever the callers pass for parameter q". propagate_types carries them
// along the 0-dereference edges (solve.hpp's forward_fixpoint over capped_set). Dynamic calls are
// recorded as pending calls whose operands are evaluated into temporaries.
//
// A call's results carry its callee's result sets (result_facts), exported from the callee's batch
// (export_result_types); a dynamic call's, the union of its resolved targets' (target_result_facts).
//
// Cost: facts O(1) each (a result set: O(8)); propagation O(E x 9) per round.
#ifndef ESCAPADE_DETAIL_ENGINE_DISPATCH_FACTS_HPP
#define ESCAPADE_DETAIL_ENGINE_DISPATCH_FACTS_HPP

#include "engine.hpp"

namespace escapade::detail {

template <class P, class T>
void engine<P, T>::record_fact(hole k, std::uint32_t elem) noexcept {
    if (!tracking_ || k.derefs != 0 || k.dst == invalid_index || k.dst == b_.blank || k.dst == b_.heap) return;
    if (k.flags & edge_field_base) {
        // a struct whose field is read: what it holds meets the field's memory set (dispatch_memory.hpp)
        type_set at = elem == el_top ? type_set::unknown() : type_set::bottom();
        if (elem != el_top) at.insert(elem);
        type_set met;
        if (!meet_field_set(at, b_.field_sets[k.mem_set], &met)) return;
        if (met.top) {
            if (!b_.facts.push_back(fact{k.dst, el_top})) oom();
            return;
        }
        for (std::uint32_t el : met)
            if (!b_.facts.push_back(fact{k.dst, el})) return oom(), void();
        return;
    }
    if (!b_.facts.push_back(fact{k.dst, elem})) oom();
}

/// Whether a value of type t may hold an interface or function value inline (not behind a
/// pointer): an interface, a function, or a struct or array containing one. Such values carry type
/// sets (a struct's set is the union of its fields'). Answers true when unsure (a tuple, a struct
/// whose fields the traits cannot list). Iterative over every type reachable inline from t, each
/// looked at once (no bound to hit, whatever the number of fields); memoised per type.
template <class P, class T>
bool engine<P, T>::holds_dynamic(type_ref t) noexcept {
    if (const std::uint8_t* known = dynamic_memo_.find(t)) return *known != 0;
    bool answer = false;
    vector<type_ref>& stack = dynamic_stack_;
    stack.clear();
    dynamic_seen_.clear();
    if (!stack.push_back(t)) return oom(), true;
    while (!stack.empty() && !answer) {
        type_ref u = stack.back();
        stack.pop_back();
        bool inserted = false;
        if (!dynamic_seen_.insert(u, 1, &inserted)) return oom(), true;
        if (!inserted) continue;  // already looked at (two fields of one type; a type containing itself)
        type_kind k = T::type_kind_of(p_, u);
        if (k == type_kind::interface || k == type_kind::func) {
            answer = true;
        } else if (!T::type_has_pointers(p_, u)) {
            continue;
        } else if (k == type_kind::array) {
            if (!stack.push_back(T::type_elem(p_, u))) return oom(), true;
        } else if (k == type_kind::struct_ || k == type_kind::tuple) {
            if constexpr (has_struct_field_count<T, P>::value && has_struct_field_type<T, P>::value) {
                if (k == type_kind::tuple) {
                    answer = true;
                } else {
                    std::size_t c = T::struct_field_count(p_, u);
                    for (std::size_t i = 0; i < c; ++i)
                        if (!stack.push_back(T::struct_field_type(p_, u, i))) return oom(), true;
                }
            } else {
                answer = true;
            }
        }
    }
    if (!dynamic_memo_.insert(t, answer ? 1 : 0)) return oom(), true;
    return answer;
}

/// Facts for a value that may hold an interface or function value flowing into k (see the file
/// comment).
template <class P, class T>
bool engine<P, T>::value_facts(hole k, expr_ref e, expr_kind kind) noexcept {
    if (precise_) {
        bool decided = false;
        if (!precise_value_fact(k, e, kind, &decided)) return false;
        if (decided) return ok();
    }
    if (!tracking_ || k.derefs != 0 || k.dst == b_.blank || k.dst == b_.heap || k.dst == invalid_index) return true;
    type_kind tk = T::type_kind_of(p_, T::expression_type(p_, e));
    if (tk != type_kind::interface && tk != type_kind::func && !tracked_type(T::expression_type(p_, e))) return true;
    switch (kind) {
    case expr_kind::to_iface: {
        for (auto&& o : T::expression_operands(p_, e)) {
            type_ref ot = T::expression_type(p_, o);
            if (T::type_kind_of(p_, ot) != type_kind::interface) record_fact(k, dyn_type_elem(ot));
            break;
        }
        return ok();
    }
    case expr_kind::closure:
    case expr_kind::func_ref: {
        index_t f = fn_of(T::referenced_function(p_, e));
        record_fact(k, f == invalid_index ? el_top : (el_func | f));
        return ok();
    }
    case expr_kind::var: {
        variable_ref v = T::referenced_variable(p_, e);
        if (T::variable_kind(p_, v) != var_kind::global) return ok();
        std::uint64_t keys[2] = {0, 0};
        if (memsets_ && memory_global_key(v, &keys[0])) {
            keys[1] = keys[0];
            memory_facts(k, keys, 0);
        } else {
            record_fact(k, el_top);
        }
        return ok();
    }
    case expr_kind::field:
    case expr_kind::field_ptr: {
        // a field of interface or function type: its memory set (dispatch_memory.hpp); else a
        // struct value's field has the struct's set (along the edge), a pointer's is unknown
        // (a struct value's field: the struct's set meets it along the edge, expr.hpp)
        field_keys fk;
        if (kind == expr_kind::field && memsets_) return ok();
        if (memsets_ && memory_field_key(e, &fk)) memory_facts(k, fk.read, fk.structure);
        else if (kind == expr_kind::field_ptr) record_fact(k, el_top);
        return ok();
    }
    case expr_kind::convert:
        // between interface, function or struct types: the same value, whose set flows along the
        // edge (conversions from unsafe.Pointer or uintptr cannot produce such values; model=precise's
        // pointers made from scalars: precise_value_fact)
        return ok();
    case expr_kind::append:
        // model=precise: the result is the appendee's backing array or, when it grows, a new array
        // from the runtime that no location stands for: a store through the result (s[i] = &x)
        // must reach the heap (found by the soundness oracle, program seed 61881:
        // tests/regressions/precise-store-through-append-result.ir)
        record_fact(k, el_top);
        return ok();
    case expr_kind::type_assert:
        // an interface value's dynamic value: the same dynamic types (flows along the edge), but a
        // function or struct extracted from an interface (possibly read out of its box) has no
        // known callee or dynamic types
        if (tk != type_kind::interface) record_fact(k, el_top);
        return ok();
    case expr_kind::call:
    case expr_kind::call_method:
    case expr_kind::call_value:
        // dispatch=closed/context with model=gc: do_call gives every result its callee's result
        // set (result_facts) or, for a dynamic call, its targets' (target_result_facts)
        if (closed_ && !precise_) return ok();
        record_fact(k, el_top);
        return ok();
    case expr_kind::deref:
    case expr_kind::index_ptr:
    case expr_kind::index_map:
    case expr_kind::recv:
    case expr_kind::method_value:
    case expr_kind::builtin:
    case expr_kind::unsafe_add:
    case expr_kind::opaque:
        record_fact(k, el_top);
        return ok();
    default: return ok();
    }
}

/// Records a dynamic call whose flows are decided after type propagation. The receiver (or
/// function value) and the arguments are evaluated into temporaries.
template <class P, class T>
bool engine<P, T>::pending_dynamic(result_holes ks, expr_ref call, pending_kind kind, index_t static_fn) noexcept {
    vector<expr_ref>& args = b_.args;  // filled by do_call
    pending_call pc;
    pc.kind = kind;
    pc.call = call;
    pc.fn = b_.cur_fn;
    pc.callee = static_fn;
    if (kind == pending_kind::method) pc.method = T::method_name(p_, call);
    pc.ks_first = static_cast<index_t>(b_.holes.size());
    pc.ks_count = static_cast<index_t>(ks.size);
    for (std::size_t i = 0; i < ks.size; ++i) {
        if (!b_.holes.push_back(ks[i])) return oom();
        // a summarised callee's results: its result sets; a dynamic call's: its targets' result
        // sets, added as each target is resolved (target_result_facts, unknown_result_facts)
        if (kind == pending_kind::conditions) result_facts(ks[i], static_fn, i);
        else if (precise_ || !closed_) record_fact(ks[i], el_top);
    }
    std::size_t first = kind == pending_kind::conditions ? 0 : 1;  // method: receiver; value: callee
    pc.args_first = static_cast<index_t>(b_.pending_locs.size());
    std::size_t mark = b_.tasks.size();
    for (std::size_t i = 0; i < args.size(); ++i) {
        index_t tmp = new_loc(loc_kind::temp, b_.cur_fn, false);
        if (tmp == invalid_index) return false;
        if (i < first) {
            pc.subject = tmp;
            if (kind == pending_kind::value) {
                // the function value itself is only called
                if (!push_expr(note_expr(loc_hole(tmp), call, "callee operand"), args[i])) return false;
                continue;
            }
        } else if (!b_.pending_locs.push_back(tmp)) {
            return oom();
        }
        if (kind == pending_kind::conditions) {
            // the callee's unconditional summary applies now; its conditions once types are known
            flow(summary_hole(ks, static_fn, i, summary_use::unconditional), tmp);
        }
        if (!push_expr(note_expr(loc_hole(tmp), call, "call parameter"), args[i])) return false;
    }
    std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
    pc.args_count = static_cast<index_t>(b_.pending_locs.size() - pc.args_first);
    if (!b_.pending.push_back(pc)) return oom();
    return ok();
}

/// Result type sets (dispatch=closed/context, model=gc). A call's result r holds what callee fn's
/// result r holds: the set its body gave it (export_result_types) when fn is summarised, else
/// unknown. With model=precise a set also says what a value points to, which a result's set does
/// not carry from another batch: unknown. O(set capacity).
template <class P, class T>
void engine<P, T>::result_facts(hole k, index_t fn, std::size_t r) noexcept {
    type_set s = type_set::bottom();
    if (!result_set(fn, r, &s)) {
        record_fact(k, el_top);
        return;
    }
    for (std::uint32_t el : s) record_fact(k, el);
}

/// What result r of fn holds, as far as it is known (model=gc, closed/context): the meet of the
/// set fn's batch exported (export_result_types; fn summarised) and the whole-program type flow's
/// set of that result (dispatch_params.hpp). Both are sound, so their meet is; when only one is
/// known, that one. False: neither is known (or their meet is empty: a nil-only value, whose
/// empty set callers would read as unknown anyway). O(set capacity).
template <class P, class T>
bool engine<P, T>::result_set(index_t fn, std::size_t r, type_set* out) noexcept {
    if (!closed_ || precise_ || fn == invalid_index || r >= fns_[fn].results_count) return false;
    const type_set* flow = nullptr;
    if (ps_solved_) {
        const index_t* n = ps_index_.find(params_[fns_[fn].results_first + r].var);
        if (n != nullptr && !ps_sets_[*n].top && ps_sets_[*n].size > 0) flow = &ps_sets_[*n];
    }
    const type_set* exported = fns_[fn].tagged ? &params_[fns_[fn].results_first + r].types : nullptr;
    if (exported != nullptr && exported->top) exported = nullptr;
    if (flow == nullptr && exported == nullptr) return false;
    if (flow == nullptr || exported == nullptr) {
        *out = flow != nullptr ? *flow : *exported;
        return true;
    }
    type_set m = type_set::bottom();
    for (std::uint32_t el : *exported)
        if (flow->contains(el)) m.insert(el);
    if (m.size == 0) return false;
    *out = m;
    return true;
}

/// The hole through which what a callee's summary sends from an argument into its result r
/// reaches the call's result k (summary_hole): when the result's set is known (result_set), the
/// argument's set meets it on the way (edge_field_base: a summary edge says the result may be the
/// argument, not that it keeps the argument's dynamic types, e.g. reflect.TypeOf). O(set capacity).
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::result_filter_hole(hole k, index_t fn, std::size_t r) noexcept {
    if (!ps_solved_ || (k.flags & edge_field_base) != 0 || k.derefs != 0) return k;
    type_set s = type_set::bottom();
    if (!result_set(fn, r, &s)) return k;
    if (!b_.field_sets.push_back(s)) return oom(), k;
    k.flags |= edge_field_base;
    k.mem_set = static_cast<index_t>(b_.field_sets.size() - 1);
    return k;
}

/// A dynamic call resolved to target g: its results hold g's (a target in this batch: through
/// its result variables, batch_results).
template <class P, class T>
void engine<P, T>::target_result_facts(result_holes ks, index_t g) noexcept {
    if (in_batch(g)) return;
    for (std::size_t r = 0; r < ks.size; ++r) result_facts(ks[r], g, r);
}

/// A dynamic call with an unknown target (its operands go to the heap, or to a caller's condition):
/// its results are unknown.
template <class P, class T>
void engine<P, T>::unknown_result_facts(result_holes ks) noexcept {
    for (std::size_t r = 0; r < ks.size; ++r) record_fact(ks[r], el_top);
}

/// After a batch: each result's set as callers see it, from its result variable's converged set.
/// Unknown when the batch gave up, when the set is unknown or empty (no value of a known type
/// reaches it: not proof that it is nil), or when it holds what a caller passes (el_param: the
/// caller's argument, which a result set cannot name) or, model=precise, pointees (batch-local
/// locations). Cost: O(results x set capacity).
template <class P, class T>
void engine<P, T>::export_result_types() noexcept {
    for (index_t f : b_.fns) {
        const fn_info& fi = fns_[f];
        for (index_t r = 0; r < fi.results_count; ++r) {
            param_info& res = params_[fi.results_first + r];
            res.types = type_set::unknown();
            if (!closed_ || precise_ || b_.budget_exceeded || !fi.body) continue;
            const index_t* l = b_.var_loc.find(res.var);
            if (l == nullptr || *l >= b_.tsets.size()) continue;
            const type_set& s = b_.tsets[*l];
            if (s.top || s.size == 0) continue;
            bool exportable = true;
            for (std::uint32_t el : s) {
                std::uint32_t kind = el & el_kind_mask;
                exportable = exportable && kind != el_param && kind != el_loc;
            }
            if (exportable) res.types = s;
        }
    }
}

template <class P, class T>
bool engine<P, T>::propagate_types() noexcept {
    std::size_t n = b_.graph.node_count();
    b_.tsets.clear();
    if (!b_.tsets.resize(n, type_set::bottom())) return oom();
    for (const fact& f : b_.facts) {
        if (f.elem == el_top) b_.tsets[f.loc] = type_set::unknown();
        else b_.tsets[f.loc].insert(f.elem);
    }
    // A variable whose address is taken may be written through a pointer. A by-reference closure
    // capture is no such pointer (model gc: the closure's body writes the variable itself, in this
    // batch); model=precise's sets are points-to sets too and keep the old rule.
    bool capture_known = !precise_;
    for (index_t l = 0; l < n; ++l)
        if (L(l).addrtaken && !(capture_known && L(l).capture_addr) && (L(l).kind == loc_kind::variable || L(l).kind == loc_kind::allocation))
            b_.tsets[l] = type_set::unknown();
    bool precise = precise_;
    const vector<type_set>* field_sets = &b_.field_sets;
    auto transfer = [precise, field_sets](const type_set& at_src, const flow_data& e, type_set* out) -> bool {
        if (e.derefs != 0) return false;
        // a concrete value boxed into an interface: its dynamic types are not the interface's, but
        // (model=precise) what it points to still is what the interface points to
        if (e.flags & edge_no_types) return precise && precise_boxed_transfer(at_src, out);
        // a struct whose field is read: its set meets the field's memory set (dispatch_memory.hpp)
        if (e.flags & edge_field_base) return meet_field_set(at_src, (*field_sets)[e.mem_set], out);
        *out = at_src;
        return true;
    };
    if (!forward_fixpoint(b_.graph, b_.tsets, transfer, mem_)) return oom();
    return true;
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_DISPATCH_FACTS_HPP
