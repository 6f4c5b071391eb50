// The CFG test corpus (tests/cfg/*.cfg, tests/cfg/bad/*.cfg) read through cfg_traits: every program
// reads, every allocation site carries an expectation, the host-contract checks of
// detail/cfg/function_shape.hpp accept the good programs in 25 block/function/successor/phi orders and
// reject each bad one with errc::invalid_host_ir at the position and with the words its `; ERROR:`
// line gives.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <escapade/detail/cfg/function_shape.hpp>

#include "support/cfg_ir_reader.hpp"

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::filesystem::path> corpus(const std::string& dir) {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".cfg") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

/// The first error of any function's shape, or success.
escapade::status shape_all(const cfgir::module& m) {
    using shape_t = escapade::detail::cfg_function_shape<cfgir::module, escapade::cfg_traits<cfgir::module>>;
    shape_t s;
    for (cfgir::func_id f : m.order) {
        if (!m.functions[f].body) continue;
        escapade::status st = s.build(m, f, 1u << 20);
        if (!st.ok()) return st;
    }
    return escapade::status::success();
}

}  // namespace

TEST_CASE("cfg corpus: every program reads, has expectations, and passes the contract checks in any order", "[cfg][corpus]") {
    std::size_t programs = 0, sites = 0;
    for (const auto& path : corpus(ESCAPADE_TEST_CFG_DIR)) {
        INFO(path.string());
        std::string text = slurp(path), err;
        cfgir::module m;
        REQUIRE(cfgir::read_text(text, m, err));
        ++programs;
        for (const cfgir::instruction& i : m.insts) {
            if (i.kind != escapade::inst_kind::alloc) continue;
            ++sites;
            CHECK_FALSE(i.expect.empty());
        }
        for (std::uint32_t seed = 0; seed < 25; ++seed) {
            cfgir::module pm = m;
            if (seed != 0) cfgir::permute(pm, seed);
            escapade::status st = shape_all(pm);
            INFO("seed " << seed << ": " << st.message());
            CHECK(st.ok());
        }
    }
    CHECK(programs >= 10);
    CHECK(sites >= 60);
}

TEST_CASE("cfg corpus: programs that break the host contract are rejected where they break it", "[cfg][corpus]") {
    std::size_t programs = 0;
    for (const auto& path : corpus(std::string(ESCAPADE_TEST_CFG_DIR) + "/bad")) {
        INFO(path.string());
        std::string text = slurp(path), err;
        cfgir::module m;
        REQUIRE(cfgir::read_text(text, m, err));
        std::size_t k = text.find("; ERROR: ");
        REQUIRE(k != std::string::npos);
        std::string want = text.substr(k + 9, text.find('\n', k) - k - 9);
        unsigned line = 0, col = 0;
        int used = 0;
        REQUIRE(std::sscanf(want.c_str(), "%u:%u %n", &line, &col, &used) == 2);
        std::string words = want.substr(static_cast<std::size_t>(used));
        ++programs;
        for (std::uint32_t seed = 0; seed < 10; ++seed) {
            cfgir::module pm = m;
            if (seed != 0) cfgir::permute(pm, seed);
            escapade::status st = shape_all(pm);
            INFO("seed " << seed << ": " << st.message());
            REQUIRE_FALSE(st.ok());
            CHECK(st.code() == escapade::errc::invalid_host_ir);
            CHECK(st.line() == line);
            CHECK(st.column() == col);
            CHECK(std::string(st.message()).find(words) != std::string::npos);
        }
    }
    CHECK(programs >= 5);
}
