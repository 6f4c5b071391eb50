// escapade/detail/algorithm.hpp - algorithms that allocate only through a memory_resource.
//
// stable_sort: bottom-up merge sort with a buffer from the resource (std::stable_sort would allocate
// with operator new): n elements, or, for elements larger than two size_t, 2n indices (the
// permutation is sorted, then applied in place). O(n log n) comparisons, O(n) extra memory; returns
// false when the buffer cannot be allocated (the range is then unchanged). T must be trivially
// copyable. Input already in order costs n - 1 comparisons and no buffer; each merge of two runs
// already in order costs one comparison and a copy.
//
// heap_sort: in place, no memory, O(n log n) comparisons and swaps, not stable: for orders that are
// total on what the caller can tell apart (then every correct sort gives the same sequence). Small
// code: std::sort's introsort instantiates four helpers per element type (issue 16: Cortex-M4
// .text).
#ifndef ESCAPADE_DETAIL_ALGORITHM_HPP
#define ESCAPADE_DETAIL_ALGORITHM_HPP

#include <cstring>
#include <type_traits>

#include "../memory.hpp"

namespace escapade::detail {

/// Moves first[i] down the heap [first, first + n) ordered by `less` (a max-heap).
template <class T, class Less>
void sift_down(T* first, std::size_t i, std::size_t n, Less& less) noexcept {
    for (;;) {
        std::size_t child = 2 * i + 1;
        if (child >= n) return;
        if (child + 1 < n && less(first[child], first[child + 1])) ++child;
        if (!less(first[i], first[child])) return;
        T t = static_cast<T&&>(first[i]);
        first[i] = static_cast<T&&>(first[child]);
        first[child] = static_cast<T&&>(t);
        i = child;
    }
}

/// Sorts [first, first + n) by `less` in place (heap sort; see the file's comment).
template <class T, class Less>
void heap_sort(T* first, std::size_t n, Less less) noexcept {
    if (n < 2) return;
    for (std::size_t i = n / 2; i > 0; --i) sift_down(first, i - 1, n, less);
    for (std::size_t end = n - 1; end > 0; --end) {
        T t = static_cast<T&&>(first[0]);
        first[0] = static_cast<T&&>(first[end]);
        first[end] = static_cast<T&&>(t);
        sift_down(first, 0, end, less);
    }
}

/// Bottom-up merge sort of [first, first + n) with a buffer of n elements; the result is in first.
template <class T, class Less>
void merge_sort(T* first, T* buf, std::size_t n, Less& less) noexcept {
    T* src = first;
    T* dst = buf;
    for (std::size_t width = 1; width < n; width *= 2) {
        for (std::size_t lo = 0; lo < n; lo += 2 * width) {
            std::size_t mid = lo + width < n ? lo + width : n;
            std::size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            std::size_t i = lo, j = mid, k = lo;
            if (mid < hi && !less(src[mid], src[mid - 1])) {
                // Already in order (common: results arrive mostly sorted): one comparison, a copy.
                std::memcpy(static_cast<void*>(&dst[lo]), &src[lo], (hi - lo) * sizeof(T));
                continue;
            }
            while (i < mid && j < hi) {
                if (less(src[j], src[i])) std::memcpy(static_cast<void*>(&dst[k++]), &src[j++], sizeof(T));
                else std::memcpy(static_cast<void*>(&dst[k++]), &src[i++], sizeof(T));
            }
            while (i < mid) std::memcpy(static_cast<void*>(&dst[k++]), &src[i++], sizeof(T));
            while (j < hi) std::memcpy(static_cast<void*>(&dst[k++]), &src[j++], sizeof(T));
        }
        T* t = src;
        src = dst;
        dst = t;
    }
    if (src != first) std::memcpy(static_cast<void*>(first), src, n * sizeof(T));
}

/// Whether [first, first + n) is already in order (n - 1 comparisons).
template <class T, class Less>
bool is_sorted(const T* first, std::size_t n, Less& less) noexcept {
    for (std::size_t i = 1; i < n; ++i)
        if (less(first[i], first[i - 1])) return false;
    return true;
}

template <class T, class Less>
[[nodiscard]] bool stable_sort(T* first, std::size_t n, Less less, memory_resource& mem) noexcept {
    static_assert(std::is_trivially_copyable_v<T>, "stable_sort moves elements with memcpy");
    if (n < 2) return true;
    if constexpr (sizeof(T) > 2 * sizeof(std::size_t)) {
        // Large elements (analysis results): sort a permutation, 2n indices instead of n copies,
        // then apply it in place cycle by cycle.
        if (n > static_cast<std::size_t>(-1) / (2 * sizeof(std::size_t))) return false;
        if (is_sorted(first, n, less)) return true;
        std::size_t* idx = static_cast<std::size_t*>(mem.allocate(2 * n * sizeof(std::size_t), alignof(std::size_t)));
        if (idx == nullptr) return false;
        for (std::size_t i = 0; i < n; ++i) idx[i] = i;
        auto by_element = [&](std::size_t a, std::size_t b) { return less(first[a], first[b]); };
        merge_sort(idx, idx + n, n, by_element);
        for (std::size_t i = 0; i < n; ++i) {  // position j receives the element at idx[j]
            if (idx[i] == i) continue;
            unsigned char tmp[sizeof(T)];
            std::memcpy(tmp, static_cast<const void*>(&first[i]), sizeof(T));
            std::size_t j = i;
            for (;;) {
                std::size_t k = idx[j];
                idx[j] = j;
                if (k == i) {
                    std::memcpy(static_cast<void*>(&first[j]), tmp, sizeof(T));
                    break;
                }
                std::memcpy(static_cast<void*>(&first[j]), static_cast<const void*>(&first[k]), sizeof(T));
                j = k;
            }
        }
        mem.deallocate(idx, 2 * n * sizeof(std::size_t), alignof(std::size_t));
        return true;
    } else {
        if (n > static_cast<std::size_t>(-1) / sizeof(T)) return false;
        if (is_sorted(first, n, less)) return true;
        T* buf = static_cast<T*>(mem.allocate(n * sizeof(T), alignof(T)));
        if (buf == nullptr) return false;
        merge_sort(first, buf, n, less);
        mem.deallocate(buf, n * sizeof(T), alignof(T));
        return true;
    }
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ALGORITHM_HPP
