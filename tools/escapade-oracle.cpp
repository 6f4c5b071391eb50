// escapade-oracle - the soundness oracle's differential driver (docs/soundness.md).
//
//   escapade-oracle --ci                          20,000 programs from seeds 0..19999, 2 threads
//   escapade-oracle --programs N [--seed S]       soak: N programs from seed S
//   escapade-oracle FILE.ir...                    check the given programs (regressions)
//
// Options:
//   --jobs J          threads (default: 2 with --ci, else 1)
//   --runs R          executions per program and mode (default 4)
//   --faults LIST     deliberately unsound analysis variants (comma-separated names or a number;
//                     see escapade::unsound_fault): the oracle's self-test
//   --no-shrink       report findings without minimising them
//   --out DIR         write each finding as DIR/finding-<seed>-<mode>.ir
//   --stop-at-first   stop once a violating program is found (prints its position)
//   --max-programs-per-finding ... (none) ; --quiet  only the summary (and no progress)
//
// On a terminal, stderr shows the programs checked so far and the time (tools/progress.hpp).
//
// For every program and every (model, dispatch) pair the driver analyses the program (a pair the
// library does not implement yet returns errc::unsupported and is counted as such), executes it in
// the interpreter with the verdicts, and checks that no object of a `stack` site is reachable from
// a live root after its frame returns or its loop iteration ends. Output: programs checked,
// violations with the shrunk program, per-mode counts. Exit status: 0 clean, 1 findings, 2 usage.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "progress.hpp"
#include "support/oracle_driver.hpp"

namespace {

using namespace escapade_oracle;

const char* const usage =
    "usage: escapade-oracle [--ci] [--programs N] [--seed S] [--jobs J] [--runs R] [--faults LIST]\n"
    "                       [--no-shrink] [--out DIR] [--stop-at-first] [--quiet] [FILE.ir...]\n";

bool parse_u64(const char* s, std::uint64_t* out) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(s, &end, 0);
    if (end == s || *end != '\0') return false;
    *out = v;
    return true;
}

bool parse_faults(const char* s, std::uint32_t* out) {
    std::uint64_t n;
    if (parse_u64(s, &n)) {
        *out = static_cast<std::uint32_t>(n);
        return true;
    }
    struct named {
        const char* name;
        std::uint32_t bit;
    };
    namespace uf = escapade::unsound_fault;
    const named names[] = {{"ignore_global_stores", uf::ignore_global_stores}, {"ignore_returns", uf::ignore_returns},
                           {"no_loop_depth", uf::no_loop_depth},               {"dynamic_args_noescape", uf::dynamic_args_noescape},
                           {"drop_closure_captures", uf::drop_closure_captures}, {"ignore_pointer_stores", uf::ignore_pointer_stores},
                           {"ignore_callee_leaks", uf::ignore_callee_leaks},   {"ignore_pointee_stores", uf::ignore_pointee_stores},
                           {"memory_ignore_address", uf::memory_ignore_address}, {"memory_ignore_exposure", uf::memory_ignore_exposure},
                           {"memory_ignore_unknown", uf::memory_ignore_unknown}, {"memory_ignore_literals", uf::memory_ignore_literals},
                           {"flow_unknown_results", uf::flow_unknown_results}, {"flow_first_targets", uf::flow_first_targets},
                           {"flow_assert_nothing", uf::flow_assert_nothing},   {"flow_ignore_exposure", uf::flow_ignore_exposure},
                           {"flow_ignore_address", uf::flow_ignore_address},   {"flow_ignore_entries", uf::flow_ignore_entries},
                           {"flow_ignore_closure_writes", uf::flow_ignore_closure_writes}, {"capture_hides_address", uf::capture_hides_address},
                           {"all", uf::all}};
    std::uint32_t mask = 0;
    std::string list(s);
    std::size_t pos = 0;
    while (pos <= list.size()) {
        std::size_t c = list.find(',', pos);
        if (c == std::string::npos) c = list.size();
        std::string item = list.substr(pos, c - pos);
        bool ok = false;
        for (const named& n : names)
            if (item == n.name) {
                mask |= n.bit;
                ok = true;
            }
        if (!ok) return false;
        pos = c + 1;
    }
    *out = mask;
    return true;
}

