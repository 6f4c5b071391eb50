// escapade/detail/engine/dispatch_params.hpp - dispatch=closed/context in a closed world: the type
// and callee sets of parameters, from every call site of the program (issue 12).
//
// Before any batch is analysed, param_sets_setup solves one whole-program fixpoint over the
// variables of interface or function type: a parameter holds the union, over every static call of
// the program (go and defer included), of what the argument passed for it holds; a variable, the
// union of what is assigned to it. What an expression holds is read off the IR without the
// batches' graphs: a conversion I(x) of a concrete x holds x's type, a function value its
// function, a conversion between such types or from an interface what its operand holds, a
// parameter or local variable its own set, nil nothing; anything else (a call's result, a load
// through a pointer, a field, an element, a global, a named result, a type assertion, ...) is
// unknown. A variable is unknown when its address is taken, when a closure captures it, when a
// multi-value assignment, a comma-ok form or a range writes it; a parameter when its function is
// used as a value (a func_ref, a closure, or the target of a method value), is a possible target
// of dynamic dispatch (its first parameter has a type the program converts to an interface, or the
// element type of one: every method of a converted type, which reflection may call too), or is
// called with a number of arguments other than its parameters'. Sets hold at most 8 elements; a
// ninth makes the set unknown, never smaller. A parameter whose set is empty once converged (no
// caller in the IR) stays unknown: nothing proves it is never called.
//
// The result is params_[i].types for each parameter (unknown = the old answer): under closed, the
// parameter's facts (batch.hpp); under context the parameters keep "whatever the callers pass"
// for their conditions, and the closed-world stand-in of a conditional sink (add_fallback, pass A:
// what the function's own locals assume) takes the targets of the subject parameter's set instead
// of every implementation in the program (param_set_fallback). Only with world=closed, model=gc and
// a tree host (CFG hosts resolve their calls while building graphs), and only when the host
// states that the IR shows every call (analysis_options::caller_sets: a function no code of the IR
// calls is an entry, whose parameters stay unknown): an open world, a library, never gets
// parameter sets from callers.
//
// Cost: one walk of every body, O(IR nodes), plus the implementations of each method name called
// dynamically or taken as a method value, once per name (impls_of, cached); the fixpoint is a
// worklist over V tracked variables and E flows between them, each set changing at most
// capacity + 1 times: O((V + E) x 9 x 8).
#ifndef ESCAPADE_DETAIL_ENGINE_DISPATCH_PARAMS_HPP
#define ESCAPADE_DETAIL_ENGINE_DISPATCH_PARAMS_HPP

#include "engine.hpp"

