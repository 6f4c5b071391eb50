// escapade/detail/engine/program.hpp - whole-program setup: the function table, the summaries of body-less functions,
// the call graph and its batches.
//
// Before any function is analysed: every function of the host gets a dense index and its parameters
// and results a slot (setup_functions); a body-less function gets its summary from the host's
// declarations or leaks every parameter (external_tags, gc's paramTag for functions without body);
// every body is scanned once for the functions it references (scan_references, the first walk over
// the host's trees, bounded by analysis_options::max_body_nodes; under dispatch=closed/context it
// also records what the closed world's set-up and dispatch edges need, record_dispatch, so that no
// other walk of every body precedes the analysis but the type flow's); the call graph's strongly
// connected components, bottom-up, become the batches (build_batches), closures joining their
// outermost function's batch, as in gc's escape.Funcs.
//
// Cost: O(functions + parameters + IR nodes + call-graph edges); memory O(functions + edges).
#ifndef ESCAPADE_DETAIL_ENGINE_PROGRAM_HPP
#define ESCAPADE_DETAIL_ENGINE_PROGRAM_HPP

#include "engine.hpp"

namespace escapade::detail {

template <class P, class T>
bool engine<P, T>::setup_functions() noexcept {
    for (auto&& f : T::functions(p_)) {
        fn_info fi;
        fi.ref = f;
        fi.closure = T::is_closure(p_, f);
        fi.body = traits_has_body<P, T>(p_, f);
        if constexpr (has_is_wrapper<T, P>::value) fi.wrapper = T::is_wrapper(p_, f);
        index_t i = static_cast<index_t>(fns_.size());
        bool inserted = false;
        if (!fns_.push_back(fi) || !fn_index_.insert(f, i, &inserted)) return oom();
        if (!inserted) return fail(errc::invalid_host_ir, T::function_position(p_, f), "function '%.*s' is listed twice by functions()",
                                   int(T::function_name(p_, f).size()), T::function_name(p_, f).data());
    }
    for (index_t i = 0; i < fns_.size(); ++i) {
        fn_info& fi = fns_[i];
        if (fi.closure) {
            fi.parent = fn_of(T::parent(p_, fi.ref));
            if (fi.parent == invalid_index || fi.parent == i)
                return fail(errc::invalid_host_ir, T::function_position(p_, fi.ref),
                            "closure '%.*s' has a parent that is not among functions()", int(T::function_name(p_, fi.ref).size()),
                            T::function_name(p_, fi.ref).data());
        }
        fi.params_first = static_cast<index_t>(params_.size());
        for (auto&& v : T::params(p_, fi.ref)) {
            param_info pi;
            pi.var = v;
            pi.fn = i;
            pi.has_pointers = T::type_has_pointers(p_, T::variable_type(p_, v));
            std::string_view n = T::variable_name(p_, v);
            pi.named = !n.empty() && n != "_";
            if (!params_.push_back(pi)) return oom();
        }
        fi.params_count = static_cast<index_t>(params_.size() - fi.params_first);
        fi.results_first = static_cast<index_t>(params_.size());
        if constexpr (is_cfg) {
            // a CFG function has one result: what its `return_` instructions return
            param_info pi;
            pi.fn = i;
            pi.result = true;
            if (!params_.push_back(pi)) return oom();
        } else {
            for (auto&& v : T::results(p_, fi.ref)) {
                param_info pi;
                pi.var = v;
                pi.fn = i;
                pi.result = true;
                pi.has_pointers = T::type_has_pointers(p_, T::variable_type(p_, v));
                if (!params_.push_back(pi)) return oom();
            }
        }
        fi.results_count = static_cast<index_t>(params_.size() - fi.results_first);
    }
    // Outermost enclosing function of each closure; a cycle of parents is invalid.
    for (index_t i = 0; i < fns_.size(); ++i) {
        index_t g = i;
        std::size_t steps = 0;
        while (fns_[g].closure) {
            g = fns_[g].parent;
            if (++steps > fns_.size())
                return fail(errc::invalid_host_ir, T::function_position(p_, fns_[i].ref), "closure parents form a cycle");
        }
        fns_[i].outermost = g;
        if (fns_[i].closure) {
            fns_[fns_[i].parent].has_closures = true;
            if (!fns_[i].body) return fail(errc::invalid_host_ir, T::function_position(p_, fns_[i].ref), "a closure must have a body");
        }
        if (!fns_[i].body && !external_tags(i)) return false;
    }
    return true;
}

template <class P, class T>
bool engine<P, T>::external_tags(index_t f) noexcept {
    // gc's paramTag for body-less functions: every pointer parameter leaks to the heap unless the
    // host declares its leaks (a //go:noescape-style summary).
    fn_info& fi = fns_[f];
    fi.tagged = true;
    bool declared = false;
    if constexpr (has_has_declared_leaks<T, P>::value) declared = T::has_declared_leaks(p_, fi.ref);
    for (index_t i = 0; i < fi.params_count; ++i) {
        param_info& pi = params_[fi.params_first + i];
        pi.tag = declared ? leak_summary::bottom() : leak_summary::leaks_everything();
    }
    for (index_t i = 0; i < fi.params_count; ++i) params_[fi.params_first + i].conds_count = 0;
    if constexpr (has_declared_leaks<T, P>::value) {
        if (declared) {
            auto bad = [&](const char* what) {
                return fail(errc::invalid_host_ir, T::function_position(p_, fi.ref), "declared leak of '%.*s' %s",
                            int(T::function_name(p_, fi.ref).size()), T::function_name(p_, fi.ref).data(), what);
            };
            for (auto&& l : T::declared_leaks(p_, fi.ref)) {
                leak_declaration d = l;
                if (d.param >= fi.params_count || d.derefs < 0 || (d.result != invalid_index && d.result >= fi.results_count))
                    return bad("names a parameter or result that does not exist");
                if (d.subject != invalid_index) {
                    if (d.subject >= fi.params_count) return bad("has a condition on a parameter that does not exist");
                    if (d.result != invalid_index) return bad("is conditional and names a result (a conditional leak goes to the heap)");
                    continue;  // conditions: below, grouped per parameter
                }
                leak_summary& tag = params_[fi.params_first + d.param].tag;
                if (d.result == invalid_index) tag.add_heap(d.derefs);
                else if (d.result < static_cast<index_t>(leak_summary::max_results)) tag.add_result(static_cast<int>(d.result), d.derefs);
                else tag.add_heap(d.derefs);
            }
            // Conditional leaks (dispatch=context resolves them at each call; conds_ holds a
            // parameter's conditions contiguously). O(params x declarations).
            for (index_t i = 0; i < fi.params_count; ++i) {
                param_info& pi = params_[fi.params_first + i];
                pi.conds_first = static_cast<index_t>(conds_.size());
                for (auto&& l : T::declared_leaks(p_, fi.ref)) {
                    leak_declaration d = l;
                    if (d.subject == invalid_index || d.param != i) continue;
                    if (!conds_.push_back(cond_leak{d.subject, d.method, d.argument, d.exact ? d.derefs : 0, d.exact})) return oom();
                }
                pi.conds_count = static_cast<index_t>(conds_.size() - pi.conds_first);
            }
        }
    }
    // The summary of callers that do not resolve conditions (every dynamic call, and every mode
    // but context): the declared flows, and the heap for each parameter with a condition, at the
    // smallest level any of its conditions names.
    for (index_t i = 0; i < fi.params_count; ++i) {
        param_info& pi = params_[fi.params_first + i];
        pi.fallback = pi.tag;
        for (index_t c = 0; c < pi.conds_count; ++c) pi.fallback.add_heap(conds_[pi.conds_first + c].derefs);
    }
    return true;
}

/// The first walk over every body, before anything else reads it: the host contract checks
/// (validate.hpp) and the functions each body refers to (refs_, fn_info::refs_first/refs_count).
template <class P, class T>
bool engine<P, T>::scan_program() noexcept {
    if constexpr (is_cfg) {
        if (!cfg_mark_values()) return false;  // CFG hosts: cfg_build.hpp; contract checks per function there
    }
    for (index_t f = 0; f < fns_.size(); ++f) {
        if (!fns_[f].body) continue;
        fns_[f].refs_first = static_cast<index_t>(refs_.size());
        fns_[f].dcalls_first = static_cast<index_t>(dcalls_.size());
        if constexpr (is_cfg) {
            if (!cfg_scan_references(f, refs_)) return false;
        } else if (!scan_references(f, refs_)) {
            return false;
        }
        fns_[f].refs_count = static_cast<index_t>(refs_.size() - fns_[f].refs_first);
        fns_[f].dcalls_count = static_cast<index_t>(dcalls_.size() - fns_[f].dcalls_first);
    }
    return true;
}

/// What the closed world's set-up needs from a body, recorded while scan_references walks it
/// (dispatch=closed/context; one walk instead of three): the conversions to interfaces (their
/// dynamic types are numbered and checked by dispatch_setup, in this order), the functions used
/// as values (value_fns_, in the order first met), whether a method value exists, and the
/// dynamic calls (dcalls_, for the call graph's dispatch edges). e has passed check_expression.
template <class P, class T>
bool engine<P, T>::record_dispatch(expr_ref e, expr_kind k) noexcept {
    switch (k) {
    case expr_kind::to_iface: return conversions_.push_back(e) || oom();
    case expr_kind::func_ref:
    case expr_kind::closure: {
        index_t g = fn_of(T::referenced_function(p_, e));
        if (g != invalid_index && !fns_[g].value) {
            fns_[g].value = true;
            if (!value_fns_.push_back(g)) return oom();
        }
        return true;
    }
    case expr_kind::method_value: method_values_ = true; return true;
    case expr_kind::call_method: return dcalls_.push_back(dyn_call{T::method_name(p_, e), invalid_index}) || oom();
    case expr_kind::call_value: {
        index_t nargs = 0;  // the callee, then the arguments
        for (auto&& o : T::expression_operands(p_, e)) {
            (void)o;
            ++nargs;
        }
        return dcalls_.push_back(dyn_call{std::string_view(), nargs - 1}) || oom();
    }
    default: return true;
    }
}

/// Checks f's body against the host contract and appends the functions it refers to (calls,
/// function values, closures, concrete method values), as dense indices; every referenced function
/// must be among functions(). The walk is bounded (max_body_nodes): a cycle in the host's trees is
/// reported here.
template <class P, class T>
bool engine<P, T>::scan_references(index_t f, vector<index_t>& targets) noexcept {
    contract_.clear();
    auto add = [&](function_ref r, source_pos pos) -> bool {
        index_t g = fn_of(r);
        if (g == invalid_index) return fail(errc::invalid_host_ir, pos, "reference to a function that is not among functions()");
        return targets.push_back(g) || oom();
    };
    auto on_stmt = [&](stmt_ref s, stmt_kind sk, index_t list) {
        if (!check_statement(f, s, sk, list)) return visit::stop;
        if (sk != stmt_kind::closure) return visit::descend;
        return add(traits_declared_closure<P, T>(p_, s), T::statement_position(p_, s)) ? visit::skip : visit::stop;
    };
    auto on_expr = [&](expr_ref e, expr_kind k) {
        switch (k) {
        case expr_kind::call:
        case expr_kind::func_ref:
        case expr_kind::closure:
            if (!add(T::referenced_function(p_, e), T::expression_position(p_, e))) return visit::stop;
            break;
        case expr_kind::method_value:
            if constexpr (has_find_method<T, P>::value) {
                expr_ref recv{};
                for (auto&& o : T::expression_operands(p_, e)) {
                    recv = o;
                    break;
                }
                function_ref m{};
                type_ref rt = T::expression_type(p_, recv);
                if (T::type_kind_of(p_, rt) != type_kind::interface && T::find_method(p_, rt, T::method_name(p_, e), &m) &&
                    !add(m, T::expression_position(p_, e)))
                    return visit::stop;
            }
            break;
        default: break;
        }
        if (!check_expression(e, k) || (closed_ && !record_dispatch(e, k))) return visit::stop;
        return visit::descend;
    };
    return walk_body(f, stmt_order::mirrored, on_stmt, on_expr) && check_gotos(f);
}

/// The walker's result as the engine's status (body_walk.hpp).
template <class P, class T>
bool engine<P, T>::walked(index_t f, walk_result r) noexcept {
    switch (r) {
    case walk_result::done: return ok();
    case walk_result::stopped: return false;
    case walk_result::out_of_memory: return oom();
    case walk_result::too_many_nodes: break;
    }
    return fail(errc::limit_exceeded, T::function_position(p_, fns_[f].ref),
                "the body of '%.*s' has more than %zu statements and expressions (a cycle in the host's IR?)",
                int(T::function_name(p_, fns_[f].ref).size()), T::function_name(p_, fns_[f].ref).data(), opt_.max_body_nodes);
}

/// The call graph (a digraph over functions) and its strongly connected components, bottom-up: the
/// batches. References made inside closures count for the outermost function, and closures join
/// its batch (they are analysed with it, as in gc). `order`: the functions with a body sorted by
/// batch, then by index.
///
/// dispatch=closed/context add an edge from a function to every possible target of its dynamic
/// calls (add_dispatch_edges). Those edges order the batches (targets first where the call graph
/// allows) but do not merge them: a batch is a component of the static call graph (gc's batch).
/// Merging along every dispatch edge (or along those to function literals: sync.Once's f() reaches
/// every literal without parameters, strings.Map's mapping every literal of one rune) made large
/// components in whole programs (every String, Read or Write method with its callers) inside which
/// flows are context-insensitive: a static callee's result shared by all its callers made a
/// parameter that only flows to the result leak to the heap (regexp's doExecute/backtrack dstCap,
/// worse than conservative). A dynamic call whose target comes in a later batch (a cycle through
/// dynamic calls) gets that target's worst summary: the heap (summary_hole on an untagged target).
/// A cycle through dynamic calls of at most analysis_options::max_dispatch_cycle functions (a
/// visitor calling back the walk that called it, mutual recursion through an interface) stays one
/// batch, solved to a fixpoint as before. The batches sort by (component of all edges, component
/// of the merge edges): every merge edge goes to the same batch or an earlier one.
///
/// Cost: two Tarjan passes and a sort, O(F log F + edges).
template <class P, class T>
bool engine<P, T>::build_batches(vector<index_t>& order) noexcept {
    std::size_t n = fns_.size();
    struct edge_t {
        index_t from, to;
        bool merge;  // a static call (or reference): batches merge along it
    };
    vector<edge_t> edges(mem_);
    vector<index_t> refs(mem_);
    // seen[to] == f + 1: f already has an edge to `to`. A dispatch edge that repeats an earlier
    // edge of the same function (every call of Write lists every Write) is left out: Tarjan's
    // search does nothing on a repeated edge (its target is visited; the low link it gives was
    // taken the first time), and the earlier edge is in the merged graph whenever the repeat
    // would be (a static edge always, a dispatch edge by the same small-cycle test), so both
    // graphs' components and their numbering are the same without the repeats.
    vector<index_t> seen(mem_), expanded(mem_);
    if (closed_ && !seen.resize(n, 0)) return oom();
    for (index_t f = 0; f < n; ++f) {
        if (!fns_[f].body) continue;
        refs.clear();
        if (!refs.append(refs_.data() + fns_[f].refs_first, fns_[f].refs_count)) return oom();
        std::size_t static_refs = refs.size();
        if (closed_ && !add_dispatch_edges(f, refs, expanded)) return false;
        index_t from = fns_[f].outermost;
        for (std::size_t i = 0; i < refs.size(); ++i) {
            index_t g = refs[i];
            index_t to = fns_[g].outermost;
            if (closed_) {
                if (i >= static_refs && seen[to] == f + 1) continue;
                seen[to] = f + 1;
            }
            if (!edges.push_back(edge_t{from, to, i < static_refs})) return oom();
        }
    }
    // A digraph iterates a node's edges most recent first: added in reverse, each function's
    // callees come in the order they were found (the depth-first search, and so the order of the
    // batches, depends on it).
    struct none {};
    digraph<none, none> all(mem_), merged(mem_);
    for (std::size_t i = 0; i < n; ++i)
        if (all.add_node() == invalid_index || merged.add_node() == invalid_index) return oom();
    for (std::size_t i = edges.size(); i > 0; --i)
        if (all.add_edge(edges[i - 1].from, edges[i - 1].to, none{}) == invalid_index) return oom();
    scc_result order_scc(mem_), batch_scc(mem_);
    if (!tarjan_scc(all, order_scc, mem_)) return oom();
    // A small cycle through dynamic calls stays one batch (analysis_options::max_dispatch_cycle).
    vector<index_t> cycle_size(mem_);
    if (!cycle_size.resize(order_scc.count(), 0)) return oom();
    for (index_t f = 0; f < n; ++f)
        if (fns_[f].body && !fns_[f].closure) ++cycle_size[order_scc.component(f)];
    for (std::size_t i = edges.size(); i > 0; --i) {
        const edge_t& e = edges[i - 1];
        index_t c = order_scc.component(e.from);
        bool small_cycle = c == order_scc.component(e.to) && cycle_size[c] <= opt_.max_dispatch_cycle;
        if ((e.merge || small_cycle) && merged.add_edge(e.from, e.to, none{}) == invalid_index) return oom();
    }
    if (!tarjan_scc(merged, batch_scc, mem_)) return oom();
    // Batches in bottom-up order; closures join their outermost function's batch.
    vector<index_t> comps(mem_);
    for (std::size_t c = 0; c < batch_scc.count(); ++c) {
        bool any = false;
        for (index_t f : batch_scc.members(c)) any = any || (!fns_[f].closure && fns_[f].body);
        if (any && !comps.push_back(static_cast<index_t>(c))) return oom();
    }
    // the first member orders a component by the component of all edges (its members share it)
    auto key = [&](index_t c) { return order_scc.component(*batch_scc.members(c).begin()); };
    if (!stable_sort(comps.data(), comps.size(), [&](index_t a, index_t b) { return key(a) < key(b); }, mem_)) return oom();
    for (std::size_t b = 0; b < comps.size(); ++b)
        for (index_t f : batch_scc.members(comps[b]))
            if (!fns_[f].closure && fns_[f].body) fns_[f].batch = static_cast<index_t>(b);
    for (index_t f = 0; f < n; ++f)
        if (fns_[f].closure) fns_[f].batch = fns_[fns_[f].outermost].batch;
    // order: functions sorted by batch, then by index (stable, deterministic)
    order.clear();
    if (!order.reserve(n)) return oom();
    for (index_t f = 0; f < n; ++f)
        if (fns_[f].body && !order.push_back(f)) return oom();
    if (!stable_sort(order.data(), order.size(), [&](index_t a, index_t b) { return fns_[a].batch < fns_[b].batch; }, mem_))
        return oom();
    return true;
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_PROGRAM_HPP
