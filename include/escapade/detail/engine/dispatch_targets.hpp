// escapade/detail/engine/dispatch_targets.hpp - dispatch: the possible targets of dynamic calls.
//
// dispatch=closed/context: every dynamic type the program converts to an interface and every
// function used as a value (dispatch_setup); the methods each type has in the IR (find_impl,
// resolve_method, impls_of); the check that a converted type has every method of the interface;
// and the call-graph edges to every possible target of a dynamic call (add_dispatch_edges), so
// that targets are summarised before their callers where the call graph allows.
//
// Cost: dispatch_setup O(IR nodes); impls_of O(dynamic types) per method name, cached;
// add_dispatch_edges O(body + targets of each method name or arity called in the body).
#ifndef ESCAPADE_DETAIL_ENGINE_DISPATCH_TARGETS_HPP
#define ESCAPADE_DETAIL_ENGINE_DISPATCH_TARGETS_HPP

#include "engine.hpp"

namespace escapade::detail {

template <class P, class T>
std::uint32_t engine<P, T>::dyn_type_elem(type_ref t) noexcept {
    bool inserted = false;
    index_t* slot = dyn_type_index_.insert(t, static_cast<index_t>(dyn_types_.size()), &inserted);
    if (slot == nullptr) return oom(), el_top;
    if (inserted && !dyn_types_.push_back(t)) return oom(), el_top;
    if (*slot >= el_index_mask) return el_top;
    return el_type | *slot;
}

/// Every dynamic type the program converts to an interface (numbered in the order the walk meets
/// them: type-set elements name them by that number), and every function used as a value.
template <class P, class T>
bool engine<P, T>::dispatch_setup() noexcept {
    if (!closed_) return true;
    if constexpr (!has_find_method<T, P>::value) {
        return fail(errc::unsupported, {}, "dispatch=closed and dispatch=context need ir_traits::find_method (the method tables)");
    } else {
        auto on_stmt = [](stmt_ref, stmt_kind sk, index_t) { return sk == stmt_kind::closure ? visit::skip : visit::descend; };
        auto on_expr = [&](expr_ref e, expr_kind k) {
            if (k == expr_kind::to_iface) {
                for (auto&& o : T::expression_operands(p_, e)) {
                    type_ref ot = T::expression_type(p_, o);
                    if (T::type_kind_of(p_, ot) != type_kind::interface) {
                        if (dyn_type_elem(ot) == el_top && !ok()) return visit::stop;
                        if (!check_method_set(e, ot)) return visit::stop;
                    }
                    break;
                }
            } else if (k == expr_kind::func_ref || k == expr_kind::closure) {
                index_t g = fn_of(T::referenced_function(p_, e));
                if (g != invalid_index && !fns_[g].value) {
                    fns_[g].value = true;
                    if (!value_fns_.push_back(g)) return oom(), visit::stop;
                }
            } else if (k == expr_kind::method_value) {
                method_values_ = true;
            }
            return visit::descend;
        };
        for (index_t f = 0; f < fns_.size(); ++f)
            if (fns_[f].body && !walk_body(f, stmt_order::mirrored, on_stmt, on_expr)) return false;
        return ok();
    }
}

template <class P, class T>
bool engine<P, T>::find_impl(type_ref t, std::string_view method, function_ref* m, bool* deref) noexcept {
    if constexpr (has_find_method<T, P>::value) {
        if (T::find_method(p_, t, method, m)) {
            // A value that is not pointer-shaped is boxed: the interface holds a pointer to the
            // box, and the method receives a copy of the boxed value (one dereference).
            *deref = !T::type_pointer_shaped(p_, t);
            return true;
        }
        // A *T value has the methods of T too; the receiver is then dereferenced.
        if (T::type_kind_of(p_, t) == type_kind::pointer && T::find_method(p_, T::type_elem(p_, t), method, m)) {
            *deref = true;
            return true;
        }
    } else {
        (void)t, (void)method, (void)m, (void)deref;
    }
    return false;
}

template <class P, class T>
bool engine<P, T>::resolve_method(index_t dyn_type, std::string_view method, impl_t* out) noexcept {
    function_ref m{};
    bool deref = false;
    if (!find_impl(dyn_types_[dyn_type], method, &m, &deref)) return false;
    index_t f = fn_of(m);
    if (f == invalid_index) return false;
    *out = impl_t{dyn_type, f, deref};
    return true;
}

/// A concrete type converted to an interface must have every method of the interface in the IR:
/// a method the IR lacks would make a dynamic call on the converted value look as if it had no
/// target. Checked only when the traits can list an interface's methods; otherwise resolution
/// treats a missing method as an unknown target (heap).
template <class P, class T>
bool engine<P, T>::check_method_set(expr_ref conversion, type_ref concrete) noexcept {
    if constexpr (has_interface_method_count<T, P>::value && has_interface_method_name<T, P>::value) {
        type_ref it = T::expression_type(p_, conversion);
        if (T::type_kind_of(p_, it) != type_kind::interface) return true;
        std::size_t n = T::interface_method_count(p_, it);
        for (std::size_t i = 0; i < n; ++i) {
            std::string_view name = T::interface_method_name(p_, it, i);
            function_ref m{};
            bool deref = false;
            if (find_impl(concrete, name, &m, &deref) && fn_of(m) != invalid_index) continue;
            char tb_buf[256], ib_buf[256];
            text_buffer tb(tb_buf, sizeof tb_buf), ib(ib_buf, sizeof ib_buf);
            formatter<P, T>{p_}.type(tb, concrete);
            formatter<P, T>{p_}.type(ib, it);
            return fail(errc::invalid_host_ir, T::expression_position(p_, conversion),
                        "%.*s is converted to %.*s, but the IR has no method %.*s of %.*s among functions() "
                        "(dispatch=closed/context needs every method of a converted type)",
                        int(tb.view().size()), tb.view().data(), int(ib.view().size()), ib.view().data(), int(name.size()),
                        name.data(), int(tb.view().size()), tb.view().data());
        }
    } else {
        (void)conversion, (void)concrete;
    }
    return true;
}

template <class P, class T>
bool engine<P, T>::impls_of(std::string_view method, const impl_t** first, std::size_t* n) noexcept {
    if (const std::uint64_t* c = impl_cache_.find(method)) {
        *first = impls_.data() + (*c >> 32);
        *n = static_cast<std::size_t>(*c & 0xFFFFFFFFu);
        return true;
    }
    std::size_t start = impls_.size();
    for (index_t t = 0; t < dyn_types_.size(); ++t) {
        impl_t im;
        if (resolve_method(t, method, &im) && !impls_.push_back(im)) return oom();
    }
    std::uint64_t packed = (std::uint64_t(start) << 32) | std::uint64_t(impls_.size() - start);
    if (!impl_cache_.insert(method, packed)) return oom();
    *first = impls_.data() + start;
    *n = impls_.size() - start;
    return true;
}

/// The closed world's answer for a dynamic call whose targets the IR does not determine (the one
/// place that enumerates them): f(g, deref) for each candidate - every implementation of `method`
/// among the types the program converts to interfaces, or, for a call through a function value,
/// every function used as a value with `arity` parameters (invalid_index: any arity). *count says
/// how many. There is none in the open world (the targets are not all in the IR) and none for a
/// function value when the program has a method value (its target is no function of the IR); the
/// caller then sends the operands to the heap. false: out of memory.
template <class P, class T>
template <class F>
bool engine<P, T>::for_each_candidate(bool value_call, std::string_view method, index_t arity, std::size_t* count, F&& f) noexcept {
    *count = 0;
    if (!world_closed_) return true;
    if (value_call) {
        if (method_values_) return true;
        for (index_t g : value_fns_)
            if (arity == invalid_index || fns_[g].params_count == arity) {
                f(g, false);
                ++*count;
            }
        return true;
    }
    const impl_t* first;
    std::size_t n;
    if (!impls_of(method, &first, &n)) return false;
    for (std::size_t i = 0; i < n; ++i) f(first[i].fn, first[i].deref);
    *count = n;
    return true;
}

/// Call-graph edges from f to every possible target of a dynamic call in f, so that targets are
/// analysed before f where the call graph allows (their summaries are final when f's calls are
/// resolved). They order the batches; only those to function literals (dispatch=closed) also merge
/// them (build_batches). A target analysed after f (a cycle through dynamic calls) is the heap.
/// A method name (an arity) already expanded for f adds nothing new: `expanded` marks them with
/// f + 1, a name at 2 x (its first implementation's slot in impls_), an arity at 2 x arity + 1;
/// build_batches drops repeated edges anyway, this saves listing them.
template <class P, class T>
bool engine<P, T>::add_dispatch_edges(index_t f, vector<index_t>& targets, vector<index_t>& expanded) noexcept {
    auto first_time = [&](std::size_t slot) -> int {
        if (slot >= expanded.size() && !expanded.resize(slot + 1, 0)) return oom(), -1;
        if (expanded[slot] == f + 1) return 0;
        expanded[slot] = f + 1;
        return 1;
    };
    auto on_stmt = [](stmt_ref, stmt_kind sk, index_t) { return sk == stmt_kind::closure ? visit::skip : visit::descend; };
    auto on_expr = [&](expr_ref e, expr_kind k) {
        if (k == expr_kind::call_method) {
            const impl_t* first;
            std::size_t n;
            if (!impls_of(T::method_name(p_, e), &first, &n)) return visit::stop;
            if (n == 0) return visit::descend;
            int fresh = first_time(2 * static_cast<std::size_t>(first - impls_.data()));
            if (fresh < 0) return visit::stop;
            if (fresh == 0) return visit::descend;
            for (std::size_t i = 0; i < n; ++i)
                if (!targets.push_back(first[i].fn)) return oom(), visit::stop;
        } else if (k == expr_kind::call_value) {
            std::size_t nargs = 0;
            for (auto&& o : T::expression_operands(p_, e)) {
                (void)o;
                ++nargs;
            }
            --nargs;
            // With dispatch=context, function literals are not ordered before the functions
            // that call values: a literal is analysed with its enclosing function, which
            // usually calls the higher-order function (apply(func(...){...}, &x)); an edge here
            // would merge them into one SCC and lose per-call-site resolution, which resolves
            // the literal as a same-batch target instead. Where a literal is a possible target
            // before it is analysed, the call's arguments go to the heap (fallback_hole on an
            // untagged target), which is sound. dispatch=closed has no per-call-site
            // resolution: there the merge is what keeps higher-order calls precise.
            int fresh = first_time(2 * nargs + 1);
            if (fresh < 0) return visit::stop;
            if (fresh == 0) return visit::descend;
            for (index_t g : value_fns_)
                if ((!context_ || !fns_[g].closure) && fns_[g].params_count == nargs && !targets.push_back(g)) return oom(), visit::stop;
        }
        return visit::descend;
    };
    return walk_body(f, stmt_order::mirrored, on_stmt, on_expr);
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_DISPATCH_TARGETS_HPP
