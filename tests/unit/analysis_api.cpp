// The analysis API: results keyed by generic-IR handles, closure capture decisions, the work
// budget, reports in both formats, determinism.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <escapade/escapade.hpp>

namespace {

struct program {
    escapade::ir::module m;
    escapade::analysis_result<escapade::ir::module> r;
    escapade::status st;
    program(const char* text, escapade::analysis_options o = {}) {
        st = escapade::ir::read_text(text, m, {"api.ir"});
        if (st.ok()) st = escapade::analyze(m, r, o);
    }
    std::vector<std::string> report(escapade::report_format f, bool explain = false) const {
        std::vector<std::string> lines;
        escapade::write_report(m, r, f, explain, [&](std::string_view l) {
            lines.emplace_back(l);
            return true;
        });
        return lines;
    }
    const escapade::analysis_result<escapade::ir::module>::site* site(std::string_view name) const {
        for (const auto& s : r.sites())
            if (s.name == name) return &s;
        return nullptr;
    }
};

const char* closures = R"(
func f() func() int {
    var x int
    var y int
    func lit() int {
        return op(x, y)
    }
    y = 2
    c := lit
    y = 3
    return c
}
)";

}  // namespace

TEST_CASE("closure capture decisions are reported for code generators", "[api][closure]") {
    program p(closures);
    REQUIRE(p.st.ok());
    // x is never reassigned: by value. y is assigned after the capture: by reference, and since
    // the closure is returned, y's storage must be on the heap.
    escapade::ir::expr_handle closure{};
    for (std::size_t e = 0; e < p.m.expr_count(); ++e)
        if (p.m.expr_at(static_cast<escapade::ir::expr_id>(e)).kind == escapade::expr_kind::closure)
            closure = escapade::ir::expr_handle{static_cast<escapade::ir::expr_id>(e)};
    REQUIRE(closure.id != escapade::invalid_index);
    escapade::ir::variable_handle x{}, y{};
    for (std::size_t v = 0; v < p.m.variable_count(); ++v) {
        if (p.m.variable_at(static_cast<escapade::ir::var_id>(v)).name == "x") x.id = static_cast<escapade::index_t>(v);
        if (p.m.variable_at(static_cast<escapade::ir::var_id>(v)).name == "y") y.id = static_cast<escapade::index_t>(v);
    }
    CHECK_FALSE(p.r.captured_by_reference(closure, x));
    CHECK(p.r.captured_by_reference(closure, y));
    CHECK(p.r.captures(closure).size() == 2);
    const auto* ys = p.r.find(y);
    REQUIRE(ys != nullptr);
    CHECK(ys->verdict == escapade::verdict::heap);
    CHECK(p.r.find(x) == nullptr);  // never address-taken: not an allocation site
    const auto* lit = p.r.find(closure);
    REQUIRE(lit != nullptr);
    CHECK(lit->verdict == escapade::verdict::heap);
    CHECK(lit->reason == escapade::reason::returned);
}

TEST_CASE("exceeding the work budget gives heap with reason budget, never stack", "[api][budget]") {
    const char* text = R"(
func g(p *int) *int {
    var a int
    var b int
    q := &a
    r := &b
    q = r
    s := p
    t := s
    u := t
    return u
}
)";
    escapade::analysis_options o;
    o.batch_work_limit = 1;
    program p(text, o);
    REQUIRE(p.st.ok());
    REQUIRE(p.r.site_count() > 0);
    for (const auto& s : p.r.sites()) {
        CHECK(s.verdict == escapade::verdict::heap);
        CHECK(s.reason == escapade::reason::budget);
    }
    for (const auto& prm : p.r.parameters()) CHECK(prm.leaks.heap() == 0);
    CHECK(p.r.stats().budget_exceeded == 1);
    program unlimited(text);
    REQUIRE(unlimited.st.ok());
    CHECK(unlimited.site("a")->verdict == escapade::verdict::stack);
}

TEST_CASE("gc and text reports, deterministic across runs", "[api][report]") {
    const char* text = R"(
var sink *int
func h(p *int, q *int) *int {
    sink = p
    x := new(int)
    return q
}
)";
    program a(text), b(text);
    REQUIRE(a.st.ok());
    std::vector<std::string> gc = a.report(escapade::report_format::gc);
    REQUIRE(gc.size() == 3);
    CHECK(gc[0] == "api.ir:3:8: leaking param: p");
    CHECK(gc[1] == "api.ir:3:16: leaking param: q to result ~r0 level=0");
    CHECK(gc[2] == "api.ir:5:10: new(int) does not escape");
    std::vector<std::string> txt = a.report(escapade::report_format::text);
    CHECK(txt == b.report(escapade::report_format::text));
    CHECK(txt[0] == "api.ir:3:8: h: p: param leaks to heap");
}

TEST_CASE("out of memory is a status, at every budget below what the program needs", "[api][oom]") {
    // A small program: every limit below its need gives errc::out_of_memory (or succeeds).
    for (std::size_t limit = 0; limit < 200000; limit = limit < 64 ? limit + 1 : limit * 3 / 2) {
        escapade::limited_resource lim(escapade::default_resource(), limit);
        escapade::ir::module m(lim);
        escapade::ir::read_options ro;
        ro.file_name = "oom.ir";
        ro.reserve = false;
        escapade::status st = escapade::ir::read_text(closures, m, ro);
        if (!st.ok()) {
            CHECK(st.code() == escapade::errc::out_of_memory);
            continue;
        }
        escapade::analysis_result<escapade::ir::module> r(lim);
        st = escapade::analyze(m, r, {}, lim);
        if (!st.ok()) CHECK(st.code() == escapade::errc::out_of_memory);
    }
}
