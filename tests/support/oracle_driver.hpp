// tests/support/oracle_driver.hpp - the differential driver of the soundness oracle
// (docs/soundness.md): generate programs from a seed range, analyse each in every (model,
// dispatch) pair, execute, check, shrink what fails. Used by tools/escapade-oracle.cpp and by the
// unit tests (tests/unit/oracle_*.cpp).
//
// Program i of a run uses seed first_seed + i for the generator and for the interpreter's runs, so
// every finding is reproducible from its seed alone (`escapade-oracle --seed S --programs 1`).
// Work is split over `jobs` threads, each with its own memory resource.
//
// Test-only code: not part of the library.
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_DRIVER_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_DRIVER_HPP

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

#include "oracle_check.hpp"
#include "oracle_gen.hpp"
#include "oracle_shrink.hpp"

namespace escapade_oracle {

struct driver_options {
    std::uint64_t first_seed = 0;
    std::uint64_t programs = 1000;
    unsigned jobs = 1;
    check_options check{};
    gen_options gen{};
    std::vector<mode> modes = all_modes();
    bool shrink = true;
    bool stop_at_first = false;  ///< stop once a violating program is known (seed order)
    std::size_t max_findings = 20;  ///< findings kept (and shrunk) in the report
    /// Called after each program is checked, from the worker threads (so it must be thread-safe):
    /// the driver's progress (escapade-oracle draws it with tools/progress.hpp).
    std::function<void()> on_program;
};

struct mode_totals {
    std::string name;
    std::uint64_t analysed = 0, unsupported = 0, analysis_errors = 0, runs = 0, completed = 0, panicked = 0, out_of_fuel = 0,
                  unsupported_runs = 0, violations = 0, steps = 0, checks = 0, sites = 0, stack_sites = 0, forgiven = 0;
    void add(const mode_outcome& m) {
        if (!m.supported) {
            ++unsupported;
            return;
        }
        ++analysed;
        analysis_errors += m.analysis_error;
        runs += m.runs;
        completed += m.completed;
        panicked += m.panicked;
        out_of_fuel += m.out_of_fuel;
        unsupported_runs += m.unsupported_runs;
        violations += m.violated;
        steps += m.steps;
        checks += m.checks;
        sites += m.sites;
        stack_sites += m.stack_sites;
        forgiven += m.forgiven;
    }
    void merge(const mode_totals& o) {
        analysed += o.analysed;
        unsupported += o.unsupported;
        analysis_errors += o.analysis_errors;
        runs += o.runs;
        completed += o.completed;
        panicked += o.panicked;
        out_of_fuel += o.out_of_fuel;
        unsupported_runs += o.unsupported_runs;
        violations += o.violations;
        steps += o.steps;
        checks += o.checks;
        sites += o.sites;
        stack_sites += o.stack_sites;
        forgiven += o.forgiven;
    }
};

struct finding {
    std::uint64_t index = 0;  ///< position in the seed range
    std::uint64_t seed = 0;
    std::string mode;
    std::string message;
    std::string program;
    std::string shrunk;
    shrink_stats shrink;
};

struct driver_report {
    std::uint64_t programs = 0, read_failures = 0, unsupported_programs = 0, violating_programs = 0;
    std::uint64_t first_violation_index = ~std::uint64_t(0);
    std::vector<mode_totals> modes;
    std::vector<finding> findings;
    std::vector<std::string> read_errors;  ///< first few (a generator bug)
    double seconds = 0;
};

/// The lines of a finding as a text-IR file: a comment header, then the (shrunk) program.
inline std::string finding_file(const finding& f) {
    std::string s = strf("; escapade-oracle finding: program seed %llu, mode %s\n", static_cast<unsigned long long>(f.seed), f.mode.c_str());
    std::string msg = f.message;
    for (std::size_t at = 0; at < msg.size(); at += 96) s += "; " + msg.substr(at, 96) + "\n";
    s += f.shrunk.empty() ? f.program : f.shrunk;
    return s;
}

/// Does `text` still violate (or fail to analyse) in mode `md`?
inline bool violates_in(const std::string& text, const mode& md, const check_options& co, escapade::memory_resource& mem) {
    check_options c = co;
    c.runs = co.runs * 4;  // shrinking shifts the RNG: more runs keep the failure reproducible
    program_outcome po = check_text(text, "shrink.ir", {md}, c, mem);
    if (!po.read_ok) return false;
    for (const mode_outcome& m : po.modes)
        if (m.violated || m.analysis_error) return true;
    return false;
}

inline driver_report run_driver(const driver_options& o) {
    driver_report rep;
    for (const mode& m : o.modes) rep.modes.push_back(mode_totals{m.name()});
    std::atomic<std::uint64_t> next{0};
    std::atomic<std::uint64_t> stop_at{~std::uint64_t(0)};
    std::mutex mu;
    auto t0 = std::chrono::steady_clock::now();
    auto worker = [&]() {
        escapade::malloc_resource mem;
        driver_report local;
        for (const mode& m : o.modes) local.modes.push_back(mode_totals{m.name()});
        std::vector<finding> found;
        for (;;) {
            std::uint64_t i = next.fetch_add(1);
            if (i >= o.programs || (o.stop_at_first && i > stop_at.load())) break;
            std::uint64_t seed = o.first_seed + i;
            std::string text = generate(mix_seed(seed, 0x6e6572), o.gen);
            check_options co = o.check;
            co.seed = seed;
            program_outcome po = check_text(text, "gen.ir", o.modes, co, mem);
            ++local.programs;
            if (o.on_program) o.on_program();
            if (!po.read_ok) {
                ++local.read_failures;
                if (local.read_errors.size() < 5) local.read_errors.push_back(strf("seed %llu: ", static_cast<unsigned long long>(seed)) + po.read_error);
                continue;
            }
            if (!po.unsupported.empty()) ++local.unsupported_programs;
            bool bad = false;
            for (std::size_t k = 0; k < po.modes.size(); ++k) {
                const mode_outcome& mo = po.modes[k];
                local.modes[k].add(mo);
                if (!(mo.violated || mo.analysis_error)) continue;
                bad = true;
                finding f;
                f.index = i;
                f.seed = seed;
                f.mode = mo.md.name();
                f.message = mo.analysis_error ? "analysis error on a well-formed program: " + mo.error
                                              : mo.v.text() + strf(" (run %u)", mo.violating_run);
                f.program = text;
                found.push_back(std::move(f));
            }
            if (bad) {
                ++local.violating_programs;
                if (i < local.first_violation_index) local.first_violation_index = i;
                std::uint64_t cur = stop_at.load();
                while (i < cur && !stop_at.compare_exchange_weak(cur, i)) {
                }
            }
        }
        // Shrink (outside the lock), at most max_findings per worker.
        if (found.size() > o.max_findings) found.resize(o.max_findings);
        if (o.shrink)
            for (finding& f : found) {
                mode md;
                for (const mode& m : o.modes)
                    if (m.name() == f.mode) md = m;
                check_options co = o.check;
                co.seed = f.seed;
                f.shrunk = shrink(f.program, [&](const std::string& t) { return violates_in(t, md, co, mem); }, &f.shrink);
            }
        std::lock_guard<std::mutex> lock(mu);
        rep.programs += local.programs;
        rep.read_failures += local.read_failures;
        rep.unsupported_programs += local.unsupported_programs;
        rep.violating_programs += local.violating_programs;
        if (local.first_violation_index < rep.first_violation_index) rep.first_violation_index = local.first_violation_index;
        for (std::size_t k = 0; k < rep.modes.size(); ++k) rep.modes[k].merge(local.modes[k]);
        for (std::string& e : local.read_errors)
            if (rep.read_errors.size() < 5) rep.read_errors.push_back(std::move(e));
        for (finding& f : found) rep.findings.push_back(std::move(f));
    };
    unsigned jobs = o.jobs == 0 ? 1 : o.jobs;
    if (jobs == 1) {
        worker();
    } else {
        std::vector<std::thread> ts;
        for (unsigned j = 0; j < jobs; ++j) ts.emplace_back(worker);
        for (std::thread& t : ts) t.join();
    }
    std::sort(rep.findings.begin(), rep.findings.end(), [](const finding& a, const finding& b) {
        return a.index != b.index ? a.index < b.index : a.mode < b.mode;
    });
    if (rep.findings.size() > o.max_findings) rep.findings.resize(o.max_findings);
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return rep;
}

/// The CI configuration: a fixed seed range (tools/escapade-oracle --ci; tests/unit/oracle_faults.cpp).
inline driver_options ci_options() {
    driver_options o;
    o.first_seed = 0;
    o.programs = 20000;
    o.jobs = 2;
    return o;
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_DRIVER_HPP
