// escapade/detail/hash_map.hpp - open-addressing hash map with fallible growth, and a string pool.
//
// hash_map<K, V, Hash>: linear probing, power-of-two table, load factor <= 1/2, no erase (the library
// only ever adds). Keys and values must be trivially copyable. find/insert are expected O(1);
// growth rehashes in O(n) and is amortised.
//
// string_pool: stable storage for names (chunks from the memory resource); intern() returns a
// string_view that stays valid for the pool's lifetime.
#ifndef ESCAPADE_DETAIL_HASH_MAP_HPP
#define ESCAPADE_DETAIL_HASH_MAP_HPP

#include <cstring>
#include <string_view>
#include <type_traits>

#include "vector.hpp"

namespace escapade::detail {

inline std::uint64_t hash_bytes(const void* p, std::size_t n) noexcept {
    // FNV-1a, 64 bit: deterministic on every target.
    const unsigned char* b = static_cast<const unsigned char*>(p);
    std::uint64_t h = 1469598103934665603ull;
    for (std::size_t i = 0; i < n; ++i) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    return h;
}

inline std::uint64_t mix64(std::uint64_t x) noexcept {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

/// Default hash: string_view by content, integers mixed, other trivially copyable types by bytes.
template <class K>
struct default_hash {
    std::uint64_t operator()(const K& k) const noexcept {
        if constexpr (std::is_same_v<K, std::string_view>) {
            return hash_bytes(k.data(), k.size());
        } else if constexpr (std::is_integral_v<K> || std::is_enum_v<K>) {
            return mix64(static_cast<std::uint64_t>(k));
        } else if constexpr (std::is_pointer_v<K>) {
            return mix64(static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(k)));
        } else {
            static_assert(std::is_trivially_copyable_v<K>, "hash_map keys must be trivially copyable or hashed explicitly");
            return hash_bytes(&k, sizeof k);
        }
    }
};

/// Hash of a handle by its object representation (handles must have no padding bytes).
template <class H>
struct handle_hash {
    static_assert(std::is_trivially_copyable_v<H>, "handles must be trivially copyable");
    std::uint64_t operator()(const H& h) const noexcept { return mix64(hash_bytes(&h, sizeof h)); }
};

template <class K, class V, class Hash = default_hash<K>>
class hash_map {
    static_assert(std::is_trivially_copyable_v<V>, "hash_map values must be trivially copyable");

public:
    hash_map() noexcept = default;
    explicit hash_map(memory_resource& mem) noexcept : slots_(mem) {}

    std::size_t size() const noexcept { return count_; }
    memory_resource& resource() const noexcept { return slots_.resource(); }

    /// Returns a pointer to the value for k, or nullptr.
    V* find(const K& k) noexcept { return const_cast<V*>(static_cast<const hash_map*>(this)->find(k)); }
    const V* find(const K& k) const noexcept {
        if (slots_.empty()) return nullptr;
        std::size_t mask = slots_.size() - 1;
        for (std::size_t i = Hash{}(k)&mask;; i = (i + 1) & mask) {
            const slot& s = slots_[i];
            if (!s.used) return nullptr;
            if (same_key(s.key, k)) return &s.value;
        }
    }

    /// Inserts (k, v) unless k is present. Sets *inserted accordingly; returns the value slot, or
    /// nullptr when memory ran out.
    V* insert(const K& k, const V& v, bool* inserted = nullptr) noexcept {
        if ((count_ + 1) * 2 > slots_.size() && !rehash(slots_.empty() ? 16 : slots_.size() * 2)) return nullptr;
        std::size_t mask = slots_.size() - 1;
        for (std::size_t i = Hash{}(k)&mask;; i = (i + 1) & mask) {
            slot& s = slots_[i];
            if (!s.used) {
                s.used = true;
                s.key = k;
                s.value = v;
                ++count_;
                if (inserted) *inserted = true;
                return &s.value;
            }
            if (same_key(s.key, k)) {
                if (inserted) *inserted = false;
                return &s.value;
            }
        }
    }

    void clear() noexcept {
        slots_.release();
        count_ = 0;
    }

private:
    /// Key equality; short string keys (names) compared inline: a call to memcmp costs more
    /// than the few bytes of a name.
    static bool same_key(const K& a, const K& b) noexcept {
        if constexpr (std::is_same_v<K, std::string_view>) {
            const std::size_t n = a.size();
            if (n != b.size()) return false;
            if (n > 16) return std::memcmp(a.data(), b.data(), n) == 0;
            for (std::size_t i = 0; i < n; ++i)
                if (a[i] != b[i]) return false;
            return true;
        } else {
            return a == b;
        }
    }

