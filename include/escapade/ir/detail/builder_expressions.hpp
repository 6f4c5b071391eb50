// escapade/ir/detail/builder_expressions.hpp - the IR builder: expressions.
//
// One function per expression kind (kinds.hpp). Each checks its operands (types, arity,
// addressability, assignability of arguments to parameters) and computes the result type, so a
// module built without an error is well formed; the first error is kept and later calls do
// nothing.
//
// Cost: O(1) amortised per expression plus its operand list (call arguments checked once each).
#ifndef ESCAPADE_IR_DETAIL_BUILDER_EXPRESSIONS_HPP
#define ESCAPADE_IR_DETAIL_BUILDER_EXPRESSIONS_HPP

#include "builder.hpp"

namespace escapade::ir {

ESCAPADE_IR_INLINE expr_id builder::var_ref(var_id v, source_pos pos) noexcept {
    if (!valid_var(v)) return invalid_index;
    return add_expr(expr_kind::var, m_.variables_[v].type, v, nullptr, 0, pos);
}

ESCAPADE_IR_INLINE expr_id builder::func_ref(func_id f, source_pos pos) noexcept {
    if (!valid_func(f)) return invalid_index;
    if (m_.functions_[f].is_closure()) return fail(errc::type_error, pos, "a function literal is used with a closure expression");
    if (m_.functions_[f].signature == invalid_index) return fail(errc::invalid_reference, pos, "function has no signature yet");
    return add_expr(expr_kind::func_ref, method_value_type(f), f, nullptr, 0, pos);
}

ESCAPADE_IR_INLINE expr_id builder::constant(type_id t, source_pos pos) noexcept {
    if (!valid_type(t)) return invalid_index;
    return add_expr(expr_kind::constant, t, invalid_index, nullptr, 0, pos);
}

ESCAPADE_IR_INLINE expr_id builder::opaque(type_id t, const expr_id* ops, std::size_t n, source_pos pos) noexcept {
    if (!valid_type(t) || !valid_exprs(ops, n)) return invalid_index;
    return add_expr(expr_kind::opaque, t, invalid_index, ops, n, pos);
}

ESCAPADE_IR_INLINE expr_id builder::addr(expr_id x, source_pos pos) noexcept {
    if (!valid_value(x)) return invalid_index;
    if (!addressable(x)) return fail(errc::type_error, pos, "cannot take the address of this expression");
    return add_expr(expr_kind::addr, pointer_to(type_of(x)), invalid_index, &x, 1, pos);
}

ESCAPADE_IR_INLINE expr_id builder::deref(expr_id p, source_pos pos) noexcept {
    if (!valid_value(p)) return invalid_index;
    const type& t = m_.types_[type_of(p)];
    if (t.kind != type_kind::pointer) return fail(errc::type_error, pos, "cannot dereference a non-pointer");
    return add_expr(expr_kind::deref, t.elem, invalid_index, &p, 1, pos);
}

ESCAPADE_IR_INLINE expr_id builder::field_of(expr_id x, index_t field_index, source_pos pos) noexcept {
    if (!valid_value(x)) return invalid_index;
    type_id st = type_of(x);
    expr_kind k = expr_kind::field;
    if (m_.types_[st].kind == type_kind::pointer) {
        st = m_.types_[st].elem;
        k = expr_kind::field_ptr;
    }
    if (m_.types_[st].kind != type_kind::struct_) return fail(errc::type_error, pos, "field access on a non-struct");
    if (field_index >= m_.types_[st].count) return fail(errc::invalid_reference, pos, "field %u does not exist", unsigned(field_index));
    return add_expr(k, m_.fields_[m_.types_[st].first + field_index].type, field_index, &x, 1, pos);
}

ESCAPADE_IR_INLINE index_t builder::find_field(type_id st, std::string_view name) const noexcept {
    if (st >= m_.types_.size()) return invalid_index;
    if (m_.types_[st].kind == type_kind::pointer) st = m_.types_[st].elem;
    const type& t = m_.types_[st];
    if (t.kind != type_kind::struct_) return invalid_index;
    for (index_t i = 0; i < t.count; ++i)
        if (m_.fields_[t.first + i].name == name) return i;
    return invalid_index;
}

ESCAPADE_IR_INLINE expr_id builder::index(expr_id x, expr_id i, source_pos pos) noexcept {
    if (!valid_value(x) || !valid_value(i)) return invalid_index;
    type_id xt = type_of(x);
    const type& t = m_.types_[xt];
    expr_id ops[2] = {x, i};
    switch (t.kind) {
    case type_kind::array: return add_expr(expr_kind::index, t.elem, invalid_index, ops, 2, pos);
    case type_kind::slice: return add_expr(expr_kind::index_ptr, t.elem, invalid_index, ops, 2, pos);
    case type_kind::string: return add_expr(expr_kind::index_ptr, builtin(type_kind::uint8), invalid_index, ops, 2, pos);
    case type_kind::map: return add_expr(expr_kind::index_map, t.elem, invalid_index, ops, 2, pos);
    case type_kind::pointer:
        if (m_.types_[t.elem].kind == type_kind::array)
            return add_expr(expr_kind::index_ptr, m_.types_[t.elem].elem, invalid_index, ops, 2, pos);
        break;
    default: break;
    }
    return fail(errc::type_error, pos, "cannot index this type");
}

ESCAPADE_IR_INLINE expr_id builder::slice(expr_id x, expr_id lo, expr_id hi, expr_id max, source_pos pos) noexcept {
    if (!valid_value(x)) return invalid_index;
    expr_id ops[4] = {x};
    std::size_t n = 1;
    std::uint8_t flags = 0;
    const expr_id bounds[3] = {lo, hi, max};
    const std::uint8_t bits[3] = {ex_slice_lo, ex_slice_hi, ex_slice_max};
    for (int i = 0; i < 3; ++i) {
        if (bounds[i] == invalid_index) continue;
        if (!valid_value(bounds[i])) return invalid_index;
        ops[n++] = bounds[i];
        flags |= bits[i];
    }
    if (max != invalid_index && hi == invalid_index) return fail(errc::syntax_error, pos, "a 3-index slice needs a high bound");
    type_id xt = type_of(x);
    const type& t = m_.types_[xt];
    type_id rt = invalid_index;
    if (t.kind == type_kind::slice || t.kind == type_kind::string) rt = xt;
    else if (t.kind == type_kind::pointer && m_.types_[t.elem].kind == type_kind::array)
        rt = slice_of(m_.types_[t.elem].elem);
    else return fail(errc::type_error, pos, "cannot slice this type (slice an array through its address: (&a)[lo:hi])");
    expr_id e = add_expr(expr_kind::slice, rt, invalid_index, ops, n, pos);
    if (e != invalid_index) m_.exprs_[e].flags |= flags;
    return e;
}

ESCAPADE_IR_INLINE expr_id builder::convert(type_id t, expr_id x, source_pos pos) noexcept {
    if (!valid_type(t) || !valid_value(x)) return invalid_index;
    if (m_.types_[t].kind == type_kind::interface && m_.types_[type_of(x)].kind != type_kind::interface)
        return fail(errc::type_error, pos, "conversion to an interface must use to_iface");
    return add_expr(expr_kind::convert, t, invalid_index, &x, 1, pos);
}

ESCAPADE_IR_INLINE expr_id builder::to_iface(type_id iface, expr_id x, source_pos pos) noexcept {
    if (!valid_type(iface) || !valid_value(x)) return invalid_index;
    if (m_.types_[iface].kind != type_kind::interface) return fail(errc::type_error, pos, "to_iface needs an interface type");
    return add_expr(expr_kind::to_iface, iface, invalid_index, &x, 1, pos);
}

ESCAPADE_IR_INLINE expr_id builder::type_assert(expr_id x, type_id t, source_pos pos) noexcept {
    if (!valid_value(x) || !valid_type(t)) return invalid_index;
    if (m_.types_[type_of(x)].kind != type_kind::interface) return fail(errc::type_error, pos, "type assertion on a non-interface");
    return add_expr(expr_kind::type_assert, t, invalid_index, &x, 1, pos);
}

ESCAPADE_IR_INLINE expr_id builder::recv(expr_id ch, source_pos pos) noexcept {
    if (!valid_value(ch)) return invalid_index;
    const type& t = m_.types_[type_of(ch)];
    if (t.kind != type_kind::chan) return fail(errc::type_error, pos, "receive from a non-channel");
    return add_expr(expr_kind::recv, t.elem, invalid_index, &ch, 1, pos);
}

ESCAPADE_IR_INLINE expr_id builder::new_(type_id t, source_pos pos) noexcept {
    if (!valid_type(t)) return invalid_index;
    return add_expr(expr_kind::new_, pointer_to(t), invalid_index, nullptr, 0, pos);
}

ESCAPADE_IR_INLINE expr_id builder::make(type_id t, const expr_id* args, std::size_t n, source_pos pos) noexcept {
    if (!valid_type(t) || !valid_exprs(args, n)) return invalid_index;
    switch (m_.types_[t].kind) {
    case type_kind::slice:
        if (n < 1 || n > 2) return fail(errc::arity_mismatch, pos, "make of a slice takes a length and an optional capacity");
        return add_expr(expr_kind::make_slice, t, invalid_index, args, n, pos);
    case type_kind::map:
        if (n > 1) return fail(errc::arity_mismatch, pos, "make of a map takes an optional size hint");
        return add_expr(expr_kind::make_map, t, invalid_index, args, n, pos);
    case type_kind::chan:
        if (n > 1) return fail(errc::arity_mismatch, pos, "make of a channel takes an optional buffer size");
        return add_expr(expr_kind::make_chan, t, invalid_index, args, n, pos);
    default: return fail(errc::type_error, pos, "make needs a slice, map or channel type");
    }
}

ESCAPADE_IR_INLINE expr_id builder::composite(type_id t, const expr_id* elems, std::size_t n, source_pos pos) noexcept {
    if (!valid_type(t) || !valid_exprs(elems, n)) return invalid_index;
    const type& ty = m_.types_[t];
    switch (ty.kind) {
    case type_kind::struct_:
        if (n > ty.count) return fail(errc::arity_mismatch, pos, "too many elements in struct literal");
        for (std::size_t i = 0; i < n; ++i)
            if (!check_assignable(m_.fields_[ty.first + i].type, elems[i], pos)) return invalid_index;
        return add_expr(expr_kind::struct_lit, t, static_cast<index_t>(n), elems, n, pos);
    case type_kind::array:
        if (n > ty.length) return fail(errc::arity_mismatch, pos, "too many elements in array literal");
        for (std::size_t i = 0; i < n; ++i)
            if (!check_assignable(ty.elem, elems[i], pos)) return invalid_index;
        return add_expr(expr_kind::array_lit, t, invalid_index, elems, n, pos);
    case type_kind::slice:
        for (std::size_t i = 0; i < n; ++i)
            if (!check_assignable(ty.elem, elems[i], pos)) return invalid_index;
        return add_expr(expr_kind::slice_lit, t, invalid_index, elems, n, pos);
    case type_kind::map:
        if (n % 2 != 0) return fail(errc::arity_mismatch, pos, "map literal needs key: value pairs");
        for (std::size_t i = 0; i < n; i += 2)
            if (!check_assignable(ty.key, elems[i], pos) || !check_assignable(ty.elem, elems[i + 1], pos)) return invalid_index;
        return add_expr(expr_kind::map_lit, t, invalid_index, elems, n, pos);
    default: return fail(errc::type_error, pos, "composite literal of a type that is not a struct, array, slice or map");
    }
}

ESCAPADE_IR_INLINE expr_id builder::ptr_lit(expr_id lit, source_pos pos) noexcept {
    if (!valid_value(lit)) return invalid_index;
    expr_kind k = m_.exprs_[lit].kind;
    if (k != expr_kind::struct_lit && k != expr_kind::array_lit)
        return fail(errc::type_error, pos, "&T{...} needs a struct or array literal");
    return add_expr(expr_kind::ptr_lit, pointer_to(type_of(lit)), invalid_index, &lit, 1, pos);
}

ESCAPADE_IR_INLINE expr_id builder::closure(func_id f, source_pos pos) noexcept {
    if (!valid_func(f)) return invalid_index;
    if (!m_.functions_[f].is_closure()) return fail(errc::type_error, pos, "closure of a function that is not a function literal");
    if (m_.functions_[f].signature == invalid_index) return fail(errc::invalid_reference, pos, "function literal has no signature yet");
    return add_expr(expr_kind::closure, m_.functions_[f].signature, f, nullptr, 0, pos);
}

ESCAPADE_IR_INLINE expr_id builder::method_value(expr_id x, std::string_view name, source_pos pos) noexcept {
    if (!valid_value(x)) return invalid_index;
    type_id sig = method_signature(type_of(x), name, pos);
    if (sig == invalid_index) return invalid_index;
    index_t ni = name_index(name);
    if (ni == invalid_index) return invalid_index;
    return add_expr(expr_kind::method_value, sig, ni, &x, 1, pos);
}

ESCAPADE_IR_INLINE expr_id builder::string_conv(type_id t, expr_id x, source_pos pos) noexcept {
    if (!valid_type(t) || !valid_value(x)) return invalid_index;
    return add_expr(expr_kind::string_conv, t, invalid_index, &x, 1, pos);
}

ESCAPADE_IR_INLINE expr_id builder::concat(const expr_id* ops, std::size_t n, source_pos pos) noexcept {
    if (!valid_exprs(ops, n)) return invalid_index;
    if (n < 2) return fail(errc::arity_mismatch, pos, "concatenation needs two or more operands");
    return add_expr(expr_kind::concat, builtin(type_kind::string), invalid_index, ops, n, pos);
}

ESCAPADE_IR_INLINE expr_id builder::call(func_id f, const expr_id* args, std::size_t n, source_pos pos, bool ddd) noexcept {
    if (!valid_func(f) || !valid_exprs(args, n)) return invalid_index;
    const ir::function& fn = m_.functions_[f];
    if (fn.is_closure()) return fail(errc::type_error, pos, "call a function literal through a closure value");
    if (fn.params_count != n)
        return fail(errc::arity_mismatch, pos, "call of %.*s with %u arguments, want %u", int(fn.name.size()), fn.name.data(),
                    unsigned(n), unsigned(fn.params_count));
    for (std::size_t i = 0; i < n; ++i)
        if (!check_assignable(m_.variables_[m_.var_pool_[fn.params_first + i]].type, args[i], pos)) return invalid_index;
    expr_id e = add_expr(expr_kind::call, result_type(fn.signature), f, args, n, pos);
    if (e != invalid_index && ddd) m_.exprs_[e].flags |= ex_ddd;
    return e;
}

ESCAPADE_IR_INLINE expr_id builder::call_method(expr_id recv, std::string_view name, const expr_id* args, std::size_t n, source_pos pos,
                    bool ddd) noexcept {
    if (!valid_value(recv) || !valid_exprs(args, n)) return invalid_index;
    if (m_.types_[type_of(recv)].kind != type_kind::interface)
        return fail(errc::type_error, pos, "dynamic method call on a value that is not an interface");
    type_id sig = method_signature(type_of(recv), name, pos);
    if (sig == invalid_index || !check_call_args(sig, args, n, pos)) return invalid_index;
    index_t ni = name_index(name);
    if (ni == invalid_index) return invalid_index;
    expr_id ops[65];
    if (n > 64) return fail(errc::limit_exceeded, pos, "more than 64 arguments");
    ops[0] = recv;
    for (std::size_t i = 0; i < n; ++i) ops[i + 1] = args[i];
    expr_id e = add_expr(expr_kind::call_method, result_type(sig), ni, ops, n + 1, pos);
    if (e != invalid_index && ddd) m_.exprs_[e].flags |= ex_ddd;
    return e;
}

ESCAPADE_IR_INLINE expr_id builder::call_value(expr_id fv, const expr_id* args, std::size_t n, source_pos pos, bool ddd) noexcept {
    if (!valid_value(fv) || !valid_exprs(args, n)) return invalid_index;
    // A call through a named function value is a static call (gc resolves it the same way).
    if (m_.exprs_[fv].kind == expr_kind::func_ref) return call(m_.exprs_[fv].ref, args, n, pos, ddd);
    type_id sig = type_of(fv);
    if (m_.types_[sig].kind != type_kind::func) return fail(errc::type_error, pos, "call of a value that is not a function");
    if (!check_call_args(sig, args, n, pos)) return invalid_index;
    expr_id ops[65];
    if (n > 64) return fail(errc::limit_exceeded, pos, "more than 64 arguments");
    ops[0] = fv;
    for (std::size_t i = 0; i < n; ++i) ops[i + 1] = args[i];
    expr_id e = add_expr(expr_kind::call_value, result_type(sig), invalid_index, ops, n + 1, pos);
    if (e != invalid_index && ddd) m_.exprs_[e].flags |= ex_ddd;
    return e;
}

ESCAPADE_IR_INLINE expr_id builder::append(const expr_id* args, std::size_t n, source_pos pos, bool ddd) noexcept {
    if (!valid_exprs(args, n)) return invalid_index;
    if (n < 1 || m_.types_[type_of(args[0])].kind != type_kind::slice)
        return fail(errc::type_error, pos, "append needs a slice as first argument");
    if (ddd && n != 2) return fail(errc::arity_mismatch, pos, "append(s, t...) takes exactly two arguments");
    type_id elem = m_.types_[type_of(args[0])].elem;
    if (!ddd)
        for (std::size_t i = 1; i < n; ++i)
            if (!check_assignable(elem, args[i], pos)) return invalid_index;
    expr_id e = add_expr(expr_kind::append, type_of(args[0]), invalid_index, args, n, pos);
    if (e != invalid_index && ddd) m_.exprs_[e].flags |= ex_ddd;
    return e;
}

ESCAPADE_IR_INLINE expr_id builder::copy(expr_id dst, expr_id src, source_pos pos) noexcept {
    if (!valid_value(dst) || !valid_value(src)) return invalid_index;
    expr_id ops[2] = {dst, src};
    return add_expr(expr_kind::copy, builtin(type_kind::int_), invalid_index, ops, 2, pos);
}

ESCAPADE_IR_INLINE expr_id builder::panic(expr_id x, source_pos pos) noexcept {
    if (!valid_value(x)) return invalid_index;
    return add_expr(expr_kind::panic, tuple_of(nullptr, 0), invalid_index, &x, 1, pos);
}

ESCAPADE_IR_INLINE expr_id builder::builtin_call(std::string_view name, type_id result, const expr_id* args, std::size_t n, source_pos pos) noexcept {
    if (!valid_exprs(args, n)) return invalid_index;
    if (result == invalid_index) result = tuple_of(nullptr, 0);
    if (!valid_type(result)) return invalid_index;
    index_t ni = name_index(name);
    if (ni == invalid_index) return invalid_index;
    return add_expr(expr_kind::builtin, result, ni, args, n, pos);
}

ESCAPADE_IR_INLINE expr_id builder::unsafe_add(expr_id p, expr_id n, type_id result, source_pos pos) noexcept {
    if (!valid_value(p) || !valid_value(n) || !valid_type(result)) return invalid_index;
    expr_id ops[2] = {p, n};
    return add_expr(expr_kind::unsafe_add, result, invalid_index, ops, 2, pos);
}

ESCAPADE_IR_INLINE void builder::note_type_position(type_id t, source_pos pos) noexcept {
    if (valid_type(t) && m_.types_[t].name.empty() && !m_.types_[t].pos.known()) m_.types_[t].pos = pos;
}

ESCAPADE_IR_INLINE void builder::set_text(expr_id e, std::string_view text) noexcept {
    if (!valid_expr(e)) return;
    store_text(&m_.exprs_[e].text_id, text);
}

ESCAPADE_IR_INLINE void builder::set_explicit_pos(expr_id e) noexcept {
    if (valid_expr(e)) m_.exprs_[e].flags |= ex_explicit_pos;
}

ESCAPADE_IR_INLINE void builder::set_expr_pos(expr_id e, source_pos pos) noexcept {
    if (!valid_expr(e)) return;
    if (!m_.pack(pos, &m_.exprs_[e].pos)) oom();
}

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_BUILDER_EXPRESSIONS_HPP
