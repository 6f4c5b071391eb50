// escapade/solve.hpp - generic worklist solvers over digraph.
//
// 1. backward_walk: from one root, relaxes values backwards along incoming edges (dst -> src) with
//    a LIFO worklist, Bellman-Ford style: a node is re-pushed whenever its value improves, that is,
//    whenever the new value is not below the old one in its lattice (Value::leq, lattice.hpp). The
//    policy supplies the transfer along an edge and a visit hook; gc's walkOne (the fewest
//    dereferences from a root, clamped at 0: lattice.hpp's shortest_flow) is the instance the
//    escape analysis uses.
//      Policy:
//        Value initial()                                   value at the root
//        Value extend(const Value& at_dst, const Edge& e)  value reaching e.src through e
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

#include <type_traits>

#include "graph.hpp"
#include "lattice.hpp"

namespace escapade {

/// Reusable per-node scratch for backward_walk.
template <class Value>
class walk_state {
public:
    explicit walk_state(memory_resource& mem = default_resource()) noexcept : value_(mem), stamp_(mem), via_(mem), stack_(mem) {}

    /// Whether the last walk reached n.
    bool reached(index_t n) const noexcept { return n < stamp_.size() && stamp_[n] == current_; }
    /// The last walk's value at n (meaningful when reached(n)).
    const Value& value(index_t n) const noexcept { return value_[n]; }
    /// The edge through which n got its value in the last walk (invalid_index at the root).
    index_t via(index_t n) const noexcept { return via_[n]; }
    /// Edges relaxed by every walk so far (the analysis' work budget counts these).
    std::uint64_t relaxations() const noexcept { return relaxations_; }

private:
    template <class N, class E, class V, class Policy>
    friend bool backward_walk(const digraph<N, E>& g, index_t root, walk_state<V>& st, Policy& policy) noexcept;

    [[nodiscard]] bool resize(std::size_t n) noexcept {
        return value_.resize(n, Value()) && stamp_.resize(n, 0) && via_.resize(n, invalid_index);
    }

    detail::vector<Value> value_;
    detail::vector<std::uint32_t> stamp_;  ///< value_[n] is meaningful iff stamp_[n] == current_
    detail::vector<index_t> via_;
    detail::vector<index_t> stack_;
    std::uint32_t current_ = 0;
    std::uint64_t relaxations_ = 0;
};

/// Runs one backward walk from root. Returns false only when memory ran out.
template <class NodeData, class EdgeData, class Value, class Policy>
[[nodiscard]] bool backward_walk(const digraph<NodeData, EdgeData>& g, index_t root, walk_state<Value>& st, Policy& policy) noexcept {
    static_assert(is_lattice_v<Value>, "backward_walk needs a lattice value type (bottom, join, leq)");
    if (st.stamp_.size() < g.node_count() && !st.resize(g.node_count())) return false;
    if (++st.current_ == 0) {  // stamp wrap-around: clear all stamps once every 2^32 walks
        for (std::uint32_t& s : st.stamp_) s = 0;
        st.current_ = 1;
    }
    st.stack_.clear();
    st.value_[root] = policy.initial();
    st.stamp_[root] = st.current_;
    st.via_[root] = invalid_index;
    if (!st.stack_.push_back(root)) return false;
    while (!st.stack_.empty()) {
        index_t n = st.stack_.back();
        st.stack_.pop_back();
        Value v = st.value_[n];
        if (!policy.visit(n, v)) continue;
        for (index_t e = g.first_in(n); e != invalid_index; e = g.edge_at(e).next_in) {
            const auto& ed = g.edge_at(e);
            index_t src = ed.src;
            if (policy.skip(src) || !policy.follow(ed.data)) continue;
            ++st.relaxations_;
            Value d = policy.extend(v, ed.data);
            if (st.stamp_[src] != st.current_ || !d.leq(st.value_[src])) {
                st.stamp_[src] = st.current_;
                st.value_[src] = d;
                st.via_[src] = e;
                if (!st.stack_.push_back(src)) return false;
            }
        }
    }
    return true;
}

/// Propagates lattice values forward until a fixpoint. values[n] (any container indexed by node,
/// node_count() long) must hold each node's initial value (its own facts).
/// transfer(const Value& at_src, const Edge& e, Value* out) -> bool says whether anything flows
/// along e (and what). Returns false only when memory ran out.
template <class NodeData, class EdgeData, class Values, class Transfer>
[[nodiscard]] bool forward_fixpoint(const digraph<NodeData, EdgeData>& g, Values& values, Transfer&& transfer, memory_resource& mem) noexcept {
    using Value = std::remove_cv_t<std::remove_reference_t<decltype(values[0])>>;
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
