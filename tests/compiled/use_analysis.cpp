// tests/compiled/use_analysis.cpp - a translation unit of the compiled mode (ESCAPADE_COMPILED=1)
// that reads, analyses, reports and writes the generic IR through the declarations alone; the
// definitions come from the implementation TU (src/compiled.cpp) linked into the same program.
// With build_layout.cpp it is the test `compiled_mode`: two declaration-only TUs and one
// implementation TU in one executable (a definition in a header would break the link).
//
// The program below is examples/seed/01_global.ir (its EXPECT lines, reasoned by hand, give v: heap
// and vp: leaks) plus h(), whose w only has its address taken locally: stack.
#include <cstdio>
#include <string>
#include <string_view>

#include <escapade/escapade.hpp>

#if !ESCAPADE_COMPILED || ESCAPADE_HEADER_DEFINITIONS
#error "tests/compiled must be built in the compiled mode's declaration-only form"
#endif
#ifdef ESCAPADE_ANALYSIS_HPP
#error "the declaration-only umbrella must not include the analysis engine"
#endif

bool check_builder_layout();  // build_layout.cpp

namespace {

int failures = 0;
void expect(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAIL: %s\n", what);
        ++failures;
    }
}

constexpr std::string_view program = R"(module seed_global

var VP *int

func f(vp *int) {
    VP = vp
}

func g() int {
    var v int
    v = 40
    f(&v)
    *VP = 42
    return v
}

func h() int {
    var w int
    p := &w
    *p = 1
    return w
}
)";

using ir_result = escapade::analysis_result<escapade::ir::module>;

const ir_result::site* site_named(const ir_result& r, std::string_view name) {
    for (const auto& s : r.sites())
        if (s.name == name) return &s;
    return nullptr;
}

}  // namespace

int main() {
    using namespace escapade;
    ir::module m;
    status st = ir::read_text(program, m, {"seed.ir"});
    expect(st.ok(), "read_text");
    ir_result r;
    if (st.ok()) st = analyze(m, r, analysis_options{});
    expect(st.ok(), "analyze");
    if (!st.ok()) return 1;

    const ir_result::site* v = site_named(r, "v");
    const ir_result::site* w = site_named(r, "w");
    expect(v && v->verdict == verdict::heap, "v: heap (its address is stored in VP by f)");
    expect(w && w->verdict == verdict::stack, "w: stack (its address stays in h)");
    std::size_t heap = 0;
    for (const auto& s : r.heap_sites()) heap += &s == v ? 1 : 100;
    expect(heap == 1, "heap_sites() is exactly v");

    std::string report;
    bool ok = write_report(m, r, report_format::text, false, [&](std::string_view line) {
        report.append(line);
        report += '\n';
        return true;
    });
    expect(ok, "write_report");
    expect(report.find("seed.ir:5:8: f: vp: param leaks to heap\n") != std::string::npos, "report: vp leaks");
    expect(report.find("seed.ir:10:9: g: v: heap (leaked by callee f)\n") != std::string::npos, "report: v heap");
    expect(report.find("seed.ir:18:9: h: w: stack\n") != std::string::npos, "report: w stack");

    // A sink that refuses stops the report.
    int lines = 0;
    expect(!write_report(m, r, report_format::text, false, [&](std::string_view) { return ++lines < 2; }), "refusing sink");
    expect(lines == 2, "the report stopped at the refused line");

    // write_text to a line_sink reads back to a module with the same verdicts.
    std::string text;
    expect(ir::write_text(m, [&](std::string_view chunk) {
        text.append(chunk);
        return true;
    }), "write_text");
    ir::module m2;
    ir_result r2;
    expect(ir::read_text(text, m2, {"again.ir"}).ok() && analyze(m2, r2).ok(), "read back and analyse");
    const ir_result::site* v2 = site_named(r2, "v");
    const ir_result::site* w2 = site_named(r2, "w");
    expect(v2 && v2->verdict == verdict::heap && w2 && w2->verdict == verdict::stack, "same verdicts after write_text");

    expect(check_builder_layout(), "builder (build_layout.cpp)");
    if (failures == 0) std::printf("compiled mode: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
