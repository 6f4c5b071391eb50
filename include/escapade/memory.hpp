// escapade/memory.hpp - where the library's memory comes from.
//
// Every allocation the library makes goes through a `memory_resource` the caller may supply. A
// resource returns nullptr when it cannot satisfy a request; the library then stops the operation
// and returns a status with errc::out_of_memory. Nothing aborts or throws on exhaustion.
//
// Provided resources:
//  - malloc_resource: the default, over std::malloc/std::free.
//  - arena_resource: a bump allocator over a caller-owned buffer (embedded targets) that reuses freed
//    blocks (a free list by size class), so a growing vector's old storage serves later requests.
//  - limited_resource: forwards to another resource but refuses once a byte budget is reached
//    (tests of the out-of-memory paths use it).
// All of them record current and peak usage.
//
// resize() changes a block's size where the resource can do so without a copy the caller would
// make (malloc_resource: std::realloc, which moves large blocks by remapping pages; arena_resource:
// the block at the top, in place); otherwise it returns nullptr and the caller allocates, copies
// and frees as before. The library's vectors use it to grow and to give back unused capacity.
//
// Complexity: every operation is O(1) (arena_resource: O(number of size classes), at most 64;
// malloc_resource::resize: what std::realloc costs, at most a copy of the block).
#ifndef ESCAPADE_MEMORY_HPP
#define ESCAPADE_MEMORY_HPP

#include <cstdlib>
#include <cstring>
#include <new>

#include "config.hpp"

namespace escapade {

/// An allocator interface. Implementations must be thread-compatible (one analysis per resource at a
/// time). Virtual dispatch needs no RTTI.
class memory_resource {
public:
    /// Returns `bytes` bytes aligned to `align` (a power of two), or nullptr.
    void* allocate(std::size_t bytes, std::size_t align = alignof(std::max_align_t)) noexcept {
        return do_allocate(bytes, align);
    }
    /// Returns a block obtained from allocate with the same size and alignment. p may be null.
    void deallocate(void* p, std::size_t bytes, std::size_t align = alignof(std::max_align_t)) noexcept {
        if (p != nullptr) do_deallocate(p, bytes, align);
    }
    /// Changes the size of block p (obtained with `bytes` and `align`) to new_bytes (> 0), keeping
    /// its first min(bytes, new_bytes) bytes, and returns it, moved or not; the caller then owns a
    /// block of new_bytes. Returns nullptr when the resource cannot (the default): p is unchanged
    /// and still the caller's, who may allocate, copy and deallocate instead. Only for blocks whose
    /// contents may be copied bytewise.
    void* resize(void* p, std::size_t bytes, std::size_t new_bytes, std::size_t align = alignof(std::max_align_t)) noexcept {
        if (p == nullptr || new_bytes == 0) return nullptr;
        return do_resize(p, bytes, new_bytes, align);
    }
    std::size_t bytes_in_use() const noexcept { return in_use_; }
    std::size_t peak_bytes() const noexcept { return peak_; }
    void reset_peak() noexcept { peak_ = in_use_; }

protected:
    memory_resource() = default;
    memory_resource(const memory_resource&) = default;
    memory_resource& operator=(const memory_resource&) = default;
    ~memory_resource() = default;

    virtual void* do_allocate(std::size_t bytes, std::size_t align) noexcept = 0;
    virtual void do_deallocate(void* p, std::size_t bytes, std::size_t align) noexcept = 0;
    virtual void* do_resize(void*, std::size_t, std::size_t, std::size_t) noexcept { return nullptr; }

