// escapade/traits.hpp - how a host compiler tells escapade what its IR means.
//
// A host writes one specialisation, `template <> struct escapade::ir_traits<MyProgram>`, made of
// handle types and static member functions. The analysis reads the host IR only through it: nothing
// is copied. Handles are the host's own (pointers, indices, small structs); results are keyed by
// them. Sequences are returned as any forward range (a std::vector, a range-v3 view over an
// intrusive list, an index range...): range-v3 is how the library accepts them.
//
// Required members (P is the program type; every function takes `const P&` first):
//
//   handle types (trivially copyable, equality-comparable):
//     function_ref, variable_ref, stmt_ref, expr_ref, type_ref
//
//   program
//     functions(p)                       -> range of function_ref: every function, closures too
//     file_name(p, index_t file)         -> std::string_view: for source_pos::file
//   functions
//     function_name(p, f)                -> std::string_view used in messages
//     function_position(p, f)            -> source_pos
//     params(p, f), results(p, f)        -> ranges of variable_ref (a method's receiver is params' first)
//     body(p, f)                         -> range of stmt_ref (top-level statements)
//     is_closure(p, f)                   -> bool: a function literal nested in parent(p, f)
//     parent(p, f)                       -> function_ref (closures only)
//     captures(p, f)                     -> range of variable_ref of enclosing functions used by a closure
//   variables
//     variable_name(p, v), variable_position(p, v), variable_type(p, v) -> type_ref,
//     variable_kind(p, v) -> escapade::var_kind
//   statements
//     statement_kind(p, s)               -> escapade::stmt_kind
//     statement_position(p, s)           -> source_pos
//     statement_children(p, s), statement_else(p, s) -> ranges of stmt_ref
//     statement_operands(p, s)           -> range of expr_ref (layout documented in kinds.hpp)
//     statement_targets(p, s)            -> std::size_t: how many operands are assignment targets
//     statement_form(p, s)               -> escapade::assign_form
//     declared_variable(p, s)            -> variable_ref (declare)
//   expressions
//     expression_kind(p, e)              -> escapade::expr_kind
//     expression_position(p, e)          -> source_pos
//     expression_type(p, e)              -> type_ref
//     expression_operands(p, e)          -> range of expr_ref (layout documented in kinds.hpp)
//     referenced_variable(p, e)          -> variable_ref (var)
//     referenced_function(p, e)          -> function_ref (func_ref, call, closure)
//     method_name(p, e)                  -> std::string_view (call_method, method_value; a
//                                           builtin's name for builtin)
//   types
//     type_kind_of(p, t), type_size(p, t) -> size64, type_has_pointers(p, t), type_pointer_shaped(p, t),
//     type_elem(p, t) -> type_ref (pointer, slice, array, map value, chan)
//
// Optional members (detected; the default is given):
//     has_body(p, f) -> bool                                    default: true (false = external function)
//     statement_label(p, s) -> index_t                          default: 0 (needed with label/goto)
//     declared_closure(p, s) -> function_ref                    default: none (needed with closure statements)
//     is_spread(p, e) -> bool                                   default: false (f(xs...), append(s, t...))
//     integer_constant(p, e, std::int64_t* out) -> bool        default: no constant is known (make sizes
//                                                               are then non-constant)
//     expression_text(p, e) -> std::string_view                 default: formatted from the kind
//     statement_text(p, s) -> std::string_view                  default: none (explanations, self-assignments)
//     type_name(p, t) -> std::string_view                       default: formatted from the kind
//     declared_leaks(p, f) -> range of escapade::leak_declaration; has_declared_leaks(p, f) -> bool
//                                                               default: externals leak everything
//     is_wrapper(p, f) -> bool                                  default: false (wrappers get no diagnostics)
//     find_method(p, t, name, function_ref* out) -> bool        default: none; required by dispatch=closed/context
//     field_index(p, e) -> index_t                              default: none (gc's self-assignment rule needs it)
//     struct_field_count(p, t), struct_field_type(p, t, i)      default: none (type sets then treat every
//                                                               struct with pointers as holding interfaces)
//
// A missing required member produces one static_assert naming the member and its signature.
// Handles are hashed by their bytes: they must have unique object representations (no padding).
#ifndef ESCAPADE_TRAITS_HPP
#define ESCAPADE_TRAITS_HPP

