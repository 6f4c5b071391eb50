// escapade/detail/engine/prepass.hpp - the pre-passes over a function body before it is walked.
//
// Before a function's statements are lowered: its declared locals get their locations and what
// static callee resolution needs (the defining value of each local, whether it is reassigned or its
// address taken: gc's ir.StaticValue / ir.Reassigned), and its labels are classified as looping or
// not (gc's walkFunc: a label is looping when a goto to it follows it).
//
// Cost: O(nodes of the body) each; static_callee O(length of the chain of locals).
#ifndef ESCAPADE_DETAIL_ENGINE_PREPASS_HPP
#define ESCAPADE_DETAIL_ENGINE_PREPASS_HPP

#include "engine.hpp"

namespace escapade::detail {

/// Creates the locations of f's declared locals (at depth 1, like gc's Dcl) and records what
/// static callee resolution needs: the defining value of each local and whether it is reassigned
/// or its address taken. Statements in source order: locals are numbered as they are declared.
/// The host contract on declarations (validate.hpp) is checked here: a local is declared at most
/// once, and never after a read of it (its loop depth is where it is declared: a read before that
/// would be of a value carried in from another iteration, which a declare does not keep).
template <class P, class T>
bool engine<P, T>::prepass_function(index_t f) noexcept {
    index_t saved_fn = b_.cur_fn;
    b_.cur_fn = f;
    b_.decls.clear();
    std::size_t direct_targets = 0;  // b_.ops[0 .. direct_targets): the statement's assignment targets
    auto on_stmt = [&](stmt_ref s, stmt_kind sk, index_t) {
        direct_targets = 0;
        if (sk == stmt_kind::closure) return visit::skip;  // its body is analysed as its own function
        if (sk == stmt_kind::declare) {
            variable_ref v = T::declared_variable(p_, s);
            bool inserted = false;
            std::uint8_t* state = b_.decls.insert(v, 1, &inserted);
            if (state == nullptr) return oom(), visit::stop;
            if (!inserted) {
                fail(errc::invalid_host_ir, T::statement_position(p_, s),
                     *state == 1 ? "a declare statement declares '%.*s' a second time in '%.*s' (each declare is a new variable)"
                                 : "a declare statement declares '%.*s' after a read of it in '%.*s' (a value carried from one loop "
                                   "iteration to the next needs a variable declared before the loop)",
                     int(T::variable_name(p_, v).size()), T::variable_name(p_, v).data(), int(T::function_name(p_, fns_[f].ref).size()),
                     T::function_name(p_, fns_[f].ref).data());
                return visit::stop;
            }
            if (b_.var_loc.find(v) == nullptr) {
                index_t l = new_loc(loc_kind::variable, f, false);
                if (l == invalid_index) return visit::stop;
                L(l).loop_depth = 1;
                L(l).vkind = T::variable_kind(p_, v);
                L(l).size = T::type_size(p_, T::variable_type(p_, v));
                b_.loc_var[l] = v;
                if (!b_.var_loc.insert(v, l)) return oom(), visit::stop;
            }
        }
        // Assignment targets.
        if (sk == stmt_kind::assign || sk == stmt_kind::range) {
            std::size_t nt = sk == stmt_kind::range ? 2 : T::statement_targets(p_, s);
            assign_form form = T::statement_form(p_, s);
            vector<expr_ref>& ops = b_.ops;
            ops.clear();
            for (auto&& e : T::statement_operands(p_, s))
                if (!ops.push_back(e)) return oom(), visit::stop;
            std::size_t nv = ops.size() > nt ? ops.size() - nt : 0;
            direct_targets = nt < ops.size() ? nt : ops.size();
            for (std::size_t i = 0; i < nt && i < ops.size(); ++i) {
                expr_ref t = ops[i];
                if (T::expression_kind(p_, t) != expr_kind::var) continue;
                variable_ref v = T::referenced_variable(p_, t);
                if (T::variable_kind(p_, v) == var_kind::global) continue;
                index_t l = var_loc(v);
                if (l == b_.heap) return visit::stop;  // out of memory
                if (sk == stmt_kind::assign && form == assign_form::define && !b_.has_def[l]) {
                    b_.has_def[l] = 1;
                    if (nv == nt) b_.def_rhs[l] = ops[nt + i];
                    else L(l).static_reassigned = true;  // a, b := f(): no single defining value
                } else {
                    L(l).static_reassigned = true;
                }
            }
        }
        return visit::descend;
    };
    // Address-of anywhere in the statement's expressions; reads of locals not declared yet (a
    // variable assigned before its declare, as a range statement's per-iteration key or value
    // declared first in the body, is not read there).
    auto on_expr = [&](expr_ref e, expr_kind ek) {
        if (ek == expr_kind::closure) return visit::skip;
        bool target = false;
        for (std::size_t i = 0; i < direct_targets && !target; ++i) target = b_.ops[i] == e;
        if (ek == expr_kind::var && !target) {
            variable_ref v = T::referenced_variable(p_, e);
            if (T::variable_kind(p_, v) == var_kind::local && b_.decls.find(v) == nullptr && !b_.decls.insert(v, 2))
                return oom(), visit::stop;
        }
        if (ek == expr_kind::addr) {
            for (auto&& o : T::expression_operands(p_, e)) {
                if (T::expression_kind(p_, o) == expr_kind::var) {
                    variable_ref v = T::referenced_variable(p_, o);
                    if (T::variable_kind(p_, v) != var_kind::global) {
                        index_t l = var_loc(v);
                        if (l == b_.heap) return visit::stop;  // out of memory
                        L(l).static_reassigned = true;
                    }
                }
                break;
            }
        }
        return visit::descend;
    };
    if (!walk_body(f, stmt_order::source, on_stmt, on_expr)) return false;
    b_.cur_fn = saved_fn;
    return ok();
}

/// gc's walkFunc pre-pass: a label is "looping" when a goto to it follows it (source order).
template <class P, class T>
bool engine<P, T>::label_prepass(index_t f) noexcept {
    auto on_stmt = [&](stmt_ref s, stmt_kind sk, index_t) {
        if (sk == stmt_kind::label || sk == stmt_kind::goto_) {
            std::uint64_t key = (std::uint64_t(f) << 32) | traits_statement_label<P, T>(p_, s);
            std::uint8_t* state = b_.labels.find(key);
            if (sk == stmt_kind::label) {
                if (state == nullptr && !b_.labels.insert(key, 1)) return oom(), visit::stop;  // 1 = seen, not looping
            } else if (state != nullptr && *state == 1) {
                *state = 2;  // looping
            }
        }
        return sk == stmt_kind::closure ? visit::skip : visit::descend;
    };
    return walk_body_statements(f, stmt_order::source, on_stmt);
}

/// One step of gc's ir.StaticValue: the variable expression v names a local with exactly one
/// defining value and no other assignment (prepass_function's def_rhs); *out = that value.
template <class P, class T>
bool engine<P, T>::defining_value(expr_ref v, expr_ref* out) noexcept {
    variable_ref var = T::referenced_variable(p_, v);
    if (T::variable_kind(p_, var) != var_kind::local) return false;
    const index_t* l = b_.var_loc.find(var);
    if (l == nullptr || L(*l).static_reassigned || !b_.has_def[*l]) return false;
    *out = b_.def_rhs[*l];
    return true;
}

template <class P, class T>
index_t engine<P, T>::static_callee(expr_ref fv) noexcept {
    // gc's ir.StaticValue: look through no-op conversions and locals with one defining value. Each
    // step goes to a local's defining value or into a conversion's operand; more steps than
    // locations and body nodes means a cycle of defining values (no static value).
    const std::size_t max_steps = b_.graph.node_count() + opt_.max_body_nodes;
    for (std::size_t steps = 0; steps <= max_steps; ++steps) {
        switch (T::expression_kind(p_, fv)) {
        case expr_kind::closure:
        case expr_kind::func_ref: return fn_of(T::referenced_function(p_, fv));
        case expr_kind::convert:
            if (!first_of(T::expression_operands(p_, fv), &fv)) return invalid_index;
            continue;
        case expr_kind::var:
            if (!defining_value(fv, &fv)) return invalid_index;
            continue;
        default: return invalid_index;
        }
    }
    return invalid_index;
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_PREPASS_HPP
