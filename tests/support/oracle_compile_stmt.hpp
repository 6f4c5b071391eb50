// tests/support/oracle_compile_stmt.hpp - the oracle interpreter's compiler: statements.
//
// expand_stmt turns one statement into tasks and instructions (assignments with their targets,
// if, loops and ranges with their per-iteration scopes, go/defer, return, labels and jumps).
//
// Cost: O(1) tasks per statement beyond its expressions.
// Test-only code (oracle_vm.hpp says what the interpreter and the checker are).
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_COMPILE_STMT_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_COMPILE_STMT_HPP

#include "oracle_compiler.hpp"

namespace escapade_oracle {

inline bool compiler::expand_stmt(ir::stmt_id s, std::vector<task>& seq) {
    const ir::stmt& st = m_.stmt_at(s);
    ir::id_span<ir::expr_id> ops = m_.stmt_exprs(s);
    switch (st.kind) {
    case stmt_kind::block:
        for (ir::stmt_id c : m_.children(s)) seq.push_back(T_stmt(c));
        return true;
    case stmt_kind::declare: {
        std::int32_t li = st.ref < out_.local_index.size() ? out_.local_index[st.ref] : -1;
        if (li < 0 || m_.variable_at(st.ref).function != cur_) return unsup("declaration of a variable of another function");
        seq.push_back(T_emit(op::declare, li));
        return true;
    }
    case stmt_kind::assign: {
        std::size_t nl = st.lhs_count, nv = ops.size() - nl;
        if (st.form == assign_form::op) {
            if (nl != 1 || nv != 1) return unsup("operator assignment with several operands");
            ir::type_id t = m_.expr_at(ops[0]).type;
            std::int32_t kind = builderish_scalar(ty(t).kind) ? 0 : ty(t).kind == type_kind::string ? 1 : 2;
            if (!target(ops[0], seq)) return false;
            seq.push_back(T_expr(ops[1], V));
            seq.push_back(T_emit(op::opassign, kind, static_cast<std::int32_t>(tslots(t))));
            return true;
        }
        std::vector<assign_target> tt;
        std::vector<ir::type_id> vtypes;
        if (nv == nl) {
            for (std::size_t i = 0; i < nv; ++i) vtypes.push_back(m_.expr_at(ops[nl + i]).type);
        } else if (nv == 1 && ety(ops[nl]).kind == type_kind::tuple) {
            for (ir::type_id e : m_.func_params(m_.expr_at(ops[nl]).type)) vtypes.push_back(e);
        } else if (nv == 1 && nl == 2) {
            vtypes.push_back(m_.expr_at(ops[nl]).type);
            vtypes.push_back(invalid_index);  // the bool
        } else {
            return unsup("assignment shape");
        }
        if (vtypes.size() != nl) return unsup("assignment arity");
        for (std::size_t i = 0; i < nl; ++i) {
            assign_target a;
            const ir::expr& x = m_.expr_at(ops[i]);
            a.kind = x.kind == expr_kind::blank ? 2 : x.kind == expr_kind::index_map ? 1 : 0;
            a.vslots = vtypes[i] == invalid_index ? 1 : static_cast<std::int32_t>(tslots(vtypes[i]));
            if (a.kind != 2 && tslots(x.type) != a.vslots) return unsup("assignment between types of different shapes");
            if (a.kind == 1) a.kslots = static_cast<std::int32_t>(eslots(m_.operands(ops[i])[1]));
            if (a.vslots < 0 || a.kslots < 0) return unsup("assignment of an unsupported type");
            tt.push_back(a);
            if (!target(ops[i], seq)) return false;
        }
        if (nv == nl) {
            for (std::size_t i = 0; i < nv; ++i) seq.push_back(T_expr(ops[nl + i], V));
        } else if (nl == 2 && ety(ops[nl]).kind != type_kind::tuple) {
            seq.push_back(T_expr(ops[nl], OK));
        } else {
            seq.push_back(T_expr(ops[nl], V));
        }
        fn_code& fc = out_.fns[cur_];
        fc.assigns.push_back(std::move(tt));
        seq.push_back(T_emit(op::assign, static_cast<std::int32_t>(fc.assigns.size() - 1)));
        return true;
    }
    case stmt_kind::eval:
        if (ops.size() != 1) return unsup("eval without one expression");
        seq.push_back(T_expr(ops[0], D));
        return true;
    case stmt_kind::return_: {
        fn_code& fc = out_.fns[cur_];
        ir::id_span<ir::var_id> rs = m_.results(cur_);
        if (ops.size() == rs.size()) {
            for (ir::expr_id e : ops) seq.push_back(T_expr(e, V));
        } else if (ops.size() == 1 && ety(ops[0]).kind == type_kind::tuple) {
            seq.push_back(T_expr(ops[0], V));
        } else if (!ops.empty()) {
            return unsup("return arity");
        }
        if (!ops.empty())
            for (std::size_t i = rs.size(); i > 0; --i)
                seq.push_back(T_emit(op::store_result, fc.results[i - 1],
                                     static_cast<std::int32_t>(tslots(m_.variable_at(rs[i - 1]).type))));
        seq.push_back(T_emit(op::ret));
        return true;
    }
    case stmt_kind::if_: {
        std::int32_t l_else = new_label(), l_end = new_label();
        if (ops.size() == 1) seq.push_back(T_expr(ops[0], D));
        seq.push_back(T_emit(op::branch, l_else, has_call(m_.children(s)), has_call(m_.else_children(s))));
        for (ir::stmt_id c : m_.children(s)) seq.push_back(T_stmt(c));
        seq.push_back(T_emit(op::jmp, l_end));
        seq.push_back(T_label(l_else));
        for (ir::stmt_id c : m_.else_children(s)) seq.push_back(T_stmt(c));
        seq.push_back(T_label(l_end));
        return true;
    }
    case stmt_kind::loop: {
        std::int32_t l_top = new_label(), l_exit = new_label();
        seq.push_back(T_emit(op::loop_begin, 0, 0, 0, 0, none, s));
        seq.push_back(T_label(l_top));
        seq.push_back(T_emit(op::loop_test, l_exit));
        task lp{tk::loop_push};
        lp.l1 = l_top;
        lp.l2 = l_exit;
        seq.push_back(lp);
        for (ir::stmt_id c : m_.children(s)) seq.push_back(T_stmt(c));
        seq.push_back(task{tk::loop_pop});
        seq.push_back(T_emit(op::iter_end));
        seq.push_back(T_emit(op::jmp, l_top));
        seq.push_back(T_label(l_exit));
        seq.push_back(T_emit(op::loop_end));
        return true;
    }
    case stmt_kind::range: {
        if (ops.size() != 3) return unsup("range shape");
        ir::expr_id key = ops[0], val = ops[1], x = ops[2];
        const ir::type& xt = ety(x);
        std::int32_t kind = -1, elemn = 0, alen = 0, kn = 1, vn = 1;
        switch (xt.kind) {
        case type_kind::slice: kind = 0; elemn = static_cast<std::int32_t>(tslots(xt.elem)); vn = elemn; break;
        case type_kind::array:
            kind = 1;
            elemn = static_cast<std::int32_t>(tslots(xt.elem));
            vn = elemn;
            alen = static_cast<std::int32_t>(xt.length);
            break;
        case type_kind::pointer:
            if (ty(xt.elem).kind != type_kind::array) return unsup("range over a pointer that is not to an array");
            kind = 2;
            elemn = static_cast<std::int32_t>(tslots(ty(xt.elem).elem));
            vn = elemn;
            alen = static_cast<std::int32_t>(ty(xt.elem).length);
            break;
        case type_kind::string: kind = 3; break;
        case type_kind::map:
            kind = 4;
            kn = static_cast<std::int32_t>(tslots(xt.key));
            vn = static_cast<std::int32_t>(tslots(xt.elem));
            break;
        default: return unsup("range over a channel or an unsupported type");
        }
        if (elemn < 0 || kn < 0 || vn < 0) return unsup("range over a type too large");
        std::int32_t l_top = new_label(), l_exit = new_label();
        seq.push_back(T_expr(x, V));
        seq.push_back(T_emit(op::range_begin, kind, elemn, static_cast<std::int32_t>(eslots(x)), alen, none, s));
        seq.push_back(T_label(l_top));
        seq.push_back(T_emit(op::range_next, l_exit));
        fn_code& fc = out_.fns[cur_];
        if (m_.expr_at(key).kind != expr_kind::blank) {
            if (tslots(m_.expr_at(key).type) != kn) return unsup("range key shape");
            if (!target(key, seq)) return false;
            seq.push_back(T_emit(op::range_key, kn));
            assign_target a;
            a.kind = m_.expr_at(key).kind == expr_kind::index_map ? 1 : 0;
            a.vslots = kn;
            if (a.kind == 1) a.kslots = static_cast<std::int32_t>(eslots(m_.operands(key)[1]));
            fc.assigns.push_back({a});
            seq.push_back(T_emit(op::assign, static_cast<std::int32_t>(fc.assigns.size() - 1)));
        }
        if (m_.expr_at(val).kind != expr_kind::blank) {
            std::int32_t n = kind == 3 ? 1 : vn;
            if (tslots(m_.expr_at(val).type) != n) return unsup("range value shape");
            if (!target(val, seq)) return false;
            seq.push_back(T_emit(op::range_val, n));
            assign_target a;
            a.kind = m_.expr_at(val).kind == expr_kind::index_map ? 1 : 0;
            a.vslots = n;
            if (a.kind == 1) a.kslots = static_cast<std::int32_t>(eslots(m_.operands(val)[1]));
            fc.assigns.push_back({a});
            seq.push_back(T_emit(op::assign, static_cast<std::int32_t>(fc.assigns.size() - 1)));
        }
        task lp{tk::loop_push};
        lp.l1 = l_top;
        lp.l2 = l_exit;
        seq.push_back(lp);
        for (ir::stmt_id c : m_.children(s)) seq.push_back(T_stmt(c));
        seq.push_back(task{tk::loop_pop});
        seq.push_back(T_emit(op::iter_end));
        seq.push_back(T_emit(op::jmp, l_top));
        seq.push_back(T_label(l_exit));
        seq.push_back(T_emit(op::loop_end));
        return true;
    }
    case stmt_kind::go:
    case stmt_kind::defer: {
        if (ops.size() != 1) return unsup("go/defer shape");
        ir::expr_id c = ops[0];
        const ir::expr& x = m_.expr_at(c);
        op o = st.kind == stmt_kind::go ? op::go_ : op::defer_;
        std::int32_t argslots = 0, recslots = 0;
        ir::id_span<ir::expr_id> args = m_.operands(c);
        std::size_t first_arg = x.kind == expr_kind::call_value ? 1 : 0;
        std::vector<lit_arg> lits;
        for (std::size_t i = 0; i < args.size(); ++i) {
            ir::expr_id a = args[i];
            const ir::expr& ax = m_.expr_at(a);
            if (i >= first_arg && ax.kind == expr_kind::slice_lit) {
                // Elements now; the backing array when the call runs, in the wrapper's frame.
                lit_arg la;
                la.start = recslots;
                la.count = static_cast<std::int32_t>(m_.operands(a).size());
                la.elemn = static_cast<std::int32_t>(tslots(ty(ax.type).elem));
                la.expr = a;
                if (la.elemn < 0) return unsup("slice literal of a type too large");
                for (ir::expr_id el : m_.operands(a)) seq.push_back(T_expr(el, V));
                recslots += la.count * la.elemn;
                argslots += 1;
                lits.push_back(la);
                continue;
            }
            seq.push_back(T_expr(a, V));
            argslots += static_cast<std::int32_t>(eslots(a));
            recslots += static_cast<std::int32_t>(eslots(a));
        }
        std::int64_t li = -1;
        if (!lits.empty()) {
            out_.fns[cur_].lits.push_back(lits);
            li = static_cast<std::int64_t>(out_.fns[cur_].lits.size() - 1);
        }
        if (x.kind == expr_kind::call) {
            seq.push_back(T_emit(o, 0, static_cast<std::int32_t>(x.ref), recslots, argslots, none, li));
        } else if (x.kind == expr_kind::call_method) {
            seq.push_back(T_emit(o, 1, static_cast<std::int32_t>(x.ref), recslots, argslots - 1, none, li));
        } else if (x.kind == expr_kind::call_value) {
            seq.push_back(T_emit(o, 2, 0, recslots, argslots - 1, none, li));
        } else {
            return unsup("go/defer of a builtin");
        }
        return true;
    }
    case stmt_kind::break_:
    case stmt_kind::continue_: {
        if (loops_.empty()) return unsup("break/continue outside a loop");
        seq.push_back(T_emit(op::iter_end));
        seq.push_back(T_emit(op::jmp, st.kind == stmt_kind::break_ ? loops_.back().second : loops_.back().first));
        return true;
    }
    case stmt_kind::closure: return true;
    case stmt_kind::send: return unsup("channel send");
    case stmt_kind::label:
    case stmt_kind::goto_: return unsup("labels and goto");
    }
    return unsup("unknown statement");
}

inline bool compiler::target(ir::expr_id t, std::vector<task>& seq) {
    const ir::expr& x = m_.expr_at(t);
    if (x.kind == expr_kind::blank) {
        seq.push_back(T_emit(op::blank));
        return true;
    }
    if (x.kind == expr_kind::index_map) {
        ir::id_span<ir::expr_id> o = m_.operands(t);
        seq.push_back(T_expr(o[0], V));
        seq.push_back(T_expr(o[1], V));
        return true;
    }
    if (!addressable(t)) return unsup("assignment to a non-addressable expression");
    seq.push_back(T_expr(t, A));
    return true;
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_COMPILE_STMT_HPP
