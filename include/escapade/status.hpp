// escapade/status.hpp - error reporting without exceptions.
//
// Every fallible operation of the library returns a `status` (or fills one). A status carries an
// error code, the source position the error refers to (file, line, column; 0 when unknown) and a
// one-line message. Formatting uses only snprintf into fixed buffers: creating a status never
// allocates, so "out of memory" can always be reported.
#ifndef ESCAPADE_STATUS_HPP
#define ESCAPADE_STATUS_HPP

#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "config.hpp"

namespace escapade {

enum class errc : std::uint8_t {
    ok = 0,
    syntax_error,       ///< malformed text IR
    unknown_name,       ///< a name that is not declared
    duplicate_name,     ///< a name declared twice in one scope
    type_error,         ///< an operation applied to a value of the wrong type
    arity_mismatch,     ///< wrong number of arguments, results or operands
    invalid_reference,  ///< a dangling handle or index (host IR or builder)
    invalid_host_ir,    ///< host IR that breaks a rule of the traits contract
    unsupported,        ///< a construct this build or model does not support
    limit_exceeded,     ///< an input beyond a documented limit (size, count, nesting)
    out_of_memory,      ///< the memory resource refused an allocation
    invalid_argument,   ///< a bad option or parameter from the caller
    io_error            ///< reading or writing a file failed (tools only)
};

/// A short lower-case name for an error code ("syntax error", "out of memory", ...).
constexpr const char* to_string(errc code) noexcept {
    switch (code) {
    case errc::ok: return "ok";
    case errc::syntax_error: return "syntax error";
    case errc::unknown_name: return "unknown name";
    case errc::duplicate_name: return "duplicate name";
    case errc::type_error: return "type error";
    case errc::arity_mismatch: return "arity mismatch";
    case errc::invalid_reference: return "invalid reference";
    case errc::invalid_host_ir: return "invalid host IR";
    case errc::unsupported: return "unsupported";
    case errc::limit_exceeded: return "limit exceeded";
    case errc::out_of_memory: return "out of memory";
    case errc::invalid_argument: return "invalid argument";
    case errc::io_error: return "I/O error";
    }
    return "unknown error";
}

namespace detail {
/// Writes v in decimal into buf (NUL-terminated) and returns buf. The library formats 64-bit
/// numbers with these, never with printf's %llu/%lld: newlib-nano (the usual C library on
/// Cortex-M) has no long long conversions and would print "lu".
inline const char* format_u64(char (&buf)[24], std::uint64_t v) noexcept {
    char tmp[24];
    std::size_t n = 0;
    do {
        tmp[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    for (std::size_t i = 0; i < n; ++i) buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}
inline const char* format_i64(char (&buf)[24], std::int64_t v) noexcept {
    if (v >= 0) return format_u64(buf, static_cast<std::uint64_t>(v));
    char digits[24];
    format_u64(digits, ~static_cast<std::uint64_t>(v) + 1);  // |v|, also for INT64_MIN
    buf[0] = '-';
    std::memcpy(buf + 1, digits, std::strlen(digits) + 1);
    return buf;
}
}  // namespace detail

/// A position in a source file. Lines and columns are 1-based; 0 means unknown. `file` indexes the
/// file table of whatever produced the position (for the generic IR: module::files()).
struct source_pos {
    index_t file = 0;
    std::uint32_t line = 0;
    std::uint32_t column = 0;

    constexpr bool known() const noexcept { return line != 0; }
    friend constexpr bool operator==(source_pos a, source_pos b) noexcept {
        return a.file == b.file && a.line == b.line && a.column == b.column;
    }
    friend constexpr bool operator!=(source_pos a, source_pos b) noexcept { return !(a == b); }
    friend constexpr bool operator<(source_pos a, source_pos b) noexcept {
        return a.file != b.file ? a.file < b.file : a.line != b.line ? a.line < b.line : a.column < b.column;
    }
};

/// The outcome of an operation: ok, or an error with a code, a location and a message.
class status {
public:
    static constexpr std::size_t max_message = 240;
    static constexpr std::size_t max_file = 120;

    status() noexcept = default;

    static status success() noexcept { return status(); }

    /// An error with a printf-style message. `file` may be null.
    static status error(errc code, const char* file, std::uint32_t line, std::uint32_t column, const char* fmt,
                        ...) noexcept
#if defined(__GNUC__) || defined(__clang__)
        __attribute__((format(printf, 5, 6)))
#endif
    {
        status s;
        s.code_ = code;
        s.line_ = line;
        s.column_ = column;
        s.set_file(file);
        std::va_list args;
        va_start(args, fmt);
        std::vsnprintf(s.message_, sizeof s.message_, fmt, args);
        va_end(args);
        return s;
    }

    /// An error without a position.
    static status error(errc code, const char* message) noexcept {
        return error(code, nullptr, 0, 0, "%s", message ? message : "");
    }

    bool ok() const noexcept { return code_ == errc::ok; }
    explicit operator bool() const noexcept { return ok(); }
    errc code() const noexcept { return code_; }
    const char* message() const noexcept { return message_; }
    const char* file() const noexcept { return file_; }
    std::uint32_t line() const noexcept { return line_; }
    std::uint32_t column() const noexcept { return column_; }

    /// Writes "FILE:LINE:COL: error: MESSAGE" (omitting unknown parts) into buf; returns buf.
    const char* format(char* buf, std::size_t size) const noexcept {
        if (size == 0) return buf;
        // Truncation is intended when buf is small; the result is always NUL-terminated.
        int n;
        if (ok()) {
            n = std::snprintf(buf, size, "ok");
        } else if (file_[0] != '\0' && line_ != 0) {
            n = std::snprintf(buf, size, "%s:%u:%u: error: %s", file_, static_cast<unsigned>(line_),
                              static_cast<unsigned>(column_), message_);
        } else if (line_ != 0) {
            n = std::snprintf(buf, size, "%u:%u: error: %s", static_cast<unsigned>(line_),
                              static_cast<unsigned>(column_), message_);
        } else if (file_[0] != '\0') {
            n = std::snprintf(buf, size, "%s: error: %s", file_, message_);
        } else {
            n = std::snprintf(buf, size, "error: %s", message_);
        }
        if (n < 0) buf[0] = '\0';
        return buf;
    }

    /// Replaces the file name (used when a position is known but the file only later).
    void set_file(const char* file) noexcept {
        if (file == nullptr) {
            file_[0] = '\0';
            return;
        }
        std::size_t n = std::strlen(file);
        if (n >= sizeof file_) n = sizeof file_ - 1;
        std::memcpy(file_, file, n);
        file_[n] = '\0';
    }

private:
    errc code_ = errc::ok;
    std::uint32_t line_ = 0;
    std::uint32_t column_ = 0;
    char file_[max_file] = {};
    char message_[max_message] = {};
};

/// A value or an error. T must be default-constructible and movable.
template <class T>
class result {
public:
    result(T value) noexcept : value_(static_cast<T&&>(value)) {}  // NOLINT: implicit by design
    result(const status& s) noexcept : status_(s) { ESCAPADE_ASSERT(!s.ok()); }  // NOLINT

    bool ok() const noexcept { return status_.ok(); }
    explicit operator bool() const noexcept { return ok(); }
    const status& error() const noexcept { return status_; }
    T& value() noexcept { return value_; }
    const T& value() const noexcept { return value_; }
    T& operator*() noexcept { return value_; }
    const T& operator*() const noexcept { return value_; }
    T* operator->() noexcept { return &value_; }
    const T* operator->() const noexcept { return &value_; }

private:
    T value_{};
    status status_{};
};

}  // namespace escapade

#endif  // ESCAPADE_STATUS_HPP
