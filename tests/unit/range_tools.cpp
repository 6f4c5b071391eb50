// The library's own range tools (detail/range.hpp) against range-v3: is_forward_range accepts and
// rejects what ranges::forward_range does (so hosts' range-v3 views still pass the traits checks
// and input-only ranges still fail them), the results' ranges walk as before, and with
// <escapade/ranges.hpp> they compose with range-v3's views.
#include <catch2/catch.hpp>

#include <forward_list>
#include <iterator>
#include <string>
#include <vector>

#include <escapade/escapade.hpp>
#include <escapade/ranges.hpp>
#include <range/v3/algorithm/count_if.hpp>
#include <range/v3/iterator/operations.hpp>
#include <range/v3/view/facade.hpp>
#include <range/v3/view/filter.hpp>
#include <range/v3/view/iota.hpp>
#include <range/v3/view/subrange.hpp>
#include <range/v3/view/transform.hpp>

namespace {

using escapade::detail::is_forward_range;

/// A range-v3 facade ending at a default sentinel (begin and end of different types), as hosts
/// write them (examples/hobby's `nodes`).
class countdown : public ranges::view_facade<countdown, ranges::unknown> {
    friend ranges::range_access;
    int n_ = 3;
    struct cursor {
        int n = 0;
        int read() const { return n; }
        void next() { --n; }
        bool equal(ranges::default_sentinel_t) const { return n == 0; }
        bool equal(const cursor& o) const { return n == o.n; }
    };
    cursor begin_cursor() const { return cursor{n_}; }
};

/// An input-only iterator (single pass): not a forward range.
struct input_only {
    struct iterator {
        using value_type = int;
        using reference = int;
        using pointer = void;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::input_iterator_tag;
        int i = 0;
        int operator*() const { return i; }
        iterator& operator++() {
            ++i;
            return *this;
        }
        iterator operator++(int) {
            iterator t = *this;
            ++i;
            return t;
        }
        bool operator==(const iterator& o) const { return i == o.i; }
        bool operator!=(const iterator& o) const { return i != o.i; }
    };
    iterator begin() const { return {}; }
    iterator end() const { return {3}; }
};

struct no_end {
    const int* begin() const { return nullptr; }
};

template <class R>
constexpr bool agrees = is_forward_range<R> == ranges::forward_range<R>;

static_assert(is_forward_range<std::vector<int>> && agrees<std::vector<int>>);
static_assert(is_forward_range<const std::vector<int>> && agrees<const std::vector<int>>);
static_assert(is_forward_range<int[3]> && agrees<int[3]>);
static_assert(is_forward_range<std::forward_list<int>> && agrees<std::forward_list<int>>);
static_assert(is_forward_range<ranges::subrange<const int*>> && agrees<ranges::subrange<const int*>>);
struct plus_one {
    int operator()(int x) const noexcept { return x + 1; }
};
using transformed = decltype(std::declval<std::vector<int>&>() | ranges::views::transform(plus_one{}));
static_assert(is_forward_range<transformed> && agrees<transformed>);
using iota = decltype(ranges::views::iota(0, 5));
static_assert(is_forward_range<iota> && agrees<iota>);
static_assert(is_forward_range<countdown> && agrees<countdown>);
static_assert(!is_forward_range<input_only> && agrees<input_only>);
static_assert(!is_forward_range<int> && agrees<int>);
static_assert(!is_forward_range<no_end> && agrees<no_end>);

// The library's own ranges, with <escapade/ranges.hpp>: forward ranges and range-v3 views.
using ir_result = escapade::analysis_result<escapade::ir::module>;
using sites_t = decltype(std::declval<const ir_result&>().sites());
using heap_t = decltype(std::declval<const ir_result&>().heap_sites());
using fns_t = decltype(escapade::ir_traits<escapade::ir::module>::functions(std::declval<const escapade::ir::module&>()));
using body_t = decltype(escapade::ir_traits<escapade::ir::module>::body(std::declval<const escapade::ir::module&>(), {}));
static_assert(is_forward_range<sites_t> && ranges::forward_range<sites_t> && ranges::view_<sites_t>);
static_assert(is_forward_range<heap_t> && ranges::forward_range<heap_t> && ranges::view_<heap_t>);
static_assert(is_forward_range<fns_t> && ranges::forward_range<fns_t> && ranges::view_<fns_t>);
static_assert(is_forward_range<body_t> && ranges::forward_range<body_t> && ranges::view_<body_t>);

constexpr const char* program_text = R"(module ranges

var G *int

func keep(p *int) {
    G = p
}

func f() int {
    var a int
    var b int
    var c int
    keep(&a)
    q := &b
    *q = 1
    keep(&c)
    return a
}
)";

}  // namespace

TEST_CASE("range tools: the results' ranges walk and compose with range-v3") {
    escapade::ir::module m;
    ir_result r;
    REQUIRE(escapade::ir::read_text(program_text, m, {"ranges.ir"}).ok());
    REQUIRE(escapade::analyze(m, r).ok());
    // a and c are stored in G through keep: heap; b's address stays in f: stack.
    std::string heap, stack;
    for (const auto& s : r.heap_sites()) heap += std::string(s.name) + ",";
    for (const auto& s : r.stack_sites()) stack += std::string(s.name) + ",";
    CHECK(heap == "a,c,");
    CHECK(stack == "b,");
    CHECK(r.sites().size() == 3);
    CHECK(ranges::distance(r.heap_sites()) == 2);
    auto names = r.sites() | ranges::views::transform([](const ir_result::site& s) { return s.name; });
    std::string all;
    for (std::string_view n : names) all += std::string(n) + ",";
    CHECK(all == "a,b,c,");
    CHECK(ranges::count_if(r.sites(), [](const ir_result::site& s) { return s.verdict == escapade::verdict::heap; }) == 2);
    // The generic IR's function list: keep, f.
    std::string fns;
    for (auto fh : escapade::ir_traits<escapade::ir::module>::functions(m))
        fns += std::string(escapade::ir_traits<escapade::ir::module>::function_name(m, fh)) + ",";
    CHECK(fns == "keep,f,");
}

TEST_CASE("range tools: counted, mapped and filtered ranges") {
    const int xs[] = {1, 2, 3, 4, 5};
    struct twice {
        int operator()(int x) const noexcept { return 2 * x; }
    };
    struct odd {
        bool operator()(int x) const noexcept { return x % 2 == 1; }
    };
    escapade::detail::mapped_range<int, twice> doubled(xs, xs + 5);
    escapade::detail::filtered_range<int, odd> odds(xs, xs + 5);
    escapade::detail::filtered_range<int, odd> none(xs + 1, xs + 2);
    std::vector<int> d(doubled.begin(), doubled.end()), o;
    for (int x : odds) o.push_back(x);
    CHECK(d == std::vector<int>{2, 4, 6, 8, 10});
    CHECK(o == std::vector<int>{1, 3, 5});
    CHECK(none.empty());
    CHECK(doubled.size() == 5);
    struct h {
        unsigned id;
    };
    escapade::detail::counted_range<h, unsigned> c(2, 5);
    unsigned sum = 0;
    for (h x : c) sum += x.id;
    CHECK(sum == 2 + 3 + 4);
    CHECK(c.size() == 3);
}
