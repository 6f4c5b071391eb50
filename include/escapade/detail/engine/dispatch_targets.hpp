// escapade/detail/engine/dispatch_targets.hpp - dispatch: the possible targets of dynamic calls.
//
// dispatch=closed/context: every dynamic type the program converts to an interface and every
// function used as a value (recorded by scan_references, numbered and checked by dispatch_setup);
// the methods each type has in the IR (find_impl, resolve_method, impls_of); the check that a
// converted type has every method of the interface; and the call-graph edges to every possible
// target of a dynamic call (add_dispatch_edges, from the dynamic calls scan_references recorded),
// so that targets are summarised before their callers where the call graph allows.
//
// Cost: dispatch_setup O(conversions x interface methods); impls_of, cached per method name,
// O(dynamic types) per name, or with ir_traits::method_receivers O(m log m) for the name's m
// receivers and the converted types among them; add_dispatch_edges O(dynamic calls of the body +
// targets of each method name or arity called in it).
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
/// them: type-set elements name them by that number), each checked against its interface. The
/// conversions, like the functions used as values, were recorded by scan_references
/// (record_dispatch) in walk order.
template <class P, class T>
bool engine<P, T>::dispatch_setup() noexcept {
    if (!closed_) return true;
    if constexpr (!has_find_method<T, P>::value) {
        return fail(errc::unsupported, {}, "dispatch=closed and dispatch=context need ir_traits::find_method (the method tables)");
    } else {
        for (expr_ref e : conversions_) {
            for (auto&& o : T::expression_operands(p_, e)) {
                type_ref ot = T::expression_type(p_, o);
                if (T::type_kind_of(p_, ot) != type_kind::interface) {
                    if (dyn_type_elem(ot) == el_top && !ok()) return false;
                    if (!check_method_set(e, ot)) return false;
                }
                break;
            }
        }
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

/// Indexes the converted pointer types not indexed yet by their element type (impls_of with
/// ir_traits::method_receivers: a *T has the methods of T). O(new dynamic types).
template <class P, class T>
bool engine<P, T>::index_pointer_elems() noexcept {
    if (!pointer_elem_prev_.resize(dyn_types_.size(), invalid_index)) return oom();
    for (; pointer_elems_done_ < dyn_types_.size(); ++pointer_elems_done_) {
        index_t i = pointer_elems_done_;
        type_ref t = dyn_types_[i];
        if (T::type_kind_of(p_, t) != type_kind::pointer) continue;
        bool inserted = false;
        index_t* last = pointer_elem_last_.insert(T::type_elem(p_, t), i, &inserted);
        if (last == nullptr) return oom();
        if (!inserted) {
            pointer_elem_prev_[i] = *last;
            *last = i;
        }
    }
    return true;
}

/// The implementations of `method` among the converted types, in the order of dyn_types_,
/// cached per name. Without ir_traits::method_receivers every converted type is asked
/// (resolve_method). With it, only the candidates: a converted type t has an implementation
/// only if find_method succeeds for t or, for a pointer t, for its element (find_impl), that is
/// if t or its element is among the receivers the host lists; the candidates, sorted and
/// without repeats, are then asked the same question, so the answer is the same list.
template <class P, class T>
bool engine<P, T>::impls_of(std::string_view method, const impl_t** first, std::size_t* n) noexcept {
    if (const std::uint64_t* c = impl_cache_.find(method)) {
        *first = impls_.data() + (*c >> 32);
        *n = static_cast<std::size_t>(*c & 0xFFFFFFFFu);
        return true;
    }
    std::size_t start = impls_.size();
    if constexpr (has_method_receivers<T, P>::value && has_find_method<T, P>::value) {
        if (!index_pointer_elems()) return false;
        vector<index_t>& cand = impl_candidates_;
        cand.clear();
        for (auto&& r : T::method_receivers(p_, method)) {
            type_ref rt = r;
            if (const index_t* i = dyn_type_index_.find(rt); i != nullptr && !cand.push_back(*i)) return oom();
            if (const index_t* j = pointer_elem_last_.find(rt))
                for (index_t k = *j; k != invalid_index; k = pointer_elem_prev_[k])
                    if (!cand.push_back(k)) return oom();
        }
        if (!stable_sort(cand.data(), cand.size(), [](index_t a, index_t b) { return a < b; }, mem_)) return oom();
        for (std::size_t i = 0; i < cand.size(); ++i) {
            if (i > 0 && cand[i] == cand[i - 1]) continue;
            impl_t im;
            if (resolve_method(cand[i], method, &im) && !impls_.push_back(im)) return oom();
        }
    } else {
        for (index_t t = 0; t < dyn_types_.size(); ++t) {
            impl_t im;
            if (resolve_method(t, method, &im) && !impls_.push_back(im)) return oom();
        }
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
    const fn_info& fi = fns_[f];
    for (index_t c = 0; c < fi.dcalls_count; ++c) {
        const dyn_call& dc = dcalls_[fi.dcalls_first + c];
        if (dc.arity == invalid_index) {  // a method call
            const impl_t* first;
            std::size_t n;
            if (!impls_of(dc.method, &first, &n)) return false;
            if (n == 0) continue;
            int fresh = first_time(2 * static_cast<std::size_t>(first - impls_.data()));
            if (fresh < 0) return false;
            if (fresh == 0) continue;
            for (std::size_t i = 0; i < n; ++i)
                if (!targets.push_back(first[i].fn)) return oom();
        } else {
            // With dispatch=context, function literals are not ordered before the functions
            // that call values: a literal is analysed with its enclosing function, which
            // usually calls the higher-order function (apply(func(...){...}, &x)); an edge here
            // would merge them into one SCC and lose per-call-site resolution, which resolves
            // the literal as a same-batch target instead. Where a literal is a possible target
            // before it is analysed, the call's arguments go to the heap (fallback_hole on an
            // untagged target), which is sound. dispatch=closed has no per-call-site
            // resolution: there the merge is what keeps higher-order calls precise.
            index_t nargs = dc.arity;
            int fresh = first_time(2 * static_cast<std::size_t>(nargs) + 1);
            if (fresh < 0) return false;
            if (fresh == 0) continue;
            for (index_t g : value_fns_)
                if ((!context_ || !fns_[g].closure) && fns_[g].params_count == nargs && !targets.push_back(g)) return oom();
        }
    }
    return ok();
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_DISPATCH_TARGETS_HPP
