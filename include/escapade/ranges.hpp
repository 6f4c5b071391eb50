// escapade/ranges.hpp - opt-in range-v3 interoperation: marks the library's ranges (the results'
// sites(), heap_sites(), parameters(), ..., the generic IR's traits lists, intrusive_list) as
// range-v3 views and borrowed ranges, so that `result.heap_sites() | ranges::views::transform(f)`
// compiles. The library itself does not use range-v3 (detail/range.hpp); include this header only
// where range-v3 is wanted (it includes range-v3's concepts, about 1 s of compile time with g++).
// Host ranges built with range-v3 need nothing from here: the traits checks accept any forward
// range. Compile-time only.
#ifndef ESCAPADE_RANGES_HPP
#define ESCAPADE_RANGES_HPP

#include <range/v3/range/concepts.hpp>

#include "adapt.hpp"
#include "detail/range.hpp"

namespace ranges {

template <class T>
RANGES_INLINE_VAR constexpr bool enable_view<escapade::detail::span_range<T>> = true;
template <class T>
RANGES_INLINE_VAR constexpr bool enable_borrowed_range<escapade::detail::span_range<T>> = true;
template <class H, class Int>
RANGES_INLINE_VAR constexpr bool enable_view<escapade::detail::counted_range<H, Int>> = true;
template <class H, class Int>
RANGES_INLINE_VAR constexpr bool enable_borrowed_range<escapade::detail::counted_range<H, Int>> = true;
template <class T, class F>
RANGES_INLINE_VAR constexpr bool enable_view<escapade::detail::mapped_range<T, F>> = true;
template <class T, class F>
RANGES_INLINE_VAR constexpr bool enable_borrowed_range<escapade::detail::mapped_range<T, F>> = true;
template <class T, class P>
RANGES_INLINE_VAR constexpr bool enable_view<escapade::detail::filtered_range<T, P>> = true;
template <class T, class P>
RANGES_INLINE_VAR constexpr bool enable_borrowed_range<escapade::detail::filtered_range<T, P>> = true;
template <class N, class X>
RANGES_INLINE_VAR constexpr bool enable_view<escapade::intrusive_range<N, X>> = true;
template <class N, class X>
RANGES_INLINE_VAR constexpr bool enable_borrowed_range<escapade::intrusive_range<N, X>> = true;

}  // namespace ranges

#endif  // ESCAPADE_RANGES_HPP
