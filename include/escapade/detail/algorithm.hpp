// escapade/detail/algorithm.hpp - algorithms that allocate only through a memory_resource.
//
// stable_sort: bottom-up merge sort with a buffer of n elements from the resource (std::stable_sort
// would allocate with operator new). O(n log n) comparisons, O(n) extra memory; returns false when
// the buffer cannot be allocated (the range is then unchanged). T must be trivially copyable.
#ifndef ESCAPADE_DETAIL_ALGORITHM_HPP
#define ESCAPADE_DETAIL_ALGORITHM_HPP

#include <cstring>
#include <type_traits>

#include "../memory.hpp"

namespace escapade::detail {

template <class T, class Less>
[[nodiscard]] bool stable_sort(T* first, std::size_t n, Less less, memory_resource& mem) noexcept {
    static_assert(std::is_trivially_copyable_v<T>, "stable_sort moves elements with memcpy");
    if (n < 2) return true;
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) return false;
    T* buf = static_cast<T*>(mem.allocate(n * sizeof(T), alignof(T)));
    if (buf == nullptr) return false;
    T* src = first;
    T* dst = buf;
    for (std::size_t width = 1; width < n; width *= 2) {
        for (std::size_t lo = 0; lo < n; lo += 2 * width) {
            std::size_t mid = lo + width < n ? lo + width : n;
            std::size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            std::size_t i = lo, j = mid, k = lo;
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
    mem.deallocate(buf, n * sizeof(T), alignof(T));
    return true;
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ALGORITHM_HPP