namespace escapade::detail {

/// The node of variable v in the parameter-set fixpoint, or invalid_index when v is not tracked
/// (not a parameter or local of interface or function type). Creates it on first use.
template <class P, class T>
index_t engine<P, T>::ps_node(variable_ref v) noexcept {
    if (const index_t* n = ps_index_.find(v)) return *n;
    var_kind vk = T::variable_kind(p_, v);
    if (vk != var_kind::param && vk != var_kind::local) return invalid_index;
    type_kind tk = T::type_kind_of(p_, T::variable_type(p_, v));
    if (tk != type_kind::interface && tk != type_kind::func) return invalid_index;
    index_t n = static_cast<index_t>(ps_sets_.size());
    if (!ps_sets_.push_back(type_set::bottom()) || !ps_index_.insert(v, n)) return oom(), invalid_index;
    return n;
}

/// Makes node n (if any) unknown.
template <class P, class T>
void engine<P, T>::ps_unknown(index_t n) noexcept {
    if (n != invalid_index) ps_sets_[n] = type_set::unknown();
}

/// What the value e holds flows into node dst: an element now, a flow from another node (solved
/// later), or unknown. Follows conversions iteratively (no recursion).
template <class P, class T>
bool engine<P, T>::ps_flow(index_t dst, expr_ref e) noexcept {
    if (dst == invalid_index) return true;
    for (;;) {
        expr_kind k = T::expression_kind(p_, e);
        switch (k) {
        case expr_kind::constant: return true;  // nil: no dynamic type, no function
        case expr_kind::func_ref:
        case expr_kind::closure: {
            index_t g = fn_of(T::referenced_function(p_, e));
            if (g == invalid_index) ps_unknown(dst);
            else ps_sets_[dst].insert(el_func | g);
            return ok();
        }
        case expr_kind::to_iface:
        case expr_kind::convert: {
            expr_ref inner{};
            bool has = false;
            for (auto&& o : T::expression_operands(p_, e)) {
                inner = o;
                has = true;
                break;
            }
            if (!has) return ps_unknown(dst), true;
            type_ref it = T::expression_type(p_, inner);
            type_kind ik = T::type_kind_of(p_, it);
            if (k == expr_kind::to_iface && ik != type_kind::interface) {
                std::uint32_t el = dyn_type_elem(it);
                if (el == el_top) ps_unknown(dst);
                else ps_sets_[dst].insert(el);
                return ok();
            }
            if (ik != type_kind::interface && ik != type_kind::func) return ps_unknown(dst), true;
            e = inner;  // the same value: what the operand holds
            continue;
        }
        case expr_kind::var: {
            index_t src = ps_node(T::referenced_variable(p_, e));
            if (src == invalid_index) return ps_unknown(dst), ok();
            if (!ps_edges_.push_back(std::uint64_t(src) << 32 | dst)) return oom();
            return true;
        }
        default: ps_unknown(dst); return true;
        }
    }
}

/// The whole-program fixpoint (see the file comment). Leaves every parameter's types unknown
/// outside a closed world with model=gc on a tree host.
template <class P, class T>
bool engine<P, T>::param_sets_setup() noexcept {
    if constexpr (is_cfg) {
        return true;
    } else {
        if (!closed_ || precise_ || !world_closed_ || !opt_.caller_sets) return true;
        // the receivers of the possible targets of dynamic dispatch: every converted type and the
        // element of every converted pointer type
        hash_map<type_ref, std::uint8_t, handle_hash<type_ref>> receivers(mem_);
        for (type_ref t : dyn_types_) {
            if (!receivers.insert(t, 1)) return oom();
            if (T::type_kind_of(p_, t) == type_kind::pointer && !receivers.insert(T::type_elem(p_, t), 1)) return oom();
        }
        auto fn_unknown = [&](index_t g) -> bool {
            const fn_info& gi = fns_[g];
            for (index_t i = 0; i < gi.params_count; ++i) {
                index_t n = ps_node(params_[gi.params_first + i].var);
                if (!ok()) return false;
                ps_unknown(n);
            }
            return true;
        };
        for (index_t g = 0; g < fns_.size(); ++g) {
            const fn_info& gi = fns_[g];
            bool unknown = gi.value || gi.closure;
            if (!unknown && gi.params_count > 0) {
                type_ref first = T::variable_type(p_, params_[gi.params_first].var);
                unknown = receivers.find(first) != nullptr;
            }
            if (unknown && !fn_unknown(g)) return false;
        }
        // captured variables may be written by the closure through its record
        for (index_t g = 0; g < fns_.size(); ++g) {
            if (!fns_[g].closure) continue;
            for (auto&& v : T::captures(p_, fns_[g].ref)) {
                index_t n = ps_node(v);
                if (!ok()) return false;
                ps_unknown(n);
            }
        }
        vector<expr_ref> ops(mem_);
        hash_map<std::string_view, std::uint8_t> names_done(mem_);  // method names whose targets are unknown already
        auto impls_unknown = [&](std::string_view name) -> bool {
            bool inserted = false;
            if (!names_done.insert(name, 1, &inserted)) return oom();
            if (!inserted) return true;
            const impl_t* first;
            std::size_t n;
            if (!impls_of(name, &first, &n)) return false;
            for (std::size_t i = 0; i < n; ++i)
                if (!fn_unknown(first[i].fn)) return false;
            return true;
        };
        auto on_stmt = [&](stmt_ref s, stmt_kind sk, index_t) {
            if (sk == stmt_kind::closure) return visit::skip;
            if (sk != stmt_kind::assign && sk != stmt_kind::range) return visit::descend;
            ops.clear();
            for (auto&& o : T::statement_operands(p_, s))
                if (!ops.push_back(o)) return oom(), visit::stop;
            std::size_t nt = sk == stmt_kind::range ? (ops.size() >= 2 ? 2 : ops.size()) : T::statement_targets(p_, s);
            if (nt > ops.size()) nt = ops.size();
            std::size_t nv = ops.size() - nt;
            assign_form form = sk == stmt_kind::assign ? T::statement_form(p_, s) : assign_form::call;
            bool pairwise = sk == stmt_kind::assign && nv == nt &&
                            (form == assign_form::plain || form == assign_form::define || form == assign_form::pair);
            for (std::size_t i = 0; i < nt; ++i) {
                if (T::expression_kind(p_, ops[i]) != expr_kind::var) continue;  // a store into memory
                index_t n = ps_node(T::referenced_variable(p_, ops[i]));
                if (!ok()) return visit::stop;
                if (n == invalid_index) continue;
                if (!pairwise) ps_unknown(n);
                else if (!ps_flow(n, ops[nt + i])) return visit::stop;
            }
            return visit::descend;
        };
        auto on_expr = [&](expr_ref e, expr_kind k) {
            if (k == expr_kind::addr) {
                // &v, &v.f, &v[i] on a value: v may be written through the pointer
                expr_ref x = e;
                for (;;) {
                    expr_ref inner{};
                    bool has = false;
                    for (auto&& o : T::expression_operands(p_, x)) {
                        inner = o;
                        has = true;
                        break;
                    }
                    if (!has) break;
                    x = inner;
                    expr_kind xk = T::expression_kind(p_, x);
                    if (xk == expr_kind::var) {
                        index_t n = ps_node(T::referenced_variable(p_, x));
                        if (!ok()) return visit::stop;
                        ps_unknown(n);
                        break;
                    }
                    if (xk != expr_kind::field && xk != expr_kind::index) break;
                }
            } else if (k == expr_kind::method_value) {
                // x.M as a value: M of x's type (or of every converted type) called with unknown arguments
                for (auto&& o : T::expression_operands(p_, e)) {
                    type_ref xt = T::expression_type(p_, o);
                    std::string_view name = T::method_name(p_, e);
                    if (T::type_kind_of(p_, xt) == type_kind::interface) {
                        if (!impls_unknown(name)) return visit::stop;
                    } else {
                        function_ref m{};
                        bool deref = false;
                        if (find_impl(xt, name, &m, &deref) && fn_of(m) != invalid_index && !fn_unknown(fn_of(m))) return visit::stop;
                    }
                    break;
                }
            } else if (k == expr_kind::call_method) {
                // every implementation of M is a possible target (with a host whose type handles
                // are canonical the receiver rule above already covers them)
                if (!impls_unknown(T::method_name(p_, e))) return visit::stop;
            } else if (k == expr_kind::call) {
                index_t g = fn_of(T::referenced_function(p_, e));
                if (g == invalid_index || !fns_[g].body) return visit::descend;
                const fn_info& gi = fns_[g];
                std::size_t nargs = 0;
                for (auto&& o : T::expression_operands(p_, e)) {
                    (void)o;
                    ++nargs;
                }
                bool spread = false;
                if constexpr (has_is_spread<T, P>::value) spread = T::is_spread(p_, e);
                if (nargs != gi.params_count || spread) {
                    if (!fn_unknown(g)) return visit::stop;
                    return visit::descend;
                }
                index_t i = 0;
                for (auto&& o : T::expression_operands(p_, e)) {
                    index_t n = ps_node(params_[gi.params_first + i].var);
                    if (!ok() || !ps_flow(n, o)) return visit::stop;
                    ++i;
                }
            }
            return visit::descend;
        };
        for (index_t f = 0; f < fns_.size(); ++f)
            if (fns_[f].body && !walk_body(f, stmt_order::mirrored, on_stmt, on_expr)) return false;
        // the fixpoint: sets only grow (an unknown set stays unknown), each at most capacity + 1 times
        std::size_t nn = ps_sets_.size();
        vector<index_t> out_first(mem_), out(mem_), work(mem_);
        vector<std::uint8_t> queued(mem_);
        if (!out_first.resize(nn + 1, 0) || !out.resize(ps_edges_.size(), 0) || !queued.resize(nn, 1)) return oom();
        for (std::uint64_t ed : ps_edges_) ++out_first[static_cast<index_t>(ed >> 32) + 1];
        for (std::size_t i = 0; i < nn; ++i) out_first[i + 1] += out_first[i];
        {
            vector<index_t> fill(mem_);
            if (!fill.append(out_first.data(), nn)) return oom();
            for (std::uint64_t ed : ps_edges_) out[fill[static_cast<index_t>(ed >> 32)]++] = static_cast<index_t>(ed & 0xFFFFFFFFu);
        }
        for (index_t n = 0; n < nn; ++n)
            if (!work.push_back(n)) return oom();
        while (!work.empty()) {
            index_t n = work.back();
            work.pop_back();
            queued[n] = 0;
            const type_set src = ps_sets_[n];
            for (index_t j = out_first[n]; j < out_first[n + 1]; ++j) {
                index_t d = out[j];
                type_set& ds = ps_sets_[d];
                if (ds.top) continue;
                bool changed = false;
                if (src.top) {
                    ds = type_set::unknown();
                    changed = true;
                } else {
                    for (std::uint32_t el : src) {
                        if (ds.top) break;
                        changed = ds.insert(el) || changed;
                    }
                }
                if (changed && !queued[d]) {
                    queued[d] = 1;
                    if (!work.push_back(d)) return oom();
                }
            }
        }
        // each parameter's converged set; empty: no caller in the IR, unknown
        for (index_t g = 0; g < fns_.size(); ++g) {
            const fn_info& gi = fns_[g];
            for (index_t i = 0; i < gi.params_count; ++i) {
                param_info& pi = params_[gi.params_first + i];
                const index_t* n = ps_index_.find(pi.var);
                if (n == nullptr) continue;
                const type_set& s = ps_sets_[*n];
                if (!s.top && s.size > 0) pi.types = s;
            }
        }
        return ok();
    }
}

/// The known set of the subject parameter of conditional sink `sink`, or nullptr (unknown: the
/// closed world's answer applies).
template <class P, class T>
const typename engine<P, T>::type_set* engine<P, T>::param_set_of_sink(index_t sink) noexcept {
    if (sink == invalid_index || L(sink).kind != loc_kind::sink) return nullptr;
    const sink_info& si = b_.sinks[L(sink).sink];
    const fn_info& fi = fns_[si.fn];
    if (si.subject >= fi.params_count) return nullptr;
    const type_set& s = params_[fi.params_first + si.subject].types;
    if (s.top || s.size == 0) return nullptr;
    return &s;
}

/// add_fallback with the subject parameter's set known: each element that names a target applies
/// it (f(g, deref)); one that names no target there is skipped; an element of the right kind whose
/// method the IR lacks, or a function of another arity, is the heap (*heap). false when no element
/// names a target (the caller then takes the closed world's answer).
template <class P, class T>
template <class F>
bool engine<P, T>::param_set_fallback(const type_set& s, bool value_call, std::string_view method, index_t nargs, bool* heap,
                                      F&& f) noexcept {
    bool any = false;
    *heap = false;
    for (std::uint32_t el : s) {
        std::uint32_t kind = el & el_kind_mask, idx = el & el_index_mask;
        if (kind == el_type && !value_call) {
            any = true;
            impl_t im;
            if (resolve_method(idx, method, &im)) f(im.fn, im.deref);
            else *heap = true;
        } else if (kind == el_func && value_call) {
            any = true;
            if (nargs == invalid_index || fns_[idx].params_count == nargs) f(idx, false);
            else *heap = true;
        }
    }
    return any;
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_DISPATCH_PARAMS_HPP
