// escapade/detail/cfg/loops.hpp - the loop nesting forest of one function, irreducible loops included,
// and the loop depth of every block and of every phi.
//
// Loops are found by nested strongly connected components (Steensgaard's construction, also used
// by Ramalingam's "On loops, dominators, and dominance frontiers"): the loops of a region are the
// cyclic SCCs of the region's subgraph; a loop's headers are its blocks with a predecessor outside
// it (the entry counts as entered from outside); the edges from inside a loop to its headers are
// its back edges; removing them, the cyclic SCCs of the loop's blocks are its inner loops, and so
// on. A reducible loop has one header (its natural loop's); an irreducible one has several, and is
// still one loop: nothing assumes a single entry. Every block belongs to at most one loop per level
// and heads at most one loop (its innermost).
//
// Why this is what the loop-iteration rule needs. Removing every back edge leaves the graph
// acyclic (each cycle lies in a smallest loop and, not lying in any inner loop, enters one of that
// loop's headers from inside). In SSA form, a value computed in one iteration of loop L and read in
// a later one must cross a back edge of L, and the only values that cross a back edge into header
// h are the operands of h's phis: any other use is dominated by its definition, and a definition
// inside L that dominates a use reached from h after the back edge is executed again before it
// (h is entered from outside L on some path that does not pass the definition). So a phi in a
// header of loop L holds values carried from one iteration to the next, and belongs to the level
// around L; every other SSA value lives within one iteration of every loop containing it.
//
// Depth alone (1 + the number of loops containing a block) is not enough: a value defined in one
// loop may be used in a later sibling loop at the same depth (its block dominates it), so an
// object of the first loop lives through every iteration of the second. What decides is
// containment (scope): storage allocated in block a outlives an iteration of an object allocated
// in block b exactly when some loop containing b does not contain a; a header phi lives around the
// loop it heads. Scopes are intervals of a walk of the forest (scope_of_loop, contains), so the
// test is two comparisons. (Found by the soundness oracle: tests/cfg/sibling_loops.cfg.)
//
// Cost: every level of the forest visits each block and edge of its regions once (iterative
// Tarjan), so O((N + E) * D) time for nesting depth D, the numbering O(loops), and O(N * D) memory for the regions' block
// lists (O(N + E) per level in practice). The depths and header flags depend only on the graph,
// never on block numbering or successor order; loop numbers follow block numbers (deterministic).
#ifndef ESCAPADE_DETAIL_CFG_LOOPS_HPP
#define ESCAPADE_DETAIL_CFG_LOOPS_HPP

#include <algorithm>
#include <cstdint>

#include "dominators.hpp"

namespace escapade::detail {

class loop_forest {
public:
    struct loop {
        index_t parent = invalid_index;  ///< the enclosing loop
        std::int32_t depth = 2;          ///< depth of its blocks' level: 2 for an outermost loop
        index_t headers_first = 0;       ///< into headers()
        index_t header_count = 0;        ///< more than one: irreducible
        index_t pre = 0, post = 0;       ///< interval of the loop in a walk of the forest: loop a
                                         ///< contains loop b iff a.pre <= b.pre && b.post <= a.post
    };
    /// Where a location lives, as an interval of the forest: the whole function (every loop inside
    /// it), or one loop (its inner loops inside it). `scope_a` outlives an iteration of something
    /// living in `scope_b` exactly when b's loop does not contain a's: some loop around b repeats
    /// while a stays (see the file's header).
    struct scope {
        index_t pre = 0, post = invalid_index;  ///< default: the function level
    };
    static bool contains(scope outer, scope inner) noexcept { return outer.pre <= inner.pre && inner.post <= outer.post; }
    scope scope_of_loop(index_t l) const noexcept {
        if (l == invalid_index) return scope{};
        return scope{loops_[l].pre, loops_[l].post};
    }
    /// The scope of storage allocated in block b (its innermost loop).
    scope block_scope(index_t b) const noexcept { return scope_of_loop(innermost_[b]); }
    /// The scope of a phi of block b: a header's phis live around the loop it heads.
    scope phi_scope(index_t b) const noexcept {
        index_t l = innermost_[b];
        if (l != invalid_index && is_header_[b]) l = loops_[l].parent;
        return scope_of_loop(l);
    }

    explicit loop_forest(memory_resource& mem = default_resource()) noexcept
        : loops_(mem), headers_(mem), innermost_(mem), depth_(mem), is_header_(mem), region_of_(mem), scc_of_(mem), index_(mem),
          low_(mem), on_stack_(mem), stack_(mem), frames_(mem), buf_(mem), work_(mem) {}

    /// Computes the forest of g; dom supplies reachability (unreachable blocks belong to no loop
    /// and have depth 1). False when memory ran out.
    [[nodiscard]] bool compute(const block_graph& g, const dominator_tree& dom) noexcept;

