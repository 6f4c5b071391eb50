// Huge and deeply nested inputs: a 1,000,000-statement straight chain, 10,000 nested loops and a
// 100,000-deep call chain are read and analysed without overflowing the native stack (every walk
// of the library uses explicit stacks), and the verdicts are the ones the rules give.
#include <catch2/catch.hpp>

#include <string>

#include <escapade/escapade.hpp>

namespace {

struct analysed {
    escapade::ir::module m;
    escapade::analysis_result<escapade::ir::module> r;
    escapade::status st;
};

void run(const std::string& text, analysed& a) {
    escapade::ir::read_options ro;
    ro.file_name = "deep.ir";
    a.st = escapade::ir::read_text(text, a.m, ro);
    if (!a.st.ok()) return;
    a.st = escapade::analyze(a.m, a.r);
}

const escapade::analysis_result<escapade::ir::module>::site* site_named(const analysed& a, std::string_view name) {
    for (const auto& s : a.r.sites())
        if (s.name == name) return &s;
    return nullptr;
}

}  // namespace

TEST_CASE("a 1,000,000-statement straight chain", "[deep][.][slow]") {
    // x's address travels through a million copies before reaching a global, so x escapes;
    // y's address travels as far and is only dereferenced, so y stays on the stack.
    const int n = 1000000;
    std::string t = "var g *int\nfunc chain() int {\n    var x int\n    var y int\n    p0 := &x\n    q0 := &y\n";
    t.reserve(40u * n);
    for (int i = 1; i < n / 2; ++i) {
        t += "    p" + std::to_string(i) + " := p" + std::to_string(i - 1) + "\n";
        t += "    q" + std::to_string(i) + " := q" + std::to_string(i - 1) + "\n";
    }
    t += "    g = p" + std::to_string(n / 2 - 1) + "\n    return *q" + std::to_string(n / 2 - 1) + "\n}\n";
    analysed a;
    run(t, a);
    INFO(a.st.message());
    REQUIRE(a.st.ok());
    REQUIRE(a.m.stmt_count() > std::size_t(n));
    const auto* x = site_named(a, "x");
    const auto* y = site_named(a, "y");
    REQUIRE(x != nullptr);
    REQUIRE(y != nullptr);
    CHECK(x->verdict == escapade::verdict::heap);
    CHECK(x->reason == escapade::reason::stored_in_global);
    CHECK(y->verdict == escapade::verdict::stack);
}

TEST_CASE("10,000 nested loops", "[deep]") {
    // Each loop declares v_i and stores its address into the variable of the enclosing level:
    // every v_i (i >= 1) outlives its iteration through v_{i-1}... only as a value of an outer
    // variable: the loop-depth rule sends each to the heap. The outermost w is never address-taken
    // beyond the function and stays on the stack.
    const int n = 10000;
    std::string t = "func nest() {\n    var w *int\n";
    std::string close;
    for (int i = 0; i < n; ++i) {
        t += "for {\n";
        t += "var v" + std::to_string(i) + " int\n";
        t += (i == 0 ? std::string("w") : "p" + std::to_string(i - 1)) + " = &v" + std::to_string(i) + "\n";
        t += "var p" + std::to_string(i) + " *int\n";
        close += "}\n";
    }
    t += close + "}\n";
    analysed a;
    run(t, a);
    INFO(a.st.message());
    REQUIRE(a.st.ok());
    const auto* v0 = site_named(a, "v0");
    const auto* vlast = site_named(a, "v" + std::to_string(n - 1));
    REQUIRE(v0 != nullptr);
    REQUIRE(vlast != nullptr);
    CHECK(v0->verdict == escapade::verdict::heap);
    CHECK(v0->reason == escapade::reason::loop_iteration);
    CHECK(vlast->verdict == escapade::verdict::heap);
}

TEST_CASE("a 100,000-deep call chain", "[deep]") {
    // f_i passes its pointer parameter to f_{i+1}; the last one stores it in a global. The summary
    // "leaks to heap" must travel back up 100,000 SCCs to f0's caller.
    const int n = 100000;
    std::string t = "var g *int\n";
    for (int i = 0; i < n; ++i) {
        t += "func f" + std::to_string(i) + "(p *int) {\n";
        if (i + 1 < n) t += "    f" + std::to_string(i + 1) + "(p)\n";
        else t += "    g = p\n";
        t += "}\n";
    }
    t += "func main() {\n    var x int\n    f0(&x)\n}\n";
    analysed a;
    run(t, a);
    INFO(a.st.message());
    REQUIRE(a.st.ok());
    const auto* x = site_named(a, "x");
    REQUIRE(x != nullptr);
    CHECK(x->verdict == escapade::verdict::heap);
    CHECK(x->reason == escapade::reason::leaked_by_callee);
    CHECK(x->callee == "f0");
}

TEST_CASE("deeply nested expressions are read and analysed iteratively", "[deep]") {
    // 200,000 parentheses and a 100,000-deep chain of address-of / dereference.
    const int n = 100000;
    std::string t = "var g *int\nfunc f() {\n    var x int\n    var p *int = ";
    for (int i = 0; i < n; ++i) t += "(";
    t += "&x";
    for (int i = 0; i < n; ++i) t += ")";
    t += "\n    g = ";
    for (int i = 0; i < n; ++i) t += "&*";
    t += "p\n}\n";
    analysed a;
    run(t, a);
    INFO(a.st.message());
    REQUIRE(a.st.ok());
    const auto* x = site_named(a, "x");
    REQUIRE(x != nullptr);
    CHECK(x->verdict == escapade::verdict::heap);
}
