// The text-IR lexer classifies every name once (ir/detail/keywords.hpp) and the reader tests the
// class instead of the name's bytes. A wrong table would make a keyword an ordinary name (or the
// reverse): every word must classify as itself, and names that differ from a word by a byte, a
// case, a prefix or a suffix must classify as no word and read as ordinary names.
#include <catch2/catch.hpp>

#include <string>

#include <escapade/escapade.hpp>
#include <escapade/ir/detail/keywords.hpp>

namespace {

using escapade::ir::detail::classify_word;
using escapade::ir::detail::word;
using escapade::ir::detail::word_list;

std::string read_result(const std::string& text) {
    escapade::ir::module m;
    escapade::ir::read_options ro;
    ro.file_name = "words.ir";
    escapade::status st = escapade::ir::read_text(text, m, ro);
    if (st.ok()) return "ok";
    char buf[600];
    return st.format(buf, sizeof buf);
}

}  // namespace

TEST_CASE("every reserved or predeclared word classifies as itself", "[reader]") {
    std::size_t n = 0;
    for (const auto& e : word_list) {
        INFO(std::string(e.text));
        CHECK(classify_word(e.text) == e.w);
        ++n;
    }
    CHECK(n == static_cast<std::size_t>(word::count_) - 1);  // each word once, none left out
}

TEST_CASE("names near a word are no word", "[reader]") {
    // The reference: a linear search of the list (a near name may itself be a word: int is a
    // prefix of int8).
    auto reference = [](const std::string& s) {
        for (const auto& e : word_list)
            if (e.text == s) return e.w;
        return word::none;
    };
    for (const auto& e : word_list) {
        const std::string s(e.text);
        INFO(s);
        CHECK(classify_word(s + "x") == reference(s + "x"));      // longer
        CHECK(classify_word("x" + s) == reference("x" + s));
        CHECK(classify_word(s + "8") == reference(s + "8"));      // int -> int8 is a word
        if (s.size() > 1) CHECK(classify_word(s.substr(0, s.size() - 1)) == reference(s.substr(0, s.size() - 1)));  // a prefix
        std::string upper = s;
        upper[0] = static_cast<char>(upper[0] == '_' ? 'A' : upper[0] - 'a' + 'A');
        CHECK(classify_word(upper) == word::none);                // case: every word is lower case
        std::string changed = s;
        changed[s.size() / 2] = changed[s.size() / 2] == 'q' ? 'z' : 'q';
        CHECK(classify_word(changed) == word::none);              // one byte (no word has a q or z)
    }
    CHECK(classify_word("int") == word::int_);
    CHECK(classify_word("int8") == word::int8);
    CHECK(classify_word("in") == word::none);
    CHECK(classify_word("") == word::none);
    CHECK(classify_word("complex1280") == word::none);  // longer than any word
    CHECK(classify_word("~r0") == word::none);
}

TEST_CASE("names near keywords and shadowed builtins read as ordinary names", "[reader]") {
    const std::string text =
        "module m\n"
        "func f() *int {\n"
        "    iff := 1\n"
        "    news := iff\n"
        "    int9 := news\n"
        "    Int := int9\n"
        "    len := Int\n"
        "    y := len\n"
        "    _ = y\n"
        "    v := 2\n"
        "    return &v\n"
        "}\n";
    CHECK(read_result(text) == "ok");
}

TEST_CASE("a name near a keyword is an unknown name, at its position", "[reader]") {
    const std::string text =
        "module m\n"
        "func f() {\n"
        "    x := nul\n"
        "    _ = x\n"
        "}\n";
    const std::string r = read_result(text);
    CHECK(r.rfind("words.ir:3:10:", 0) == 0);
    CHECK(r.find("unknown name 'nul'") != std::string::npos);
}