    void note_allocated(std::size_t bytes) noexcept {
        in_use_ += bytes;
        if (in_use_ > peak_) peak_ = in_use_;
    }
    void note_freed(std::size_t bytes) noexcept { in_use_ = bytes <= in_use_ ? in_use_ - bytes : 0; }

private:
    std::size_t in_use_ = 0;
    std::size_t peak_ = 0;
};

/// The default resource: std::malloc and std::free. Over-aligned requests are served by
/// over-allocating and storing the original pointer in front of the aligned block.
class malloc_resource final : public memory_resource {
protected:
    void* do_allocate(std::size_t bytes, std::size_t align) noexcept override {
        if (bytes == 0) bytes = 1;
        if (align <= alignof(std::max_align_t)) {
            void* p = std::malloc(bytes);
            if (p != nullptr) note_allocated(bytes);
            return p;
        }
        std::size_t extra = align + sizeof(void*);
        if (bytes > static_cast<std::size_t>(-1) - extra) return nullptr;
        void* raw = std::malloc(bytes + extra);
        if (raw == nullptr) return nullptr;
        std::uintptr_t base = reinterpret_cast<std::uintptr_t>(raw) + sizeof(void*);
        std::uintptr_t aligned = (base + align - 1) & ~static_cast<std::uintptr_t>(align - 1);
        std::memcpy(reinterpret_cast<void*>(aligned - sizeof(void*)), &raw, sizeof raw);
        note_allocated(bytes);
        return reinterpret_cast<void*>(aligned);
    }
    void do_deallocate(void* p, std::size_t bytes, std::size_t align) noexcept override {
        note_freed(bytes == 0 ? 1 : bytes);
        if (align <= alignof(std::max_align_t)) {
            std::free(p);
            return;
        }
        void* raw;
        std::memcpy(&raw, reinterpret_cast<char*>(p) - sizeof(void*), sizeof raw);
        std::free(raw);
    }
    /// std::realloc for blocks of at most max_align_t alignment (over-aligned ones: nullptr).
    void* do_resize(void* p, std::size_t bytes, std::size_t new_bytes, std::size_t align) noexcept override {
        if (align > alignof(std::max_align_t)) return nullptr;
        void* q = std::realloc(p, new_bytes);
        if (q == nullptr) return nullptr;
        note_freed(bytes == 0 ? 1 : bytes);
        note_allocated(new_bytes);
        return q;
    }
};

/// A bump allocator over a caller-owned buffer, which reuses what is given back: freeing the
/// block at the top lowers the bump pointer; any other freed block (its max_align_t-aligned part
/// of at least 32 bytes) goes to a free list by power-of-two size class and serves later requests
/// of up to max_align_t alignment, so a growing vector's old storage is reused. Blocks are never
/// coalesced. Deterministic: the same requests on the same buffer get the same addresses.
///
/// bytes_in_use() and peak_bytes() of an arena count its footprint, used(): the highest byte the
/// bump pointer has reached, free-list blocks included. peak_bytes() is therefore the smallest
/// capacity that serves the same requests. Every operation is O(number of size classes).
class arena_resource final : public memory_resource {
public:
    arena_resource(void* buffer, std::size_t size) noexcept
        : begin_(static_cast<unsigned char*>(buffer)), size_(buffer ? size : 0) {}

