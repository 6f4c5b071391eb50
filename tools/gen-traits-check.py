#!/usr/bin/env python3
# tools/gen-traits-check.py - writes include/escapade/detail/traits_check.hpp from the table of
# ir_traits members below (name, arguments after `const P&`, how the return type is checked, what
# it must be, and the words of the messages).
#
#   tools/gen-traits-check.py include/escapade/detail/traits_check.hpp
#
# Add a member here (and its constant in traits.hpp's escapade::optional for an optional one),
# then regenerate; the output is deterministic.
required = [
 # name, args, kind, want, missing-signature text, return text
 ('functions', None, 'range', 'fn_t<T>', 'static auto functions(const P&) -> range of function_ref', 'a forward range of function_ref'),
 ('file_name', 'index_t{}', 'conv', 'std::string_view', 'static std::string_view file_name(const P&, index_t file)', 'std::string_view'),
 ('function_name', 'std::declval<fn_t<T>>()', 'conv', 'std::string_view', 'static std::string_view function_name(const P&, function_ref)', 'std::string_view'),
 ('function_position', 'std::declval<fn_t<T>>()', 'conv', 'source_pos', 'static source_pos function_position(const P&, function_ref)', 'escapade::source_pos'),
 ('params', 'std::declval<fn_t<T>>()', 'range', 'var_t<T>', 'static auto params(const P&, function_ref) -> range of variable_ref', 'a forward range of variable_ref'),
 ('results', 'std::declval<fn_t<T>>()', 'range', 'var_t<T>', 'static auto results(const P&, function_ref) -> range of variable_ref', 'a forward range of variable_ref'),
 ('body', 'std::declval<fn_t<T>>()', 'range', 'stmt_t<T>', 'static auto body(const P&, function_ref) -> range of stmt_ref', 'a forward range of stmt_ref'),
 ('is_closure', 'std::declval<fn_t<T>>()', 'conv', 'bool', 'static bool is_closure(const P&, function_ref)', 'bool'),
 ('parent', 'std::declval<fn_t<T>>()', 'conv', 'fn_t<T>', 'static function_ref parent(const P&, function_ref)', 'function_ref'),
 ('captures', 'std::declval<fn_t<T>>()', 'range', 'var_t<T>', 'static auto captures(const P&, function_ref) -> range of variable_ref', 'a forward range of variable_ref'),
 ('variable_name', 'std::declval<var_t<T>>()', 'conv', 'std::string_view', 'static std::string_view variable_name(const P&, variable_ref)', 'std::string_view'),
 ('variable_position', 'std::declval<var_t<T>>()', 'conv', 'source_pos', 'static source_pos variable_position(const P&, variable_ref)', 'escapade::source_pos'),
 ('variable_type', 'std::declval<var_t<T>>()', 'conv', 'type_t<T>', 'static type_ref variable_type(const P&, variable_ref)', 'type_ref'),
 ('variable_kind', 'std::declval<var_t<T>>()', 'exact', 'var_kind', 'static escapade::var_kind variable_kind(const P&, variable_ref)', 'escapade::var_kind'),
 ('statement_kind', 'std::declval<stmt_t<T>>()', 'exact', 'stmt_kind', 'static escapade::stmt_kind statement_kind(const P&, stmt_ref)', 'escapade::stmt_kind'),
 ('statement_position', 'std::declval<stmt_t<T>>()', 'conv', 'source_pos', 'static source_pos statement_position(const P&, stmt_ref)', 'escapade::source_pos'),
 ('statement_children', 'std::declval<stmt_t<T>>()', 'range', 'stmt_t<T>', 'static auto statement_children(const P&, stmt_ref) -> range of stmt_ref', 'a forward range of stmt_ref'),
 ('statement_else', 'std::declval<stmt_t<T>>()', 'range', 'stmt_t<T>', 'static auto statement_else(const P&, stmt_ref) -> range of stmt_ref', 'a forward range of stmt_ref'),
 ('statement_operands', 'std::declval<stmt_t<T>>()', 'range', 'expr_t<T>', 'static auto statement_operands(const P&, stmt_ref) -> range of expr_ref', 'a forward range of expr_ref'),
 ('statement_targets', 'std::declval<stmt_t<T>>()', 'int', None, 'static std::size_t statement_targets(const P&, stmt_ref)', 'an integer (std::size_t)'),
 ('statement_form', 'std::declval<stmt_t<T>>()', 'exact', 'assign_form', 'static escapade::assign_form statement_form(const P&, stmt_ref)', 'escapade::assign_form'),
 ('declared_variable', 'std::declval<stmt_t<T>>()', 'conv', 'var_t<T>', 'static variable_ref declared_variable(const P&, stmt_ref)', 'variable_ref'),
 ('expression_kind', 'std::declval<expr_t<T>>()', 'exact', 'expr_kind', 'static escapade::expr_kind expression_kind(const P&, expr_ref)', 'escapade::expr_kind'),
 ('expression_position', 'std::declval<expr_t<T>>()', 'conv', 'source_pos', 'static source_pos expression_position(const P&, expr_ref)', 'escapade::source_pos'),
 ('expression_type', 'std::declval<expr_t<T>>()', 'conv', 'type_t<T>', 'static type_ref expression_type(const P&, expr_ref)', 'type_ref'),
 ('expression_operands', 'std::declval<expr_t<T>>()', 'range', 'expr_t<T>', 'static auto expression_operands(const P&, expr_ref) -> range of expr_ref', 'a forward range of expr_ref'),
 ('referenced_variable', 'std::declval<expr_t<T>>()', 'conv', 'var_t<T>', 'static variable_ref referenced_variable(const P&, expr_ref)', 'variable_ref'),
 ('referenced_function', 'std::declval<expr_t<T>>()', 'conv', 'fn_t<T>', 'static function_ref referenced_function(const P&, expr_ref)', 'function_ref'),
 ('method_name', 'std::declval<expr_t<T>>()', 'conv', 'std::string_view', 'static std::string_view method_name(const P&, expr_ref)', 'std::string_view'),
 ('type_kind_of', 'std::declval<type_t<T>>()', 'exact', 'type_kind', 'static escapade::type_kind type_kind_of(const P&, type_ref)', 'escapade::type_kind'),
 ('type_size', 'std::declval<type_t<T>>()', 'int', None, 'static size64 type_size(const P&, type_ref)', 'an integer (escapade::size64)'),
 ('type_has_pointers', 'std::declval<type_t<T>>()', 'conv', 'bool', 'static bool type_has_pointers(const P&, type_ref)', 'bool'),
 ('type_pointer_shaped', 'std::declval<type_t<T>>()', 'conv', 'bool', 'static bool type_pointer_shaped(const P&, type_ref)', 'bool'),
 ('type_elem', 'std::declval<type_t<T>>()', 'conv', 'type_t<T>', 'static type_ref type_elem(const P&, type_ref)', 'type_ref'),
]
optional = [
 ('has_body', 'std::declval<fn_t<T>>()', 'conv', 'bool', 'static bool has_body(const P&, function_ref)'),
 ('statement_label', 'std::declval<stmt_t<T>>()', 'int', None, 'static index_t statement_label(const P&, stmt_ref)'),
 ('declared_closure', 'std::declval<stmt_t<T>>()', 'conv', 'fn_t<T>', 'static function_ref declared_closure(const P&, stmt_ref)'),
 ('is_spread', 'std::declval<expr_t<T>>()', 'conv', 'bool', 'static bool is_spread(const P&, expr_ref)'),
 ('integer_constant', 'std::declval<expr_t<T>>(), std::declval<std::int64_t*>()', 'conv', 'bool', 'static bool integer_constant(const P&, expr_ref, std::int64_t* out)'),
 ('expression_text', 'std::declval<expr_t<T>>()', 'conv', 'std::string_view', 'static std::string_view expression_text(const P&, expr_ref)'),
 ('statement_text', 'std::declval<stmt_t<T>>()', 'conv', 'std::string_view', 'static std::string_view statement_text(const P&, stmt_ref)'),
 ('type_name', 'std::declval<type_t<T>>()', 'conv', 'std::string_view', 'static std::string_view type_name(const P&, type_ref)'),
 ('declared_leaks', 'std::declval<fn_t<T>>()', 'range', 'leak_declaration', 'static auto declared_leaks(const P&, function_ref) -> range of escapade::leak_declaration'),
 ('has_declared_leaks', 'std::declval<fn_t<T>>()', 'conv', 'bool', 'static bool has_declared_leaks(const P&, function_ref)'),
 ('is_wrapper', 'std::declval<fn_t<T>>()', 'conv', 'bool', 'static bool is_wrapper(const P&, function_ref)'),
 ('find_method', 'std::declval<type_t<T>>(), std::string_view{}, std::declval<fn_t<T>*>()', 'conv', 'bool', 'static bool find_method(const P&, type_ref, std::string_view name, function_ref* out)'),
 ('field_index', 'std::declval<expr_t<T>>()', 'int', None, 'static index_t field_index(const P&, expr_ref)'),
 ('struct_field_count', 'std::declval<type_t<T>>()', 'int', None, 'static std::size_t struct_field_count(const P&, type_ref)'),
 ('struct_field_type', 'std::declval<type_t<T>>(), std::size_t{}', 'conv', 'type_t<T>', 'static type_ref struct_field_type(const P&, type_ref, std::size_t)'),
 ('interface_method_count', 'std::declval<type_t<T>>()', 'int', None, 'static std::size_t interface_method_count(const P&, type_ref)'),
 ('interface_method_name', 'std::declval<type_t<T>>(), std::size_t{}', 'conv', 'std::string_view', 'static std::string_view interface_method_name(const P&, type_ref, std::size_t)'),
 ('pointer_size', None, 'int', None, 'static size64 pointer_size(const P&)'),
 ('method_receivers', 'std::string_view{}', 'range', 'type_t<T>', 'static auto method_receivers(const P&, std::string_view name) -> range of type_ref'),
]
known = ', '.join(n for n,*_ in optional)
out=[]
w=out.append
w('''// escapade/detail/traits_check.hpp - what a host's ir_traits specialisation provides, checked at
// compile time with one readable static_assert per mistake (traits.hpp states the contract).
//
// GENERATED by tools/gen-traits-check.py from its table of members (edit the table, not this file).
//
// For every member escapade knows, has_X<T, P> says whether T::X can be called with the documented
// arguments, and X_call<T, P>::type is what it returns. traits_report<P, T> holds one bool per
// check; check_ir_traits<P, T>() (in traits.hpp's terms: "the compile-time checks") turns each false
// one into one static_assert saying what to write, nested so that one mistake gives one message: a
// specialisation for another type than the program's, a handle type, a required member, a return
// type, a range's elements, the list of optional members (ir_traits::provides). is_ir_traits_v is
// true when there is no mistake; analyze() instantiates the engine only then, so nothing fails
// inside the library. handles_of<T> gives analysis_result handle types even for a broken
// specialisation (a placeholder), so that only check_ir_traits reports it. The traits_* functions
// at the end call the optional members or give their defaults. Compile-time only.
#ifndef ESCAPADE_DETAIL_TRAITS_CHECK_HPP
#define ESCAPADE_DETAIL_TRAITS_CHECK_HPP

#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include "../config.hpp"
#include "../kinds.hpp"
#include "../status.hpp"
#include "range.hpp"

namespace escapade {

template <class Program>
struct ir_traits;  // traits.hpp
struct leak_declaration;
struct optional_members;

namespace detail {

template <class...>
using void_t = void;

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

/// The primary ir_traits template: not specialised for this program type.
template <class T, class = void>
struct is_primary_traits : std::false_type {};
template <class T>
struct is_primary_traits<T, void_t<typename T::not_specialised>> : std::true_type {};

/// A stand-in handle type for a specialisation that lacks one (check_ir_traits reports it).
struct missing_handle {
    int unused;
    friend constexpr bool operator==(missing_handle, missing_handle) noexcept { return true; }
};
template <class H>
constexpr bool usable_handle_v = std::is_trivially_copyable_v<H> && std::has_unique_object_representations_v<H>;
template <class T, bool = has_handles<T>::value>
struct handles_of {
    using function_ref = missing_handle;
    using variable_ref = missing_handle;
    using expr_ref = missing_handle;
};
template <class T>
struct handles_of<T, true> {
    using function_ref = std::conditional_t<usable_handle_v<fn_t<T>>, fn_t<T>, missing_handle>;
    using variable_ref = std::conditional_t<usable_handle_v<var_t<T>>, var_t<T>, missing_handle>;
    using expr_ref = std::conditional_t<usable_handle_v<expr_t<T>>, expr_t<T>, missing_handle>;
};

/// has_X<T, P>: T::X(const P&, args...) can be called; X_call<T, P>::type: what it returns.
#define ESCAPADE_DETECT_MEMBER(member, ...)                                                                 \\
    template <class T, class P, class = void>                                                             \\
    struct member##_call {                                                                                \\
        static constexpr bool callable = false;                                                           \\
        using type = void;                                                                                \\
    };                                                                                                    \\
    template <class T, class P>                                                                           \\
    struct member##_call<T, P, void_t<decltype(T::member(std::declval<const P&>() __VA_ARGS__))>> {       \\
        static constexpr bool callable = true;                                                            \\
        using type = decltype(T::member(std::declval<const P&>() __VA_ARGS__));                           \\
    };                                                                                                    \\
    template <class T, class P>                                                                           \\
    using has_##member = std::bool_constant<member##_call<T, P>::callable>
''')
for n,args,*_ in required+[(o[0],o[1]) for o in optional]:
    w(f'ESCAPADE_DETECT_MEMBER({n}{", " + args if args else ""});' if False else f'ESCAPADE_DETECT_MEMBER({n}' + (f', , {args}' if args else ',') + ');')