    struct slot {
        K key{};
        V value{};
        bool used = false;
    };

    bool rehash(std::size_t n) noexcept {
        vector<slot> fresh(slots_.resource());
        if (!fresh.resize(n, slot{})) return false;
        std::size_t mask = n - 1;
        for (const slot& s : slots_) {
            if (!s.used) continue;
            std::size_t i = Hash{}(s.key) & mask;
            while (fresh[i].used) i = (i + 1) & mask;
            fresh[i] = s;
        }
        slots_ = static_cast<vector<slot>&&>(fresh);
        return true;
    }

    vector<slot> slots_;
    std::size_t count_ = 0;
};

/// Stable string storage. Strings are not NUL-terminated unless interned with intern_cstr().
class string_pool {
public:
    string_pool() noexcept : chunks_(default_resource()) {}
    explicit string_pool(memory_resource& mem) noexcept : chunks_(mem) {}
    string_pool(const string_pool&) = delete;
    string_pool& operator=(const string_pool&) = delete;
    string_pool(string_pool&& o) noexcept
        : chunks_(static_cast<vector<chunk>&&>(o.chunks_)), cur_(o.cur_), left_(o.left_), next_chunk_(o.next_chunk_) {
        o.cur_ = nullptr;
        o.left_ = 0;
        o.next_chunk_ = first_chunk;
    }
    string_pool& operator=(string_pool&& o) noexcept {
        if (this != &o) {
            release();
            chunks_ = static_cast<vector<chunk>&&>(o.chunks_);
            cur_ = o.cur_;
            left_ = o.left_;
            next_chunk_ = o.next_chunk_;
            o.cur_ = nullptr;
            o.left_ = 0;
            o.next_chunk_ = first_chunk;
        }
        return *this;
    }
    ~string_pool() { release(); }

    /// Copies s (plus a terminating NUL) into the pool. Returns false when memory ran out.
    [[nodiscard]] bool intern(std::string_view s, std::string_view* out) noexcept {
        char* p = reserve_bytes(s.size() + 1);
        if (p == nullptr) return false;
        if (!s.empty()) std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
        *out = std::string_view(p, s.size());
        return true;
    }

    std::size_t bytes_reserved() const noexcept {
        std::size_t n = 0;
        for (const chunk& c : chunks_) n += c.size;
        return n;
    }

private:
    struct chunk {
        char* data;
        std::size_t size;
    };
    // Chunks grow 256, 512, ... up to 4096 bytes: a small module in a small arena does not pay for
    // a 4 KiB chunk it will not fill.
    static constexpr std::size_t first_chunk = 256;
    static constexpr std::size_t chunk_size = 4096;

    char* reserve_bytes(std::size_t n) noexcept {
        if (n > left_) {
            std::size_t size = n > chunk_size / 4 ? n : next_chunk_;
            while (size < n) size *= 2;
            // Room for the chunk's entry first (doubling), so that push_back cannot fail below.
            if (chunks_.size() == chunks_.capacity() && !chunks_.reserve(chunks_.capacity() < 4 ? 4 : chunks_.capacity() * 2))
                return nullptr;
            char* data = static_cast<char*>(chunks_.resource().allocate(size, 1));
            if (data == nullptr) return nullptr;
            bool ok = chunks_.push_back(chunk{data, size});
            ESCAPADE_ASSERT(ok);
            (void)ok;
            if (n <= chunk_size / 4) {
                if (next_chunk_ < chunk_size) next_chunk_ *= 2;
                cur_ = data;
                left_ = size;
            } else {
                return data;  // a dedicated chunk for a long string
            }
        }
        char* p = cur_;
        cur_ += n;
        left_ -= n;
        return p;
    }

    void release() noexcept {
        for (const chunk& c : chunks_) chunks_.resource().deallocate(c.data, c.size, 1);
        chunks_.release();
        cur_ = nullptr;
        left_ = 0;
        next_chunk_ = first_chunk;
    }

    vector<chunk> chunks_;
    char* cur_ = nullptr;
    std::size_t left_ = 0;
    std::size_t next_chunk_ = first_chunk;
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_HASH_MAP_HPP
