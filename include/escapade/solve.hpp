// escapade/solve.hpp - generic worklist solvers over digraph.
//
// 1. backward_walk: from one root, relaxes values backwards along incoming edges (dst -> src) with
//    a LIFO worklist, Bellman-Ford style: a node is re-pushed whenever its value improves. The
//    policy supplies the lattice operations and a visit hook; gc's walkOne (minimal derefs from a
//    root, clamped at 0) is the instance used by the escape analysis.
//      Policy:
//        Value initial()                                   value at the root
//        Value extend(const Value& at_dst, const Edge& e)  value reaching e.src through e
//        bool improves(const Value& v, const Value& old)   strictly better than old?
//        bool skip(index_t src)                            never enter src (e.g. already escaping)
//        bool follow(const Edge& e)                        false: ignore this edge in this walk
//        bool visit(index_t n, const Value& v)             called once per pop; false = do not
//                                                          propagate from n
//    Per-node state (value, stamp, predecessor edge) lives in a walk_state the caller keeps across
//    walks: stamps make "reset" O(1), so many walks over one graph cost only what they touch.
//    Complexity: O(E * improvements per node); with gc's clamped deref values, which only
//    decrease and are bounded below by -1, each edge is relaxed O(max derefs) times per walk.
//
// 2. forward_fixpoint: classic monotone dataflow. Every node holds a lattice value (is_lattice_v);
//    values flow along outgoing edges through a transfer function until nothing changes. Used for
//    type-set and callee-set propagation. Complexity: O(E * height of the lattice).
#ifndef ESCAPADE_SOLVE_HPP
#define ESCAPADE_SOLVE_HPP

#include "graph.hpp"
#include "lattice.hpp"

namespace escapade {

/// Reusable per-node scratch for backward_walk.
template <class Value>
struct walk_state {
    explicit walk_state(memory_resource& mem = default_resource()) noexcept : value(mem), stamp(mem), via(mem), stack(mem) {}
    detail::vector<Value> value;
    detail::vector<std::uint32_t> stamp;  ///< value[n] is meaningful iff stamp[n] == current
    detail::vector<index_t> via;          ///< the edge through which n got its value
    detail::vector<index_t> stack;
    std::uint32_t current = 0;
    std::uint64_t relaxations = 0;  ///< total edges relaxed (the analysis' work budget counts these)

    [[nodiscard]] bool resize(std::size_t n) noexcept {
        return value.resize(n, Value()) && stamp.resize(n, 0) && via.resize(n, invalid_index);
    }
    bool reached(index_t n) const noexcept { return n < stamp.size() && stamp[n] == current; }
};

/// Runs one backward walk from root. Returns false only when memory ran out.
template <class NodeData, class EdgeData, class Value, class Policy>
[[nodiscard]] bool backward_walk(const digraph<NodeData, EdgeData>& g, index_t root, walk_state<Value>& st, Policy& policy) noexcept {
    if (st.stamp.size() < g.node_count() && !st.resize(g.node_count())) return false;
    if (++st.current == 0) {  // stamp wrap-around: clear all stamps once every 2^32 walks
        for (std::uint32_t& s : st.stamp) s = 0;
        st.current = 1;
    }
    st.stack.clear();
    st.value[root] = policy.initial();
    st.stamp[root] = st.current;
    st.via[root] = invalid_index;
    if (!st.stack.push_back(root)) return false;
    while (!st.stack.empty()) {
        index_t n = st.stack.back();
        st.stack.pop_back();
        Value v = st.value[n];
        if (!policy.visit(n, v)) continue;
        for (index_t e = g.first_in(n); e != invalid_index; e = g.edge_at(e).next_in) {
            const auto& ed = g.edge_at(e);
            index_t src = ed.src;
            if (policy.skip(src) || !policy.follow(ed.data)) continue;
            ++st.relaxations;
            Value d = policy.extend(v, ed.data);
            if (st.stamp[src] != st.current || policy.improves(d, st.value[src])) {
                st.stamp[src] = st.current;
                st.value[src] = d;
                st.via[src] = e;
                if (!st.stack.push_back(src)) return false;
            }
        }
    }
    return true;
}

/// Propagates lattice values forward until a fixpoint. values[n] must hold each node's initial
/// value (its own facts). transfer(const Value& at_src, const Edge& e, Value* out) -> bool says
/// whether anything flows along e (and what). Returns false only when memory ran out.
template <class NodeData, class EdgeData, class Value, class Transfer>
[[nodiscard]] bool forward_fixpoint(const digraph<NodeData, EdgeData>& g, detail::vector<Value>& values, Transfer&& transfer,
                                    memory_resource& mem) noexcept {
    static_assert(is_lattice_v<Value>, "forward_fixpoint needs a lattice value type (bottom, join, leq)");
    detail::vector<index_t> work(mem);
    detail::vector<std::uint8_t> queued(mem);
    if (!queued.resize(g.node_count(), 1) || !work.reserve(g.node_count())) return false;
    for (std::size_t i = g.node_count(); i > 0; --i)
        if (!work.push_back(static_cast<index_t>(i - 1))) return false;
    while (!work.empty()) {
        index_t n = work.back();
        work.pop_back();
        queued[n] = 0;
        for (index_t e = g.first_out(n); e != invalid_index; e = g.edge_at(e).next_out) {
            const auto& ed = g.edge_at(e);
            Value flow = Value::bottom();
            if (!transfer(values[n], ed.data, &flow)) continue;
            if (values[ed.dst].join(flow) && !queued[ed.dst]) {
                queued[ed.dst] = 1;
                if (!work.push_back(ed.dst)) return false;
            }
        }
    }
    return true;
}

}  // namespace escapade

#endif  // ESCAPADE_SOLVE_HPP
