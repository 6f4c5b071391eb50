// escapade/detail/cfg/block_graph.hpp - one function's control-flow graph as dense block numbers.
//
// Block 0 is the entry. Edges are added in any order (a host lists successors per block; duplicate
// edges, as from a switch with two cases going to one block, are kept and harmless); finish()
// packs them into compressed successor and predecessor arrays. The other files of detail/cfg/
// (dominators, loop nesting) read this form.
//
// Cost: add_edge O(1) amortised; finish O(N + E) time and memory (a counting sort by source and by
// target). Deterministic: within a block, successors keep the order they were added in.
#ifndef ESCAPADE_DETAIL_CFG_BLOCK_GRAPH_HPP
#define ESCAPADE_DETAIL_CFG_BLOCK_GRAPH_HPP

#include "../vector.hpp"

namespace escapade::detail {

class block_graph {
public:
    explicit block_graph(memory_resource& mem = default_resource()) noexcept
        : from_(mem), to_(mem), succ_first_(mem), succ_(mem), pred_first_(mem), pred_(mem) {}

    /// Starts a graph of n blocks without edges.
    void reset(std::size_t n) noexcept {
        n_ = n;
        from_.clear();
        to_.clear();
        succ_first_.clear();
        succ_.clear();
        pred_first_.clear();
        pred_.clear();
    }
    /// Records the edge from -> to (both < size()). False when memory ran out.
    [[nodiscard]] bool add_edge(index_t from, index_t to) noexcept {
        ESCAPADE_ASSERT(from < n_ && to < n_);
        return from_.push_back(from) && to_.push_back(to);
    }
    /// Packs the edges (after the last add_edge). False when memory ran out.
    [[nodiscard]] bool finish() noexcept { return pack(from_, to_, succ_first_, succ_) && pack(to_, from_, pred_first_, pred_); }

    std::size_t size() const noexcept { return n_; }
    std::size_t edge_count() const noexcept { return from_.size(); }
    const index_t* succ_begin(index_t b) const noexcept { return succ_.data() + succ_first_[b]; }
    const index_t* succ_end(index_t b) const noexcept { return succ_.data() + succ_first_[b + 1]; }
    const index_t* pred_begin(index_t b) const noexcept { return pred_.data() + pred_first_[b]; }
    const index_t* pred_end(index_t b) const noexcept { return pred_.data() + pred_first_[b + 1]; }

private:
    /// Counting sort of the edges by key: first[k] .. first[k+1] index the values of key k, in
    /// the order the edges were added.
    bool pack(const vector<index_t>& key, const vector<index_t>& value, vector<index_t>& first, vector<index_t>& out) noexcept {
        first.clear();
        out.clear();
        if (!first.resize(n_ + 1, 0) || !out.resize(key.size(), 0)) return false;
        for (index_t k : key) ++first[k + 1];
        for (std::size_t i = 0; i < n_; ++i) first[i + 1] += first[i];
        // Fill with a moving cursor per key (first[k] advances), then shift back.
        for (std::size_t e = 0; e < key.size(); ++e) out[first[key[e]]++] = value[e];
        for (std::size_t i = n_; i > 0; --i) first[i] = first[i - 1];
        first[0] = 0;
        return true;
    }

    std::size_t n_ = 0;
    vector<index_t> from_, to_;
    vector<index_t> succ_first_, succ_;
    vector<index_t> pred_first_, pred_;
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_CFG_BLOCK_GRAPH_HPP
