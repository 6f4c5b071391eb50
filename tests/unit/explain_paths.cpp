// Explanations as data (analysis_result::paths), the scope of stack objects (site::loop_depth),
// more than one path per site (analysis_options::explain_paths) and the location graph kept for
// report_dot.hpp (keep_graph), on small programs whose flows are reasoned below.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include <escapade/escapade.hpp>
#include <escapade/report_dot.hpp>

namespace {

// x's address reaches the global g two ways: through p and through q. Storing into a global is a
// flow to the heap (gc), so x is on the heap with two chains: x -&-> p -> {heap}, x -&-> q -> {heap}.
// y stays in the loop's iteration, z in the function's frame, w in the inner loop of two.
const char* program = R"(module paths
var g *int
func two() {
    var x int
    p := &x
    q := &x
    if {
        g = p
    } else {
        g = q
    }
}
func scopes() {
    var z int
    r := &z
    _ = r
    for {
        var y int
        s := &y
        _ = s
        for {
            var w int
            t := &w
            _ = t
        }
    }
}
)";

using result_t = escapade::analysis_result<escapade::ir::module>;

struct analysed {
    escapade::ir::module m;
    result_t r;
    explicit analysed(std::uint32_t paths, bool graph = false) {
        REQUIRE(escapade::ir::read_text(program, m, {"paths.ir"}).ok());
        escapade::analysis_options o;
        o.explain = true;
        o.explain_paths = paths;
        o.keep_graph = graph;
        REQUIRE(escapade::analyze(m, r, o).ok());
    }
    const result_t::site& site(std::string_view name) const {
        for (const auto& s : r.sites())
            if (s.name == name) return s;
        FAIL("no site " << name);
        return *r.sites().begin();
    }
    // A path as "from -derefs-> to" links.
    std::vector<std::string> links(const result_t::path& p) const {
        std::vector<std::string> v;
        for (const auto& st : r.steps(p)) v.push_back(std::string(st.from) + " " + std::to_string(st.derefs) + " " + std::string(st.to));
        return v;
    }
};

}  // namespace

TEST_CASE("explanation paths: the first is the text explanation, as data", "[explain][paths]") {
    analysed a(1);
    const auto& x = a.site("x");
    REQUIRE(x.verdict == escapade::verdict::heap);
    REQUIRE(x.paths_count == 1);
    const auto& p = *a.r.paths(x).begin();
    CHECK_FALSE(p.truncated);
    auto links = a.links(p);
    // either chain is a shortest one; the walk picks one of them
    bool via_p = links == std::vector<std::string>{"x -1 p", "p 0 {heap}"};
    bool via_q = links == std::vector<std::string>{"x -1 q", "q 0 {heap}"};
    CHECK((via_p || via_q));
    const auto& first = *a.r.steps(p).begin();
    CHECK(first.from_kind == escapade::location_kind::variable);
    CHECK((a.r.steps(p).end() - 1)->to_kind == escapade::location_kind::heap);
    // each step carries the host nodes its flow came from, innermost first, with their positions
    for (const auto& st : a.r.steps(p)) {
        REQUIRE(st.notes_count >= 1);
        CHECK(st.edge == a.r.notes(st).begin()->why);
        CHECK(st.pos == a.r.notes(st).begin()->pos);
        CHECK(st.pos.line >= 5);
        CHECK(st.pos.line <= 10);
    }
    // the text lines are rendered from the path: "flow: TO = &FROM:" then "from ... at FILE:L:C"
    std::vector<std::string> lines;
    for (auto l : a.r.explanation(x)) lines.emplace_back(l);
    REQUIRE(lines.size() >= 2);
    CHECK(lines[0] == "  flow: " + std::string(first.to) + " = &x:");
    const auto& n0 = *a.r.notes(first).begin();
    CHECK(lines[1] == "    from " + std::string(n0.text) + " (" + std::string(n0.why) + ") at paths.ir:" + std::to_string(n0.pos.line) + ":" +
                          std::to_string(n0.pos.column));
    // a stack site has no path
    CHECK(a.site("z").paths_count == 0);
}

