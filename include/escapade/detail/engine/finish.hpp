// escapade/detail/engine/finish.hpp - finishing a batch: parameter summaries (tags), sites, parameters; the results.
//
// After solving: each parameter's summary becomes its tag (gc's leaks.go: optimize, then what
// callers use); every location that is an allocation site or an address-taken variable becomes a
// site with its verdict, reason and explanation; every parameter a result entry. A batch over its
// work budget gets the conservative answer instead (give_up_batch). finalize_results adds the
// body-less functions' parameters, sorts, and indexes the results by handle.
//
// Cost: O(L + parameters) per batch; finalize O(n log n) in sites and parameters.
#ifndef ESCAPADE_DETAIL_ENGINE_FINISH_HPP
#define ESCAPADE_DETAIL_ENGINE_FINISH_HPP

#include "engine.hpp"

namespace escapade::detail {

template <class P, class T>
bool engine<P, T>::give_up_batch() noexcept {
    // Over budget: the conservative answer. Every site of the batch goes to the heap and every
    // parameter leaks to the heap.
    for (index_t l = 0; l < b_.graph.node_count(); ++l) {
        location& loc = L(l);
        if (l == b_.heap || l == b_.blank) continue;
        if (loc.kind == loc_kind::variable && loc.vkind == var_kind::param) loc.param_esc = leak_summary::leaks_everything();
        // A variable whose address is never taken is not a site: nothing to move to the heap
        // (and results such as ~r0 must not be reported).
        if (loc.kind == loc_kind::variable && !loc.addrtaken && !loc.escapes) continue;
        if (!loc.escapes) {
            loc.escapes = true;
            loc.why = reason::budget;
        }
        loc.why = reason::budget;
        loc.expl_count = 0;
        loc.path_count = 0;
        if (loc.kind == loc_kind::variable && loc.vkind == var_kind::param) loc.param_esc = leak_summary::leaks_everything();
    }
    ++out_.mutable_stats().budget_exceeded;
    return ok();
}

template <class P, class T>
bool engine<P, T>::finish_batch() noexcept {
    if (b_.budget_exceeded && !give_up_batch()) return false;
    export_result_types();
    if (!collect_memory_stores()) return false;
    // Parameter tags.
    for (index_t f : b_.fns) {
        fn_info& fi = fns_[f];
        for (index_t i = 0; i < fi.params_count; ++i) {
            param_info& pi = params_[fi.params_first + i];
            if (!pi.has_pointers) {
                pi.tag = leak_summary::leaks_everything();  // gc's "" tag; nothing with pointers reaches it
            } else if (!pi.named) {
                pi.tag = leak_summary::bottom();
            } else {
                const index_t* l = b_.var_loc.find(pi.var);
                leak_summary esc = l ? L(*l).param_esc : leak_summary::bottom();
                esc.optimize();
                pi.tag = esc;
            }
            pi.fallback = pi.tag;
            pi.conds_count = 0;
        }
        // model=precise: flows into what other parameters point to (precise.hpp)
        if (!precise_summarise_stores(f)) return false;
    }
    // Results of this batch.
    auto& sites = out_.mutable_sites();
    char buf[512];
    for (index_t l = 0; l < b_.graph.node_count(); ++l) {
        const location& loc = L(l);
        bool var_site = loc.kind == loc_kind::variable && (loc.addrtaken || loc.escapes);
        if (!(loc.site || var_site) || loc.fn == invalid_index) continue;
        site_t s;
        s.function = fns_[loc.fn].ref;
        s.verdict = loc.escapes ? verdict::heap : verdict::stack;
        s.reason = loc.escapes ? (loc.why == reason::none ? reason::escapes : loc.why) : reason::none;
        s.reported = loc.reported && !fns_[loc.fn].wrapper;
        s.loop_depth = loc.loop_depth > 1 ? loc.loop_depth - 1 : 0;
        if (loc.kind == loc_kind::variable) {
            s.kind = site_kind::variable;
            s.variable = b_.loc_var[l];
            s.pos = T::variable_position(p_, b_.loc_var[l]);
        } else {
            s.kind = site_kind::expression;
            s.expression = b_.loc_expr[l];
            s.pos = T::expression_position(p_, b_.loc_expr[l]);
            s.expression_kind = T::expression_kind(p_, b_.loc_expr[l]);
        }
        if (!out_.intern(site_name(l, buf, sizeof buf), &s.name)) return oom();
        if (loc.escapes && loc.why_via != invalid_index && L(loc.why_via).kind != loc_kind::temp) {
            if (!out_.intern(site_name(loc.why_via, buf, sizeof buf), &s.via)) return oom();
        }
        if (loc.escapes && loc.why_callee != invalid_index && !out_.intern(T::function_name(p_, fns_[loc.why_callee].ref), &s.callee))
            return oom();
        if ((explain_ && !emit_explanation(l, s)) || !sites.push_back(s)) return oom();  // (without explain: none, fields stay 0)
    }
    if (keep_graph_ && !emit_graph()) return false;
    // dispatch=context: the conditional pass gives each parameter its unconditional flows and its
    // conditions; the pass-A summary stays as the fallback for callers that cannot resolve them.
    b_.pass_b_ran = false;
    if (context_ && !b_.budget_exceeded && !b_.sinks.empty()) {
        b_.pass_b_ran = true;
        if (!conditional_pass()) return false;
        if (!b_.budget_exceeded) {
            for (index_t f : b_.fns) {
                fn_info& fi = fns_[f];
                for (index_t i = 0; i < fi.params_count; ++i) {
                    param_info& pi = params_[fi.params_first + i];
                    if (!pi.has_pointers || !pi.named) continue;
                    const index_t* l = b_.var_loc.find(pi.var);
                    leak_summary esc = l ? L(*l).param_esc : leak_summary::bottom();
                    // A parameter moved to the heap by pass A (its address may be kept by some
                    // candidate) is copied into its heap cell in every execution: its value leaks
                    // whatever the call sites resolve (gc's invariant: no heap-to-stack pointer).
                    if (l && L(*l).escaped_in_pass_a) esc.add_heap(0);
                    esc.optimize();
                    precise_apply_stores(pi, esc);  // pi.tag: esc with the store flows (model=precise)
                    pi.conds_first = static_cast<index_t>(conds_.size());
                    if (esc.heap() == 0) continue;  // leaks anyway: conditions add nothing
                    index_t pidx = fi.params_first + i;
                    for (const found_cond& fc : b_.found_conds) {
                        if (fc.param != pidx) continue;
                        // keep one entry per (subject, method, argument): the smallest level, exact only if all are
                        bool merged = false;
                        for (index_t k = pi.conds_first; k < conds_.size(); ++k) {
                            cond_leak& c = conds_[k];
                            if (c.subject == fc.c.subject && c.method == fc.c.method && c.arg == fc.c.arg) {
                                if (fc.c.derefs < c.derefs) c.derefs = fc.c.derefs;
                                c.exact = c.exact && fc.c.exact;
                                if (!c.exact) c.derefs = 0;
                                merged = true;
                            }
                        }
                        if (!merged && !conds_.push_back(fc.c)) return oom();
                    }
                    pi.conds_count = static_cast<index_t>(conds_.size() - pi.conds_first);
                }
            }
        } else {
            b_.budget_exceeded = false;  // the pass-A summaries (tag == fallback) stand
        }
    }
    // Parameters of this batch.
    for (index_t f : b_.fns) {
        if (!emit_parameters(f)) return false;
        fns_[f].tagged = true;
    }
    auto& st = out_.mutable_stats();
    st.locations += b_.graph.node_count();
    st.edges += b_.graph.edge_count();
    ++st.batches;
    std::size_t bytes = b_.graph.bytes_reserved();
    if (bytes > st.peak_batch_bytes) st.peak_batch_bytes = bytes;
    return ok();
}

/// The result entries of f's parameters, with the names of its results: once per function, when
/// its summary is final (at the end of its batch; for a body-less function, at the end of the run).
template <class P, class T>
bool engine<P, T>::emit_parameters(index_t f) noexcept {
    const fn_info& fi = fns_[f];
    index_t names_first = static_cast<index_t>(out_.mutable_result_names().size());
    for (index_t r = 0; r < fi.results_count; ++r) {
        std::string_view nm;
        if (!out_.intern(T::variable_name(p_, params_[fi.results_first + r].var), &nm) || !out_.mutable_result_names().push_back(nm))
            return oom();
    }
    for (index_t i = 0; i < fi.params_count; ++i) {
        const param_info& pi = params_[fi.params_first + i];
        param_t pr;
        pr.variable = pi.var;
        pr.function = fi.ref;
        pr.pos = T::variable_position(p_, pi.var);
        pr.leaks = pi.tag;
        pr.has_pointers = pi.has_pointers;
        pr.named = pi.named;
        pr.reported = !fi.wrapper;
        pr.external = !fi.body;
        pr.index = i;
        pr.result_names_first = names_first;
        pr.result_count = fi.results_count;
        if (fi.body) {
            const index_t* l = b_.var_loc.find(pi.var);
            pr.moved_to_heap = l && (b_.pass_b_ran ? L(*l).escaped_in_pass_a : L(*l).escapes);
        }
        if (!record_conditions(fi, pi, pr)) return false;
        if (!out_.intern(T::variable_name(p_, pi.var), &pr.name) || !out_.mutable_parameters().push_back(pr)) return oom();
    }
    return true;
}

/// A parameter's conditional flows into its public result (analysis_result::condition).
template <class P, class T>
bool engine<P, T>::record_conditions(const fn_info& fi, const param_info& pi, param_t& pr) noexcept {
    pr.conditions_first = static_cast<index_t>(out_.mutable_conditions().size());
    for (index_t c = 0; c < pi.conds_count; ++c) {
        const cond_leak& cl = conds_[pi.conds_first + c];
        typename result_type::condition rc;
        if (!out_.intern(T::variable_name(p_, params_[fi.params_first + cl.subject].var), &rc.subject) || !out_.intern(cl.method, &rc.method))
            return oom();
        rc.argument = cl.arg;
        rc.level = cl.derefs;
        rc.exact = cl.exact;
        if (!out_.mutable_conditions().push_back(rc)) return oom();
    }
    pr.conditions_count = static_cast<index_t>(out_.mutable_conditions().size() - pr.conditions_first);
    return true;
}

template <class P, class T>
bool engine<P, T>::finalize_results() noexcept {
    // External functions' parameters (gc reports them too).
    for (index_t f = 0; f < fns_.size(); ++f)
        if (!fns_[f].body && !emit_parameters(f)) return false;
    // Deterministic order: function order, then position.
    auto& sites = out_.mutable_sites();
    bool sorted = stable_sort(sites.data(), sites.size(), [&](const site_t& a, const site_t& b) {
        index_t fa = fn_of(a.function), fb = fn_of(b.function);
        index_t oa = fns_[fa].outermost, ob = fns_[fb].outermost;
        if (oa != ob) return oa < ob;
        if (a.pos != b.pos) return a.pos < b.pos;
        return false;
    }, mem_);
    auto& params = out_.mutable_parameters();
    if (!sorted) return oom();
    sorted = stable_sort(params.data(), params.size(), [&](const param_t& a, const param_t& b) {
        index_t fa = fn_of(a.function), fb = fn_of(b.function);
        if (fa != fb) return fa < fb;
        return a.index < b.index;
    }, mem_);
    if (!sorted) return oom();
    // File names used by positions: ask the host once for each file index seen (any index: only
    // those used are kept).
    vector<index_t> used(mem_);
    for (const site_t& s : sites)
        if (!used.push_back(s.pos.file)) return oom();
    for (const param_t& p : params)
        if (!used.push_back(p.pos.file)) return oom();
    for (const auto& n : out_.mutable_notes())
        if (!used.push_back(n.pos.file)) return oom();
    for (const auto& n : out_.mutable_path_notes())
        if (!used.push_back(n.pos.file)) return oom();
    if (!used.push_back(0)) return oom();  // file 0 is always known (reports of an empty result)
    std::sort(used.begin(), used.end());
    auto& files = out_.mutable_files();
    for (std::size_t i = 0; i < used.size(); ++i) {
        if (i > 0 && used[i] == used[i - 1]) continue;
        std::string_view nm;
        if (!out_.intern(T::file_name(p_, used[i]), &nm) || !files.push_back(typename result_type::file_entry{used[i], nm})) return oom();
    }
    if (!out_.index()) return oom();
    return ok();
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_FINISH_HPP
