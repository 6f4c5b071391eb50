// Unit tests of the control-flow shape the CFG host path computes itself (detail/cfg/): reverse
// post-order, dominators against a brute-force definition, and the loop nesting forest: hand-made
// reducible, nested, irreducible and unreachable cases with depths reasoned by hand, and on
// random graphs (1) removing every back edge leaves an acyclic graph, (2) the depths and header
// flags do not change when blocks are renumbered or successors reordered.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <utility>
#include <vector>

#include <escapade/detail/cfg/loops.hpp>

using namespace escapade;
using escapade::detail::block_graph;
using escapade::detail::dominator_tree;
using escapade::detail::loop_forest;

namespace {

using edges_t = std::vector<std::pair<index_t, index_t>>;

struct shape {
    block_graph g;
    dominator_tree dom;
    loop_forest loops;
    bool build(std::size_t n, const edges_t& edges) {
        g.reset(n);
        for (auto [a, b] : edges)
            if (!g.add_edge(a, b)) return false;
        return g.finish() && dom.compute(g) && loops.compute(g, dom);
    }
    bool in_loop(index_t b, index_t l) const {
        for (index_t x = loops.innermost(b); x != invalid_index; x = loops.loops()[x].parent)
            if (x == l) return true;
        return false;
    }
    /// u -> v is a back edge: v heads a loop that contains u.
    bool back_edge(index_t u, index_t v) const { return loops.is_header(v) && in_loop(u, loops.innermost(v)); }
};

/// Brute force: a dominates b iff b is not reachable from the entry without passing through a.
bool dominates_brute(std::size_t n, const edges_t& edges, index_t a, index_t b) {
    std::vector<std::vector<index_t>> succ(n);
    for (auto [x, y] : edges) succ[x].push_back(y);
    auto reach = [&](index_t removed) {
        std::vector<char> seen(n, 0);
        std::vector<index_t> work;
        if (removed != 0) {
            seen[0] = 1;
            work.push_back(0);
        }
        while (!work.empty()) {
            index_t x = work.back();
            work.pop_back();
            for (index_t y : succ[x])
                if (y != removed && !seen[y]) {
                    seen[y] = 1;
                    work.push_back(y);
                }
        }
        return seen;
    };
    std::vector<char> all = reach(invalid_index);
    if (!all[a] || !all[b]) return false;
    if (a == b) return true;
    return !reach(a)[b];
}

/// Whether the reachable subgraph without back edges has a cycle (Kahn's algorithm).
bool acyclic_without_back_edges(const shape& s, std::size_t n, const edges_t& edges) {
    std::vector<int> indeg(n, 0);
    std::vector<std::vector<index_t>> succ(n);
    for (auto [u, v] : edges) {
        if (!s.dom.reachable(u) || s.back_edge(u, v)) continue;
        succ[u].push_back(v);
        ++indeg[v];
    }
    std::vector<index_t> work;
    std::size_t reachable = 0;
    for (index_t b = 0; b < n; ++b) {
        if (!s.dom.reachable(b)) continue;
        ++reachable;
        if (indeg[b] == 0) work.push_back(b);
    }
    std::size_t done = 0;
    while (!work.empty()) {
        index_t x = work.back();
        work.pop_back();
        ++done;
        for (index_t y : succ[x])
            if (--indeg[y] == 0) work.push_back(y);
    }
    return done == reachable;
}

edges_t random_graph(std::mt19937& rng, std::size_t n, std::size_t extra) {
    edges_t e;
    // A spine so most blocks are reachable, then random edges (back edges, cross edges, self-loops).
    for (index_t b = 1; b < n; ++b) e.emplace_back(std::uniform_int_distribution<index_t>(0, b - 1)(rng), b);
    for (std::size_t k = 0; k < extra; ++k) {
        index_t a = std::uniform_int_distribution<index_t>(0, static_cast<index_t>(n - 1))(rng);
        index_t b = std::uniform_int_distribution<index_t>(1, static_cast<index_t>(n - 1))(rng);
        e.emplace_back(a, b);
    }
    // Some unreachable blocks: drop the spine edge of one block now and then.
    if (n > 3 && rng() % 4 == 0) {
        index_t victim = static_cast<index_t>(1 + rng() % (n - 1));
        e.erase(std::remove_if(e.begin(), e.end(), [&](auto x) { return x.second == victim; }), e.end());
    }
    return e;
}

}  // namespace

