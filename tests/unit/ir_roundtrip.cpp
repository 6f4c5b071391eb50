// Round trip of the text IR: for every program in tests/ir/gc and examples/seed,
//   read -> write_text(positions = true) -> read again
// must give a structurally equal module (tests/support/ir_equal.hpp: types, globals, functions,
// parameters and results, statements, expressions, kinds, references, texts, flags and positions
// by file name, line and column), writing the re-read module must give the same text again, and
// both modules must get the same analysis report.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <escapade/ir/writer.hpp>

#include "support/corpus.hpp"
#include "support/ir_equal.hpp"

namespace {

std::vector<std::string> programs(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        if (it->path().extension() == ".ir") out.push_back(it->path().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string write(const escapade::ir::module& m, bool positions, bool* ok) {
    std::string out;
    *ok = escapade::ir::write_text(
        m,
        [&](std::string_view chunk) {
            out.append(chunk.data(), chunk.size());
            return true;
        },
        escapade::ir::write_options{positions});
    return out;
}

std::string read(const std::string& text, const std::string& name, escapade::ir::module& m) {
    escapade::ir::read_options ro;
    ro.file_name = name;
    escapade::status st = escapade::ir::read_text(text, m, ro);
    char buf[600];
    return st.ok() ? std::string() : std::string(st.format(buf, sizeof buf));
}

std::vector<std::string> report(const escapade::ir::module& m) {
    std::vector<std::string> lines;
    escapade::analysis_result<escapade::ir::module> res;
    escapade::status st = escapade::analyze(m, res);
    if (!st.ok()) {
        char buf[600];
        lines.push_back(std::string("analysis failed: ") + st.format(buf, sizeof buf));
        return lines;
    }
    escapade::write_report(m, res, escapade::report_format::gc, false, [&](std::string_view l) {
        lines.emplace_back(l);
        return true;
    });
    return lines;
}

void round_trip(const std::string& path) {
    std::string text;
    REQUIRE(corpus::read_file(path, text));
    escapade::ir::module first;
    std::string err = read(text, path, first);
    INFO(path);
    REQUIRE(err.empty());

    bool ok = false;
    std::string written = write(first, true, &ok);
    REQUIRE(ok);
    escapade::ir::module second;
    // The written text names the original file in its `file` directives, so positions keep it.
    err = read(written, path, second);
    INFO("written text:\n" << written);
    REQUIRE(err.empty());

    std::string why;
    bool same = ir_equal::equal(first, second, &why);
    INFO("first difference: " << why);
    CHECK(same);

    std::string again = write(second, true, &ok);
    REQUIRE(ok);
    CHECK(again == written);

    CHECK(report(first) == report(second));
}

}  // namespace

TEST_CASE("text IR round trip: seed programs", "[ir][roundtrip]") {
    std::vector<std::string> files = programs(std::string(ESCAPADE_EXAMPLES_DIR) + "/seed");
    REQUIRE(files.size() >= 4);
    for (const std::string& f : files) DYNAMIC_SECTION(f) { round_trip(f); }
}

TEST_CASE("text IR round trip: tests/ir/gc programs", "[ir][roundtrip]") {
    std::vector<std::string> files = programs(std::string(ESCAPADE_TEST_IR_DIR) + "/gc");
    REQUIRE(files.size() >= 90);
    for (const std::string& f : files) DYNAMIC_SECTION(f) { round_trip(f); }
}

TEST_CASE("ir_equal notices differences", "[ir][roundtrip]") {
    const char* base = "module m\nvar g *int\nfunc f(p *int) *int {\n    x := 0\n    g = &x\n    return p\n}\n";
    const char* variants[] = {
        "module n\nvar g *int\nfunc f(p *int) *int {\n    x := 0\n    g = &x\n    return p\n}\n",      // module name
        "module m\nvar g *int\nfunc f(q *int) *int {\n    x := 0\n    g = &x\n    return q\n}\n",      // parameter name
        "module m\nvar g *int\nfunc f(p *int) *int {\n    x := 0\n    g = &x\n    return g\n}\n",      // reference
        "module m\nvar g *int\nfunc f(p *int) *int {\n    x := 1\n    g = &x\n    return p\n}\n",      // constant text
        "module m\nvar g *int\nfunc f(p *int) *int {\n     x := 0\n    g = &x\n    return p\n}\n",     // position
        "module m\nvar g *int\nfunc f(p *int) *int {\n    x := 0\n    g = &x\n    return p\n}\nfunc h() {\n}\n",  // extra function
        "module m\nvar g *int\nfunc f(p *int) *int {\n    var x int\n    g = &x\n    return p\n}\n",   // statement kinds
    };
    escapade::ir::module a;
    REQUIRE(read(base, "a.ir", a).empty());
    escapade::ir::module same;
    REQUIRE(read(base, "a.ir", same).empty());
    std::string why;
    CHECK(ir_equal::equal(a, same, &why));
    escapade::ir::module other_file;
    REQUIRE(read(base, "b.ir", other_file).empty());
    CHECK_FALSE(ir_equal::equal(a, other_file, &why));  // positions name another file
    for (const char* v : variants) {
        escapade::ir::module b;
        REQUIRE(read(v, "a.ir", b).empty());
        INFO(v);
        CHECK_FALSE(ir_equal::equal(a, b, &why));
        CHECK_FALSE(why.empty());
    }
}
