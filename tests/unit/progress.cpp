// tools/progress.hpp: silent unless stderr is a terminal (or ESCAPADE_PROGRESS=1), silent when
// quiet, the line's format, the final newline, and steps from several threads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "../../tools/progress.hpp"

namespace {

// What a progress object wrote to a temporary file (not a terminal).
template <class F>
std::string drawn(F&& use) {
    std::FILE* f = std::tmpfile();
    REQUIRE(f != nullptr);
    use(f);
    std::fflush(f);
    std::rewind(f);
    std::string s;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
    std::fclose(f);
    return s;
}

struct env_guard {
    std::string old;
    bool had;
    explicit env_guard(const char* value) {
        const char* o = std::getenv("ESCAPADE_PROGRESS");
        had = o != nullptr;
        if (had) old = o;
        if (value) setenv("ESCAPADE_PROGRESS", value, 1);
        else unsetenv("ESCAPADE_PROGRESS");
    }
    ~env_guard() {
        if (had) setenv("ESCAPADE_PROGRESS", old.c_str(), 1);
        else unsetenv("ESCAPADE_PROGRESS");
    }
};

}  // namespace

TEST_CASE("progress is silent when its stream is not a terminal, or when quiet", "[progress]") {
    env_guard env(nullptr);
    CHECK(drawn([](std::FILE* f) {
              escapade_tools::progress p("work", 3, false, f);
              CHECK_FALSE(p.enabled());
              p.step();
              p.step(2);
          }).empty());
    env_guard forced("1");
    CHECK(drawn([](std::FILE* f) {
              escapade_tools::progress p("work", 3, true, f);
              p.step(3);
          }).empty());
    env_guard off("0");
    CHECK(drawn([](std::FILE* f) {
              escapade_tools::progress p("work", 3, false, f);
              p.step(3);
          }).empty());
}

TEST_CASE("progress draws done/total, percent and time, and ends with a newline", "[progress]") {
    env_guard env("1");
    std::string s = drawn([](std::FILE* f) {
        escapade_tools::progress p("packages", 5, false, f);
        REQUIRE(p.enabled());
        for (int i = 0; i < 5; ++i) p.step();
        p.finish();
        p.finish();  // once
    });
    CHECK(s.rfind("\rpackages: 1/5 (20%), ", 0) == 0);  // the first step is drawn at once
    CHECK(s.find("\rpackages: 5/5 (100%), ") != std::string::npos);
    CHECK(s.back() == '\n');
    CHECK(std::count(s.begin(), s.end(), '\n') == 1);
    std::string unknown = drawn([](std::FILE* f) {
        escapade_tools::progress p("programs", 0, false, f);
        p.step(7);
    });
    CHECK(unknown.find("programs: 7 done, ") != std::string::npos);
}

TEST_CASE("progress counts steps from several threads", "[progress]") {
    env_guard env("1");
    std::uint64_t done = 0;
    std::string s = drawn([&](std::FILE* f) {
        escapade_tools::progress p("steps", 4000, false, f);
        std::vector<std::thread> ts;
        for (int t = 0; t < 4; ++t)
            ts.emplace_back([&p] {
                for (int i = 0; i < 1000; ++i) p.step();
            });
        for (std::thread& t : ts) t.join();
        done = p.done();
    });
    CHECK(done == 4000);
    CHECK(s.find("steps: 4000/4000 (100%)") != std::string::npos);
}
