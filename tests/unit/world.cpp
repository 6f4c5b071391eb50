// Worlds (analysis_options::world, docs/dispatch.md "Worlds"): what dispatch=closed/context may
// assume about targets the IR does not determine, and the errors that keep a host from getting
// "no target" where a method is missing. The verdicts per world are checked by the corpus programs
// tests/ir/dispatch/world_open.ir and extern_conditions.ir; this file checks the API-level parts.
#include <catch2/catch.hpp>

#include <string>

#include <escapade/escapade.hpp>

namespace {

// *Other is converted to Sink but has no Put: a host that left a method out of its IR.
const char* missing_method = R"(module m
type Sink interface {
    Put(p *int)
}
type Other struct {
    n int
}
func f() {
    var s Sink = Sink(&Other{0})
    x := 0
    s.Put(&x)
}
)";

escapade::status analyse(const char* text, escapade::dispatch d, escapade::world w) {
    escapade::ir::module m;
    escapade::status st = escapade::ir::read_text(text, m, {"world.ir"});
    if (!st.ok()) return st;
    escapade::analysis_result<escapade::ir::module> r;
    escapade::analysis_options o;
    o.dispatch = d;
    o.world = w;
    return escapade::analyze(m, r, o);
}

}  // namespace

TEST_CASE("a converted type without a method of its interface is invalid host IR under closed and context", "[world]") {
    for (escapade::world w : {escapade::world::open, escapade::world::closed}) {
        for (escapade::dispatch d : {escapade::dispatch::closed, escapade::dispatch::context}) {
            escapade::status st = analyse(missing_method, d, w);
            INFO(escapade::to_string(d) << " in the " << escapade::to_string(w) << " world");
            CHECK(st.code() == escapade::errc::invalid_host_ir);
            CHECK(st.line() == 9);
            CHECK(st.column() == 18);
            std::string msg(st.message());
            CHECK(msg.find("*Other is converted to Sink") != std::string::npos);
            CHECK(msg.find("no method Put of *Other") != std::string::npos);
        }
    }
    // gc's model never asks for targets: the call is dynamic and its operands go to the heap.
    CHECK(analyse(missing_method, escapade::dispatch::conservative, escapade::world::open).ok());
}

TEST_CASE("the default world is open", "[world]") {
    escapade::analysis_options o;
    CHECK(o.world == escapade::world::open);
    CHECK(std::string(escapade::to_string(escapade::world::open)) == "open");
    CHECK(std::string(escapade::to_string(escapade::world::closed)) == "closed");
}

TEST_CASE("conditional leak declarations survive the text form", "[world][roundtrip]") {
    const char* text = R"(module m
type Sink interface {
    Put(p *int)
}
extern func Apply(s Sink, p *int, f func(*int)) {
    s -> if s.Put 0 0
    p -> if s.Put 1 2
    p -> if f() 0 0 inexact
}
)";
    escapade::ir::module m;
    REQUIRE(escapade::ir::read_text(text, m, {"c.ir"}).ok());
    std::string out;
    REQUIRE(escapade::ir::write_text(m, [&](std::string_view s) {
        out.append(s);
        return true;
    }));
    CHECK(out.find("s -> if s.Put 0 0") != std::string::npos);
    CHECK(out.find("p -> if s.Put 1 2") != std::string::npos);
    CHECK(out.find("p -> if f() 0 0 inexact") != std::string::npos);
    escapade::analysis_result<escapade::ir::module> r;
    escapade::analysis_options o;
    o.dispatch = escapade::dispatch::context;
    REQUIRE(escapade::analyze(m, r, o).ok());
    std::size_t conditions = 0;
    for (const auto& p : r.parameters()) {
        for (const auto& c : r.conditions(p)) {
            ++conditions;
            if (p.name == "p" && c.method.empty()) {
                CHECK(c.subject == "f");
                CHECK_FALSE(c.exact);
                CHECK(c.level == 0);
            }
            if (p.name == "p" && c.method == "Put") {
                CHECK(c.subject == "s");
                CHECK(c.argument == 1);
                CHECK(c.level == 2);
            }
        }
    }
    CHECK(conditions == 3);
}
