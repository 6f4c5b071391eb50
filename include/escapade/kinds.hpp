// escapade/kinds.hpp - the vocabulary shared by host IRs and the generic IR.
//
// A host maps each of its nodes onto one of these kinds in its ir_traits specialisation
// (traits.hpp); the generic IR (ir/module.hpp) stores them directly. docs/ir.md explains each kind
// in terms of the text IR, and analysis.hpp how the analysis treats it.
#ifndef ESCAPADE_KINDS_HPP
#define ESCAPADE_KINDS_HPP

#include <cstdint>

namespace escapade {

/// What a type is, as far as escape analysis cares.
enum class type_kind : std::uint8_t {
    invalid,
    bool_,
    int_,
    int8,
    int16,
    int32,
    int64,
    uint,
    uint8,
    uint16,
    uint32,
    uint64,
    uintptr,
    float32,
    float64,
    complex64,
    complex128,
    string,          ///< a pointer to immutable bytes plus a length
    unsafe_pointer,  ///< an untyped pointer
    nil,             ///< the type of the untyped `nil` constant
    pointer,         ///< *elem
    slice,           ///< []elem: a pointer to a backing array, length and capacity
    array,           ///< [length]elem, stored inline
    map,             ///< map[key]elem: a pointer to a runtime table
    chan,            ///< chan elem: a pointer to a runtime channel
    func,            ///< a function value: a pointer to a closure record
    struct_,         ///< fields stored inline
    interface,       ///< an interface value: dynamic type and a data word
    tuple            ///< the results of a call with several results (not a value type)
};

/// Where a variable lives.
enum class var_kind : std::uint8_t {
    global,  ///< package-level: storing into it stores into the heap
    param,   ///< a parameter (a method's receiver is its first parameter)
    result,  ///< a named result
    local    ///< a local variable, declared by a `var` statement
};

/// Statements. Operand layout (the expressions a statement holds, in order):
///   assign: targets, then values; eval: [expr]; return_: values; if_: [cond];
///   range: [key, value, x] (key/value may be blank); go/defer: [call]; send: [chan, value].
enum class stmt_kind : std::uint8_t {
    block,      ///< { children }
    declare,    ///< var NAME TYPE: sets the variable's loop depth; `var x T = e` adds an assign
    assign,     ///< lhs... = rhs... (see assign_form)
    eval,       ///< an expression evaluated for its effects (usually a call)
    return_,    ///< return exprs... (assigns to the results)
    if_,        ///< if cond { children } else { else_children }
    loop,       ///< for { children }: the body runs zero or more times
    range,      ///< for k, v = range x { children }
    go,         ///< go call
    defer,      ///< defer call
    send,       ///< ch <- value: the value goes to the heap
    label,      ///< a goto target
    goto_,      ///< goto label
    break_,     ///< leaves the innermost loop
    continue_,  ///< next iteration of the innermost loop
    closure     ///< declares a nested function literal (evaluated where its name is used)
};

/// How an assignment's right-hand side maps to its targets (for reasons and -m=2 notes).
enum class assign_form : std::uint8_t {
    plain,           ///< x = y
    define,          ///< x := y / var x T = y: the variable's defining assignment
    pair,            ///< a, b = c, d
    call,            ///< a, b = f() with several results
    comma_ok_type,   ///< v, ok = x.(T)
    comma_ok_map,    ///< v, ok = m[k]
    comma_ok_recv,   ///< v, ok = <-ch
    op               ///< x op= y
};

/// Expressions. Operand layout is given per kind.
enum class expr_kind : std::uint8_t {
    // values without storage
    var,           ///< a variable (ref = var_id)
    func_ref,      ///< a named function or method as a value (ref = func_id): static data
    constant,      ///< a scalar, string or nil constant: static data, no flow
    blank,         ///< `_` as an assignment target
    opaque,        ///< a scalar computed from operands (arithmetic, comparisons, len, ...): no flow
    // addressing
    addr,          ///< &x
    deref,         ///< *p
    field,         ///< x.f on a struct value (ref = field index)
    field_ptr,     ///< p.f through a pointer to a struct (ref = field index)
    index,         ///< a[i] on an array value
    index_ptr,     ///< s[i] on a slice (or pointer to array): through the backing store
    index_map,     ///< m[k]: a copy out of the map's heap storage
    slice,         ///< x[lo:hi:max] on a slice, string or pointer to array: [x, lo?, hi?, max?]
    // conversions
    convert,       ///< T(x) that keeps the value (also unsafe.Pointer <-> uintptr)
    to_iface,      ///< I(x): boxes x unless x is pointer-shaped or an interface
    type_assert,   ///< x.(T)
    recv,          ///< <-ch: a value from the heap
    // allocation sites (each is a location of its own)
    new_,          ///< new(T)
    make_slice,    ///< make([]T, len[, cap]): operands [len, cap?]
    make_map,      ///< make(map[K]V[, hint])
    make_chan,     ///< make(chan T[, n]): always heap, no diagnostic
    ptr_lit,       ///< &T{...}: operand [the composite literal]
    struct_lit,    ///< T{...} value: elements flow into the destination (ref = field count used)
    array_lit,     ///< [N]T{...} value: elements flow into the destination
    slice_lit,     ///< []T{...}: a backing array allocation
    map_lit,       ///< map[K]V{k: v...}: keys and values go to the heap
    closure,       ///< a function literal (ref = func_id of a nested function)
    method_value,  ///< x.M as a value: a closure over the receiver (ref = method name index)
    string_conv,   ///< string(b), []byte(s), []rune(s), string(r): a copy
    concat,        ///< a + b + ... on strings
    // calls
    call,          ///< a static call (ref = func_id): operands are the arguments (receiver first)
    call_method,   ///< x.M(args) on an interface: operands [x, args...] (ref = method name)
    call_value,    ///< f(args) through a function value: operands [f, args...]
    append,        ///< append(s, xs...) (flag ddd: append(s, t...))
    copy,          ///< copy(dst, src)
    panic,         ///< panic(x)
    builtin,       ///< print, println, delete, close, clear, recover, len, cap, min, max...: no flow
    unsafe_add     ///< unsafe.Add(p, n) / unsafe.Slice(p, n): p flows to the result
};

/// The name of a statement kind (as in error messages: "a loop statement").
constexpr const char* to_string(stmt_kind k) noexcept {
    switch (k) {
    case stmt_kind::block: return "block";
    case stmt_kind::declare: return "declare";
    case stmt_kind::assign: return "assign";
    case stmt_kind::eval: return "eval";
    case stmt_kind::return_: return "return";
    case stmt_kind::if_: return "if";
    case stmt_kind::loop: return "loop";
    case stmt_kind::range: return "range";
    case stmt_kind::go: return "go";
    case stmt_kind::defer: return "defer";
    case stmt_kind::send: return "send";
    case stmt_kind::label: return "label";
    case stmt_kind::goto_: return "goto";
    case stmt_kind::break_: return "break";
    case stmt_kind::continue_: return "continue";
    case stmt_kind::closure: return "closure";
    }
    return "?";
}

/// The name of an expression kind (as in error messages: "a deref expression").
constexpr const char* to_string(expr_kind k) noexcept {
    switch (k) {
    case expr_kind::var: return "var";
    case expr_kind::func_ref: return "func_ref";
    case expr_kind::constant: return "constant";
    case expr_kind::blank: return "blank";
    case expr_kind::opaque: return "opaque";
    case expr_kind::addr: return "addr";
    case expr_kind::deref: return "deref";
    case expr_kind::field: return "field";
    case expr_kind::field_ptr: return "field_ptr";
    case expr_kind::index: return "index";
    case expr_kind::index_ptr: return "index_ptr";
    case expr_kind::index_map: return "index_map";
    case expr_kind::slice: return "slice";
    case expr_kind::convert: return "convert";
    case expr_kind::to_iface: return "to_iface";
    case expr_kind::type_assert: return "type_assert";
    case expr_kind::recv: return "recv";
    case expr_kind::new_: return "new";
    case expr_kind::make_slice: return "make_slice";
    case expr_kind::make_map: return "make_map";
    case expr_kind::make_chan: return "make_chan";
    case expr_kind::ptr_lit: return "ptr_lit";
    case expr_kind::struct_lit: return "struct_lit";
    case expr_kind::array_lit: return "array_lit";
    case expr_kind::slice_lit: return "slice_lit";
    case expr_kind::map_lit: return "map_lit";
    case expr_kind::closure: return "closure";
    case expr_kind::method_value: return "method_value";
    case expr_kind::string_conv: return "string_conv";
    case expr_kind::concat: return "concat";
    case expr_kind::call: return "call";
    case expr_kind::call_method: return "call_method";
    case expr_kind::call_value: return "call_value";
    case expr_kind::append: return "append";
    case expr_kind::copy: return "copy";
    case expr_kind::panic: return "panic";
    case expr_kind::builtin: return "builtin";
    case expr_kind::unsafe_add: return "unsafe_add";
    }
    return "?";
}

}  // namespace escapade

#endif  // ESCAPADE_KINDS_HPP
