// The CFG corpus through the engine: every site's verdict equals its expectation, in every block /
// function / successor / phi order, in the open and the closed world; generated CFG programs run
// by the oracle's interpreter with the engine's stack verdicts show no violation, and every planted
// fault is caught. The default run checks 300 generated programs (x 2 worlds); set
// ESCAPADE_CFG_PROGRAMS=2000 for the campaign docs/cfg.md reports.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

#include <escapade/cfg_analysis.hpp>

#include "support/cfg_ir_reader.hpp"

namespace {
std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
std::string verdict_text(const escapade::cfg_result<cfgir::module>::site& s) {
    std::string t = escapade::to_string(s.verdict);
    if (s.verdict == escapade::verdict::heap) {
        std::string r = escapade::to_string(s.reason);
        if (!r.empty()) t += " (" + r + ")";
    }
    return t;
}
}  // namespace

TEST_CASE("cfg verdicts: the corpus in every order and world", "[cfg][verdicts]") {
    std::size_t checked = 0;
    for (const auto& e : std::filesystem::directory_iterator(ESCAPADE_TEST_CFG_DIR)) {
        if (e.path().extension() != ".cfg") continue;
        cfgir::module m0;
        std::string err;
        REQUIRE(cfgir::read_text(slurp(e.path()), m0, err));
        for (const char* mode : {"open", "closed"}) {
            for (std::uint32_t seed = 0; seed < 12; ++seed) {
                cfgir::module m = m0;
                if (seed) cfgir::permute(m, seed);
                escapade::analysis_options opt;
                opt.model = escapade::model::precise;
                opt.world = std::string(mode) == "closed" ? escapade::world::closed : escapade::world::open;
                escapade::cfg_result<cfgir::module> r;
                escapade::status st = escapade::analyze_cfg(m, r, opt);
                INFO(e.path().filename().string() << " " << mode << " seed " << seed << ": " << st.message());
                REQUIRE(st.ok());
                for (cfgir::value_id v = 0; v < m.values.size(); ++v) {
                    if (m.values[v].kind != escapade::value_kind::instruction || m.inst(v).kind != escapade::inst_kind::alloc) continue;
                    std::string want;
                    for (const cfgir::expectation& x : m.inst(v).expect)
                        if (x.modes.empty() || std::find(x.modes.begin(), x.modes.end(), mode) != x.modes.end()) want = x.text;
                    const auto* s = escapade::cfg_site(r, v);
                    INFO("%" << m.values[v].name << " line " << m.values[v].pos.line);
                    REQUIRE(s != nullptr);
                    std::string got = verdict_text(*s);
                    bool match = want == got || (want == "heap" && s->verdict == escapade::verdict::heap);
                    if (!match) FAIL_CHECK("expected " << want << ", got " << got);
                    ++checked;
                }
            }
        }
    }
    CHECK(checked > 1000);
}

#include "support/cfg_oracle_gen.hpp"
#include "support/cfg_oracle_vm.hpp"

TEST_CASE("cfg verdicts: the oracle finds no violation in generated programs", "[cfg][oracle][verdicts]") {
    std::size_t programs = 0, stack_sites = 0, sites = 0, runs = 0;
    std::uint32_t count = 300;
    if (const char* env = std::getenv("ESCAPADE_CFG_PROGRAMS")) count = static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10));
    for (std::uint32_t seed = 1; seed <= count; ++seed) {
        cfgir::module m = cfgoracle::generate(seed);
        for (int closed = 0; closed < 2; ++closed) {
            escapade::analysis_options opt;
            opt.model = escapade::model::precise;
            opt.world = closed ? escapade::world::closed : escapade::world::open;
            escapade::cfg_result<cfgir::module> r;
            escapade::status st = escapade::analyze_cfg(m, r, opt);
            INFO("seed " << seed << " closed " << closed << ": " << st.message());
            REQUIRE(st.ok());
            std::set<cfgir::value_id> stack;
            for (const auto& s : r.sites()) {
                ++sites;
                if (s.verdict == escapade::verdict::stack) stack.insert(s.expression.v);
            }
            stack_sites += stack.size();
            ++programs;
            for (cfgir::func_id f = 0; f < m.functions.size(); ++f) {
                if (!m.functions[f].body) continue;
                for (std::uint32_t run = 0; run < 8; ++run) {
                    cfgoracle::vm machine(m, stack);
                    ++runs;
                    bool clean = machine.run(f, run, 400);
                    if (!clean) {
                        std::string what;
                        for (const auto& v : machine.violations()) what += "%" + m.values[v.site].name + " ";
                        FAIL_CHECK("violation: " << what << " (entry " << m.functions[f].name << ", run " << run << ")");
                    }
                }
            }
        }
    }
    WARN(programs << " analyses, " << sites << " sites, " << stack_sites << " stack verdicts, " << runs << " runs");
}

TEST_CASE("cfg verdicts: each planted fault is caught by the oracle on generated programs", "[cfg][oracle][faults]") {
    namespace uf = escapade::unsound_fault;
    const std::pair<std::uint32_t, const char*> faults[] = {
        {uf::no_loop_depth, "no_loop_depth"},           {uf::ignore_returns, "ignore_returns"},
        {uf::ignore_global_stores, "ignore_global_stores"}, {uf::ignore_callee_leaks, "ignore_callee_leaks"},
        {uf::dynamic_args_noescape, "dynamic_args_noescape"}};
    for (auto [fault, name] : faults) {
        std::uint32_t found = 0;
        for (std::uint32_t seed = 1; seed <= 3000 && !found; ++seed) {
            cfgir::module m = cfgoracle::generate(seed);
            escapade::analysis_options opt;
            opt.model = escapade::model::precise;
            opt.unsound_faults = fault;
            escapade::cfg_result<cfgir::module> r;
            if (!escapade::analyze_cfg(m, r, opt).ok()) continue;
            std::set<cfgir::value_id> stack;
            for (const auto& s : r.sites())
                if (s.verdict == escapade::verdict::stack) stack.insert(s.expression.v);
            for (cfgir::func_id f = 0; f < m.functions.size() && !found; ++f) {
                if (!m.functions[f].body) continue;
                for (std::uint32_t run = 0; run < 8 && !found; ++run) {
                    cfgoracle::vm machine(m, stack);
                    if (!machine.run(f, run, 400)) found = seed;
                }
            }
        }
        WARN(name << ": first caught in generated program " << found);
        CHECK(found != 0);
    }
}
