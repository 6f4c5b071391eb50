// examples/embedded/firmware.cpp - escapade on a Cortex-M4 (QEMU mps2-an386).
//
// Analyses each embedded text-IR program (programs.hpp, generated at build time from
// examples/seed/*.ir and a synthetic 1,000-statement module) inside one static arena and prints,
// through semihosting, exactly the lines the host's `escapade --format=text FILE` prints. Lines
// starting with '#' are measurements (arena peaks, stack use), not part of the report. Then runs
// each seed program in arenas of every size too small for it (pipeline.hpp, sweep_arena_sizes):
// each run must end with errc::out_of_memory. Exit status 0 when every program was analysed, every
// too-small arena failed cleanly, nothing asked the default memory resource for memory, nothing
// called malloc during an analysis and the generated module's analysis + report arena peak stayed
// within ESCAPADE_FIRMWARE_ARENA_LIMIT. Built in the firmware configuration of config.hpp
// (examples/embedded/CMakeLists.txt): conservative dispatch, model gc, no explanations.
//
// ESCAPADE_FIRMWARE_STAGE selects a variant; the smaller ones exist to measure code size:
//   0  no escapade code: the same runtime (startup, printf, semihosting); lists the programs
//   1  + the text-IR reader: each program is read into a module
//   2  + the analysis: each module is analysed, nothing is reported
//   3  + the report: the whole pipeline (pipeline.hpp). The default.
// ESCAPADE_FIRMWARE_SWEEP (default 1 with stage 3) adds the exhaustion sweep: the firmware the test
// runs. The size measurements use stage 3 without it.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "programs.hpp"

#ifndef ESCAPADE_FIRMWARE_STAGE
#define ESCAPADE_FIRMWARE_STAGE 3
#endif
#ifndef ESCAPADE_FIRMWARE_ARENA_BYTES
#define ESCAPADE_FIRMWARE_ARENA_BYTES (1024u * 1024u)
#endif
#ifndef ESCAPADE_FIRMWARE_SWEEP
#define ESCAPADE_FIRMWARE_SWEEP (ESCAPADE_FIRMWARE_STAGE == 3)
#endif
// The generated module's (synthetic_*.ir) analysis + report arena peak must not exceed this many
// bytes (examples/embedded/CMakeLists.txt sets it: the measured figure; issue 16's goal is 65,536).
#ifndef ESCAPADE_FIRMWARE_ARENA_LIMIT
#define ESCAPADE_FIRMWARE_ARENA_LIMIT (96u * 1024u)
#endif
#ifndef ESCAPADE_FIRMWARE_ARENA_GOAL
#define ESCAPADE_FIRMWARE_ARENA_GOAL (64u * 1024u)
#endif
// Programs up to this many bytes of text (the seed programs) get the exhaustion sweep.
#ifndef ESCAPADE_FIRMWARE_SWEEP_MAX_TEXT
#define ESCAPADE_FIRMWARE_SWEEP_MAX_TEXT 4096u
#endif

#if ESCAPADE_FIRMWARE_STAGE >= 1
#include "pipeline.hpp"
#endif

extern "C" std::size_t firmware_stack_used();
extern "C" std::size_t firmware_stack_size();

// Linked with -Wl,--wrap=malloc: counts direct malloc calls while a program is analysed. There
// must be none: every byte comes from the arena. (newlib's own stdio allocates through _malloc_r,
// which is not counted: the report lines are printed while counting.)
extern "C" {
void* __real_malloc(std::size_t n);
static volatile unsigned long malloc_calls = 0;
static volatile bool counting = false;
void* __wrap_malloc(std::size_t n) {
    if (counting) malloc_calls = malloc_calls + 1;
    return __real_malloc(n);
}
}

namespace {

unsigned long ul(std::size_t n) { return static_cast<unsigned long>(n); }

#if ESCAPADE_FIRMWARE_STAGE >= 1
alignas(8) unsigned char arena_buffer[ESCAPADE_FIRMWARE_ARENA_BYTES];

/// The default resource during the run: refuses (and counts) every request, so code that forgets
/// the caller's resource fails visibly instead of quietly using malloc.
class refuse_all final : public escapade::memory_resource {
public:
    unsigned long requests = 0;

protected:
    void* do_allocate(std::size_t, std::size_t) noexcept override {
        ++requests;
        return nullptr;
    }
    void do_deallocate(void*, std::size_t, std::size_t) noexcept override {}
};

#if ESCAPADE_FIRMWARE_STAGE == 3
bool print_line(std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    return true;
}
#else
/// Stages 1 and 2: read (and analyse) only.
escapade::status read_and_analyse(const embedded_program& p, escapade::memory_resource& module_mem,
                                  escapade::memory_resource& analysis_mem, escapade_embedded::pipeline_stats* s) noexcept {
    escapade::ir::module m(module_mem);
    escapade::ir::read_options ro;
    ro.file_name = p.name;
    ro.reserve = false;
    escapade::status st = escapade::ir::read_text(std::string_view(p.text, p.size), m, ro);
    s->statements = m.stmt_count();
    s->module_peak = module_mem.peak_bytes();
#if ESCAPADE_FIRMWARE_STAGE >= 2
    if (st.ok()) {
        escapade::analysis_result<escapade::ir::module> r(analysis_mem);
        st = escapade::analyze(m, r, escapade::analysis_options{}, analysis_mem);
        s->analysis_peak = s->report_peak = analysis_mem.peak_bytes();
    }
#else
    (void)analysis_mem;
#endif
    return st;
}
#endif
#endif

}  // namespace

