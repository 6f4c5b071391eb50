// tests/support/oracle_vm_calls.hpp - the oracle interpreter: calls and captures.
//
// enter pushes a frame for a static call; call_value and call_method resolve the target of a
// call through a function value or an interface; invoke runs a deferred or go call; a variable's
// address and a closure's captured values (by reference when the variable is a site, by value
// otherwise).
//
// Cost: O(argument slots) per call.
// Test-only code (oracle_vm.hpp says what the interpreter and the checker are).
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_VM_CALLS_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_VM_CALLS_HPP

#include "oracle_machine.hpp"

namespace escapade_oracle {

inline bool vm::enter(ir::func_id f, std::int32_t argslots, std::uint32_t closure, bool discard) {
    ++res_.calls;
    if (frames_.size() >= opt_.hard_depth) return fail(exec_result::out_of_fuel, "call depth limit");
    if (f >= m_.function_count() || m_.function_at(f).body == invalid_index)
        return fail(exec_result::unsupported, "call of a function without body");
    const fn_code& fc = pc_.fns[f];
    if (argslots != fc.param_slots)
        return fail(exec_result::unsupported, strf("call of %s with %d argument slots, want %d", sv(m_.function_display(f)).c_str(),
                                                   argslots, fc.param_slots));
    frame fr;
    fr.fn = f;
    fr.serial = ++serial_;
    fr.closure = closure;
    fr.discard = discard;
    fr.sp_base = st_.size() - static_cast<std::size_t>(argslots);
    fr.vars.assign(fc.locals.size(), 0);
    frames_.push_back(std::move(fr));
    frame& nf = frames_.back();
    std::size_t at = nf.sp_base;
    for (std::int32_t li : fc.params) {
        std::uint32_t o = var_instance(nf, li);
        std::size_t n = objs_[o].slots.size();
        std::copy(st_.begin() + static_cast<std::ptrdiff_t>(at), st_.begin() + static_cast<std::ptrdiff_t>(at + n), objs_[o].slots.begin());
        at += n;
    }
    st_.resize(nf.sp_base);
    for (std::int32_t li : fc.results) var_instance(nf, li);
    return true;
}

inline bool vm::call_value(std::int32_t argslots, std::int32_t resslots, bool discard) {
    std::vector<slot> args;
    popn(static_cast<std::size_t>(argslots), args);
    slot fv = pop();
    if (fv.fn != 0) {
        st_.insert(st_.end(), args.begin(), args.end());
        return enter(fv.fn - 1, argslots, 0, discard);
    }
    if (fv.obj == 0) {
        if (!soft_panic("call of a nil function value")) return false;
        if (!discard) push_zero(static_cast<std::size_t>(resslots));
        return true;
    }
    const object& o = objs_[fv.obj];
    if (o.kind == okind::closure) {
        st_.insert(st_.end(), args.begin(), args.end());
        return enter(o.fn, argslots, fv.obj, discard);
    }
    if (o.kind == okind::method_value) {
        std::vector<slot> recv;
        ir::func_id f = o.fn;
        if (f & 0x80000000u) {
            // Interface method value: dispatch on the stored interface when called.
            slot iv = o.slots[0];
            if (!resolve(iv, m_.name_at(f & 0x7fffffffu), &f, recv)) return false;
            if (f == invalid_index) {
                if (!discard) push_zero(static_cast<std::size_t>(resslots));
                return true;
            }
        } else {
            recv = o.slots;
        }
        std::int32_t rn = static_cast<std::int32_t>(recv.size());
        st_.insert(st_.end(), recv.begin(), recv.end());
        st_.insert(st_.end(), args.begin(), args.end());
        return enter(f, rn + argslots, 0, discard);
    }
    return fail(exec_result::unsupported, "internal: call of a value that is not a function");
}

inline bool vm::call_method(std::string_view name, std::int32_t argslots, std::int32_t resslots, bool discard) {
    std::vector<slot> args;
    popn(static_cast<std::size_t>(argslots), args);
    slot iv = pop();
    std::vector<slot> recv;
    ir::func_id f = invalid_index;
    if (!resolve(iv, name, &f, recv)) return false;
    if (f == invalid_index) {
        if (!discard) push_zero(static_cast<std::size_t>(resslots));
        return true;
    }
    std::int32_t rn = static_cast<std::int32_t>(recv.size());
    st_.insert(st_.end(), recv.begin(), recv.end());
    st_.insert(st_.end(), args.begin(), args.end());
    return enter(f, rn + argslots, 0, discard);
}

inline bool vm::invoke(const call_rec& r, bool discard) {
    std::vector<std::uint32_t> built;
    if (r.lits == nullptr) {
        st_.insert(st_.end(), r.slots.begin(), r.slots.end());
    } else {
        // gc's wrapper: build each slice-literal argument now, in the wrapper's frame (which
        // returns right after the callee: the objects are checked with the callee's).
        std::size_t at = 0;
        for (const lit_arg& la : *r.lits) {
            st_.insert(st_.end(), r.slots.begin() + static_cast<std::ptrdiff_t>(at), r.slots.begin() + la.start);
            std::int8_t v = la.expr < vt_.expr.size() ? vt_.expr[la.expr] : static_cast<std::int8_t>(verdict_table::no_site);
            std::uint32_t o = new_obj(okind::allocation, v, 0);
            objs_[o].expr = la.expr;
            objs_[o].addr_taken = true;
            objs_[o].slots.assign(r.slots.begin() + la.start, r.slots.begin() + la.start + la.count * la.elemn);
            slot s;
            s.obj = o;
            s.len = s.cap = la.count;
            st_.push_back(s);
            built.push_back(o);
            at = static_cast<std::size_t>(la.start + la.count * la.elemn);
        }
        st_.insert(st_.end(), r.slots.begin() + static_cast<std::ptrdiff_t>(at), r.slots.end());
    }
    std::size_t depth = frames_.size();
    bool ok;
    switch (r.kind) {
    case 0: ok = enter(r.id, r.argslots, 0, discard); break;
    case 1: ok = call_method(m_.name_at(r.id), r.argslots, 0, discard); break;
    default: ok = call_value(r.argslots, 0, discard); break;
    }
    if (ok && frames_.size() > depth)
        for (std::uint32_t o : built) {
            objs_[o].frame = frames_.back().serial;
            frames_.back().wrapper_allocs.push_back(o);
        }
    return ok;
}

inline bool vm::addr_of_var(frame& f, std::int32_t where, std::int32_t index, slot* out) {
    slot p;
    if (where == 0) {
        p.obj = local_obj(f, index);
    } else if (where == 1) {
        p.obj = globals_[static_cast<std::size_t>(index)];
    } else {
        const capture_layout& c = caps_[f.fn][static_cast<std::size_t>(index)];
        if (f.closure == 0) return fail(exec_result::unsupported, "internal: captured variable without closure record");
        const object& co = objs_[f.closure];
        if (c.by_ref) {
            const slot& s = co.slots[static_cast<std::size_t>(c.offset)];
            p.obj = s.obj;
            p.a = s.a;
        } else {
            p.obj = f.closure;
            p.a = c.offset;
        }
    }
    *out = p;
    return true;
}

inline bool vm::capture_source(frame& f, ir::var_id v, const capture_layout& want, std::vector<slot>& out) {
    const ir::variable& var = m_.variable_at(v);
    if (var.function == f.fn) {
        std::uint32_t o = local_obj(f, pc_.local_index[v]);
        if (want.by_ref) {
            objs_[o].addr_taken = true;
            slot p;
            p.obj = o;
            out.push_back(p);
        } else {
            objs_[o].captured_by_value = true;
            out.insert(out.end(), objs_[o].slots.begin(), objs_[o].slots.end());
        }
        return true;
    }
    ir::id_span<ir::var_id> caps = m_.captures(f.fn);
    for (std::size_t i = 0; i < caps.size(); ++i) {
        if (caps[i] != v) continue;
        const capture_layout& c = caps_[f.fn][i];
        if (f.closure == 0) return fail(exec_result::unsupported, "internal: captured variable without closure record");
        if (c.by_ref == want.by_ref) {
            const object& co = objs_[f.closure];
            out.insert(out.end(), co.slots.begin() + c.offset, co.slots.begin() + c.offset + c.n);
            return true;
        }
        if (want.by_ref) {
            // The address of the enclosing closure's by-value copy.
            objs_[f.closure].addr_taken = true;
            slot p;
            p.obj = f.closure;
            p.a = c.offset;
            out.push_back(p);
            return true;
        }
        // By value from a by-reference capture: copy the variable's current value.
        slot p = objs_[f.closure].slots[static_cast<std::size_t>(c.offset)];
        if (p.obj != 0) objs_[p.obj].captured_by_value = true;
        return read(p, want.n, out);
    }
    return fail(exec_result::unsupported, "closure captures a variable its creator cannot see");
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_VM_CALLS_HPP
