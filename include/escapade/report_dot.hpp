// escapade/report_dot.hpp - a function's (or a call chain's) location graph in Graphviz's dot language.
//
//   write_dot(program, result, sink, options)
//
// Needs a result analysed with analysis_options::keep_graph (and explain, for highlighted paths).
// The graph shows the locations of the selected functions (dot_options::keep_function; all when
// it is null), each function a cluster, plus every location an edge links them to (in the cluster
// of its own function) and one {heap} node for all batches. A node's label is its name as the
// explanations write it and its kind; sites are filled (red: heap, green: stack), temporaries
// dashed. An edge `src -> dst` is the flow dst = (derefs) src, labelled as gc's -m=2 writes the
// weight ("&" for the address, "=" for the value, "*" per dereference), with the note that made
// it (why, position) as its tooltip; edges on a heap site's first explanation path are red and
// thick. Names and order come from the result: the output is deterministic.
//
// Output goes to a sink `bool(std::string_view piece)` as in report_json.hpp, through a 1 KiB
// buffer in the writer. Scratch memory (a few words per graph node, the selected functions and a
// table from function to cluster) comes from the result's memory resource; write_dot returns false
// when it runs out or the sink refuses.
// Complexity: O(nodes + edges) expected for a graph of `nodes` locations and `edges` flows (the
// nodes are bucketed by cluster once, with a hash table from function to cluster).
#ifndef ESCAPADE_REPORT_DOT_HPP
#define ESCAPADE_REPORT_DOT_HPP

#include <string_view>

#include "detail/format.hpp"
#include "detail/hash_map.hpp"
#include "detail/vector.hpp"
#include "results.hpp"

