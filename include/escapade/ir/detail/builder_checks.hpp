// escapade/ir/detail/builder_checks.hpp - the IR builder's internals: validity checks, interning, table appends.
//
// The checks every public call makes (valid ids, values, assignability, call arguments,
// addressable and assignable targets), result types of signatures and method values, type
// interning with a structural hash (intern_type: equal types get one id), and the appends to the
// module's tables and pools (add_variable, add_expr, add_stmt, copy_stmts) under
// builder_limits::max_table_entries.
//
// Cost: O(1) amortised per call; intern_type O(length of the type's lists) expected.
#ifndef ESCAPADE_IR_DETAIL_BUILDER_CHECKS_HPP
#define ESCAPADE_IR_DETAIL_BUILDER_CHECKS_HPP

#include "builder.hpp"

namespace escapade::ir {

ESCAPADE_IR_INLINE bool builder::valid_type(type_id t) noexcept {
    if (failed()) return false;
    if (t >= m_.types_.size()) return fail(errc::invalid_reference, {}, "type id %u does not exist", unsigned(t)), false;
    return true;
}

ESCAPADE_IR_INLINE bool builder::valid_var(var_id v) noexcept {
    if (failed()) return false;
    if (v >= m_.variables_.size()) return fail(errc::invalid_reference, {}, "variable id %u does not exist", unsigned(v)), false;
    return true;
}

ESCAPADE_IR_INLINE bool builder::valid_func(func_id f) noexcept {
    if (failed()) return false;
    if (f >= m_.functions_.size()) return fail(errc::invalid_reference, {}, "function id %u does not exist", unsigned(f)), false;
    return true;
}

ESCAPADE_IR_INLINE bool builder::valid_stmt(stmt_id s) noexcept {
    if (failed()) return false;
    if (s >= m_.stmts_.size()) return fail(errc::invalid_reference, {}, "statement id %u does not exist", unsigned(s)), false;
    return true;
}

ESCAPADE_IR_INLINE bool builder::valid_expr(expr_id e) noexcept {
    if (failed()) return false;
    if (e >= m_.exprs_.size()) return fail(errc::invalid_reference, {}, "expression id %u does not exist", unsigned(e)), false;
    return true;
}

ESCAPADE_IR_INLINE bool builder::valid_value(expr_id e) noexcept {
    if (!valid_expr(e)) return false;
    const expr& x = m_.exprs_[e];
    if (x.kind == expr_kind::blank) return fail(errc::type_error, m_.position(x.pos), "_ used as a value"), false;
    if (x.type == invalid_index || m_.types_[x.type].kind == type_kind::tuple)
        return fail(errc::type_error, m_.position(x.pos), "expression has no single value"), false;
    return true;
}

ESCAPADE_IR_INLINE bool builder::valid_exprs(const expr_id* es, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; ++i)
        if (!valid_expr(es[i])) return false;
    return !failed();
}

ESCAPADE_IR_INLINE bool builder::check_assignable(type_id dst, expr_id src, source_pos pos) noexcept {
    if (!valid_value(src)) return false;
    if (assignable(dst, type_of(src))) return true;
    const type& d = m_.types_[dst];
    if (d.kind == type_kind::interface)
        return fail(errc::type_error, pos, "a concrete value stored into an interface needs an explicit conversion I(x)"), false;
    return fail(errc::type_error, pos, "value of the wrong type"), false;
}

ESCAPADE_IR_INLINE bool builder::check_call_args(type_id sig, const expr_id* args, std::size_t n, source_pos pos) noexcept {
    const type& s = m_.types_[sig];
    if (s.count != n) return fail(errc::arity_mismatch, pos, "call with %u arguments, want %u", unsigned(n), unsigned(s.count)), false;
    for (std::size_t i = 0; i < n; ++i)
        if (!check_assignable(m_.type_pool_[s.first + i], args[i], pos)) return false;
    return true;
}

ESCAPADE_IR_INLINE bool builder::addressable(expr_id e) const noexcept {
    const expr& x = m_.exprs_[e];
    switch (x.kind) {
    case expr_kind::var:
    case expr_kind::deref:
    case expr_kind::field_ptr:
    case expr_kind::index_ptr: return true;
    case expr_kind::field:
    case expr_kind::index: return addressable(m_.expr_pool_[x.operands_first]);
    default: return false;
    }
}

