// Proof that the soundness oracle can fail (docs/soundness.md): each deliberately unsound variant of
// the analysis (escapade::analysis_options::unsound_faults, testing only) must be caught by the
// CI-mode driver (tests/support/oracle_driver.hpp: ci_options(), the same fixed seed range as
// `escapade-oracle --ci`) within its budget of 20,000 programs. The number of programs each took is
// printed (the figures in docs/soundness.md come from `escapade-oracle --ci --faults NAME
// --stop-at-first`). Also: with no fault, the first programs of the CI range are clean.
#include <catch2/catch.hpp>

#include "support/oracle_driver.hpp"

using namespace escapade_oracle;

namespace {

std::uint64_t programs_to_catch(std::uint32_t fault) {
    driver_options o = ci_options();
    o.check.unsound_faults = fault;
    o.stop_at_first = true;
    o.shrink = false;
    o.max_findings = 1;
    driver_report rep = run_driver(o);
    if (rep.violating_programs == 0) return 0;
    return rep.first_violation_index + 1;
}

}  // namespace

TEST_CASE("oracle self-test: every planted unsound variant is caught in CI mode", "[oracle][faults]") {
    namespace uf = escapade::unsound_fault;
    struct planted {
        const char* name;
        std::uint32_t bit;
    };
    const planted faults[] = {{"ignore_global_stores", uf::ignore_global_stores}, {"ignore_returns", uf::ignore_returns},
                              {"no_loop_depth", uf::no_loop_depth},               {"dynamic_args_noescape", uf::dynamic_args_noescape},
                              {"drop_closure_captures", uf::drop_closure_captures}, {"ignore_pointer_stores", uf::ignore_pointer_stores},
                              {"ignore_callee_leaks", uf::ignore_callee_leaks}, {"ignore_pointee_stores", uf::ignore_pointee_stores}};
    for (const planted& f : faults) {
        std::uint64_t n = programs_to_catch(f.bit);
        INFO(f.name);
        WARN(std::string("planted fault ") + f.name + ": caught after " + std::to_string(n) + " programs");
        CHECK(n >= 1);
        CHECK(n <= ci_options().programs);
    }
}

TEST_CASE("oracle self-test: the analysis is clean on the first CI programs", "[oracle][faults]") {
    driver_options o = ci_options();
    o.programs = 300;
    driver_report rep = run_driver(o);
    CHECK(rep.programs == 300);
    CHECK(rep.read_failures == 0);
    CHECK(rep.unsupported_programs == 0);
    for (const finding& f : rep.findings) WARN(f.mode + ": " + f.message + "\n" + f.shrunk);
    CHECK(rep.violating_programs == 0);
    for (const mode_totals& m : rep.modes) {
        INFO(m.name);
        CHECK(m.analysis_errors == 0);
        if (m.analysed) CHECK(m.completed > m.runs * 9 / 10);
    }
}
