// escapade/ir/traits.hpp - the generic IR seen through escapade::ir_traits.
//
// The library has one analysis path: the generic IR is adapted through the same traits a host
// compiler writes. Handles are typed wrappers around the module's dense ids, so results keyed by a
// variable and by an expression cannot be confused. Lists are the module's id spans, adapted to
// handles by the library's own small views (detail/range.hpp; no copies).
#ifndef ESCAPADE_IR_TRAITS_HPP
#define ESCAPADE_IR_TRAITS_HPP

#include <cstddef>
#include <cstdlib>
#include <iterator>

#include "../detail/range.hpp"
#include "../traits.hpp"
#include "module.hpp"

namespace escapade::ir {

/// A typed id: the handle of a generic-IR node.
template <class Tag>
struct handle {
    index_t id = invalid_index;
    friend constexpr bool operator==(handle a, handle b) noexcept { return a.id == b.id; }
    friend constexpr bool operator!=(handle a, handle b) noexcept { return a.id != b.id; }
    friend constexpr bool operator<(handle a, handle b) noexcept { return a.id < b.id; }
};
using function_handle = handle<struct function_tag>;
using variable_handle = handle<struct variable_tag>;
using stmt_handle = handle<struct stmt_tag>;
using expr_handle = handle<struct expr_tag>;
using type_handle = handle<struct type_tag>;

namespace detail {
template <class H>
struct to_handle {
    H operator()(index_t id) const noexcept { return H{id}; }
};
/// The handles of an id span (the module owns the ids; the range borrows them).
template <class H, class Id>
auto handles(id_span<Id> s) noexcept {
    return escapade::detail::mapped_range<Id, to_handle<H>>(s.begin(), s.end());
}
/// The receivers of the methods of one name, down module::last_method_named's chain (a forward
/// range of type handles; O(1) per step).
class method_receiver_range {
public:
    class iterator {
    public:
        using value_type = type_handle;
        using reference = type_handle;
        using pointer = void;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::forward_iterator_tag;
        iterator() noexcept = default;
        iterator(const module* m, index_t i) noexcept : m_(m), i_(i) {}
        type_handle operator*() const noexcept { return type_handle{m_->method_at(i_).receiver}; }
        iterator& operator++() noexcept {
            i_ = m_->method_at(i_).previous_named;
            return *this;
        }
        iterator operator++(int) noexcept {
            iterator t = *this;
            ++*this;
            return t;
        }
        friend bool operator==(iterator a, iterator b) noexcept { return a.i_ == b.i_; }
        friend bool operator!=(iterator a, iterator b) noexcept { return a.i_ != b.i_; }

    private:
        const module* m_ = nullptr;
        index_t i_ = invalid_index;
    };
    method_receiver_range(const module& m, index_t last) noexcept : m_(&m), last_(last) {}
    iterator begin() const noexcept { return iterator(m_, last_); }
    iterator end() const noexcept { return iterator(m_, invalid_index); }

private:
    const module* m_;
    index_t last_;
};
/// A declared leak as the traits' leak_declaration.
struct to_leak_declaration {
    leak_declaration operator()(const declared_leak& l) const noexcept {
        return leak_declaration{l.param, l.result, l.derefs, l.subject, l.method, l.argument, l.exact};
    }
};
}  // namespace detail

}  // namespace escapade::ir

namespace escapade {

/// A generic-IR handle's stable number (the JSON report's "handle"): its id in the module, the
/// order in which the reader or the builder created the node of that kind.
template <class Tag>
struct handle_index<ir::handle<Tag>> {
    static constexpr std::uint64_t get(ir::handle<Tag> h) noexcept { return h.id; }
};

template <>
struct ir_traits<ir::module> {
    using P = ir::module;
    using function_ref = ir::function_handle;
    using variable_ref = ir::variable_handle;
    using stmt_ref = ir::stmt_handle;
    using expr_ref = ir::expr_handle;
    using type_ref = ir::type_handle;
    static constexpr escapade::optional_members provides = escapade::optional::has_body | escapade::optional::is_wrapper | escapade::optional::has_declared_leaks | escapade::optional::declared_leaks | escapade::optional::statement_label | escapade::optional::declared_closure | escapade::optional::statement_text | escapade::optional::is_spread | escapade::optional::expression_text | escapade::optional::field_index | escapade::optional::integer_constant | escapade::optional::type_name | escapade::optional::find_method | escapade::optional::struct_field_count | escapade::optional::struct_field_type | escapade::optional::interface_method_count | escapade::optional::interface_method_name | escapade::optional::method_receivers;

