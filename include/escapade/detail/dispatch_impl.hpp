// escapade/detail/dispatch_impl.hpp - closed-world and context-sensitive dispatch (analysis.hpp,
// "Dynamic calls"). Part of the engine; included by engine.hpp.
//
// Type and callee sets. While a batch is lowered, every value of interface or function type that
// flows with 0 dereferences into a location records a fact there: a dynamic type (at a conversion
// I(x), where x's static type is known), a function (a function value or literal), "unknown" (a
// load through a pointer, a global, a map, a channel, the result of a dynamic call...), or, with
// dispatch=context, "whatever the callers pass for parameter q". Locations whose address is taken
// can be written through pointers and start as unknown. The facts are propagated along the
// 0-dereference edges of the same location graph with solve.hpp's forward_fixpoint, over the
// capped_set lattice (more than 8 elements = unknown).
//
// Resolution. A dynamic call's receiver (or function value) then has a set:
//   - concrete types / functions: the call's flows are those of each target's summary (joined);
//   - unknown (also: empty once the sets have converged, or a type without the method): with
//     world=closed, every implementation of the method among the types the program ever converts
//     to an interface (or every function used as a value with the right arity), and the heap when
//     there is none; with world=open, the heap;
//   - a parameter q (dispatch=context): the arguments flow into conditional sinks "argument j of
//     method M of the dynamic type of q". Locals reaching a sink get the closed-world answer (pass
//     A, through fallback edges); parameters reaching one get a conditional summary (pass B, the
//     same walk without the fallback edges and with the sinks as roots), which each caller resolves
//     with the type set of its own argument for q: recursively through wrappers (the caller's own
//     parameter becomes the subject of a new sink), or closed-world when that set is unknown.
// New flows can add types to sets, so propagation and resolution repeat until nothing changes
// (sets only grow, and each (call, target) pair is applied once).
//
// Soundness notes: results of dynamic calls are "unknown" values; conditional flows that reach a
// target's results are treated as heap flows; a conditional flow of a parameter that passes through
// an address-of (so its exact level is not known) counts as a flow at level 0 whenever the target
// leaks the argument at any level. Calls inside an SCC are wired directly, as for static calls.
//
// Complexity: propagation O(E * 9) per round; resolution O(calls * targets). Each round that
// changes anything applies a new (call, element) pair, and a call sees at most 10 distinct elements
// (8 before its set becomes unknown, unknown itself, the empty-set pass): at most 10 * calls + 3
// rounds, a bound checked at run time (exceeding it gives up the batch with reason `budget`).
#ifndef ESCAPADE_DETAIL_DISPATCH_IMPL_HPP
#define ESCAPADE_DETAIL_DISPATCH_IMPL_HPP

#include "engine.hpp"  // compiles alone too (engine.hpp includes this file at its end)

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