TEST_CASE("cfg shape: a simple loop", "[cfg][loops]") {
    // 0 -> 1 (header) -> 2 -> 1, 1 -> 3
    shape s;
    REQUIRE(s.build(4, {{0, 1}, {1, 2}, {2, 1}, {1, 3}}));
    CHECK(s.loops.loops().size() == 1);
    CHECK(s.loops.depth(0) == 1);
    CHECK(s.loops.depth(1) == 2);
    CHECK(s.loops.depth(2) == 2);
    CHECK(s.loops.depth(3) == 1);
    CHECK(s.loops.is_header(1));
    CHECK_FALSE(s.loops.is_header(2));
    CHECK(s.loops.phi_depth(1) == 1);  // the header's phis carry values between iterations
    CHECK(s.loops.phi_depth(2) == 2);
    CHECK(s.dom.idom(2) == 1);
    CHECK(s.dom.idom(3) == 1);
    CHECK(s.dom.dominates(1, 2));
    CHECK_FALSE(s.dom.dominates(2, 3));
}

TEST_CASE("cfg shape: nested loops and a self-loop", "[cfg][loops]") {
    // 0 -> 1 (outer header) -> 2 (inner header) -> 3 -> 2; 3 -> 4 -> 1; 4 -> 4 (self-loop); 1 -> 5
    shape s;
    REQUIRE(s.build(6, {{0, 1}, {1, 2}, {2, 3}, {3, 2}, {3, 4}, {4, 1}, {4, 4}, {1, 5}}));
    CHECK(s.loops.loops().size() == 3);
    CHECK(s.loops.depth(1) == 2);
    CHECK(s.loops.depth(2) == 3);
    CHECK(s.loops.depth(3) == 3);
    CHECK(s.loops.depth(4) == 3);  // the self-loop is a loop inside the outer one
    CHECK(s.loops.is_header(4));
    CHECK(s.loops.phi_depth(4) == 2);
    CHECK(s.loops.phi_depth(2) == 2);
    CHECK(s.loops.phi_depth(1) == 1);
    CHECK(s.loops.depth(5) == 1);
}

TEST_CASE("cfg shape: an irreducible loop has two headers and is one loop", "[cfg][loops]") {
    // 0 -> 1, 0 -> 2, 1 <-> 2, both -> 3
    shape s;
    REQUIRE(s.build(4, {{0, 1}, {0, 2}, {1, 2}, {2, 1}, {1, 3}, {2, 3}}));
    REQUIRE(s.loops.loops().size() == 1);
    CHECK(s.loops.loops()[0].header_count == 2);
    CHECK(s.loops.is_header(1));
    CHECK(s.loops.is_header(2));
    CHECK(s.loops.phi_depth(1) == 1);
    CHECK(s.loops.phi_depth(2) == 1);
    CHECK(s.loops.depth(3) == 1);
    CHECK(s.dom.idom(1) == 0);
    CHECK(s.dom.idom(2) == 0);
}

TEST_CASE("cfg shape: an irreducible region inside a reducible loop, with an inner cycle", "[cfg][loops]") {
    // 0 -> 1 (outer header); 1 -> 2, 1 -> 3; 2 <-> 3 (irreducible, entered at both);
    // 3 -> 4 -> 3 (a cycle through a header of the irreducible loop only); 4 -> 1; 1 -> 5
    shape s;
    REQUIRE(s.build(6, {{0, 1}, {1, 2}, {1, 3}, {2, 3}, {3, 2}, {3, 4}, {4, 3}, {4, 1}, {1, 5}}));
    CHECK(s.loops.depth(1) == 2);
    CHECK(s.loops.depth(2) == 3);
    CHECK(s.loops.depth(3) == 3);
    CHECK(s.loops.depth(4) == 3);
    CHECK(s.loops.is_header(2));
    CHECK(s.loops.is_header(3));
    CHECK_FALSE(s.loops.is_header(4));
    // 3 -> 4 -> 3 runs through header 3 of the irreducible loop: no inner loop of its own.
    CHECK(s.loops.loops().size() == 2);
}

TEST_CASE("cfg shape: unreachable blocks are in no loop and dominate nothing", "[cfg][loops]") {
    // 0 -> 1; 2 <-> 3 unreachable; 3 -> 1
    shape s;
    REQUIRE(s.build(4, {{0, 1}, {2, 3}, {3, 2}, {3, 1}}));
    CHECK_FALSE(s.dom.reachable(2));
    CHECK_FALSE(s.dom.reachable(3));
    CHECK(s.loops.loops().empty());
    CHECK(s.loops.depth(2) == 1);
    CHECK(s.dom.idom(1) == 0);
    CHECK_FALSE(s.dom.dominates(2, 1));
}