ESCAPADE_IR_INLINE bool builder::assignable_target(expr_id e) const noexcept {
    const expr& x = m_.exprs_[e];
    if (x.kind == expr_kind::blank || x.kind == expr_kind::index_map) return true;
    if (x.kind == expr_kind::index_ptr && m_.types_[type_of(m_.expr_pool_[x.operands_first])].kind == type_kind::string) return false;
    return addressable(e);
}

ESCAPADE_IR_INLINE bool builder::is_comma_ok(expr_id e) const noexcept {
    expr_kind k = m_.exprs_[e].kind;
    return k == expr_kind::type_assert || k == expr_kind::index_map || k == expr_kind::recv;
}

ESCAPADE_IR_INLINE type_id builder::result_type(type_id sig) noexcept {
    const type& s = m_.types_[sig];
    if (s.results_count == 1) return m_.type_pool_[s.results_first];
    index_t first = s.results_first, count = s.results_count;
    type_id rs[64];
    for (index_t i = 0; i < count && i < 64; ++i) rs[i] = m_.type_pool_[first + i];
    return tuple_of(rs, count);
}

ESCAPADE_IR_INLINE type_id builder::method_value_type(func_id f) noexcept {
    const ir::function& fn = m_.functions_[f];
    if (!(fn.flags & fn_method)) return fn.signature;
    type_id ps[65];
    type_id rs[64];
    if (fn.params_count > 65 || fn.results_count > 64) return fail(errc::limit_exceeded, fn.pos, "too many parameters");
    for (index_t i = 0; i < fn.params_count; ++i) ps[i] = m_.variables_[m_.var_pool_[fn.params_first + i]].type;
    for (index_t i = 0; i < fn.results_count; ++i) rs[i] = m_.variables_[m_.var_pool_[fn.results_first + i]].type;
    return func_type(ps, fn.params_count, rs, fn.results_count, m_.types_[fn.signature].variadic);
}

ESCAPADE_IR_INLINE type_id builder::composite(type_kind k, type_id elem) noexcept {
    if (!valid_type(elem)) return invalid_index;
    type t;
    t.kind = k;
    t.elem = elem;
    return intern_type(t, nullptr, 0, nullptr, 0);
}

ESCAPADE_IR_INLINE type_id builder::add_type(const type& t) noexcept {
    if (failed() || !room(m_.types_.size(), 1, t.pos)) return invalid_index;
    if (!m_.types_.push_back(t)) return oom();
    if (!chain_.push_back(invalid_index)) return oom();
    return static_cast<type_id>(m_.types_.size() - 1);
}

ESCAPADE_IR_INLINE std::uint64_t builder::type_hash(const type& t, const type_id* a, std::size_t na, const type_id* b, std::size_t nb) const noexcept {
    std::uint64_t h = detail::mix64(static_cast<std::uint64_t>(t.kind) * 31 + t.variadic);
    h = detail::mix64(h ^ t.elem) + detail::mix64(t.key + 0x9e37ull) + detail::mix64(t.length + 7);
    for (std::size_t i = 0; i < na; ++i) h = detail::mix64(h ^ (a[i] + 1));
    h = detail::mix64(h ^ 0xabcdefull);
    for (std::size_t i = 0; i < nb; ++i) h = detail::mix64(h ^ (b[i] + 1));
    return h;
}

ESCAPADE_IR_INLINE type_id builder::intern_type(type t, const type_id* a, std::size_t na, const type_id* b, std::size_t nb) noexcept {
    if (failed()) return invalid_index;
    std::uint64_t h = type_hash(t, a, na, b, nb);
    if (const index_t* head = intern_.find(h)) {
        for (type_id c = *head; c != invalid_index; c = chain_[c]) {
            const type& o = m_.types_[c];
            if (o.kind != t.kind || o.elem != t.elem || o.key != t.key || o.length != t.length || o.variadic != t.variadic ||
                o.count != na || o.results_count != nb || !o.name.empty())
                continue;
            bool same = true;
            for (std::size_t i = 0; same && i < na; ++i) same = m_.type_pool_[o.first + i] == a[i];
            for (std::size_t i = 0; same && i < nb; ++i) same = m_.type_pool_[o.results_first + i] == b[i];
            if (same) return c;
        }
    }
    if (!room(m_.type_pool_.size(), na) || !room(m_.type_pool_.size() + na, nb)) return invalid_index;
    t.first = static_cast<index_t>(m_.type_pool_.size());
    t.count = static_cast<index_t>(na);
    if (na && !m_.type_pool_.append(a, na)) return oom();
    t.results_first = static_cast<index_t>(m_.type_pool_.size());
    t.results_count = static_cast<index_t>(nb);
    if (nb && !m_.type_pool_.append(b, nb)) return oom();
    type_id id = add_type(t);
    if (id == invalid_index) return id;
    bool inserted = false;
    index_t* head = intern_.insert(h, id, &inserted);
    if (head == nullptr) return oom();
    if (!inserted) {
        chain_[id] = *head;
        *head = id;
    }
    return id;
}

