// escapade/ir/detail/lexer.hpp - tokens of the text IR.
//
// A streaming lexer: one token of lookahead, positions as line:column (1-based, columns count
// bytes), seekable to a saved position so the reader can scan declarations first and parse bodies
// later without keeping a token array. Accepts any byte sequence: bytes that start no token become
// `invalid` tokens and the reader reports them. O(1) per byte.
#ifndef ESCAPADE_IR_DETAIL_LEXER_HPP
#define ESCAPADE_IR_DETAIL_LEXER_HPP

#include <cstdio>
#include <string_view>

#include "../../config.hpp"
#include "keywords.hpp"

namespace escapade::ir::detail {

enum class tok : std::uint8_t {
    eof,
    newline,
    ident,
    integer,
    floating,
    string,
    character,
    lparen,
    rparen,
    lbrack,
    rbrack,
    lbrace,
    rbrace,
    comma,
    colon,
    dot,
    ellipsis,
    amp,
    star,
    arrow,        ///< <-
    assign,       ///< =
    define,       ///< :=
    op_assign,    ///< += -= *= /= %= &= |= ^= <<= >>= &^=
    at,           ///< @
    tilde,        ///< ~ (display text annotation, followed by a string)
    leak_arrow,   ///< -> (declared leaks)
    other_op,     ///< + - / % | ^ < > == != <= >= && || ! << >> &^ (not part of the IR syntax)
    invalid
};

// One table lookup per byte: bit 1 starts a name, bit 2 is a digit, bit 4 a blank. Bytes of
// non-ASCII UTF-8 characters belong to names, as Go's Unicode letters do.
enum : std::uint8_t { lex_ident = 1, lex_digit = 2, lex_blank = 4 };
struct lex_class_table {
    std::uint8_t bits[256];
};
constexpr lex_class_table make_lex_classes() noexcept {
    lex_class_table t{};
    for (int c = 0; c < 256; ++c) {
        std::uint8_t b = 0;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80) b |= lex_ident;
        if (c >= '0' && c <= '9') b |= lex_digit;
        if (c == ' ' || c == '\t' || c == '\r') b |= lex_blank;
        t.bits[c] = b;
    }
    return t;
}
inline constexpr lex_class_table lex_classes = make_lex_classes();

struct token {
    tok kind = tok::eof;
    word kw = word::none;  ///< names: the keyword or predeclared name it spells (keywords.hpp)
    std::string_view text;
    std::uint32_t line = 1;
    std::uint32_t column = 1;
    // No offset: a token's text is a view into the source (at its end for end of file), so the
    // offset is text.data() - source (lexer::offset_of). 32 bytes, copied at every next() and peek.
};

class lexer {
public:
    explicit lexer(std::string_view src) noexcept : src_(src) { advance(); }

    const token& peek() const noexcept { return cur_; }
    /// The token after peek() (lexed on demand).
    /// The lexer's state after next_ is kept with it, so next() after peek2() does not lex the
    /// token again.
    const token& peek2() noexcept {
        if (!have_next_) {
            saved_state s = save_state();
            advance();
            next_ = cur_;
            after_next_ = position_state{pos_, line_start_, line_};
            restore_state(s);
            have_next_ = true;
        }
        return next_;
    }
    token next() noexcept {
        token t = cur_;
        skip();
        return t;
    }
    /// next() without the copy of the token left behind (most calls discard it).
    void skip() noexcept {
        if (have_next_) {
            cur_ = next_;
            pos_ = after_next_.pos;
            line_start_ = after_next_.line_start;
            line_ = after_next_.line;
            have_next_ = false;
        } else {
            advance();
        }
    }
    bool at(tok k) const noexcept { return cur_.kind == k; }
    bool at_ident(std::string_view word) const noexcept { return cur_.kind == tok::ident && cur_.text == word; }

    /// A resumable position (of the current token).
    struct mark {
        std::size_t offset;
        std::uint32_t line, column;
    };
    mark position() const noexcept { return {offset_of(cur_), cur_.line, cur_.column}; }
    /// The byte offset of a token of this lexer's source.
    std::size_t offset_of(const token& t) const noexcept { return static_cast<std::size_t>(t.text.data() - src_.data()); }
    void seek(mark m) noexcept {
        pos_ = m.offset;
        line_ = m.line;
        line_start_ = m.offset - (m.column - 1);
        have_next_ = false;
        advance();
    }

