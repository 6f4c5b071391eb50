// escapade/ir/detail/builder_declarations.hpp - the IR builder: globals, functions, parameters, methods.
//
// Declarations before bodies: globals, functions (closures with their parent), parameters,
// results and locals, signatures (set_signature builds the function type, a method's receiver
// first), methods of named types (add_method), declared leaks of body-less functions
// (add_declared_leak), and set_body.
//
// Cost: O(1) amortised per call plus the list it copies (add_method: one lookup and one insertion
// in the module's method index, expected O(1)).
#ifndef ESCAPADE_IR_DETAIL_BUILDER_DECLARATIONS_HPP
#define ESCAPADE_IR_DETAIL_BUILDER_DECLARATIONS_HPP

#include "builder.hpp"

namespace escapade::ir {

ESCAPADE_IR_INLINE var_id builder::global(std::string_view name, type_id t, source_pos pos) noexcept {
    var_id v = add_variable(name, var_kind::global, t, invalid_index, pos);
    if (v != invalid_index && !m_.globals_.push_back(v)) return oom();
    return v;
}

ESCAPADE_IR_INLINE func_id builder::function(std::string_view name, source_pos pos, func_id parent) noexcept {
    if (failed()) return invalid_index;
    if (parent != invalid_index && parent >= m_.functions_.size())
        return fail(errc::invalid_reference, pos, "closure parent %u does not exist", unsigned(parent));
    ir::function f;
    if (!intern(name, &f.name)) return invalid_index;
    f.pos = pos;
    f.parent = parent;
    if (parent != invalid_index) f.flags |= fn_closure;
    if (!room(m_.functions_.size(), 1, pos)) return invalid_index;
    if (!m_.functions_.push_back(f)) return oom();
    func_id id = static_cast<func_id>(m_.functions_.size() - 1);
    if (parent == invalid_index && !m_.top_functions_.push_back(id)) return oom();
    return id;
}

ESCAPADE_IR_INLINE void builder::set_display(func_id f, std::string_view display) noexcept {
    if (!valid_func(f)) return;
    std::string_view s;
    if (intern(display, &s)) m_.functions_[f].display = s;
}

ESCAPADE_IR_INLINE void builder::set_flags(func_id f, std::uint8_t flags) noexcept {
    if (valid_func(f)) m_.functions_[f].flags |= flags;
}

ESCAPADE_IR_INLINE var_id builder::param(func_id f, std::string_view name, type_id t, source_pos pos) noexcept {
    if (!valid_func(f)) return invalid_index;
    var_id v = add_variable(name, var_kind::param, t, f, pos);
    if (v == invalid_index) return v;
    return append_to_list(m_.functions_[f].params_first, m_.functions_[f].params_count, v) ? v : invalid_index;
}

ESCAPADE_IR_INLINE var_id builder::result(func_id f, std::string_view name, type_id t, source_pos pos) noexcept {
    if (!valid_func(f)) return invalid_index;
    var_id v = add_variable(name, var_kind::result, t, f, pos);
    if (v == invalid_index) return v;
    return append_to_list(m_.functions_[f].results_first, m_.functions_[f].results_count, v) ? v : invalid_index;
}

ESCAPADE_IR_INLINE var_id builder::local(func_id f, std::string_view name, type_id t, source_pos pos) noexcept {
    if (!valid_func(f)) return invalid_index;
    return add_variable(name, var_kind::local, t, f, pos);
}

ESCAPADE_IR_INLINE type_id builder::set_signature(func_id f, bool variadic, type_id receiver) noexcept {
    if (!valid_func(f)) return invalid_index;
    ir::function& fn = m_.functions_[f];
    std::size_t skip = receiver != invalid_index ? 1 : 0;
    if (skip && fn.params_count == 0) return fail(errc::arity_mismatch, fn.pos, "method without receiver parameter");
    type_id ps[64];
    type_id rs[64];
    if (fn.params_count - skip > 64 || fn.results_count > 64)
        return fail(errc::limit_exceeded, fn.pos, "more than 64 parameters or results");
    for (index_t i = static_cast<index_t>(skip); i < fn.params_count; ++i)
        ps[i - skip] = m_.variables_[m_.var_pool_[fn.params_first + i]].type;
    for (index_t i = 0; i < fn.results_count; ++i) rs[i] = m_.variables_[m_.var_pool_[fn.results_first + i]].type;
    if (variadic) {
        if (fn.params_count == skip) return fail(errc::type_error, fn.pos, "variadic function without parameters");
        if (m_.types_[ps[fn.params_count - skip - 1]].kind != type_kind::slice)
            return fail(errc::type_error, fn.pos, "the variadic parameter must have a slice type");
    }
    type_id sig = func_type(ps, fn.params_count - skip, rs, fn.results_count, variadic);
    if (sig == invalid_index) return sig;
    m_.functions_[f].signature = sig;
    if (receiver != invalid_index) {
        m_.functions_[f].receiver = receiver;
        m_.functions_[f].flags |= fn_method;
    }
    return sig;
}

ESCAPADE_IR_INLINE bool builder::add_method(type_id recv, std::string_view name, func_id f, source_pos pos) noexcept {
    if (!valid_type(recv) || !valid_func(f)) return false;
    type_id named = m_.method_owner(recv);
    if (m_.types_[named].name.empty())
        return fail(errc::type_error, pos, "method receiver must be a named type or a pointer to one"), false;
    if (m_.method_index(recv, name) != invalid_index)
        return fail(errc::duplicate_name, pos, "method %.*s.%.*s declared twice", int(m_.types_[named].name.size()),
                    m_.types_[named].name.data(), int(name.size()), name.data()),
               false;
    method mm;
    mm.receiver = recv;
    mm.function = f;
    if (!intern(name, &mm.name)) return false;
    if (!m_.methods_.push_back(mm)) return oom(), false;
    index_t i = static_cast<index_t>(m_.methods_.size() - 1);
    if (!m_.method_index_.insert(method_key{named, mm.name}, i)) return oom(), false;
    // the chain of the methods of one name (module::last_method_named)
    bool inserted = false;
    index_t* last = m_.method_names_.insert(mm.name, i, &inserted);
    if (last == nullptr) return oom(), false;
    if (!inserted) {
        m_.methods_[i].previous_named = *last;
        *last = i;
    }
    return true;
}

ESCAPADE_IR_INLINE bool builder::add_declared_leak(func_id f, declared_leak leak) noexcept {
    if (!valid_func(f)) return false;
    ir::function& fn = m_.functions_[f];
    if (leak.param >= fn.params_count) return fail(errc::invalid_reference, fn.pos, "leak of parameter %u, which does not exist", unsigned(leak.param)), false;
    if (leak.result != invalid_index && leak.result >= fn.results_count)
        return fail(errc::invalid_reference, fn.pos, "leak to result %u, which does not exist", unsigned(leak.result)), false;
    if (leak.derefs < 0) return fail(errc::invalid_argument, fn.pos, "negative level in a declared leak"), false;
    if (leak.subject != invalid_index) {
        if (leak.subject >= fn.params_count)
            return fail(errc::invalid_reference, fn.pos, "condition on parameter %u, which does not exist", unsigned(leak.subject)), false;
        if (leak.result != invalid_index)
            return fail(errc::invalid_argument, fn.pos, "a conditional leak goes to the heap, not to a result"), false;
        if (!intern(leak.method, &leak.method)) return false;
    }
    // Declared leaks of one function are contiguous: they are added right after its header.
    if (fn.leaks_count == 0) fn.leaks_first = static_cast<index_t>(m_.leaks_.size());
    else if (fn.leaks_first + fn.leaks_count != m_.leaks_.size())
        return fail(errc::invalid_argument, fn.pos, "declared leaks of a function must be added together"), false;
    if (!m_.leaks_.push_back(leak)) return oom(), false;
    ++fn.leaks_count;
    fn.flags |= fn_summary;
    return true;
}

ESCAPADE_IR_INLINE void builder::set_body(func_id f, stmt_id body) noexcept {
    if (!valid_func(f) || !valid_stmt(body)) return;
    if (m_.stmts_[body].kind != stmt_kind::block) {
        fail(errc::invalid_host_ir, m_.stmt_pos(body), "a function body must be a block");
        return;
    }
    m_.functions_[f].body = body;
}

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_BUILDER_DECLARATIONS_HPP
