// escapade/traits.hpp - how a host compiler tells escapade what its IR means.
//
// A host writes one specialisation, `template <> struct escapade::ir_traits<MyProgram>`, made of
// handle types and static member functions. The analysis reads the host IR only through it: nothing
// is copied. Handles are the host's own (pointers, indices, small structs); results are keyed by
// them. Sequences are returned as any forward range (a std::vector, a range-v3 view,
// escapade::intrusive_list over an intrusive list, an index range...): what range-for walks, with a
// forward iterator (detail/range.hpp's is_forward_range, the check the library applies).
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
//     interface_method_count(p, t), interface_method_name(p, t, i) default: none (then a converted type
//                                                               missing a method is not detected: calls of it
//                                                               on such a value go to the heap)
//     pointer_size(p) -> size64                                 default: 8 (a pointer of the analysed program's
//                                                               target: closure and method-value records)
//     method_receivers(p, name) -> range of type_ref            default: none (the closed world then asks
//                                                               find_method of every converted type, for each
//                                                               method name called dynamically); when defined:
//                                                               every type t for which find_method(p, t, name, &f)
//                                                               succeeds (any order, repeats allowed), so that a
//                                                               name's implementations cost O(its methods); the
//                                                               answers are the same either way
//
// The optional members a specialisation defines are listed in one required member,
//     static constexpr escapade::optional_members provides = escapade::optional::has_body | ...;
// (escapade::optional::none when it defines none). A misspelled name in that list does not compile;
// a listed member that cannot be called as above (misspelled, or a wrong signature) and a defined
// one that is not listed are each one static_assert naming the member. Without the list a
// misspelled optional member would be silently ignored.
//
// Checked at compile time (check_ir_traits, called by analyze: one static_assert per mistake, and
// nothing from inside the engine): a specialisation for the program type analyze() receives (not a
// pointer, a const type or a base class), every required member, the return type of every member
// (escapade's enums exactly; handles, strings, positions, sizes convertible), the element type of
// every range, the optional members' list. Handles are hashed by their bytes: they must be
// trivially copyable with unique object representations (no padding).
//
// Checked at run time, on every run (detail/engine/validate.hpp; errc::invalid_host_ir naming the
// node and its position): that each statement and expression has the operands its kind takes (a
// loop or a declare none), that values fit their targets (into an interface only through
// to_iface), the labels and gotos (a goto only into its own statement list or an enclosing one),
// break and continue inside loops, each local declared once and before its uses. One rule cannot
// be checked: a declare statement makes a fresh variable each time it runs (Go's semantics), so a
// value carried from one loop iteration to the next (an SSA phi) must live in a variable declared
// before the loop (before the label of its loop header); declared inside, the analysis judges it
// per iteration and may keep objects it points to on the stack.
//
#ifndef ESCAPADE_TRAITS_HPP
#define ESCAPADE_TRAITS_HPP

#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include "config.hpp"
#include "kinds.hpp"
#include "status.hpp"

namespace escapade {

/// A host specialises this for its program type. The primary template only says that it was not
/// specialised (check_ir_traits reports it).
template <class Program>
struct ir_traits {
    using not_specialised = Program;
};

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

/// The stable number of a host handle, for output read outside the process (the JSON report's
/// "handle" members: a host maps them back to its own nodes). Not part of ir_traits: results are
/// keyed by the handles themselves (by their bytes), which is all a C++ caller needs. A handle that
/// is an integer or an enumeration is its own number; a host whose handles are something else
/// (pointers, small structs) and wants them in JSON specialises handle_index for each handle type:
///     template <> struct escapade::handle_index<MyExprRef> {
///         static std::uint64_t get(MyExprRef e) noexcept { return e.node->id; }  // stable in the host
///     };
/// The generic IR's handles are the module's dense ids (ir/traits.hpp). Without a specialisation
/// the JSON has no "handle" for that kind of node.
template <class Handle, class = void>
struct handle_index {};
template <class Handle>
struct handle_index<Handle, std::enable_if_t<std::is_integral_v<Handle> || std::is_enum_v<Handle>>> {
    static constexpr std::uint64_t get(Handle h) noexcept { return static_cast<std::uint64_t>(h); }
};
/// has_handle_index<H>::value: handle_index<H>::get(h) can be called.
template <class Handle, class = void>
struct has_handle_index : std::false_type {};
template <class Handle>
struct has_handle_index<Handle, std::void_t<decltype(handle_index<Handle>::get(std::declval<Handle>()))>> : std::true_type {};

/// A set of the optional ir_traits members escapade knows (ir_traits::provides).
struct optional_members {
    std::uint32_t bits = 0;
    friend constexpr optional_members operator|(optional_members a, optional_members b) noexcept { return {a.bits | b.bits}; }
    constexpr bool has(optional_members m) const noexcept { return m.bits != 0 && (bits & m.bits) == m.bits; }
};

/// The optional ir_traits members, one constant each (the list above says what each is for).
namespace optional {
inline constexpr optional_members none{0};
inline constexpr optional_members has_body{1u << 0};
inline constexpr optional_members statement_label{1u << 1};
inline constexpr optional_members declared_closure{1u << 2};
inline constexpr optional_members is_spread{1u << 3};
inline constexpr optional_members integer_constant{1u << 4};
inline constexpr optional_members expression_text{1u << 5};
inline constexpr optional_members statement_text{1u << 6};
inline constexpr optional_members type_name{1u << 7};
inline constexpr optional_members declared_leaks{1u << 8};
inline constexpr optional_members has_declared_leaks{1u << 9};
inline constexpr optional_members is_wrapper{1u << 10};
inline constexpr optional_members find_method{1u << 11};
inline constexpr optional_members field_index{1u << 12};
inline constexpr optional_members struct_field_count{1u << 13};
inline constexpr optional_members struct_field_type{1u << 14};
inline constexpr optional_members interface_method_count{1u << 15};
inline constexpr optional_members interface_method_name{1u << 16};
inline constexpr optional_members pointer_size{1u << 17};
inline constexpr optional_members method_receivers{1u << 18};
}  // namespace optional

}  // namespace escapade

#include "detail/traits_check.hpp"

#endif  // ESCAPADE_TRAITS_HPP