    /// What skip_balanced counted inside braces (the reader reserves the module's tables from
    /// them): newline tokens, `:=` tokens, and operand tokens (names, literals; not the numbers
    /// after '@' or ':' of position annotations, nor the string after '~').
    struct balance_counts {
        std::size_t lines = 0;
        std::size_t defines = 0;
        std::size_t operands = 0;
    };
    enum class balance { ok, unclosed, unexpected_close };
    /// Moves from the current token to the end of its declaration: the first newline (or the end
    /// of the input) outside braces, which becomes the current token. Bytes are scanned once with
    /// the tokens' rules for strings, runes, comments and names, but no token is built: a few
    /// instructions a byte (pass 1 skips every body with it). Returns unclosed with the position
    /// of the outermost '{' that is never closed, or unexpected_close with the position of a '}'
    /// outside braces (the lexer is then left where it was). O(bytes skipped).
    balance skip_balanced(balance_counts& counts, std::uint32_t* err_line, std::uint32_t* err_column) noexcept {
        const char* d = src_.data();
        const std::size_t n = src_.size();
        std::size_t p = offset_of(cur_);
        std::uint32_t line = cur_.line;
        std::size_t line_start = p - (cur_.column - 1);
        std::size_t depth = 0;
        std::uint32_t open_line = 0, open_column = 0;
        tok prev = tok::eof;  // the previous token's kind, as far as the counts need it
        bool in_newline = false;
        auto byte = [&](std::size_t i) -> unsigned char { return i < n ? static_cast<unsigned char>(d[i]) : 0; };
        while (p < n) {
            const unsigned char c = static_cast<unsigned char>(d[p]);
            const std::uint8_t cls = lex_classes.bits[c];
            if (cls & lex_blank) {
                ++p;
                continue;
            }
            if (c == '\n') {
                if (depth == 0) break;
                if (!in_newline) {
                    ++counts.lines;
                    in_newline = true;
                    prev = tok::newline;
                }
                ++p;
                ++line;
                line_start = p;
                continue;
            }
            if (c == ';' || (c == '/' && byte(p + 1) == '/')) {
                while (p < n && d[p] != '\n') ++p;
                continue;
            }
            in_newline = false;
            tok k = tok::other_op;
            if (cls & lex_ident) {
                ++p;
                while (p < n && (lex_classes.bits[static_cast<unsigned char>(d[p])] & (lex_ident | lex_digit))) ++p;
                k = tok::ident;
            } else if (c == '~' && ident_start(byte(p + 1))) {
                p += 2;
                while (p < n && ident_char(static_cast<unsigned char>(d[p]))) ++p;
                k = tok::ident;
            } else if (cls & lex_digit) {
                k = tok::integer;
                if (c == '0' && (byte(p + 1) == 'x' || byte(p + 1) == 'X')) {
                    p += 2;
                    while (p < n && ident_char(static_cast<unsigned char>(d[p]))) ++p;
                } else {
                    while (p < n && (digit(static_cast<unsigned char>(d[p])) || d[p] == '_')) ++p;
                    if (byte(p) == '.' && digit(byte(p + 1))) {
                        k = tok::floating;
                        ++p;
                        while (p < n && digit(static_cast<unsigned char>(d[p]))) ++p;
                    }
                    if (byte(p) == 'e' || byte(p) == 'E') {
                        k = tok::floating;
                        ++p;
                        if (byte(p) == '+' || byte(p) == '-') ++p;
                        while (p < n && digit(static_cast<unsigned char>(d[p]))) ++p;
                    }
                }
            } else if (c == '"' || c == '`' || c == '\'') {
                // As advance(): ends at the closing quote or before the end of the line.
                ++p;
                bool closed = false;
                while (p < n && d[p] != '\n') {
                    unsigned char e = static_cast<unsigned char>(d[p]);
                    if (e == '\\' && c != '`' && p + 1 < n && d[p + 1] != '\n') {
                        p += 2;
                        continue;
                    }
                    ++p;
                    if (e == c) {
                        closed = true;
                        break;
                    }
                }
                k = !closed ? tok::invalid : c == '\'' ? tok::character : tok::string;
            } else if (c == '{') {
                if (depth == 0) {
                    open_line = line;
                    open_column = static_cast<std::uint32_t>(p - line_start + 1);
                }
                ++depth;
                ++p;
                k = tok::lbrace;
            } else if (c == '}') {
                if (depth == 0) {
                    *err_line = line;
                    *err_column = static_cast<std::uint32_t>(p - line_start + 1);
                    return balance::unexpected_close;
                }
                --depth;
                ++p;
                k = tok::rbrace;
            } else if (c == ':') {
                k = byte(p + 1) == '=' ? tok::define : tok::colon;
                p += k == tok::define ? 2 : 1;
            } else if (c == '@') {
                k = tok::at;
                ++p;
            } else if (c == '~') {
                k = tok::tilde;
                ++p;
            } else {
                // Other punctuation (one byte at a time: which operator it is does not matter
                // here, and '/' followed by '/' was taken as a comment above) and stray bytes.
                ++p;
            }
            if (depth > 0) {
                switch (k) {
                case tok::define: ++counts.defines; break;
                case tok::ident:
                case tok::floating:
                case tok::character: ++counts.operands; break;
                case tok::integer: counts.operands += prev != tok::at && prev != tok::colon; break;
                case tok::string: counts.operands += prev != tok::tilde; break;
                default: break;
                }
            }
            prev = k;
        }
        if (depth > 0) {
            *err_line = open_line;
            *err_column = open_column;
            return balance::unclosed;
        }
        seek(mark{p, line, static_cast<std::uint32_t>(p - line_start + 1)});
        return balance::ok;
    }

