// escapade/detail/string_set.hpp - the distinct strings of a string pool, to copy each once.
//
// string_set remembers views of strings already copied into a pool; find(s) returns the view of
// an equal string, add(v) records a new one. The table is compact because the builder keeps it
// for a whole module: the views in insertion order (16 bytes each) and a power-of-two array of
// 32-bit slots (1 + index of the view, 0 empty; load <= 1/2, linear probing): 24-48 bytes per
// distinct string with the tables' doubling, against 64-128 for a hash_map of views (32-byte
// slots). find/add are expected O(|s|);
// growth rehashes in O(n) and is amortised. Fallible growth: add returns false out of memory.
#ifndef ESCAPADE_DETAIL_STRING_SET_HPP
#define ESCAPADE_DETAIL_STRING_SET_HPP

#include <cstdint>
#include <cstring>
#include <string_view>

#include "hash_map.hpp"
#include "vector.hpp"

namespace escapade::detail {

class string_set {
public:
    explicit string_set(memory_resource& mem) noexcept : views_(mem), slots_(mem) {}

    /// The recorded string equal to s, or nullptr.
    const std::string_view* find(std::string_view s) const noexcept {
        if (slots_.empty()) return nullptr;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash_bytes(s.data(), s.size()) & mask;; i = (i + 1) & mask) {
            const std::uint32_t k = slots_[i];
            if (k == 0) return nullptr;
            const std::string_view& v = views_[k - 1];
            if (v.size() == s.size() && (s.empty() || std::memcmp(v.data(), s.data(), s.size()) == 0)) return &v;
        }
    }

    /// Records v (not present: the caller checked with find). The view must stay valid as long
    /// as the set (a string pool's copy). False when memory ran out or 2^31 strings are recorded.
    [[nodiscard]] bool add(std::string_view v) noexcept {
        if (views_.size() >= 0x7FFFFFFFu) return false;
        if ((views_.size() + 1) * 2 > slots_.size() && !rehash(slots_.empty() ? 64 : slots_.size() * 2)) return false;
        if (!views_.push_back(v)) return false;
        place(static_cast<std::uint32_t>(views_.size()));
        return true;
    }

    std::size_t size() const noexcept { return views_.size(); }

private:
    void place(std::uint32_t k) noexcept {
        const std::string_view& v = views_[k - 1];
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = hash_bytes(v.data(), v.size()) & mask;
        while (slots_[i] != 0) i = (i + 1) & mask;
        slots_[i] = k;
    }
    bool rehash(std::size_t n) noexcept {
        vector<std::uint32_t> fresh(slots_.resource());
        if (!fresh.resize(n, 0)) return false;
        slots_ = static_cast<vector<std::uint32_t>&&>(fresh);
        for (std::size_t k = 1; k <= views_.size(); ++k) place(static_cast<std::uint32_t>(k));
        return true;
    }

    vector<std::string_view> views_;
    vector<std::uint32_t> slots_;
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_STRING_SET_HPP
