// Unit tests of the soundness oracle's interpreter and lifetime checker (tests/support/oracle_vm.hpp,
// docs/soundness.md). Verdicts are forced here (every site stack, or every site heap), so the
// checker is tested independently of the analysis: a forced `stack` verdict on an object that
// outlives its frame or iteration must be reported with its path; `heap` must never be.
#include <catch2/catch.hpp>

#include <functional>

#include "support/oracle_check.hpp"

using namespace escapade_oracle;

namespace {

struct program {
    escapade::malloc_resource mem;
    ir::module m{mem};
    escapade::status st;
    explicit program(std::string_view text) {
        ir::read_options ro;
        ro.file_name = "t.ir";
        st = ir::read_text(text, m, ro);
    }
    ir::func_id function(std::string_view name) const {
        for (ir::func_id f = 0; f < m.function_count(); ++f)
            if (m.function_at(f).name == name) return f;
        return invalid_index;
    }
};

/// Runs `entry` with the analysis' verdicts (gc/conservative), then `force` adjusts them.
exec_result run(program& p, std::string_view entry, const std::function<void(verdict_table&)>& force, std::uint64_t seed = 1,
                std::uint32_t trips = 3) {
    REQUIRE(p.st.ok());
    layout lay(p.m);
    program_code code;
    compile(p.m, lay, code);
    escapade::analysis_result<ir::module> r(p.mem);
    REQUIRE(escapade::analyze(p.m, r, {}, p.mem).ok());
    verdict_table vt;
    vt.fill(p.m, r);
    if (force) force(vt);
    vm machine(p.m, lay, code, vt);
    exec_options eo;
    eo.seed = seed;
    eo.max_trips = trips;
    ir::func_id f = p.function(entry);
    REQUIRE(f != invalid_index);
    return machine.run(f, eo);
}

void all_sites(verdict_table& vt, std::int8_t v) {
    for (auto& x : vt.expr)
        if (x != verdict_table::no_site) x = v;
    for (auto& x : vt.var)
        if (x != verdict_table::no_site) x = v;
}
const auto all_stack = [](verdict_table& vt) { all_sites(vt, verdict_table::stack); };
const auto all_heap = [](verdict_table& vt) { all_sites(vt, verdict_table::heap); };

/// Some run among `seeds` reports a violation (branches and trip counts are random).
bool some_run_violates(program& p, std::string_view entry, const std::function<void(verdict_table&)>& force, exec_result* out = nullptr,
                       int seeds = 32) {
    for (int s = 1; s <= seeds; ++s) {
        exec_result r = run(p, entry, force, static_cast<std::uint64_t>(s));
        if (r.status == exec_result::found_violation) {
            if (out) *out = r;
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("oracle: an object stored in a global outlives its frame", "[oracle][interpreter]") {
    program p(R"(module t
var G *int
func f() {
    x := new(int)
    G = x
}
)");
    exec_result r = run(p, "f", all_stack);
    REQUIRE(r.status == exec_result::found_violation);
    CHECK(r.v.kind == violation::frame_return);
    CHECK(r.v.site.find("new(int)") != std::string::npos);
    CHECK(r.v.path.find("global G") != std::string::npos);
    CHECK(r.v.when.find("after f returns") != std::string::npos);
    CHECK(run(p, "f", all_heap).status == exec_result::completed);
    // The analysis' own verdict (heap) is sound.
    CHECK(run(p, "f", {}).status == exec_result::completed);
}

TEST_CASE("oracle: returned values are roots", "[oracle][interpreter]") {
    program p(R"(module t
func g() *int {
    return new(int)
}
func h() {
    var v int
    _ = v
}
)");
    exec_result r = run(p, "g", all_stack);
    REQUIRE(r.status == exec_result::found_violation);
    CHECK(r.v.path.find("the values being returned") != std::string::npos);
    CHECK(run(p, "h", all_stack).status == exec_result::completed);
}

TEST_CASE("oracle: the loop-iteration rule", "[oracle][interpreter]") {
    program outer(R"(module t
func f() {
    var p *int
    for {
        x := new(int)
        p = x
    }
    _ = p
}
)");
    exec_result r;
    REQUIRE(some_run_violates(outer, "f", all_stack, &r));
    CHECK(r.v.kind == violation::iteration_end);
    CHECK(r.v.path.find("variable p") != std::string::npos);
    program inner(R"(module t
func f() {
    for {
        var p *int
        x := new(int)
        p = x
        _ = p
    }
}
)");
    // p dies with the iteration that allocated x: never a violation.
    CHECK_FALSE(some_run_violates(inner, "f", all_stack));
    // The analysis keeps x on the stack here and is right.
    CHECK_FALSE(some_run_violates(inner, "f", {}));
    CHECK_FALSE(some_run_violates(outer, "f", {}));
}

TEST_CASE("oracle: a variable whose address is taken is an object", "[oracle][interpreter]") {
    program p(R"(module t
var G *int
func f() {
    var v int
    G = &v
}
)");
    exec_result r = run(p, "f", all_stack);
    REQUIRE(r.status == exec_result::found_violation);
    CHECK(r.v.site.find("variable v") != std::string::npos);
    CHECK(run(p, "f", {}).status == exec_result::completed);
}

TEST_CASE("oracle: dynamic calls dispatch on the dynamic type", "[oracle][interpreter]") {
    program p(R"(module t
type I interface {
    M(p *int)
}
type A struct {
    n int
}
type B struct {
    n int
}
var G *int
func (a *A) M(p *int) {
    G = p
}
func (b *B) M(p *int) {
}
func f() {
    var i I = I(&A{})
    i.M(new(int))
}
func g() {
    var i I = I(&B{})
    i.M(new(int))
}
)");
    // Only A.M keeps its argument: with every site forced to the stack, f violates and g does not.
    exec_result r = run(p, "f", all_stack);
    REQUIRE(r.status == exec_result::found_violation);
    CHECK(r.v.site.find("new(int)") != std::string::npos);
    CHECK(run(p, "g", all_stack).status == exec_result::completed);
}

TEST_CASE("oracle: closures capture by reference or by value as the analysis decides", "[oracle][interpreter]") {
    program p(R"(module t
var F func() *int
func f() {
    var x int
    func c() *int {
        return &x
    }
    F = c
}
)");
    // x is captured by reference (its address is returned); forced to the stack, it outlives f.
    exec_result r = run(p, "f", all_stack);
    REQUIRE(r.status == exec_result::found_violation);
    CHECK(r.v.path.find("global F") != std::string::npos);
    CHECK(run(p, "f", {}).status == exec_result::completed);

    program w(R"(module t
var F func() int
func f() {
    var x int
    func c() int {
        return x
    }
    F = c
    x = 2
}
)");
    // Captured by value and written after the capture: the host could not copy it.
    exec_result wr = run(w, "f", [](verdict_table& vt) {
        for (auto& caps : vt.capture_by_ref)
            for (auto& c : caps) c = 0;
    });
    REQUIRE(wr.status == exec_result::found_violation);
    CHECK(wr.v.kind == violation::by_value_capture);
    // The analysis' own decision for x (reassigned after the capture: by reference) is fine.
    CHECK(run(w, "f", {}).status == exec_result::completed);
}

TEST_CASE("oracle: go/defer slice-literal arguments live in the wrapper's frame", "[oracle][interpreter]") {
    program p(R"(module t
var G []*int
func keep(s []*int) {
    G = s
}
func drop(s []*int) []*int {
    return s
}
func f(p *int) {
    defer drop([]*int{p})
}
func g(p *int) {
    defer keep([]*int{p})
}
)");
    // The wrapper discards drop's result: nothing outlives it.
    CHECK(run(p, "f", all_stack).status == exec_result::completed);
    exec_result r = run(p, "g", all_stack);
    REQUIRE(r.status == exec_result::found_violation);
    CHECK(r.v.when.find("wrapper") != std::string::npos);
}

TEST_CASE("oracle: deterministic runs and unsupported constructs", "[oracle][interpreter]") {
    program p(R"(module t
var G *int
func f() {
    for {
        if {
            G = new(int)
        }
    }
}
)");
    exec_result a = run(p, "f", all_stack, 7), b = run(p, "f", all_stack, 7);
    CHECK(a.status == b.status);
    CHECK(a.steps == b.steps);
    program g(R"(module t
func f() {
L:
    goto L
}
)");
    REQUIRE(g.st.ok());
    exec_result r = run(g, "f", {});
    CHECK(r.status == exec_result::unsupported);
    CHECK(r.detail.find("goto") != std::string::npos);
}

TEST_CASE("oracle: recursion terminates through the fuel", "[oracle][interpreter]") {
    program p(R"(module t
var G *int
func f(n *int) *int {
    if {
        return f(new(int))
    }
    for {
        G = f(n)
    }
    return n
}
)");
    for (std::uint64_t s = 1; s <= 16; ++s) {
        exec_result r = run(p, "f", {}, s);
        CHECK(r.status == exec_result::completed);
    }
}