    /// The whole state, to look ahead any number of tokens and come back without lexing again
    /// (snapshot() ... restore(); cheaper than position() ... seek(), which lexes the token at
    /// the mark once more).
    struct snapshot_t {
        std::size_t pos, line_start;
        std::uint32_t line;
        bool have_next;
        token cur, next;
        std::size_t next_pos, next_line_start;
        std::uint32_t next_line;
    };
    snapshot_t snapshot() const noexcept {
        return {pos_, line_start_, line_, have_next_, cur_, next_, after_next_.pos, after_next_.line_start, after_next_.line};
    }
    void restore(const snapshot_t& s) noexcept {
        pos_ = s.pos;
        line_start_ = s.line_start;
        line_ = s.line;
        have_next_ = s.have_next;
        cur_ = s.cur;
        next_ = s.next;
        after_next_ = position_state{s.next_pos, s.next_line_start, s.next_line};
    }

private:
    struct position_state {
        std::size_t pos = 0, line_start = 0;
        std::uint32_t line = 1;
    };
    struct saved_state {
        std::size_t pos, line_start;
        std::uint32_t line;
        token cur;
    };
    saved_state save_state() const noexcept { return {pos_, line_start_, line_, cur_}; }
    void restore_state(const saved_state& s) noexcept {
        pos_ = s.pos;
        line_start_ = s.line_start;
        line_ = s.line;
        cur_ = s.cur;
    }

    // Bytes of non-ASCII UTF-8 characters belong to identifiers, as Go's Unicode letters do (a
    // Go front end keeps its names: "moved to heap: π").
    static bool ident_start(unsigned char c) noexcept { return (lex_classes.bits[c] & lex_ident) != 0; }
    static bool ident_char(unsigned char c) noexcept { return (lex_classes.bits[c] & (lex_ident | lex_digit)) != 0; }
    static bool digit(unsigned char c) noexcept { return (lex_classes.bits[c] & lex_digit) != 0; }

    unsigned char at_off(std::size_t i) const noexcept { return i < src_.size() ? static_cast<unsigned char>(src_[i]) : 0; }

    // Columns are computed from the start of the line when a token starts (column()), so moving
    // over a byte is one addition.
    void bump(std::size_t n) noexcept { pos_ += n; }
    std::uint32_t column() const noexcept { return static_cast<std::uint32_t>(pos_ - line_start_ + 1); }
    /// Moves past bytes for which pred holds (a tight loop for blanks, names and digits).
    template <class Pred>
    void skip_while(Pred pred) noexcept {
        const std::size_t n = src_.size();
        const char* d = src_.data();
        std::size_t p = pos_;
        while (p < n && pred(static_cast<unsigned char>(d[p]))) ++p;
        pos_ = p;
    }
    void skip_to_newline() noexcept {
        const std::size_t n = src_.size();
        const char* d = src_.data();
        std::size_t p = pos_;
        while (p < n && d[p] != '\n') ++p;
        pos_ = p;
    }
    static bool blank(unsigned char c) noexcept { return (lex_classes.bits[c] & lex_blank) != 0; }