ESCAPADE_IR_INLINE var_id builder::add_variable(std::string_view name, var_kind k, type_id t, func_id f, source_pos pos) noexcept {
    if (!valid_type(t)) return invalid_index;
    variable v;
    if (!intern(name, &v.name)) return invalid_index;
    v.kind = k;
    v.type = t;
    v.function = f;
    v.pos = pos;
    if (!room(m_.variables_.size(), 1, pos)) return invalid_index;
    if (!m_.variables_.push_back(v)) return oom();
    return static_cast<var_id>(m_.variables_.size() - 1);
}

ESCAPADE_IR_INLINE bool builder::append_to_list(index_t& first, index_t& count, var_id v) noexcept {
    if (!room(m_.var_pool_.size(), 1, m_.variables_[v].pos)) return false;
    if (count == 0) first = static_cast<index_t>(m_.var_pool_.size());
    else if (first + count != m_.var_pool_.size()) {
        fail(errc::invalid_argument, m_.variables_[v].pos, "parameters and results of a function must be added together");
        return false;
    }
    if (!m_.var_pool_.push_back(v)) return oom(), false;
    ++count;
    return true;
}

ESCAPADE_IR_INLINE expr_id builder::add_expr(expr_kind k, type_id t, index_t ref, const expr_id* ops, std::size_t n, source_pos pos) noexcept {
    if (failed()) return invalid_index;
    if (t == invalid_index && k != expr_kind::blank) return fail(errc::type_error, pos, "expression without a type");
    expr x;
    x.kind = k;
    x.type = t;
    x.ref = ref;
    if (!m_.pack(pos, &x.pos)) return oom();
    if (!room(m_.exprs_.size(), 1, pos) || !room(m_.expr_pool_.size(), n, pos)) return invalid_index;
    x.operands_first = static_cast<index_t>(m_.expr_pool_.size());
    x.operands_count = static_cast<index_t>(n);
    if (n && !m_.expr_pool_.append(ops, n)) return oom();
    if (!m_.exprs_.push_back(x)) return oom();
    return static_cast<expr_id>(m_.exprs_.size() - 1);
}

ESCAPADE_IR_INLINE bool builder::copy_stmts(const stmt_id* ss, std::size_t n, index_t* first) noexcept {
    for (std::size_t i = 0; i < n; ++i)
        if (!valid_stmt(ss[i])) return false;
    if (!room(m_.stmt_pool_.size(), n)) return false;
    *first = static_cast<index_t>(m_.stmt_pool_.size());
    if (n && !m_.stmt_pool_.append(ss, n)) return oom(), false;
    return true;
}

ESCAPADE_IR_INLINE stmt_id builder::add_stmt(stmt_kind k, const stmt_id* children, std::size_t nc, const expr_id* es, std::size_t ne, index_t ref,
                 source_pos pos) noexcept {
    if (failed()) return invalid_index;
    stmt s;
    s.kind = k;
    s.ref = ref;
    if (!m_.pack(pos, &s.pos)) return oom();
    if (!copy_stmts(children, nc, &s.children_first)) return invalid_index;
    s.children_count = static_cast<index_t>(nc);
    if (!room(m_.stmts_.size(), 1, pos) || !room(m_.expr_pool_.size(), ne, pos)) return invalid_index;
    s.exprs_first = static_cast<index_t>(m_.expr_pool_.size());
    s.exprs_count = static_cast<index_t>(ne);
    if (ne && !m_.expr_pool_.append(es, ne)) return oom();
    if (!m_.stmts_.push_back(s)) return oom();
    return static_cast<stmt_id>(m_.stmts_.size() - 1);
}

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_BUILDER_CHECKS_HPP