w('''#undef ESCAPADE_DETECT_MEMBER

/// What a member returns, when it can be called (a member that cannot is reported as missing):
/// exactly R (escapade's enums), something convertible to R (handles, strings, positions, bool),
/// an integer (sizes, counts, labels), or a forward range whose elements convert to R.
template <class Call, class R>
constexpr bool returns_exactly() {
    if constexpr (!Call::callable) return true;
    else return std::is_same_v<std::remove_cv_t<std::remove_reference_t<typename Call::type>>, R>;
}
template <class Call, class R>
constexpr bool returns_convertible() {
    if constexpr (!Call::callable) return true;
    else return std::is_convertible_v<typename Call::type, R>;
}
template <class Call, class R = void>
constexpr bool returns_integer() {
    if constexpr (!Call::callable) return true;
    else return std::is_integral_v<std::remove_cv_t<std::remove_reference_t<typename Call::type>>>;
}
template <class Call, class R>
constexpr bool returns_range() {
    if constexpr (!Call::callable) return true;
    else {
        using Rng = std::remove_reference_t<typename Call::type>;
        if constexpr (!detail::is_forward_range<Rng>) return false;
        else return std::is_convertible_v<detail::range_reference_t<Rng>, R>;
    }
}

/// ir_traits::provides, when declared as an escapade::optional_members.
template <class T, class = void>
struct provides_of {
    static constexpr bool declared = false;
    static constexpr std::uint32_t bits = 0;
};
template <class T>
struct provides_of<T, std::enable_if_t<std::is_same_v<std::remove_cv_t<decltype(T::provides)>, optional_members>>> {
    static constexpr bool declared = true;
    static constexpr std::uint32_t bits = T::provides.bits;
};
''')
# report
w('''/// One bool per compile-time check (check_ir_traits turns each into a static_assert).
template <class P, class T, bool = !is_primary_traits<T>::value && has_handles<T>::value>
struct traits_report {
    static constexpr bool specialised = !is_primary_traits<T>::value;
    static constexpr bool handles = false;
    static constexpr bool ok = false;
};
template <class P, class T>
struct traits_report<P, T, true> {
    static constexpr bool specialised = true;
    static constexpr bool handles = true;
    static constexpr bool handles_copyable = std::is_trivially_copyable_v<fn_t<T>> && std::is_trivially_copyable_v<var_t<T>> &&
                                             std::is_trivially_copyable_v<stmt_t<T>> && std::is_trivially_copyable_v<expr_t<T>> &&
                                             std::is_trivially_copyable_v<type_t<T>>;
    static constexpr bool handles_unique = std::has_unique_object_representations_v<fn_t<T>> &&
                                           std::has_unique_object_representations_v<var_t<T>> &&
                                           std::has_unique_object_representations_v<expr_t<T>> &&
                                           std::has_unique_object_representations_v<type_t<T>>;''')
