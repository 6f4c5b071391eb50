// escapade/scc.hpp - strongly connected components (Tarjan, iterative).
//
// tarjan_scc(n, offsets, targets, out): the graph is given in compressed form (successors of node
// v are targets[offsets[v] .. offsets[v+1])). The depth-first search keeps its own explicit stack,
// so a 100,000-deep call chain costs heap memory, not native stack.
//
// Output: `component[v]` for each node, and `order`, the nodes grouped by component, components
// listed so that if a node of component A has an edge to a node of component B != A, B comes
// first ("callees before callers": bottom-up). `starts[c]` is where component c begins in order
// (starts has components+1 entries). `cyclic[c]` says whether c has more than one node or a
// self-edge. Complexity: O(V + E) time, O(V) extra memory.
#ifndef ESCAPADE_SCC_HPP
#define ESCAPADE_SCC_HPP

#include <algorithm>

#include "detail/vector.hpp"

namespace escapade {

struct scc_result {
    explicit scc_result(memory_resource& mem = default_resource()) noexcept : component(mem), order(mem), starts(mem), cyclic(mem) {}
    detail::vector<index_t> component;
    detail::vector<index_t> order;
    detail::vector<index_t> starts;
    detail::vector<std::uint8_t> cyclic;
    std::size_t count() const noexcept { return starts.empty() ? 0 : starts.size() - 1; }
};

/// Returns false only when memory ran out.
[[nodiscard]] inline bool tarjan_scc(std::size_t n, const index_t* offsets, const index_t* targets, scc_result& out,
                                     memory_resource& mem) noexcept {
    out.component.clear();
    out.order.clear();
    out.starts.clear();
    out.cyclic.clear();
    if (!out.component.resize(n, invalid_index)) return false;
    detail::vector<index_t> index(mem), low(mem), stack(mem);
    detail::vector<std::uint8_t> on_stack(mem);
    struct frame {
        index_t v;
        index_t next;  ///< next successor position
    };
    detail::vector<frame> dfs(mem);
    if (!index.resize(n, invalid_index) || !low.resize(n, 0) || !on_stack.resize(n, 0)) return false;
    index_t counter = 0;
    for (index_t start = 0; start < n; ++start) {
        if (index[start] != invalid_index) continue;
        if (!dfs.push_back(frame{start, offsets[start]})) return false;
        index[start] = low[start] = counter++;
        if (!stack.push_back(start)) return false;
        on_stack[start] = 1;
        while (!dfs.empty()) {
            frame& f = dfs.back();
            index_t v = f.v;
            if (f.next < offsets[v + 1]) {
                index_t w = targets[f.next++];
                if (index[w] == invalid_index) {
                    index[w] = low[w] = counter++;
                    if (!stack.push_back(w)) return false;
                    on_stack[w] = 1;
                    if (!dfs.push_back(frame{w, offsets[w]})) return false;
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
                index_t c = static_cast<index_t>(out.starts.size());
                if (!out.starts.push_back(static_cast<index_t>(out.order.size()))) return false;
                std::size_t before = out.order.size();
                index_t w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = 0;
                    out.component[w] = c;
                    if (!out.order.push_back(w)) return false;
                } while (w != v);
                // Members in ascending node order: deterministic and independent of DFS details.
                index_t* first = out.order.data() + before;
                std::size_t cnt = out.order.size() - before;
                std::sort(first, first + cnt);
                bool cyc = cnt > 1;
                if (!cyc)
                    for (index_t k = offsets[v]; k < offsets[v + 1]; ++k) cyc = cyc || targets[k] == v;
                if (!out.cyclic.push_back(cyc ? 1 : 0)) return false;
            }
        }
    }
    return out.starts.push_back(static_cast<index_t>(out.order.size()));
}

}  // namespace escapade

#endif  // ESCAPADE_SCC_HPP