namespace escapade {

struct dot_options {
    /// Which functions' locations to show (by the host's function name); nullptr: every function.
    bool (*keep_function)(std::string_view name, void* context) = nullptr;
    void* keep_function_context = nullptr;
    std::string_view title = "escapade";  ///< the graph's label
};

namespace detail {

/// Buffered text output to a sink (1 KiB pieces).
template <class Sink>
class dot_out {
public:
    explicit dot_out(Sink& sink) noexcept : sink_(&sink) {}
    dot_out& put(std::string_view s) noexcept {
        for (char c : s) {
            if (len_ == sizeof buf_ && !flush()) return *this;
            buf_[len_++] = c;
        }
        return *this;
    }
    dot_out& put_int(std::int64_t v) noexcept {
        char tmp[24];
        return put(format_i64(tmp, v));
    }
    /// A dot double-quoted string: " and \ escaped, line breaks as \n.
    dot_out& quoted(std::string_view s) noexcept {
        put("\"");
        for (char c : s) {
            if (c == '"' || c == '\\') put("\\");
            if (c == '\n') put("\\n");
            else put(std::string_view(&c, 1));
        }
        return put("\"");
    }
    bool flush() noexcept {
        if (!ok_) return false;
        if (len_ > 0 && !(*sink_)(std::string_view(buf_, len_))) ok_ = false;
        len_ = 0;
        return ok_;
    }
    bool ok() const noexcept { return ok_; }

private:
    Sink* sink_;
    char buf_[1024];
    std::size_t len_ = 0;
    bool ok_ = true;
};

inline void dot_weight(text_buffer& tb, std::int32_t derefs) noexcept {
    if (derefs < 0) tb.put("&");
    else if (derefs == 0) tb.put("=");
    for (std::int32_t i = 0; i < derefs && i < 16; ++i) tb.put("*");
}

}  // namespace detail

/// Writes the location graph of r's selected functions as one dot digraph. false: out of memory,
/// a result without keep_graph (nothing to draw: an empty graph is still written), or the sink
/// refused a piece.
template <class Program, class Traits, class Sink>
bool write_dot(const Program& program, const analysis_result<Program, Traits>& r, Sink&& sink, const dot_options& opt = {}) noexcept {
    using function_ref = typename analysis_result<Program, Traits>::function_ref;
    auto nodes = r.graph_nodes();
    auto edges = r.graph_edges();
    const std::size_t n = static_cast<std::size_t>(nodes.end() - nodes.begin());
    detail::dot_out<std::remove_reference_t<Sink>> out(sink);
    // 1 = a location of a selected function, 2 = linked to one by an edge
    detail::vector<std::uint8_t> shown(r.resource());
    if (!shown.resize(n)) return false;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& gn = nodes[i];
        if (!gn.in_function) continue;
        if (opt.keep_function == nullptr || opt.keep_function(Traits::function_name(program, gn.function), opt.keep_function_context))
            shown[i] = 1;
    }
    bool heap_shown = false;
    for (const auto& e : edges) {
        if (!shown[e.src] && !shown[e.dst]) continue;
        for (index_t end : {e.src, e.dst}) {
            if (nodes[end].kind == location_kind::heap) heap_shown = true;
            else if (!shown[end] && nodes[end].in_function) shown[end] = 2;
        }
    }
    // clusters: the functions of the shown nodes, in order of first appearance; the shown nodes
    // bucketed by cluster (a counting sort: in index order within each)
    detail::vector<function_ref> fns(r.resource());
    detail::hash_map<function_ref, index_t, detail::handle_hash<function_ref>> cluster_of(r.resource());
    detail::vector<index_t> cluster(r.resource()), first(r.resource()), order(r.resource());
    if (!cluster.resize(n, invalid_index)) return false;
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!shown[i]) continue;
        bool inserted = false;
        const index_t* c = cluster_of.insert(nodes[i].function, static_cast<index_t>(fns.size()), &inserted);
        if (c == nullptr || (inserted && !fns.push_back(nodes[i].function))) return false;
        cluster[i] = *c;
        ++count;
    }
    if (!first.resize(fns.size() + 1, 0) || !order.resize(count, 0)) return false;
    for (std::size_t i = 0; i < n; ++i)
        if (cluster[i] != invalid_index) ++first[cluster[i] + 1];
    for (std::size_t c = 0; c < fns.size(); ++c) first[c + 1] += first[c];
    {
        detail::vector<index_t> next(r.resource());
        if (!next.resize(fns.size(), 0)) return false;
        for (std::size_t i = 0; i < n; ++i)
            if (cluster[i] != invalid_index) order[first[cluster[i]] + next[cluster[i]]++] = static_cast<index_t>(i);
    }
    char buf[512];
    out.put("digraph escapade {\n  graph [rankdir=LR, fontname=\"monospace\", label=").quoted(opt.title).put("];\n");
    out.put("  node [shape=box, fontname=\"monospace\", fontsize=10];\n  edge [fontname=\"monospace\", fontsize=10];\n");
    if (heap_shown) out.put("  heap [label=\"{heap}\", shape=ellipse, style=filled, fillcolor=\"#e06666\"];\n");
    for (std::size_t c = 0; c < fns.size(); ++c) {
        out.put("  subgraph cluster_").put_int(static_cast<std::int64_t>(c)).put(" {\n    label=");
        out.quoted(Traits::function_name(program, fns[c])).put(";\n");
        for (index_t k = first[c]; k < first[c + 1]; ++k) {
            const std::size_t i = order[k];
            const auto& gn = nodes[i];
            detail::text_buffer label(buf, sizeof buf);
            label.put(gn.name).put("\n").put(to_string(gn.kind));
            if (gn.loop_depth > 0) label.put(" (loop ").put_uint(static_cast<std::uint64_t>(gn.loop_depth)).put(")");
            if (gn.site) label.put(gn.escapes ? ": heap" : ": stack");
            out.put("    n").put_int(static_cast<std::int64_t>(i)).put(" [label=").quoted(label.view());
            if (gn.site) out.put(gn.escapes ? ", style=filled, fillcolor=\"#f4cccc\", color=\"#cc0000\"" : ", style=filled, fillcolor=\"#d9ead3\"");
            else if (gn.kind == location_kind::temporary) out.put(", style=dashed, color=gray40");
            if (shown[i] == 2) out.put(", peripheries=2");
            out.put("];\n");
        }
        out.put("  }\n");
    }
    auto drawn = [&](index_t v) { return shown[v] != 0 || nodes[v].kind == location_kind::heap; };
    for (const auto& e : edges) {
        if ((!shown[e.src] && !shown[e.dst]) || !drawn(e.src) || !drawn(e.dst)) continue;
        out.put("  ");
        if (nodes[e.src].kind == location_kind::heap) out.put("heap");
        else out.put("n").put_int(e.src);
        out.put(" -> ");
        if (nodes[e.dst].kind == location_kind::heap) out.put("heap");
        else out.put("n").put_int(e.dst);
        detail::text_buffer w(buf, sizeof buf);
        detail::dot_weight(w, e.derefs);
        out.put(" [label=").quoted(w.view());
        if (!e.edge.empty()) {
            detail::text_buffer tip(buf, sizeof buf);
            tip.put(e.edge);
            if (e.pos.known()) tip.put(" at ").put(r.file_name(e.pos.file)).put(":").put_uint(e.pos.line).put(":").put_uint(e.pos.column);
            out.put(", tooltip=").quoted(tip.view());
        }
        if (e.on_path) out.put(", color=\"#cc0000\", fontcolor=\"#cc0000\", penwidth=2.5");
        out.put("];\n");
    }
    out.put("}\n");
    return out.flush();
}

}  // namespace escapade

#endif  // ESCAPADE_REPORT_DOT_HPP