conds=['handles_copyable','handles_unique']
ret_fn={'range':'returns_range','conv':'returns_convertible','exact':'returns_exactly','int':'returns_integer'}
for n,args,kind,want,sig,rt in required:
    w(f'    static constexpr bool has_{n} = detail::has_{n}<T, P>::value;')
    w(f'    static constexpr bool ret_{n} = {ret_fn[kind]}<{n}_call<T, P>, {want or "void"}>();')
    conds += [f'has_{n}', f'ret_{n}']
w('    static constexpr bool provides = provides_of<T>::declared;')
conds.append('provides')
for i,(n,args,kind,want,sig) in enumerate(optional):
    w(f'    static constexpr bool listed_{n} = (provides_of<T>::bits & (std::uint32_t(1) << {i})) != 0;')
    w(f'    static constexpr bool opt_{n} = listed_{n} == detail::has_{n}<T, P>::value;')
    w(f'    static constexpr bool ret_{n} = {ret_fn[kind]}<{n}_call<T, P>, {want or "void"}>();')
    conds += [f'opt_{n}', f'ret_{n}']
w('''    static constexpr bool pair_leaks = listed_declared_leaks == listed_has_declared_leaks;
    static constexpr bool pair_fields = listed_struct_field_count == listed_struct_field_type;
    static constexpr bool pair_imethods = listed_interface_method_count == listed_interface_method_name;''')
