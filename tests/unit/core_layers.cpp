// Unit tests of the generic layers: memory resources, containers, lattices, graph, solvers, SCC,
// type layout.
#include <catch2/catch.hpp>

#include <escapade/escapade.hpp>

using namespace escapade;

TEST_CASE("arena resource: bump allocation, reuse of the last block, exhaustion", "[memory]") {
    alignas(std::max_align_t) unsigned char buf[256];
    arena_resource a(buf, sizeof buf);
    void* p = a.allocate(100, 8);
    REQUIRE(p != nullptr);
    CHECK(a.used() == 100);
    a.deallocate(p, 100, 8);  // the most recent block comes back
    CHECK(a.used() == 0);
    void* q = a.allocate(200, 8);
    REQUIRE(q != nullptr);
    CHECK(a.allocate(100, 8) == nullptr);  // does not fit: refused, not undefined behaviour
    CHECK(a.peak_bytes() >= 200);
    a.reset();
    CHECK(a.used() == 0);
}

TEST_CASE("resize: the arena's top block in place, realloc for malloc, nothing for others", "[memory]") {
    alignas(std::max_align_t) unsigned char buf[512];
    arena_resource a(buf, sizeof buf);
    unsigned char* p = static_cast<unsigned char*>(a.allocate(64, 8));
    REQUIRE(p != nullptr);
    for (int i = 0; i < 64; ++i) p[i] = static_cast<unsigned char>(i);
    CHECK(a.resize(p, 64, 128, 8) == p);  // the top block grows in place
    CHECK(a.used() == 128);
    CHECK(a.resize(p, 128, 40, 8) == p);  // and shrinks in place
    CHECK(a.used() == 40);
    CHECK(a.bytes_in_use() == 40);
    CHECK(a.resize(p, 40, 1000, 8) == nullptr);  // beyond the buffer: refused, block unchanged
    CHECK(a.used() == 40);
    void* q = a.allocate(16, 8);
    REQUIRE(q != nullptr);
    CHECK(a.resize(p, 40, 80, 8) == nullptr);  // no longer the top block
    for (int i = 0; i < 40; ++i) CHECK(p[i] == i);

    malloc_resource m;
    unsigned char* r = static_cast<unsigned char*>(m.allocate(100));
    REQUIRE(r != nullptr);
    for (int i = 0; i < 100; ++i) r[i] = static_cast<unsigned char>(i);
    unsigned char* r2 = static_cast<unsigned char*>(m.resize(r, 100, 100000));
    REQUIRE(r2 != nullptr);
    CHECK(m.bytes_in_use() == 100000);
    for (int i = 0; i < 100; ++i) CHECK(r2[i] == i);
    r2 = static_cast<unsigned char*>(m.resize(r2, 100000, 50));
    REQUIRE(r2 != nullptr);
    CHECK(m.bytes_in_use() == 50);
    for (int i = 0; i < 50; ++i) CHECK(r2[i] == i);
    m.deallocate(r2, 50);
    CHECK(m.bytes_in_use() == 0);

    limited_resource lim(m, 1000);  // forwards allocate/deallocate only
    void* l = lim.allocate(10);
    CHECK(lim.resize(l, 10, 20) == nullptr);
    lim.deallocate(l, 10);
}

TEST_CASE("vector grows and shrinks through resize where the resource can", "[memory][vector]") {
    alignas(std::max_align_t) unsigned char buf[4096];
    arena_resource a(buf, sizeof buf);
    {
        detail::vector<int> v(a);
        for (int i = 0; i < 100; ++i) REQUIRE(v.push_back(i));
        // Capacity 4, 8, ..., 128, each growth in place: the arena holds the last block only
        // (allocate-copy-free would have left the earlier blocks below it).
        CHECK(v.capacity() == 128);
        CHECK(a.used() == 128 * sizeof(int));
        v.shrink_to_fit();
        CHECK(v.capacity() == 100);
        CHECK(a.used() == 100 * sizeof(int));
        for (int i = 0; i < 100; ++i) CHECK(v[static_cast<std::size_t>(i)] == i);
    }
    CHECK(a.used() == 0);

    limited_resource lim(default_resource(), 1 << 20);  // cannot resize: copies, and keeps capacity
    detail::vector<int> w(lim);
    for (int i = 0; i < 100; ++i) REQUIRE(w.push_back(i));
    w.shrink_to_fit();
    CHECK(w.capacity() == 128);
    for (int i = 0; i < 100; ++i) CHECK(w[static_cast<std::size_t>(i)] == i);
    w.truncate(0);
    w.shrink_to_fit();  // empty: the storage goes back
    CHECK(w.capacity() == 0);
    CHECK(lim.bytes_in_use() == 0);
}

