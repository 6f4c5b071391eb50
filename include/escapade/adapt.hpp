// escapade/adapt.hpp - small range adapters for host IRs, for use in ir_traits specialisations.
//
//   intrusive_list(first, end, &Node::next)   the nodes first, first->next, ... up to (not including)
//                                             `end` (a sentinel node, or nullptr), as a forward range
//                                             of `const Node*`
//
// They are plain forward ranges (begin/end over a forward iterator; range-for works). To compose
// them with range-v3's views, include <escapade/ranges.hpp> (which marks them as views). They use
// no exceptions and no RTTI. O(1) per step.
#ifndef ESCAPADE_ADAPT_HPP
#define ESCAPADE_ADAPT_HPP

#include <cstddef>
#include <iterator>


namespace escapade {

/// A forward iterator over an intrusive singly linked list.
template <class Node, class Next = Node*>
class intrusive_iterator {
public:
    using value_type = const Node*;
    using difference_type = std::ptrdiff_t;
    using reference = const Node*;
    using pointer = void;
    using iterator_category = std::forward_iterator_tag;

    intrusive_iterator() = default;
    intrusive_iterator(const Node* cur, Next Node::*next) noexcept : cur_(cur), next_(next) {}
    const Node* operator*() const noexcept { return cur_; }
    intrusive_iterator& operator++() noexcept {
        cur_ = cur_->*next_;
        return *this;
    }
    intrusive_iterator operator++(int) noexcept {
        intrusive_iterator t = *this;
        ++*this;
        return t;
    }
    friend bool operator==(const intrusive_iterator& a, const intrusive_iterator& b) noexcept { return a.cur_ == b.cur_; }
    friend bool operator!=(const intrusive_iterator& a, const intrusive_iterator& b) noexcept { return a.cur_ != b.cur_; }

private:
    const Node* cur_ = nullptr;
    Next Node::*next_ = nullptr;
};

/// A pair of intrusive iterators: the range intrusive_list returns.
template <class Node, class Next = Node*>
class intrusive_range {
public:
    using iterator = intrusive_iterator<Node, Next>;
    intrusive_range() = default;
    intrusive_range(iterator first, iterator last) noexcept : first_(first), last_(last) {}
    iterator begin() const noexcept { return first_; }
    iterator end() const noexcept { return last_; }
    bool empty() const noexcept { return first_ == last_; }

private:
    iterator first_;
    iterator last_;
};

/// The list first, first->*next, ... stopping before `end` (a sentinel node or nullptr).
template <class Node, class Next>
auto intrusive_list(const Node* first, const Node* end, Next Node::*next) noexcept {
    using it = intrusive_iterator<Node, Next>;
    return intrusive_range<Node, Next>(it(first, next), it(end, next));
}

}  // namespace escapade

#endif  // ESCAPADE_ADAPT_HPP
