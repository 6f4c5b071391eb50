// tests/support/oracle_common.hpp - small shared pieces of the soundness oracle (docs/soundness.md):
// a seeded RNG, string formatting helpers and the verdict table of one analysis run.
//
// Test-only code: not part of the library. Written for -fno-exceptions -fno-rtti builds too.
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_COMMON_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_COMMON_HPP

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <escapade/escapade.hpp>

namespace escapade_oracle {

namespace ir = escapade::ir;
using escapade::index_t;
using escapade::invalid_index;

/// splitmix64: small, fast, and the same sequence on every platform.
struct rng {
    std::uint64_t state = 0;
    explicit rng(std::uint64_t seed = 0) noexcept : state(seed) {}
    std::uint64_t next() noexcept {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n) (n > 0).
    std::uint32_t below(std::uint32_t n) noexcept { return n <= 1 ? 0 : static_cast<std::uint32_t>(next() % n); }
    /// True with probability num/den.
    bool chance(std::uint32_t num, std::uint32_t den) noexcept { return below(den) < num; }
};

inline std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b) noexcept {
    rng r(a * 0x9e3779b97f4a7c15ull ^ (b + 0x632be59bd9b4e019ull));
    r.next();
    return r.next();
}

inline std::string strf(const char* fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
inline std::string strf(const char* fmt, ...) {
    char buf[1024];
    std::va_list args;
    va_start(args, fmt);
    int n = std::vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    if (n < 0) return std::string();
    if (static_cast<std::size_t>(n) < sizeof buf) return std::string(buf, static_cast<std::size_t>(n));
    std::string s(static_cast<std::size_t>(n) + 1, '\0');
    va_start(args, fmt);
    std::vsnprintf(&s[0], s.size(), fmt, args);
    va_end(args);
    s.resize(static_cast<std::size_t>(n));
    return s;
}

inline std::string sv(std::string_view s) { return std::string(s.data(), s.size()); }

/// The verdicts of one analysis run, indexed by the module's variable and expression ids.
struct verdict_table {
    enum : std::int8_t { no_site = -1, stack = 0, heap = 1 };
    std::vector<std::int8_t> var, expr;
    std::vector<escapade::reason> var_reason, expr_reason;

    /// Capture decisions (results.hpp: code generators must follow them): per closure function,
    /// per captured variable in module::captures order: 1 by reference, 0 by value, -1 not reported.
    std::vector<std::vector<std::int8_t>> capture_by_ref;

    template <class Result>
    void fill(const ir::module& m, const Result& r) {
        capture_by_ref.assign(m.function_count(), {});
        for (ir::func_id f = 0; f < m.function_count(); ++f) capture_by_ref[f].assign(m.captures(f).size(), -1);
        for (ir::expr_id e = 0; e < m.expr_count(); ++e) {
            const ir::expr& x = m.expr_at(e);
            if (x.kind != escapade::expr_kind::closure || x.ref >= m.function_count()) continue;
            ir::id_span<ir::var_id> caps = m.captures(x.ref);
            for (const auto& c : r.captures(ir::expr_handle{e}))
                for (std::size_t i = 0; i < caps.size(); ++i)
                    if (caps[i] == c.variable.id) capture_by_ref[x.ref][i] = c.by_reference ? 1 : 0;
        }
        var.assign(m.variable_count(), no_site);
        expr.assign(m.expr_count(), no_site);
        var_reason.assign(m.variable_count(), escapade::reason::none);
        expr_reason.assign(m.expr_count(), escapade::reason::none);
        for (const auto& s : r.sites()) {
            std::int8_t v = s.verdict == escapade::verdict::stack ? stack : heap;
            if (s.kind == escapade::site_kind::variable) {
                if (s.variable.id < var.size()) {
                    var[s.variable.id] = v;
                    var_reason[s.variable.id] = s.reason;
                }
            } else if (s.expression.id < expr.size()) {
                expr[s.expression.id] = v;
                expr_reason[s.expression.id] = s.reason;
            }
        }
    }
};

inline std::string pos_text(const ir::module& m, escapade::source_pos p) {
    std::string_view f = m.file_name(p.file);
    return strf("%.*s:%u:%u", int(f.size()), f.data(), unsigned(p.line), unsigned(p.column));
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_COMMON_HPP
