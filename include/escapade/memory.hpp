// escapade/memory.hpp - where the library's memory comes from.
//
// Every allocation the library makes goes through a `memory_resource` the caller may supply. A
// resource returns nullptr when it cannot satisfy a request; the library then stops the operation
// and returns a status with errc::out_of_memory. Nothing aborts or throws on exhaustion.
//
// Provided resources:
//  - malloc_resource: the default, over std::malloc/std::free.
//  - arena_resource: a bump allocator over a caller-owned buffer (embedded targets). Freeing the most
//    recent block gives its bytes back, so a growing vector does not leak its old storage.
//  - limited_resource: forwards to another resource but refuses once a byte budget is reached
//    (tests of the out-of-memory paths use it).
// All of them record current and peak usage.
//
// Complexity: every operation is O(1).
#ifndef ESCAPADE_MEMORY_HPP
#define ESCAPADE_MEMORY_HPP

#include <cstdlib>
#include <cstring>

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
};

/// A bump allocator over a caller-owned buffer. deallocate() of the most recently allocated block
/// returns its bytes; other frees are no-ops until reset().
class arena_resource final : public memory_resource {
public:
    arena_resource(void* buffer, std::size_t size) noexcept
        : begin_(static_cast<unsigned char*>(buffer)), size_(buffer ? size : 0) {}

    /// Forgets every allocation (the caller must not use blocks obtained before).
    void reset() noexcept {
        used_ = 0;
        last_ = static_cast<std::size_t>(-1);
        note_freed(bytes_in_use());
    }
    std::size_t capacity() const noexcept { return size_; }
    std::size_t used() const noexcept { return used_; }

protected:
    void* do_allocate(std::size_t bytes, std::size_t align) noexcept override {
        if (bytes == 0) bytes = 1;
        std::uintptr_t base = reinterpret_cast<std::uintptr_t>(begin_);
        std::uintptr_t cur = base + used_;
        std::uintptr_t aligned = (cur + align - 1) & ~static_cast<std::uintptr_t>(align - 1);
        std::size_t offset = static_cast<std::size_t>(aligned - base);
        if (offset > size_ || bytes > size_ - offset) return nullptr;
        std::size_t before = used_;
        used_ = offset + bytes;
        last_ = offset;
        note_allocated(used_ - before);
        return begin_ + offset;
    }
    void do_deallocate(void* p, std::size_t bytes, std::size_t) noexcept override {
        if (bytes == 0) bytes = 1;
        unsigned char* q = static_cast<unsigned char*>(p);
        if (last_ != static_cast<std::size_t>(-1) && q == begin_ + last_ && last_ + bytes == used_) {
            std::size_t before = used_;
            used_ = last_;
            last_ = static_cast<std::size_t>(-1);
            note_freed(before - used_);
        }
    }

private:
    unsigned char* begin_;
    std::size_t size_;
    std::size_t used_ = 0;
    std::size_t last_ = static_cast<std::size_t>(-1);
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
