// The text-IR reader's pass 1 (lexer::skip_balanced): it skips every body at the byte level to find
// its closing brace, so braces inside strings, raw strings, runes, display texts and comments must
// not count, and its errors must name the brace at fault. A body skipped one brace too early or
// too late would make pass 2 miss or misplace the next function, or report an error on a valid
// module; these inputs catch both.
#include <catch2/catch.hpp>

#include <string>

#include <escapade/escapade.hpp>

namespace {

std::string read_error(const std::string& text) {
    escapade::ir::module m;
    escapade::ir::read_options ro;
    ro.file_name = "skip.ir";
    escapade::status st = escapade::ir::read_text(text, m, ro);
    if (st.ok()) return "ok";
    char buf[600];
    return st.format(buf, sizeof buf);
}

}  // namespace

TEST_CASE("pass 1 ignores braces in strings, runes, display texts and comments", "[reader]") {
    const std::string text =
        "module m\n"
        "func f() *int {\n"
        "    s := \"a } b {\"\n"
        "    t := `raw } {`\n"
        "    r := '}'\n"
        "    ~\"x := \\\"}\\\"\" u := 1 ; a } in a comment\n"
        "    // { another comment\n"
        "    _ = s\n"
        "    _ = t\n"
        "    _ = r\n"
        "    _ = u\n"
        "    v := 2\n"
        "    return &v\n"
        "}\n"
        "func g() *int {\n"
        "    return f()\n"
        "}\n";
    escapade::ir::module m;
    REQUIRE(escapade::ir::read_text(text, m, {"skip.ir"}).ok());
    // Both functions found, g after f: f's body ended at its own closing brace.
    REQUIRE(m.function_count() == 2);
    CHECK(m.function_at(0).name == "f");
    CHECK(m.function_at(1).name == "g");
    CHECK(m.function_at(1).pos.line == 15);
    escapade::analysis_result<escapade::ir::module> res;
    REQUIRE(escapade::analyze(m, res).ok());
    CHECK(res.heap_count() == 1);  // v, returned
}

TEST_CASE("pass 1 reports the outermost unclosed brace and a stray one", "[reader]") {
    // The '{' inside the string does not open anything: the body's own '{' is never closed.
    CHECK(read_error("module m\nfunc f() {\n    s := \"{\"\n    _ = s\n") == "skip.ir:2:10: error: '{' is never closed");
    // A '}' in a comment does not close the body either.
    CHECK(read_error("module m\nfunc f() {\n    x := 1 ; }\n    _ = x\n") == "skip.ir:2:10: error: '{' is never closed");
    // A '}' outside braces on a declaration's line, after a string that holds one.
    CHECK(read_error("module m\nvar x int }\n") == "skip.ir:2:11: error: unexpected '}'");
    CHECK(read_error("module m\nfunc f() {\n    s := \"}\"\n    _ = s\n}\nvar y int }\n") == "skip.ir:6:11: error: unexpected '}'");
}