bool read_file(const char* path, std::string& out) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    std::stringstream ss;
    ss << f.rdbuf();
    out = ss.str();
    return true;
}

void print_modes(const std::vector<mode_totals>& ms) {
    std::printf("%-22s %9s %9s %8s %10s %9s %8s %8s %8s %10s %9s\n", "mode", "analysed", "unsupp.", "errors", "runs", "complete",
                "panic", "fuel", "unsupp.", "stack/all", "violations");
    for (const mode_totals& m : ms) {
        std::printf("%-22s %9llu %9llu %8llu %10llu %9llu %8llu %8llu %8llu %5llu/%-5llu %9llu\n", m.name.c_str(),
                    static_cast<unsigned long long>(m.analysed), static_cast<unsigned long long>(m.unsupported),
                    static_cast<unsigned long long>(m.analysis_errors), static_cast<unsigned long long>(m.runs),
                    static_cast<unsigned long long>(m.completed), static_cast<unsigned long long>(m.panicked),
                    static_cast<unsigned long long>(m.out_of_fuel), static_cast<unsigned long long>(m.unsupported_runs),
                    static_cast<unsigned long long>(m.analysed ? m.stack_sites / m.analysed : 0),
                    static_cast<unsigned long long>(m.analysed ? m.sites / m.analysed : 0), static_cast<unsigned long long>(m.violations));
    }
}

