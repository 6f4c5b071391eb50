// Permanent regression tests of the soundness oracle (docs/soundness.md):
//  - tests/regressions/*.ir: programs on which the oracle found an unsound `stack` verdict (each
//    file says which); every (model, dispatch) pair must now pass 32 seeded runs of the checker;
//  - tests/fuzz/regressions/*.ir: inputs on which a fuzzer found a crash; the reader and the
//    whole pipeline must now return a status (error or success) for each;
//  - examples/seed/*.ir through the oracle as well.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/oracle_check.hpp"

using namespace escapade_oracle;

namespace {

#ifdef ESCAPADE_TEST_IR_DIR
const std::string tests_dir = std::string(ESCAPADE_TEST_IR_DIR) + "/..";
#else
const std::string tests_dir = "tests";
#endif
#ifdef ESCAPADE_EXAMPLES_DIR
const std::string examples_dir = ESCAPADE_EXAMPLES_DIR;
#else
const std::string examples_dir = "examples";
#endif

std::vector<std::string> ir_files(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".ir") out.push_back(it->path().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("oracle regressions: no unsound stack verdict in any mode", "[oracle][regression]") {
    std::vector<std::string> files = ir_files(tests_dir + "/regressions");
    REQUIRE(files.size() >= 2);
    escapade::malloc_resource mem;
    check_options co;
    co.runs = 32;
    for (const std::string& f : files) {
        INFO(f);
        program_outcome po = check_text(slurp(f), f, all_modes(), co, mem);
        REQUIRE(po.read_ok);
        CHECK(po.unsupported.empty());
        std::size_t supported = 0;
        for (const mode_outcome& m : po.modes) {
            INFO(m.md.name());
            if (!m.supported) continue;
            ++supported;
            CHECK_FALSE(m.analysis_error);
            CHECK_FALSE(m.violated);
            if (m.violated) WARN(m.v.text());
            CHECK(m.completed + m.panicked + m.out_of_fuel == m.runs);
        }
        CHECK(supported >= 1);
    }
}

TEST_CASE("oracle regressions: the seed programs pass the oracle", "[oracle][regression]") {
    std::vector<std::string> files = ir_files(examples_dir + "/seed");
    REQUIRE(files.size() >= 4);
    escapade::malloc_resource mem;
    check_options co;
    co.runs = 16;
    for (const std::string& f : files) {
        INFO(f);
        program_outcome po = check_text(slurp(f), f, all_modes(), co, mem);
        REQUIRE(po.read_ok);
        for (const mode_outcome& m : po.modes) {
            INFO(m.md.name());
            CHECK_FALSE(m.analysis_error);
            CHECK_FALSE(m.violated);
        }
    }
}

TEST_CASE("fuzz regressions: crashing inputs now give a status", "[oracle][fuzz][regression]") {
    std::vector<std::string> files = ir_files(tests_dir + "/fuzz/regressions");
    REQUIRE(files.size() >= 1);
    for (const std::string& f : files) {
        INFO(f);
        std::string text = slurp(f);
        escapade::malloc_resource mem;
        ir::module m(mem);
        ir::read_options ro;
        ro.file_name = "fuzz.ir";
        escapade::status st = ir::read_text(text, m, ro);
        if (!st.ok()) {
            CHECK(st.message()[0] != '\0');
            continue;
        }
        for (const mode& md : all_modes()) {
            escapade::analysis_options opt;
            opt.model = md.model;
            opt.dispatch = md.dispatch;
            opt.explain = true;
            escapade::analysis_result<ir::module> r(mem);
            escapade::status as = escapade::analyze(m, r, opt, mem);
            if (!as.ok()) {
                CHECK(as.message()[0] != '\0');
                continue;
            }
            std::size_t lines = 0;
            escapade::write_report(m, r, escapade::report_format::gc, true, [&](std::string_view) {
                ++lines;
                return true;
            });
        }
    }
}
