#include <catch2/catch.hpp>

#include <escapade/escapade.hpp>

TEST_CASE("status carries a message", "[status]") {
    escapade::status s = escapade::status::error(escapade::errc::syntax_error, "a.ir", 3, 7, "unexpected '%s'", "}");
    REQUIRE_FALSE(s.ok());
    char buf[300];
    REQUIRE(std::string(s.format(buf, sizeof buf)) == "a.ir:3:7: error: unexpected '}'");
}
