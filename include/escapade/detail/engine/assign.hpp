// escapade/detail/engine/assign.hpp - graph construction per assignment: targets and self-assignments.
//
// gc's assign.go (and isSelfAssign from utils.go): addr_of gives the hole a store into an
// assignable expression flows into (a local's location, the heap for globals and stores through
// pointers, model=precise's pointees); assign_list pairs targets with values and marks the targets
// reassigned; gc's "ignoring self-assignment" rule recognises b.buf = b.buf[n:m] and x.f = x.f.
//
// Cost: O(size of the target expression) per target; same_safe_expr O(size of the two trees).
#ifndef ESCAPADE_DETAIL_ENGINE_ASSIGN_HPP
#define ESCAPADE_DETAIL_ENGINE_ASSIGN_HPP

#include "engine.hpp"

namespace escapade::detail {

/// The hole of a store into n: addr_of_target's, through a temporary when n is a field or global
/// with a memory set (dispatch_memory.hpp), so that the stored value's set is collected.
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::addr_of(expr_ref n) noexcept {
    std::uint64_t keys[2];
    if (!memsets_ || !memory_target_key(n, keys)) return addr_of_target(n);
    return memory_store_hole(addr_of_target(n), keys);
}

template <class P, class T>
typename engine<P, T>::hole engine<P, T>::addr_of_target(expr_ref n) noexcept {
    // gc's addr(): the hole that represents storing into n. Followed iteratively down x.f / a[i].
    for (std::size_t guard = 0;; ++guard) {
        if (guard > opt_.max_body_nodes) {  // the target's nesting is part of the body (reported there first)
            fail(errc::limit_exceeded, T::expression_position(p_, n), "assignment target nested too deeply");
            return discard_hole();
        }
        expr_ref ops[2];
        std::size_t cnt = 0;
        for (auto&& o : T::expression_operands(p_, n)) {
            if (cnt < 2) ops[cnt] = o;
            ++cnt;
        }
        switch (T::expression_kind(p_, n)) {
        case expr_kind::blank: return discard_hole();
        case expr_kind::var: {
            variable_ref v = T::referenced_variable(p_, n);
            if (T::variable_kind(p_, v) == var_kind::global)
                return fault_drops(unsound_fault::ignore_global_stores, heap_hole(reason::stored_in_global));
            return loc_hole(var_loc(v));
        }
        case expr_kind::field:
            if (cnt < 1) break;
            n = ops[0];
            continue;
        case expr_kind::index:
            if (cnt < 2) break;
            push_discard(ops[1]);
            n = ops[0];
            continue;
        case expr_kind::index_ptr:
            if (cnt < 2) break;
            push_discard(ops[1]);
            if (precise_) return precise_store(ops[0], n);
            push_discard(ops[0]);
            return fault_drops(unsound_fault::ignore_pointer_stores, heap_hole(reason::stored_through_pointer));
        case expr_kind::deref:
        case expr_kind::field_ptr:
            if (precise_ && cnt >= 1) return precise_store(ops[0], n);
            push_discard(n);
            return fault_drops(unsound_fault::ignore_pointer_stores, heap_hole(reason::stored_through_pointer));
        case expr_kind::index_map:
            if (cnt < 2) break;
            push_discard(ops[0]);
            push_expr(note_expr(heap_hole(reason::map_store), n, "key of map put"), ops[1]);
            return heap_hole(reason::map_store);
        default: break;
        }
        // Not an assignable expression: evaluate it and assume the worst.
        push_discard(n);
        return heap_hole(reason::escapes);
    }
}

template <class P, class T>
bool engine<P, T>::assign_list(stmt_ref where, expr_ref const* dsts, std::size_t nd, expr_ref const* srcs, std::size_t ns,
                               const char* why, bool is_return, index_t fn_for_return) noexcept {
    std::size_t mark = b_.holes.size();
    for (std::size_t i = 0; i < nd; ++i) {
        hole k;
        if (is_return) {
            const param_info& r = params_[fns_[fn_for_return].results_first + i];
            k = loc_hole(var_loc(r.var));
        } else {
            k = addr_of(dsts[i]);
        }
        if (!b_.holes.push_back(k)) return oom();
    }
    task rt{task_kind::reassigned, hole{}};
    rt.s = where;
    rt.a = static_cast<index_t>(mark);
    rt.b = static_cast<index_t>(nd);
    if (!push(rt)) return false;
    std::size_t tmark = b_.tasks.size();
    for (std::size_t i = 0; i < nd && i < ns; ++i) {
        hole k = b_.holes[mark + i];
        if (!is_return && is_self_assign(dsts[i], srcs[i])) {
            // gc: "F ignoring self-assignment in S"
            if (!note_self_assignment(where, dsts[i], srcs[i])) return false;
            k = discard_hole();
        }
        if (!push_expr(note_stmt(k, where, why), srcs[i])) return false;
    }
    std::reverse(b_.tasks.begin() + tmark, b_.tasks.end());
    return ok();
}

template <class P, class T>
bool engine<P, T>::may_affect_memory(expr_ref e) noexcept {
    vector<expr_ref>& st = b_.exprs;
    st.clear();
    if (!st.push_back(e)) return oom(), true;
    while (!st.empty()) {
        expr_ref x = st.back();
        st.pop_back();
        switch (T::expression_kind(p_, x)) {
        case expr_kind::var:
        case expr_kind::constant:
        case expr_kind::func_ref: continue;
        case expr_kind::opaque:
        case expr_kind::convert:
        case expr_kind::deref:
        case expr_kind::field:
        case expr_kind::field_ptr:
        case expr_kind::index:
        case expr_kind::index_ptr:
            for (auto&& o : T::expression_operands(p_, x))
                if (!st.push_back(o)) return oom(), true;
            continue;
        case expr_kind::builtin: {
            std::string_view nm = T::method_name(p_, x);
            if (nm == "len" || nm == "cap") {
                for (auto&& o : T::expression_operands(p_, x))
                    if (!st.push_back(o)) return oom(), true;
                continue;
            }
            return true;
        }
        default: return true;
        }
    }
    return false;
}

template <class P, class T>
bool engine<P, T>::same_safe_expr(expr_ref a, expr_ref b) noexcept {
    // gc's ir.SameSafeExpr, iteratively over the pair of trees.
    struct pair {
        expr_ref a, b;
    };
    vector<pair> st(mem_);
    if (!st.push_back(pair{a, b})) return oom(), false;
    while (!st.empty()) {
        pair q = st.back();
        st.pop_back();
        expr_kind ka = T::expression_kind(p_, q.a);
        if (ka != T::expression_kind(p_, q.b)) return false;
        switch (ka) {
        case expr_kind::var:
            if (!(T::referenced_variable(p_, q.a) == T::referenced_variable(p_, q.b))) return false;
            continue;
        case expr_kind::field:
        case expr_kind::field_ptr:
            if constexpr (has_field_index<T, P>::value) {
                if (T::field_index(p_, q.a) != T::field_index(p_, q.b)) return false;
            } else {
                return false;
            }
            [[fallthrough]];
        case expr_kind::deref:
        case expr_kind::convert:
        case expr_kind::index:
        case expr_kind::index_ptr: {
            expr_ref xa[2], xb[2];
            std::size_t na = 0, nb = 0;
            for (auto&& o : T::expression_operands(p_, q.a))
                if (na < 2) xa[na++] = o;
            for (auto&& o : T::expression_operands(p_, q.b))
                if (nb < 2) xb[nb++] = o;
            if (na != nb || na == 0) return false;
            for (std::size_t i = 0; i < na; ++i)
                if (!st.push_back(pair{xa[i], xb[i]})) return oom(), false;
            continue;
        }
        case expr_kind::constant: {
            std::int64_t va, vb;
            if constexpr (has_integer_constant<T, P>::value) {
                if (T::integer_constant(p_, q.a, &va) && T::integer_constant(p_, q.b, &vb) && va == vb) continue;
            }
            return false;
        }
        default: return false;
        }
    }
    return true;
}

template <class P, class T>
bool engine<P, T>::is_self_assign(expr_ref dst, expr_ref src) noexcept {
    expr_kind dk = T::expression_kind(p_, dst);
    expr_kind sk = T::expression_kind(p_, src);
    auto first_operand = [&](expr_ref e, expr_ref* out) { return first_of(T::expression_operands(p_, e), out); };
    // b.buf = b.buf[n:m] where b is a variable dereferenced on both sides (isSliceSelfAssign).
    if ((dk == expr_kind::deref || dk == expr_kind::field_ptr) && sk == expr_kind::slice) {
        expr_ref dx, base, bx;
        if (first_operand(dst, &dx) && T::expression_kind(p_, dx) == expr_kind::var && first_operand(src, &base)) {
            expr_kind bk = T::expression_kind(p_, base);
            if ((bk == expr_kind::deref || bk == expr_kind::field_ptr) && first_operand(base, &bx) &&
                T::expression_kind(p_, bx) == expr_kind::var &&
                T::referenced_variable(p_, dx) == T::referenced_variable(p_, bx))
                return true;
        }
    }
    if (dk != sk) return false;
    expr_ref dx, sx;
    switch (dk) {
    case expr_kind::field:
    case expr_kind::field_ptr:
        return first_operand(dst, &dx) && first_operand(src, &sx) && same_safe_expr(dx, sx);
    case expr_kind::index:
    case expr_kind::index_ptr: {
        expr_ref di[2], si[2];
        std::size_t nd = 0, ns = 0;
        for (auto&& o : T::expression_operands(p_, dst))
            if (nd < 2) di[nd++] = o;
        for (auto&& o : T::expression_operands(p_, src))
            if (ns < 2) si[ns++] = o;
        if (nd != 2 || ns != 2) return false;
        if (may_affect_memory(di[1]) || may_affect_memory(si[1])) return false;
        return same_safe_expr(di[0], si[0]);
    }
    default: return false;
    }
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_ASSIGN_HPP
