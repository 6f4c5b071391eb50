// tarjan_scc ignores a repeated edge: the same components, numbered the same, with the same
// cyclic flags, when every later repeat of an edge (same source and target) is left out. The
// engine's batch order relies on it: build_batches drops the dispatch edges a function repeats
// (every call of Write lists every implementation of Write; detail/engine/program.hpp).
#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include <escapade/escapade.hpp>

namespace {

struct none {};

// Adds the edges so that each node's out-edges are iterated in list order (a digraph iterates the
// most recent first, as build_batches adds them: in reverse).
void build(escapade::digraph<none, none>& g, std::size_t n, const std::vector<std::pair<escapade::index_t, escapade::index_t>>& edges) {
    for (std::size_t i = 0; i < n; ++i) REQUIRE(g.add_node() != escapade::invalid_index);
    for (std::size_t i = edges.size(); i > 0; --i) REQUIRE(g.add_edge(edges[i - 1].first, edges[i - 1].second, none{}) != escapade::invalid_index);
}

}  // namespace

TEST_CASE("tarjan_scc: repeated edges change nothing", "[scc]") {
    std::uint32_t seed = 777;
    auto next = [&seed]() {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    for (int round = 0; round < 200; ++round) {
        const std::size_t n = 2 + next() % 40;
        const std::size_t m = next() % (4 * n);
        std::vector<std::pair<escapade::index_t, escapade::index_t>> all, first;
        std::set<std::pair<escapade::index_t, escapade::index_t>> seen;
        for (std::size_t i = 0; i < m; ++i) {
            escapade::index_t a = escapade::index_t(next() % n), b = escapade::index_t(next() % n);
            int copies = 1 + int(next() % 3);
            for (int c = 0; c < copies; ++c) {
                // a repeat now or later, between other edges of the same node
                all.emplace_back(a, b);
                if (seen.insert({a, b}).second) first.emplace_back(a, b);
                if (next() % 2) break;
            }
        }
        // repeats far from the first occurrence too
        for (std::size_t i = 0; i < m / 3 && !first.empty(); ++i) all.push_back(first[next() % first.size()]);
        escapade::digraph<none, none> g_all, g_first;
        build(g_all, n, all);
        build(g_first, n, first);
        escapade::scc_result r_all, r_first;
        REQUIRE(escapade::tarjan_scc(g_all, r_all, escapade::default_resource()));
        REQUIRE(escapade::tarjan_scc(g_first, r_first, escapade::default_resource()));
        INFO("round " << round << ", " << n << " nodes, " << all.size() << " edges, " << first.size() << " distinct");
        REQUIRE(r_all.count() == r_first.count());
        for (escapade::index_t v = 0; v < n; ++v) CHECK(r_all.component(v) == r_first.component(v));
        for (std::size_t c = 0; c < r_all.count(); ++c) CHECK(r_all.cyclic(c) == r_first.cyclic(c));
    }
}