    // program
    static auto functions(const P& m) noexcept {
        return escapade::detail::counted_range<function_ref, index_t>(index_t(0), static_cast<index_t>(m.function_count()));
    }
    static std::string_view file_name(const P& m, index_t file) noexcept { return m.file_name(file); }

    // functions
    static std::string_view function_name(const P& m, function_ref f) noexcept { return m.function_display(f.id); }
    static source_pos function_position(const P& m, function_ref f) noexcept { return m.function_at(f.id).pos; }
    static auto params(const P& m, function_ref f) noexcept { return ir::detail::handles<variable_ref>(m.params(f.id)); }
    static auto results(const P& m, function_ref f) noexcept { return ir::detail::handles<variable_ref>(m.results(f.id)); }
    static bool has_body(const P& m, function_ref f) noexcept { return m.function_at(f.id).body != invalid_index; }
    static auto body(const P& m, function_ref f) noexcept {
        index_t b = m.function_at(f.id).body;
        return ir::detail::handles<stmt_ref>(b == invalid_index ? ir::id_span<ir::stmt_id>{} : m.children(b));
    }
    static bool is_closure(const P& m, function_ref f) noexcept { return m.function_at(f.id).is_closure(); }
    static function_ref parent(const P& m, function_ref f) noexcept { return {m.function_at(f.id).parent}; }
    static auto captures(const P& m, function_ref f) noexcept { return ir::detail::handles<variable_ref>(m.captures(f.id)); }
    static bool is_wrapper(const P& m, function_ref f) noexcept { return (m.function_at(f.id).flags & ir::fn_wrapper) != 0; }
    static bool has_declared_leaks(const P& m, function_ref f) noexcept { return (m.function_at(f.id).flags & ir::fn_summary) != 0; }
    static auto declared_leaks(const P& m, function_ref f) noexcept {
        const ir::declared_leak* first = m.leaks_begin(f.id);
        return escapade::detail::mapped_range<ir::declared_leak, ir::detail::to_leak_declaration>(first, first + m.leaks_count(f.id));
    }
    static type_ref method_receiver(const P& m, function_ref f) noexcept { return {m.function_at(f.id).receiver}; }

    // variables
    static std::string_view variable_name(const P& m, variable_ref v) noexcept { return m.variable_at(v.id).name; }
    static source_pos variable_position(const P& m, variable_ref v) noexcept { return m.variable_at(v.id).pos; }
    static type_ref variable_type(const P& m, variable_ref v) noexcept { return {m.variable_at(v.id).type}; }
    static var_kind variable_kind(const P& m, variable_ref v) noexcept { return m.variable_at(v.id).kind; }

    // statements
    static stmt_kind statement_kind(const P& m, stmt_ref s) noexcept { return m.stmt_at(s.id).kind; }
    static source_pos statement_position(const P& m, stmt_ref s) noexcept { return m.stmt_pos(s.id); }
    static auto statement_children(const P& m, stmt_ref s) noexcept { return ir::detail::handles<stmt_ref>(m.children(s.id)); }
    static auto statement_else(const P& m, stmt_ref s) noexcept { return ir::detail::handles<stmt_ref>(m.else_children(s.id)); }
    static auto statement_operands(const P& m, stmt_ref s) noexcept { return ir::detail::handles<expr_ref>(m.stmt_exprs(s.id)); }
    static std::size_t statement_targets(const P& m, stmt_ref s) noexcept { return m.stmt_at(s.id).lhs_count; }
    static assign_form statement_form(const P& m, stmt_ref s) noexcept { return m.stmt_at(s.id).form; }
    static variable_ref declared_variable(const P& m, stmt_ref s) noexcept { return {m.stmt_at(s.id).ref}; }
    static index_t statement_label(const P& m, stmt_ref s) noexcept { return m.stmt_at(s.id).ref; }
    static function_ref declared_closure(const P& m, stmt_ref s) noexcept { return {m.stmt_at(s.id).ref}; }
    static std::string_view statement_text(const P& m, stmt_ref s) noexcept { return m.stmt_text(s.id); }

