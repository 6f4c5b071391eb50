// The dispatch corpus table (docs/dispatch.md): every program of tests/ir/dispatch/ and
// examples/seed/ analysed under dispatch=conservative, closed and context in the closed world
// (each program is a whole program), and closed and context in the open world (the same program
// taken as a library); prints the number of heap sites per program and in total, and checks that
// the more precise policies never have more heap sites than the less precise ones (closed and
// context <= conservative, context <= closed, each world's policy <= the same policy in the open
// world <= conservative) per program. The table goes to stdout: `escapade_tests "[dispatch-table]"`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "support/corpus.hpp"

namespace {

std::vector<std::string> ir_files(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".ir") out.push_back(it->path().string());
    std::sort(out.begin(), out.end());
    return out;
}

/// Heap sites of one program under one policy; -1 if it cannot be read or analysed.
long heap_sites(const std::string& path, escapade::dispatch d, escapade::world w = escapade::world::closed) {
    std::string text;
    if (!corpus::read_file(path, text)) return -1;
    escapade::ir::module m;
    escapade::ir::read_options ro;
    ro.file_name = path;
    if (!escapade::ir::read_text(text, m, ro).ok()) return -1;
    escapade::analysis_options opt;
    opt.dispatch = d;
    opt.world = w;
    // a program whose header asks for parameter sets from the callers (`; ARGS: --caller-sets`)
    opt.caller_sets = text.find("; ARGS: --caller-sets") != std::string::npos;
    escapade::analysis_result<escapade::ir::module> res;
    if (!escapade::analyze(m, res, opt).ok()) return -1;
    long n = 0;
    for (const auto& s : res.sites())
        if (s.verdict == escapade::verdict::heap) ++n;
    return n;
}

}  // namespace

TEST_CASE("dispatch corpus: heap sites per policy never grow with precision", "[dispatch-table]") {
    std::vector<std::string> files = ir_files(std::string(ESCAPADE_TEST_IR_DIR) + "/dispatch");
    std::vector<std::string> seeds = ir_files(std::string(ESCAPADE_EXAMPLES_DIR) + "/seed");
    REQUIRE(files.size() >= 45);
    REQUIRE(!seeds.empty());
    files.insert(files.end(), seeds.begin(), seeds.end());

    long total[5] = {0, 0, 0, 0, 0};
    std::printf("%-44s %12s %8s %8s %12s %13s\n", "program", "conservative", "closed", "context", "closed@open", "context@open");
    for (const std::string& f : files) {
        long n[5] = {heap_sites(f, escapade::dispatch::conservative), heap_sites(f, escapade::dispatch::closed),
                     heap_sites(f, escapade::dispatch::context), heap_sites(f, escapade::dispatch::closed, escapade::world::open),
                     heap_sites(f, escapade::dispatch::context, escapade::world::open)};
        std::string name = std::filesystem::path(f).filename().string();
        if (f.find("/seed/") != std::string::npos) name = "seed/" + name;
        std::printf("%-44s %12ld %8ld %8ld %12ld %13ld\n", name.c_str(), n[0], n[1], n[2], n[3], n[4]);
        INFO(f);
        for (int i = 0; i < 5; ++i) REQUIRE(n[i] >= 0);
        CHECK(n[1] <= n[0]);
        CHECK(n[2] <= n[0]);
        CHECK(n[2] <= n[1]);
        CHECK(n[1] <= n[3]);
        CHECK(n[3] <= n[0]);
        CHECK(n[2] <= n[4]);
        CHECK(n[4] <= n[0]);
        for (int i = 0; i < 5; ++i) total[i] += n[i];
    }
    std::printf("%-44s %12ld %8ld %8ld %12ld %13ld\n", "total", total[0], total[1], total[2], total[3], total[4]);
    std::printf("%-44s %12zu\n", "programs", files.size());
    CHECK(total[1] <= total[0]);
    CHECK(total[2] <= total[1]);
}
