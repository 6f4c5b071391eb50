// escapade/ir/detail/builder_statements.hpp - the IR builder: statements.
//
// One function per statement kind: blocks, declarations, assignments (with their forms: plain,
// define, comma-ok, op-assign), eval, return, if, loop, range, go/defer, send, labels and jumps,
// closure declarations. Each checks its operands against the statement's shape (targets
// assignable, values assignable to them, results matching the function's).
//
// Cost: O(1) amortised per statement plus the lists it copies.
#ifndef ESCAPADE_IR_DETAIL_BUILDER_STATEMENTS_HPP
#define ESCAPADE_IR_DETAIL_BUILDER_STATEMENTS_HPP

#include "builder.hpp"

namespace escapade::ir {

ESCAPADE_IR_INLINE stmt_id builder::block(const stmt_id* children, std::size_t n, source_pos pos) noexcept {
    return add_stmt(stmt_kind::block, children, n, nullptr, 0, invalid_index, pos);
}

ESCAPADE_IR_INLINE stmt_id builder::declare(var_id v, source_pos pos) noexcept {
    if (!valid_var(v)) return invalid_index;
    if (m_.variables_[v].kind != var_kind::local) return fail(errc::type_error, pos, "only local variables are declared by statements");
    return add_stmt(stmt_kind::declare, nullptr, 0, nullptr, 0, v, pos);
}

ESCAPADE_IR_INLINE stmt_id builder::assign(const expr_id* lhs, std::size_t nl, const expr_id* rhs, std::size_t nr, assign_form form,
               source_pos pos) noexcept {
    if (!valid_exprs(lhs, nl) || !valid_exprs(rhs, nr)) return invalid_index;
    if (nl == 0) return fail(errc::arity_mismatch, pos, "assignment without targets");
    for (std::size_t i = 0; i < nl; ++i)
        if (!assignable_target(lhs[i])) return fail(errc::type_error, m_.expr_pos(lhs[i]), "cannot assign to this expression");
    if (nl == nr) {
        for (std::size_t i = 0; i < nl; ++i)
            if (m_.exprs_[lhs[i]].kind != expr_kind::blank && !check_assignable(type_of(lhs[i]), rhs[i], pos)) return invalid_index;
    } else if (nr == 1 && is_call(rhs[0]) && m_.types_[type_of(rhs[0])].kind == type_kind::tuple) {
        const type& tt = m_.types_[type_of(rhs[0])];
        if (tt.count != nl) return fail(errc::arity_mismatch, pos, "assignment of %u values to %u targets", unsigned(tt.count), unsigned(nl));
        for (std::size_t i = 0; i < nl; ++i)
            if (m_.exprs_[lhs[i]].kind != expr_kind::blank && !assignable(type_of(lhs[i]), m_.type_pool_[tt.first + i]))
                return fail(errc::type_error, pos, "result %u of the call is not assignable to target %u", unsigned(i), unsigned(i));
        if (form == assign_form::plain || form == assign_form::pair) form = assign_form::call;
    } else if (nl == 2 && nr == 1 && is_comma_ok(rhs[0])) {
        // `i, ok = x.(T)` / `m[k]` / `<-ch` into an interface i keeps the concrete value: Go
        // (gc's order, after escape analysis) converts it only afterwards, so the flow is that
        // of the unconverted value (no box). Other targets must be assignable.
        if (m_.exprs_[lhs[0]].kind != expr_kind::blank) {
            bool into_iface = m_.types_[type_of(lhs[0])].kind == type_kind::interface;
            if (!into_iface && !check_assignable(type_of(lhs[0]), rhs[0], pos)) return invalid_index;
        }
        expr_kind k = m_.exprs_[rhs[0]].kind;
        if (form != assign_form::define)
            form = k == expr_kind::type_assert ? assign_form::comma_ok_type
                   : k == expr_kind::index_map ? assign_form::comma_ok_map
                                               : assign_form::comma_ok_recv;
    } else {
        return fail(errc::arity_mismatch, pos, "assignment of %u values to %u targets", unsigned(nr), unsigned(nl));
    }
    if (form == assign_form::plain && nl > 1) form = assign_form::pair;
    if (nl + nr > 128) return fail(errc::limit_exceeded, pos, "more than 128 operands in one assignment");
    // The targets, then the values, appended to the pool one after the other (no copy into a
    // local array first): the statement's operands are the one range of nl + nr.
    if (!room(m_.expr_pool_.size(), nl + nr, pos)) return invalid_index;
    stmt_id s = add_stmt(stmt_kind::assign, nullptr, 0, lhs, nl, invalid_index, pos);
    if (s != invalid_index) {
        if (nr && !m_.expr_pool_.append(rhs, nr)) return oom();
        m_.stmts_[s].exprs_count = static_cast<index_t>(nl + nr);
        m_.stmts_[s].lhs_count = static_cast<index_t>(nl);
        m_.stmts_[s].form = form;
    }
    return s;
}

ESCAPADE_IR_INLINE stmt_id builder::eval(expr_id e, source_pos pos) noexcept {
    if (!valid_expr(e)) return invalid_index;
    return add_stmt(stmt_kind::eval, nullptr, 0, &e, 1, invalid_index, pos);
}

ESCAPADE_IR_INLINE stmt_id builder::ret(func_id f, const expr_id* values, std::size_t n, source_pos pos) noexcept {
    if (!valid_func(f) || !valid_exprs(values, n)) return invalid_index;
    const ir::function& fn = m_.functions_[f];
    if (n == fn.results_count) {
        for (std::size_t i = 0; i < n; ++i)
            if (!check_assignable(m_.variables_[m_.var_pool_[fn.results_first + i]].type, values[i], pos)) return invalid_index;
    } else if (n == 1 && is_call(values[0]) && m_.types_[type_of(values[0])].kind == type_kind::tuple &&
               m_.types_[type_of(values[0])].count == fn.results_count) {
    } else if (n != 0) {
        return fail(errc::arity_mismatch, pos, "return of %u values from a function with %u results", unsigned(n),
                    unsigned(fn.results_count));
    }
    return add_stmt(stmt_kind::return_, nullptr, 0, values, n, invalid_index, pos);
}

ESCAPADE_IR_INLINE stmt_id builder::if_(expr_id cond, const stmt_id* then_, std::size_t nt, const stmt_id* else_, std::size_t ne, source_pos pos) noexcept {
    if (cond != invalid_index && !valid_value(cond)) return invalid_index;
    if (cond == invalid_index) {
        cond = opaque(builtin(type_kind::bool_), nullptr, 0, pos);
        if (cond == invalid_index) return invalid_index;
    }
    stmt_id s = add_stmt(stmt_kind::if_, then_, nt, &cond, 1, invalid_index, pos);
    if (s == invalid_index) return s;
    index_t first;
    if (!copy_stmts(else_, ne, &first)) return invalid_index;
    m_.stmts_[s].else_first = first;
    m_.stmts_[s].else_count = static_cast<index_t>(ne);
    return s;
}

ESCAPADE_IR_INLINE stmt_id builder::loop(const stmt_id* body, std::size_t n, source_pos pos) noexcept {
    return add_stmt(stmt_kind::loop, body, n, nullptr, 0, invalid_index, pos);
}

ESCAPADE_IR_INLINE stmt_id builder::range(expr_id key, expr_id value, expr_id x, const stmt_id* body, std::size_t n, bool define, source_pos pos) noexcept {
    if (!valid_value(x)) return invalid_index;
    if (key == invalid_index && (key = blank(pos)) == invalid_index) return invalid_index;
    if (value == invalid_index && (value = blank(pos)) == invalid_index) return invalid_index;
    if (!valid_expr(key) || !valid_expr(value)) return invalid_index;
    const type& xt = m_.types_[type_of(x)];
    type_id kt = builtin(type_kind::int_), vt = invalid_index;
    switch (xt.kind) {
    case type_kind::array:
    case type_kind::slice: vt = xt.elem; break;
    case type_kind::string: vt = builtin(type_kind::int32); break;
    case type_kind::map: kt = xt.key; vt = xt.elem; break;
    case type_kind::chan: kt = xt.elem; break;
    case type_kind::pointer:
        if (m_.types_[xt.elem].kind == type_kind::array) {
            vt = m_.types_[xt.elem].elem;
            break;
        }
        return fail(errc::type_error, pos, "cannot range over this type");
    default: return fail(errc::type_error, pos, "cannot range over this type");
    }
    if (!assignable_target(key) || !assignable_target(value)) return fail(errc::type_error, pos, "cannot assign to range variable");
    // `for k, v = range x` into interface variables keeps the concrete elements, as the
    // comma-ok forms do: Go (gc's walk, after escape analysis) converts them only afterwards.
    auto into_iface = [&](expr_id target) { return m_.types_[type_of(target)].kind == type_kind::interface; };
    if (m_.exprs_[key].kind != expr_kind::blank && !assignable(type_of(key), kt) && !(!define && into_iface(key)))
        return fail(errc::type_error, pos, "range key has the wrong type");
    if (m_.exprs_[value].kind != expr_kind::blank &&
        (vt == invalid_index || (!assignable(type_of(value), vt) && !(!define && into_iface(value)))))
        return fail(errc::type_error, pos, "range value has the wrong type");
    expr_id ops[3] = {key, value, x};
    stmt_id s = add_stmt(stmt_kind::range, body, n, ops, 3, invalid_index, pos);
    if (s != invalid_index) {
        m_.stmts_[s].lhs_count = 2;
        m_.stmts_[s].form = define ? assign_form::define : assign_form::plain;
    }
    return s;
}

ESCAPADE_IR_INLINE stmt_id builder::go_or_defer(bool is_go, expr_id call_expr, source_pos pos) noexcept {
    if (!valid_expr(call_expr)) return invalid_index;
    if (!is_call(call_expr) && m_.exprs_[call_expr].kind != expr_kind::builtin && m_.exprs_[call_expr].kind != expr_kind::panic &&
        m_.exprs_[call_expr].kind != expr_kind::copy)
        return fail(errc::type_error, pos, "go and defer need a call");
    return add_stmt(is_go ? stmt_kind::go : stmt_kind::defer, nullptr, 0, &call_expr, 1, invalid_index, pos);
}

ESCAPADE_IR_INLINE stmt_id builder::send(expr_id ch, expr_id value, source_pos pos) noexcept {
    if (!valid_value(ch) || !valid_value(value)) return invalid_index;
    if (m_.types_[type_of(ch)].kind != type_kind::chan) return fail(errc::type_error, pos, "send on a non-channel");
    if (!check_assignable(m_.types_[type_of(ch)].elem, value, pos)) return invalid_index;
    expr_id ops[2] = {ch, value};
    return add_stmt(stmt_kind::send, nullptr, 0, ops, 2, invalid_index, pos);
}

ESCAPADE_IR_INLINE stmt_id builder::label(std::string_view name, source_pos pos) noexcept {
    index_t l = label_index(name);
    if (l == invalid_index) return l;
    return add_stmt(stmt_kind::label, nullptr, 0, nullptr, 0, l, pos);
}

ESCAPADE_IR_INLINE stmt_id builder::goto_(std::string_view name, source_pos pos) noexcept {
    index_t l = label_index(name);
    if (l == invalid_index) return l;
    return add_stmt(stmt_kind::goto_, nullptr, 0, nullptr, 0, l, pos);
}

ESCAPADE_IR_INLINE stmt_id builder::jump(bool is_break, source_pos pos) noexcept {
    return add_stmt(is_break ? stmt_kind::break_ : stmt_kind::continue_, nullptr, 0, nullptr, 0, invalid_index, pos);
}

ESCAPADE_IR_INLINE stmt_id builder::closure_decl(func_id f, source_pos pos) noexcept {
    if (!valid_func(f)) return invalid_index;
    return add_stmt(stmt_kind::closure, nullptr, 0, nullptr, 0, f, pos);
}

ESCAPADE_IR_INLINE void builder::set_stmt_text(stmt_id s, std::string_view text) noexcept {
    if (!valid_stmt(s)) return;
    store_text(&m_.stmts_[s].text_id, text);
}

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_BUILDER_STATEMENTS_HPP