    const vector<loop>& loops() const noexcept { return loops_; }
    /// Header blocks of every loop (loop::headers_first, loop::header_count), ascending per loop.
    const vector<index_t>& headers() const noexcept { return headers_; }
    /// The innermost loop containing b, or invalid_index.
    index_t innermost(index_t b) const noexcept { return innermost_[b]; }
    /// 1 + the number of loops containing b.
    std::int32_t depth(index_t b) const noexcept { return depth_[b]; }
    /// Whether b is a header of its innermost loop.
    bool is_header(index_t b) const noexcept { return is_header_[b] != 0; }
    /// The depth of a phi of b: the level around the loop b heads (its values cross iterations).
    std::int32_t phi_depth(index_t b) const noexcept { return is_header_[b] ? depth_[b] - 1 : depth_[b]; }

private:
    struct region {
        index_t first, count;  ///< blocks in buf_
        index_t loop;          ///< the loop whose blocks these are (invalid: the whole function)
        std::int32_t depth;    ///< depth of the blocks that are in no inner loop
    };
    struct frame {
        index_t b;
        const index_t* next;
    };

    /// Whether edge u -> v is part of region r's subgraph (v in r, and not a back edge of r's loop).
    bool edge_in(const region& r, index_t rid, index_t v) const noexcept {
        if (region_of_[v] != rid) return false;
        return !(r.loop != invalid_index && is_header_[v] && innermost_[v] == r.loop);
    }
    bool process(index_t rid, const block_graph& g) noexcept;
    bool number_loops() noexcept;
    bool new_loop(const region& r, index_t rid, const index_t* members, std::size_t count, const block_graph& g) noexcept;

