// escapade/cfg_traits.hpp - how a host compiler whose functions are control-flow graphs in SSA form
// tells escapade what its IR means.
//
// The second host shape, next to ir_traits (traits.hpp, syntax trees). A host writes one
// specialisation, `template <> struct escapade::cfg_traits<MyModule>`, made of handle types and
// static member functions; the analysis reads the IR only through it and copies nothing. Handles
// are the host's own (for LLVM: `const llvm::Function*`, `const llvm::BasicBlock*`,
// `const llvm::Value*`, examples/llvm/). Sequences are returned as any forward range.
//
// Required members (P is the program type; every function takes `const P&` first):
//
//   handle types (trivially copyable, equality-comparable, no padding):
//     function_ref, block_ref, value_ref (instructions, parameters, globals, constants: every operand)
//
//   program
//     functions(p)                       -> range of function_ref: every function, with or without body
//     file_name(p, index_t file)         -> std::string_view: for source_pos::file
//   functions
//     function_name(p, f)                -> std::string_view
//     function_position(p, f)            -> source_pos
//     has_body(p, f)                     -> bool: false for a declaration (its summary comes from
//                                           declared_leaks, or it leaks every parameter)
//     params(p, f)                       -> range of value_ref (value_kind::parameter)
//     blocks(p, f)                       -> range of block_ref, the entry block first, any order after
//   blocks
//     instructions(p, b)                 -> range of value_ref in execution order (phis first, the
//                                           terminator last)
//     successors(p, b)                   -> range of block_ref
//   values
//     value_kind_of(p, v)                -> escapade::value_kind
//     instruction_kind(p, v)             -> escapade::inst_kind (instructions only)
//     operands(p, v)                     -> range of value_ref (layout per kind in cfg_kinds.hpp)
//     instruction_position(p, v)         -> source_pos
//     incoming_blocks(p, v)              -> range of block_ref (phi: the predecessor of each operand)
//     callee(p, v)                       -> function_ref (call)
//     value_function(p, v)               -> function_ref (value_kind::function)
//     allocation_size(p, v, size64* out) -> bool: true and *out = bytes when an alloc's size is a
//                                           known constant (a stack verdict needs one)
//
// Optional members (detected; the default is given):
//     value_name(p, v) -> std::string_view            default: "" (messages then number the value)
//     block_name(p, b) -> std::string_view            default: ""
//     may_hold_pointers(p, v) -> bool                 default: true (false prunes the value from the
//                                                     graph; only sound when the value can hold no
//                                                     address at all, not even as an integer)
//     declared_leaks(p, f) -> range of leak_declaration (traits.hpp; result 0 is the function's result)
//     has_declared_leaks(p, f) -> bool                default: body-less functions leak every parameter
//     method_name(p, v) -> std::string_view           default: "" (call_virtual, for messages)
//     call_targets(p, v) -> range of function_ref     default: none. call_indirect / call_virtual: every
//                                                     function the call may reach; read only in the
//                                                     closed world, where the host vouches it is complete.
//                                                     An empty range means "not known", never "no target"
//     is_address_taken(p, f) -> bool                  default: f appears as a value_kind::function operand
//                                                     of some instruction. A host whose function
//                                                     addresses also live in static data (vtables,
//                                                     global initialisers) must provide it for the
//                                                     closed world
//     is_variadic(p, f) -> bool                       default: false (arity checks for indirect calls)
//
// What the library computes itself (detail/cfg/): reverse post-order, dominators, the loop
// nesting forest (irreducible loops included) and every value's loop depth. Block order and the
// order of successors never change a verdict. The host must give SSA: every use of an instruction
// is dominated by its definition (a phi's operand: at the end of the matching predecessor); the
// analysis checks it and rejects a violation with errc::invalid_host_ir.
//
// A missing required member produces one static_assert naming the member and its signature; a
// member that exists with the wrong signature or return type, one that names it and says what was
// expected (an optional member with the wrong signature would otherwise be ignored silently).
#ifndef ESCAPADE_CFG_TRAITS_HPP
#define ESCAPADE_CFG_TRAITS_HPP

#include <string_view>
#include <type_traits>
#include <utility>

