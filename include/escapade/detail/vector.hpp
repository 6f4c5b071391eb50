// escapade/detail/vector.hpp - a growable array whose growth can fail.
//
// std::vector cannot report allocation failure without exceptions, so the library uses this one.
// Operations that may allocate are [[nodiscard]] and return false when the memory resource refuses;
// the vector is then unchanged. Growth doubles the capacity: push_back is amortised O(1). Trivially
// copyable elements grow through memory_resource::resize when the resource can (no copy by the
// vector, no second block alive beside the first), and shrink_to_fit gives unused capacity back
// the same way (O(1) calls; what the resource's resize costs).
#ifndef ESCAPADE_DETAIL_VECTOR_HPP
#define ESCAPADE_DETAIL_VECTOR_HPP

#include <new>
#include <type_traits>
#include <utility>

#include "../memory.hpp"

namespace escapade::detail {

template <class T>
class vector {
public:
    using value_type = T;
    using iterator = T*;
    using const_iterator = const T*;

    vector() noexcept : mem_(&default_resource()) {}
    explicit vector(memory_resource& mem) noexcept : mem_(&mem) {}
    vector(const vector&) = delete;
    vector& operator=(const vector&) = delete;
    vector(vector&& o) noexcept : mem_(o.mem_), data_(o.data_), size_(o.size_), cap_(o.cap_) {
        o.data_ = nullptr;
        o.size_ = o.cap_ = 0;
    }
    vector& operator=(vector&& o) noexcept {
        if (this != &o) {
            release();
            mem_ = o.mem_;
            data_ = o.data_;
            size_ = o.size_;
            cap_ = o.cap_;
            o.data_ = nullptr;
            o.size_ = o.cap_ = 0;
        }
        return *this;
    }
    ~vector() { release(); }

    memory_resource& resource() const noexcept { return *mem_; }
    /// Changes the resource of an empty vector without storage.
    void set_resource(memory_resource& mem) noexcept {
        ESCAPADE_ASSERT(data_ == nullptr);
        mem_ = &mem;
    }

    std::size_t size() const noexcept { return size_; }
    std::size_t capacity() const noexcept { return cap_; }
    bool empty() const noexcept { return size_ == 0; }
    T* data() noexcept { return data_; }
    const T* data() const noexcept { return data_; }
    T* begin() noexcept { return data_; }
    T* end() noexcept { return data_ + size_; }
    const T* begin() const noexcept { return data_; }
    const T* end() const noexcept { return data_ + size_; }
    T& operator[](std::size_t i) noexcept {
        ESCAPADE_ASSERT(i < size_);
        return data_[i];
    }
    const T& operator[](std::size_t i) const noexcept {
        ESCAPADE_ASSERT(i < size_);
        return data_[i];
    }
    T& back() noexcept {
        ESCAPADE_ASSERT(size_ > 0);
        return data_[size_ - 1];
    }
    const T& back() const noexcept {
        ESCAPADE_ASSERT(size_ > 0);
        return data_[size_ - 1];
    }

    [[nodiscard]] bool reserve(std::size_t n) noexcept {
        if (n <= cap_) return true;
        if (n > max_size()) return false;
        if constexpr (std::is_trivially_copyable_v<T>) {
            if (data_ != nullptr) {
                if (void* q = mem_->resize(data_, cap_ * sizeof(T), n * sizeof(T), alignof(T))) {
                    data_ = static_cast<T*>(q);
                    cap_ = n;
                    return true;
                }
            }
        }
        T* fresh = static_cast<T*>(mem_->allocate(n * sizeof(T), alignof(T)));
        if (fresh == nullptr) return false;
        for (std::size_t i = 0; i < size_; ++i) {
            ::new (static_cast<void*>(fresh + i)) T(std::move(data_[i]));
            data_[i].~T();
        }
        if (data_ != nullptr) mem_->deallocate(data_, cap_ * sizeof(T), alignof(T));
        data_ = fresh;
        cap_ = n;
        return true;
    }