conds += ['pair_leaks','pair_fields','pair_imethods']
w('    static constexpr bool ok = ' + ' && '.join(conds) + ';')
w('};\n')
w('}  // namespace detail\n')
# check_ir_traits
w('''/// True when Traits is a complete and correct ir_traits specialisation for Program.
template <class Program, class Traits = ir_traits<Program>>
inline constexpr bool is_ir_traits_v = detail::traits_report<Program, Traits>::ok;

/// One static_assert per mistake, each saying what to write; nested, so that one mistake gives one
/// message. analyze() calls it and instantiates the engine only when it returns true.
template <class Program, class Traits = ir_traits<Program>>
constexpr bool check_ir_traits() {
    using R = detail::traits_report<Program, Traits>;
    static_assert(R::specialised,
                  "escapade::ir_traits is not specialised for the program type analyze() was given: specialise "
                  "escapade::ir_traits<P> for exactly that type (not a pointer to it, a const type or a base class)");
    if constexpr (R::specialised) {
        static_assert(R::handles, "escapade::ir_traits<P> must define the handle types function_ref, variable_ref, stmt_ref, expr_ref and type_ref");
        if constexpr (R::handles) {
            static_assert(R::handles_copyable, "ir_traits handles must be trivially copyable");
            static_assert(R::handles_unique, "ir_traits handles are hashed by their bytes: they must have no padding (unique object representations)");''')