template <class P, class T>
bool engine<P, T>::dispatch_setup() noexcept {
    if (!closed_) return true;
    if constexpr (!has_find_method<T, P>::value) {
        return fail(errc::unsupported, {}, "dispatch=closed and dispatch=context need ir_traits::find_method (the method tables)");
    } else {
        // Every dynamic type the program converts to an interface, and every function used as a value.
        vector<stmt_ref> stmts(mem_);
        vector<expr_ref> exprs(mem_);
        for (index_t f = 0; f < fns_.size(); ++f) {
            if (!fns_[f].body) continue;
            stmts.clear();
            for (auto&& s : T::body(p_, fns_[f].ref))
                if (!stmts.push_back(s)) return oom();
            // The same bound as scan_references: a cycle in the host's IR must not hang this walk.
            const std::size_t max_body_nodes = opt_.max_body_nodes;
            std::size_t visited = 0;
            while (!stmts.empty()) {
                if (++visited > max_body_nodes || exprs.size() > max_body_nodes)
                    return fail(errc::limit_exceeded, T::function_position(p_, fns_[f].ref),
                                "the body of '%.*s' has more than %zu statements and expressions (a cycle in the host's IR?)",
                                int(T::function_name(p_, fns_[f].ref).size()), T::function_name(p_, fns_[f].ref).data(), max_body_nodes);
                stmt_ref s = stmts.back();
                stmts.pop_back();
                if (T::statement_kind(p_, s) == stmt_kind::closure) continue;
                for (auto&& c : T::statement_children(p_, s))
                    if (!stmts.push_back(c)) return oom();
                for (auto&& c : T::statement_else(p_, s))
                    if (!stmts.push_back(c)) return oom();
                for (auto&& e : T::statement_operands(p_, s))
                    if (!exprs.push_back(e)) return oom();
                while (!exprs.empty()) {
                    if (++visited > max_body_nodes)
                        return fail(errc::limit_exceeded, T::function_position(p_, fns_[f].ref),
                                    "the body of '%.*s' has more than %zu statements and expressions (a cycle in the host's IR?)",
                                    int(T::function_name(p_, fns_[f].ref).size()), T::function_name(p_, fns_[f].ref).data(), max_body_nodes);
                    expr_ref e = exprs.back();
                    exprs.pop_back();
                    expr_kind k = T::expression_kind(p_, e);
                    if (k == expr_kind::to_iface) {
                        for (auto&& o : T::expression_operands(p_, e)) {
                            type_ref ot = T::expression_type(p_, o);
                            if (T::type_kind_of(p_, ot) != type_kind::interface) {
                                if (dyn_type_elem(ot) == el_top && !ok()) return false;
                                if (!check_method_set(e, ot)) return false;
                            }
                            break;
                        }
                    } else if (k == expr_kind::func_ref || k == expr_kind::closure) {
                        index_t g = fn_of(T::referenced_function(p_, e));
                        if (g != invalid_index && !fns_[g].value) {
                            fns_[g].value = true;
                            if (!value_fns_.push_back(g)) return oom();
                        }
                    } else if (k == expr_kind::method_value) {
                        method_values_ = true;
                    }
                    for (auto&& o : T::expression_operands(p_, e))
                        if (!exprs.push_back(o)) return oom();
                }
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

template <class P, class T>
bool engine<P, T>::add_dispatch_edges(index_t f, vector<index_t>& targets) noexcept {
    // Every possible target of a dynamic call in f is analysed before f or with it (same SCC):
    // summaries are final when f's calls are resolved, and recursion through dynamic calls is an
    // SCC like any other.
    vector<stmt_ref> stmts(mem_);
    vector<expr_ref> exprs(mem_);
    for (auto&& s : T::body(p_, fns_[f].ref))
        if (!stmts.push_back(s)) return oom();
    while (!stmts.empty()) {
        stmt_ref s = stmts.back();
        stmts.pop_back();
        if (T::statement_kind(p_, s) == stmt_kind::closure) continue;
        for (auto&& c : T::statement_children(p_, s))
            if (!stmts.push_back(c)) return oom();
        for (auto&& c : T::statement_else(p_, s))
            if (!stmts.push_back(c)) return oom();
        for (auto&& e : T::statement_operands(p_, s))
            if (!exprs.push_back(e)) return oom();
        while (!exprs.empty()) {
            expr_ref e = exprs.back();
            exprs.pop_back();
            expr_kind k = T::expression_kind(p_, e);
            if (k == expr_kind::call_method) {
                const impl_t* first;
                std::size_t n;
                if (!impls_of(T::method_name(p_, e), &first, &n)) return false;
                for (std::size_t i = 0; i < n; ++i)
                    if (!targets.push_back(first[i].fn)) return oom();
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
                for (index_t g : value_fns_)
                    if ((!context_ || !fns_[g].closure) && fns_[g].params_count == nargs && !targets.push_back(g)) return oom();
            }
            for (auto&& o : T::expression_operands(p_, e))
                if (!exprs.push_back(o)) return oom();
        }
    }
    return true;
}

/// Whether a value of type t may hold an interface or function value inline (not behind a
/// pointer): an interface, a function, or a struct or array containing one. Such values carry type
/// sets (a struct's set is the union of its fields'). Iterative; answers true when unsure.
template <class P, class T>
bool engine<P, T>::holds_dynamic(type_ref t) const noexcept {
    type_ref stack[64];
    std::size_t n = 0, visits = 0;
    stack[n++] = t;
    while (n > 0) {
        type_ref u = stack[--n];
        if (++visits > 4096) return true;
        type_kind k = T::type_kind_of(p_, u);
        if (k == type_kind::interface || k == type_kind::func) return true;
        if (!T::type_has_pointers(p_, u)) continue;
        if (k == type_kind::array) {
            stack[n++] = T::type_elem(p_, u);
        } else if (k == type_kind::struct_ || k == type_kind::tuple) {
            if constexpr (has_struct_field_count<T, P>::value && has_struct_field_type<T, P>::value) {
                if (k == type_kind::tuple) return true;
                std::size_t c = T::struct_field_count(p_, u);
                for (std::size_t i = 0; i < c; ++i) {
                    if (n == 64) return true;
                    stack[n++] = T::struct_field_type(p_, u, i);
                }
            } else {
                return true;
            }
        }
    }
    return false;
}

/// Facts for a value that may hold an interface or function value flowing into k (see the file
/// comment).
template <class P, class T>
bool engine<P, T>::value_facts(hole k, expr_ref e, expr_kind kind) noexcept {
    // model=precise: a global has no location, so `&G` (also &G.f, &G[i]) adds none to the
    // pointer's points-to set; it points to unknown storage (found by the soundness oracle:
    // `p := &G; *p = &x` must send x to the heap, tests/regressions/precise-store-through-address-of-global.ir).
    if (precise_ && k.derefs < 0 && kind == expr_kind::var && k.dst != blank_ && k.dst != heap_ && k.dst != invalid_index &&
        T::variable_kind(p_, T::referenced_variable(p_, e)) == var_kind::global) {
        if (!facts_.push_back(fact{k.dst, el_top})) return oom();
        return ok();
    }
    if (!tracking_ || k.derefs != 0 || k.dst == blank_ || k.dst == heap_ || k.dst == invalid_index) return true;
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
    case expr_kind::var:
        if (T::variable_kind(p_, T::referenced_variable(p_, e)) == var_kind::global) record_fact(k, el_top);
        return ok();
    case expr_kind::convert:
        // between interface, function or struct types: the same value, whose set flows along the
        // edge (conversions from unsafe.Pointer or uintptr cannot produce such values). A pointer
        // made from a scalar (uintptr -> unsafe.Pointer, model=precise) points to unknown storage.
        if (precise_ && tk != type_kind::interface && tk != type_kind::func) {
            for (auto&& o : T::expression_operands(p_, e)) {
                if (!T::type_has_pointers(p_, T::expression_type(p_, o))) record_fact(k, el_top);
                break;
            }
        }
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
    case expr_kind::deref:
    case expr_kind::field_ptr:
    case expr_kind::index_ptr:
    case expr_kind::index_map:
    case expr_kind::recv:
    case expr_kind::method_value:
    case expr_kind::call:
    case expr_kind::call_method:
    case expr_kind::call_value:
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
bool engine<P, T>::pending_dynamic(const hole* ks, std::size_t nks, bool has_ks, expr_ref call, pending_kind kind,
                                   index_t static_fn) noexcept {
    vector<expr_ref>& args = call_args_;  // filled by do_call
    pending_call pc;
    pc.kind = kind;
    pc.call = call;
    pc.fn = cur_fn_;
    pc.callee = static_fn;
    pc.has_ks = has_ks;
    if (kind == pending_kind::method) pc.method = T::method_name(p_, call);
    pc.ks_first = static_cast<index_t>(holes_.size());
    pc.ks_count = static_cast<index_t>(nks);
    for (std::size_t i = 0; i < nks; ++i) {
        if (!holes_.push_back(ks[i])) return oom();
        // a dynamic call's results (and a summarised callee's) are values of unknown dynamic type
        record_fact(ks[i], el_top);
    }
    std::size_t first = kind == pending_kind::conditions ? 0 : 1;  // method: receiver; value: callee
    pc.args_first = static_cast<index_t>(pending_locs_.size());
    std::size_t mark = tasks_.size();
    for (std::size_t i = 0; i < args.size(); ++i) {
        index_t tmp = new_loc(loc_kind::temp, cur_fn_, false);
        if (tmp == invalid_index) return false;
        if (i < first) {
            pc.subject = tmp;
            if (kind == pending_kind::value) {
                // the function value itself is only called
                if (!push_expr(note_expr(loc_hole(tmp), call, "callee operand"), args[i])) return false;
                continue;
            }
        } else if (!pending_locs_.push_back(tmp)) {
            return oom();
        }
        if (kind == pending_kind::conditions) {
            // the callee's unconditional summary applies now; its conditions once types are known
            flow(tag_hole(ks, nks, has_ks, static_fn, i, true), tmp);
        }
        if (!push_expr(note_expr(loc_hole(tmp), call, "call parameter"), args[i])) return false;
    }
    std::reverse(tasks_.begin() + mark, tasks_.end());
    pc.args_count = static_cast<index_t>(pending_locs_.size() - pc.args_first);
    if (!pending_.push_back(pc)) return oom();
    return ok();
}

template <class P, class T>
bool engine<P, T>::propagate_types() noexcept {
    std::size_t n = graph_.node_count();
    tsets_.clear();
    if (!tsets_.resize(n, type_set::bottom())) return oom();
    for (const fact& f : facts_) {
        if (f.elem == el_top) tsets_[f.loc] = type_set::unknown();
        else tsets_[f.loc].insert(f.elem);
    }
    // A variable whose address is taken may be written through a pointer.
    for (index_t l = 0; l < n; ++l)
        if (L(l).addrtaken && (L(l).kind == loc_kind::variable || L(l).kind == loc_kind::allocation)) tsets_[l] = type_set::unknown();
    bool precise = precise_;
    auto transfer = [precise](const type_set& at_src, const flow_data& e, type_set* out) -> bool {
        if (e.derefs != 0) return false;
        if (e.flags & edge_no_types) {
            // a concrete value boxed into an interface: its dynamic types are not the interface's,
            // but (model=precise) what it points to still is what the interface points to
            if (!precise) return false;
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
        *out = at_src;
        return true;
    };
    if (!forward_fixpoint(graph_, tsets_, transfer, mem_)) return oom();
    return true;
}

template <class P, class T>
index_t engine<P, T>::new_sink(index_t fn, index_t subject, std::string_view method, index_t arg) noexcept {
    index_t l = new_loc(loc_kind::sink, fn, false);
    if (l == invalid_index) return l;
    L(l).sink = static_cast<index_t>(sinks_.size());
    L(l).reported = false;
    if (!sinks_.push_back(sink_info{fn, subject, method, arg})) return oom(), invalid_index;
    if (!tsets_.push_back(type_set::bottom())) return oom(), invalid_index;
    return l;
}

/// The hole for argument `param_index` of a resolved target: the target's parameter location when
/// it is in this batch, else its closed-world summary (`fallback`), shifted by `extra` derefs.
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::fallback_hole(const hole* ks, std::size_t nks, bool has_ks, index_t fn,
                                                         std::size_t i, std::int32_t extra) noexcept {
    const fn_info& fi = fns_[fn];
    if (i >= fi.params_count) return heap_hole(reason::dynamic_call);
    const param_info& pi = params_[fi.params_first + i];
    if (in_batch(fn)) {
        if (!pi.named) return discard_hole();
        return shift(loc_hole(var_loc(pi.var)), extra);
    }
    if (!fi.tagged) return heap_hole(reason::dynamic_call);  // analysed later (a function literal): the worst
    hole hs[1 + leak_summary::max_results];
    std::size_t n = 0;
    const leak_summary& tag = pi.fallback;
    if (tag.heap() >= 0) hs[n++] = shift(heap_hole(fi.body ? reason::leaked_by_callee : reason::external_call, fn), tag.heap() + extra);
    if (has_ks)
        for (int r = 0; r < leak_summary::max_results; ++r)
            if (tag.result(r) >= 0 && static_cast<std::size_t>(r) < nks) hs[n++] = shift(ks[r], tag.result(r) + extra);
    for (std::size_t j = 0; j < n; ++j) hs[j].addrtaken = false;
    return tee(hs, n);
}

/// Stand-in for a conditional sink in pass A (what a local reaching it must assume): with a closed
/// world, every candidate target's summary; with an open world, or when the program has no
/// candidate at all, the heap. nargs == invalid_index: the arity of the call is not known (every
/// function value is a candidate).
template <class P, class T>
bool engine<P, T>::add_fallback(index_t from, const hole* ks, std::size_t nks, bool has_ks, std::string_view method, bool value_call,
                                index_t arg, index_t nargs) noexcept {
    auto emit = [&](hole h) {
        h.flags |= edge_fallback;
        flow(h, from);
    };
    std::size_t candidates = 0;
    if (!world_closed_) {
        // open world: the targets are not all in the IR
    } else if (value_call) {
        if (!method_values_) {
            for (index_t g : value_fns_)
                if (nargs == invalid_index || fns_[g].params_count == nargs) {
                    emit(fallback_hole(ks, nks, has_ks, g, arg, 0));
                    if (arg == 0) batch_results(ks, nks, has_ks, g);
                    ++candidates;
                }
        }
    } else {
        const impl_t* first;
        std::size_t n;
        if (!impls_of(method, &first, &n)) return false;
        for (std::size_t i = 0; i < n; ++i) {
            emit(fallback_hole(ks, nks, has_ks, first[i].fn, arg, arg == 0 && first[i].deref ? 1 : 0));
            if (arg == 0) batch_results(ks, nks, has_ks, first[i].fn);
        }
        candidates = n;
    }
    if (candidates == 0) emit(heap_hole(reason::dynamic_call));
    return ok();
}

/// A dynamic call resolved to a target in the current batch: the target's parameters are
/// locations of this graph (fallback_hole), so what reaches its results must reach the call's
/// destinations through the result variables, as for a static call (do_call). Without this a
/// self-recursive method called through an interface lost `param -> result -> heap` (found by the
/// soundness oracle, program seed 207852: tests/regressions/closed-self-recursive-dynamic-call.ir).
template <class P, class T>
void engine<P, T>::batch_results(const hole* ks, std::size_t nks, bool has_ks, index_t g) noexcept {
    if (!has_ks || !in_batch(g)) return;
    const fn_info& fi = fns_[g];
    for (std::size_t r = 0; r < nks && r < fi.results_count; ++r) {
        const param_info& res = params_[fi.results_first + r];
        hole k = ks[r];
        if (k.derefs >= 0 && !res.has_pointers) continue;
        flow(k, var_loc(res.var));
    }
}

/// How a dynamic call whose targets the IR does not determine is resolved (resolve_unknown), in
/// words. arity == invalid_index: any arity (a method call, or a condition's inner call).
template <class P, class T>
void engine<P, T>::put_unknown_targets(text_buffer& tb, std::string_view method, index_t arity) noexcept {
    if (!world_closed_) {
        tb.put("targets outside the IR (open world): the heap");
        return;
    }
    std::size_t candidates = 0;
    if (method.empty()) {
        if (!method_values_)
            for (index_t g : value_fns_) candidates += (arity == invalid_index || fns_[g].params_count == arity) ? 1 : 0;
    } else {
        const impl_t* first;
        if (!impls_of(method, &first, &candidates)) return;
    }
    if (candidates == 0) tb.put("no target in the program (closed world): the heap");
    else tb.put("every possible target in the program (closed world)");
}

/// With explain: one note per resolved call, attached to the sites whose address reaches the
/// call's arguments (a read-only backward walk from each argument), and a devirtualization note
/// when a dynamic call has exactly one target.
template <class P, class T>
bool engine<P, T>::describe_resolutions() noexcept {
    if (!opt_.explain || pending_.empty()) return true;
    using note_kind = typename result_type::note_kind;
    char buf[768];
    auto target_name = [&](index_t f) { return T::function_name(p_, fns_[f].ref); };
    for (const pending_call& pc : pending_) {
        if (pc.kind == pending_kind::store) continue;
        text_buffer tb(buf, sizeof buf);
        formatter<P, T> fm{p_};
        bool single = false;
        expr_ref single_callee{};
        index_t single_target = invalid_index;
        if (pc.kind == pending_kind::conditions) {
            const fn_info& fi = fns_[pc.callee];
            bool any = false;
            for (index_t i = 0; i < fi.params_count && i < pc.args_count; ++i) {
                const param_info& par = params_[fi.params_first + i];
                for (index_t ci = 0; ci < par.conds_count; ++ci) {
                    const cond_leak& c = conds_[par.conds_first + ci];
                    if (c.subject >= pc.args_count) continue;
                    const type_set& set = tsets_[pending_locs_[pc.args_first + c.subject]];
                    if (any) tb.put("; ");
                    any = true;
                    tb.put(target_name(pc.callee));
                    tb.put("'s call ");
                    tb.put(T::variable_name(p_, params_[fi.params_first + c.subject].var));
                    if (!c.method.empty()) {
                        tb.put(".");
                        tb.put(c.method);
                    }
                    tb.put(" resolves at this call to ");
                    if (set.top || !names_targets(set, c.method.empty())) {
                        put_unknown_targets(tb, c.method, invalid_index);
                        continue;
                    }
                    bool first = true;
                    for (std::uint32_t el : set) {
                        std::uint32_t kind = el & el_kind_mask, idx = el & el_index_mask;
                        if (kind == el_loc || kind == (c.method.empty() ? el_type : el_func)) continue;
                        index_t g = invalid_index;
                        if (kind == el_type && !c.method.empty()) {
                            impl_t im;
                            if (resolve_method(idx, c.method, &im)) g = im.fn;
                        } else if (kind == el_func && c.method.empty()) {
                            g = idx;
                        }
                        if (!first) tb.put(", ");
                        first = false;
                        if (kind != el_param && g == invalid_index) {
                            tb.put("a value without that method in the IR (the heap)");
                            continue;
                        }
                        if (kind == el_param) {
                            tb.put("whatever the callers pass for ");
                            tb.put(T::variable_name(p_, params_[idx].var));
                            continue;
                        }
                        if (g == invalid_index) continue;
                        tb.put(target_name(g));
                        const fn_info& gi = fns_[g];
                        if (c.arg < gi.params_count && gi.tagged) {
                            const leak_summary& t = params_[gi.params_first + c.arg].fallback;
                            bool keeps = t.heap() >= 0;
                            for (int r = 0; r < leak_summary::max_results; ++r) keeps = keeps || t.result(r) >= 0;
                            tb.put(keeps ? ", which keeps its " : ", which does not keep its ");
                            if (!c.method.empty() && c.arg == 0) tb.put("receiver");
                            else {
                                tb.put("argument ");
                                tb.put_uint(c.method.empty() ? c.arg : c.arg - 1);
                            }
                        }
                    }
                }
            }
            if (!any) continue;
        } else {
            const type_set& set = tsets_[pc.subject];
            expr_ref& callee = single_callee;
            for (auto&& o : T::expression_operands(p_, pc.call)) {
                callee = o;
                break;
            }
            fm.expr(tb, callee);
            if (pc.kind == pending_kind::method) {
                tb.put(".");
                tb.put(pc.method);
            }
            tb.put(" resolves to ");
            if (set.top || !names_targets(set, pc.kind == pending_kind::value)) {
                put_unknown_targets(tb, pc.method, pc.kind == pending_kind::value ? pc.args_count : invalid_index);
            } else {
                bool first = true;
                std::size_t targets = 0;
                for (std::uint32_t el : set) {
                    std::uint32_t kind = el & el_kind_mask, idx = el & el_index_mask;
                    if (kind == el_loc || kind == (pc.kind == pending_kind::value ? el_type : el_func)) continue;
                    if (!first) tb.put(", ");
                    first = false;
                    if (kind == el_param) {
                        tb.put("what the callers pass for ");
                        tb.put(T::variable_name(p_, params_[idx].var));
                        tb.put(" (resolved at each call)");
                        targets += 2;
                        continue;
                    }
                    index_t g = invalid_index;
                    if (kind == el_type && pc.kind == pending_kind::method) {
                        impl_t im;
                        if (resolve_method(idx, pc.method, &im)) g = im.fn;
                    } else if (kind == el_func) {
                        g = idx;
                    }
                    if (g != invalid_index && (pc.kind == pending_kind::method || fns_[g].params_count == pc.args_count)) {
                        tb.put(target_name(g));
                        ++targets;
                        single_target = g;
                    } else {
                        tb.put("a value without such a target in the IR (the heap)");
                        targets += 2;
                    }
                }
                single = targets == 1;
            }
        }
        typename result_type::note nt;
        nt.function = fns_[pc.fn].ref;
        nt.pos = T::expression_position(p_, pc.call);
        nt.kind = note_kind::resolution;
        std::string_view text;
        if (!out_.intern(tb.view(), &text)) return oom();
        nt.text = text;
        if (!out_.mutable_notes().push_back(nt)) return oom();
        if (single && pc.kind == pending_kind::method && single_target != invalid_index) {
            // gc's wording: "devirtualizing i.M to T" (here the target method's name)
            char dbuf[512];
            text_buffer db(dbuf, sizeof dbuf);
            db.put("devirtualizing ");
            fm.expr(db, single_callee);
            db.put(".");
            db.put(pc.method);
            db.put(" to ");
            db.put(target_name(single_target));
            nt.kind = note_kind::devirtualization;
            if (!out_.intern(db.view(), &nt.text) || !out_.mutable_notes().push_back(nt)) return oom();
        }
        // attach to the sites whose address reaches an argument of this call
        struct collect {
            engine* en;
            vector<index_t>* hits;
            walk_value initial() const noexcept { return walk_value{0, reason::none, invalid_index, true}; }
            walk_value extend(const walk_value& v, const flow_data& e) const noexcept {
                std::int32_t base = v.derefs < 0 ? 0 : v.derefs;
                return walk_value{base + e.derefs, reason::none, invalid_index, true};
            }
            bool improves(const walk_value& a, const walk_value& b) const noexcept { return a.derefs < b.derefs; }
            bool skip(index_t) const noexcept { return false; }
            bool follow(const flow_data&) const noexcept { return true; }
            bool visit(index_t l, const walk_value& v) noexcept {
                const location& loc = en->L(l);
                if (v.derefs < 0 && (loc.site || loc.kind == loc_kind::variable)) {
                    if (!hits->push_back(l)) en->oom();
                }
                return true;
            }
        };
        vector<index_t> hits(mem_);
        collect pol{this, &hits};
        for (index_t a = 0; a <= pc.args_count; ++a) {
            index_t root = a < pc.args_count ? pending_locs_[pc.args_first + a] : pc.subject;
            if (root == invalid_index) continue;
            if (!backward_walk(graph_, root, walk_, pol)) return oom();
        }
        std::sort(hits.begin(), hits.end());
        index_t last = invalid_index;
        for (index_t h : hits) {
            if (h == last) continue;
            last = h;
            if (!extra_expl_.push_back(extra_line{h, text})) return oom();
        }
    }
    return ok();
}

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

/// A dynamic call whose targets the IR does not determine (el == el_top: its set is unknown, or
/// empty once the sets have converged, which is not proof that the value is nil): with a closed
/// world, every candidate in the program; with an open world, or when the program has no
/// candidate, the heap (gc's answer).
template <class P, class T>
bool engine<P, T>::resolve_unknown(const pending_call& pc) noexcept {
    bool value_call = pc.kind == pending_kind::value;
    std::size_t candidates = 0;
    if (!world_closed_) {
        // open world: the targets are not all in the IR
    } else if (value_call) {
        if (!method_values_) {
            for (index_t g : value_fns_)
                if (fns_[g].params_count == pc.args_count) {
                    apply_target(pc, g, false);
                    ++candidates;
                }
        }
    } else {
        const impl_t* first;
        std::size_t n;
        if (!impls_of(pc.method, &first, &n)) return false;
        for (std::size_t i = 0; i < n; ++i) apply_target(pc, first[i].fn, first[i].deref);
        candidates = n;
    }
    if (candidates == 0) operands_to_heap(pc);
    return ok();
}

/// The receiver (methods) and the arguments of a dynamic call go to the heap.
template <class P, class T>
void engine<P, T>::operands_to_heap(const pending_call& pc) noexcept {
    hole h = heap_hole(reason::dynamic_call);
    if (pc.kind == pending_kind::method) flow(h, pc.subject);
    for (index_t j = 0; j < pc.args_count; ++j) flow(h, pending_locs_[pc.args_first + j]);
}

/// One resolved target g of a dynamic call: the receiver (methods) and the arguments flow to g's
/// parameters, and a same-batch target's results to the call's destinations.
template <class P, class T>
void engine<P, T>::apply_target(const pending_call& pc, index_t g, bool deref) noexcept {
    const hole* ks = holes_.data() + pc.ks_first;
    std::size_t nks = pc.ks_count;
    bool value_call = pc.kind == pending_kind::value;
    if (!value_call) flow(fallback_hole(ks, nks, pc.has_ks, g, 0, deref ? 1 : 0), pc.subject);
    for (index_t j = 0; j < pc.args_count; ++j)
        flow(fallback_hole(ks, nks, pc.has_ks, g, j + (value_call ? 0 : 1), 0), pending_locs_[pc.args_first + j]);
    batch_results(ks, nks, pc.has_ks, g);
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
        // "whatever callers pass for parameter idx": conditional sinks, one per operand
        const hole* ks = holes_.data() + pc.ks_first;
        const param_info& sp = params_[idx];
        index_t owner = sp.fn;
        index_t subject = idx - fns_[owner].params_first;
        index_t total = value_call ? pc.args_count : pc.args_count + 1;
        for (index_t j = 0; j < total; ++j) {
            index_t c = new_sink(owner, subject, value_call ? std::string_view() : pc.method, j);
            if (c == invalid_index) return false;
            index_t from = value_call ? pending_locs_[pc.args_first + j] : j == 0 ? pc.subject : pending_locs_[pc.args_first + j - 1];
            flow(loc_hole(c), from);
            if (!add_fallback(c, ks, pc.ks_count, pc.has_ks, pc.method, value_call, j, pc.args_count)) return false;
        }
        return ok();
    }
    return resolve_unknown(pc);  // el_param without dispatch=context
}

/// Applies one element of the set of a condition's subject at a call of a function with
/// conditional summaries (dispatch=context): the condition "parameter leaks if method c.method of
/// the subject's dynamic type keeps argument c.arg" with the argument `from` passed here.
template <class P, class T>
bool engine<P, T>::resolve_condition(const cond_leak& c, index_t from, std::uint32_t el) noexcept {
    bool value_call = c.method.empty();
    auto apply = [&](index_t g, bool deref) {
        std::int32_t extra = (!value_call && c.arg == 0 && deref) ? 1 : 0;
        const fn_info& gi = fns_[g];
        if (c.arg >= gi.params_count) {
            flow(heap_hole(reason::dynamic_call), from);
            return;
        }
        if (in_batch(g)) {
            // where the inner call's results go is not known here: a target with pointer results
            // may pass the argument on through them
            bool pointer_results = false;
            for (index_t r = 0; r < gi.results_count; ++r) pointer_results = pointer_results || params_[gi.results_first + r].has_pointers;
            if (c.exact && !pointer_results) flow(shift(loc_hole(var_loc(params_[gi.params_first + c.arg].var)), c.derefs + extra), from);
            else flow(heap_hole(reason::leaked_by_callee, g), from);
            return;
        }
        const leak_summary& t = params_[gi.params_first + c.arg].fallback;
        int lvl = t.heap();
        for (int r = 0; r < leak_summary::max_results; ++r)
            if (t.result(r) >= 0 && (lvl < 0 || t.result(r) < lvl)) lvl = t.result(r);
        if (lvl < 0) return;  // the target keeps nothing of this argument
        std::int32_t level = c.exact ? c.derefs + lvl + extra : 0;
        flow(shift(heap_hole(reason::leaked_by_callee, g), level), from);
    };
    auto unknown = [&]() -> bool {
        std::size_t candidates = 0;
        if (!world_closed_) {
            // open world: the targets are not all in the IR
        } else if (value_call) {
            if (!method_values_) {
                // the arity of the inner call is unknown here: every function value
                for (index_t g : value_fns_) apply(g, false);
                candidates = value_fns_.size();
            }
        } else {
            const impl_t* first;
            std::size_t n;
            if (!impls_of(c.method, &first, &n)) return false;
            for (std::size_t k = 0; k < n; ++k) apply(first[k].fn, first[k].deref);
            candidates = n;
        }
        if (candidates == 0) flow(heap_hole(reason::dynamic_call), from);
        return ok();
    };
    if (el == el_top) return unknown();
    std::uint32_t kind = el & el_kind_mask, idx = el & el_index_mask;
    if (kind == el_loc || kind == (value_call ? el_type : el_func)) return ok();  // not a target (names_targets)
    if (kind == el_type && !value_call) {
        impl_t im;
        if (resolve_method(idx, c.method, &im)) apply(im.fn, im.deref);
        else flow(heap_hole(reason::dynamic_call), from);
        return ok();
    }
    if (kind == el_func && value_call) {
        apply(idx, false);
        return ok();
    }
    if (kind == el_param && context_) {
        // a wrapper: the condition becomes the caller's own, on its parameter
        const param_info& sp = params_[idx];
        index_t owner = sp.fn;
        index_t sink = new_sink(owner, idx - fns_[owner].params_first, c.method, c.arg);
        if (sink == invalid_index) return false;
        hole h = loc_hole(sink);
        if (c.exact) h = shift(h, c.derefs);
        else h.flags |= edge_inexact;
        flow(h, from);
        // The inner call's results are not this call's: where they go is unknown here, so a
        // target's result flows count as heap flows. Its arity is unknown too.
        hole rh[leak_summary::max_results];
        for (hole& h2 : rh) h2 = heap_hole(reason::dynamic_call);
        return add_fallback(sink, rh, leak_summary::max_results, true, c.method, value_call, c.arg, invalid_index);
    }
    return unknown();  // el_param without dispatch=context
}

template <class P, class T>
bool engine<P, T>::resolve_pending() noexcept {
    // Rounds: propagate the sets, apply each (slot, element) pair not applied before, until no
    // pair is new. A slot is a dynamic call, a condition at a call, or a store (model=precise); the
    // slots are numbered in the same order every round, and a pair is keyed slot << 32 | element.
    // Once nothing changes, the sets have converged: a slot whose set is still empty is then
    // treated as unknown (nothing proves the value nil), which may add flows, so rounds go on.
    // Every new pair is one more entry in `applied`, and a slot sees at most capped_set's capacity
    // plus two distinct elements (its set grows, then becomes unknown): the rounds are bounded by
    // that many per slot. The bound is checked; exceeding it (a bug) gives up the batch (`budget`).
    hash_map<std::uint64_t, std::uint8_t> applied(mem_);
    empty_as_unknown_ = false;
    std::uint64_t slots = 0;
    for (std::uint64_t round = 0;; ++round) {
        if (round > 3 + (type_set::capacity + 2) * slots) {
            budget_exceeded_ = true;
            return ok();
        }
        if (!propagate_types()) return false;
        bool added = false;
        std::uint64_t slot = 0;
        auto once = [&](std::uint64_t s, std::uint32_t el) -> int {
            bool inserted = false;
            if (!applied.insert((s << 32) | el, 1, &inserted)) return oom(), -1;
            if (inserted) added = true;
            return inserted ? 1 : 0;
        };
        for (index_t pi = 0; pi < pending_.size(); ++pi) {
            const pending_call pc = pending_[pi];
            cur_fn_ = pc.fn;
            if (pc.kind == pending_kind::conditions) {
                // The callee's conditional flows, per parameter, resolved with the type set of the
                // argument passed for the condition's subject at this call.
                const fn_info& fi = fns_[pc.callee];
                for (index_t i = 0; i < fi.params_count && i < pc.args_count; ++i) {
                    const param_info& par = params_[fi.params_first + i];
                    for (index_t ci = 0; ci < par.conds_count; ++ci) {
                        const cond_leak c = conds_[par.conds_first + ci];
                        if (c.subject >= pc.args_count) continue;
                        index_t from = pending_locs_[pc.args_first + i];
                        const type_set set = tsets_[pending_locs_[pc.args_first + c.subject]];
                        std::uint64_t my_slot = slot++;
                        if (set.top || (empty_as_unknown_ && !names_targets(set, c.method.empty()))) {
                            int r = once(my_slot, el_top);
                            if (r < 0 || (r > 0 && !resolve_condition(c, from, el_top))) return false;
                            continue;
                        }
                        for (std::uint32_t el : set) {
                            int r = once(my_slot, el);
                            if (r < 0 || (r > 0 && !resolve_condition(c, from, el))) return false;
                        }
                    }
                }
                continue;
            }
            std::uint64_t my_slot = slot++;
            const type_set set = tsets_[pc.subject];
            if (pc.kind == pending_kind::store) {
                // every pointee gets the value; an unknown pointer sends it to the heap (gc's rule),
                // and so does one that points nowhere once the sets have converged
                index_t value = pending_locs_[pc.args_first];
                bool unknown = set.top;
                bool pointees = false;
                for (std::uint32_t el : set) {
                    unknown = unknown || (el & el_kind_mask) == el_param;
                    pointees = pointees || (el & el_kind_mask) == el_loc;
                }
                if (unknown || (empty_as_unknown_ && !pointees)) {
                    int r = once(my_slot, el_top);
                    if (r < 0) return false;
                    if (r > 0) flow(heap_hole(reason::stored_through_pointer), value);
                    continue;
                }
                for (std::uint32_t el : set) {
                    if ((el & el_kind_mask) != el_loc) continue;
                    int r = once(my_slot, el);
                    if (r < 0) return false;
                    if (r > 0) flow(loc_hole(el & el_index_mask), value);
                }
                continue;
            }
            // method / value calls
            if (set.top || (empty_as_unknown_ && !names_targets(set, pc.kind == pending_kind::value))) {
                int r = once(my_slot, el_top);
                if (r < 0 || (r > 0 && !resolve_element(pc, el_top))) return false;
                continue;
            }
            for (std::uint32_t el : set) {
                int r = once(my_slot, el);
                if (r < 0 || (r > 0 && !resolve_element(pc, el))) return false;
            }
        }
        slots = slot;
        if (!added) {
            if (empty_as_unknown_) return ok();
            empty_as_unknown_ = true;
        }
    }
}

/// model=precise: `*p = v`, `p.f = v`, `s[i] = v`. The pointer is evaluated into a temporary whose
/// points-to set (the locations whose address reaches it, propagated like type sets) decides where
/// the value goes: into each pointee when all are known, else to the heap as in gc.
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::precise_store(expr_ref ptr, expr_ref target) noexcept {
    index_t p = new_loc(loc_kind::temp, cur_fn_, false);
    index_t v = new_loc(loc_kind::temp, cur_fn_, false);
    if (p == invalid_index || v == invalid_index) return discard_hole();
    pending_call pc;
    pc.kind = pending_kind::store;
    pc.call = target;
    pc.fn = cur_fn_;
    pc.subject = p;
    pc.args_first = static_cast<index_t>(pending_locs_.size());
    pc.args_count = 1;
    if (!pending_locs_.push_back(v) || !pending_.push_back(pc)) return oom(), discard_hole();
    push_expr(note_expr(loc_hole(p), target, "store target"), ptr);
    return loc_hole(v);
}

/// dispatch=context, pass B: the same graph without fallback edges, the conditional sinks as roots.
/// Parameters reaching a sink get conditional flows; their unconditional flows are their tags.
template <class P, class T>
bool engine<P, T>::conditional_pass() noexcept {
    pass_ = 1;
    found_conds_.clear();
    for (index_t l = 0; l < graph_.node_count(); ++l) {
        location& loc = L(l);
        if (l == heap_) continue;
        loc.escaped_in_pass_a = loc.escapes;
        loc.escapes = loc.kind == loc_kind::sink;
        loc.cond_root = loc.kind == loc_kind::sink ? l : invalid_index;
        loc.queued = false;
        loc.param_esc = leak_summary::bottom();
    }
    batch_relaxations_ = 0;
    budget_exceeded_ = false;
    if (!walk_all()) return false;
    pass_ = 0;
    return ok();
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_DISPATCH_IMPL_HPP