    void advance() noexcept {
        have_next_ = false;
        // Skip blanks and comments; newlines are tokens (runs collapse into one).
        for (;;) {
            skip_while(blank);
            if (pos_ >= src_.size()) break;
            unsigned char c = at_off(pos_);
            if (c == ';' || (c == '/' && at_off(pos_ + 1) == '/')) {
                skip_to_newline();
            } else {
                break;
            }
        }
        // The token is built in place (cur_), not in a local copied at the end.
        token& t = cur_;
        t.kw = word::none;
        t.line = line_;
        t.column = column();
        if (pos_ >= src_.size()) {
            t.kind = tok::eof;
            t.text = std::string_view(src_.data() + src_.size(), 0);
            return;
        }
        std::size_t start = pos_;
        unsigned char c = at_off(pos_);
        if (c == '\n') {
            // Collapse blank lines and comment-only lines into one newline token.
            while (pos_ < src_.size()) {
                unsigned char d = at_off(pos_);
                if (d == '\n') {
                    ++pos_;
                    ++line_;
                    line_start_ = pos_;
                } else if (blank(d)) {
                    skip_while(blank);
                } else if (d == ';' || (d == '/' && at_off(pos_ + 1) == '/')) {
                    skip_to_newline();
                } else {
                    break;
                }
            }
            t.kind = tok::newline;
            t.text = std::string_view(src_.data() + start, 1);
            return;
        }
        if (ident_start(c)) {
            skip_while(ident_char);
            t.kind = tok::ident;
            t.kw = classify_word(src_.data() + start, pos_ - start);
        } else if (c == '~' && ident_start(at_off(pos_ + 1))) {
            // ~r0, ~p1: gc's names for unnamed results and parameters
            bump(1);
            while (ident_char(at_off(pos_))) bump(1);
            t.kind = tok::ident;
        } else if (digit(c)) {
            bool is_float = false;
            if (c == '0' && (at_off(pos_ + 1) == 'x' || at_off(pos_ + 1) == 'X')) {
                bump(2);
                while (ident_char(at_off(pos_))) bump(1);
            } else {
                while (digit(at_off(pos_)) || at_off(pos_) == '_') bump(1);
                if (at_off(pos_) == '.' && digit(at_off(pos_ + 1))) {
                    is_float = true;
                    bump(1);
                    while (digit(at_off(pos_))) bump(1);
                }
                if (at_off(pos_) == 'e' || at_off(pos_) == 'E') {
                    is_float = true;
                    bump(1);
                    if (at_off(pos_) == '+' || at_off(pos_) == '-') bump(1);
                    while (digit(at_off(pos_))) bump(1);
                }
            }
            t.kind = is_float ? tok::floating : tok::integer;
        } else if (c == '"' || c == '`') {
            unsigned char q = c;
            bump(1);
            bool closed = false;
            while (pos_ < src_.size()) {
                unsigned char d = at_off(pos_);
                if (d == '\n') break;
                if (d == '\\' && q == '"' && pos_ + 1 < src_.size() && at_off(pos_ + 1) != '\n') {
                    bump(2);
                    continue;
                }
                bump(1);
                if (d == q) {
                    closed = true;
                    break;
                }
            }
            t.kind = closed ? tok::string : tok::invalid;
        } else if (c == '\'') {
            bump(1);
            bool closed = false;
            while (pos_ < src_.size() && at_off(pos_) != '\n') {
                unsigned char d = at_off(pos_);
                if (d == '\\' && pos_ + 1 < src_.size() && at_off(pos_ + 1) != '\n') {
                    bump(2);
                    continue;
                }
                bump(1);
                if (d == '\'') {
                    closed = true;
                    break;
                }
            }
            t.kind = closed ? tok::character : tok::invalid;
        } else {
            t.kind = punct();
        }
        t.text = std::string_view(src_.data() + start, pos_ - start);
    }