    vector<loop> loops_;
    vector<index_t> headers_;
    vector<index_t> innermost_;
    vector<std::int32_t> depth_;
    vector<std::uint8_t> is_header_;
    // scratch
    vector<index_t> region_of_, scc_of_, index_, low_;
    vector<std::uint8_t> on_stack_;
    vector<index_t> stack_;
    vector<frame> frames_;
    vector<index_t> buf_;     ///< block lists of the regions
    vector<region> work_;     ///< regions, processed in order (index = region id)
    index_t scc_stamp_ = 0;
};

inline bool loop_forest::compute(const block_graph& g, const dominator_tree& dom) noexcept {
    std::size_t n = g.size();
    loops_.clear();
    headers_.clear();
    innermost_.clear();
    depth_.clear();
    is_header_.clear();
    region_of_.clear();
    scc_of_.clear();
    index_.clear();
    low_.clear();
    on_stack_.clear();
    buf_.clear();
    work_.clear();
    scc_stamp_ = 0;
    if (!innermost_.resize(n, invalid_index) || !depth_.resize(n, 1) || !is_header_.resize(n, 0) ||
        !region_of_.resize(n, invalid_index) || !scc_of_.resize(n, invalid_index) || !index_.resize(n, 0) || !low_.resize(n, 0) ||
        !on_stack_.resize(n, 0))
        return false;
    // The top region: every reachable block, ascending.
    for (index_t b = 0; b < n; ++b)
        if (dom.reachable(b) && !buf_.push_back(b)) return false;
    if (!work_.push_back(region{0, static_cast<index_t>(buf_.size()), invalid_index, 1})) return false;
    for (index_t rid = 0; rid < work_.size(); ++rid)
        if (!process(rid, g)) return false;
    return number_loops();
}

/// pre/post numbers of the forest (loops are created parents first, so a walk over children lists
/// built by counting visits each loop after its parent). Numbers start at 1: the function level's
/// scope [0, invalid_index] contains every loop.
inline bool loop_forest::number_loops() noexcept {
    std::size_t n = loops_.size();
    if (n == 0) return true;
    vector<index_t>& first = region_of_;  // scratch, no longer needed
    vector<index_t>& child = scc_of_;
    first.clear();
    child.clear();
    if (!first.resize(n + 2, 0) || !child.resize(n, 0)) return false;
    // children of loop i: child[first[i] .. first[i+1]); the outermost loops under the virtual index n
    for (index_t l = 0; l < n; ++l) ++first[(loops_[l].parent == invalid_index ? n : loops_[l].parent) + 1];
    for (std::size_t i = 0; i <= n; ++i) first[i + 1] += first[i];
    vector<index_t>& cursor = index_;
    cursor.clear();
    if (!cursor.append(first.data(), n + 1)) return false;
    for (index_t l = 0; l < n; ++l) child[cursor[loops_[l].parent == invalid_index ? n : loops_[l].parent]++] = l;
    index_t clock = 1;
    struct item {
        index_t loop, next;
    };
    vector<item> work(stack_.resource());
    if (!work.push_back(item{static_cast<index_t>(n), first[n]})) return false;
    while (!work.empty()) {
        item& it = work.back();
        if (it.next < first[it.loop + 1]) {
            index_t c = child[it.next++];
            loops_[c].pre = clock++;
            if (!work.push_back(item{c, first[c]})) return false;
            continue;
        }
        if (it.loop != n) loops_[it.loop].post = clock++;
        work.pop_back();
    }
    return true;
}

/// Tarjan over region rid's subgraph; each cyclic component becomes a loop and a new region.
inline bool loop_forest::process(index_t rid, const block_graph& g) noexcept {
    const region r = work_[rid];
    for (index_t i = 0; i < r.count; ++i) {
        index_t b = buf_[r.first + i];
        region_of_[b] = rid;
        index_[b] = invalid_index;
    }
    index_t counter = 0;
    for (index_t i = 0; i < r.count; ++i) {
        index_t start = buf_[r.first + i];
        if (index_[start] != invalid_index) continue;
        index_[start] = low_[start] = counter++;
        on_stack_[start] = 1;
        if (!stack_.push_back(start) || !frames_.push_back(frame{start, g.succ_begin(start)})) return false;
        while (!frames_.empty()) {
            frame& f = frames_.back();
            index_t v = f.b;
            if (f.next != g.succ_end(v)) {
                index_t w = *f.next++;
                if (!edge_in(r, rid, w)) continue;
                if (index_[w] == invalid_index) {
                    index_[w] = low_[w] = counter++;
                    on_stack_[w] = 1;
                    if (!stack_.push_back(w) || !frames_.push_back(frame{w, g.succ_begin(w)})) return false;
                } else if (on_stack_[w] && index_[w] < low_[v]) {
                    low_[v] = index_[w];
                }
                continue;
            }
            frames_.pop_back();
            if (!frames_.empty() && low_[v] < low_[frames_.back().b]) low_[frames_.back().b] = low_[v];
            if (low_[v] != index_[v]) continue;
            // v roots a component: pop it.
            std::size_t top = stack_.size();
            std::size_t bottom = top;
            while (stack_[bottom - 1] != v) --bottom;
            --bottom;
            for (std::size_t k = bottom; k < top; ++k) on_stack_[stack_[k]] = 0;
            std::size_t count = top - bottom;
            bool cyclic = count > 1;
            if (!cyclic)
                for (const index_t* s = g.succ_begin(v); s != g.succ_end(v) && !cyclic; ++s) cyclic = *s == v && edge_in(r, rid, v);
            if (cyclic) {
                std::sort(stack_.data() + bottom, stack_.data() + top);
                if (!new_loop(r, rid, stack_.data() + bottom, count, g)) return false;
            }
            stack_.truncate(bottom);
        }
    }
    return true;
}

inline bool loop_forest::new_loop(const region& r, index_t rid, const index_t* members, std::size_t count,
                                  const block_graph& g) noexcept {
    (void)rid;
    index_t id = static_cast<index_t>(loops_.size());
    loop l;
    l.parent = r.loop;
    l.depth = r.depth + 1;
    l.headers_first = static_cast<index_t>(headers_.size());
    index_t stamp = ++scc_stamp_;
    for (std::size_t k = 0; k < count; ++k) scc_of_[members[k]] = stamp;
    for (std::size_t k = 0; k < count; ++k) {
        index_t b = members[k];
        innermost_[b] = id;
        depth_[b] = l.depth;
        is_header_[b] = 0;
        bool entered = b == 0;  // the entry is entered from outside the function
        for (const index_t* p = g.pred_begin(b); p != g.pred_end(b) && !entered; ++p)
            entered = scc_of_[*p] != stamp && region_of_[*p] != invalid_index;  // reachable, outside the loop
        if (entered) {
            is_header_[b] = 1;
            if (!headers_.push_back(b)) return false;
        }
    }
    l.header_count = static_cast<index_t>(headers_.size()) - l.headers_first;
    // A reachable cycle is entered somewhere; if the region's own back edges were the only way in,
    // every block is a header (sound: more headers only lowers phi depths).
    if (l.header_count == 0) {
        for (std::size_t k = 0; k < count; ++k) {
            is_header_[members[k]] = 1;
            if (!headers_.push_back(members[k])) return false;
        }
        l.header_count = static_cast<index_t>(count);
    }
    if (!loops_.push_back(l)) return false;
    index_t first = static_cast<index_t>(buf_.size());
    if (!buf_.append(members, count)) return false;
    return work_.push_back(region{first, static_cast<index_t>(count), id, l.depth});
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_CFG_LOOPS_HPP
