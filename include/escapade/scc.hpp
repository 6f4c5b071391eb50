// escapade/scc.hpp - strongly connected components of a digraph (Tarjan, iterative).
//
// tarjan_scc(g, out): the successors of node v are g's outgoing edges of v, in the order
// digraph iterates them (the most recently added first). The depth-first search keeps its own
// explicit stack, so a 100,000-deep call chain costs heap memory, not native stack.
//
// Output (scc_result): `component(v)` for each node, and the nodes grouped by component, components
// listed so that if a node of component A has an edge to a node of component B != A, B comes first
// ("callees before callers": bottom-up); `members(c)` are the nodes of component c in ascending
// order, `cyclic(c)` says whether c has more than one node or a self-edge. The analysis builds its
// call graph as a digraph and takes its batches from here (detail/engine/program.hpp).
// Complexity: O(V + E) time, O(V) extra memory.
#ifndef ESCAPADE_SCC_HPP
#define ESCAPADE_SCC_HPP

#include <algorithm>

#include "graph.hpp"

namespace escapade {

class scc_result {
public:
    /// The nodes of one component, in ascending order.
    struct node_range {
        const index_t* first;
        const index_t* last;
        const index_t* begin() const noexcept { return first; }
        const index_t* end() const noexcept { return last; }
        std::size_t size() const noexcept { return static_cast<std::size_t>(last - first); }
    };

    explicit scc_result(memory_resource& mem = default_resource()) noexcept : component_(mem), order_(mem), starts_(mem), cyclic_(mem) {}

    /// How many components (bottom-up: a component comes after every component it reaches).
    std::size_t count() const noexcept { return starts_.empty() ? 0 : starts_.size() - 1; }
    index_t component(index_t node) const noexcept { return component_[node]; }
    node_range members(std::size_t c) const noexcept {
        return node_range{order_.data() + starts_[c], order_.data() + starts_[c + 1]};
    }
    bool cyclic(std::size_t c) const noexcept { return cyclic_[c] != 0; }

private:
    template <class N, class E>
    friend bool tarjan_scc(const digraph<N, E>& g, scc_result& out, memory_resource& mem) noexcept;

    detail::vector<index_t> component_;
    detail::vector<index_t> order_;
    detail::vector<index_t> starts_;
    detail::vector<std::uint8_t> cyclic_;
};

/// Returns false only when memory ran out.
template <class N, class E>
[[nodiscard]] bool tarjan_scc(const digraph<N, E>& g, scc_result& out, memory_resource& mem) noexcept {
    const std::size_t n = g.node_count();
    out.component_.clear();
    out.order_.clear();
    out.starts_.clear();
    out.cyclic_.clear();
    if (!out.component_.resize(n, invalid_index)) return false;
    detail::vector<index_t> index(mem), low(mem), stack(mem);
    detail::vector<std::uint8_t> on_stack(mem);
    struct frame {
        index_t v;
        index_t next;  ///< the next outgoing edge to follow
    };
    detail::vector<frame> dfs(mem);
    if (!index.resize(n, invalid_index) || !low.resize(n, 0) || !on_stack.resize(n, 0)) return false;
    index_t counter = 0;
    for (index_t start = 0; start < n; ++start) {
        if (index[start] != invalid_index) continue;
        if (!dfs.push_back(frame{start, g.first_out(start)})) return false;
        index[start] = low[start] = counter++;
        if (!stack.push_back(start)) return false;
        on_stack[start] = 1;
        while (!dfs.empty()) {
            frame& f = dfs.back();
            index_t v = f.v;
            if (f.next != invalid_index) {
                const auto& ed = g.edge_at(f.next);
                f.next = ed.next_out;
                index_t w = ed.dst;
                if (index[w] == invalid_index) {
                    index[w] = low[w] = counter++;
                    if (!stack.push_back(w)) return false;
                    on_stack[w] = 1;
                    if (!dfs.push_back(frame{w, g.first_out(w)})) return false;
                } else if (on_stack[w] && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            // v is finished.
            dfs.pop_back();
            if (!dfs.empty()) {
                index_t parent = dfs.back().v;
                if (low[v] < low[parent]) low[parent] = low[v];
            }
            if (low[v] == index[v]) {
                index_t c = static_cast<index_t>(out.starts_.size());
                if (!out.starts_.push_back(static_cast<index_t>(out.order_.size()))) return false;
                std::size_t before = out.order_.size();
                index_t w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = 0;
                    out.component_[w] = c;
                    if (!out.order_.push_back(w)) return false;
                } while (w != v);
                // Members in ascending node order: deterministic and independent of DFS details.
                index_t* first = out.order_.data() + before;
                std::size_t cnt = out.order_.size() - before;
                std::sort(first, first + cnt);
                bool cyc = cnt > 1;
                for (index_t e = g.first_out(v); !cyc && e != invalid_index; e = g.edge_at(e).next_out) cyc = g.edge_at(e).dst == v;
                if (!out.cyclic_.push_back(cyc ? 1 : 0)) return false;
            }
        }
    }
    return out.starts_.push_back(static_cast<index_t>(out.order_.size()));
}

}  // namespace escapade

#endif  // ESCAPADE_SCC_HPP
