// escapade/lattice.hpp - the lattices of the analysis.
//
// A lattice type L models `escapade::lattice` when it provides
//     static L bottom();                       // the least element
//     bool join(const L& other);               // *this = *this ⊔ other; returns true if *this changed
//     bool leq(const L& other) const;          // *this ⊑ other
// is_lattice_v<L> checks the signatures. Every operation below is O(1) (capped_set: O(Cap)).
//
//  - deref_distance: gc's "derefs" count of a flow (-1 = address-of ... +k = k dereferences) with
//    the clamp that keeps walks finite; ordered so that *fewer* dereferences is *higher* (worse:
//    closer to the address). join = min.
//  - shortest_flow<Info>: a deref_distance with what the flow achieving it carries (the analysis'
//    walk value: the reason and callee of the closest flow). Ordered by distance only.
//  - leak_summary: gc's parameter tag: for one parameter, the minimal derefs of a flow to the heap
//    and to each of the first 7 results (saturating at 254, "no flow" = absent). join = slotwise min.
//  - capped_set<T, Cap>: a powerset of at most Cap elements; adding beyond the cap yields top
//    (unknown). Used for type sets and callee sets.
// Each is used by the analysis: the backward walk's value is a shortest_flow (solve.hpp's
// backward_walk keeps a node's value unless a new one is not below it), summaries are
// leak_summary, type sets capped_set (forward_fixpoint).
#ifndef ESCAPADE_LATTICE_HPP
#define ESCAPADE_LATTICE_HPP

#include <type_traits>
#include <utility>

#include "config.hpp"

namespace escapade {

namespace detail {
template <class L, class = void>
struct lattice_check : std::false_type {};
template <class L>
struct lattice_check<L, std::void_t<decltype(L::bottom()), decltype(std::declval<L&>().join(std::declval<const L&>())),
                                    decltype(std::declval<const L&>().leq(std::declval<const L&>()))>>
    : std::bool_constant<std::is_same_v<decltype(L::bottom()), L> &&
                         std::is_same_v<decltype(std::declval<L&>().join(std::declval<const L&>())), bool> &&
                         std::is_same_v<decltype(std::declval<const L&>().leq(std::declval<const L&>())), bool>> {};
}  // namespace detail

/// True when L provides bottom(), join() and leq() with the documented signatures.
template <class L>
inline constexpr bool is_lattice_v = detail::lattice_check<L>::value;

/// A dereference count. `unreached` is bottom; join keeps the smaller count.
struct deref_distance {
    static constexpr std::int32_t unreached = 0x7FFFFFFF;
    std::int32_t value = unreached;

    static constexpr deref_distance bottom() noexcept { return {}; }
    static constexpr deref_distance of(std::int32_t v) noexcept { return deref_distance{v}; }
    constexpr bool reached() const noexcept { return value != unreached; }
    constexpr bool join(const deref_distance& o) noexcept {
        if (o.value < value) {
            value = o.value;
            return true;
        }
        return false;
    }
    constexpr bool leq(const deref_distance& o) const noexcept { return value >= o.value; }
    /// The walk's transfer along an edge of weight w: an address (-1) stops being an address once
    /// it is stored (gc clamps at 0 before extending), so `root = &l; l = x` makes x's *value*, not
    /// its address, flow to root.
    constexpr deref_distance extend(std::int32_t w) const noexcept {
        if (!reached()) return *this;
        std::int32_t base = value < 0 ? 0 : value;
        return deref_distance{base + w};
    }
    friend constexpr bool operator==(deref_distance a, deref_distance b) noexcept { return a.value == b.value; }
};

/// The value of a backward walk from a root: the fewest dereferences of a flow from a node to the
/// root, and what that flow carries (Info: for the analysis, the cause and callee of the first
/// reason on the path, and whether the level is exact). Ordered by distance alone; join keeps the
/// closer flow with its Info (on a tie, the flow already there).
template <class Info>
struct shortest_flow {
    deref_distance distance;
    Info info{};

    static constexpr shortest_flow bottom() noexcept { return {}; }
    static constexpr shortest_flow at(std::int32_t derefs, const Info& i) noexcept { return shortest_flow{deref_distance::of(derefs), i}; }
    constexpr bool join(const shortest_flow& o) noexcept {
        if (!(o.distance.value < distance.value)) return false;
        *this = o;
        return true;
    }
    constexpr bool leq(const shortest_flow& o) const noexcept { return distance.leq(o.distance); }
    /// The value reaching the source of an edge of weight w (deref_distance::extend) with `i`.
    constexpr shortest_flow extend(std::int32_t w, const Info& i) const noexcept { return shortest_flow{distance.extend(w), i}; }
};

/// gc's parameter tag (`leaks` in leaks.go): where a parameter's value flows, with the fewest
/// dereferences. Slot 0 is the heap, slots 1..7 the first seven results. Stored as derefs+1
/// (0 = no flow), saturating: a small fixed-size value, cheap to keep per parameter on an MCU.
struct leak_summary {
    static constexpr int max_results = 7;
    std::uint8_t slots[1 + max_results] = {};

