// escapade/detail/cfg/host.hpp - a CFG host (cfg_traits) as the engine sees it.
//
// The engine (detail/engine/) is one class template over the host's traits. For a CFG host it is
// instantiated with cfg_host<P, CT>: the handles the engine keys its tables and results by
// (function_ref is the host's; variable_ref, expr_ref and stmt_ref wrap the host's value_ref: a
// parameter, an allocation instruction, any instruction), the few members the shared stages call
// (names, positions, file names, declared leaks), and inert answers for the tree members, which the
// engine never calls for a CFG host: graph construction for CFG functions is detail/engine/cfg_*.hpp,
// chosen at the few points where the two shapes differ (`if constexpr (is_cfg)`).
//
// Cost: every member O(1) (it forwards).
#ifndef ESCAPADE_DETAIL_CFG_HOST_HPP
#define ESCAPADE_DETAIL_CFG_HOST_HPP

#include <string_view>

#include "../../cfg_traits.hpp"
#include "../../kinds.hpp"

namespace escapade::detail {

template <class V, int Role>
struct cfg_handle {
    V v{};
    friend bool operator==(const cfg_handle& a, const cfg_handle& b) noexcept { return a.v == b.v; }
    friend bool operator!=(const cfg_handle& a, const cfg_handle& b) noexcept { return !(a.v == b.v); }
};
struct cfg_type_handle {
    std::uint8_t k = 0;
    friend bool operator==(cfg_type_handle a, cfg_type_handle b) noexcept { return a.k == b.k; }
    friend bool operator!=(cfg_type_handle a, cfg_type_handle b) noexcept { return a.k != b.k; }
};

/// A range of handles wrapping a range of the host's values.
template <class H, class R>
struct cfg_wrapped_range {
    R r;
    struct iterator {
        using base = decltype(adl_begin(std::declval<R&>()));
        base it;
        using value_type = H;
        using reference = H;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using iterator_category = std::forward_iterator_tag;
        H operator*() const { return H{*it}; }
        iterator& operator++() {
            ++it;
            return *this;
        }
        iterator operator++(int) {
            iterator o = *this;
            ++it;
            return o;
        }
        friend bool operator==(const iterator& a, const iterator& b) { return a.it == b.it; }
        friend bool operator!=(const iterator& a, const iterator& b) { return !(a.it == b.it); }
    };
    iterator begin() { return iterator{adl_begin(r)}; }
    iterator end() { return iterator{adl_end(r)}; }
};

template <class P, class CT>
struct cfg_host {
    static constexpr bool is_cfg = true;
    using cfg = CT;
    using function_ref = typename CT::function_ref;
    using value_ref = typename CT::value_ref;
    using variable_ref = cfg_handle<value_ref, 0>;  ///< a parameter (result variables: value_ref{})
    using expr_ref = cfg_handle<value_ref, 1>;      ///< an instruction (sites: allocations)
    using stmt_ref = cfg_handle<value_ref, 2>;
    using type_ref = cfg_type_handle;