TEST_CASE("cfg shape: the entry in a cycle counts as entered from outside", "[cfg][loops]") {
    // 0 -> 1 -> 0 (hosts other than LLVM may branch back to the entry)
    shape s;
    REQUIRE(s.build(2, {{0, 1}, {1, 0}}));
    REQUIRE(s.loops.loops().size() == 1);
    CHECK(s.loops.is_header(0));
    CHECK_FALSE(s.loops.is_header(1));
    CHECK(s.loops.phi_depth(0) == 1);
    CHECK(s.loops.depth(1) == 2);
}

TEST_CASE("cfg shape: scopes: sibling loops do not contain each other, nesting does, header phis live outside", "[cfg][loops]") {
    // 0 -> 1 (self-loop) -> 2 (self-loop) -> 3 (outer header) -> 4 (inner self-loop) -> 3; 3 -> 5
    shape s;
    REQUIRE(s.build(6, {{0, 1}, {1, 1}, {1, 2}, {2, 2}, {2, 3}, {3, 4}, {4, 4}, {4, 3}, {3, 5}}));
    using lf = escapade::detail::loop_forest;
    lf::scope fn = s.loops.block_scope(0), one = s.loops.block_scope(1), two = s.loops.block_scope(2);
    lf::scope outer = s.loops.block_scope(3), inner = s.loops.block_scope(4);
    CHECK(lf::contains(fn, one));
    CHECK(lf::contains(fn, inner));
    CHECK_FALSE(lf::contains(one, two));  // siblings: an object of one outlives iterations of two
    CHECK_FALSE(lf::contains(two, one));
    CHECK(lf::contains(outer, inner));
    CHECK_FALSE(lf::contains(inner, outer));
    CHECK(lf::contains(one, one));
    // a header phi of the inner loop lives in the outer loop; the outer header's, at function level
    CHECK(s.loops.phi_scope(4).pre == outer.pre);
    CHECK(s.loops.phi_scope(3).pre == fn.pre);
    CHECK(lf::contains(s.loops.phi_scope(1), one));
}

TEST_CASE("cfg shape: dominators agree with the brute-force definition on random graphs", "[cfg][dominators]") {
    std::mt19937 rng(12345);
    for (int round = 0; round < 300; ++round) {
        std::size_t n = 2 + rng() % 14;
        edges_t e = random_graph(rng, n, rng() % (2 * n));
        shape s;
        REQUIRE(s.build(n, e));
        for (index_t a = 0; a < n; ++a)
            for (index_t b = 0; b < n; ++b) {
                INFO("round " << round << " a " << a << " b " << b);
                REQUIRE(s.dom.dominates(a, b) == dominates_brute(n, e, a, b));
            }
    }
}

TEST_CASE("cfg shape: removing back edges leaves no cycle; depths ignore numbering and edge order", "[cfg][loops]") {
    std::mt19937 rng(777);
    for (int round = 0; round < 500; ++round) {
        std::size_t n = 2 + rng() % 20;
        edges_t e = random_graph(rng, n, rng() % (3 * n));
        shape s;
        REQUIRE(s.build(n, e));
        INFO("round " << round);
        REQUIRE(acyclic_without_back_edges(s, n, e));
        // Every back edge leaves a block of the loop it returns to; headers have an outside entry.
        for (const auto& l : s.loops.loops()) REQUIRE(l.header_count >= 1);
        // Renumber the blocks (the entry stays 0) and shuffle the edge order.
        std::vector<index_t> perm(n);
        for (index_t b = 0; b < n; ++b) perm[b] = b;
        std::shuffle(perm.begin() + 1, perm.end(), rng);
        edges_t e2;
        for (auto [a, b] : e) e2.emplace_back(perm[a], perm[b]);
        std::shuffle(e2.begin(), e2.end(), rng);
        shape t;
        REQUIRE(t.build(n, e2));
        REQUIRE(s.loops.loops().size() == t.loops.loops().size());
        // scopes nest exactly as loops do
        for (index_t l = 0; l < s.loops.loops().size(); ++l) {
            index_t p = s.loops.loops()[l].parent;
            REQUIRE(escapade::detail::loop_forest::contains(s.loops.scope_of_loop(p), s.loops.scope_of_loop(l)));
            if (p != invalid_index)
                REQUIRE_FALSE(escapade::detail::loop_forest::contains(s.loops.scope_of_loop(l), s.loops.scope_of_loop(p)));
        }
        for (index_t b = 0; b < n; ++b) {
            REQUIRE(s.loops.depth(b) == t.loops.depth(perm[b]));
            REQUIRE(s.loops.is_header(b) == t.loops.is_header(perm[b]));
            REQUIRE(s.dom.reachable(b) == t.dom.reachable(perm[b]));
            if (s.dom.reachable(b) && b != 0) REQUIRE(perm[s.dom.idom(b)] == t.dom.idom(perm[b]));
        }
    }
}