#include "cfg_kinds.hpp"
#include "config.hpp"
#include "detail/range.hpp"
#include "status.hpp"
#include "traits.hpp"

namespace escapade {

/// The primary template has no members: a host specialises it for its program type.
template <class Program>
struct cfg_traits;

namespace detail::cfg_check {

template <class...>
using void_t = void;

template <class T>
using fn_t = typename T::function_ref;
template <class T>
using block_t = typename T::block_ref;
template <class T>
using value_t = typename T::value_ref;

template <class T, class = void>
struct complete : std::false_type {};
template <class T>
struct complete<T, void_t<decltype(sizeof(T))>> : std::true_type {};

template <class T, class = void>
struct has_handles : std::false_type {};
template <class T>
struct has_handles<T, void_t<fn_t<T>, block_t<T>, value_t<T>>> : std::true_type {};

// For each member: names_M (a static member of that name exists, whatever its signature; overloaded
// or template members count as existing) and call_M (callable with the documented arguments), and
// ret_M, its return type when callable.
#define ESCAPADE_CFG_MEMBER(member, ...)                                                                      \
    template <class T, class = void>                                                                          \
    struct names_##member : std::false_type {};                                                               \
    template <class T>                                                                                        \
    struct names_##member<T, void_t<decltype(&T::member)>> : std::true_type {};                               \
    template <class T, class P, class = void>                                                                 \
    struct call_##member : std::false_type {                                                                  \
        using type = void;                                                                                    \
    };                                                                                                        \
    template <class T, class P>                                                                               \
    struct call_##member<T, P, void_t<decltype(T::member(std::declval<const P&>(), __VA_ARGS__))>> : std::true_type { \
        using type = decltype(T::member(std::declval<const P&>(), __VA_ARGS__));                              \
    }

template <class T, class P, class = void>
struct call_functions : std::false_type {
    using type = void;
};
template <class T, class P>
struct call_functions<T, P, void_t<decltype(T::functions(std::declval<const P&>()))>> : std::true_type {
    using type = decltype(T::functions(std::declval<const P&>()));
};
template <class T, class = void>
struct names_functions : std::false_type {};
template <class T>
struct names_functions<T, void_t<decltype(&T::functions)>> : std::true_type {};

ESCAPADE_CFG_MEMBER(file_name, index_t{});
ESCAPADE_CFG_MEMBER(function_name, std::declval<fn_t<T>>());
ESCAPADE_CFG_MEMBER(function_position, std::declval<fn_t<T>>());
ESCAPADE_CFG_MEMBER(has_body, std::declval<fn_t<T>>());
ESCAPADE_CFG_MEMBER(params, std::declval<fn_t<T>>());
ESCAPADE_CFG_MEMBER(blocks, std::declval<fn_t<T>>());
ESCAPADE_CFG_MEMBER(instructions, std::declval<block_t<T>>());
ESCAPADE_CFG_MEMBER(successors, std::declval<block_t<T>>());
ESCAPADE_CFG_MEMBER(value_kind_of, std::declval<value_t<T>>());
ESCAPADE_CFG_MEMBER(instruction_kind, std::declval<value_t<T>>());
ESCAPADE_CFG_MEMBER(operands, std::declval<value_t<T>>());
ESCAPADE_CFG_MEMBER(instruction_position, std::declval<value_t<T>>());
ESCAPADE_CFG_MEMBER(incoming_blocks, std::declval<value_t<T>>());
ESCAPADE_CFG_MEMBER(callee, std::declval<value_t<T>>());
ESCAPADE_CFG_MEMBER(value_function, std::declval<value_t<T>>());
ESCAPADE_CFG_MEMBER(allocation_size, std::declval<value_t<T>>(), std::declval<size64*>());
// optional
ESCAPADE_CFG_MEMBER(value_name, std::declval<value_t<T>>());
ESCAPADE_CFG_MEMBER(block_name, std::declval<block_t<T>>());
ESCAPADE_CFG_MEMBER(may_hold_pointers, std::declval<value_t<T>>());
ESCAPADE_CFG_MEMBER(declared_leaks, std::declval<fn_t<T>>());
ESCAPADE_CFG_MEMBER(has_declared_leaks, std::declval<fn_t<T>>());
ESCAPADE_CFG_MEMBER(method_name, std::declval<value_t<T>>());
ESCAPADE_CFG_MEMBER(call_targets, std::declval<value_t<T>>());
ESCAPADE_CFG_MEMBER(is_address_taken, std::declval<fn_t<T>>());
ESCAPADE_CFG_MEMBER(is_variadic, std::declval<fn_t<T>>());