    // ---- what the shared stages call ------------------------------------------------------------
    static auto functions(const P& p) { return CT::functions(p); }
    static std::string_view file_name(const P& p, index_t f) { return CT::file_name(p, f); }
    static std::string_view function_name(const P& p, function_ref f) { return CT::function_name(p, f); }
    static source_pos function_position(const P& p, function_ref f) { return CT::function_position(p, f); }
    static bool has_body(const P& p, function_ref f) { return CT::has_body(p, f); }
    static auto params(const P& p, function_ref f) {
        using R = decltype(CT::params(p, f));
        return cfg_wrapped_range<variable_ref, R>{CT::params(p, f)};
    }
    static bool is_closure(const P&, function_ref) { return false; }
    static function_ref parent(const P&, function_ref) { return function_ref{}; }
    static std::string_view variable_name(const P& p, variable_ref v) {
        if (v.v == value_ref{}) return "~r0";
        std::string_view n = cfg_value_name<P, CT>(p, v.v);
        return n.empty() ? std::string_view("(param)") : n;
    }
    static source_pos variable_position(const P&, variable_ref) { return source_pos{}; }
    static type_ref variable_type(const P&, variable_ref) { return type_ref{}; }
    static var_kind variable_kind(const P&, variable_ref v) { return v.v == value_ref{} ? var_kind::result : var_kind::param; }
    static source_pos expression_position(const P& p, expr_ref e) { return CT::instruction_position(p, e.v); }
    /// Sites are allocation instructions: new(T) as far as messages go.
    static expr_kind expression_kind(const P&, expr_ref) { return expr_kind::new_; }
    static type_ref expression_type(const P&, expr_ref) { return type_ref{}; }
    static std::string_view expression_text(const P& p, expr_ref e) {
        std::string_view n = cfg_value_name<P, CT>(p, e.v);
        return n.empty() ? std::string_view("allocation") : n;
    }
    static bool type_has_pointers(const P&, type_ref) { return true; }
    static type_kind type_kind_of(const P&, type_ref) { return type_kind::unsafe_pointer; }
    static size64 type_size(const P&, type_ref) { return 8; }
    static bool type_pointer_shaped(const P&, type_ref) { return true; }
    static type_ref type_elem(const P&, type_ref) { return type_ref{}; }
    static std::string_view type_name(const P&, type_ref) { return "ptr"; }
    static bool has_declared_leaks(const P& p, function_ref f) {
        if constexpr (cfg_has_declared_leaks<P, CT>()) return CT::has_declared_leaks(p, f);
        (void)p;
        (void)f;
        return false;
    }
    static auto declared_leaks(const P& p, function_ref f) {
        if constexpr (cfg_has_declared_leaks<P, CT>()) {
            return CT::declared_leaks(p, f);
        } else {
            (void)p;
            (void)f;
            return empty_range<leak_declaration>();
        }
    }

    // ---- tree members: never called for a CFG host -------------------------------------------------
    template <class E>
    struct empty_range {
        const E* begin() const { return nullptr; }
        const E* end() const { return nullptr; }
    };
    static empty_range<variable_ref> results(const P&, function_ref) { return {}; }
    static empty_range<variable_ref> captures(const P&, function_ref) { return {}; }
    static empty_range<stmt_ref> body(const P&, function_ref) { return {}; }
    static stmt_kind statement_kind(const P&, stmt_ref) { return stmt_kind::block; }
    static source_pos statement_position(const P&, stmt_ref) { return source_pos{}; }
    static empty_range<stmt_ref> statement_children(const P&, stmt_ref) { return {}; }
    static empty_range<stmt_ref> statement_else(const P&, stmt_ref) { return {}; }
    static empty_range<expr_ref> statement_operands(const P&, stmt_ref) { return {}; }
    static std::size_t statement_targets(const P&, stmt_ref) { return 0; }
    static assign_form statement_form(const P&, stmt_ref) { return assign_form::plain; }
    static variable_ref declared_variable(const P&, stmt_ref) { return variable_ref{}; }
    static empty_range<expr_ref> expression_operands(const P&, expr_ref) { return {}; }
    static variable_ref referenced_variable(const P&, expr_ref) { return variable_ref{}; }
    static function_ref referenced_function(const P&, expr_ref) { return function_ref{}; }
    static std::string_view method_name(const P&, expr_ref) { return std::string_view(); }
};

template <class T, class = void>
struct is_cfg_host : std::false_type {};
template <class T>
struct is_cfg_host<T, std::void_t<decltype(T::is_cfg)>> : std::bool_constant<T::is_cfg> {};

/// For a tree host: handle types for the engine's CFG members, which it never instantiates.
struct no_cfg_traits {
    using function_ref = index_t;
    using block_ref = index_t;
    using value_ref = index_t;
};
struct no_cfg_host {
    using cfg = no_cfg_traits;
};
/// The host's cfg_traits (a CFG host) or no_cfg_traits (a tree host).
template <class T>
using cfg_traits_of = typename std::conditional_t<is_cfg_host<T>::value, T, no_cfg_host>::cfg;

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_CFG_HOST_HPP
