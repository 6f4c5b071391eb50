// escapade_bench - statements analysed per second and peak memory on synthetic modules.
//
//   escapade_bench [SIZES...] [--seed=N] [--repeat=N] [--dispatch=conservative|closed|context] [--formats] [-q]
//
// For each size (default 10000 100000 1000000 statements) a synthetic module (bench/synthetic.hpp)
// is generated, read from text, and analysed with model=gc; the tool prints the read time and the
// analysis time (wall clock and CPU time of the process, each the best of --repeat runs),
// statements analysed per second (by wall time), the bytes per statement the library allocated
// (through a counting memory resource): the peak while reading, the module once read, the peak
// of the analysis above the module, and the peak of module + analysis; and the process' peak
// resident set. CPU times are the figures to compare on a loaded machine (tools/bench-table
// fits exponents from them). No pass/fail threshold: the figures go into the issue notes.
// --formats also writes each size's report in the text, JSON (with explanations) and SARIF formats
// to a counting sink and prints their sizes and times (what the formats cost on a big module).
// On a terminal, stderr shows the runs done (tools/progress.hpp); -q turns that off.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <sys/resource.h>

#include <escapade/escapade.hpp>
#include <escapade/report_json.hpp>
#include <escapade/report_sarif.hpp>

#include "../tools/progress.hpp"
#include "synthetic.hpp"

