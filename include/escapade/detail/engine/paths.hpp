// escapade/detail/engine/paths.hpp - explanations as data: the chains of flows that make a site escape,
// and the location graph kept for drawing.
//
// With analysis_options::explain, when the solver marks a site (or variable) escaping, the walk's
// predecessors from it to the walk's root become a path in the result: one step per flow edge
// (the two locations, their kinds, the edge's weight, and the notes of the host nodes the flow
// came from); the text explanation (gc's -m=2 lines) is rendered from that path, so the two never
// disagree. explain_paths > 1 adds chains found by a bounded depth-first search over the batch's
// graph while it exists. With keep_graph, each batch's locations and flows are copied into the
// result for report_dot.hpp, edges on a path marked.
//
// Cost: O(path length x notes per edge) per escaping site for the first path; O(explain_paths x
// 256) edge visits (each checking the chain so far, at most 64 steps) for the others;
// O(locations + edges) per batch for keep_graph.
#ifndef ESCAPADE_DETAIL_ENGINE_PATHS_HPP
#define ESCAPADE_DETAIL_ENGINE_PATHS_HPP

#include "engine.hpp"

namespace escapade::detail {

template <class P, class T>
escapade::location_kind engine<P, T>::public_kind(index_t l) const noexcept {
    if (l == b_.heap) return escapade::location_kind::heap;
    const location& loc = L(l);
    if (loc.kind == loc_kind::allocation) return escapade::location_kind::allocation;
    if (loc.kind != loc_kind::variable) return escapade::location_kind::temporary;
    if (loc.vkind == var_kind::param) return escapade::location_kind::parameter;
    if (loc.vkind == var_kind::result) return escapade::location_kind::result;
    return escapade::location_kind::variable;
}

/// Appends to the result the step `to = (derefs) from` with the notes of its edge (innermost
/// first), each node's text and position copied. false: out of memory.
template <class P, class T>
bool engine<P, T>::append_step(index_t from, index_t to, std::int32_t derefs, index_t notes) noexcept {
    typename result_type::path_step st;
    st.from_kind = public_kind(from);
    st.to_kind = public_kind(to);
    st.derefs = derefs;
    st.edge = "escaping";
    auto node_of = [&](index_t l, typename result_type::variable_ref& v, typename result_type::expr_ref& e) {
        if (l == b_.heap) return;
        if (L(l).kind == loc_kind::variable) v = b_.loc_var[l];
        else if (L(l).kind == loc_kind::allocation) e = b_.loc_expr[l];
    };
    node_of(from, st.from_variable, st.from_expression);
    node_of(to, st.to_variable, st.to_expression);
    char buf[512];
    text_buffer fb(buf, sizeof buf);
    describe_loc(fb, from);
    if (!out_.intern(fb.view(), &st.from)) return oom();
    text_buffer tb(buf, sizeof buf);
    describe_loc(tb, to);
    if (!out_.intern(tb.view(), &st.to)) return oom();
    auto& pn = out_.mutable_path_notes();
    st.notes_first = static_cast<index_t>(pn.size());
    for (index_t ni = notes; ni != invalid_index; ni = b_.notes[ni].next) {
        const note& nt = b_.notes[ni];
        typename result_type::path_note n;
        n.why = nt.why;  // a string literal of the engine: no copy needed
        n.pos = nt.pos;
        text_buffer nb(buf, sizeof buf);
        if (nt.what == 0) {
            n.node = node_kind::expression;
            n.expression = nt.e;
            formatter<P, T>{p_}.expr(nb, nt.e);
        } else if (nt.what == 2) {
            n.node = node_kind::variable;
            n.variable = nt.v;
            nb.put(T::variable_name(p_, nt.v));
        } else {
            n.node = node_kind::statement;
            if constexpr (std::is_same_v<typename result_type::stmt_ref, stmt_ref>) n.statement = nt.s;
            std::string_view text;
            if constexpr (has_statement_text<T, P>::value) text = T::statement_text(p_, nt.s);
            nb.put(text.empty() ? std::string_view("statement") : text);
        }
        if (!out_.intern(nb.view(), &n.text) || !pn.push_back(n)) return oom();
        if (st.notes_count++ == 0) {
            st.edge = n.why;
            st.pos = n.pos;
        }
    }
    return out_.mutable_steps().push_back(st) || oom();
}

/// The text explanation of l, rendered from its path: gc's -m=2 lines, "flow: TO = &FROM:" per
/// step and "from NODE (WHY) at FILE:LINE:COL" per note, then the cycle warning if truncated.
template <class P, class T>
bool engine<P, T>::render_path(index_t l, const typename result_type::path& p) noexcept {
    L(l).expl_first = static_cast<index_t>(b_.expl.size());
    L(l).expl_count = 0;
    char buf[512];
    auto emit = [&](std::string_view s) -> bool {
        std::string_view v;
        if (!out_.intern(s, &v) || !b_.expl.push_back(v)) return oom();
        ++L(l).expl_count;
        return true;
    };
    const auto& steps = out_.mutable_steps();
    const auto& pn = out_.mutable_path_notes();
    for (index_t i = 0; i < p.steps_count; ++i) {
        const auto& st = steps[p.steps_first + i];
        text_buffer line(buf, sizeof buf);
        line.put("  flow: ");
        line.put(st.to);
        line.put(" = ");
        if (st.derefs < 0) line.put("&");
        for (std::int32_t d = 0; d < st.derefs && d < 16; ++d) line.put("*");
        line.put(st.from);
        line.put(":");
        if (!emit(line.view())) return false;
        for (index_t k = 0; k < st.notes_count; ++k) {
            const auto& n = pn[st.notes_first + k];
            text_buffer nl(buf, sizeof buf);
            nl.put("    from ");
            nl.put(n.text);
            nl.put(" (");
            nl.put(n.why);
            nl.put(") at ");
            nl.put(T::file_name(p_, n.pos.file));
            nl.put(":");
            nl.put_uint(n.pos.line);
            nl.put(":");
            nl.put_uint(n.pos.column);
            if (!emit(nl.view())) return false;
        }
    }
    if (p.truncated && !emit("  warning: truncated explanation due to assignment cycle")) return false;
    return ok();
}

template <class P, class T>
bool engine<P, T>::record_explanation(index_t l, index_t root) noexcept {
    // The chain of flows from l to the root of the current walk (the walk's predecessors), as
    // data; the text lines are rendered from it.
    auto& paths = out_.mutable_paths();
    auto& steps = out_.mutable_steps();
    typename result_type::path p;
    p.steps_first = static_cast<index_t>(steps.size());
    std::size_t n_steps = 0;
    index_t n = l;
    while (n != root) {
        if (++n_steps > b_.graph.node_count() || !b_.walk.reached(n) || b_.walk.via(n) == invalid_index) {
            p.truncated = true;
            break;
        }
        auto& ed = b_.graph.edge_at(b_.walk.via(n));
        ed.data.flags |= edge_on_path;
        if (!append_step(n, ed.dst, ed.data.derefs, ed.data.notes)) return false;
        n = ed.dst;
    }
    p.steps_count = static_cast<index_t>(steps.size() - p.steps_first);
    L(l).path_first = static_cast<index_t>(paths.size());
    if (!paths.push_back(p)) return oom();
    L(l).path_count = 1;
    if (!render_path(l, p)) return false;
    if (opt_.explain_paths > 1 && !p.truncated) return find_more_paths(l, root);
    return ok();
}

/// Whether two paths say the same in words (locations, weights, notes).
template <class P, class T>
bool engine<P, T>::same_steps(const typename result_type::path& a, const typename result_type::path& b) noexcept {
    if (a.steps_count != b.steps_count || a.truncated != b.truncated) return false;
    const auto& steps = out_.mutable_steps();
    const auto& pn = out_.mutable_path_notes();
    for (index_t i = 0; i < a.steps_count; ++i) {
        const auto& x = steps[a.steps_first + i];
        const auto& y = steps[b.steps_first + i];
        if (x.from != y.from || x.to != y.to || x.derefs != y.derefs || x.notes_count != y.notes_count) return false;
        for (index_t k = 0; k < x.notes_count; ++k) {
            const auto& m = pn[x.notes_first + k];
            const auto& n = pn[y.notes_first + k];
            if (m.text != n.text || m.why != n.why || m.pos != n.pos) return false;
        }
    }
    return true;
}

/// explain_paths > 1: more chains of flows from l to root besides the walk's, by a depth-first
/// search over out-edges (simple paths of at most 64 steps whose dereferences make l's address
/// reach root), in the graph's edge order; at most 256 edge visits per path asked for.
template <class P, class T>
bool engine<P, T>::find_more_paths(index_t l, index_t root) noexcept {
    auto& paths = out_.mutable_paths();
    const typename result_type::path first = paths[L(l).path_first];
    vector<index_t> stack(mem_);  // the edges of the current path
    vector<index_t> next(mem_);   // per depth: the next out-edge to try
    if (!next.push_back(b_.graph.first_out(l))) return oom();
    std::size_t budget = std::size_t(256) * opt_.explain_paths;
    while (!next.empty() && L(l).path_count < opt_.explain_paths && budget > 0) {
        index_t e = next.back();
        if (e == invalid_index) {
            next.pop_back();
            if (!stack.empty()) stack.pop_back();
            continue;
        }
        --budget;
        const auto& ed = b_.graph.edge_at(e);
        next.back() = ed.next_out;
        index_t dst = ed.dst;
        bool on_path = dst == l;
        for (index_t se : stack) on_path = on_path || b_.graph.edge_at(se).dst == dst;
        if (on_path) continue;
        if (!stack.push_back(e)) return oom();
        if (dst != root) {
            if (stack.size() >= 64 || dst == b_.heap || !next.push_back(b_.graph.first_out(dst))) {
                if (!ok()) return false;
                stack.pop_back();
            }
            continue;
        }
        // reached the root: does l's address get there? (the walk's transfer, from the root back)
        deref_distance d = deref_distance::of(0);
        for (std::size_t i = stack.size(); i > 0; --i) d = d.extend(b_.graph.edge_at(stack[i - 1]).data.derefs);
        bool same = stack.size() == first.steps_count;
        for (std::size_t i = 0; same && i < stack.size(); ++i) {
            const auto& st = out_.mutable_steps()[first.steps_first + i];
            same = st.derefs == b_.graph.edge_at(stack[i]).data.derefs && b_.walk.via(i == 0 ? l : b_.graph.edge_at(stack[i - 1]).dst) == stack[i];
        }
        if (d.value < 0 && !same) {
            typename result_type::path p;
            auto& steps = out_.mutable_steps();
            p.steps_first = static_cast<index_t>(steps.size());
            const std::size_t notes_before = out_.mutable_path_notes().size();
            index_t from = l;
            for (index_t se : stack) {
                const auto& sed = b_.graph.edge_at(se);
                if (!append_step(from, sed.dst, sed.data.derefs, sed.data.notes)) return false;
                from = sed.dst;
            }
            p.steps_count = static_cast<index_t>(stack.size());
            // parallel edges with the same weight and notes make the same chain in words: keep one
            bool repeated = false;
            for (index_t k = 0; k < L(l).path_count && !repeated; ++k)
                repeated = same_steps(paths[L(l).path_first + k], p);
            if (repeated) {
                steps.truncate(p.steps_first);
                out_.mutable_path_notes().truncate(notes_before);
            } else {
                if (!paths.push_back(p)) return oom();
                ++L(l).path_count;
            }
        }
        stack.pop_back();
    }
    return ok();
}

/// keep_graph: the batch's locations and flows into the result (blank sinks left out; the flows
/// into already escaping locations that the graph keeps no edge of last), after pass A's verdicts.
/// O(locations + edges).
template <class P, class T>
bool engine<P, T>::emit_graph() noexcept {
    auto& nodes = out_.mutable_graph_nodes();
    auto& edges = out_.mutable_graph_edges();
    const index_t base = static_cast<index_t>(nodes.size());
    char buf[512];
    for (index_t l = 0; l < b_.graph.node_count(); ++l) {
        typename result_type::graph_node gn;
        const location& loc = L(l);
        if (l != b_.heap && l != b_.blank && loc.fn != invalid_index) {
            gn.function = fns_[loc.fn].ref;
            gn.in_function = true;
        }
        gn.kind = public_kind(l);
        gn.batch = b_.number;
        gn.loop_depth = loc.loop_depth > 1 ? loc.loop_depth - 1 : 0;
        gn.escapes = l == b_.heap || loc.escapes;
        gn.site = loc.site || (loc.kind == loc_kind::variable && loc.addrtaken);
        text_buffer tb(buf, sizeof buf);
        if (l == b_.blank) tb.put("_");
        else describe_loc(tb, l);
        if (!out_.intern(tb.view(), &gn.name) || !nodes.push_back(gn)) return oom();
    }
    auto add = [&](index_t src, index_t dst, const flow_data& data) {
        if (dst == b_.blank || src == b_.blank) return true;
        typename result_type::graph_edge ge;
        ge.src = base + src;
        ge.dst = base + dst;
        ge.derefs = data.derefs;
        ge.on_path = (data.flags & edge_on_path) != 0;
        if (data.notes != invalid_index) {
            ge.edge = b_.notes[data.notes].why;
            ge.pos = b_.notes[data.notes].pos;
        }
        return edges.push_back(ge) || oom();
    };
    for (index_t e = 0; e < b_.graph.edge_count(); ++e) {
        const auto& ed = b_.graph.edge_at(e);
        if (!add(ed.src, ed.dst, ed.data)) return false;
    }
    for (const dropped_flow& d : b_.dropped)
        if (!add(d.src, d.dst, d.data)) return false;
    return ok();
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_PATHS_HPP