#include <string_view>
#include <type_traits>
#include <utility>

#include <range/v3/range/access.hpp>
#include <range/v3/range/concepts.hpp>

#include "config.hpp"
#include "kinds.hpp"
#include "status.hpp"

namespace escapade {

/// The primary template has no members: a host specialises it for its program type.
template <class Program>
struct ir_traits;

/// What an external function declares about one parameter (a `//go:noescape`-style annotation,
/// with levels): parameter `param` flows to the heap (result == invalid_index) or to result
/// `result` after `derefs` dereferences.
///
/// A conditional leak (subject != invalid_index; the summaries dispatch=context computes, carried
/// across a compilation boundary): `param` flows to the heap after `derefs` dereferences if the
/// method `method` of the dynamic type of parameter `subject` keeps its argument `argument`
/// (0 = that method's receiver, 1 = its first argument), or, when `method` is empty, if the
/// function value `subject` keeps its argument `argument` (0 = its first argument). exact = false:
/// the parameter reaches that argument through an address, so any leak of it counts as level 0.
/// A caller that cannot resolve the condition (its types for `subject` are unknown) treats it as a
/// leak to the heap. `result` must be invalid_index.
struct leak_declaration {
    index_t param = 0;
    index_t result = invalid_index;
    std::int32_t derefs = 0;
    index_t subject = invalid_index;
    std::string_view method;
    index_t argument = 0;
    bool exact = true;
};

namespace detail {

template <class...>
using void_t = void;

#define ESCAPADE_DETECT_MEMBER(member, ...)                                                                     \
    template <class T, class P, class = void>                                                                \
    struct has_##member : std::false_type {};                                                                 \
    template <class T, class P>                                                                               \
    struct has_##member<T, P, void_t<decltype(T::member(std::declval<const P&>(), __VA_ARGS__))>> : std::true_type {}

template <class T>
using fn_t = typename T::function_ref;
template <class T>
using var_t = typename T::variable_ref;
template <class T>
using stmt_t = typename T::stmt_ref;
template <class T>
using expr_t = typename T::expr_ref;
template <class T>
using type_t = typename T::type_ref;

template <class T, class = void>
struct has_handles : std::false_type {};
template <class T>
struct has_handles<T, void_t<fn_t<T>, var_t<T>, stmt_t<T>, expr_t<T>, type_t<T>>> : std::true_type {};

template <class T, class P, class = void>
struct has_functions : std::false_type {};
template <class T, class P>
struct has_functions<T, P, void_t<decltype(T::functions(std::declval<const P&>()))>> : std::true_type {};

ESCAPADE_DETECT_MEMBER(file_name, index_t{});
ESCAPADE_DETECT_MEMBER(function_name, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(function_position, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(params, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(results, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(has_body, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(body, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(is_closure, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(parent, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(captures, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(variable_name, std::declval<var_t<T>>());
ESCAPADE_DETECT_MEMBER(variable_position, std::declval<var_t<T>>());
ESCAPADE_DETECT_MEMBER(variable_type, std::declval<var_t<T>>());
ESCAPADE_DETECT_MEMBER(variable_kind, std::declval<var_t<T>>());
ESCAPADE_DETECT_MEMBER(statement_kind, std::declval<stmt_t<T>>());
ESCAPADE_DETECT_MEMBER(statement_position, std::declval<stmt_t<T>>());
ESCAPADE_DETECT_MEMBER(statement_children, std::declval<stmt_t<T>>());
ESCAPADE_DETECT_MEMBER(statement_else, std::declval<stmt_t<T>>());
ESCAPADE_DETECT_MEMBER(statement_operands, std::declval<stmt_t<T>>());
ESCAPADE_DETECT_MEMBER(statement_targets, std::declval<stmt_t<T>>());
ESCAPADE_DETECT_MEMBER(statement_form, std::declval<stmt_t<T>>());
ESCAPADE_DETECT_MEMBER(declared_variable, std::declval<stmt_t<T>>());
ESCAPADE_DETECT_MEMBER(statement_label, std::declval<stmt_t<T>>());
ESCAPADE_DETECT_MEMBER(declared_closure, std::declval<stmt_t<T>>());
ESCAPADE_DETECT_MEMBER(expression_kind, std::declval<expr_t<T>>());
ESCAPADE_DETECT_MEMBER(expression_position, std::declval<expr_t<T>>());
ESCAPADE_DETECT_MEMBER(expression_type, std::declval<expr_t<T>>());
ESCAPADE_DETECT_MEMBER(expression_operands, std::declval<expr_t<T>>());
ESCAPADE_DETECT_MEMBER(referenced_variable, std::declval<expr_t<T>>());
ESCAPADE_DETECT_MEMBER(referenced_function, std::declval<expr_t<T>>());
ESCAPADE_DETECT_MEMBER(method_name, std::declval<expr_t<T>>());
ESCAPADE_DETECT_MEMBER(is_spread, std::declval<expr_t<T>>());
ESCAPADE_DETECT_MEMBER(type_kind_of, std::declval<type_t<T>>());
ESCAPADE_DETECT_MEMBER(type_size, std::declval<type_t<T>>());
ESCAPADE_DETECT_MEMBER(type_has_pointers, std::declval<type_t<T>>());
ESCAPADE_DETECT_MEMBER(type_pointer_shaped, std::declval<type_t<T>>());
ESCAPADE_DETECT_MEMBER(type_elem, std::declval<type_t<T>>());
// optional
ESCAPADE_DETECT_MEMBER(integer_constant, std::declval<expr_t<T>>(), std::declval<std::int64_t*>());
ESCAPADE_DETECT_MEMBER(expression_text, std::declval<expr_t<T>>());
ESCAPADE_DETECT_MEMBER(type_name, std::declval<type_t<T>>());
ESCAPADE_DETECT_MEMBER(declared_leaks, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(has_declared_leaks, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(is_wrapper, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(method_receiver_type, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(find_method, std::declval<type_t<T>>(), std::string_view{}, std::declval<fn_t<T>*>());
ESCAPADE_DETECT_MEMBER(interface_method_count, std::declval<type_t<T>>());
ESCAPADE_DETECT_MEMBER(interface_method_name, std::declval<type_t<T>>(), std::size_t{});
ESCAPADE_DETECT_MEMBER(method_receiver, std::declval<fn_t<T>>());
ESCAPADE_DETECT_MEMBER(field_index, std::declval<expr_t<T>>());
ESCAPADE_DETECT_MEMBER(statement_text, std::declval<stmt_t<T>>());
ESCAPADE_DETECT_MEMBER(struct_field_count, std::declval<type_t<T>>());
ESCAPADE_DETECT_MEMBER(struct_field_type, std::declval<type_t<T>>(), std::size_t{});
ESCAPADE_DETECT_MEMBER(array_length, std::declval<type_t<T>>());

#undef ESCAPADE_DETECT_MEMBER



template <class R>
constexpr bool is_forward_range_v = ranges::forward_range<R>;

}  // namespace detail

/// True when Traits provides every required member for Program (usable in SFINAE).
template <class Program, class Traits = ir_traits<Program>>
constexpr bool is_ir_traits_v = [] {
    using namespace detail;
    if constexpr (!has_handles<Traits>::value) {
        return false;
    } else {
        using T = Traits;
        using P = Program;
        return has_functions<T, P>::value && has_file_name<T, P>::value && has_function_name<T, P>::value &&
               has_function_position<T, P>::value && has_params<T, P>::value && has_results<T, P>::value &&
               has_body<T, P>::value && has_is_closure<T, P>::value && has_parent<T, P>::value &&
               has_captures<T, P>::value && has_variable_name<T, P>::value && has_variable_position<T, P>::value &&
               has_variable_type<T, P>::value && has_variable_kind<T, P>::value && has_statement_kind<T, P>::value &&
               has_statement_position<T, P>::value && has_statement_children<T, P>::value && has_statement_else<T, P>::value &&
               has_statement_operands<T, P>::value && has_statement_targets<T, P>::value && has_statement_form<T, P>::value &&
               has_declared_variable<T, P>::value &&
               has_expression_kind<T, P>::value && has_expression_position<T, P>::value && has_expression_type<T, P>::value &&
               has_expression_operands<T, P>::value && has_referenced_variable<T, P>::value &&
               has_referenced_function<T, P>::value && has_method_name<T, P>::value &&
               has_type_kind_of<T, P>::value && has_type_size<T, P>::value && has_type_has_pointers<T, P>::value &&
               has_type_pointer_shaped<T, P>::value && has_type_elem<T, P>::value;
    }
}();

/// One static_assert per missing member, each saying what to write. Entry points call this inside
/// `if constexpr (is_ir_traits_v<...>)` so a wrong specialisation yields these messages only.
template <class Program, class Traits = ir_traits<Program>>
constexpr bool check_ir_traits() {
    using namespace detail;
    constexpr bool handles = has_handles<Traits>::value;
    static_assert(handles,
                  "escapade::ir_traits<P> must define the handle types function_ref, variable_ref, stmt_ref, expr_ref and "
                  "type_ref (did you specialise escapade::ir_traits for your program type?)");
    if constexpr (handles) {
        using T = Traits;
        using P = Program;
        static_assert(has_functions<T, P>::value, "ir_traits is missing: static auto functions(const P&) -> range of function_ref");
        static_assert(has_file_name<T, P>::value, "ir_traits is missing: static std::string_view file_name(const P&, index_t file)");
        static_assert(has_function_name<T, P>::value, "ir_traits is missing: static std::string_view function_name(const P&, function_ref)");
        static_assert(has_function_position<T, P>::value, "ir_traits is missing: static source_pos function_position(const P&, function_ref)");
        static_assert(has_params<T, P>::value, "ir_traits is missing: static auto params(const P&, function_ref) -> range of variable_ref");
        static_assert(has_results<T, P>::value, "ir_traits is missing: static auto results(const P&, function_ref) -> range of variable_ref");
        static_assert(has_body<T, P>::value, "ir_traits is missing: static auto body(const P&, function_ref) -> range of stmt_ref");
        static_assert(has_is_closure<T, P>::value, "ir_traits is missing: static bool is_closure(const P&, function_ref)");
        static_assert(has_parent<T, P>::value, "ir_traits is missing: static function_ref parent(const P&, function_ref)");
        static_assert(has_captures<T, P>::value, "ir_traits is missing: static auto captures(const P&, function_ref) -> range of variable_ref");
        static_assert(has_variable_name<T, P>::value, "ir_traits is missing: static std::string_view variable_name(const P&, variable_ref)");
        static_assert(has_variable_position<T, P>::value, "ir_traits is missing: static source_pos variable_position(const P&, variable_ref)");
        static_assert(has_variable_type<T, P>::value, "ir_traits is missing: static type_ref variable_type(const P&, variable_ref)");
        static_assert(has_variable_kind<T, P>::value, "ir_traits is missing: static escapade::var_kind variable_kind(const P&, variable_ref)");
        static_assert(has_statement_kind<T, P>::value, "ir_traits is missing: static escapade::stmt_kind statement_kind(const P&, stmt_ref)");
        static_assert(has_statement_position<T, P>::value, "ir_traits is missing: static source_pos statement_position(const P&, stmt_ref)");
        static_assert(has_statement_children<T, P>::value, "ir_traits is missing: static auto statement_children(const P&, stmt_ref) -> range of stmt_ref");
        static_assert(has_statement_else<T, P>::value, "ir_traits is missing: static auto statement_else(const P&, stmt_ref) -> range of stmt_ref");
        static_assert(has_statement_operands<T, P>::value, "ir_traits is missing: static auto statement_operands(const P&, stmt_ref) -> range of expr_ref");
        static_assert(has_statement_targets<T, P>::value, "ir_traits is missing: static std::size_t statement_targets(const P&, stmt_ref)");
        static_assert(has_statement_form<T, P>::value, "ir_traits is missing: static escapade::assign_form statement_form(const P&, stmt_ref)");
        static_assert(has_declared_variable<T, P>::value, "ir_traits is missing: static variable_ref declared_variable(const P&, stmt_ref)");
        static_assert(has_expression_kind<T, P>::value, "ir_traits is missing: static escapade::expr_kind expression_kind(const P&, expr_ref)");
        static_assert(has_expression_position<T, P>::value, "ir_traits is missing: static source_pos expression_position(const P&, expr_ref)");
        static_assert(has_expression_type<T, P>::value, "ir_traits is missing: static type_ref expression_type(const P&, expr_ref)");
        static_assert(has_expression_operands<T, P>::value, "ir_traits is missing: static auto expression_operands(const P&, expr_ref) -> range of expr_ref");
        static_assert(has_referenced_variable<T, P>::value, "ir_traits is missing: static variable_ref referenced_variable(const P&, expr_ref)");
        static_assert(has_referenced_function<T, P>::value, "ir_traits is missing: static function_ref referenced_function(const P&, expr_ref)");
        static_assert(has_method_name<T, P>::value, "ir_traits is missing: static std::string_view method_name(const P&, expr_ref)");
        static_assert(has_type_kind_of<T, P>::value, "ir_traits is missing: static escapade::type_kind type_kind_of(const P&, type_ref)");
        static_assert(has_type_size<T, P>::value, "ir_traits is missing: static size64 type_size(const P&, type_ref)");
        static_assert(has_type_has_pointers<T, P>::value, "ir_traits is missing: static bool type_has_pointers(const P&, type_ref)");
        static_assert(has_type_pointer_shaped<T, P>::value, "ir_traits is missing: static bool type_pointer_shaped(const P&, type_ref)");
        static_assert(has_type_elem<T, P>::value, "ir_traits is missing: static type_ref type_elem(const P&, type_ref)");
        if constexpr (is_ir_traits_v<Program, Traits>) {
            using F = decltype(T::functions(std::declval<const P&>()));
            static_assert(detail::is_forward_range_v<F>, "ir_traits::functions must return a forward range (see range-v3)");
            using S = decltype(T::body(std::declval<const P&>(), std::declval<fn_t<T>>()));
            static_assert(detail::is_forward_range_v<S>, "ir_traits::body must return a forward range of stmt_ref");
            using E = decltype(T::expression_operands(std::declval<const P&>(), std::declval<expr_t<T>>()));
            static_assert(detail::is_forward_range_v<E>, "ir_traits::expression_operands must return a forward range of expr_ref");
            static_assert(std::is_trivially_copyable_v<fn_t<T>> && std::is_trivially_copyable_v<var_t<T>> &&
                              std::is_trivially_copyable_v<expr_t<T>> && std::is_trivially_copyable_v<type_t<T>>,
                          "ir_traits handles must be trivially copyable");
            static_assert(std::has_unique_object_representations_v<fn_t<T>> && std::has_unique_object_representations_v<var_t<T>> &&
                              std::has_unique_object_representations_v<expr_t<T>> &&
                              std::has_unique_object_representations_v<type_t<T>>,
                          "ir_traits handles are hashed by their bytes: they must have no padding (unique object representations)");
        }
    }
    return is_ir_traits_v<Program, Traits>;
}

namespace detail {
// Optional members with their defaults.
template <class P, class T>
bool traits_has_body(const P& p, typename T::function_ref f) noexcept {
    if constexpr (has_has_body<T, P>::value) return T::has_body(p, f);
    (void)p;
    (void)f;
    return true;
}
template <class P, class T>
index_t traits_statement_label(const P& p, typename T::stmt_ref s) noexcept {
    if constexpr (has_statement_label<T, P>::value) return T::statement_label(p, s);
    (void)p;
    (void)s;
    return 0;
}
template <class P, class T>
typename T::function_ref traits_declared_closure(const P& p, typename T::stmt_ref s) noexcept {
    if constexpr (has_declared_closure<T, P>::value) return T::declared_closure(p, s);
    (void)p;
    (void)s;
    return typename T::function_ref{};
}
template <class P, class T>
bool traits_is_spread(const P& p, typename T::expr_ref e) noexcept {
    if constexpr (has_is_spread<T, P>::value) return T::is_spread(p, e);
    (void)p;
    (void)e;
    return false;
}
}  // namespace detail

}  // namespace escapade

#endif  // ESCAPADE_TRAITS_HPP