int main() {
    int failures = 0;
#if ESCAPADE_FIRMWARE_STAGE >= 1
    refuse_all tripwire;
    escapade::set_default_resource(tripwire);
    // The module (what a compiler would have anyway: its own IR) and the analysis get separate
    // arenas, so that both needs show; the sweep below runs everything in one.
    constexpr std::size_t module_part = sizeof arena_buffer / 4 * 3;
    escapade::arena_resource module_arena(arena_buffer, module_part);
    escapade::arena_resource analysis_arena(arena_buffer + module_part, sizeof arena_buffer - module_part);
    std::size_t largest_module = 0, largest_analysis = 0;
    char msg[512];
#endif
    for (std::size_t i = 0; i < embedded_program_count; ++i) {
        const embedded_program& p = embedded_programs[i];
#if ESCAPADE_FIRMWARE_STAGE == 0
        std::printf("# %s: %lu bytes\n", p.name, ul(p.size));
#else
        module_arena.reset();
        module_arena.reset_peak();
        analysis_arena.reset();
        analysis_arena.reset_peak();
        escapade_embedded::pipeline_stats s;
        counting = true;
#if ESCAPADE_FIRMWARE_STAGE == 3
        escapade::status st =
            escapade_embedded::run_pipeline(p.name, std::string_view(p.text, p.size), module_arena, analysis_arena, print_line, &s);
#else
        escapade::status st = read_and_analyse(p, module_arena, analysis_arena, &s);
#endif
        counting = false;
        if (!st.ok()) {
            std::printf("# ERROR %s\n", st.format(msg, sizeof msg));
            ++failures;
        }
        std::size_t total = s.module_peak + s.report_peak;
        std::printf("# %s: %lu bytes of text, %lu statements; module arena peak %lu bytes; analysis arena peak %lu bytes "
                    "(analysis %lu, with report %lu); together %lu bytes, %lu per statement\n",
                    p.name, ul(p.size), ul(s.statements), ul(s.module_peak), ul(s.report_peak), ul(s.analysis_peak),
                    ul(s.report_peak), ul(total), ul(s.statements ? total / s.statements : 0));
        if (std::string_view(p.name).substr(0, 10) == "synthetic_") {
            bool within = s.report_peak <= ESCAPADE_FIRMWARE_ARENA_LIMIT;
            std::printf("# arena check %s: analysis + report peak %lu bytes, limit %lu%s; goal %lu bytes %s\n", p.name,
                        ul(s.report_peak), ul(ESCAPADE_FIRMWARE_ARENA_LIMIT), within ? "" : " - FAILED",
                        ul(ESCAPADE_FIRMWARE_ARENA_GOAL), s.report_peak <= ESCAPADE_FIRMWARE_ARENA_GOAL ? "met" : "not met");
            if (!within) ++failures;
        }
        if (s.module_peak > largest_module) largest_module = s.module_peak;
        if (s.report_peak > largest_analysis) largest_analysis = s.report_peak;
#endif
    }
#if ESCAPADE_FIRMWARE_STAGE == 3 && ESCAPADE_FIRMWARE_SWEEP
    // Out of memory on the target: each seed program in arenas of every size below its need.
    for (std::size_t i = 0; i < embedded_program_count; ++i) {
        const embedded_program& p = embedded_programs[i];
        if (p.size > ESCAPADE_FIRMWARE_SWEEP_MAX_TEXT) continue;
        escapade_embedded::sweep_result r =
            escapade_embedded::sweep_arena_sizes(p.name, std::string_view(p.text, p.size), arena_buffer, sizeof arena_buffer);
        bool good = r.bad_runs == 0 && r.report_matches;
        std::printf("# sweep %s: one arena of 0..%lu bytes always ends with out_of_memory (%lu runs); %lu bytes succeed%s\n",
                    p.name, ul(r.need ? r.need - 1 : 0), ul(r.runs), ul(r.need), good ? "" : " - FAILED");
        if (!good) {
            std::printf("# ERROR at %lu bytes: %s\n", ul(r.first_bad_size), r.first_bad.format(msg, sizeof msg));
            ++failures;
        }
    }
#endif
#if ESCAPADE_FIRMWARE_STAGE >= 1
    std::printf("# arenas: %lu bytes for modules, %lu for analyses; largest peaks %lu and %lu bytes\n", ul(module_part),
                ul(sizeof arena_buffer - module_part), ul(largest_module), ul(largest_analysis));
    std::printf("# default resource requests: %lu; malloc calls during analyses: %lu\n", tripwire.requests, malloc_calls);
    if (tripwire.requests != 0 || malloc_calls != 0) ++failures;
#endif
    std::printf("# stack: %lu of %lu bytes used\n", ul(firmware_stack_used()), ul(firmware_stack_size()));
    std::printf("# %s\n", failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
