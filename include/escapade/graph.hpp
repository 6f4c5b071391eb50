// escapade/graph.hpp - a compact index-based directed graph with edge payloads.
//
// digraph<NodeData, EdgeData>: nodes and edges are dense indices; each edge carries EdgeData (the
// analysis stores its weight, "derefs", there). Every node keeps two singly linked lists threaded
// through the edge array, its incoming and its outgoing edges, so adding an edge is O(1) amortised
// and needs no per-node allocation. Iteration visits the most recently added edge first.
// Storage comes from the memory_resource given at construction; growth can fail and is reported.
//
// Complexity: add_node, add_edge O(1) amortised; iterating a node's in/out edges O(degree);
// memory O(nodes + edges).
#ifndef ESCAPADE_GRAPH_HPP
#define ESCAPADE_GRAPH_HPP

#include "detail/vector.hpp"

namespace escapade {

template <class NodeData, class EdgeData>
class digraph {
public:
    struct edge {
        index_t src;
        index_t dst;
        index_t next_in;   ///< next incoming edge of dst
        index_t next_out;  ///< next outgoing edge of src
        EdgeData data;
    };

    explicit digraph(memory_resource& mem = default_resource()) noexcept : nodes_(mem), heads_(mem), edges_(mem) {}

    std::size_t node_count() const noexcept { return nodes_.size(); }
    std::size_t edge_count() const noexcept { return edges_.size(); }

    /// Adds a node; returns its index, or invalid_index when memory ran out.
    index_t add_node(const NodeData& data = NodeData()) noexcept {
        if (nodes_.size() >= invalid_index - 1) return invalid_index;
        if (!nodes_.push_back(data)) return invalid_index;
        if (!heads_.push_back(head{invalid_index, invalid_index})) {
            nodes_.pop_back();
            return invalid_index;
        }
        return static_cast<index_t>(nodes_.size() - 1);
    }
    /// Adds the edge src -> dst; returns its index, or invalid_index when memory ran out.
    index_t add_edge(index_t src, index_t dst, const EdgeData& data) noexcept {
        ESCAPADE_ASSERT(src < nodes_.size() && dst < nodes_.size());
        if (edges_.size() >= invalid_index - 1) return invalid_index;
        if (!edges_.push_back(edge{src, dst, heads_[dst].in, heads_[src].out, data})) return invalid_index;
        index_t e = static_cast<index_t>(edges_.size() - 1);
        heads_[dst].in = e;
        heads_[src].out = e;
        return e;
    }

    NodeData& node(index_t n) noexcept { return nodes_[n]; }
    const NodeData& node(index_t n) const noexcept { return nodes_[n]; }
    edge& edge_at(index_t e) noexcept { return edges_[e]; }
    const edge& edge_at(index_t e) const noexcept { return edges_[e]; }

    /// First incoming edge of n (follow edge::next_in), or invalid_index.
    index_t first_in(index_t n) const noexcept { return heads_[n].in; }
    /// First outgoing edge of n (follow edge::next_out), or invalid_index.
    index_t first_out(index_t n) const noexcept { return heads_[n].out; }

    /// Calls f(edge_index, const edge&) for each incoming edge of n.
    template <class F>
    void for_each_in(index_t n, F&& f) const noexcept {
        for (index_t e = heads_[n].in; e != invalid_index; e = edges_[e].next_in) f(e, edges_[e]);
    }
    /// Calls f(edge_index, const edge&) for each outgoing edge of n.
    template <class F>
    void for_each_out(index_t n, F&& f) const noexcept {
        for (index_t e = heads_[n].out; e != invalid_index; e = edges_[e].next_out) f(e, edges_[e]);
    }

    void clear() noexcept {
        nodes_.clear();
        heads_.clear();
        edges_.clear();
    }
    /// Bytes reserved by the graph's tables.
    std::size_t bytes_reserved() const noexcept {
        return nodes_.capacity() * sizeof(NodeData) + heads_.capacity() * sizeof(head) + edges_.capacity() * sizeof(edge);
    }

private:
    struct head {
        index_t in;
        index_t out;
    };
    detail::vector<NodeData> nodes_;
    detail::vector<head> heads_;
    detail::vector<edge> edges_;
};

}  // namespace escapade

#endif  // ESCAPADE_GRAPH_HPP
