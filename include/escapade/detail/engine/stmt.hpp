// escapade/detail/engine/stmt.hpp - graph construction per statement and the walk that drives it.
//
// gc's stmt.go: each statement kind becomes flows between holes. The walk is a task stack (no
// recursion that grows with the input): a task lowers one statement or one expression into a
// given hole, restores the loop depth after a block, marks reassigned variables after an
// assignment, or finishes a range statement's body.
//
// Cost: O(1) per task beyond what the statement itself creates; one task per statement and
// expression of the body.
#ifndef ESCAPADE_DETAIL_ENGINE_STMT_HPP
#define ESCAPADE_DETAIL_ENGINE_STMT_HPP

#include "engine.hpp"

namespace escapade::detail {

template <class P, class T>
template <class R>
bool engine<P, T>::push_block(R&& stmts) noexcept {
    // restore the depth after the list, then the statements in order (LIFO: reversed)
    task t{task_kind::set_depth, hole{}};
    t.a = static_cast<index_t>(b_.loop_depth);
    if (!push(t)) return false;
    std::size_t mark = b_.tasks.size();
    for (auto&& s : stmts) {
        task st{task_kind::stmt, hole{}};
        st.s = s;
        if (!push(st)) return false;
    }
    std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
    return true;
}

template <class P, class T>
bool engine<P, T>::walk_function(index_t f) noexcept {
    b_.cur_fn = f;
    b_.loop_depth = 1;
    if (!label_prepass(f)) return false;
    if (!push_block(T::body(p_, fns_[f].ref))) return false;
    return run_tasks();
}

template <class P, class T>
bool engine<P, T>::run_tasks() noexcept {
    while (!b_.tasks.empty() && ok()) {
        task t = b_.tasks.back();
        b_.tasks.pop_back();
        switch (t.kind) {
        case task_kind::stmt:
            if (!do_stmt(t.s)) return false;
            break;
        case task_kind::expr:
            if (!do_expr(t.k, t.e)) return false;
            break;
        case task_kind::set_depth: b_.loop_depth = static_cast<std::int32_t>(t.a); break;
        case task_kind::restore_fn:
            b_.cur_fn = t.a;
            b_.loop_depth = static_cast<std::int32_t>(t.b);
            break;
        case task_kind::reassigned: {
            // Marks assigned variables, except a variable's own defining statement.
            bool defining = T::statement_kind(p_, t.s) == stmt_kind::assign && T::statement_form(p_, t.s) == assign_form::define;
            for (index_t i = t.a; i < t.a + t.b; ++i) {
                index_t l = b_.holes[i].dst;
                if (l == invalid_index) continue;
                if (defining && L(l).kind == loc_kind::variable) continue;
                L(l).reassigned = true;
            }
            break;
        }
        case task_kind::range_body: {
            // for k, v = range x: x was evaluated into a temporary outside the loop.
            b_.loop_depth = static_cast<std::int32_t>(t.b) + 1;
            expr_ref ops[3];
            std::size_t n = 0;
            for (auto&& e : T::statement_operands(p_, t.s)) {
                if (n < 3) ops[n] = e;
                ++n;
            }
            if (n != 3) return fail(errc::invalid_host_ir, T::statement_position(p_, t.s), "a range statement has three operands");
            hole kk = addr_of(ops[0]);
            hole kv = addr_of(ops[1]);
            type_ref xt = T::expression_type(p_, ops[2]);
            if (tracking_ && T::type_kind_of(p_, xt) != type_kind::array) {
                // keys and values read from a slice, map, channel or through a pointer: unknown
                // dynamic types (a range over an array value carries the array's set along kv)
                for (int j = 0; j < 2; ++j)
                    if (T::expression_kind(p_, ops[j]) != expr_kind::blank && tracked_type(T::expression_type(p_, ops[j])))
                        record_fact(j == 0 ? kk : kv, el_top);
            }
            if (T::type_kind_of(p_, xt) == type_kind::array) kv = note_stmt(kv, t.s, "range");
            else kv = note_stmt(shift(kv, 1), t.s, "range-deref");
            // gc flows only the value: keys of maps and values of channels come from the heap.
            flow(kv, t.a);
            // Range variables are assigned on every iteration.
            L(kk.dst == invalid_index ? b_.blank : kk.dst).reassigned = true;
            L(kv.dst == invalid_index ? b_.blank : kv.dst).reassigned = true;
            break;
        }
        case task_kind::unsafe_value:
            if (!do_unsafe_value(t.k, t.e)) return false;
            break;
        case task_kind::label_scan:
            if (!label_prepass(t.a)) return false;
            break;
        }
    }
    return ok();
}

template <class P, class T>
bool engine<P, T>::do_stmt(stmt_ref s) noexcept {
    vector<expr_ref>& ops = b_.ops;
    ops.clear();
    for (auto&& e : T::statement_operands(p_, s))
        if (!ops.push_back(e)) return oom();
    switch (T::statement_kind(p_, s)) {
    case stmt_kind::block: {
        // gc's OBLOCK walks its list with e.stmts, not e.block: the loop depth is not restored at
        // the end, so a looping label inside a plain block raises it for the rest of the body.
        std::size_t mark = b_.tasks.size();
        for (auto&& c : T::statement_children(p_, s)) {
            task st{task_kind::stmt, hole{}};
            st.s = c;
            if (!push(st)) return false;
        }
        std::reverse(b_.tasks.begin() + mark, b_.tasks.end());
        return ok();
    }
    case stmt_kind::declare: {
        index_t l = var_loc(T::declared_variable(p_, s));
        if (l != b_.heap) L(l).loop_depth = b_.loop_depth;
        return ok();
    }
    case stmt_kind::assign: {
        std::size_t nt = T::statement_targets(p_, s);
        if (nt > ops.size() || nt == 0) return fail(errc::invalid_host_ir, T::statement_position(p_, s), "assignment without targets");
        std::size_t nv = ops.size() - nt;
        assign_form form = T::statement_form(p_, s);
        bool multi_call = nv == 1 && nt > 1 && form != assign_form::comma_ok_type && form != assign_form::comma_ok_map &&
                          form != assign_form::comma_ok_recv && T::type_kind_of(p_, T::expression_type(p_, ops[nt])) == type_kind::tuple;
        if (multi_call) {
            std::size_t mark = b_.holes.size();
            for (std::size_t i = 0; i < nt; ++i)
                if (!b_.holes.push_back(addr_of(ops[i]))) return oom();
            task rt{task_kind::reassigned, hole{}};
            rt.s = s;
            rt.a = static_cast<index_t>(mark);
            rt.b = static_cast<index_t>(nt);
            if (!push(rt)) return false;
            expr_ref call = ops[nt];
            // b_.holes may grow during do_call; copy the result holes (all of them: any number).
            vector<hole>& ks = b_.call_results;
            ks.clear();
            if (!ks.append(b_.holes.data() + mark, nt)) return oom();
            return do_call(result_holes{ks.data(), ks.size()}, call);
        }
        const char* why = "assign";
        switch (form) {
        case assign_form::pair: why = "assign-pair"; break;
        case assign_form::comma_ok_type: why = "assign-pair-dot-type"; break;
        case assign_form::comma_ok_map: why = "assign-pair-mapr"; break;
        case assign_form::comma_ok_recv: why = "assign-pair-receive"; break;
        default: break;
        }
        // assign_list only pushes tasks: b_.ops stays intact while it runs.
        return assign_list(s, ops.data(), nt, ops.data() + nt, nv, why, false, invalid_index);
    }
    case stmt_kind::eval: {
        if (ops.empty()) return ok();
        expr_ref e = ops[0];
        return is_call_kind(T::expression_kind(p_, e)) ? do_call(result_holes{}, e) : push_discard(e);
    }
    case stmt_kind::return_: {
        const fn_info& fi = fns_[b_.cur_fn];
        if (ops.empty()) return ok();
        if (fault_planted(unsound_fault::ignore_returns)) {
            for (expr_ref e : ops)
                if (!push_discard(e)) return false;
            return ok();
        }
        if (ops.size() == 1 && fi.results_count > 1) {
            vector<hole>& ks = b_.call_results;
            ks.clear();
            std::size_t mark = b_.holes.size();
            for (std::size_t i = 0; i < fi.results_count; ++i)
                if (!ks.push_back(loc_hole(var_loc(params_[fi.results_first + i].var))) || !b_.holes.push_back(ks.back())) return oom();
            task rt{task_kind::reassigned, hole{}};
            rt.s = s;
            rt.a = static_cast<index_t>(mark);
            rt.b = static_cast<index_t>(ks.size());
            if (!push(rt)) return false;
            return do_call(result_holes{ks.data(), ks.size()}, ops[0]);
        }
        if (ops.size() != fi.results_count)
            return fail(errc::invalid_host_ir, T::statement_position(p_, s), "return with %u values in a function with %u results",
                        unsigned(ops.size()), unsigned(fi.results_count));
        return assign_list(s, nullptr, fi.results_count, ops.data(), ops.size(), "return", true, b_.cur_fn);
    }
    case stmt_kind::if_: {
        if (!push_block(T::statement_else(p_, s)) || !push_block(T::statement_children(p_, s))) return false;
        for (expr_ref c : ops)
            if (!push_discard(c)) return false;
        return ok();
    }
    case stmt_kind::loop: {
        if (!push_block(T::statement_children(p_, s))) return false;
        ++b_.loop_depth;
        return ok();
    }
    case stmt_kind::range: {
        if (ops.size() != 3) return fail(errc::invalid_host_ir, T::statement_position(p_, s), "a range statement has three operands");
        index_t tmp = new_loc(loc_kind::temp, b_.cur_fn, false);
        if (tmp == invalid_index) return false;
        if (!push_block(T::statement_children(p_, s))) return false;
        task rb{task_kind::range_body, hole{}};
        rb.s = s;
        rb.a = tmp;
        rb.b = static_cast<index_t>(b_.loop_depth);
        if (!push(rb)) return false;
        return push_expr(loc_hole(tmp), ops[2]);
    }
    case stmt_kind::go: return do_go_defer(s, true);
    case stmt_kind::defer: return do_go_defer(s, false);
    case stmt_kind::send: {
        if (ops.size() != 2) return fail(errc::invalid_host_ir, T::statement_position(p_, s), "a send has two operands");
        expr_ref ch = ops[0], v = ops[1];
        if (!push_expr(note_stmt(heap_hole(reason::channel_send), s, "send"), v)) return false;
        return push_discard(ch);
    }
    case stmt_kind::label: {
        std::uint64_t key = (std::uint64_t(b_.cur_fn) << 32) | traits_statement_label<P, T>(p_, s);
        const std::uint8_t* state = b_.labels.find(key);
        if (state && *state == 2) ++b_.loop_depth;
        return ok();
    }
    case stmt_kind::goto_:
    case stmt_kind::break_:
    case stmt_kind::continue_:
    case stmt_kind::closure: return ok();
    }
    return ok();
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_STMT_HPP