    tok punct() noexcept {
        unsigned char c = at_off(pos_);
        unsigned char d = at_off(pos_ + 1);
        unsigned char e = at_off(pos_ + 2);
        auto take = [&](std::size_t n, tok k) {
            bump(n);
            return k;
        };
        switch (c) {
        case '(': return take(1, tok::lparen);
        case ')': return take(1, tok::rparen);
        case '[': return take(1, tok::lbrack);
        case ']': return take(1, tok::rbrack);
        case '{': return take(1, tok::lbrace);
        case '}': return take(1, tok::rbrace);
        case ',': return take(1, tok::comma);
        case '@': return take(1, tok::at);
        case '~': return take(1, tok::tilde);
        case '.':
            if (d == '.' && e == '.') return take(3, tok::ellipsis);
            return take(1, tok::dot);
        case ':':
            if (d == '=') return take(2, tok::define);
            return take(1, tok::colon);
        case '=':
            if (d == '=') return take(2, tok::other_op);
            return take(1, tok::assign);
        case '&':
            if (d == '&') return take(2, tok::other_op);
            if (d == '=') return take(2, tok::op_assign);
            if (d == '^') return e == '=' ? take(3, tok::op_assign) : take(2, tok::other_op);
            return take(1, tok::amp);
        case '*':
            if (d == '=') return take(2, tok::op_assign);
            return take(1, tok::star);
        case '<':
            if (d == '-') return take(2, tok::arrow);
            if (d == '<') return e == '=' ? take(3, tok::op_assign) : take(2, tok::other_op);
            if (d == '=') return take(2, tok::other_op);
            return take(1, tok::other_op);
        case '>':
            if (d == '>') return e == '=' ? take(3, tok::op_assign) : take(2, tok::other_op);
            if (d == '=') return take(2, tok::other_op);
            return take(1, tok::other_op);
        case '-':
            if (d == '>') return take(2, tok::leak_arrow);
            if (d == '=') return take(2, tok::op_assign);
            return take(1, tok::other_op);
        case '+':
        case '/':
        case '%':
        case '^':
        case '|':
            if (d == '=') return take(2, tok::op_assign);
            if (c == '|' && d == '|') return take(2, tok::other_op);
            return take(1, tok::other_op);
        case '!':
            if (d == '=') return take(2, tok::other_op);
            return take(1, tok::other_op);
        default:
            // Consume one whole UTF-8 sequence (or one stray byte) as an invalid token.
            if (c >= 0xC0 && c < 0xF8) {
                std::size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
                std::size_t k = 1;
                while (k < n && (at_off(pos_ + k) & 0xC0) == 0x80) ++k;
                return take(k, tok::invalid);
            }
            return take(1, tok::invalid);
        }
    }

    std::string_view src_;
    std::size_t pos_ = 0;
    std::uint32_t line_ = 1;
    std::size_t line_start_ = 0;  ///< offset of the current line's first byte
    token cur_;
    token next_;
    position_state after_next_;  ///< the state after next_ (valid while have_next_)
    bool have_next_ = false;
};

/// A human-readable description of a token for error messages ("'}'", "end of file", "newline").
inline void describe(const token& t, char* buf, std::size_t size) noexcept {
    switch (t.kind) {
    case tok::eof: std::snprintf(buf, size, "end of file"); return;
    case tok::newline: std::snprintf(buf, size, "end of line"); return;
    case tok::invalid: {
        // Printable ASCII is shown; other bytes in hex.
        unsigned char c = t.text.empty() ? 0 : static_cast<unsigned char>(t.text[0]);
        if (c == '"' || c == '`' || c == '\'') std::snprintf(buf, size, "unterminated literal");
        else if (c >= 0x20 && c < 0x7f) std::snprintf(buf, size, "'%c'", c);
        else std::snprintf(buf, size, "byte 0x%02x", c);
        return;
    }
    default: {
        int n = static_cast<int>(t.text.size() > 40 ? 40 : t.text.size());
        std::snprintf(buf, size, "'%.*s'", n, t.text.data());
        return;
    }
    }
}

}  // namespace escapade::ir::detail

#endif  // ESCAPADE_IR_DETAIL_LEXER_HPP
