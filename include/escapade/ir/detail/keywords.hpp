// escapade/ir/detail/keywords.hpp - the text IR's reserved and predeclared words, classified once.
//
// The lexer gives every name token a `word`: the keyword, builtin function or builtin type it
// spells, or word::none. The reader then tests `t.word == word::if_` instead of comparing the
// name's bytes against each candidate in turn (a statement's first name was compared with up to
// a dozen keywords, an operand's with ~30 builtins). classify_word hashes the length and the first
// and last bytes into a 128-slot open-addressing table built at compile time and compares the
// bytes of at most a few candidates. Cost: O(1) per name (O(length) for the one comparison).
#ifndef ESCAPADE_IR_DETAIL_KEYWORDS_HPP
#define ESCAPADE_IR_DETAIL_KEYWORDS_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "../../kinds.hpp"

namespace escapade::ir::detail {

enum class word : std::uint8_t {
    none,
    // statements and declarations
    var_, file, return_, if_, else_, for_, range, go, defer, goto_, break_, continue_, func, type, module, extern_,
    // operands and type constructors
    nil, true_, false_, blank, map, chan, struct_, interface, unsafe, op, new_, make,
    // builtin functions
    append, copy, panic, len, cap, print, println, delete_, close, recover, complex, real, imag, min, max, clear, concat,
    // predeclared types (builtin_type gives their kinds; any and error are the reader's own)
    any, error, bool_, int_, int8, int16, int32, rune, int64, uint, uint8, byte, uint16, uint32, uint64, uintptr, float32,
    float64, complex64, complex128, string,
    count_
};

struct word_entry {
    std::string_view text;
    word w;
};

inline constexpr word_entry word_list[] = {
    {"var", word::var_},        {"file", word::file},       {"return", word::return_},   {"if", word::if_},
    {"else", word::else_},      {"for", word::for_},        {"range", word::range},      {"go", word::go},
    {"defer", word::defer},     {"goto", word::goto_},      {"break", word::break_},     {"continue", word::continue_},
    {"func", word::func},       {"type", word::type},       {"module", word::module},    {"extern", word::extern_},
    {"nil", word::nil},         {"true", word::true_},      {"false", word::false_},     {"_", word::blank},
    {"map", word::map},         {"chan", word::chan},       {"struct", word::struct_},   {"interface", word::interface},
    {"unsafe", word::unsafe},   {"op", word::op},           {"new", word::new_},         {"make", word::make},
    {"append", word::append},   {"copy", word::copy},       {"panic", word::panic},      {"len", word::len},
    {"cap", word::cap},         {"print", word::print},     {"println", word::println},  {"delete", word::delete_},
    {"close", word::close},     {"recover", word::recover}, {"complex", word::complex},  {"real", word::real},
    {"imag", word::imag},       {"min", word::min},         {"max", word::max},          {"clear", word::clear},
    {"concat", word::concat},   {"any", word::any},         {"error", word::error},      {"bool", word::bool_},
    {"int", word::int_},        {"int8", word::int8},       {"int16", word::int16},      {"int32", word::int32},
    {"rune", word::rune},       {"int64", word::int64},     {"uint", word::uint},        {"uint8", word::uint8},
    {"byte", word::byte},       {"uint16", word::uint16},   {"uint32", word::uint32},    {"uint64", word::uint64},
    {"uintptr", word::uintptr}, {"float32", word::float32}, {"float64", word::float64},  {"complex64", word::complex64},
    {"complex128", word::complex128}, {"string", word::string},
};

constexpr std::size_t word_slots = 128;  // a power of two, > 2x the words

constexpr std::size_t word_hash(std::size_t len, unsigned char first, unsigned char last) noexcept {
    return (len * 37u + first * 5u + last * 11u) & (word_slots - 1);
}

struct word_table {
    std::uint8_t slot[word_slots];  ///< 1 + index into word_list; 0 is empty
};

constexpr word_table make_word_table() noexcept {
    word_table t{};
    for (std::size_t i = 0; i < sizeof word_list / sizeof word_list[0]; ++i) {
        const std::string_view s = word_list[i].text;
        std::size_t h = word_hash(s.size(), static_cast<unsigned char>(s[0]), static_cast<unsigned char>(s[s.size() - 1]));
        while (t.slot[h] != 0) h = (h + 1) & (word_slots - 1);
        t.slot[h] = static_cast<std::uint8_t>(i + 1);
    }
    return t;
}

inline constexpr word_table word_slots_table = make_word_table();

/// The word that `n` bytes at `p` spell (n >= 1), or word::none.
inline word classify_word(const char* p, std::size_t n) noexcept {
    if (n > 10) return word::none;  // the longest word is "complex128"
    std::size_t h = word_hash(n, static_cast<unsigned char>(p[0]), static_cast<unsigned char>(p[n - 1]));
    for (;;) {
        const std::uint8_t s = word_slots_table.slot[h];
        if (s == 0) return word::none;
        const word_entry& e = word_list[s - 1];
        if (e.text.size() == n) {
            std::size_t i = 0;
            while (i < n && e.text[i] == p[i]) ++i;
            if (i == n) return e.w;
        }
        h = (h + 1) & (word_slots - 1);
    }
}
inline word classify_word(std::string_view s) noexcept { return s.empty() ? word::none : classify_word(s.data(), s.size()); }

/// The type kind of a predeclared scalar or string type's word (bool .. string); invalid for
/// others (any and error are interface types the reader declares itself).
inline type_kind builtin_type(word w) noexcept {
    switch (w) {
    case word::bool_: return type_kind::bool_;
    case word::int_: return type_kind::int_;
    case word::int8: return type_kind::int8;
    case word::int16: return type_kind::int16;
    case word::int32:
    case word::rune: return type_kind::int32;
    case word::int64: return type_kind::int64;
    case word::uint: return type_kind::uint;
    case word::uint8:
    case word::byte: return type_kind::uint8;
    case word::uint16: return type_kind::uint16;
    case word::uint32: return type_kind::uint32;
    case word::uint64: return type_kind::uint64;
    case word::uintptr: return type_kind::uintptr;
    case word::float32: return type_kind::float32;
    case word::float64: return type_kind::float64;
    case word::complex64: return type_kind::complex64;
    case word::complex128: return type_kind::complex128;
    case word::string: return type_kind::string;
    default: return type_kind::invalid;
    }
}

/// Is w a builtin function the reader opens a call frame for (`append(`, ..., `concat(`)?
inline bool builtin_function(word w) noexcept { return w >= word::append && w <= word::concat; }

}  // namespace escapade::ir::detail

#endif  // ESCAPADE_IR_DETAIL_KEYWORDS_HPP
