// escapade/detail/engine/explain.hpp - the explanation layer: every line of text the analysis
// writes into its results (gc's -m=2 flow paths, notes, site names).
//
// The rest of the engine decides; this file says it in words, so that the walks, the solver and
// the dispatch code build no text. With analysis_options::explain, each escaping site gets the
// chain of flows that made it escape ("flow: dst = &src:", "from EXPR (WHY) at FILE:LINE:COL"), or
// a one-step explanation when its address reached an already escaping location directly; each
// resolved dynamic call gets a note naming its targets, attached to the sites whose address reaches
// it, and a devirtualization note when it has one target. Always: gc's self-assignment and static
// devirtualization notes, and the display names of sites ("&T{...}", "make([]byte, n)").
//
// The paths themselves (the steps of each chain, as data, and the lines rendered from them) are
// built in paths.hpp.
//
// Cost: a read-only backward walk per resolved call (describe_resolutions). Lines are built in
// fixed buffers (truncated, never overflowing).
#ifndef ESCAPADE_DETAIL_ENGINE_EXPLAIN_HPP
#define ESCAPADE_DETAIL_ENGINE_EXPLAIN_HPP

#include "engine.hpp"

namespace escapade::detail {

/// A one-step explanation for src, recorded when a flow dst = &src reaches a location that
/// already escapes (flow() then records no edge, so there is no path to walk later).
template <class P, class T>
void engine<P, T>::record_direct_explanation(index_t src, index_t dst) noexcept {
    auto& paths = out_.mutable_paths();
    typename result_type::path p;
    p.steps_first = static_cast<index_t>(out_.mutable_steps().size());
    if (!append_step(src, dst, -1, invalid_index)) return;
    p.steps_count = 1;
    L(src).path_first = static_cast<index_t>(paths.size());
    if (!paths.push_back(p)) {
        oom();
        return;
    }
    L(src).path_count = 1;
    render_path(src, p);
}

/// gc's "F ignoring self-assignment in S": the note, with the host's text of the statement or,
/// without one, "dst = src" formatted from the expressions.
template <class P, class T>
bool engine<P, T>::note_self_assignment(stmt_ref where, expr_ref dst, expr_ref src) noexcept {
    typename result_type::note nt;
    nt.function = fns_[b_.cur_fn].ref;
    nt.pos = T::statement_position(p_, where);
    std::string_view text;
    if constexpr (has_statement_text<T, P>::value) text = T::statement_text(p_, where);
    char buf[256];
    if (text.empty()) {
        text_buffer tb(buf, sizeof buf);
        formatter<P, T> fm{p_};
        fm.expr(tb, dst);
        tb.put(" = ");
        fm.expr(tb, src);
        text = tb.view();
    }
    return (out_.intern(text, &nt.text) && out_.mutable_notes().push_back(nt)) || oom();
}

/// gc's "devirtualizing i.M to T" for a call it devirtualizes statically (gc_devirtualize).
template <class P, class T>
bool engine<P, T>::note_gc_devirtualization(expr_ref call, expr_ref recv, type_ref dyn) noexcept {
    typename result_type::note nt;
    nt.function = fns_[b_.cur_fn].ref;
    nt.pos = T::expression_position(p_, call);
    nt.kind = result_type::note_kind::gc_devirtualization;
    char buf[512];
    text_buffer tb(buf, sizeof buf);
    formatter<P, T> fm{p_};
    tb.put("devirtualizing ");
    fm.expr(tb, recv);
    tb.put(".");
    tb.put(T::method_name(p_, call));
    tb.put(" to ");
    fm.type(tb, dyn);
    return (out_.intern(tb.view(), &nt.text) && out_.mutable_notes().push_back(nt)) || oom();
}

/// Site s (location l) gets its explanation lines: its path, then the notes of the resolved calls
/// its address reaches. false: out of memory.
template <class P, class T>
bool engine<P, T>::emit_explanation(index_t l, site_t& s) noexcept {
    const location& loc = L(l);
    auto& ex = out_.mutable_explanation();
    s.explanation_first = static_cast<index_t>(ex.size());
    for (index_t i = 0; i < loc.expl_count; ++i)
        if (!ex.push_back(b_.expl[loc.expl_first + i])) return false;
    for (const extra_line& xl : b_.extra_expl) {
        if (xl.loc != l) continue;
        char lb[800];
        text_buffer line(lb, sizeof lb);
        line.put("  ");
        line.put(xl.text);
        std::string_view v;
        if (!out_.intern(line.view(), &v) || !ex.push_back(v)) return false;
    }
    s.explanation_count = static_cast<index_t>(ex.size() - s.explanation_first);
    s.paths_first = loc.path_first;
    s.paths_count = loc.path_count;
    return true;
}

template <class P, class T>
bool engine<P, T>::describe_loc(text_buffer& out, index_t l) noexcept {
    if (l == b_.heap) {
        out.put("{heap}");
        return true;
    }
    const location& loc = L(l);
    if (loc.kind == loc_kind::variable) {
        out.put(T::variable_name(p_, b_.loc_var[l]));
    } else if (loc.kind == loc_kind::allocation) {
        out.put("{storage for ");
        formatter<P, T>{p_}.expr(out, b_.loc_expr[l]);
        out.put("}");
    } else if (loc.kind == loc_kind::pointee && loc.pointee_of < params_.size()) {
        out.put("{what ");
        out.put(T::variable_name(p_, params_[loc.pointee_of].var));
        out.put(" points to}");
    } else {
        out.put("{temp}");
    }
    return true;
}

template <class P, class T>
std::string_view engine<P, T>::site_name(index_t l, char* buf, std::size_t size) noexcept {
    const location& loc = L(l);
    if (loc.kind == loc_kind::variable) return T::variable_name(p_, b_.loc_var[l]);
    if constexpr (is_cfg) {
        (void)buf;
        (void)size;
        return T::expression_text(p_, b_.loc_expr[l]);
    }
    text_buffer tb(buf, size);
    formatter<P, T>{p_}.expr(tb, b_.loc_expr[l]);
    return tb.view();
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
    if (!for_each_candidate(method.empty(), method, arity, &candidates, [](index_t, bool) {})) return;
    if (candidates == 0) tb.put("no target in the program (closed world): the heap");
    else tb.put("every possible target in the program (closed world)");
}

/// With explain: one note per resolved call, attached to the sites whose address reaches the
/// call's arguments (a read-only backward walk from each argument), and a devirtualization note
/// when a dynamic call has exactly one target.
template <class P, class T>
bool engine<P, T>::describe_resolutions() noexcept {
    if (!explain_ || b_.pending.empty()) return true;
    using note_kind = typename result_type::note_kind;
    char buf[768];
    auto target_name = [&](index_t f) { return T::function_name(p_, fns_[f].ref); };
    for (const pending_call& pc : b_.pending) {
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
                    const type_set& set = b_.tsets[b_.pending_locs[pc.args_first + c.subject]];
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
            const type_set& set = b_.tsets[pc.subject];
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
                        // closed world: what every caller passes (dispatch_params.hpp), which the
                        // function's own locals assume
                        const type_set& known = params_[idx].types;
                        if (known.top || known.size == 0) continue;
                        tb.put("; every caller passes ");
                        bool first_known = true;
                        for (std::uint32_t kel : known) {
                            std::uint32_t kk = kel & el_kind_mask, ki = kel & el_index_mask;
                            index_t kg = invalid_index;
                            if (kk == el_type && pc.kind == pending_kind::method) {
                                impl_t im;
                                if (resolve_method(ki, pc.method, &im)) kg = im.fn;
                            } else if (kk == el_func && pc.kind == pending_kind::value) {
                                kg = ki;
                            } else {
                                continue;
                            }
                            if (!first_known) tb.put(", ");
                            first_known = false;
                            if (kg == invalid_index) tb.put("a value without such a target in the IR (the heap)");
                            else tb.put(target_name(kg));
                        }
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
            walk_value initial() const noexcept { return walk_value::at(0, walk_info{}); }
            walk_value extend(const walk_value& v, const flow_data& e) const noexcept { return v.extend(e.derefs, walk_info{}); }
            bool skip(index_t) const noexcept { return false; }
            bool follow(const flow_data&) const noexcept { return true; }
            bool visit(index_t l, const walk_value& v) noexcept {
                const location& loc = en->L(l);
                if (v.distance.value < 0 && (loc.site || loc.kind == loc_kind::variable)) {
                    if (!hits->push_back(l)) en->oom();
                }
                return true;
            }
        };
        vector<index_t> hits(mem_);
        collect pol{this, &hits};
        for (index_t a = 0; a <= pc.args_count; ++a) {
            index_t root = a < pc.args_count ? b_.pending_locs[pc.args_first + a] : pc.subject;
            if (root == invalid_index) continue;
            if (!backward_walk(b_.graph, root, b_.walk, pol)) return oom();
        }
        std::sort(hits.begin(), hits.end());
        index_t last = invalid_index;
        for (index_t h : hits) {
            if (h == last) continue;
            last = h;
            if (!b_.extra_expl.push_back(extra_line{h, text})) return oom();
        }
    }
    return ok();
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_EXPLAIN_HPP