int check_files(const std::vector<const char*>& files, const check_options& co, bool quiet) {
    escapade::malloc_resource mem;
    int status = 0;
    for (const char* path : files) {
        std::string text;
        if (!read_file(path, text)) {
            std::fprintf(stderr, "%s: error: cannot read file\n", path);
            status = 1;
            continue;
        }
        program_outcome po = check_text(text, path, all_modes(), co, mem);
        if (!po.read_ok) {
            std::printf("%s: read error: %s\n", path, po.read_error.c_str());
            status = 1;
            continue;
        }
        if (!po.unsupported.empty()) std::printf("%s: not executable by the interpreter: %s\n", path, po.unsupported.c_str());
        for (const mode_outcome& m : po.modes) {
            if (!m.supported) {
                if (!quiet) std::printf("%s: %s: unsupported by the analysis\n", path, m.md.name().c_str());
                continue;
            }
            if (m.analysis_error) {
                std::printf("%s: %s: ANALYSIS ERROR: %s\n", path, m.md.name().c_str(), m.error.c_str());
                status = 1;
            } else if (m.violated) {
                std::printf("%s: %s: VIOLATION: %s\n", path, m.md.name().c_str(), m.v.text().c_str());
                status = 1;
            } else if (!quiet) {
                std::printf("%s: %s: ok (%u runs: %u complete, %u panicked, %u out of fuel, %u unsupported; %llu checks)\n", path,
                            m.md.name().c_str(), m.runs, m.completed, m.panicked, m.out_of_fuel, m.unsupported_runs,
                            static_cast<unsigned long long>(m.checks));
            }
        }
    }
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    driver_options o;
    bool ci = false, quiet = false, have_programs = false, have_jobs = false;
    std::string out_dir;
    std::vector<const char*> files;
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        auto value = [&](std::uint64_t* v) {
            if (i + 1 >= argc || !parse_u64(argv[i + 1], v)) {
                std::fprintf(stderr, "escapade-oracle: %s needs a number\n%s", a, usage);
                std::exit(2);
            }
            ++i;
        };
        std::uint64_t v = 0;
        if (std::strcmp(a, "--help") == 0 || std::strcmp(a, "-h") == 0) {
            std::fputs(usage, stdout);
            return 0;
        } else if (std::strcmp(a, "--ci") == 0) {
            ci = true;
        } else if (std::strcmp(a, "--programs") == 0) {
            value(&v);
            o.programs = v;
            have_programs = true;
        } else if (std::strcmp(a, "--seed") == 0) {
            value(&v);
            o.first_seed = v;
        } else if (std::strcmp(a, "--jobs") == 0) {
            value(&v);
            o.jobs = static_cast<unsigned>(v);
            have_jobs = true;
        } else if (std::strcmp(a, "--runs") == 0) {
            value(&v);
            o.check.runs = static_cast<std::uint32_t>(v);
        } else if (std::strcmp(a, "--faults") == 0) {
            if (i + 1 >= argc || !parse_faults(argv[i + 1], &o.check.unsound_faults)) {
                std::fprintf(stderr, "escapade-oracle: bad --faults value\n%s", usage);
                return 2;
            }
            ++i;
        } else if (std::strcmp(a, "--no-shrink") == 0) {
            o.shrink = false;
        } else if (std::strcmp(a, "--stop-at-first") == 0) {
            o.stop_at_first = true;
        } else if (std::strcmp(a, "--quiet") == 0) {
            quiet = true;
        } else if (std::strcmp(a, "--out") == 0) {
            if (i + 1 >= argc) {
                std::fputs(usage, stderr);
                return 2;
            }
            out_dir = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            std::fprintf(stderr, "escapade-oracle: unknown option '%s'\n%s", a, usage);
            return 2;
        } else {
            files.push_back(a);
        }
    }
    if (!files.empty()) {
        check_options co = o.check;
        if (co.runs < 32) co.runs = 32;
        return check_files(files, co, quiet);
    }
    if (ci) {
        driver_options c = ci_options();
        c.check = o.check;
        c.shrink = o.shrink;
        c.stop_at_first = o.stop_at_first;
        if (have_programs) c.programs = o.programs;
        c.first_seed = o.first_seed;
        if (have_jobs) c.jobs = o.jobs;
        o = c;
    } else if (!have_programs) {
        std::fputs(usage, stderr);
        return 2;
    }
    std::printf("escapade-oracle: %llu programs from seed %llu, %u job(s), %u runs per program and mode, faults 0x%x\n",
                static_cast<unsigned long long>(o.programs), static_cast<unsigned long long>(o.first_seed), o.jobs, o.check.runs,
                o.check.unsound_faults);
    std::fflush(stdout);
    escapade_tools::progress prog("escapade-oracle: programs", o.programs, quiet);  // on a terminal only (stderr)
    o.on_program = [&prog]() { prog.step(); };
    driver_report rep = run_driver(o);
    prog.finish();
    std::printf("programs checked: %llu (%.1f s, %.0f programs/s)\n", static_cast<unsigned long long>(rep.programs), rep.seconds,
                rep.seconds > 0 ? double(rep.programs) / rep.seconds : 0.0);
    std::printf("generator read failures: %llu, programs the interpreter cannot execute: %llu\n",
                static_cast<unsigned long long>(rep.read_failures), static_cast<unsigned long long>(rep.unsupported_programs));
    for (const std::string& e : rep.read_errors) std::printf("  read failure: %s\n", e.c_str());
    if (!quiet) print_modes(rep.modes);
    std::printf("violating programs: %llu\n", static_cast<unsigned long long>(rep.violating_programs));
    if (rep.violating_programs)
        std::printf("first violating program: #%llu (seed %llu): caught after %llu programs\n",
                    static_cast<unsigned long long>(rep.first_violation_index),
                    static_cast<unsigned long long>(o.first_seed + rep.first_violation_index),
                    static_cast<unsigned long long>(rep.first_violation_index + 1));
    for (const finding& f : rep.findings) {
        std::printf("\n=== violation: seed %llu, mode %s\n%s\n", static_cast<unsigned long long>(f.seed), f.mode.c_str(), f.message.c_str());
        if (!f.shrunk.empty())
            std::printf("--- shrunk from %zu to %zu lines (%zu tests):\n%s", f.shrink.lines_before, f.shrink.lines_after, f.shrink.tests,
                        f.shrunk.c_str());
        if (!out_dir.empty()) {
            std::string path = out_dir + strf("/finding-%llu-", static_cast<unsigned long long>(f.seed)) + f.mode + ".ir";
            for (char& c : path)
                if (c == '/' && &c > &path[out_dir.size()]) c = '-';
            std::FILE* fp = std::fopen(path.c_str(), "wb");
            if (fp) {
                std::string s = finding_file(f);
                std::fwrite(s.data(), 1, s.size(), fp);
                std::fclose(fp);
                std::printf("written to %s\n", path.c_str());
            }
        }
    }
    bool analysis_errors = false;
    for (const mode_totals& m : rep.modes) analysis_errors = analysis_errors || m.analysis_errors;
    return rep.violating_programs || rep.read_failures || analysis_errors ? 1 : 0;
}
