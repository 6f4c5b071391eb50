// Sizes and counts near the limits of 32- and 64-bit integers are rejected cleanly (an error
// status naming the problem), never wrapped into small numbers: byte sizes of IR types are 64-bit
// on every target (size64) and capped by builder_limits::max_type_size; table ids are 32-bit
// (index_t) and capped by builder_limits::max_table_entries; numbers in the text are checked
// against 64 and 32 bits; the library's containers refuse sizes whose byte count would overflow
// size_t. The same tests run in the 32-bit armhf preset, where size_t has 32 bits.
#include <algorithm>
#include <vector>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include <escapade/detail/algorithm.hpp>
#include <escapade/detail/vector.hpp>
#include <escapade/escapade.hpp>

namespace {

constexpr std::size_t size_max = static_cast<std::size_t>(-1);

struct outcome {
    escapade::status st;
    std::string report;  // text report lines, '\n'-terminated
};

outcome run(const std::string& text, const escapade::ir::builder_limits& limits = {}) {
    outcome o;
    escapade::ir::module m;
    escapade::ir::read_options ro;
    ro.file_name = "big.ir";
    ro.limits = limits;
    o.st = escapade::ir::read_text(text, m, ro);
    if (!o.st.ok()) return o;
    escapade::analysis_result<escapade::ir::module> r;
    o.st = escapade::analyze(m, r);
    if (!o.st.ok()) return o;
    escapade::write_report(m, r, escapade::report_format::text, false, [&](std::string_view line) {
        o.report.append(line.data(), line.size());
        o.report += '\n';
        return true;
    });
    return o;
}

std::string in_function(const std::string& body) { return "module big\nfunc f() {\n" + body + "}\n"; }

}  // namespace

TEST_CASE("index and size types are fixed-width on every target", "[limits]") {
    STATIC_REQUIRE(sizeof(escapade::index_t) == 4);
    STATIC_REQUIRE(sizeof(escapade::size64) == 8);
    STATIC_REQUIRE(escapade::invalid_index == 0xFFFFFFFFu);
    escapade::ir::builder_limits limits;
    CHECK(limits.max_table_entries == 0xFFFFFFFEu);  // ids and first + count stay below invalid_index
    CHECK(limits.max_type_size == (escapade::size64(1) << 50));
}

TEST_CASE("64-bit numbers are formatted without printf's long long conversions", "[limits]") {
    char buf[24];
    CHECK(std::string(escapade::detail::format_u64(buf, 0)) == "0");
    CHECK(std::string(escapade::detail::format_u64(buf, 4294967296ull)) == "4294967296");
    CHECK(std::string(escapade::detail::format_u64(buf, UINT64_MAX)) == "18446744073709551615");
    CHECK(std::string(escapade::detail::format_i64(buf, -1)) == "-1");
    CHECK(std::string(escapade::detail::format_i64(buf, INT64_MIN)) == "-9223372036854775808");
    CHECK(std::string(escapade::detail::format_i64(buf, INT64_MAX)) == "9223372036854775807");
}

TEST_CASE("array types whose byte size overflows are rejected, not wrapped", "[limits]") {
    // 2^60 elements of 8 bytes: 2^63 bytes.
    outcome a = run(in_function("    var a [1152921504606846976]int\n    _ = a\n"));
    CHECK(a.st.code() == escapade::errc::limit_exceeded);
    CHECK(std::string(a.st.message()) == "array type too large (more than 1125899906842624 bytes)");
    // 2^32 x 2^32 bytes = 2^64: a product that wraps to 0 in 64 bits.
    outcome b = run(in_function("    var b [4294967296][4294967296]byte\n    _ = b\n"));
    CHECK(b.st.code() == escapade::errc::limit_exceeded);
    // 2^64 - 1 elements; and 2^64 does not even parse as a number.
    outcome c = run(in_function("    var c [18446744073709551615]byte\n    _ = c\n"));
    CHECK(c.st.code() == escapade::errc::limit_exceeded);
    outcome d = run(in_function("    var d [18446744073709551616]byte\n    _ = d\n"));
    CHECK(d.st.code() == escapade::errc::limit_exceeded);
    CHECK(std::string(d.st.message()) == "number too large");
    // 2^16 x 2^17 x 2^17 x 8 = 2^53: every level but the last fits.
    outcome e = run(in_function("    var e [65536][131072][131072]int\n    _ = e\n"));
    CHECK(e.st.code() == escapade::errc::limit_exceeded);
}

