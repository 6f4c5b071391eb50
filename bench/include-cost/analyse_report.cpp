// bench/include-cost/analyse_report.cpp - a typical user translation unit: includes the single
// header, reads a text-IR file, analyses it and prints the text report (what `escapade FILE` does,
// without the command line). tools/bench-table --include-cost times its compilation at -O0 and
// -O2. Not built by CMake (bench/CMakeLists.txt globs bench/*.cpp only); it runs if built by hand:
//   g++ -std=c++17 -Isingle_include bench/include-cost/analyse_report.cpp && ./a.out FILE.ir
#include <cstdio>
#include <string>

#include <escapade/escapade.hpp>

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    std::FILE* f = std::fopen(argv[1], "rb");
    if (!f) return 2;
    std::string text;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    std::fclose(f);
    escapade::ir::module m;
    escapade::status st = escapade::ir::read_text(text, m, {argv[1]});
    escapade::analysis_result<escapade::ir::module> res;
    if (st.ok()) st = escapade::analyze(m, res, escapade::analysis_options{});
    if (!st.ok()) {
        char msg[512];
        std::fprintf(stderr, "%s\n", st.format(msg, sizeof msg));
        return 1;
    }
    escapade::write_report(m, res, escapade::report_format::text, false, [](std::string_view line) {
        std::printf("%.*s\n", int(line.size()), line.data());
        return true;
    });
    return 0;
}
