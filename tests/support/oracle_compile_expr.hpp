// tests/support/oracle_compile_expr.hpp - the oracle interpreter's compiler: expressions.
//
// expand_expr turns one expression into tasks and instructions, in value (V), address (A),
// discard (D) or comma-ok (OK) mode: loads, stores, allocations at their sites, conversions and
// boxing, calls (static, method, through a value) and builtins.
//
// Cost: O(1) tasks per expression.
// Test-only code (oracle_vm.hpp says what the interpreter and the checker are).
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_COMPILE_EXPR_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_COMPILE_EXPR_HPP

#include "oracle_compiler.hpp"

namespace escapade_oracle {

inline bool compiler::expand_expr(ir::expr_id e, mode md, std::vector<task>& seq) {
    const ir::expr& x = m_.expr_at(e);
    ir::id_span<ir::expr_id> ops = m_.operands(e);
    std::int64_t n = x.kind == expr_kind::blank ? 0 : eslots(e);
    if (n < 0) return unsup("expression of a type too large for the interpreter");
    std::int32_t ni = static_cast<std::int32_t>(n);
    if (md == D) {
        // Evaluate for effects, then drop the value.
        seq.push_back(T_expr(e, V));
        if (ni > 0) seq.push_back(T_emit(op::popn, ni));
        return true;
    }
    if (md == A) {
        switch (x.kind) {
        case expr_kind::var: {
            std::int32_t w, i;
            if (!var_where(x.ref, &w, &i)) return false;
            seq.push_back(T_emit(op::addrv, w, i));
            return true;
        }
        case expr_kind::deref:
            seq.push_back(T_expr(ops[0], V));
            seq.push_back(T_emit(op::nilcheck));
            return true;
        case expr_kind::field: {
            std::int64_t off = lay_.field_offset(ety(ops[0]).kind == type_kind::struct_ ? m_.expr_at(ops[0]).type : invalid_index, x.ref);
            if (off < 0) return unsup("field layout");
            seq.push_back(T_expr(ops[0], A));
            seq.push_back(T_emit(op::addr_off, static_cast<std::int32_t>(off)));
            return true;
        }
        case expr_kind::field_ptr: {
            ir::type_id st = ety(ops[0]).elem;
            std::int64_t off = lay_.field_offset(st, x.ref);
            if (off < 0) return unsup("field layout");
            seq.push_back(T_expr(ops[0], V));
            seq.push_back(T_emit(op::nilcheck));
            seq.push_back(T_emit(op::addr_off, static_cast<std::int32_t>(off)));
            return true;
        }
        case expr_kind::index: {
            const ir::type& at = ety(ops[0]);
            seq.push_back(T_expr(ops[0], A));
            seq.push_back(T_expr(ops[1], V));
            seq.push_back(T_emit(op::addr_index, static_cast<std::int32_t>(tslots(at.elem)), static_cast<std::int32_t>(at.length)));
            return true;
        }
        case expr_kind::index_ptr: {
            const ir::type& xt = ety(ops[0]);
            seq.push_back(T_expr(ops[0], V));
            seq.push_back(T_expr(ops[1], V));
            if (xt.kind == type_kind::slice) {
                seq.push_back(T_emit(op::slice_elem, static_cast<std::int32_t>(tslots(xt.elem))));
            } else if (xt.kind == type_kind::pointer && ty(xt.elem).kind == type_kind::array) {
                const ir::type& at = ty(xt.elem);
                seq.push_back(T_emit(op::addr_index, static_cast<std::int32_t>(tslots(at.elem)), static_cast<std::int32_t>(at.length)));
            } else {
                return unsup("address of a string element");
            }
            return true;
        }
        default: return unsup("address of a non-addressable expression");
        }
    }
    // Values.
    auto vals = [&](std::size_t from) {
        for (std::size_t i = from; i < ops.size(); ++i) seq.push_back(T_expr(ops[i], V));
    };
    auto disc = [&](std::size_t from) {
        for (std::size_t i = from; i < ops.size(); ++i) seq.push_back(T_expr(ops[i], D));
    };
    switch (x.kind) {
    case expr_kind::var: {
        std::int32_t w, i;
        if (!var_where(x.ref, &w, &i)) return false;
        seq.push_back(T_emit(op::loadv, w, i, ni));
        return true;
    }
    case expr_kind::func_ref: seq.push_back(T_emit(op::push_func, static_cast<std::int32_t>(x.ref))); return true;
    case expr_kind::constant: {
        const ir::type& t = ty(x.type);
        if (t.kind == type_kind::string) {
            std::string_view text = m_.text_at(x.text_id);
            std::int32_t len = text.size() >= 2 ? static_cast<std::int32_t>(text.size() - 2) : 0;
            seq.push_back(T_emit(op::push_str, len));
        } else if (builderish_scalar(t.kind)) {
            std::int64_t v = 0;
            if (m_.text_at(x.text_id) == "true") v = 1;
            else if (!escapade::ir_traits<ir::module>::integer_constant(m_, ir::expr_handle{e}, &v)) v = 0;
            seq.push_back(T_emit(op::push_int, 0, 0, 0, 0, none, v));
        } else {
            seq.push_back(T_emit(op::push_zero, ni));
        }
        return true;
    }
    case expr_kind::blank: return unsup("blank used as a value");
    case expr_kind::opaque: {
        disc(0);
        const ir::type& t = ty(x.type);
        if (ni == 1 && builderish_scalar(t.kind)) seq.push_back(T_emit(op::push_rng, t.kind == type_kind::bool_ ? 1 : 0));
        else seq.push_back(T_emit(op::push_zero, ni));
        return true;
    }
    case expr_kind::addr:
        if (!addressable(ops[0])) return unsup("address of a non-addressable expression");
        seq.push_back(T_expr(ops[0], A));
        seq.push_back(T_emit(op::mark_addr));
        return true;
    case expr_kind::deref:
        seq.push_back(T_expr(ops[0], V));
        seq.push_back(T_emit(op::load, ni));
        return true;
    case expr_kind::field: {
        ir::type_id st = m_.expr_at(ops[0]).type;
        std::int64_t off = lay_.field_offset(st, x.ref);
        if (off < 0) return unsup("field layout");
        if (addressable(ops[0])) {
            seq.push_back(T_expr(ops[0], A));
            seq.push_back(T_emit(op::addr_off, static_cast<std::int32_t>(off)));
            seq.push_back(T_emit(op::load, ni));
        } else {
            seq.push_back(T_expr(ops[0], V));
            seq.push_back(T_emit(op::subval, static_cast<std::int32_t>(tslots(st)), static_cast<std::int32_t>(off), ni));
        }
        return true;
    }
    case expr_kind::field_ptr: {
        std::int64_t off = lay_.field_offset(ety(ops[0]).elem, x.ref);
        if (off < 0) return unsup("field layout");
        seq.push_back(T_expr(ops[0], V));
        seq.push_back(T_emit(op::nilcheck));
        seq.push_back(T_emit(op::addr_off, static_cast<std::int32_t>(off)));
        seq.push_back(T_emit(op::load, ni));
        return true;
    }
    case expr_kind::index: {
        const ir::type& at = ety(ops[0]);
        std::int32_t en = static_cast<std::int32_t>(tslots(at.elem));
        if (addressable(ops[0])) {
            seq.push_back(T_expr(ops[0], A));
            seq.push_back(T_expr(ops[1], V));
            seq.push_back(T_emit(op::addr_index, en, static_cast<std::int32_t>(at.length)));
            seq.push_back(T_emit(op::load, ni));
        } else {
            seq.push_back(T_expr(ops[0], V));
            seq.push_back(T_expr(ops[1], V));
            seq.push_back(T_emit(op::index_val, static_cast<std::int32_t>(eslots(ops[0])), en, static_cast<std::int32_t>(at.length)));
        }
        return true;
    }
    case expr_kind::index_ptr: {
        const ir::type& xt = ety(ops[0]);
        seq.push_back(T_expr(ops[0], V));
        seq.push_back(T_expr(ops[1], V));
        if (xt.kind == type_kind::string) {
            seq.push_back(T_emit(op::str_index));
            return true;
        }
        if (xt.kind == type_kind::slice) {
            seq.push_back(T_emit(op::slice_elem, static_cast<std::int32_t>(tslots(xt.elem))));
        } else {
            const ir::type& at = ty(xt.elem);
            seq.push_back(T_emit(op::addr_index, static_cast<std::int32_t>(tslots(at.elem)), static_cast<std::int32_t>(at.length)));
        }
        seq.push_back(T_emit(op::load, ni));
        return true;
    }
    case expr_kind::index_map: {
        const ir::type& mt = ety(ops[0]);
        seq.push_back(T_expr(ops[0], V));
        seq.push_back(T_expr(ops[1], V));
        seq.push_back(T_emit(op::map_get, static_cast<std::int32_t>(tslots(mt.key)), static_cast<std::int32_t>(tslots(mt.elem)),
                             md == OK ? 1 : 0));
        return true;
    }
    case expr_kind::slice: {
        const ir::type& xt = ety(ops[0]);
        std::int32_t kind, en = 0, alen = 0;
        if (xt.kind == type_kind::slice) {
            kind = 0;
            en = static_cast<std::int32_t>(tslots(xt.elem));
        } else if (xt.kind == type_kind::string) {
            kind = 1;
        } else if (xt.kind == type_kind::pointer && ty(xt.elem).kind == type_kind::array) {
            kind = 2;
            en = static_cast<std::int32_t>(tslots(ty(xt.elem).elem));
            alen = static_cast<std::int32_t>(ty(xt.elem).length);
        } else {
            return unsup("slice of an unsupported type");
        }
        vals(0);
        seq.push_back(T_emit(op::slice_op, x.flags, kind, en, alen));
        return true;
    }
    case expr_kind::convert: {
        type_kind to = ty(x.type).kind, from = ety(ops[0]).kind;
        if (to == type_kind::unsafe_pointer || from == type_kind::unsafe_pointer) return unsup("unsafe.Pointer conversion");
        if (eslots(ops[0]) != n) return unsup("conversion between types of different shapes");
        seq.push_back(T_expr(ops[0], V));
        return true;
    }
    case expr_kind::to_iface: {
        if (ty(x.type).kind != type_kind::interface) return unsup("to_iface to a non-interface");
        vals(0);
        seq.push_back(T_emit(op::to_iface, static_cast<std::int32_t>(m_.expr_at(ops[0]).type), static_cast<std::int32_t>(eslots(ops[0])),
                             0, 0, e));
        return true;
    }
    case expr_kind::type_assert: {
        if (ety(ops[0]).kind != type_kind::interface) return unsup("type assertion on a non-interface");
        vals(0);
        seq.push_back(T_emit(op::assert_, static_cast<std::int32_t>(x.type), ni, md == OK ? 1 : 0));
        return true;
    }
    case expr_kind::new_: {
        std::int64_t en = tslots(ty(x.type).elem);
        if (en < 0) return unsup("new of a type too large");
        seq.push_back(T_emit(op::new_, static_cast<std::int32_t>(en), 0, 0, 0, e));
        return true;
    }
    case expr_kind::make_slice: {
        std::int64_t en = tslots(ty(x.type).elem);
        if (en < 0) return unsup("make of a type too large");
        vals(0);
        seq.push_back(T_emit(op::make_slice, static_cast<std::int32_t>(en), ops.size() >= 2 ? 1 : 0, 0, 0, e));
        return true;
    }
    case expr_kind::make_map:
        disc(0);
        seq.push_back(T_emit(op::make_map, 0, 0, 0, 0, e));
        return true;
    case expr_kind::ptr_lit: {
        std::int64_t ln = eslots(ops[0]);
        vals(0);
        seq.push_back(T_emit(op::ptr_lit, static_cast<std::int32_t>(ln), 0, 0, 0, e));
        return true;
    }
    case expr_kind::struct_lit: {
        vals(0);
        std::int64_t used = ops.size() >= ty(x.type).count ? n : lay_.field_offset(x.type, static_cast<index_t>(ops.size()));
        if (used < 0) return unsup("struct layout");
        if (n - used > 0) seq.push_back(T_emit(op::push_zero, static_cast<std::int32_t>(n - used)));
        return true;
    }
    case expr_kind::array_lit: {
        vals(0);
        const ir::type& at = ty(x.type);
        std::int64_t rest = (static_cast<std::int64_t>(at.length) - static_cast<std::int64_t>(ops.size())) * tslots(at.elem);
        if (rest > 0) seq.push_back(T_emit(op::push_zero, static_cast<std::int32_t>(rest)));
        return true;
    }
    case expr_kind::slice_lit: {
        std::int64_t en = tslots(ty(x.type).elem);
        if (en < 0) return unsup("slice literal of a type too large");
        vals(0);
        seq.push_back(T_emit(op::slice_lit, static_cast<std::int32_t>(en), static_cast<std::int32_t>(ops.size()), 0, 0, e));
        return true;
    }
    case expr_kind::map_lit: {
        const ir::type& mt = ty(x.type);
        vals(0);
        seq.push_back(T_emit(op::map_lit, static_cast<std::int32_t>(tslots(mt.key)), static_cast<std::int32_t>(tslots(mt.elem)),
                             static_cast<std::int32_t>(ops.size() / 2), 0, e));
        return true;
    }
    case expr_kind::closure: seq.push_back(T_emit(op::closure, static_cast<std::int32_t>(x.ref), 0, 0, 0, e)); return true;
    case expr_kind::method_value: {
        ir::type_id rt = m_.expr_at(ops[0]).type;
        std::string_view name = m_.name_at(x.ref);
        if (ty(rt).kind == type_kind::interface) {
            vals(0);
            seq.push_back(T_emit(op::method_value, 3, static_cast<std::int32_t>(x.ref), 1, -1, e));
            return true;
        }
        ir::func_id f = m_.find_method(rt, name);
        std::int32_t rmode = 0;
        if (f == invalid_index && ty(rt).kind == type_kind::pointer && ty(rt).name.empty()) {
            f = m_.find_method(ty(rt).elem, name);
            rmode = 1;  // T method through *T: the value is copied when the method value is made
        }
        if (f == invalid_index) {
            // A *T method on an addressable T value: Go binds &x.
            for (index_t i = 0; i < m_.method_count() && f == invalid_index; ++i) {
                const ir::method& mm = m_.method_at(i);
                if (mm.name == name && ty(mm.receiver).kind == type_kind::pointer && ty(mm.receiver).elem == rt) f = mm.function;
            }
            if (f == invalid_index) return unsup("method value of an unknown method");
            if (!addressable(ops[0])) return unsup("pointer method value of a non-addressable value");
            rmode = 2;
        }
        std::int64_t rn = tslots(m_.variable_at(m_.params(f)[0]).type);
        if (rmode == 2) {
            seq.push_back(T_expr(ops[0], A));
            seq.push_back(T_emit(op::mark_addr));
        } else {
            vals(0);
        }
        seq.push_back(T_emit(op::method_value, rmode, static_cast<std::int32_t>(x.ref), static_cast<std::int32_t>(rn),
                             static_cast<std::int32_t>(f), e));
        return true;
    }
    case expr_kind::string_conv: {
        vals(0);
        seq.push_back(T_emit(op::strconv, ty(x.type).kind == type_kind::string ? 0 : 1, 0, 0, 0, e));
        return true;
    }
    case expr_kind::concat:
        vals(0);
        seq.push_back(T_emit(op::concat, static_cast<std::int32_t>(ops.size()), 0, 0, 0, e));
        return true;
    case expr_kind::call: {
        if (x.ref >= m_.function_count()) return unsup("call of an unknown function");
        std::int32_t as = 0;
        for (ir::expr_id a : ops) as += static_cast<std::int32_t>(eslots(a));
        if (as != out_.fns[x.ref].param_slots)
            return unsup(strf("call of %.*s with %d argument slots, want %d", int(m_.function_at(x.ref).name.size()), m_.function_at(x.ref).name.data(), as, out_.fns[x.ref].param_slots));
        vals(0);
        seq.push_back(T_emit(op::call, static_cast<std::int32_t>(x.ref), as, 0, 0, e));
        return true;
    }
    case expr_kind::call_method:
    case expr_kind::call_value: {
        std::int32_t as = 0;
        for (std::size_t i = 1; i < ops.size(); ++i) as += static_cast<std::int32_t>(eslots(ops[i]));
        vals(0);
        if (x.kind == expr_kind::call_method)
            seq.push_back(T_emit(op::call_method, static_cast<std::int32_t>(x.ref), as, ni, 0, e));
        else
            seq.push_back(T_emit(op::call_value, as, 0, ni, 0, e));
        return true;
    }
    case expr_kind::append: {
        if (ops.empty()) return unsup("append without operands");
        const ir::type& st = ety(ops[0]);
        std::int32_t en = static_cast<std::int32_t>(tslots(st.elem));
        bool ddd = (x.flags & ir::ex_ddd) != 0;
        vals(0);
        std::int32_t src_string = ddd && ops.size() == 2 && ety(ops[1]).kind == type_kind::string ? 1 : 0;
        seq.push_back(T_emit(op::append, en, static_cast<std::int32_t>(ops.size() - 1), ddd ? 1 : 0, src_string, e));
        return true;
    }
    case expr_kind::copy: {
        if (ops.size() != 2 || ety(ops[0]).kind != type_kind::slice) return unsup("copy shape");
        vals(0);
        seq.push_back(T_emit(op::copy, static_cast<std::int32_t>(tslots(ety(ops[0]).elem)), ety(ops[1]).kind == type_kind::string ? 1 : 0));
        return true;
    }
    case expr_kind::panic:
        vals(0);
        seq.push_back(T_emit(op::panic_, 0, 0, 0, 0, e));
        return true;
    case expr_kind::builtin: {
        std::string_view nm = m_.name_at(x.ref);
        if (nm == "len" || nm == "cap") {
            if (ops.size() != 1) return unsup("len/cap arity");
            const ir::type& t = ety(ops[0]);
            std::int64_t constant = -1;
            std::int32_t kind = 0;
            switch (t.kind) {
            case type_kind::slice: kind = 0; break;
            case type_kind::string: kind = 1; break;
            case type_kind::map: kind = 2; break;
            case type_kind::chan: kind = 3; break;
            case type_kind::array: constant = static_cast<std::int64_t>(t.length); break;
            case type_kind::pointer:
                if (ty(t.elem).kind == type_kind::array) {
                    constant = static_cast<std::int64_t>(ty(t.elem).length);
                    break;
                }
                return unsup("len of a pointer");
            default: return unsup("len of an unsupported type");
            }
            if (constant >= 0) {
                disc(0);
                seq.push_back(T_emit(op::push_int, 0, 0, 0, 0, none, constant));
            } else {
                vals(0);
                seq.push_back(T_emit(nm == "len" ? op::len : op::cap, kind));
            }
            return true;
        }
        if (nm == "delete") {
            if (ops.size() != 2 || ety(ops[0]).kind != type_kind::map) return unsup("delete shape");
            vals(0);
            seq.push_back(T_emit(op::delete_, static_cast<std::int32_t>(eslots(ops[1]))));
            return true;
        }
        if (nm == "clear") {
            if (ops.size() != 1) return unsup("clear shape");
            const ir::type& t = ety(ops[0]);
            if (t.kind != type_kind::map && t.kind != type_kind::slice) return unsup("clear of an unsupported type");
            vals(0);
            seq.push_back(T_emit(op::clear, t.kind == type_kind::map ? 0 : 1,
                                 t.kind == type_kind::slice ? static_cast<std::int32_t>(tslots(t.elem)) : 0));
            return true;
        }
        if (nm == "recover" || nm == "close") return unsup("recover/close");
        disc(0);
        const ir::type& t = ty(x.type);
        if (ni == 1 && builderish_scalar(t.kind)) seq.push_back(T_emit(op::push_rng, t.kind == type_kind::bool_ ? 1 : 0));
        else if (ni > 0) seq.push_back(T_emit(op::push_zero, ni));
        return true;
    }
    case expr_kind::recv:
    case expr_kind::make_chan: return unsup("channels");
    case expr_kind::unsafe_add: return unsup("unsafe.Add/unsafe.Slice");
    }
    return unsup("unknown expression");
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_COMPILE_EXPR_HPP