    static constexpr leak_summary bottom() noexcept { return {}; }
    /// The conservative summary: the parameter itself flows to the heap.
    static constexpr leak_summary leaks_everything() noexcept {
        leak_summary l;
        l.add_heap(0);
        return l;
    }
    constexpr bool empty() const noexcept {
        for (std::uint8_t s : slots)
            if (s) return false;
        return true;
    }
    /// Minimal derefs of a flow to the heap, or -1.
    constexpr int heap() const noexcept { return get(0); }
    /// Minimal derefs of a flow to result i, or -1.
    constexpr int result(int i) const noexcept { return i < max_results ? get(1 + i) : -1; }
    constexpr void add_heap(int derefs) noexcept { add(0, derefs); }
    constexpr void add_result(int i, int derefs) noexcept {
        if (i < max_results) add(1 + i, derefs);
    }
    /// Drops result flows that are no shorter than the heap flow (they add nothing).
    constexpr void optimize() noexcept {
        int h = heap();
        if (h < 0) return;
        for (int i = 0; i < max_results; ++i)
            if (result(i) >= h) slots[1 + i] = 0;
    }
    constexpr bool join(const leak_summary& o) noexcept {
        bool changed = false;
        for (int i = 0; i < 1 + max_results; ++i) {
            int v = o.get(i);
            if (v >= 0 && (get(i) < 0 || v < get(i))) {
                set(i, v);
                changed = true;
            }
        }
        return changed;
    }
    /// this ⊑ o: every flow of this is in o with at most as many derefs.
    constexpr bool leq(const leak_summary& o) const noexcept {
        for (int i = 0; i < 1 + max_results; ++i) {
            int a = get(i), b = o.get(i);
            if (a >= 0 && (b < 0 || b > a)) return false;
        }
        return true;
    }
    friend constexpr bool operator==(const leak_summary& a, const leak_summary& b) noexcept {
        for (int i = 0; i < 1 + max_results; ++i)
            if (a.slots[i] != b.slots[i]) return false;
        return true;
    }
    friend constexpr bool operator!=(const leak_summary& a, const leak_summary& b) noexcept { return !(a == b); }

private:
    constexpr int get(int i) const noexcept { return static_cast<int>(slots[i]) - 1; }
    constexpr void set(int i, int derefs) noexcept {
        int v = derefs + 1;
        if (v < 1) v = 1;  // derefs >= 0 for any stored flow
        if (v > 255) v = 255;
        slots[i] = static_cast<std::uint8_t>(v);
    }
    constexpr void add(int i, int derefs) noexcept {
        int old = get(i);
        if (old < 0 || derefs < old) set(i, derefs);
    }
};

/// A set of at most Cap elements, sorted; beyond the cap (or when told) it becomes top = unknown.
template <class T, std::size_t Cap>
struct capped_set {
    static_assert(Cap > 0 && Cap < 256, "capped_set capacity must be 1..255");
    static constexpr std::size_t capacity = Cap;
    T items[Cap] = {};
    std::uint8_t size = 0;
    bool top = false;

    static constexpr capped_set bottom() noexcept { return {}; }
    static constexpr capped_set unknown() noexcept {
        capped_set s;
        s.top = true;
        return s;
    }
    constexpr bool contains(const T& v) const noexcept {
        if (top) return true;
        for (std::uint8_t i = 0; i < size; ++i)
            if (items[i] == v) return true;
        return false;
    }
    /// Adds v; returns true if the set changed.
    constexpr bool insert(const T& v) noexcept {
        if (top) return false;
        std::uint8_t i = 0;
        while (i < size && items[i] < v) ++i;
        if (i < size && items[i] == v) return false;
        if (size == Cap) {
            top = true;
            size = 0;
            return true;
        }
        for (std::uint8_t j = size; j > i; --j) items[j] = items[j - 1];
        items[i] = v;
        ++size;
        return true;
    }
    constexpr bool join(const capped_set& o) noexcept {
        if (top) return false;
        if (o.top) {
            top = true;
            size = 0;
            return true;
        }
        bool changed = false;
        for (std::uint8_t i = 0; i < o.size; ++i) changed = insert(o.items[i]) || changed;
        return changed;
    }
    constexpr bool leq(const capped_set& o) const noexcept {
        if (o.top) return true;
        if (top) return false;
        for (std::uint8_t i = 0; i < size; ++i)
            if (!o.contains(items[i])) return false;
        return true;
    }
    const T* begin() const noexcept { return items; }
    const T* end() const noexcept { return items + size; }
};

static_assert(is_lattice_v<deref_distance>);
static_assert(is_lattice_v<leak_summary>);
static_assert(is_lattice_v<capped_set<int, 4>>);
static_assert(is_lattice_v<shortest_flow<int>>);

}  // namespace escapade

#endif  // ESCAPADE_LATTICE_HPP
