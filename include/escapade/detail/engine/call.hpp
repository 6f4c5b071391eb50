// escapade/detail/engine/call.hpp - graph construction per call: arguments, summaries, results, go and defer.
//
// gc's call.go: a static call's arguments flow according to the callee's summary (tag_hole), or,
// inside one batch, straight into its parameter locations; its results flow from the callee's
// result variables. Dynamic calls go to the heap (conservative), or become pending calls resolved
// once the type sets are known (dispatch_*.hpp). go/defer wrap their call in a record that the
// heap (go, defer in a loop) or the function's end (top-level defer) keeps. gc's static
// devirtualization of an interface local assigned once from a concrete type is here too.
//
// Cost: O(arguments x (1 + results)) per call.
#ifndef ESCAPADE_DETAIL_ENGINE_CALL_HPP
#define ESCAPADE_DETAIL_ENGINE_CALL_HPP

#include "engine.hpp"

namespace escapade::detail {

/// The hole for argument i of a call of fn whose results go to ks: fn's parameter location when fn
/// is in this batch (arguments flow straight into it), else the flows fn's summary names - to the
/// heap and to the call's result holes - each shifted by `extra` dereferences (a value method
/// reached through a boxed or pointer receiver). gc's tagHole; one function for static calls and
/// for the targets of resolved dynamic calls.
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::summary_hole(result_holes ks, index_t fn, std::size_t i, summary_use use,
                                                        std::int32_t extra, bool own_stores) noexcept {
    bool resolved = use == summary_use::fallback;  // a target of a resolved dynamic call
    if (fn == invalid_index)
        return fault_drops(unsound_fault::dynamic_args_noescape, heap_hole(reason::dynamic_call));
    const fn_info& fi = fns_[fn];
    if (i >= fi.params_count) return heap_hole(resolved ? reason::dynamic_call : reason::escapes);
    const param_info& pi = params_[fi.params_first + i];
    if (in_batch(fn)) {
        // Same batch: arguments flow directly into the parameter's location.
        if (!pi.named) return discard_hole();
        return shift(loc_hole(var_loc(pi.var)), extra);
    }
    if (!fi.tagged) return heap_hole(reason::dynamic_call);  // analysed later (a function literal target): the worst
    // dispatch=context: pi.tag lacks the conditional flows; only a caller that resolves them
    // (pending_kind::conditions) may use it. Everywhere else the conditions stay unresolved:
    // closed world (pi.fallback). model=precise: pi.tag counts the flows into what other
    // parameters point to as heap flows; a caller that resolves them (own_stores) reads pi.direct.
    bool unconditional = use == summary_use::unconditional || (use == summary_use::automatic && pi.conds_count == 0);
    const leak_summary& tag = !unconditional ? pi.fallback : own_stores && pi.stores_count > 0 ? pi.direct : pi.tag;
    hole hs[1 + leak_summary::max_results];
    std::size_t n = 0;
    if (tag.heap() >= 0 && !(!resolved && fi.body && fault_planted(unsound_fault::ignore_callee_leaks)))
        hs[n++] = shift(heap_hole(fi.body ? reason::leaked_by_callee : reason::external_call, fn), tag.heap() + extra);
    for (int r = 0; r < leak_summary::max_results; ++r)
        if (tag.result(r) >= 0 && static_cast<std::size_t>(r) < ks.size)
            hs[n++] = shift(result_filter_hole(ks[static_cast<std::size_t>(r)], fn, static_cast<std::size_t>(r)), tag.result(r) + extra);
    for (std::size_t j = 0; j < n; ++j) hs[j].addrtaken = false;
    return tee(hs, n);
}

/// A call of g, static (do_call) or a dynamic call resolved to g, when g is in the current batch:
/// g's parameters are locations of this graph (summary_hole), so what reaches its results must
/// reach the call's destinations through the result variables. Without this a
/// self-recursive method called through an interface lost `param -> result -> heap` (found by the
/// soundness oracle, program seed 207852: tests/regressions/closed-self-recursive-dynamic-call.ir).
template <class P, class T>
void engine<P, T>::batch_results(result_holes ks, index_t g) noexcept {
    if (!in_batch(g)) return;
    const fn_info& fi = fns_[g];
    for (std::size_t r = 0; r < ks.size && r < fi.results_count; ++r) {
        const param_info& res = params_[fi.results_first + r];
        hole k = ks[r];
        if (k.derefs >= 0 && !res.has_pointers) continue;
        flow(k, var_loc(res.var));
    }
}

/// The expression kinds lowered as calls (do_call): with arguments, a callee summary or a builtin's rule.
template <class P, class T>
bool engine<P, T>::is_call_kind(expr_kind k) noexcept {
    return k == expr_kind::call || k == expr_kind::call_method || k == expr_kind::call_value || k == expr_kind::append ||
           k == expr_kind::copy || k == expr_kind::panic || k == expr_kind::builtin || k == expr_kind::unsafe_add;
}

/// The static callee of a `call` (its function) or `call_value` (args[0]'s static value, gc's
/// ir.StaticValue: invalid_index when unknown) whose operands are args, and where its arguments
/// start. A closure literal called directly is marked (gc's ClosureCalled). False with err_ set
/// when the call names no function of the program or a call through a value has no callee.
template <class P, class T>
bool engine<P, T>::static_target(expr_ref call, expr_kind kind, const vector<expr_ref>& args, index_t* fn, std::size_t* first_arg) noexcept {
    if (kind == expr_kind::call) {
        *fn = fn_of(T::referenced_function(p_, call));
        *first_arg = 0;
        if (*fn == invalid_index)
            return fail(errc::invalid_host_ir, T::expression_position(p_, call), "call of a function that is not among functions()");
        return true;
    }
    if (args.empty()) return fail(errc::invalid_host_ir, T::expression_position(p_, call), "a call through a value has no callee");
    if (T::expression_kind(p_, args[0]) == expr_kind::closure) {
        index_t cf = fn_of(T::referenced_function(p_, args[0]));
        if (cf != invalid_index) fns_[cf].closure_called = true;
    }
    *fn = static_callee(args[0]);
    *first_arg = 1;
    return true;
}

template <class P, class T>
bool engine<P, T>::do_call(result_holes ks, expr_ref call) noexcept {
    // Not re-entrant: only run_tasks calls do_stmt/do_expr, which call do_call.
    vector<expr_ref>& args = b_.args;
    args.clear();
    for (auto&& o : T::expression_operands(p_, call))
        if (!args.push_back(o)) return oom();
    expr_kind kind = T::expression_kind(p_, call);
    auto argument = [&](hole k, expr_ref a) -> bool { return push_expr(note_expr(k, call, "call parameter"), a); };
    // Arguments are pushed in reverse so that they are walked left to right.
    switch (kind) {
    case expr_kind::call:
    case expr_kind::call_value: {
        index_t fn = invalid_index;
        std::size_t first_arg = 0;
        if (!static_target(call, kind, args, &fn, &first_arg)) return false;
        std::size_t nargs = args.size() - first_arg;
        if (closed_ && kind == expr_kind::call_value && fn == invalid_index)
            return pending_dynamic(ks, call, pending_kind::value, invalid_index);
        if (context_ && kind == expr_kind::call && fn != invalid_index && !in_batch(fn) && nargs == fns_[fn].params_count) {
            bool conditional = false;
            for (index_t i = 0; i < fns_[fn].params_count; ++i) conditional = conditional || params_[fns_[fn].params_first + i].conds_count > 0;
            if (conditional) return pending_dynamic(ks, call, pending_kind::conditions, fn);
        }
        if (fn != invalid_index && nargs != fns_[fn].params_count) {
            if (kind == expr_kind::call)
                return fail(errc::invalid_host_ir, T::expression_position(p_, call), "call with %u arguments of a function with %u parameters",
                            unsigned(nargs), unsigned(fns_[fn].params_count));
            fn = invalid_index;  // a value whose static resolution does not fit: treat as dynamic
        }
        // The results of a summarised callee hold its result sets (model=gc with closed/context;
        // otherwise unknown), those of an unresolved callee are unknown (value_facts leaves every
        // call's results to this loop under closed/context with model=gc); a callee in this batch
        // passes its results' sets through its result variables (batch_results).
        if (tracking_ && (fn == invalid_index || !in_batch(fn)))
            for (std::size_t r = 0; r < ks.size; ++r)
                if (fn == invalid_index || r >= fns_[fn].results_count ||
                    tracked_type(T::variable_type(p_, params_[fns_[fn].results_first + r].var)))
                    result_facts(ks[r], fn, r);
        batch_results(ks, fn);
        // model=precise: a summarised callee that stores into what its arguments point to
        bool stores = false;
        if (precise_ && fn != invalid_index && !in_batch(fn) && fns_[fn].tagged)
            for (index_t i = 0; i < fns_[fn].params_count; ++i) stores = stores || params_[fns_[fn].params_first + i].stores_count > 0;
        std::size_t mark = b_.tasks.size();
        if (kind == expr_kind::call_value && !argument(discard_hole(), args[0])) return false;
        if (stores) {
            if (!precise_call_stores(ks, call, fn, args, first_arg)) return false;
        } else {
            for (std::size_t i = 0; i < nargs; ++i)
                if (!argument(summary_hole(ks, fn, i, summary_use::automatic), args[first_arg + i])) return false;
        }
        std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
        return ok();
    }
    case expr_kind::call_method: {
        if (closed_) return pending_dynamic(ks, call, pending_kind::method, invalid_index);
        // gc's static devirtualization (its devirtualize pass runs before escape analysis): a
        // receiver whose static value is a conversion of a concrete T makes the call a static call
        // of T's method, with the receiver read as i.(T).
        if (!args.empty()) {
            type_ref dyn{};
            index_t fn = invalid_index;
            bool deref_recv = false;
            if (gc_devirtualize(args[0], T::method_name(p_, call), &dyn, &fn, &deref_recv) &&
                args.size() - 1 + 1 == fns_[fn].params_count) {
                if (!note_gc_devirtualization(call, args[0], dyn)) return false;
                std::size_t mark = b_.tasks.size();
                hole rk = dot_type(summary_hole(ks, fn, 0, summary_use::automatic), dyn, call, "dot");
                if (deref_recv) rk = shift(rk, 1);
                if (!argument(rk, args[0])) return false;
                for (std::size_t i = 1; i < args.size(); ++i)
                    if (!argument(summary_hole(ks, fn, i, summary_use::automatic), args[i])) return false;
                std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
                return ok();
            }
        }
        // Conservative dispatch: the receiver and every argument go to the heap (gc).
        std::size_t mark = b_.tasks.size();
        hole dk = fault_drops(unsound_fault::dynamic_args_noescape, heap_hole(reason::dynamic_call));
        for (expr_ref a : args)
            if (!argument(dk, a)) return false;
        std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
        return ok();
    }
    case expr_kind::append: {
        if (args.empty()) return ok();
        hole appendee = ks.size > 0 ? ks[0] : discard_hole();
        type_ref st = T::expression_type(p_, args[0]);
        if (T::type_has_pointers(p_, T::type_elem(p_, st))) {
            hole two[2] = {appendee, deref(heap_hole(reason::slice_append), call, "appendee slice")};
            appendee = tee(two, 2);
        }
        std::size_t mark = b_.tasks.size();
        if (!argument(appendee, args[0])) return false;
        if (traits_is_spread<P, T>(p_, call)) {
            hole appended = discard_hole();
            if (args.size() >= 2) {
                type_ref at = T::expression_type(p_, args[1]);
                if (T::type_kind_of(p_, at) == type_kind::slice && T::type_has_pointers(p_, T::type_elem(p_, at)))
                    appended = deref(heap_hole(reason::slice_append), call, "appended slice...");
                if (!argument(appended, args[1])) return false;
            }
        } else {
            for (std::size_t i = 1; i < args.size(); ++i)
                if (!argument(heap_hole(reason::slice_append), args[i])) return false;
        }
        std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
        return ok();
    }
    case expr_kind::copy: {
        if (args.size() != 2) return fail(errc::invalid_host_ir, T::expression_position(p_, call), "copy has two operands");
        hole copied = discard_hole();
        type_ref st = T::expression_type(p_, args[1]);
        if (T::type_kind_of(p_, st) == type_kind::slice && T::type_has_pointers(p_, T::type_elem(p_, st)))
            copied = deref(heap_hole(reason::slice_append), call, "copied slice");
        if (!argument(copied, args[1])) return false;
        return argument(discard_hole(), args[0]);
    }
    case expr_kind::panic: {
        std::size_t mark = b_.tasks.size();
        for (expr_ref a : args)
            if (!argument(heap_hole(reason::panic_value), a)) return false;
        std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
        return ok();
    }
    case expr_kind::unsafe_add: {
        if (args.size() != 2) return fail(errc::invalid_host_ir, T::expression_position(p_, call), "unsafe.Add has two operands");
        if (!argument(discard_hole(), args[1])) return false;
        return argument(ks.size > 0 ? ks[0] : discard_hole(), args[0]);
    }
    default: {
        std::size_t mark = b_.tasks.size();
        for (expr_ref a : args)
            if (!argument(discard_hole(), a)) return false;
        std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
        return ok();
    }
    }
}

template <class P, class T>
bool engine<P, T>::do_go_defer(stmt_ref s, bool is_go) noexcept {
    // gc rewrites `go/defer f(a, b)` into a wrapper closure capturing copies of the callee and the
    // arguments. The wrapper record flows to the heap for `go` and for `defer` inside a loop; a
    // top-level defer keeps it until the function returns ("later").
    expr_ref call{};
    if (!first_of(T::statement_operands(p_, s), &call)) return fail(errc::invalid_host_ir, T::statement_position(p_, s), "go/defer without a call");
    hole k;
    if (is_go) k = heap_hole(reason::goroutine);
    else if (b_.loop_depth == 1) k = later(discard_hole());
    else k = heap_hole(reason::deferred_in_loop);
    index_t wrapper = new_loc(loc_kind::temp, b_.cur_fn, true);
    if (wrapper == invalid_index) return false;
    L(wrapper).reported = false;
    flow(addr(k, call, "spill"), wrapper);
    vector<expr_ref> args(mem_);
    for (auto&& o : T::expression_operands(p_, call))
        if (!args.push_back(o)) return oom();
    expr_kind kind = T::expression_kind(p_, call);
    index_t fn = invalid_index;
    std::size_t first_arg = 0;
    bool dynamic = false;
    if (kind == expr_kind::call || kind == expr_kind::call_value) {
        if (!static_target(call, kind, args, &fn, &first_arg)) return false;
        if (kind == expr_kind::call_value && fn != invalid_index && args.size() - 1 != fns_[fn].params_count) fn = invalid_index;
    } else if (kind == expr_kind::call_method) {
        dynamic = true;
    }
    std::size_t mark = b_.tasks.size();
    for (std::size_t i = 0; i < args.size(); ++i) {
        hole target = discard_hole();
        if (i < first_arg) {
            target = discard_hole();  // the callee value itself is only called
        } else if (kind == expr_kind::call || kind == expr_kind::call_value) {
            target = summary_hole(result_holes{}, fn, i - first_arg, summary_use::automatic);
        } else if (dynamic) {
            target = heap_hole(reason::dynamic_call);
        } else if (kind == expr_kind::panic) {
            target = heap_hole(reason::panic_value);
        } else if (kind == expr_kind::copy && i == 1) {
            type_ref st = T::expression_type(p_, args[1]);
            if (T::type_kind_of(p_, st) == type_kind::slice && T::type_has_pointers(p_, T::type_elem(p_, st)))
                target = shift(heap_hole(reason::slice_append), 1);
        }
        if (i >= first_arg && T::expression_kind(p_, args[i]) == expr_kind::slice_lit) {
            // gc's rewriteArgument peels slice literals (also the packed `... argument`): each
            // element is copied into a temporary the wrapper captures, and the literal itself is
            // built by the wrapper, flowing only to the callee's parameter.
            hole storage = spill(note_expr(target, call, "call parameter"), args[i], true);
            for (auto&& el : T::expression_operands(p_, args[i])) {
                index_t tmp = new_loc(loc_kind::temp, b_.cur_fn, false);
                if (tmp == invalid_index) return false;
                L(tmp).captured = true;
                if (!push_expr(loc_hole(tmp), el)) return false;
                flow(loc_hole(wrapper), tmp);
                flow(note_expr(storage, args[i], "slice-literal-element"), tmp);
            }
            continue;
        }
        // Each operand is copied into a temporary the wrapper captures (by value).
        index_t tmp = new_loc(loc_kind::temp, b_.cur_fn, false);
        if (tmp == invalid_index) return false;
        L(tmp).captured = true;
        if (!push_expr(loc_hole(tmp), args[i])) return false;
        flow(loc_hole(wrapper), tmp);
        flow(note_expr(target, call, "call parameter"), tmp);
    }
    std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
    return ok();
}

/// gc's devirtualize.Call: the receiver's static value (ir.StaticValue: through locals assigned
/// exactly once and never reassigned) is a conversion to an interface from a concrete type T, and
/// T (or, for a pointer T, its element type) has the method. O(length of the chain).
template <class P, class T>
bool engine<P, T>::gc_devirtualize(expr_ref recv, std::string_view method, type_ref* dyn, index_t* fn, bool* deref_recv) noexcept {
    if constexpr (!has_find_method<T, P>::value) {
        (void)recv;
        (void)method;
        (void)dyn;
        (void)fn;
        (void)deref_recv;
        return false;
    } else {
        expr_ref v = recv;
        // Each step goes to a local's defining value: more steps than locations means a cycle.
        for (std::size_t steps = 0; steps <= b_.graph.node_count(); ++steps) {
            expr_kind k = T::expression_kind(p_, v);
            if (k == expr_kind::var) {
                if (!defining_value(v, &v)) return false;
                continue;
            }
            if (k != expr_kind::to_iface) return false;
            expr_ref x{};
            if (!first_of(T::expression_operands(p_, v), &x)) return false;
            type_ref t = T::expression_type(p_, x);
            if (T::type_kind_of(p_, t) == type_kind::interface) return false;
            function_ref m{};
            if (T::find_method(p_, t, method, &m)) {
                *deref_recv = false;
            } else if (T::type_kind_of(p_, t) == type_kind::pointer && T::find_method(p_, T::type_elem(p_, t), method, &m)) {
                *deref_recv = true;
            } else {
                return false;
            }
            *fn = fn_of(m);
            *dyn = t;
            return *fn != invalid_index;
        }
        return false;
    }
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_CALL_HPP
