// escapade/detail/range.hpp - the few range tools the library needs, without range-v3.
//
//   adl_begin(r), adl_end(r)        a range's iterator and sentinel (member begin/end, an array, or
//                                   begin/end found by argument-dependent lookup), as range-for
//                                   finds them
//   iterator_t<R>, range_reference_t<R>
//   is_forward_range<R>             begin/end callable, the iterator dereferenceable, incrementable,
//                                   copyable, comparable with its sentinel and with itself, and its
//                                   category (iterator_concept, else iterator_traits' category) a
//                                   forward one: what the engine relies on (several passes over one
//                                   range); a host's range-v3 views pass it as they pass
//                                   ranges::forward_range
//   span_range<T>                   [first, last) of a contiguous array, a forward (random-access)
//                                   range of const T& with size(), empty() and operator[]
//   counted_range<H>                H{first} ... H{last - 1} for integer ids (handles made on the fly)
//   mapped_range<T, F>              f(x) for each x of [first, last) (a transform over an array)
//   filtered_range<T, Pred>         the x of [first, last) with pred(x) (a forward range)
//
// Each range borrows what it walks (copying one is O(1)); <escapade/ranges.hpp> makes them
// range-v3 views for hosts that compose them. Header-only, no allocation, no exceptions, no RTTI; every operation O(1) except a
// filtered_range's increment (it skips what the predicate rejects: O(skipped)).
#ifndef ESCAPADE_DETAIL_RANGE_HPP
#define ESCAPADE_DETAIL_RANGE_HPP

#include <cstddef>
#include <iterator>
#include <type_traits>
#include <utility>

namespace escapade::detail {

namespace range_lookup {
using std::begin;
using std::end;
template <class R>
constexpr auto adl_begin(R& r) noexcept(noexcept(begin(r))) -> decltype(begin(r)) {
    return begin(r);
}
template <class R>
constexpr auto adl_end(R& r) noexcept(noexcept(end(r))) -> decltype(end(r)) {
    return end(r);
}
}  // namespace range_lookup
using range_lookup::adl_begin;
using range_lookup::adl_end;

template <class R>
using iterator_t = decltype(adl_begin(std::declval<R&>()));
template <class R>
using sentinel_t = decltype(adl_end(std::declval<R&>()));
template <class R>
using range_reference_t = decltype(*std::declval<iterator_t<R>&>());

namespace range_check {
template <class...>
using void_t = void;

/// The iterator's category: I::iterator_concept when declared, else iterator_traits' category.
template <class I, class = void>
struct category_of {
    using type = void;
};
template <class I>
struct category_of<I, void_t<typename std::iterator_traits<I>::iterator_category>> {
    using type = typename std::iterator_traits<I>::iterator_category;
};
template <class I, class = void>
struct concept_of : category_of<I> {};
template <class I>
struct concept_of<I, void_t<typename I::iterator_concept>> {
    using type = typename I::iterator_concept;
};

template <class R, class = void>
struct forward : std::false_type {};
template <class R>
struct forward<R, void_t<iterator_t<R>, sentinel_t<R>, range_reference_t<R>,
                         decltype(++std::declval<iterator_t<R>&>()),
                         decltype(std::declval<const iterator_t<R>&>() != std::declval<const sentinel_t<R>&>()),
                         decltype(std::declval<const iterator_t<R>&>() == std::declval<const iterator_t<R>&>())>>
    : std::bool_constant<std::is_copy_constructible_v<iterator_t<R>> &&
                         std::is_convertible_v<typename concept_of<iterator_t<R>>::type*, std::forward_iterator_tag*>> {};
}  // namespace range_check

template <class R>
inline constexpr bool is_forward_range = range_check::forward<R>::value;

/// [first, last) of a contiguous array.
template <class T>
class span_range {
public:
    using iterator = const T*;
    constexpr span_range() noexcept = default;
    constexpr span_range(const T* first, const T* last) noexcept : first_(first), last_(last) {}
    constexpr const T* begin() const noexcept { return first_; }
    constexpr const T* end() const noexcept { return last_; }
    constexpr std::size_t size() const noexcept { return static_cast<std::size_t>(last_ - first_); }
    constexpr bool empty() const noexcept { return first_ == last_; }
    constexpr const T& operator[](std::size_t i) const noexcept { return first_[i]; }

private:
    const T* first_ = nullptr;
    const T* last_ = nullptr;
};

/// H{i} for i in [first, last): a random-access range of handles made from integer ids.
template <class H, class Int>
class counted_range {
public:
    class iterator {
    public:
        using value_type = H;
        using reference = H;
        using pointer = void;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::forward_iterator_tag;
        constexpr iterator() noexcept = default;
        constexpr explicit iterator(Int i) noexcept : i_(i) {}
        constexpr H operator*() const noexcept { return H{i_}; }
        constexpr iterator& operator++() noexcept {
            ++i_;
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator t = *this;
            ++i_;
            return t;
        }
        friend constexpr bool operator==(iterator a, iterator b) noexcept { return a.i_ == b.i_; }
        friend constexpr bool operator!=(iterator a, iterator b) noexcept { return a.i_ != b.i_; }