#undef ESCAPADE_CFG_MEMBER

/// R is a forward range whose elements convert to E (void R: not callable, checked elsewhere).
template <class R, class E, class = void>
struct range_of : std::false_type {};
template <class R, class E>
struct range_of<R, E, std::enable_if_t<detail::is_forward_range<R>>>
    : std::bool_constant<std::is_convertible_v<detail::range_reference_t<R>, E>> {};

template <class C, class E>
constexpr bool returns_v = C::value && std::is_convertible_v<typename C::type, E>;
template <class C, class E>
constexpr bool returns_range_v = C::value && range_of<typename C::type, E>::value;
/// A member is usable when callable as documented; a present member that is not is an error.
template <class N, class C>
constexpr bool misdeclared_v = N::value && !C::value;

template <class H>
constexpr bool good_handle_v = std::is_trivially_copyable_v<H> && std::has_unique_object_representations_v<H>;

template <class P, class T>
constexpr bool required_ok() {
    if constexpr (!has_handles<T>::value) {
        return false;
    } else {
        using F = fn_t<T>;
        using B = block_t<T>;
        using V = value_t<T>;
        return returns_range_v<call_functions<T, P>, F> && returns_v<call_file_name<T, P>, std::string_view> &&
               returns_v<call_function_name<T, P>, std::string_view> && returns_v<call_function_position<T, P>, source_pos> &&
               returns_v<call_has_body<T, P>, bool> && returns_range_v<call_params<T, P>, V> &&
               returns_range_v<call_blocks<T, P>, B> && returns_range_v<call_instructions<T, P>, V> &&
               returns_range_v<call_successors<T, P>, B> && returns_v<call_value_kind_of<T, P>, value_kind> &&
               returns_v<call_instruction_kind<T, P>, inst_kind> && returns_range_v<call_operands<T, P>, V> &&
               returns_v<call_instruction_position<T, P>, source_pos> && returns_range_v<call_incoming_blocks<T, P>, B> &&
               returns_v<call_callee<T, P>, F> && returns_v<call_value_function<T, P>, F> &&
               returns_v<call_allocation_size<T, P>, bool> && good_handle_v<F> && good_handle_v<B> && good_handle_v<V> &&
               !misdeclared_v<names_value_name<T>, call_value_name<T, P>> &&
               !misdeclared_v<names_block_name<T>, call_block_name<T, P>> &&
               !misdeclared_v<names_may_hold_pointers<T>, call_may_hold_pointers<T, P>> &&
               !misdeclared_v<names_declared_leaks<T>, call_declared_leaks<T, P>> &&
               !misdeclared_v<names_has_declared_leaks<T>, call_has_declared_leaks<T, P>> &&
               !misdeclared_v<names_method_name<T>, call_method_name<T, P>> &&
               !misdeclared_v<names_call_targets<T>, call_call_targets<T, P>> &&
               !misdeclared_v<names_is_address_taken<T>, call_is_address_taken<T, P>> &&
               !misdeclared_v<names_is_variadic<T>, call_is_variadic<T, P>> &&
               (!call_declared_leaks<T, P>::value || call_has_declared_leaks<T, P>::value);
    }
}

}  // namespace detail::cfg_check

/// True when Traits provides every required member for Program with the documented signatures.
template <class Program, class Traits = cfg_traits<Program>>
constexpr bool is_cfg_traits_v = detail::cfg_check::complete<Traits>::value && detail::cfg_check::required_ok<Program, Traits>();