    [[nodiscard]] bool push_back(const T& v) noexcept {
        if (size_ == cap_ && !grow()) return false;
        ::new (static_cast<void*>(data_ + size_)) T(v);
        ++size_;
        return true;
    }
    [[nodiscard]] bool push_back(T&& v) noexcept {
        if (size_ == cap_ && !grow()) return false;
        ::new (static_cast<void*>(data_ + size_)) T(std::move(v));
        ++size_;
        return true;
    }
    template <class... A>
    [[nodiscard]] bool emplace_back(A&&... a) noexcept {
        if (size_ == cap_ && !grow()) return false;
        ::new (static_cast<void*>(data_ + size_)) T{std::forward<A>(a)...};
        ++size_;
        return true;
    }
    /// The most elements whose byte count fits in a size_t.
    static constexpr std::size_t max_size() noexcept { return static_cast<std::size_t>(-1) / sizeof(T); }
    /// Appends n copies of v.
    [[nodiscard]] bool append(std::size_t n, const T& v) noexcept {
        // n > max_size() first: with a constant n the optimiser then sees the loop below is dead
        // (g++ -O3 otherwise warns that a huge n would overflow its pointer arithmetic).
        if (n > max_size() || n > max_size() - size_) return false;
        if (size_ + n > cap_ && !reserve(grown(size_ + n))) return false;
        for (std::size_t i = 0; i < n; ++i) ::new (static_cast<void*>(data_ + size_ + i)) T(v);
        size_ += n;
        return true;
    }
    /// Appends [first, first + n).
    [[nodiscard]] bool append(const T* first, std::size_t n) noexcept {
        if (n > max_size() || n > max_size() - size_) return false;
        if (size_ + n > cap_ && !reserve(grown(size_ + n))) return false;
        for (std::size_t i = 0; i < n; ++i) ::new (static_cast<void*>(data_ + size_ + i)) T(first[i]);
        size_ += n;
        return true;
    }
    /// Grows to n elements (new ones are copies of v) or shrinks to n.
    [[nodiscard]] bool resize(std::size_t n, const T& v = T()) noexcept {
        if (n <= size_) {
            truncate(n);
            return true;
        }
        return append(n - size_, v);
    }
    void pop_back() noexcept {
        ESCAPADE_ASSERT(size_ > 0);
        --size_;
        data_[size_].~T();
    }
    void truncate(std::size_t n) noexcept {
        while (size_ > n) pop_back();
    }
    void clear() noexcept { truncate(0); }
    /// Gives back capacity beyond size() when the resource can resize the block (trivially
    /// copyable elements; an empty vector frees its storage); otherwise keeps it. Never fails.
    void shrink_to_fit() noexcept {
        if (data_ == nullptr || size_ == cap_) return;
        if (size_ == 0) {
            release();
            return;
        }
        if constexpr (std::is_trivially_copyable_v<T>) {
            if (void* q = mem_->resize(data_, cap_ * sizeof(T), size_ * sizeof(T), alignof(T))) {
                data_ = static_cast<T*>(q);
                cap_ = size_;
            }
        }
    }
    /// Frees the storage.
    void release() noexcept {
        clear();
        if (data_ != nullptr) mem_->deallocate(data_, cap_ * sizeof(T), alignof(T));
        data_ = nullptr;
        cap_ = 0;
    }

private:
    std::size_t grown(std::size_t need) const noexcept {
        std::size_t n = cap_ * 2 < cap_ ? need : cap_ * 2;
        if (n < need) n = need;
        return n < 8 ? 8 : n;
    }
    bool grow() noexcept {
        std::size_t n = cap_ < 4 ? 4 : cap_ * 2;
        if (n < cap_) return false;
        return reserve(n);
    }

    memory_resource* mem_;
    T* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t cap_ = 0;
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_VECTOR_HPP
