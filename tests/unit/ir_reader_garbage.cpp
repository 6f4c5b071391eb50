// The text-IR reader on hostile input: random bytes (fixed seeds), NUL bytes, random token soup,
// byte mutations of valid programs, and every prefix of valid programs (truncated files). The
// reader must never crash and must answer either ok (a valid prefix, which is then analysed too)
// or an error that names a line (and column) inside the input.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "support/corpus.hpp"

namespace {

struct checker {
    std::size_t inputs = 0, accepted = 0, rejected = 0;
    std::vector<std::string> failures;

    static std::uint32_t line_count(const std::string& s) {
        return static_cast<std::uint32_t>(std::count(s.begin(), s.end(), '\n')) + 1;
    }

    /// Reads `text`; records a failure unless it is ok or an error with a line:column in the input.
    void check(const std::string& text, const std::string& what) {
        ++inputs;
        escapade::ir::module m;
        escapade::ir::read_options ro;
        ro.file_name = "garbage.ir";
        escapade::status st = escapade::ir::read_text(text, m, ro);
        char buf[600];
        if (st.ok()) {
            ++accepted;
            // A valid program (or prefix) must also be analysable without trouble.
            escapade::analysis_result<escapade::ir::module> res;
            escapade::status an = escapade::analyze(m, res);
            if (!an.ok() && an.code() != escapade::errc::unsupported)
                failures.push_back(what + ": read ok but analysis failed: " + an.format(buf, sizeof buf));
            return;
        }
        ++rejected;
        std::string msg = st.format(buf, sizeof buf);
        if (st.code() == escapade::errc::out_of_memory) failures.push_back(what + ": out of memory: " + msg);
        else if (st.line() == 0) failures.push_back(what + ": error without a line: " + msg);
        else if (st.line() > line_count(text)) failures.push_back(what + ": error line beyond the input: " + msg);
        else if (st.column() == 0) failures.push_back(what + ": error without a column: " + msg);
        else if (std::string(st.file()) != "garbage.ir") failures.push_back(what + ": error names another file: " + msg);
    }