TEST_CASE("limited resource refuses beyond its budget and vector reports it", "[memory][vector]") {
    limited_resource lim(default_resource(), 64);
    detail::vector<int> v(lim);
    bool ok = true;
    int pushed = 0;
    for (int i = 0; i < 100 && ok; ++i) {
        ok = v.push_back(i);
        if (ok) ++pushed;
    }
    CHECK_FALSE(ok);
    CHECK(pushed > 0);
    CHECK(v.size() == static_cast<std::size_t>(pushed));  // unchanged by the failed push
    for (int i = 0; i < pushed; ++i) CHECK(v[static_cast<std::size_t>(i)] == i);
    CHECK(lim.refusals() > 0);
}

TEST_CASE("hash map and string pool", "[containers]") {
    detail::hash_map<std::string_view, int> m;
    detail::string_pool pool;
    for (int i = 0; i < 1000; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "k%d", i);
        std::string_view s;
        REQUIRE(pool.intern(name, &s));
        bool inserted = false;
        REQUIRE(m.insert(s, i, &inserted) != nullptr);
        CHECK(inserted);
    }
    CHECK(m.size() == 1000);
    const int* v = m.find("k537");
    REQUIRE(v != nullptr);
    CHECK(*v == 537);
    CHECK(m.find("k1000") == nullptr);
    bool inserted = true;
    CHECK(*m.insert("k5", 99, &inserted) == 5);  // existing key: not replaced
    CHECK_FALSE(inserted);
}

TEST_CASE("leak_summary: gc's parameter tag", "[lattice]") {
    leak_summary a;
    CHECK(a.empty());
    CHECK(a.heap() == -1);
    a.add_result(0, 2);
    a.add_result(0, 1);  // keeps the minimum
    CHECK(a.result(0) == 1);
    a.add_heap(1);
    a.optimize();  // a result flow no shorter than the heap flow adds nothing
    CHECK(a.result(0) == -1);
    CHECK(a.heap() == 1);
    leak_summary b;
    b.add_heap(0);
    CHECK(a.leq(b));
    CHECK_FALSE(b.leq(a));
    CHECK(a.join(b));
    CHECK(a.heap() == 0);
    CHECK_FALSE(a.join(b));  // idempotent
    leak_summary big;
    big.add_heap(1000);  // saturates instead of wrapping
    CHECK(big.heap() == 254);
}

TEST_CASE("capped_set becomes top beyond its capacity", "[lattice]") {
    capped_set<int, 3> s;
    CHECK(s.insert(5));
    CHECK(s.insert(1));
    CHECK_FALSE(s.insert(5));
    CHECK(s.insert(9));
    CHECK(s.size == 3);
    CHECK(s.items[0] == 1);  // sorted
    CHECK(s.insert(7));      // the fourth element: unknown
    CHECK(s.top);
    CHECK(s.contains(123));
    capped_set<int, 3> t;
    t.insert(1);
    CHECK(t.leq(s));
    CHECK_FALSE(s.leq(t));
}

TEST_CASE("deref_distance clamps an address before extending it", "[lattice]") {
    deref_distance addr = deref_distance::of(-1);
    CHECK(addr.extend(0).value == 0);   // root = &l; l = x: x's value flows, not its address
    CHECK(addr.extend(1).value == 1);
    CHECK(deref_distance::of(2).extend(-1).value == 1);
    CHECK_FALSE(deref_distance::bottom().reached());
}

TEST_CASE("digraph keeps incoming and outgoing edge lists", "[graph]") {
    digraph<int, int> g;
    index_t a = g.add_node(1), b = g.add_node(2), c = g.add_node(3);
    g.add_edge(a, b, 10);
    g.add_edge(c, b, 20);
    g.add_edge(b, c, 30);
    int in = 0, out = 0;
    g.for_each_in(b, [&](index_t, const auto& e) { in += e.data; });
    g.for_each_out(b, [&](index_t, const auto& e) { out += e.data; });
    CHECK(in == 30);
    CHECK(out == 30);
    CHECK(g.edge_count() == 3);
}

TEST_CASE("shortest_flow keeps the closer flow and its info", "[lattice]") {
    using sf = shortest_flow<int>;
    sf a = sf::at(2, 7);
    CHECK_FALSE(a.join(sf::at(3, 8)));  // farther: no change
    CHECK(a.info == 7);
    CHECK(a.join(sf::at(-1, 9)));       // closer (an address): taken with its info
    CHECK(a.distance.value == -1);
    CHECK(a.info == 9);
    CHECK(sf::at(1, 0).leq(sf::at(0, 0)));  // fewer dereferences is higher
    CHECK(a.extend(0, 5).distance.value == 0);  // an address is clamped before it is extended
}

namespace {
struct min_plus {
    deref_distance initial() const { return deref_distance::of(0); }
    deref_distance extend(deref_distance v, int w) const { return v.extend(w); }
    bool skip(index_t) const { return false; }
    bool follow(int) const { return true; }
    bool visit(index_t, deref_distance) { return true; }
};
}  // namespace

