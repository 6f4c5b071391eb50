// The scope bounding a stack object as a statement (escapade::site_scopes, scope.hpp) and the host
// nodes' handles in JSON (escapade::handle_index): on a small program whose loops are reasoned
// below, the loop, range and looping-label statements found for each stack site, and the JSON's
// scopes and handles against the module's own nodes.
#include <catch2/catch.hpp>

#include <string>

#include <escapade/escapade.hpp>
#include <escapade/report_json.hpp>
#include <escapade/scope.hpp>

namespace {

// Every allocation below stays on the stack (nothing stores an address anywhere that outlives it):
//   y        in the outer `for` of nested (line 6),          depth 1
//   w        in the inner `for` of nested (line 10),         depth 2
//   make     the ranged value of ranged's `range` (line 17): evaluated once, before the loop: the frame
//   u        in the body of that `range` (line 17),          depth 1
//   k        after the label `again` of labelled (line 24), which the later goto makes a loop: depth 1
//   x        in the literal lit, a function of its own: its frame (the literal starts at line 34)
//   lit      the closure record, made in inClosure's `for` (line 33): depth 1
//   m        after the label `skip` of forward (line 45), only jumped to forwards: not a loop: the frame
const char* program = R"(module scopes
func work(p *int) {
}
func nested() {
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
func ranged() {
    for _, v := range make([]int, 3) {
        u := v
        q := &u
        _ = q
    }
}
func labelled(c bool) {
again:
    k := 0
    r := &k
    _ = r
    if c {
        goto again
    }
}
func inClosure() {
    for {
        func lit() {
            x := 0
            defer work(&x)
        }
        lit()
    }
}
func forward(c bool) {
    if c {
        goto skip
    }
skip:
    m := 0
    n := &m
    _ = n
}
)";

using result_t = escapade::analysis_result<escapade::ir::module>;

struct analysed {
    escapade::ir::module m;
    result_t r;
    escapade::site_scopes<escapade::ir::module> scopes;
    analysed() {
        REQUIRE(escapade::ir::read_text(program, m, {"scopes.ir"}).ok());
        escapade::analysis_options o;
        o.explain = true;
        REQUIRE(escapade::analyze(m, r, o).ok());
        REQUIRE(scopes.build(m, r));
    }
    const result_t::site& site(std::string_view name) const {
        for (const auto& s : r.sites())
            if (s.name == name) return s;
        FAIL("no site " << name);
        return *r.sites().begin();
    }
    // "KIND LINE:COL" of the loop bounding a site, or "frame"
    std::string scope(std::string_view name) const {
        const auto& s = site(name);
        REQUIRE(s.verdict == escapade::verdict::stack);
        const auto* sc = scopes.find(r, s);
        if (sc == nullptr) return s.loop_depth == 0 ? "frame" : "not found";
        const char* k = sc->kind == escapade::stmt_kind::loop ? "for" : sc->kind == escapade::stmt_kind::range ? "range" : "label";
        CHECK(m.stmt_pos(sc->statement.id) == sc->pos);
        return std::string(k) + " " + std::to_string(sc->pos.line) + ":" + std::to_string(sc->pos.column) + " depth " +
               std::to_string(s.loop_depth);
    }
};

struct collect {
    std::string text;
    bool operator()(std::string_view piece) {
        text.append(piece.data(), piece.size());
        return true;
    }
};

bool contains(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("site_scopes: the loop, range or looping label that bounds each stack object", "[scope]") {
    analysed a;
    CHECK(a.scope("y") == "for 5:5 depth 1");
    CHECK(a.scope("w") == "for 9:9 depth 2");
    CHECK(a.scope("make([]int, 3)") == "frame");  // the ranged value is evaluated outside the loop
    CHECK(a.scope("u") == "range 17:5 depth 1");
    CHECK(a.scope("k") == "label 24:1 depth 1");
    CHECK(a.scope("x") == "frame");  // the literal's own frame
    CHECK(a.scope("func literal") == "for 33:5 depth 1");
    CHECK(a.scope("m") == "frame");  // a label only jumped to forwards is no loop
}

TEST_CASE("write_json: scopes with their statements and the host nodes' handles", "[scope][report][json]") {
    analysed a;
    collect c;
    REQUIRE(escapade::write_json(a.m, a.r, c));
    const std::string& j = c.text;
    CHECK(contains(j, R"("version":3)"));
    for (const auto& s : a.r.sites()) {
        // a site's handle is its variable's or expression's id in the module; its function's too
        std::uint32_t node = s.kind == escapade::site_kind::variable ? s.variable.id : s.expression.id;
        std::string head = "\"name\":" + std::string("\"") + std::string(s.name) + "\",\"kind\":\"" +
                           (s.kind == escapade::site_kind::variable ? "variable" : "expression") + "\",\"handle\":" + std::to_string(node) +
                           ",\"function_handle\":" + std::to_string(s.function.id);
        CHECK(contains(j, head));
        // the scope: the loop statement (its id and position) or the function (its id and position)
        const auto* sc = a.scopes.find(a.r, s);
        std::string scope;
        if (sc != nullptr) {
            scope = "\"scope\":{\"kind\":\"loop\",\"depth\":" + std::to_string(s.loop_depth) + ",\"statement\":\"" +
                    (sc->kind == escapade::stmt_kind::range ? "range" : sc->kind == escapade::stmt_kind::label ? "label" : "loop") +
                    "\",\"file\":\"scopes.ir\",\"line\":" + std::to_string(sc->pos.line) + ",\"column\":" + std::to_string(sc->pos.column) +
                    ",\"handle\":" + std::to_string(sc->statement.id) + "}";
        } else {
            const auto& f = a.m.function_at(s.function.id);
            scope = "\"scope\":{\"kind\":\"function\",\"function\":\"" + std::string(a.m.function_display(s.function.id)) +
                    "\",\"file\":\"scopes.ir\",\"line\":" + std::to_string(f.pos.line) + ",\"column\":" + std::to_string(f.pos.column) +
                    ",\"handle\":" + std::to_string(s.function.id) + "}";
        }
        CHECK(contains(j, scope));
    }
    // the function scope of x is the literal's line
    CHECK(contains(j, R"("scope":{"kind":"function","function":"inClosure.lit","file":"scopes.ir","line":34,)"));
}

TEST_CASE("write_json: path steps and their notes name the host nodes", "[scope][report][json]") {
    // x's address reaches the global g through p: steps x -&-> p -> {heap}
    const char* leaky = R"(module leaky
var g *int
func f() {
    var x int
    p := &x
    g = p
}
)";
    escapade::ir::module m;
    REQUIRE(escapade::ir::read_text(leaky, m, {"leaky.ir"}).ok());
    result_t r;
    escapade::analysis_options o;
    o.explain = true;
    REQUIRE(escapade::analyze(m, r, o).ok());
    const result_t::site* x = nullptr;
    for (const auto& s : r.sites())
        if (s.name == "x") x = &s;
    REQUIRE(x != nullptr);
    REQUIRE(x->verdict == escapade::verdict::heap);
    REQUIRE(x->paths_count == 1);
    const auto& path = *r.paths(*x).begin();
    REQUIRE(path.steps_count == 2);
    const auto& s0 = *r.steps(path).begin();
    const auto& s1 = *(r.steps(path).begin() + 1);
    // the C++ handles: x and p are variables of the module, named so
    CHECK(m.variable_at(s0.from_variable.id).name == "x");
    CHECK(s0.from_variable == x->variable);
    CHECK(m.variable_at(s0.to_variable.id).name == "p");
    CHECK(s1.from_variable == s0.to_variable);
    CHECK(s1.to_kind == escapade::location_kind::heap);
    collect c;
    REQUIRE(escapade::write_json(m, r, c));
    std::string want0 = R"({"from":"x","from_kind":"variable","from_handle":)" + std::to_string(s0.from_variable.id) +
                        R"(,"to":"p","to_kind":"variable","to_handle":)" + std::to_string(s0.to_variable.id) + ",";
    CHECK(contains(c.text, want0));
    std::string want1 = R"({"from":"p","from_kind":"variable","from_handle":)" + std::to_string(s0.to_variable.id) +
                        R"(,"to":"{heap}","to_kind":"heap","derefs":0,)";
    CHECK(contains(c.text, want1));
    // each note's handle is its node's id: an expression's, a statement's or a variable's
    for (const auto& st : r.steps(path))
        for (const auto& n : r.notes(st)) {
            std::uint32_t id = n.node == escapade::node_kind::expression ? n.expression.id
                             : n.node == escapade::node_kind::variable   ? n.variable.id
                                                                          : n.statement.id;
            CHECK(contains(c.text, "{\"node\":\"" + std::string(escapade::to_string(n.node)) + "\",\"handle\":" + std::to_string(id) +
                                       ",\"text\":\""));
        }
}
