// escapade - the command-line tool: reads text IR and prints escape verdicts.
//
//   escapade [--model=gc|precise] [--dispatch=conservative|closed|context] [--world=open|closed]
//            [--format=text|gc] [--explain] [--budget=N] [--stats] FILE...
//
// Each FILE is a module analysed on its own. --world=closed says it is a whole program (every
// implementation, function value and caller is in it); the default, open, treats it as a library
// (dynamic calls whose targets the module does not determine send their operands to the heap). Output: one line per allocation site and per parameter,
// sorted by position (see escapade/report.hpp for both formats). Exit status: 0 on success, 1 when
// a file cannot be read or analysed (a one-line error naming file, line and column on stderr),
// 2 on bad usage.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <escapade/escapade.hpp>

namespace {

const char* const usage =
    "usage: escapade [--model=gc|precise] [--dispatch=conservative|closed|context] [--world=open|closed]\n"
    "                [--format=text|gc] [--explain] [--budget=N] [--stats] FILE...\n"
    "Reads escapade text IR (docs/ir.md) and prints, per allocation site, stack or heap with the reason,\n"
    "and per parameter its escape summary.\n";

bool read_file(const char* path, std::string& out) {
    std::FILE* f = std::fopen(path, "rb");
    if (f == nullptr) return false;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    bool ok = !std::ferror(f);
    std::fclose(f);
    return ok;
}

bool starts_with(const char* s, const char* prefix) { return std::strncmp(s, prefix, std::strlen(prefix)) == 0; }

}  // namespace

int main(int argc, char** argv) {
    escapade::analysis_options options;
    escapade::report_format format = escapade::report_format::text;
    bool explain = false;
    bool stats = false;
    std::vector<const char*> files;
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (std::strcmp(a, "--help") == 0 || std::strcmp(a, "-h") == 0) {
            std::fputs(usage, stdout);
            return 0;
        } else if (std::strcmp(a, "--model=gc") == 0) {
            options.model = escapade::model::gc;
        } else if (std::strcmp(a, "--model=precise") == 0) {
            options.model = escapade::model::precise;
        } else if (std::strcmp(a, "--dispatch=conservative") == 0) {
            options.dispatch = escapade::dispatch::conservative;
        } else if (std::strcmp(a, "--dispatch=closed") == 0) {
            options.dispatch = escapade::dispatch::closed;
        } else if (std::strcmp(a, "--dispatch=context") == 0) {
            options.dispatch = escapade::dispatch::context;
        } else if (std::strcmp(a, "--world=open") == 0) {
            options.world = escapade::world::open;
        } else if (std::strcmp(a, "--world=closed") == 0) {
            options.world = escapade::world::closed;
        } else if (std::strcmp(a, "--format=text") == 0) {
            format = escapade::report_format::text;
        } else if (std::strcmp(a, "--format=gc") == 0) {
            format = escapade::report_format::gc;
        } else if (std::strcmp(a, "--explain") == 0) {
            explain = true;
        } else if (std::strcmp(a, "--stats") == 0) {
            stats = true;
        } else if (starts_with(a, "--budget=")) {
            char* end = nullptr;
            unsigned long long v = std::strtoull(a + 9, &end, 10);
            if (end == a + 9 || *end != '\0') {
                std::fprintf(stderr, "escapade: bad --budget value '%s'\n", a + 9);
                return 2;
            }
            options.batch_work_limit = v;
        } else if (a[0] == '-' && a[1] != '\0') {
            std::fprintf(stderr, "escapade: unknown option '%s'\n%s", a, usage);
            return 2;
        } else {
            files.push_back(a);
        }
    }
    if (files.empty()) {
        std::fputs(usage, stderr);
        return 2;
    }
    options.explain = explain;
    int status = 0;
    char msg[512];
    for (const char* path : files) {
        std::string text;
        if (!read_file(path, text)) {
            std::fprintf(stderr, "%s: error: cannot read file\n", path);
            status = 1;
            continue;
        }
        escapade::ir::module m;
        escapade::ir::read_options ro;
        ro.file_name = path;
        escapade::status st = escapade::ir::read_text(text, m, ro);
        if (!st.ok()) {
            std::fprintf(stderr, "%s\n", st.format(msg, sizeof msg));
            status = 1;
            continue;
        }
        escapade::analysis_result<escapade::ir::module> result;
        auto t0 = std::chrono::steady_clock::now();
        st = escapade::analyze(m, result, options);
        auto t1 = std::chrono::steady_clock::now();
        if (!st.ok()) {
            if (st.file()[0] == '\0') st.set_file(path);
            std::fprintf(stderr, "%s\n", st.format(msg, sizeof msg));
            status = 1;
            continue;
        }
        escapade::write_report(m, result, format, explain, [](std::string_view line) {
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fputc('\n', stdout);
            return true;
        });
        if (stats) {
            const auto& s = result.stats();
            std::fprintf(stderr, "%s: %zu statements, %zu sites (%zu heap), %llu locations, %llu edges, %llu walks, %.3f ms\n", path,
                         m.stmt_count(), result.site_count(), result.heap_count(), static_cast<unsigned long long>(s.locations),
                         static_cast<unsigned long long>(s.edges), static_cast<unsigned long long>(s.walks),
                         std::chrono::duration<double, std::milli>(t1 - t0).count());
        }
    }
    return status;
}