TEST_CASE("backward_walk computes clamped minimal derefs", "[solve]") {
    // x -> p (weight -1: p = &x), p -> q (0), q -> root (1: root = *q)
    digraph<int, int> g;
    index_t x = g.add_node(), p = g.add_node(), q = g.add_node(), root = g.add_node(), other = g.add_node();
    g.add_edge(x, p, -1);
    g.add_edge(p, q, 0);
    g.add_edge(q, root, 1);
    walk_state<deref_distance> st;
    min_plus pol;
    REQUIRE(backward_walk(g, root, st, pol));
    CHECK(st.value(q).value == 1);
    CHECK(st.value(p).value == 1);
    CHECK(st.value(x).value == 0);  // *(&x) reaches root: x's value, not its address
    CHECK(st.reached(x));
    CHECK_FALSE(st.reached(other));
    CHECK(st.via(root) == invalid_index);
    CHECK(g.edge_at(st.via(x)).src == x);
    CHECK(st.relaxations() == 3);
}

TEST_CASE("forward_fixpoint propagates capped sets", "[solve]") {
    digraph<int, int> g;
    index_t a = g.add_node(), b = g.add_node(), c = g.add_node();
    g.add_edge(a, b, 0);
    g.add_edge(b, c, 0);
    g.add_edge(c, b, 0);  // a cycle
    detail::vector<capped_set<int, 4>> v;
    REQUIRE(v.resize(3, capped_set<int, 4>::bottom()));
    v[0].insert(7);
    v[2].insert(3);
    auto transfer = [](const capped_set<int, 4>& at, int, capped_set<int, 4>* out) {
        *out = at;
        return true;
    };
    REQUIRE(forward_fixpoint(g, v, transfer, default_resource()));
    CHECK(v[1].contains(7));
    CHECK(v[1].contains(3));
    CHECK(v[2].contains(7));
    CHECK_FALSE(v[0].contains(3));
}

TEST_CASE("tarjan_scc orders components callees first and survives a 200,000-deep chain", "[scc]") {
    // 0 -> 1 -> 2 -> 1 (cycle {1,2}), 3 isolated
    struct none {};
    digraph<none, none> g;
    for (int i = 0; i < 4; ++i) g.add_node();
    g.add_edge(0, 1, none{});
    g.add_edge(1, 2, none{});
    g.add_edge(2, 1, none{});
    scc_result r;
    REQUIRE(tarjan_scc(g, r, default_resource()));
    CHECK(r.component(1) == r.component(2));
    CHECK(r.component(0) != r.component(1));
    CHECK(r.component(1) < r.component(0));  // callee component first
    CHECK(r.cyclic(r.component(1)));
    CHECK_FALSE(r.cyclic(r.component(0)));
    CHECK(r.members(r.component(1)).size() == 2);
    CHECK(*r.members(r.component(1)).begin() == 1);  // members in ascending order

    const std::size_t n = 200000;
    digraph<none, none> chain;
    bool built = true;
    for (std::size_t i = 0; i < n; ++i) built = built && chain.add_node() != invalid_index;
    for (std::size_t i = 0; i + 1 < n; ++i) built = built && chain.add_edge(static_cast<index_t>(i), static_cast<index_t>(i + 1), none{}) != invalid_index;
    REQUIRE(built);
    scc_result deep;
    REQUIRE(tarjan_scc(chain, deep, default_resource()));
    CHECK(deep.count() == n);
    CHECK(*deep.members(0).begin() == n - 1);  // the last callee comes first
}

TEST_CASE("type layout follows Go on a 64-bit target", "[ir][types]") {
    ir::module m;
    ir::builder b(m);
    ir::type_id i8 = b.builtin(type_kind::int8), i64 = b.builtin(type_kind::int_);
    ir::type_id pi = b.pointer_to(i64);
    ir::field fs[] = {{"a", i8, 0, false}, {"p", pi, 0, false}, {"b", i8, 0, false}};
    ir::type_id st = b.struct_type(fs, 3);
    ir::type_id arr = b.array_of(st, 4);
    ir::type_id big = b.array_of(i64, size64(1) << 60);  // 2^63 bytes: beyond the limit
    (void)big;
    CHECK_FALSE(b.finish());  // the huge array is rejected, not wrapped
    CHECK(b.status().code() == errc::limit_exceeded);

    ir::module m2;
    ir::builder b2(m2);
    i8 = b2.builtin(type_kind::int8);
    pi = b2.pointer_to(b2.builtin(type_kind::int_));
    ir::field gs[] = {{"a", i8, 0, false}, {"p", pi, 0, false}, {"b", i8, 0, false}};
    st = b2.struct_type(gs, 3);
    arr = b2.array_of(st, 4);
    ir::type_id one = b2.array_of(pi, 1);
    REQUIRE(b2.finish());
    CHECK(m2.type_at(st).size == 24);
    CHECK(m2.type_at(st).align == 8);
    CHECK(m2.field_at(st, 1).offset == 8);
    CHECK(m2.type_at(st).has_pointers);
    CHECK(m2.type_at(arr).size == 96);
    CHECK(m2.type_at(one).pointer_shaped);  // [1]*T is stored directly in an interface
    CHECK_FALSE(m2.type_at(st).pointer_shaped);
}