TEST_CASE("types exactly at the size limit are accepted and judged too large for the stack", "[limits]") {
    // 2^50 bytes is the limit itself; a variable that large goes to the heap.
    outcome a = run(in_function("    var a [1125899906842624]byte\n    p := &a\n    _ = p\n"));
    INFO(a.st.message());
    REQUIRE(a.st.ok());
    CHECK(a.report.find("f: a: heap (too large for stack)") != std::string::npos);
    outcome b = run(in_function("    var b [1125899906842625]byte\n    _ = b\n"));
    CHECK(b.st.code() == escapade::errc::limit_exceeded);
    // Zero-size elements: any count is 0 bytes (no division by zero, no overflow).
    outcome c = run("module big\ntype E struct {\n}\nfunc f() {\n    var c [18446744073709551615]E\n    p := &c\n    _ = p\n}\n");
    INFO(c.st.message());
    REQUIRE(c.st.ok());
    CHECK(c.report.find("f: c: stack") != std::string::npos);
}

TEST_CASE("struct sizes that overflow through fields or alignment are rejected", "[limits]") {
    // Three fields of 2^49 bytes: 1.5 x 2^50.
    outcome a = run("module big\ntype T struct {\n    a [562949953421312]byte\n    b [562949953421312]byte\n    c [562949953421312]byte\n}\n"
                    "func f() {\n    var t T\n    _ = t\n}\n");
    CHECK(a.st.code() == escapade::errc::limit_exceeded);
    // 2^50 - 1 bytes, then an int: the padding before the int crosses the limit.
    outcome b = run("module big\ntype T struct {\n    a [1125899906842623]byte\n    b int\n}\nfunc f() {\n    var t T\n    _ = t\n}\n");
    CHECK(b.st.code() == escapade::errc::limit_exceeded);
    // An array of a struct that is itself just below the limit.
    outcome c = run("module big\ntype T struct {\n    a [562949953421312]byte\n}\nfunc f() {\n    var t [3]T\n    _ = t\n}\n");
    CHECK(c.st.code() == escapade::errc::limit_exceeded);
}

TEST_CASE("make sizes beyond 32 and 64 bits are judged, not wrapped", "[limits]") {
    outcome a = run("module big\nfunc f() {\n"
                    "    a := make([]byte, 2147483647)\n"            // fits int32, too large for the stack
                    "    b := make([]byte, 4294967296)\n"            // 2^32: not a small constant
                    "    c := make([]int, 268435456)\n"              // 2^28 x 8 = 2^31 bytes
                    "    d := make([]byte, 9223372036854775807)\n"   // INT64_MAX
                    "    e := make([]byte, 18446744073709551615)\n"  // UINT64_MAX: not an int64 constant
                    "    g := make([]int, 2305843009213693952)\n"    // 2^61 x 8 wraps to 0 in 64 bits
                    "    _, _, _, _, _, _ = a, b, c, d, e, g\n"
                    "}\n");
    INFO(a.st.message());
    REQUIRE(a.st.ok());
    CHECK(a.report.find("make([]byte, 2147483647): heap (too large for stack)") != std::string::npos);
    CHECK(a.report.find("make([]byte, 4294967296): heap (non-constant size)") != std::string::npos);
    CHECK(a.report.find("make([]int, 268435456): heap (too large for stack)") != std::string::npos);
    CHECK(a.report.find("make([]byte, 9223372036854775807): heap (non-constant size)") != std::string::npos);
    CHECK(a.report.find("make([]byte, 18446744073709551615): heap (non-constant size)") != std::string::npos);
    CHECK(a.report.find("make([]int, 2305843009213693952): heap (non-constant size)") != std::string::npos);
    CHECK(a.report.find(": stack") == std::string::npos);
}

TEST_CASE("positions beyond 32 bits are rejected", "[limits]") {
    outcome a = run(in_function("    x := 1 @4294967296:1\n    _ = x\n"));
    CHECK(a.st.code() == escapade::errc::limit_exceeded);
    outcome b = run(in_function("    x := 1 @1:4294967296\n    _ = x\n"));
    CHECK(b.st.code() == escapade::errc::limit_exceeded);
    outcome c = run(in_function("    x := 1 @4294967295:4294967295\n    p := &x\n    _ = p\n"));
    INFO(c.st.message());
    CHECK(c.st.ok());
}