/// One static_assert per problem, each saying what to write. Entry points call it inside
/// `if constexpr (check_cfg_traits<...>())` so a wrong specialisation yields these messages only.
template <class Program, class Traits = cfg_traits<Program>>
constexpr bool check_cfg_traits() {
    using namespace detail::cfg_check;
    constexpr bool specialised = complete<Traits>::value;
    static_assert(specialised,
                  "there is no escapade::cfg_traits specialisation for this program type (did you specialise it for another "
                  "type, e.g. a pointer or a const-qualified type?)");
    if constexpr (specialised) {
        constexpr bool handles = has_handles<Traits>::value;
        static_assert(handles, "escapade::cfg_traits<P> must define the handle types function_ref, block_ref and value_ref");
        if constexpr (handles) {
            using T = Traits;
            using P = Program;
            using F = fn_t<T>;
            using B = block_t<T>;
            using V = value_t<T>;
#define ESCAPADE_CFG_REQUIRE(ok, text) static_assert(ok, "cfg_traits: " text)
            ESCAPADE_CFG_REQUIRE(good_handle_v<F> && good_handle_v<B> && good_handle_v<V>,
                                 "function_ref, block_ref and value_ref must be trivially copyable and have no padding (they are "
                                 "hashed by their bytes)");
            ESCAPADE_CFG_REQUIRE((returns_range_v<call_functions<T, P>, F>),
                                 "needs static auto functions(const P&) -> forward range of function_ref");
            ESCAPADE_CFG_REQUIRE((returns_v<call_file_name<T, P>, std::string_view>),
                                 "needs static std::string_view file_name(const P&, index_t file)");
            ESCAPADE_CFG_REQUIRE((returns_v<call_function_name<T, P>, std::string_view>),
                                 "needs static std::string_view function_name(const P&, function_ref)");
            ESCAPADE_CFG_REQUIRE((returns_v<call_function_position<T, P>, source_pos>),
                                 "needs static source_pos function_position(const P&, function_ref)");
            ESCAPADE_CFG_REQUIRE((returns_v<call_has_body<T, P>, bool>), "needs static bool has_body(const P&, function_ref)");
            ESCAPADE_CFG_REQUIRE((returns_range_v<call_params<T, P>, V>),
                                 "needs static auto params(const P&, function_ref) -> forward range of value_ref");
            ESCAPADE_CFG_REQUIRE((returns_range_v<call_blocks<T, P>, B>),
                                 "needs static auto blocks(const P&, function_ref) -> forward range of block_ref (entry first)");
            ESCAPADE_CFG_REQUIRE((returns_range_v<call_instructions<T, P>, V>),
                                 "needs static auto instructions(const P&, block_ref) -> forward range of value_ref");
            ESCAPADE_CFG_REQUIRE((returns_range_v<call_successors<T, P>, B>),
                                 "needs static auto successors(const P&, block_ref) -> forward range of block_ref");
            ESCAPADE_CFG_REQUIRE((returns_v<call_value_kind_of<T, P>, value_kind>),
                                 "needs static escapade::value_kind value_kind_of(const P&, value_ref)");
            ESCAPADE_CFG_REQUIRE((returns_v<call_instruction_kind<T, P>, inst_kind>),
                                 "needs static escapade::inst_kind instruction_kind(const P&, value_ref)");
            ESCAPADE_CFG_REQUIRE((returns_range_v<call_operands<T, P>, V>),
                                 "needs static auto operands(const P&, value_ref) -> forward range of value_ref");
            ESCAPADE_CFG_REQUIRE((returns_v<call_instruction_position<T, P>, source_pos>),
                                 "needs static source_pos instruction_position(const P&, value_ref)");
            ESCAPADE_CFG_REQUIRE((returns_range_v<call_incoming_blocks<T, P>, B>),
                                 "needs static auto incoming_blocks(const P&, value_ref) -> forward range of block_ref");
            ESCAPADE_CFG_REQUIRE((returns_v<call_callee<T, P>, F>), "needs static function_ref callee(const P&, value_ref)");
            ESCAPADE_CFG_REQUIRE((returns_v<call_value_function<T, P>, F>),
                                 "needs static function_ref value_function(const P&, value_ref)");
            ESCAPADE_CFG_REQUIRE((returns_v<call_allocation_size<T, P>, bool>),
                                 "needs static bool allocation_size(const P&, value_ref, size64* bytes)");
            // Optional members: present means used, so a wrong signature is an error, not a default.
            ESCAPADE_CFG_REQUIRE((!misdeclared_v<names_value_name<T>, call_value_name<T, P>>),
                                 "value_name must be static std::string_view value_name(const P&, value_ref)");
            ESCAPADE_CFG_REQUIRE((!misdeclared_v<names_block_name<T>, call_block_name<T, P>>),
                                 "block_name must be static std::string_view block_name(const P&, block_ref)");
            ESCAPADE_CFG_REQUIRE((!misdeclared_v<names_may_hold_pointers<T>, call_may_hold_pointers<T, P>>),
                                 "may_hold_pointers must be static bool may_hold_pointers(const P&, value_ref)");
            ESCAPADE_CFG_REQUIRE((!misdeclared_v<names_declared_leaks<T>, call_declared_leaks<T, P>>),
                                 "declared_leaks must be static auto declared_leaks(const P&, function_ref) -> range of "
                                 "leak_declaration");
            ESCAPADE_CFG_REQUIRE((!misdeclared_v<names_has_declared_leaks<T>, call_has_declared_leaks<T, P>>),
                                 "has_declared_leaks must be static bool has_declared_leaks(const P&, function_ref)");
            ESCAPADE_CFG_REQUIRE((!call_declared_leaks<T, P>::value || call_has_declared_leaks<T, P>::value),
                                 "declared_leaks needs has_declared_leaks(const P&, function_ref) too (which functions declare)");
            ESCAPADE_CFG_REQUIRE((!misdeclared_v<names_method_name<T>, call_method_name<T, P>>),
                                 "method_name must be static std::string_view method_name(const P&, value_ref)");
            ESCAPADE_CFG_REQUIRE((!misdeclared_v<names_call_targets<T>, call_call_targets<T, P>>),
                                 "call_targets must be static auto call_targets(const P&, value_ref) -> range of function_ref");
            ESCAPADE_CFG_REQUIRE((!misdeclared_v<names_is_address_taken<T>, call_is_address_taken<T, P>>),
                                 "is_address_taken must be static bool is_address_taken(const P&, function_ref)");
            ESCAPADE_CFG_REQUIRE((!misdeclared_v<names_is_variadic<T>, call_is_variadic<T, P>>),
                                 "is_variadic must be static bool is_variadic(const P&, function_ref)");
#undef ESCAPADE_CFG_REQUIRE
        }
    }
    return is_cfg_traits_v<Program, Traits>;
}