    void report() const {
        std::string msg;
        for (std::size_t i = 0; i < failures.size() && i < 20; ++i) msg += failures[i] + "\n";
        INFO(inputs << " inputs, " << accepted << " accepted, " << rejected << " rejected\n" << msg);
        CHECK(failures.empty());
    }
};

std::vector<std::string> corpus_files(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        if (it->path().extension() == ".ir") out.push_back(it->path().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string load(const std::string& path) {
    std::string s;
    REQUIRE(corpus::read_file(path, s));
    return s;
}

}  // namespace

TEST_CASE("reader: random bytes are rejected with a position", "[reader][garbage]") {
    checker c;
    std::mt19937 rng(20240611u);
    for (int i = 0; i < 3000; ++i) {
        std::size_t n = rng() % 600;
        std::string s(n, '\0');
        for (char& ch : s) ch = static_cast<char>(rng() & 0xFF);
        c.check(s, "random bytes #" + std::to_string(i));
    }
    // Printable noise with newlines: gets further into the lexer.
    const std::string printable = "abcxyz_019 \t\n{}()[]<>-=+*&:;,.~@\"'`!%^|/\\?";
    for (int i = 0; i < 2000; ++i) {
        std::size_t n = rng() % 400;
        std::string s;
        for (std::size_t k = 0; k < n; ++k) s += printable[rng() % printable.size()];
        c.check(s, "printable noise #" + std::to_string(i));
    }
    c.report();
}

TEST_CASE("reader: NUL bytes are rejected with a position", "[reader][garbage]") {
    checker c;
    for (std::size_t n : {1u, 2u, 7u, 64u, 4096u}) c.check(std::string(n, '\0'), "NULs x" + std::to_string(n));
    const std::string prog = "module m\n\nvar g *int\n\nfunc f(p *int) *int {\n    x := 0\n    g = &x\n    return p\n}\n";
    c.check(prog, "the valid program");
    REQUIRE(c.failures.empty());
    REQUIRE(c.accepted == 1);
    for (std::size_t i = 0; i <= prog.size(); ++i) {
        std::string s = prog;
        s.insert(i, 1, '\0');
        c.check(s, "NUL inserted at " + std::to_string(i));
        std::string t = prog;
        if (i < t.size()) {
            t[i] = '\0';
            c.check(t, "NUL replacing byte " + std::to_string(i));
        }
    }
    c.report();
}

TEST_CASE("reader: token soup is rejected with a position or accepted", "[reader][garbage]") {
    checker c;
    static const char* const tokens[] = {
        "module", "m", "func", "extern", "type", "var", "file", "\"f.ir\"", "f", "g", "x", "p", "T", "I", "(", ")", "{", "}", "[", "]",
        ",", ":", ":=", "=", "+=", "<-", "&", "*", ".", "...", "->", "@", "3:4", "~\"t\"", "int", "*int", "[]int", "map[int]*int",
        "chan", "struct", "interface", "any", "if", "else", "for", "range", "go", "defer", "return", "break", "continue", "goto",
        "L:", "new(int)", "make", "append", "nil", "0", "1", "\n", "\n", "\n", "    ", ";c\n", "op(", "_"};
    const std::size_t nt = sizeof tokens / sizeof tokens[0];
    std::mt19937 rng(77u);
    for (int i = 0; i < 3000; ++i) {
        std::string s = rng() % 2 ? "module soup\n" : "";
        std::size_t n = 1 + rng() % 80;
        for (std::size_t k = 0; k < n; ++k) {
            s += tokens[rng() % nt];
            s += ' ';
        }
        c.check(s, "token soup #" + std::to_string(i) + ": " + s.substr(0, 120));
    }
    c.report();
}

TEST_CASE("reader: every prefix of valid programs (truncated files)", "[reader][garbage]") {
    checker c;
    std::vector<std::string> files = corpus_files(std::string(ESCAPADE_EXAMPLES_DIR) + "/seed");
    std::vector<std::string> gc = corpus_files(std::string(ESCAPADE_TEST_IR_DIR) + "/gc");
    REQUIRE(files.size() >= 4);
    REQUIRE(gc.size() >= 3);
    // Every byte prefix of the seed programs and of three test programs with many statement kinds.
    for (const char* name : {"deep_nesting.ir", "closure_nested.ir", "go_defer_slice_args.ir"})
        for (const std::string& g : gc)
            if (std::filesystem::path(g).filename() == name) files.push_back(g);
    REQUIRE(files.size() >= 7);
    for (const std::string& f : files) {
        std::string text = load(f);
        std::size_t rejected_before = c.rejected;
        c.check(text, f + " (whole)");
        REQUIRE(c.rejected == rejected_before);
        for (std::size_t i = 0; i < text.size(); ++i) c.check(text.substr(0, i), f + " truncated to " + std::to_string(i) + " bytes");
    }
    // Every line prefix (and a cut in the middle of each line) of all the other test programs.
    for (const std::string& f : gc) {
        std::string text = load(f);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] != '\n') continue;
            c.check(text.substr(0, i), f + " truncated before the newline at " + std::to_string(i));
            std::size_t next = text.find('\n', i + 1);
            if (next != std::string::npos && next > i + 2) {
                std::size_t mid = i + 1 + (next - i - 1) / 2;
                c.check(text.substr(0, mid), f + " truncated mid-line at " + std::to_string(mid));
            }
        }
    }
    c.report();
}

TEST_CASE("reader: byte mutations of valid programs", "[reader][garbage]") {
    checker c;
    std::vector<std::string> gc = corpus_files(std::string(ESCAPADE_TEST_IR_DIR) + "/gc");
    REQUIRE(!gc.empty());
    std::mt19937 rng(4242u);
    const std::string interesting = "{}()[]&*:=\n\"`@~.,;0x_ \x01\x7f\xff";
    for (const std::string& f : gc) {
        std::string text = load(f);
        if (text.empty()) continue;
        for (int i = 0; i < 40; ++i) {
            std::string s = text;
            std::size_t at = rng() % s.size();
            switch (rng() % 4) {
            case 0: s[at] = interesting[rng() % interesting.size()]; break;
            case 1: s[at] = static_cast<char>(rng() & 0xFF); break;
            case 2: s.erase(at, 1 + rng() % 8); break;
            default: s.insert(at, 1, interesting[rng() % interesting.size()]); break;
            }
            c.check(s, f + " mutation #" + std::to_string(i) + " at " + std::to_string(at));
        }
    }
    c.report();
}
