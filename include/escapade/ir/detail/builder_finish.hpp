// escapade/ir/detail/builder_finish.hpp - the IR builder's finish(): type layout and closure captures.
//
// finish() runs once after the last node: layout_all lays out every type (size, alignment,
// pointer-ness) in an iterative post-order over the contains-by-value relation (a cycle through
// values is an error), compute_captures finds each closure's captured variables (those of
// enclosing functions its body, or a nested closure's, refers to), and the whole-module checks
// run. Last, the module's tables give back their unused capacity (module::shrink_to_fit).
//
// Cost: O(types + fields) for the layout; O(size of the closures' bodies) for the captures.
#ifndef ESCAPADE_IR_DETAIL_BUILDER_FINISH_HPP
#define ESCAPADE_IR_DETAIL_BUILDER_FINISH_HPP

#include "builder.hpp"

namespace escapade::ir {

ESCAPADE_IR_INLINE bool builder::layout_all() noexcept {
    // Iterative post-order over the "contains by value" relation (array elements, struct fields);
    // pointers, slices, maps, chans, funcs and interfaces break cycles. A cycle through values is
    // an invalid recursive type. O(types + fields).
    enum : std::uint8_t { fresh, active, done };
    detail::vector<std::uint8_t> state(m_.resource());
    if (!state.resize(m_.types_.size(), fresh)) return oom(), false;
    detail::vector<type_id> stack(m_.resource());
    for (type_id root = 0; root < m_.types_.size(); ++root) {
        if (state[root] == done) continue;
        if (!stack.push_back(root)) return oom(), false;
        while (!stack.empty()) {
            type_id t = stack.back();
            type& ty = m_.types_[t];
            if (state[t] == done) {
                stack.pop_back();
                continue;
            }
            // Children stored by value must be laid out first.
            bool pending = false;
            auto need = [&](type_id c) -> bool {
                if (state[c] == done) return true;
                if (state[c] == active) {
                    const type& ct = m_.types_[c];
                    fail(errc::type_error, ct.pos, "invalid recursive type %.*s (contains itself by value)", int(ct.name.size()),
                         ct.name.data());
                    return false;
                }
                if (!stack.push_back(c)) return oom(), false;
                pending = true;
                return true;
            };
            state[t] = active;
            if (ty.kind == type_kind::invalid) {
                return fail(errc::unknown_name, ty.pos, "type %.*s is declared but never defined", int(ty.name.size()), ty.name.data()), false;
            }
            if (ty.kind == type_kind::array) {
                if (!need(ty.elem)) return false;
            } else if (ty.kind == type_kind::struct_) {
                for (index_t i = 0; i < ty.count; ++i)
                    if (!need(m_.fields_[ty.first + i].type)) return false;
            }
            if (pending) {
                state[t] = fresh;  // revisit after the children
                // A child pushed above is on top; mark t active again when popped back.
                // To detect cycles we keep t "active" while its children are processed:
                state[t] = active;
                continue;
            }
            // All by-value children are done: compute the layout.
            switch (ty.kind) {
            case type_kind::bool_:
            case type_kind::int8:
            case type_kind::uint8: ty.size = 1; ty.align = 1; break;
            case type_kind::int16:
            case type_kind::uint16: ty.size = 2; ty.align = 2; break;
            case type_kind::int32:
            case type_kind::uint32:
            case type_kind::float32: ty.size = 4; ty.align = 4; break;
            case type_kind::int_:
            case type_kind::int64:
            case type_kind::uint:
            case type_kind::uint64:
            case type_kind::uintptr:
            case type_kind::float64:
            case type_kind::complex64: ty.size = 8; ty.align = 8; break;
            case type_kind::complex128: ty.size = 16; ty.align = 8; break;
            case type_kind::string: ty.size = 16; ty.align = 8; ty.has_pointers = true; break;
            case type_kind::interface: ty.size = 16; ty.align = 8; ty.has_pointers = true; break;
            case type_kind::slice: ty.size = 24; ty.align = 8; ty.has_pointers = true; break;
            case type_kind::unsafe_pointer:
            case type_kind::pointer:
            case type_kind::map:
            case type_kind::chan:
            case type_kind::func:
                ty.size = 8;
                ty.align = 8;
                ty.has_pointers = true;
                ty.pointer_shaped = true;
                break;
            case type_kind::nil: ty.size = 8; ty.align = 8; ty.has_pointers = true; ty.pointer_shaped = true; break;
            case type_kind::tuple: ty.size = 0; ty.align = 1; break;
            case type_kind::array: {
                const type& e = m_.types_[ty.elem];
                char limit[24];
                if (e.size != 0 && ty.length > limits_.max_type_size / e.size)
                    return fail(errc::limit_exceeded, ty.pos, "array type too large (more than %s bytes)",
                                escapade::detail::format_u64(limit, limits_.max_type_size)), false;
                ty.size = e.size * ty.length;
                ty.align = e.align;
                ty.has_pointers = ty.length > 0 && e.has_pointers;
                ty.pointer_shaped = ty.length == 1 && e.pointer_shaped;
                break;
            }
            case type_kind::struct_: {
                size64 off = 0;
                std::uint32_t align = 1;
                bool ptrs = false;
                for (index_t i = 0; i < ty.count; ++i) {
                    field& f = m_.fields_[ty.first + i];
                    const type& ft = m_.types_[f.type];
                    off = (off + ft.align - 1) / ft.align * ft.align;
                    f.offset = off;
                    if (ft.size > limits_.max_type_size - off)
                        return fail(errc::limit_exceeded, ty.pos, "struct type too large"), false;
                    off += ft.size;
                    if (ft.align > align) align = ft.align;
                    ptrs = ptrs || ft.has_pointers;
                }
                // Like gc: a trailing zero-size field gets a byte so its address stays inside.
                if (ty.count > 0 && m_.types_[m_.fields_[ty.first + ty.count - 1].type].size == 0 && off > 0) off += 1;
                ty.size = (off + align - 1) / align * align;
                ty.align = align;
                ty.has_pointers = ptrs;
                ty.pointer_shaped = ty.count == 1 && m_.types_[m_.fields_[ty.first].type].pointer_shaped;
                break;
            }
            default: break;
            }
            ty.laid_out = true;
            state[t] = done;
            stack.pop_back();
        }
    }
    return true;
}

ESCAPADE_IR_INLINE bool builder::compute_captures() noexcept {
    // For each closure, the variables of enclosing functions its body (or a nested closure's body)
    // refers to, in first-use order. Walks each body with an explicit stack: O(size of the module).
    detail::vector<index_t> seen(m_.resource());  // var -> last closure that recorded it + 1
    if (!seen.resize(m_.variables_.size(), 0)) return oom(), false;
    detail::vector<stmt_id> stmts(m_.resource());
    detail::vector<expr_id> exprs(m_.resource());
    detail::vector<var_id> found(m_.resource());
    for (func_id f = 0; f < m_.functions_.size(); ++f) {
        if (!m_.functions_[f].is_closure() || m_.functions_[f].body == invalid_index) continue;
        found.clear();
        stmts.clear();
        if (!stmts.push_back(m_.functions_[f].body)) return oom(), false;
        while (!stmts.empty()) {
            stmt_id s = stmts.back();
            stmts.pop_back();
            const stmt& st = m_.stmts_[s];
            for (index_t i = 0; i < st.children_count; ++i)
                if (!stmts.push_back(m_.stmt_pool_[st.children_first + i])) return oom(), false;
            for (index_t i = 0; i < st.else_count; ++i)
                if (!stmts.push_back(m_.stmt_pool_[st.else_first + i])) return oom(), false;
            if (st.kind == stmt_kind::closure) {
                const ir::function& inner = m_.functions_[st.ref];
                if (inner.body != invalid_index && !stmts.push_back(inner.body)) return oom(), false;
            }
            for (index_t i = 0; i < st.exprs_count; ++i)
                if (!exprs.push_back(m_.expr_pool_[st.exprs_first + i])) return oom(), false;
            while (!exprs.empty()) {
                expr_id e = exprs.back();
                exprs.pop_back();
                const expr& x = m_.exprs_[e];
                for (index_t i = 0; i < x.operands_count; ++i)
                    if (!exprs.push_back(m_.expr_pool_[x.operands_first + i])) return oom(), false;
                if (x.kind != expr_kind::var) continue;
                const variable& v = m_.variables_[x.ref];
                if (v.kind == var_kind::global) continue;
                // Is v owned by f or by a closure nested in f? Then it is not a capture of f.
                bool inner = false;
                for (func_id g = v.function; g != invalid_index; g = m_.functions_[g].parent)
                    if (g == f) {
                        inner = true;
                        break;
                    }
                if (inner || seen[x.ref] == f + 1) continue;
                // v must belong to an enclosing function of f.
                bool outer = false;
                for (func_id g = m_.functions_[f].parent; g != invalid_index; g = m_.functions_[g].parent)
                    if (g == v.function) {
                        outer = true;
                        break;
                    }
                if (!outer)
                    return fail(errc::invalid_reference, m_.position(x.pos), "variable %.*s belongs to another function", int(v.name.size()),
                                v.name.data()),
                           false;
                seen[x.ref] = f + 1;
                if (!found.push_back(x.ref)) return oom(), false;
            }
        }
        // Deterministic order: by variable id (declaration order).
        std::sort(found.begin(), found.end());
        if (!room(m_.var_pool_.size(), found.size(), m_.functions_[f].pos)) return false;
        m_.functions_[f].captures_first = static_cast<index_t>(m_.var_pool_.size());
        m_.functions_[f].captures_count = static_cast<index_t>(found.size());
        if (!found.empty() && !m_.var_pool_.append(found.data(), found.size())) return oom(), false;
    }
    return true;
}

ESCAPADE_IR_INLINE bool builder::finish() noexcept {
    if (failed()) return false;
    if (!layout_all()) return false;
    for (func_id f = 0; f < m_.functions_.size(); ++f) {
        const ir::function& fn = m_.functions_[f];
        if (fn.signature == invalid_index)
            return fail(errc::invalid_host_ir, fn.pos, "function %.*s has no signature", int(fn.name.size()), fn.name.data()), false;
        if (fn.body == invalid_index && !fn.is_extern())
            return fail(errc::invalid_host_ir, fn.pos, "function %.*s has no body (declare it extern)", int(fn.name.size()),
                        fn.name.data()),
                   false;
    }
    if (!compute_captures()) return false;
    m_.shrink_to_fit();
    return true;
}

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_BUILDER_FINISH_HPP