TEST_CASE("tables beyond builder_limits::max_table_entries are rejected, at the exact boundary", "[limits]") {
    // A function of n statements: the statement table and the expression pool grow with n.
    std::string text = "module big\nvar g *int\nfunc f() {\n    var x int\n";
    for (int i = 0; i < 300; ++i) text += "    g = &x\n";
    text += "}\n";

    // The size of the largest table of the module, read without a limit.
    escapade::ir::module m;
    REQUIRE(escapade::ir::read_text(text, m).ok());
    std::size_t largest = m.stmt_count();
    for (std::size_t n : {m.type_count(), m.variable_count(), m.function_count(), m.expr_count()})
        if (n > largest) largest = n;
    REQUIRE(largest > 300);

    // Pools (statement ids of blocks, expression operands) may be larger than the node tables:
    // find the smallest limit that reads the module, then check one below fails cleanly.
    escapade::ir::builder_limits limits;
    std::uint32_t lo = static_cast<std::uint32_t>(largest), hi = 4 * static_cast<std::uint32_t>(largest);
    limits.max_table_entries = hi;
    REQUIRE(run(text, limits).st.ok());
    while (lo < hi) {
        std::uint32_t mid = lo + (hi - lo) / 2;
        limits.max_table_entries = mid;
        if (run(text, limits).st.ok()) hi = mid;
        else lo = mid + 1;
    }
    limits.max_table_entries = lo;
    CHECK(run(text, limits).st.ok());
    limits.max_table_entries = lo - 1;
    outcome o = run(text, limits);
    CHECK(o.st.code() == escapade::errc::limit_exceeded);
    CHECK(std::string(o.st.message()).find("module too large") != std::string::npos);
    limits.max_table_entries = 0;
    CHECK(run(text, limits).st.code() == escapade::errc::limit_exceeded);
}

TEST_CASE("containers and resources refuse sizes near SIZE_MAX", "[limits]") {
    alignas(std::max_align_t) static unsigned char buffer[4096];
    escapade::arena_resource arena(buffer, sizeof buffer);
    CHECK(arena.allocate(size_max) == nullptr);
    CHECK(arena.allocate(size_max - 7, 16) == nullptr);
    CHECK(arena.allocate(sizeof buffer + 1) == nullptr);
    CHECK(arena.used() == 0);
    void* p = arena.allocate(100, 8);
    CHECK(p != nullptr);
    CHECK(arena.allocate(size_max - 50) == nullptr);  // offset + bytes would wrap
    arena.deallocate(p, 100, 8);
    CHECK(arena.used() == 0);

    escapade::malloc_resource heap;  // over-aligned requests add a header: the sum must not wrap
    CHECK(heap.allocate(size_max - 8, 64) == nullptr);
    CHECK(heap.bytes_in_use() == 0);

    escapade::limited_resource limited(arena, 1000);
    CHECK(limited.allocate(size_max) == nullptr);
    CHECK(limited.allocate(1001) == nullptr);
    CHECK(limited.refusals() == 2);

    escapade::detail::vector<std::uint64_t> v(arena);
    CHECK_FALSE(v.reserve(size_max / 8 + 1));  // n * sizeof(T) would wrap
    CHECK_FALSE(v.reserve(size_max / 8));      // no such arena
    REQUIRE(v.push_back(1));
    CHECK_FALSE(v.append(size_max, 2));        // size + n would wrap
    CHECK_FALSE(v.append(size_max / 2, 2));
    CHECK_FALSE(v.resize(size_max));
    CHECK(v.size() == 1);
    CHECK(v[0] == 1);

    std::uint64_t x[2] = {2, 1};
    CHECK_FALSE(escapade::detail::stable_sort(x, size_max / 4, [](std::uint64_t a, std::uint64_t b) { return a < b; }, arena));
    CHECK(escapade::detail::stable_sort(x, 2, [](std::uint64_t a, std::uint64_t b) { return a < b; }, arena));
    CHECK(x[0] == 1);
}

