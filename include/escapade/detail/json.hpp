// escapade/detail/json.hpp - a streaming JSON text writer over a sink, for the JSON and SARIF reports.
//
// json_out<Sink> builds JSON text in a fixed 1 KiB buffer inside the writer and hands it to the sink
// in pieces: the sink is any callable `bool(std::string_view piece)`; the concatenation of all pieces
// is the document (a piece may end anywhere, even inside a string). Nothing is allocated.
//
// Structure is checked as it is written: begin_object/begin_array/end push and pop a fixed-depth
// stack (depth is bounded by the writer's callers, not by the input: deeper nesting is a usage error
// that makes ok() false), key() and the value functions insert the commas. A container opened with
// `lines = true` puts each member on its own line, indented, so a report reads (and diffs) one
// record per line; other containers are compact.
//
// Strings are escaped per RFC 8259 (", \, control characters); bytes that are not well-formed UTF-8
// (overlong forms, surrogates, truncated sequences, > U+10FFFF) become U+FFFD, so the output is
// always valid UTF-8 JSON whatever the host's names contain.
//
// Complexity: O(1) per call plus O(length) per string; the sink is called once per 1 KiB of output.
#ifndef ESCAPADE_DETAIL_JSON_HPP
#define ESCAPADE_DETAIL_JSON_HPP

#include <cstring>
#include <string_view>

#include "../status.hpp"

namespace escapade::detail {

/// Length of the well-formed UTF-8 sequence at s[i] (1..4), or 0 if the bytes there are not one.
inline std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
    auto byte = [&](std::size_t k) -> unsigned { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0x100u; };
    auto cont = [&](std::size_t k) { return (byte(k) & 0xC0u) == 0x80u; };
    unsigned b0 = byte(0);
    if (b0 < 0x80u) return 1;
    if (b0 >= 0xC2u && b0 <= 0xDFu) return cont(1) ? 2 : 0;
    if (b0 >= 0xE0u && b0 <= 0xEFu) {
        unsigned b1 = byte(1);
        if (!cont(1) || !cont(2)) return 0;
        if (b0 == 0xE0u && b1 < 0xA0u) return 0;   // overlong
        if (b0 == 0xEDu && b1 >= 0xA0u) return 0;  // UTF-16 surrogate
        return 3;
    }
    if (b0 >= 0xF0u && b0 <= 0xF4u) {
        unsigned b1 = byte(1);
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if (b0 == 0xF0u && b1 < 0x90u) return 0;   // overlong
        if (b0 == 0xF4u && b1 >= 0x90u) return 0;  // beyond U+10FFFF
        return 4;
    }
    return 0;
}

template <class Sink>
class json_out {
public:
    static constexpr int max_depth = 16;
    static constexpr std::size_t buffer_size = 1024;

    explicit json_out(Sink& sink) noexcept : sink_(&sink) {}
    json_out(const json_out&) = delete;
    json_out& operator=(const json_out&) = delete;

    /// False once the sink refused a piece or the structure was misused.
    bool ok() const noexcept { return ok_; }
    /// Hands what is buffered to the sink. Call once at the end.
    bool flush() noexcept {
        if (ok_ && len_ > 0) ok_ = (*sink_)(std::string_view(buf_, len_));
        len_ = 0;
        return ok_;
    }

    json_out& begin_object(bool lines = false) noexcept { return open('{', lines); }
    json_out& end_object() noexcept { return close('}'); }
    json_out& begin_array(bool lines = false) noexcept { return open('[', lines); }
    json_out& end_array() noexcept { return close(']'); }

