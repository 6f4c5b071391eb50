// escapade/detail/cfg/dominators.hpp - reverse post-order and the dominator tree of one function.
//
// Reverse post-order comes from an iterative depth-first search from the entry (an explicit stack
// of (block, next successor)); blocks it does not reach are "unreachable" and take no part in the
// rest (their instructions never run). Immediate dominators come from the iterative algorithm of
// Cooper, Harvey and Kennedy ("A Simple, Fast Dominance Algorithm", 2001): repeat, over the
// blocks in reverse post-order, idom(b) = the nearest common dominator of b's processed
// predecessors, until nothing changes. Then an iterative walk of the tree numbers each block with
// the interval [pre, post] of its subtree, so "a dominates b" is two comparisons.
//
// Cost: the search and the numbering O(N + E); the fixpoint O(N + E) per round, and the number of
// rounds is at most the loop connectedness of the graph plus two (a small constant for the graphs
// compilers produce; quadratic only for contrived graphs), each intersection walking up the
// current tree. Memory O(N). The results do not depend on block numbering or successor order
// (dominance is a property of the graph), only the reverse post-order itself does.
#ifndef ESCAPADE_DETAIL_CFG_DOMINATORS_HPP
#define ESCAPADE_DETAIL_CFG_DOMINATORS_HPP

#include "block_graph.hpp"

namespace escapade::detail {

class dominator_tree {
public:
    explicit dominator_tree(memory_resource& mem = default_resource()) noexcept
        : rpo_(mem), rpo_num_(mem), idom_(mem), pre_(mem), post_(mem), scratch_(mem) {}

    /// Computes everything for g with entry block 0. False when memory ran out.
    [[nodiscard]] bool compute(const block_graph& g) noexcept {
        std::size_t n = g.size();
        rpo_.clear();
        rpo_num_.clear();
        idom_.clear();
        pre_.clear();
        post_.clear();
        if (n == 0) return true;
        if (!rpo_num_.resize(n, invalid_index) || !idom_.resize(n, invalid_index) || !pre_.resize(n, invalid_index) ||
            !post_.resize(n, invalid_index))
            return false;
        if (!reverse_post_order(g)) return false;
        // Cooper-Harvey-Kennedy, in reverse post-order numbers.
        idom_[0] = 0;
        bool changed = true;
        while (changed) {
            changed = false;
            for (std::size_t i = 1; i < rpo_.size(); ++i) {
                index_t b = rpo_[i];
                index_t nd = invalid_index;
                for (const index_t* p = g.pred_begin(b); p != g.pred_end(b); ++p) {
                    if (idom_[*p] == invalid_index) continue;  // unprocessed or unreachable
                    nd = nd == invalid_index ? *p : intersect(*p, nd);
                }
                if (nd != idom_[b]) {
                    idom_[b] = nd;
                    changed = true;
                }
            }
        }
        return number_tree(n);
    }

    /// Blocks reachable from the entry, in reverse post-order (the entry first).
    const vector<index_t>& reverse_post_order() const noexcept { return rpo_; }
    bool reachable(index_t b) const noexcept { return rpo_num_[b] != invalid_index; }
    /// Position of b in reverse post-order (invalid_index when unreachable).
    index_t rpo_number(index_t b) const noexcept { return rpo_num_[b]; }
    /// The immediate dominator (the entry's is itself; invalid_index when unreachable).
    index_t idom(index_t b) const noexcept { return idom_[b]; }
    /// Whether a dominates b (every block dominates itself). False when either is unreachable.
    bool dominates(index_t a, index_t b) const noexcept {
        if (!reachable(a) || !reachable(b)) return false;
        return pre_[a] <= pre_[b] && post_[b] <= post_[a];
    }

private:
    bool reverse_post_order(const block_graph& g) noexcept {
        struct frame {
            index_t b;
            const index_t* next;
        };
        vector<frame> stack(scratch_.resource());
        vector<index_t>& post = scratch_;
        post.clear();
        vector<std::uint8_t> seen(scratch_.resource());
        if (!seen.resize(g.size(), 0) || !stack.push_back(frame{0, g.succ_begin(0)})) return false;
        seen[0] = 1;
        while (!stack.empty()) {
            frame& f = stack.back();
            if (f.next != g.succ_end(f.b)) {
                index_t s = *f.next++;
                if (!seen[s]) {
                    seen[s] = 1;
                    if (!stack.push_back(frame{s, g.succ_begin(s)})) return false;
                }
                continue;
            }
            if (!post.push_back(f.b)) return false;
            stack.pop_back();
        }
        if (!rpo_.reserve(post.size())) return false;
        for (std::size_t i = post.size(); i > 0; --i) {
            rpo_num_[post[i - 1]] = static_cast<index_t>(rpo_.size());
            if (!rpo_.push_back(post[i - 1])) return false;
        }
        return true;
    }

    index_t intersect(index_t a, index_t b) const noexcept {
        while (a != b) {
            while (rpo_num_[a] > rpo_num_[b]) a = idom_[a];
            while (rpo_num_[b] > rpo_num_[a]) b = idom_[b];
        }
        return a;
    }

    /// Pre/post numbers of the dominator tree, by an iterative depth-first walk over children
    /// lists built by counting (children in reverse post-order).
    bool number_tree(std::size_t n) noexcept {
        vector<index_t> first(scratch_.resource()), child(scratch_.resource());
        if (!first.resize(n + 1, 0) || !child.resize(rpo_.size(), 0)) return false;
        for (index_t b : rpo_)
            if (b != 0) ++first[idom_[b] + 1];
        for (std::size_t i = 0; i < n; ++i) first[i + 1] += first[i];
        vector<index_t> cursor(scratch_.resource());
        if (!cursor.append(first.data(), n)) return false;
        for (index_t b : rpo_)
            if (b != 0) child[cursor[idom_[b]]++] = b;
        struct frame {
            index_t b;
            index_t next;
        };
        vector<frame> stack(scratch_.resource());
        index_t clock = 0;
        pre_[0] = clock++;
        if (!stack.push_back(frame{0, first[0]})) return false;
        while (!stack.empty()) {
            frame& f = stack.back();
            if (f.next < first[f.b + 1]) {
                index_t c = child[f.next++];
                pre_[c] = clock++;
                if (!stack.push_back(frame{c, first[c]})) return false;
                continue;
            }
            post_[f.b] = clock++;
            stack.pop_back();
        }
        return true;
    }

    vector<index_t> rpo_, rpo_num_, idom_, pre_, post_;
    vector<index_t> scratch_;
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_CFG_DOMINATORS_HPP