TEST_CASE("explain_paths: both chains of x, each once", "[explain][paths]") {
    analysed a(4);
    const auto& x = a.site("x");
    REQUIRE(x.paths_count == 2);  // exactly two chains exist
    std::set<std::vector<std::string>> got;
    for (const auto& p : a.r.paths(x)) got.insert(a.links(p));
    std::set<std::vector<std::string>> want{{"x -1 p", "p 0 {heap}"}, {"x -1 q", "q 0 {heap}"}};
    CHECK(got == want);
    // the text explanation is still the first path's alone
    analysed one(1);
    std::vector<std::string> l4, l1;
    for (auto l : a.r.explanation(x)) l4.emplace_back(l);
    for (auto l : one.r.explanation(one.site("x"))) l1.emplace_back(l);
    CHECK(l4 == l1);
}

TEST_CASE("the scope of a stack object: its function or its loop iteration", "[explain][scope]") {
    analysed a(1);
    CHECK(a.site("z").verdict == escapade::verdict::stack);
    CHECK(a.site("z").loop_depth == 0);
    CHECK(a.site("y").verdict == escapade::verdict::stack);
    CHECK(a.site("y").loop_depth == 1);
    CHECK(a.site("w").verdict == escapade::verdict::stack);
    CHECK(a.site("w").loop_depth == 2);
}

TEST_CASE("keep_graph: the location graph of two(), its heap chains marked, as dot", "[explain][dot]") {
    analysed a(1, true);
    const auto nodes = a.r.graph_nodes();
    auto find = [&](std::string_view name) {
        for (std::size_t i = 0; i < static_cast<std::size_t>(nodes.end() - nodes.begin()); ++i)
            if (nodes[i].name == name && nodes[i].kind != escapade::location_kind::heap) return static_cast<escapade::index_t>(i);
        FAIL("no node " << name);
        return escapade::index_t(0);
    };
    escapade::index_t x = find("x"), p = find("p"), q = find("q");
    CHECK(nodes[x].site);
    CHECK(nodes[x].escapes);
    int x_to_p = 0, x_to_q = 0, to_heap = 0, marked = 0;
    for (const auto& e : a.r.graph_edges()) {
        if (e.src == x && e.dst == p && e.derefs == -1) ++x_to_p;
        if (e.src == x && e.dst == q && e.derefs == -1) ++x_to_q;
        if ((e.src == p || e.src == q) && nodes[e.dst].kind == escapade::location_kind::heap && e.derefs == 0) ++to_heap;
        marked += e.on_path;
    }
    CHECK(x_to_p == 1);
    CHECK(x_to_q == 1);
    CHECK(to_heap == 2);
    CHECK(marked == 2);  // the one path of x (p's and q's own values escape by no path of a site)

    std::string dot;
    std::vector<std::string> only{"two"};
    escapade::dot_options d;
    d.keep_function = [](std::string_view name, void* names) {
        for (const auto& n : *static_cast<std::vector<std::string>*>(names))
            if (n == name) return true;
        return false;
    };
    d.keep_function_context = &only;
    REQUIRE(escapade::write_dot(a.m, a.r, [&](std::string_view piece) { return dot.append(piece.data(), piece.size()), true; }, d));
    CHECK(dot.rfind("digraph escapade {", 0) == 0);
    CHECK(dot.find("label=\"two\"") != std::string::npos);
    CHECK(dot.find("label=\"scopes\"") == std::string::npos);  // not selected, and not linked to two
    CHECK(dot.find("  n" + std::to_string(x) + " -> n" + std::to_string(p) + " [label=\"&\"") != std::string::npos);
    CHECK(dot.find("heap [label=\"{heap}\"") != std::string::npos);
    CHECK(dot.back() == '\n');
}
