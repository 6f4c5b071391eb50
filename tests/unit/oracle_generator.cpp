// Unit tests of the soundness oracle's program generator and shrinker (tests/support/oracle_gen.hpp,
// tests/support/oracle_shrink.hpp).
#include <catch2/catch.hpp>

#include "support/oracle_driver.hpp"

using namespace escapade_oracle;

TEST_CASE("oracle generator: reproducible, well-formed, executable programs", "[oracle][generator]") {
    CHECK(generate(12345) == generate(12345));
    CHECK(generate(12345) != generate(12346));
    escapade::malloc_resource mem;
    std::size_t closures = 0, dynamic = 0, loops = 0, recursion_guards = 0;
    for (std::uint64_t s = 0; s < 150; ++s) {
        std::string text = generate(s);
        INFO("seed " << s);
        ir::module m(mem);
        ir::read_options ro;
        ro.file_name = "gen.ir";
        escapade::status st = ir::read_text(text, m, ro);
        if (!st.ok()) {
            char buf[600];
            FAIL(st.format(buf, sizeof buf) << "\n" << text);
        }
        layout lay(m);
        program_code code;
        compile(m, lay, code);
        CHECK(code.unsupported.empty());
        for (ir::expr_id e = 0; e < m.expr_count(); ++e) {
            escapade::expr_kind k = m.expr_at(e).kind;
            closures += k == escapade::expr_kind::closure;
            dynamic += k == escapade::expr_kind::call_method || k == escapade::expr_kind::call_value;
        }
        for (ir::stmt_id i = 0; i < m.stmt_count(); ++i) {
            loops += m.stmt_at(i).kind == escapade::stmt_kind::loop || m.stmt_at(i).kind == escapade::stmt_kind::range;
            recursion_guards += m.stmt_at(i).kind == escapade::stmt_kind::if_;
        }
    }
    // The generator covers the constructs the issue asks for.
    CHECK(closures > 100);
    CHECK(dynamic > 100);
    CHECK(loops > 100);
    CHECK(recursion_guards > 100);
}

TEST_CASE("oracle generator: every run terminates", "[oracle][generator]") {
    escapade::malloc_resource mem;
    check_options co;
    for (std::uint64_t s = 0; s < 60; ++s) {
        co.seed = s;
        program_outcome po = check_text(generate(s), "gen.ir", {mode{}}, co, mem);
        REQUIRE(po.read_ok);
        for (const mode_outcome& m : po.modes) {
            CHECK(m.out_of_fuel == 0);
            CHECK(m.runs == co.runs);
        }
    }
}

TEST_CASE("oracle shrinker: minimises while the predicate holds", "[oracle][shrink]") {
    const std::string text = R"(module t
var G *int
func a() {
    x := 1
    if {
        G = new(int)
        y := 2
        _ = y
    } else {
        z := 3
        _ = z
    }
    for {
        w := 4
        _ = w
    }
    _ = x
}
func b() {
    v := 5
    _ = v
}
)";
    escapade::malloc_resource mem;
    std::size_t calls = 0;
    auto pred = [&](const std::string& t) {
        ++calls;
        ir::module m(mem);
        ir::read_options ro;
        if (!ir::read_text(t, m, ro).ok()) return false;
        return t.find("G = new(int)") != std::string::npos;
    };
    shrink_stats st;
    std::string out = shrink(text, pred, &st);
    CHECK(pred(out));
    CHECK(out.find("func b") == std::string::npos);
    CHECK(out.find("z := 3") == std::string::npos);
    CHECK(out.find("for {") == std::string::npos);
    CHECK(out.find("if {") == std::string::npos);  // unwrapped
    CHECK(st.lines_after < st.lines_before);
    CHECK(count_lines(out) == 5);  // module, var, func a() {, the store, }
    // A predicate that never holds leaves the text alone.
    CHECK(shrink(text, [](const std::string&) { return false; }) == text);
}

TEST_CASE("oracle driver: findings are reproducible from their seed", "[oracle][driver]") {
    driver_options o;
    o.first_seed = 0;
    o.programs = 40;
    o.check.unsound_faults = escapade::unsound_fault::ignore_returns;
    o.modes = {mode{}};
    o.max_findings = 2;
    driver_report rep = run_driver(o);
    REQUIRE(rep.violating_programs > 0);
    REQUIRE(!rep.findings.empty());
    const finding& f = rep.findings.front();
    // The shrunk program still fails with the fault, and passes without it.
    escapade::malloc_resource mem;
    check_options co = o.check;
    co.seed = f.seed;
    CHECK(violates_in(f.shrunk, mode{}, co, mem));
    co.unsound_faults = 0;
    CHECK_FALSE(violates_in(f.shrunk, mode{}, co, mem));
    CHECK(count_lines(f.shrunk) < count_lines(f.program));
    // The same seed gives the same program and the same first finding.
    driver_options again = o;
    again.first_seed = f.seed;
    again.programs = 1;
    again.shrink = false;
    driver_report rep2 = run_driver(again);
    REQUIRE(rep2.violating_programs == 1);
    CHECK(rep2.findings.front().message == f.message);
}