    /// A member name inside an object; the value follows with one of the value functions.
    json_out& key(std::string_view k) noexcept {
        if (depth_ == 0 || !is_object_[depth_ - 1]) {
            ok_ = false;
            return *this;
        }
        separate();
        quoted(k);
        put(':');
        after_key_ = true;
        return *this;
    }
    json_out& string(std::string_view s) noexcept {
        value_start();
        quoted(s);
        return *this;
    }
    json_out& uvalue(std::uint64_t v) noexcept {
        value_start();
        char tmp[24];
        raw(format_u64(tmp, v));
        return *this;
    }
    json_out& ivalue(std::int64_t v) noexcept {
        value_start();
        char tmp[24];
        raw(format_i64(tmp, v));
        return *this;
    }
    json_out& boolean(bool b) noexcept {
        value_start();
        raw(b ? "true" : "false");
        return *this;
    }
    json_out& null() noexcept {
        value_start();
        raw("null");
        return *this;
    }
    /// Text that is already JSON (a literal of the caller's), written as one value.
    json_out& literal(std::string_view json) noexcept {
        value_start();
        raw(json);
        return *this;
    }
    /// Shorthands for a member with a value.
    json_out& member(std::string_view k, std::string_view v) noexcept { return key(k).string(v); }
    json_out& member_uint(std::string_view k, std::uint64_t v) noexcept { return key(k).uvalue(v); }
    json_out& member_int(std::string_view k, std::int64_t v) noexcept { return key(k).ivalue(v); }
    json_out& member_bool(std::string_view k, bool v) noexcept { return key(k).boolean(v); }
    /// Writes a line break (between top-level documents of a JSON Lines stream, or at the end).
    json_out& newline() noexcept {
        put('\n');
        return *this;
    }

private:
    void put(char c) noexcept {
        if (len_ == buffer_size) flush();
        buf_[len_++] = c;
    }
    void raw(std::string_view s) noexcept {
        while (!s.empty()) {
            if (len_ == buffer_size) flush();
            std::size_t n = buffer_size - len_ < s.size() ? buffer_size - len_ : s.size();
            std::memcpy(buf_ + len_, s.data(), n);
            len_ += n;
            s.remove_prefix(n);
        }
    }
    void indent() noexcept {
        put('\n');
        for (int i = 0; i < depth_; ++i) raw("  ");
    }
    /// Before a member of the current container: the comma, and the line break of a `lines` one.
    void separate() noexcept {
        if (depth_ == 0) return;
        if (!first_[depth_ - 1]) put(',');
        first_[depth_ - 1] = false;
        if (lines_[depth_ - 1]) indent();
    }
    void value_start() noexcept {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (depth_ > 0 && is_object_[depth_ - 1]) ok_ = false;  // a value in an object needs a key
        separate();
    }
    json_out& open(char c, bool lines) noexcept {
        value_start();
        if (depth_ == max_depth) {
            ok_ = false;
            return *this;
        }
        put(c);
        is_object_[depth_] = c == '{';
        first_[depth_] = true;
        lines_[depth_] = lines;
        ++depth_;
        return *this;
    }
    json_out& close(char c) noexcept {
        if (depth_ == 0 || is_object_[depth_ - 1] != (c == '}') || after_key_) {
            ok_ = false;
            return *this;
        }
        --depth_;
        if (lines_[depth_] && !first_[depth_]) indent();
        put(c);
        return *this;
    }
    void quoted(std::string_view s) noexcept {
        static const char hex[] = "0123456789abcdef";
        put('"');
        std::size_t i = 0;
        while (i < s.size()) {
            std::size_t run = i;  // printable ASCII that needs no escape: copied as one piece
            while (run < s.size()) {
                unsigned char r = static_cast<unsigned char>(s[run]);
                if (r < 0x20 || r >= 0x80 || r == '"' || r == '\\') break;
                ++run;
            }
            if (run > i) {
                raw(s.substr(i, run - i));
                i = run;
                continue;
            }
            unsigned char c = static_cast<unsigned char>(s[i]);
            if (c == '"' || c == '\\') {
                put('\\');
                put(static_cast<char>(c));
                ++i;
            } else if (c < 0x20) {
                switch (c) {
                case '\n': raw("\\n"); break;
                case '\t': raw("\\t"); break;
                case '\r': raw("\\r"); break;
                default:
                    raw("\\u00");
                    put(hex[c >> 4]);
                    put(hex[c & 15]);
                }
                ++i;
            } else if (c < 0x80) {
                put(static_cast<char>(c));
                ++i;
            } else if (std::size_t n = utf8_sequence(s, i)) {
                raw(s.substr(i, n));
                i += n;
            } else {
                raw("\xEF\xBF\xBD");  // U+FFFD for a byte that starts no well-formed sequence
                ++i;
            }
        }
        put('"');
    }

    Sink* sink_;
    char buf_[buffer_size];
    std::size_t len_ = 0;
    int depth_ = 0;
    bool is_object_[max_depth] = {};
    bool first_[max_depth] = {};
    bool lines_[max_depth] = {};
    bool after_key_ = false;
    bool ok_ = true;
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_JSON_HPP
