// escapade/detail/engine/expr.hpp - graph construction per expression.
//
// gc's expr.go: an expression evaluated into a hole k. Addressing and conversions shift k's
// dereference count; allocations get a location of their own (spill) whose address flows to k;
// composite literals send their elements to k (or to the allocation); closures are walked in
// place with their own loop depth; calls go to call.hpp.
//
// Cost: O(operands) per expression.
#ifndef ESCAPADE_DETAIL_ENGINE_EXPR_HPP
#define ESCAPADE_DETAIL_ENGINE_EXPR_HPP

#include "engine.hpp"

namespace escapade::detail {

template <class P, class T>
bool engine<P, T>::do_expr(hole k, expr_ref e) noexcept {
    expr_kind kind = T::expression_kind(p_, e);
    if (k.derefs >= 0 && kind != expr_kind::blank) {
        type_ref t = T::expression_type(p_, e);
        if (T::type_kind_of(p_, t) != type_kind::nil && !T::type_has_pointers(p_, t)) k.dst = b_.blank;
    }
    if (tracking_ && !value_facts(k, e, kind)) return false;
    // Kinds that read operands by position read at most the first two (validate.hpp holds each
    // kind to its operand count); kinds with more operands go over all of them (discard_all,
    // elements, map literals, calls), so no operand is left out.
    expr_ref ops[2];
    std::size_t n = 0;
    for (auto&& o : T::expression_operands(p_, e)) {
        if (n < 2) ops[n] = o;
        ++n;
    }
    auto need = [&](std::size_t want) -> bool {
        if (n >= want) return true;
        return fail(errc::invalid_host_ir, T::expression_position(p_, e), "expression with %u operands, expected at least %u",
                    unsigned(n), unsigned(want));
    };
    auto discard_all = [&](std::size_t from) -> bool {
        std::size_t i = 0, mark = b_.tasks.size();
        for (auto&& o : T::expression_operands(p_, e))
            if (i++ >= from && !push_discard(o)) return false;
        std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
        return true;
    };
    auto elements = [&](hole kk, const char* why) -> bool {
        std::size_t mark = b_.tasks.size();
        for (auto&& o : T::expression_operands(p_, e))
            if (!push_expr(note_expr(kk, e, why), o)) return false;
        std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
        return true;
    };
    switch (kind) {
    case expr_kind::var: {
        variable_ref v = T::referenced_variable(p_, e);
        if (T::variable_kind(p_, v) == var_kind::global) return ok();
        flow(k, var_loc(v));
        return ok();
    }
    case expr_kind::func_ref:
    case expr_kind::constant:
    case expr_kind::blank: return ok();
    case expr_kind::opaque: return discard_all(0);
    case expr_kind::addr:
        if (!need(1)) return false;
        if (memsets_) memory_address_taken(ops[0]);
        return push_expr(addr(k, e, "address-of"), ops[0]);
    case expr_kind::deref: return need(1) && push_expr(deref(k, e, "indirection"), ops[0]);
    case expr_kind::field: {
        if (!need(1)) return false;
        hole kb = note_expr(k, e, "dot");
        field_keys fk;
        // a field of interface or function type holds its memory set (dispatch_memory.hpp)
        if (memsets_ && memory_field_key(e, &fk) && !memory_field_base(&kb, fk)) return false;
        return push_expr(kb, ops[0]);
    }
    case expr_kind::field_ptr: return need(1) && push_expr(deref(k, e, "dot of pointer"), ops[0]);
    case expr_kind::index: return need(2) && push_discard(ops[1]) && push_expr(note_expr(k, e, "fixed-array-index-of"), ops[0]);
    case expr_kind::index_ptr: return need(2) && push_discard(ops[1]) && push_expr(deref(k, e, "dot of pointer"), ops[0]);
    case expr_kind::index_map: return need(2) && push_discard(ops[1]) && push_discard(ops[0]);
    case expr_kind::slice: return need(1) && discard_all(1) && push_expr(note_expr(k, e, "slice"), ops[0]);
    case expr_kind::convert: {
        if (!need(1)) return false;
        type_ref to = T::expression_type(p_, e);
        type_ref from = T::expression_type(p_, ops[0]);
        if (memsets_ && !(to == from)) {
            // the same memory seen as another type: neither type's fields are followed
            memory_expose(to);
            memory_expose(from);
        }
        if (T::type_kind_of(p_, to) == type_kind::unsafe_pointer && T::type_kind_of(p_, from) == type_kind::uintptr) {
            task t{task_kind::unsafe_value, k};
            t.e = ops[0];
            return push(t);
        }
        return push_expr(k, ops[0]);
    }
    case expr_kind::to_iface: {
        if (!need(1)) return false;
        type_ref xt = T::expression_type(p_, ops[0]);
        if (memsets_) memory_expose(xt);  // reflection may write what the interface holds
        // the interface's dynamic type is xt itself (value_facts): a pointer-shaped operand's own
        // type set (say, that of a pointer asserted out of another interface) must not join it
        if (closed_ && T::type_kind_of(p_, xt) != type_kind::interface && !holds_dynamic(xt)) k.flags |= edge_no_types;
        if (T::type_kind_of(p_, xt) != type_kind::interface && !T::type_pointer_shaped(p_, xt)) k = spill(k, e, true);
        return push_expr(note_expr(k, e, "interface-converted"), ops[0]);
    }
    case expr_kind::type_assert: return need(1) && push_expr(dot_type(k, T::expression_type(p_, e), e, "dot"), ops[0]);
    case expr_kind::recv: return discard_all(0);
    case expr_kind::new_: spill(k, e, true); return ok();
    case expr_kind::make_slice:
    case expr_kind::make_map: spill(k, e, true); return discard_all(0);
    case expr_kind::make_chan: return discard_all(0);
    case expr_kind::method_value: {
        if (!need(1)) return false;
        hole closure_k = spill(k, e, true);
        index_t fn = invalid_index;
        if constexpr (has_find_method<T, P>::value) {
            type_ref rt = T::expression_type(p_, ops[0]);
            function_ref m{};
            if (T::type_kind_of(p_, rt) != type_kind::interface && T::find_method(p_, rt, T::method_name(p_, e), &m)) fn = fn_of(m);
        }
        // How the method value will be called is unknown: its results go to the heap.
        vector<hole>& ks = b_.call_results;
        ks.clear();
        if (fn != invalid_index && !ks.append(fns_[fn].results_count, heap_hole(reason::method_value))) return oom();
        hole two[2] = {summary_hole(result_holes{ks.data(), ks.size()}, fn, 0, summary_use::automatic), closure_k};
        return push_expr(tee(two, 2), ops[0]);
    }
    case expr_kind::ptr_lit: return need(1) && push_expr(spill(k, e, true), ops[0]);
    case expr_kind::array_lit: return elements(k, "array literal element");
    case expr_kind::struct_lit: {
        if (!memsets_) return elements(k, "struct literal element");
        // each element of interface or function type is a store into its field's memory set
        std::size_t i = 0, mark = b_.tasks.size();
        for (auto&& o : T::expression_operands(p_, e)) {
            hole ke = note_expr(k, e, "struct literal element");
            if (!memory_struct_element(&ke, e, i++) || !push_expr(ke, o)) return false;
        }
        std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
        return ok();
    }
    case expr_kind::slice_lit: return elements(spill(k, e, true), "slice-literal-element");
    case expr_kind::map_lit: {
        spill(k, e, true);
        std::size_t i = 0, mark = b_.tasks.size();
        for (auto&& o : T::expression_operands(p_, e)) {
            const char* why = (i++ % 2 == 0) ? "map literal key" : "map literal value";
            if (!push_expr(note_expr(heap_hole(reason::map_store), e, why), o)) return false;
        }
        std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
        return ok();
    }
    case expr_kind::closure: {
        index_t cf = fn_of(T::referenced_function(p_, e));
        if (cf == invalid_index || !fns_[cf].closure || fns_[cf].outermost != fns_[b_.cur_fn].outermost)
            return fail(errc::invalid_host_ir, T::expression_position(p_, e), "closure of a function that is not a function literal of this function");
        hole ck = spill(k, e, true);
        if (!b_.closures.push_back(closure_rec{ck, cf, e})) return oom();
        for (auto&& v : T::captures(p_, fns_[cf].ref)) {
            index_t l = var_loc(v);
            if (l == b_.heap) continue;
            if (!L(l).captured) {
                L(l).captured = true;
                // Ignore reassignments in straight-line code before the first capture.
                if (L(l).loop_depth == b_.loop_depth) L(l).reassigned = false;
            }
        }
        // Walk the closure's body right here, with its own loop depth.
        task rt{task_kind::restore_fn, hole{}};
        rt.a = b_.cur_fn;
        rt.b = static_cast<index_t>(b_.loop_depth);
        if (!push(rt)) return false;
        if (!label_prepass(cf)) return false;
        b_.cur_fn = cf;
        b_.loop_depth = 1;
        return push_block(T::body(p_, fns_[cf].ref));
    }
    case expr_kind::string_conv:
    case expr_kind::concat: spill(k, e, true); return discard_all(0);
    default: break;  // the calls; validate.hpp's switches list every kind (-Wswitch)
    }
    if (is_call_kind(kind)) return do_call(result_holes{&k, 1}, e);
    return fail(errc::invalid_host_ir, T::expression_position(p_, e), "expression of unknown kind %u", unsigned(kind));
}

template <class P, class T>
bool engine<P, T>::do_unsafe_value(hole k, expr_ref e) noexcept {
    // gc's unsafeValue: follow uintptr arithmetic looking for conversions from unsafe.Pointer.
    switch (T::expression_kind(p_, e)) {
    case expr_kind::convert: {
        for (auto&& o : T::expression_operands(p_, e)) {
            if (T::type_kind_of(p_, T::expression_type(p_, o)) == type_kind::unsafe_pointer) return push_expr(k, o);
            return push_discard(o);
        }
        return ok();
    }
    case expr_kind::opaque:
        for (auto&& o : T::expression_operands(p_, e)) {
            task t{task_kind::unsafe_value, k};
            t.e = o;
            if (!push(t)) return false;
        }
        return ok();
    default: return push_discard(e);
    }
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_EXPR_HPP