namespace detail {
// Optional members with their defaults.
template <class P, class T>
std::string_view cfg_value_name(const P& p, typename T::value_ref v) noexcept {
    if constexpr (cfg_check::call_value_name<T, P>::value) return T::value_name(p, v);
    (void)p;
    (void)v;
    return std::string_view();
}
template <class P, class T>
std::string_view cfg_block_name(const P& p, typename T::block_ref b) noexcept {
    if constexpr (cfg_check::call_block_name<T, P>::value) return T::block_name(p, b);
    (void)p;
    (void)b;
    return std::string_view();
}
template <class P, class T>
bool cfg_may_hold_pointers(const P& p, typename T::value_ref v) noexcept {
    if constexpr (cfg_check::call_may_hold_pointers<T, P>::value) return T::may_hold_pointers(p, v);
    (void)p;
    (void)v;
    return true;
}
template <class P, class T>
std::string_view cfg_method_name(const P& p, typename T::value_ref v) noexcept {
    if constexpr (cfg_check::call_method_name<T, P>::value) return T::method_name(p, v);
    (void)p;
    (void)v;
    return std::string_view();
}
template <class P, class T>
bool cfg_is_variadic(const P& p, typename T::function_ref f) noexcept {
    if constexpr (cfg_check::call_is_variadic<T, P>::value) return T::is_variadic(p, f);
    (void)p;
    (void)f;
    return false;
}
template <class P, class T>
constexpr bool cfg_has_call_targets() noexcept {
    return cfg_check::call_call_targets<T, P>::value;
}
template <class P, class T>
constexpr bool cfg_has_address_taken() noexcept {
    return cfg_check::call_is_address_taken<T, P>::value;
}
template <class P, class T>
constexpr bool cfg_has_declared_leaks() noexcept {
    return cfg_check::call_declared_leaks<T, P>::value;
}
}  // namespace detail

}  // namespace escapade

#endif  // ESCAPADE_CFG_TRAITS_HPP