for n,args,kind,want,sig,rt in required:
    w(f'            static_assert(R::has_{n}, "ir_traits is missing: {sig}");')
    w(f'            static_assert(R::ret_{n}, "ir_traits::{n} must return {rt}");')
w(f'''            static_assert(R::provides, "ir_traits must list the optional members it defines: static constexpr escapade::optional_members "
                                       "provides = escapade::optional::none; (or escapade::optional::find_method | ...). The optional "
                                       "members are: {known}");
            if constexpr (R::provides) {{''')
for n,args,kind,want,sig in optional:
    w(f'                static_assert(R::opt_{n}, "ir_traits: `provides` and the member {n} disagree: either provides lists escapade::optional::{n} but no {sig} can be called (misspelled? a wrong signature?), or the member is defined and provides does not list it");')
    w(f'                static_assert(R::ret_{n}, "ir_traits::{n} has the wrong return type: write {sig}");')
w('''                static_assert(R::pair_leaks, "ir_traits: declared_leaks and has_declared_leaks go together");
                static_assert(R::pair_fields, "ir_traits: struct_field_count and struct_field_type go together");
                static_assert(R::pair_imethods, "ir_traits: interface_method_count and interface_method_name go together");
            }
        }
    }
    return R::ok;
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
    if constexpr (has_statement_label<T, P>::value) return static_cast<index_t>(T::statement_label(p, s));
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
/// The size of a pointer of the analysed program's target (closure and method-value records).
template <class P, class T>
size64 traits_pointer_size(const P& p) noexcept {
    if constexpr (has_pointer_size<T, P>::value) return static_cast<size64>(T::pointer_size(p));
    (void)p;
    return 8;
}
}  // namespace detail

}  // namespace escapade

#endif  // ESCAPADE_DETAIL_TRAITS_CHECK_HPP''')
import sys
open(sys.argv[1],'w').write('\n'.join(out)+'\n')
