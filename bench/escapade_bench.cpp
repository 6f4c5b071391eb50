// escapade_bench - statements analysed per second and peak memory on synthetic modules.
//
//   escapade_bench [SIZES...] [--seed=N] [--repeat=N] [--dispatch=conservative|closed|context]
//
// For each size (default 10000 100000 1000000 statements) a synthetic module (bench/synthetic.hpp)
// is generated, read from text, and analysed with model=gc; the tool prints the read time, the
// analysis time (best of --repeat runs), statements analysed per second, and the peak bytes the
// library allocated (module + analysis, through a counting memory resource) as well as the
// process' peak resident set. No pass/fail threshold: the figures go into the issue notes.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <sys/resource.h>

#include <escapade/escapade.hpp>

#include "synthetic.hpp"

namespace {

/// Forwards to malloc and records current and peak usage (memory_resource does the bookkeeping).
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
};

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

long max_rss_kb() {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> sizes;
    std::uint64_t seed = 1;
    int repeat = 3;
    escapade::analysis_options options;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--dispatch=closed") == 0) options.dispatch = escapade::dispatch::closed;
        else if (std::strcmp(argv[i], "--dispatch=context") == 0) options.dispatch = escapade::dispatch::context;
        else if (std::strcmp(argv[i], "--dispatch=conservative") == 0) options.dispatch = escapade::dispatch::conservative;
        else if (std::strncmp(argv[i], "--seed=", 7) == 0) seed = std::strtoull(argv[i] + 7, nullptr, 10);
        else if (std::strncmp(argv[i], "--repeat=", 9) == 0) repeat = std::atoi(argv[i] + 9);
        else sizes.push_back(std::strtoull(argv[i], nullptr, 10));
    }
    if (sizes.empty()) sizes = {10000, 100000, 1000000};
    if (repeat < 1) repeat = 1;
    std::printf("dispatch=%s\n", escapade::to_string(options.dispatch));
    std::printf("%-10s %10s %10s %10s %12s %14s %12s %10s\n", "target", "stmts", "read ms", "analyse ms", "stmts/s", "peak lib MiB",
                "bytes/stmt", "heap/sites");
    for (std::size_t n : sizes) {
        std::string text = synthetic::make_module(n, seed);
        double best = 1e300, read_ms = 0;
        std::size_t stmts = 0, peak = 0, sites = 0, heap = 0;
        for (int r = 0; r < repeat; ++r) {
            counting_resource mem;
            auto t0 = std::chrono::steady_clock::now();
            escapade::ir::module m(mem);
            escapade::status st = escapade::ir::read_text(text, m, {"synthetic.ir"});
            double rd = ms_since(t0);
            if (!st.ok()) {
                char buf[512];
                std::fprintf(stderr, "read failed: %s\n", st.format(buf, sizeof buf));
                return 1;
            }
            escapade::analysis_result<escapade::ir::module> res(mem);
            auto t1 = std::chrono::steady_clock::now();
            st = escapade::analyze(m, res, options, mem);
            double an = ms_since(t1);
            if (!st.ok()) {
                char buf[512];
                std::fprintf(stderr, "analysis failed: %s\n", st.format(buf, sizeof buf));
                return 1;
            }
            if (an < best) {
                best = an;
                read_ms = rd;
            }
            stmts = m.stmt_count();
            peak = mem.peak_bytes();
            sites = res.site_count();
            heap = res.heap_count();
        }
        std::printf("%-10zu %10zu %10.1f %10.1f %12.0f %14.1f %12.1f %5zu/%zu\n", n, stmts, read_ms, best, stmts / (best / 1000.0),
                    peak / (1024.0 * 1024.0), double(peak) / double(stmts), heap, sites);
    }
    std::printf("peak RSS of the process: %.1f MiB\n", max_rss_kb() / 1024.0);
    return 0;
}