    // expressions
    static expr_kind expression_kind(const P& m, expr_ref e) noexcept { return m.expr_at(e.id).kind; }
    static source_pos expression_position(const P& m, expr_ref e) noexcept { return m.expr_pos(e.id); }
    static type_ref expression_type(const P& m, expr_ref e) noexcept { return {m.expr_at(e.id).type}; }
    static auto expression_operands(const P& m, expr_ref e) noexcept { return ir::detail::handles<expr_ref>(m.operands(e.id)); }
    static variable_ref referenced_variable(const P& m, expr_ref e) noexcept { return {m.expr_at(e.id).ref}; }
    static function_ref referenced_function(const P& m, expr_ref e) noexcept { return {m.expr_at(e.id).ref}; }
    static std::string_view method_name(const P& m, expr_ref e) noexcept { return m.name_at(m.expr_at(e.id).ref); }
    static bool is_spread(const P& m, expr_ref e) noexcept { return (m.expr_at(e.id).flags & ir::ex_ddd) != 0; }
    static std::string_view expression_text(const P& m, expr_ref e) noexcept { return m.expr_text(e.id); }
    static index_t field_index(const P& m, expr_ref e) noexcept { return m.expr_at(e.id).ref; }
    static bool integer_constant(const P& m, expr_ref e, std::int64_t* out) noexcept {
        const ir::expr& x = m.expr_at(e.id);
        std::string_view t = m.text_at(x.text_id);
        if (x.kind != expr_kind::constant || t.empty()) return false;
        std::int64_t v = 0;
        int base = 10;
        std::size_t i = 0;
        if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
            base = 16;
            i = 2;
        }
        if (i == t.size()) return false;
        for (; i < t.size(); ++i) {
            char c = t[i];
            int d;
            if (c == '_') continue;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
            else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
            else return false;
            if (v > (INT64_MAX - d) / base) return false;
            v = v * base + d;
        }
        *out = v;
        return true;
    }

    // types
    static type_kind type_kind_of(const P& m, type_ref t) noexcept { return m.type_at(t.id).kind; }
    static size64 type_size(const P& m, type_ref t) noexcept { return m.type_at(t.id).size; }
    static bool type_has_pointers(const P& m, type_ref t) noexcept { return m.type_at(t.id).has_pointers; }
    static bool type_pointer_shaped(const P& m, type_ref t) noexcept { return m.type_at(t.id).pointer_shaped; }
    static type_ref type_elem(const P& m, type_ref t) noexcept { return {m.type_at(t.id).elem}; }
    static std::string_view type_name(const P& m, type_ref t) noexcept { return m.type_at(t.id).name; }
    static bool find_method(const P& m, type_ref t, std::string_view name, function_ref* out) noexcept {
        ir::func_id f = m.find_method(t.id, name);
        if (f == invalid_index) return false;
        *out = function_ref{f};
        return true;
    }
    static ir::detail::method_receiver_range method_receivers(const P& m, std::string_view name) noexcept {
        return ir::detail::method_receiver_range(m, m.last_method_named(name));
    }
    static std::size_t struct_field_count(const P& m, type_ref t) noexcept {
        return m.type_at(t.id).kind == type_kind::struct_ ? m.type_at(t.id).count : 0;
    }
    static type_ref struct_field_type(const P& m, type_ref t, std::size_t i) noexcept {
        return {m.field_at(t.id, static_cast<index_t>(i)).type};
    }
    static std::size_t interface_method_count(const P& m, type_ref t) noexcept {
        return m.type_at(t.id).kind == type_kind::interface ? m.type_at(t.id).count : 0;
    }
    static std::string_view interface_method_name(const P& m, type_ref t, std::size_t i) noexcept {
        return m.interface_methods(t.id)[i].name;
    }
};

}  // namespace escapade

#endif  // ESCAPADE_IR_TRAITS_HPP