    /// Forgets every allocation (the caller must not use blocks obtained before).
    void reset() noexcept {
        used_ = 0;
        for (free_block*& bin : bins_) bin = nullptr;
        note_freed(bytes_in_use());
    }
    std::size_t capacity() const noexcept { return size_; }
    /// Bytes from the start of the buffer to the bump pointer.
    std::size_t used() const noexcept { return used_; }

protected:
    void* do_allocate(std::size_t bytes, std::size_t align) noexcept override {
        if (bytes == 0) bytes = 1;
        if (align <= unit && bytes <= size_) {
            // The smallest class whose every block fits: blocks of class k hold [2^k, 2^(k+1)) bytes.
            std::size_t want = round_up(bytes);
            unsigned k = size_class(want);
            if ((std::size_t(1) << k) < want) ++k;
            for (; k < bin_count; ++k) {
                free_block* b = bins_[k];
                if (b == nullptr) continue;
                bins_[k] = b->next;
                std::size_t rest = b->size - want;
                if (rest >= min_block) recycle(reinterpret_cast<unsigned char*>(b) + want, rest);
                return b;
            }
        }
        std::uintptr_t base = reinterpret_cast<std::uintptr_t>(begin_);
        std::uintptr_t cur = base + used_;
        std::uintptr_t aligned = (cur + align - 1) & ~static_cast<std::uintptr_t>(align - 1);
        std::size_t offset = static_cast<std::size_t>(aligned - base);
        if (offset > size_ || bytes > size_ - offset) return nullptr;
        std::size_t before = used_;
        used_ = offset + bytes;
        note_allocated(used_ - before);
        return begin_ + offset;
    }
    void do_deallocate(void* p, std::size_t bytes, std::size_t) noexcept override {
        if (bytes == 0) bytes = 1;
        unsigned char* q = static_cast<unsigned char*>(p);
        if (q + bytes == begin_ + used_) {  // the top block: lower the bump pointer
            std::size_t before = used_;
            used_ = static_cast<std::size_t>(q - begin_);
            note_freed(before - used_);
            return;
        }
        std::uintptr_t first = (reinterpret_cast<std::uintptr_t>(q) + unit - 1) & ~static_cast<std::uintptr_t>(unit - 1);
        std::uintptr_t last = (reinterpret_cast<std::uintptr_t>(q) + bytes) & ~static_cast<std::uintptr_t>(unit - 1);
        if (last > first && last - first >= min_block) recycle(reinterpret_cast<unsigned char*>(first), static_cast<std::size_t>(last - first));
    }
    /// The block at the top grows or shrinks in place (while the buffer has room); others: nullptr.
    void* do_resize(void* p, std::size_t bytes, std::size_t new_bytes, std::size_t) noexcept override {
        if (bytes == 0) bytes = 1;
        unsigned char* q = static_cast<unsigned char*>(p);
        if (q + bytes != begin_ + used_) return nullptr;
        std::size_t offset = static_cast<std::size_t>(q - begin_);
        if (new_bytes > size_ - offset) return nullptr;
        std::size_t before = used_;
        used_ = offset + new_bytes;
        if (used_ > before) note_allocated(used_ - before);
        else note_freed(before - used_);
        return p;
    }

private:
    struct free_block {
        std::size_t size;
        free_block* next;
    };
    static constexpr std::size_t unit = alignof(std::max_align_t);
    static constexpr std::size_t min_block = sizeof(free_block) > 32 ? sizeof(free_block) : 32;
    static constexpr unsigned bin_count = sizeof(std::size_t) * 8;

    static std::size_t round_up(std::size_t n) noexcept {
        n = (n + unit - 1) & ~(unit - 1);
        return n < min_block ? min_block : n;
    }
    static unsigned size_class(std::size_t n) noexcept {  // floor(log2(n)), n > 0
        unsigned k = 0;
        while (n >>= 1) ++k;
        return k;
    }
    void recycle(unsigned char* p, std::size_t size) noexcept {
        free_block* b = ::new (static_cast<void*>(p)) free_block{size, nullptr};
        unsigned k = size_class(size);
        b->next = bins_[k];
        bins_[k] = b;
    }

    unsigned char* begin_;
    std::size_t size_;
    std::size_t used_ = 0;
    free_block* bins_[bin_count] = {};
};

/// Forwards to `upstream` while the bytes in use stay within `limit`; refuses beyond.
class limited_resource final : public memory_resource {
public:
    limited_resource(memory_resource& upstream, std::size_t limit) noexcept : upstream_(&upstream), limit_(limit) {}
    std::size_t limit() const noexcept { return limit_; }
    std::size_t refusals() const noexcept { return refusals_; }

protected:
    void* do_allocate(std::size_t bytes, std::size_t align) noexcept override {
        if (bytes > limit_ || bytes_in_use() > limit_ - bytes) {
            ++refusals_;
            return nullptr;
        }
        void* p = upstream_->allocate(bytes, align);
        if (p != nullptr) note_allocated(bytes);
        return p;
    }
    void do_deallocate(void* p, std::size_t bytes, std::size_t align) noexcept override {
        note_freed(bytes);
        upstream_->deallocate(p, bytes, align);
    }

private:
    memory_resource* upstream_;
    std::size_t limit_;
    std::size_t refusals_ = 0;
};

/// The process-wide default resource (a malloc_resource unless replaced).
inline memory_resource*& default_resource_slot() noexcept {
    static malloc_resource instance;
    static memory_resource* current = &instance;
    return current;
}
inline memory_resource& default_resource() noexcept { return *default_resource_slot(); }
/// Replaces the default resource; returns the previous one. Not thread-safe.
inline memory_resource& set_default_resource(memory_resource& r) noexcept {
    memory_resource& old = *default_resource_slot();
    default_resource_slot() = &r;
    return old;
}

}  // namespace escapade

#endif  // ESCAPADE_MEMORY_HPP
