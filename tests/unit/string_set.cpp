// detail::string_set (the builder's table of pooled strings) and what it buys: a name declared in
// many functions, or a display text written many times, is stored once in the module.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <escapade/detail/string_set.hpp>
#include <escapade/escapade.hpp>

TEST_CASE("string_set finds what was added, across growth", "[core]") {
    escapade::detail::string_set set(escapade::default_resource());
    std::vector<std::string> keep;
    keep.reserve(3000);
    for (int i = 0; i < 3000; ++i) keep.push_back("n" + std::to_string(i * 7));
    CHECK(set.find("n0") == nullptr);
    for (const std::string& s : keep) {
        REQUIRE(set.find(s) == nullptr);
        REQUIRE(set.add(s));
    }
    CHECK(set.size() == 3000);
    for (const std::string& s : keep) {
        const std::string_view* v = set.find(std::string(s));  // an equal string, another copy
        REQUIRE(v != nullptr);
        CHECK(v->data() == s.data());  // the recorded view, not the argument
    }
    CHECK(set.find("n1") == nullptr);   // 1 is no multiple of 7
    CHECK(set.find("n7x") == nullptr);
    CHECK(set.find("") == nullptr);
    REQUIRE(set.add(std::string_view()));
    CHECK(set.find("") != nullptr);
}

TEST_CASE("the reader stores equal names once", "[reader]") {
    const std::string text =
        "module m\n"
        "func f() {\n"
        "    counter := 1\n"
        "    _ = counter\n"
        "}\n"
        "func g() {\n"
        "    counter := 2\n"
        "    _ = counter\n"
        "}\n";
    escapade::ir::module m;
    escapade::ir::read_options ro;
    REQUIRE(escapade::ir::read_text(text, m, ro).ok());
    std::vector<const char*> seen;
    for (std::size_t v = 0; v < m.variable_count(); ++v)
        if (m.variable_at(static_cast<escapade::ir::var_id>(v)).name == "counter") seen.push_back(m.variable_at(static_cast<escapade::ir::var_id>(v)).name.data());
    REQUIRE(seen.size() == 2);
    CHECK(seen[0] == seen[1]);
}