TEST_CASE("stable_sort: sorted, nearly sorted and shuffled inputs give std::stable_sort's order", "[limits]") {
    struct small {  // two size_t at most: sorted directly
        std::uint32_t key;
        std::uint32_t order;
    };
    auto less = [](const small& a, const small& b) { return a.key < b.key; };
    std::uint32_t x = 777;
    for (int shape = 0; shape < 4; ++shape) {
        for (std::size_t n : {2u, 3u, 8u, 33u, 1000u}) {
            std::vector<small> v;
            for (std::size_t i = 0; i < n; ++i) {
                x = x * 1103515245u + 12345u;
                std::uint32_t key = shape == 0   ? static_cast<std::uint32_t>(i / 3)             // sorted, with ties
                                    : shape == 1 ? static_cast<std::uint32_t>(i / 3 + (i % 50 == 49 ? 1000 : 0))  // a few out of place
                                    : shape == 2 ? static_cast<std::uint32_t>((n - i) / 2)       // descending
                                                 : (x >> 16) % 5;                                // shuffled, many ties
                v.push_back(small{key, static_cast<std::uint32_t>(i)});
            }
            std::vector<small> want = v;
            std::stable_sort(want.begin(), want.end(), less);
            REQUIRE(escapade::detail::stable_sort(v.data(), v.size(), less, escapade::default_resource()));
            for (std::size_t i = 0; i < n; ++i) {
                CHECK(v[i].key == want[i].key);
                CHECK(v[i].order == want[i].order);
            }
        }
    }
}

TEST_CASE("stable_sort sorts large elements through a permutation, stably", "[limits]") {
    struct big {  // larger than two size_t: sorted through indices
        std::uint32_t key;
        std::uint32_t order;
        unsigned char payload[40];
    };
    alignas(std::max_align_t) static unsigned char buffer[1 << 16];
    for (std::size_t n : {0u, 1u, 2u, 3u, 17u, 500u}) {
        escapade::arena_resource arena(buffer, sizeof buffer);
        escapade::detail::vector<big> v(arena);
        std::uint32_t x = 12345;
        for (std::size_t i = 0; i < n; ++i) {
            x = x * 1103515245u + 12345u;
            big b{};
            b.key = (x >> 16) % 7;  // many ties
            b.order = static_cast<std::uint32_t>(i);
            b.payload[0] = static_cast<unsigned char>(i);
            REQUIRE(v.push_back(b));
        }
        REQUIRE(escapade::detail::stable_sort(v.data(), v.size(), [](const big& a, const big& b) { return a.key < b.key; }, arena));
        for (std::size_t i = 1; i < n; ++i) {
            CHECK(v[i - 1].key <= v[i].key);
            if (v[i - 1].key == v[i].key) CHECK(v[i - 1].order < v[i].order);
        }
        for (std::size_t i = 0; i < n; ++i) CHECK(v[i].payload[0] == static_cast<unsigned char>(v[i].order));
    }
}

TEST_CASE("heap_sort: sorted, descending and shuffled inputs with ties give std::sort's sequence under a total order", "[limits]") {
    struct item {
        std::uint32_t key;
        std::uint32_t order;
    };
    // total: key, then order (what report.hpp's items have: any correct sort gives one sequence)
    auto less = [](const item& a, const item& b) { return a.key != b.key ? a.key < b.key : a.order < b.order; };
    std::uint32_t x = 4242;
    for (int shape = 0; shape < 3; ++shape) {
        for (std::size_t n : {0u, 1u, 2u, 3u, 8u, 33u, 1000u}) {
            std::vector<item> v;
            for (std::size_t i = 0; i < n; ++i) {
                x = x * 1103515245u + 12345u;
                std::uint32_t key = shape == 0   ? static_cast<std::uint32_t>(i / 3)        // sorted, with ties
                                    : shape == 1 ? static_cast<std::uint32_t>((n - i) / 2)  // descending
                                                 : (x >> 16) % 7;                           // shuffled, many ties
                v.push_back(item{key, static_cast<std::uint32_t>((i * 7919u) % 1009u)});
            }
            std::vector<item> want = v;
            std::sort(want.begin(), want.end(), less);
            escapade::detail::heap_sort(v.data(), v.size(), less);
            for (std::size_t i = 0; i < n; ++i) {
                CHECK(v[i].key == want[i].key);
                CHECK(v[i].order == want[i].order);
            }
        }
    }
}