    private:
        Int i_{};
    };
    constexpr counted_range() noexcept = default;
    constexpr counted_range(Int first, Int last) noexcept : first_(first), last_(last) {}
    constexpr iterator begin() const noexcept { return iterator(first_); }
    constexpr iterator end() const noexcept { return iterator(last_); }
    constexpr std::size_t size() const noexcept { return static_cast<std::size_t>(last_ - first_); }
    constexpr bool empty() const noexcept { return first_ == last_; }

private:
    Int first_{};
    Int last_{};
};

/// f(x) for each x of [first, last). F is an empty function object (stored by value).
template <class T, class F>
class mapped_range {
public:
    using value_type = std::decay_t<decltype(std::declval<const F&>()(std::declval<const T&>()))>;
    class iterator {
    public:
        using value_type = mapped_range::value_type;
        using reference = value_type;
        using pointer = void;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::forward_iterator_tag;
        constexpr iterator() noexcept = default;
        constexpr iterator(const T* p, F f) noexcept : p_(p), f_(f) {}
        constexpr value_type operator*() const noexcept { return f_(*p_); }
        constexpr iterator& operator++() noexcept {
            ++p_;
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator t = *this;
            ++p_;
            return t;
        }
        friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept { return a.p_ == b.p_; }
        friend constexpr bool operator!=(const iterator& a, const iterator& b) noexcept { return a.p_ != b.p_; }

    private:
        const T* p_ = nullptr;
        F f_{};
    };
    constexpr mapped_range() noexcept = default;
    constexpr mapped_range(const T* first, const T* last, F f = F{}) noexcept : first_(first), last_(last), f_(f) {}
    constexpr iterator begin() const noexcept { return iterator(first_, f_); }
    constexpr iterator end() const noexcept { return iterator(last_, f_); }
    constexpr std::size_t size() const noexcept { return static_cast<std::size_t>(last_ - first_); }
    constexpr bool empty() const noexcept { return first_ == last_; }

private:
    const T* first_ = nullptr;
    const T* last_ = nullptr;
    F f_{};
};

/// The x of [first, last) for which pred(x) holds, in order: a forward range of const T&.
template <class T, class Pred>
class filtered_range {
public:
    class iterator {
    public:
        using value_type = T;
        using reference = const T&;
        using pointer = const T*;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::forward_iterator_tag;
        constexpr iterator() noexcept = default;
        constexpr iterator(const T* p, const T* last, Pred pred) noexcept : p_(p), last_(last), pred_(pred) { skip(); }
        constexpr const T& operator*() const noexcept { return *p_; }
        constexpr const T* operator->() const noexcept { return p_; }
        constexpr iterator& operator++() noexcept {
            ++p_;
            skip();
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator t = *this;
            ++*this;
            return t;
        }
        friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept { return a.p_ == b.p_; }
        friend constexpr bool operator!=(const iterator& a, const iterator& b) noexcept { return a.p_ != b.p_; }

    private:
        constexpr void skip() noexcept {
            while (p_ != last_ && !pred_(*p_)) ++p_;
        }
        const T* p_ = nullptr;
        const T* last_ = nullptr;
        Pred pred_{};
    };
    constexpr filtered_range() noexcept = default;
    constexpr filtered_range(const T* first, const T* last, Pred pred = Pred{}) noexcept
        : first_(first), last_(last), pred_(pred) {}
    constexpr iterator begin() const noexcept { return iterator(first_, last_, pred_); }
    constexpr iterator end() const noexcept { return iterator(last_, last_, pred_); }
    constexpr bool empty() const noexcept { return begin() == end(); }

private:
    const T* first_ = nullptr;
    const T* last_ = nullptr;
    Pred pred_{};
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_RANGE_HPP