namespace {

/// Forwards to malloc (and realloc, for resize) and records current and peak usage
/// (memory_resource does the bookkeeping).
class counting_resource final : public escapade::memory_resource {
protected:
    void* do_allocate(std::size_t bytes, std::size_t align) noexcept override {
        void* p = escapade::default_resource().allocate(bytes, align);
        if (p) note_allocated(bytes);
        return p;
    }
    void do_deallocate(void* p, std::size_t bytes, std::size_t align) noexcept override {
        note_freed(bytes);
        escapade::default_resource().deallocate(p, bytes, align);
    }
    void* do_resize(void* p, std::size_t bytes, std::size_t new_bytes, std::size_t align) noexcept override {
        void* q = escapade::default_resource().resize(p, bytes, new_bytes, align);
        if (q) {
            note_freed(bytes);
            note_allocated(new_bytes);
        }
        return q;
    }
};

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

/// CPU time of the process (user + system), in milliseconds.
double cpu_ms() {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

long max_rss_kb() {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/// Analyses m with explanations and times the text report, write_json and write_sarif into a sink
/// that only counts bytes. Returns the line to print.
std::string measure_formats(const escapade::ir::module& m, escapade::analysis_options options, std::size_t n) {
    options.explain = true;
    escapade::analysis_result<escapade::ir::module> res;
    auto t0 = std::chrono::steady_clock::now();
    if (!escapade::analyze(m, res, options).ok()) return "formats: analysis failed\n";
    double analyse = ms_since(t0);
    std::size_t bytes = 0;
    auto count_line = [&bytes](std::string_view line) {
        bytes += line.size() + 1;
        return true;
    };
    auto count = [&bytes](std::string_view piece) {
        bytes += piece.size();
        return true;
    };
    char line[256];
    std::string out;
    std::snprintf(line, sizeof line, "formats, %zu statements, analysis with explanations %.1f ms:\n", n, analyse);
    out += line;
    t0 = std::chrono::steady_clock::now();
    escapade::write_report(m, res, escapade::report_format::text, true, count_line);
    std::snprintf(line, sizeof line, "  text --explain  %10.1f ms %12zu bytes\n", ms_since(t0), bytes);
    out += line;
    bytes = 0;
    t0 = std::chrono::steady_clock::now();
    escapade::write_json(m, res, count);
    std::snprintf(line, sizeof line, "  json            %10.1f ms %12zu bytes\n", ms_since(t0), bytes);
    out += line;
    bytes = 0;
    t0 = std::chrono::steady_clock::now();
    escapade::sarif_options so;
    so.root = "/src";
    escapade::write_sarif(m, res, count, so);
    std::snprintf(line, sizeof line, "  sarif           %10.1f ms %12zu bytes\n", ms_since(t0), bytes);
    out += line;
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> sizes;
    std::uint64_t seed = 1;
    int repeat = 3;
    bool formats = false, quiet = false;
    escapade::analysis_options options;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--dispatch=closed") == 0) options.dispatch = escapade::dispatch::closed;
        else if (std::strcmp(argv[i], "--dispatch=context") == 0) options.dispatch = escapade::dispatch::context;
        else if (std::strcmp(argv[i], "--dispatch=conservative") == 0) options.dispatch = escapade::dispatch::conservative;
        else if (std::strncmp(argv[i], "--seed=", 7) == 0) seed = std::strtoull(argv[i] + 7, nullptr, 10);
        else if (std::strncmp(argv[i], "--repeat=", 9) == 0) repeat = std::atoi(argv[i] + 9);
        else if (std::strcmp(argv[i], "--formats") == 0) formats = true;
        else if (std::strcmp(argv[i], "-q") == 0) quiet = true;
        else sizes.push_back(std::strtoull(argv[i], nullptr, 10));
    }
    if (sizes.empty()) sizes = {10000, 100000, 1000000};
    if (repeat < 1) repeat = 1;
    std::printf("dispatch=%s\n", escapade::to_string(options.dispatch));
    std::printf("%-9s %9s %9s %9s %9s %9s %10s %11s %8s %8s %8s %8s %10s\n", "target", "stmts", "read ms", "read cpu", "analyse",
                "an. cpu", "stmts/s", "peak MiB", "B/st rd", "B/st mod", "B/st an", "B/stmt", "heap/sites");
    escapade_tools::progress prog("escapade_bench: runs", sizes.size() * static_cast<std::size_t>(repeat), quiet);
    std::vector<std::string> format_lines;
    for (std::size_t n : sizes) {
        std::string text = synthetic::make_module(n, seed);
        double best = 1e300, read_ms = 1e300, best_cpu = 1e300, read_cpu = 1e300;
        std::size_t stmts = 0, peak = 0, sites = 0, heap = 0, read_peak = 0, module_bytes = 0, analysis_peak = 0;
        for (int r = 0; r < repeat; ++r) {
            counting_resource mem;
            double c0 = cpu_ms();
            auto t0 = std::chrono::steady_clock::now();
            escapade::ir::module m(mem);
            escapade::status st = escapade::ir::read_text(text, m, {"synthetic.ir"});
            double rd = ms_since(t0);
            double rc = cpu_ms() - c0;
            if (!st.ok()) {
                char buf[512];
                std::fprintf(stderr, "read failed: %s\n", st.format(buf, sizeof buf));
                return 1;
            }
            read_peak = mem.peak_bytes();
            module_bytes = mem.bytes_in_use();
            mem.reset_peak();
            escapade::analysis_result<escapade::ir::module> res(mem);
            double c1 = cpu_ms();
            auto t1 = std::chrono::steady_clock::now();
            st = escapade::analyze(m, res, options, mem);
            double an = ms_since(t1);
            double ac = cpu_ms() - c1;
            if (!st.ok()) {
                char buf[512];
                std::fprintf(stderr, "analysis failed: %s\n", st.format(buf, sizeof buf));
                return 1;
            }
            if (an < best) best = an;
            if (rd < read_ms) read_ms = rd;
            if (ac < best_cpu) best_cpu = ac;
            if (rc < read_cpu) read_cpu = rc;
            stmts = m.stmt_count();
            analysis_peak = mem.peak_bytes() - module_bytes;
            peak = read_peak > mem.peak_bytes() ? read_peak : mem.peak_bytes();
            sites = res.site_count();
            heap = res.heap_count();
            if (formats && r == 0) format_lines.push_back(measure_formats(m, options, n));
            prog.step();
        }
        double per = double(stmts);
        std::printf("%-9zu %9zu %9.1f %9.1f %9.1f %9.1f %10.0f %11.1f %8.1f %8.1f %8.1f %8.1f %5zu/%zu\n", n, stmts, read_ms, read_cpu, best,
                    best_cpu, stmts / (best / 1000.0), peak / (1024.0 * 1024.0), double(read_peak) / per, double(module_bytes) / per,
                    double(analysis_peak) / per, double(peak) / per, heap, sites);
    }
    prog.finish();
    for (const std::string& l : format_lines) std::fputs(l.c_str(), stdout);
    std::printf("peak RSS of the process: %.1f MiB\n", max_rss_kb() / 1024.0);
    return 0;
}
