// tests/support/oracle_vm_memory.hpp - the oracle interpreter: objects, memory, entry arguments, interfaces.
//
// Construction (the dynamic types and function values the program itself makes), run (one
// execution from an entry function), stopping and failing, objects and their verdicts, reads and
// writes of slots, the synthesised entry arguments (synth), and interface values: boxing,
// unboxing, implements and method resolution.
//
// Cost: O(slots) per read or write; synth O(size of the type) bounded by its depth.
// Test-only code (oracle_vm.hpp says what the interpreter and the checker are).
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_VM_MEMORY_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_VM_MEMORY_HPP

#include "oracle_machine.hpp"

namespace escapade_oracle {

inline vm::vm(const ir::module& m, layout& lay, const program_code& pc, const verdict_table& vt)
    : m_(m), lay_(lay), pc_(pc), vt_(vt) {
    // Values the program itself can make: dynamic types converted to interfaces, functions
    // used as values. Entry arguments use only these (the closed-world contract of
    // dispatch=closed/context: every interface and function value comes from the program).
    for (ir::expr_id e = 0; e < m.expr_count(); ++e) {
        const ir::expr& x = m.expr_at(e);
        if (x.kind == expr_kind::to_iface && x.operands_count == 1) {
            ir::type_id t = m.expr_at(m.operands(e)[0]).type;
            if (t < m.type_count() && m.type_at(t).kind != type_kind::interface && m.type_at(t).kind != type_kind::nil &&
                std::find(iface_types_.begin(), iface_types_.end(), t) == iface_types_.end())
                iface_types_.push_back(t);
        } else if (x.kind == expr_kind::func_ref && x.ref < m.function_count() &&
                   std::find(func_values_.begin(), func_values_.end(), x.ref) == func_values_.end()) {
            func_values_.push_back(x.ref);
        }
    }
    caps_.resize(m.function_count());
    for (ir::func_id f = 0; f < m.function_count(); ++f) {
        std::int32_t off = 0;
        ir::id_span<ir::var_id> cv = m.captures(f);
        for (std::size_t i = 0; i < cv.size(); ++i) {
            ir::var_id v = cv[i];
            capture_layout c;
            // The analysis' decision; none reported: by reference (Go's semantics), so a
            // missing decision can only make the check stricter.
            std::int8_t d = f < vt_.capture_by_ref.size() && i < vt_.capture_by_ref[f].size() ? vt_.capture_by_ref[f][i] : -1;
            c.by_ref = d != 0;
            c.n = c.by_ref ? 1 : static_cast<std::int32_t>(lay_.slots(m.variable_at(v).type));
            c.offset = off;
            off += c.n;
            caps_[f].push_back(c);
        }
    }
}

inline exec_result vm::run(ir::func_id entry, const exec_options& opt) {
    opt_ = opt;
    rng_ = rng(opt.seed);
    res_ = exec_result{};
    objs_.clear();
    objs_.emplace_back();  // object 0: none
    frames_.clear();
    st_.clear();
    goroutines_.clear();
    globals_.clear();
    wlog_.clear();
    serial_ = 0;
    epoch_ = 0;
    for (ir::var_id g : m_.globals()) {
        std::uint32_t o = new_obj(okind::global, verdict_table::heap, static_cast<std::size_t>(lay_.slots(m_.variable_at(g).type)));
        objs_[o].var = g;
        globals_.push_back(o);
    }
    if (!pc_.unsupported.empty()) return stop(exec_result::unsupported, pc_.unsupported);
    if (m_.function_at(entry).body == invalid_index) return stop(exec_result::unsupported, "entry function without body");
    // A package initialiser runs first, as in Go.
    for (ir::func_id f : m_.top_level_functions()) {
        const ir::function& fn = m_.function_at(f);
        if (f == entry || fn.name != "init" || fn.params_count != 0 || fn.body == invalid_index) continue;
        if (!enter(f, 0, 0, true) || !loop()) return res_;
    }
    for (ir::var_id p : m_.params(entry)) synth(m_.variable_at(p).type, 0);
    if (!enter(entry, pc_.fns[entry].param_slots, 0, true)) return res_;
    if (!loop()) return res_;
    while (!goroutines_.empty() && res_.calls < opt_.max_calls) {
        call_rec r = std::move(goroutines_.front());
        goroutines_.pop_front();
        if (!invoke(r, true) || !loop()) return res_;
    }
    res_.objects = objs_.size() - 1;
    return res_;
}

inline exec_result vm::stop(exec_result::status_t s, std::string detail) {
    if (res_.status == exec_result::completed) {
        res_.status = s;
        res_.detail = std::move(detail);
    }
    res_.objects = objs_.size() - 1;
    return res_;
}

inline bool vm::fail(exec_result::status_t s, std::string detail) {
    stop(s, std::move(detail));
    return false;
}

inline bool vm::soft_panic(const char* what) {
    if (opt_.forgive) {
        ++res_.forgiven;
        return true;
    }
    return fail(exec_result::panicked, what);
}

inline std::uint32_t vm::new_obj(okind k, std::int8_t verdict, std::size_t nslots) {
    object o;
    o.kind = k;
    o.verdict = verdict;
    o.slots.assign(nslots, slot{});
    o.frame = frames_.empty() ? 0 : frames_.back().serial;
    o.birth = wlog_.size();
    objs_.push_back(std::move(o));
    wlog_.push_back(static_cast<std::uint32_t>(objs_.size() - 1));
    return static_cast<std::uint32_t>(objs_.size() - 1);
}

inline std::uint32_t vm::site_obj(okind k, std::uint32_t e, std::size_t nslots) {
    std::int8_t v = e < vt_.expr.size() ? vt_.expr[e] : static_cast<std::int8_t>(verdict_table::no_site);
    std::uint32_t o = new_obj(k, v, nslots);
    objs_[o].expr = e;
    objs_[o].addr_taken = true;
    if (!frames_.empty()) frames_.back().allocs.push_back(o);
    return o;
}

inline std::uint32_t vm::var_instance(frame& f, std::int32_t local) {
    ir::var_id v = pc_.fns[f.fn].locals[static_cast<std::size_t>(local)];
    std::size_t n = static_cast<std::size_t>(lay_.slots(m_.variable_at(v).type));
    object o;
    o.kind = okind::variable;
    o.verdict = vt_.var[v];
    o.var = v;
    o.live_var = true;
    o.frame = f.serial;
    o.slots.assign(n, slot{});
    o.birth = wlog_.size();
    objs_.push_back(std::move(o));
    std::uint32_t id = static_cast<std::uint32_t>(objs_.size() - 1);
    wlog_.push_back(id);
    f.vars[static_cast<std::size_t>(local)] = id;
    f.allocs.push_back(id);
    return id;
}

inline std::uint32_t vm::local_obj(frame& f, std::int32_t local) {
    std::uint32_t o = f.vars[static_cast<std::size_t>(local)];
    return o != 0 ? o : var_instance(f, local);
}

inline bool vm::read(const slot& p, std::int32_t n, std::vector<slot>& out) {
    if (p.obj == 0) {
        if (!soft_panic("nil dereference")) return false;
        out.insert(out.end(), static_cast<std::size_t>(n), slot{});
        return true;
    }
    const object& o = objs_[p.obj];
    if (p.a < 0 || p.a + n > static_cast<std::int64_t>(o.slots.size()))
        return fail(exec_result::unsupported, "internal: read out of an object's bounds");
    out.insert(out.end(), o.slots.begin() + p.a, o.slots.begin() + p.a + n);
    return true;
}

inline bool vm::write(const slot& p, const slot* v, std::int32_t n) {
    if (p.obj == 0) return soft_panic("nil dereference");
    object& o = objs_[p.obj];
    if (p.a < 0 || p.a + n > static_cast<std::int64_t>(o.slots.size()))
        return fail(exec_result::unsupported, "internal: write out of an object's bounds");
    if (n > 0 && o.captured_by_value) return capture_violation(p.obj, "written after a closure captured it by value");
    if (n > 0 && o.kind == okind::closure && o.fn < caps_.size()) {
        for (const capture_layout& c : caps_[o.fn])
            if (!c.by_ref && p.a < c.offset + c.n && c.offset < p.a + n)
                return capture_violation(p.obj, "a closure wrote its by-value copy of a captured variable");
    }
    for (std::int32_t i = 0; i < n; ++i) o.slots[static_cast<std::size_t>(p.a + i)] = v[i];
    if (n > 0) wlog_.push_back(p.obj);
    return true;
}

inline bool vm::capture_violation(std::uint32_t o, const char* what) {
    violation& v = res_.v;
    v.kind = violation::by_value_capture;
    const object& ob = objs_[o];
    if (ob.kind == okind::closure) {
        v.expr = ob.expr;
        v.site = describe(o);
        v.reason = "closure record";
    } else {
        v.var = ob.var;
        v.site = describe(o);
        v.reason = "captured by value (not a site)";
    }
    v.when = what;
    v.path = "";
    return fail(exec_result::found_violation, v.text());
}

inline slot vm::pop() {
    slot s = st_.back();
    st_.pop_back();
    return s;
}

inline void vm::popn(std::size_t n, std::vector<slot>& out) {
    out.assign(st_.end() - static_cast<std::ptrdiff_t>(n), st_.end());
    st_.resize(st_.size() - n);
}

inline slot vm::int_slot(std::int64_t v) {
    slot s;
    s.a = v;
    return s;
}

inline void vm::synth(ir::type_id t, int depth) {
    const ir::type& ty = m_.type_at(t);
    std::int64_t n = lay_.slots(t);
    if (n <= 0) {
        if (n == 0) return;
        push_zero(1);
        return;
    }
    switch (ty.kind) {
    case type_kind::pointer: {
        if (depth > 2 || ty.elem >= m_.type_count()) {
            push_zero(1);
            return;
        }
        std::int64_t en = lay_.slots(ty.elem);
        std::uint32_t o = new_obj(okind::external, verdict_table::heap, static_cast<std::size_t>(en < 0 ? 0 : en));
        objs_[o].addr_taken = true;
        slot s;
        s.obj = o;
        st_.push_back(s);
        return;
    }
    case type_kind::slice: {
        std::int64_t en = lay_.slots(ty.elem);
        std::uint32_t o = new_obj(okind::external, verdict_table::heap, static_cast<std::size_t>(en < 0 ? 0 : 2 * en));
        slot s;
        s.obj = o;
        s.len = s.cap = en < 0 ? 0 : 2;
        st_.push_back(s);
        return;
    }
    case type_kind::map: {
        slot s;
        s.obj = new_obj(okind::external, verdict_table::heap, 0);
        st_.push_back(s);
        return;
    }
    case type_kind::interface: {
        std::vector<ir::type_id> impls;
        for (ir::type_id r : iface_types_)
            if (implements(r, t)) impls.push_back(r);
        if (impls.empty() || depth > 2) {
            push_zero(1);
            return;
        }
        ir::type_id d = impls[rng_.below(static_cast<std::uint32_t>(impls.size()))];
        std::size_t mark = st_.size();
        synth(d, depth + 1);
        std::vector<slot> val(st_.begin() + static_cast<std::ptrdiff_t>(mark), st_.end());
        st_.resize(mark);
        st_.push_back(box(d, val, none, true));
        return;
    }
    case type_kind::func: {
        std::vector<ir::func_id> fs;
        for (ir::func_id f : func_values_)
            if (m_.function_at(f).signature == t && m_.function_at(f).body != invalid_index && !(m_.function_at(f).flags & ir::fn_method))
                fs.push_back(f);
        slot s;
        if (!fs.empty()) s.fn = fs[rng_.below(static_cast<std::uint32_t>(fs.size()))] + 1;
        st_.push_back(s);
        return;
    }
    case type_kind::struct_:
        for (index_t i = 0; i < ty.count; ++i) synth(m_.field_at(t, i).type, depth + 1);
        return;
    case type_kind::array: {
        for (escapade::size64 i = 0; i < ty.length; ++i) synth(ty.elem, depth + 1);
        return;
    }
    case type_kind::string: {
        slot s;
        s.len = 3;
        st_.push_back(s);
        return;
    }
    default:
        st_.push_back(int_slot(rng_.below(3)));
        return;
    }
}

inline bool vm::implements(ir::type_id d, ir::type_id it) {
    const ir::type& iface = m_.type_at(it);
    if (iface.kind != type_kind::interface) return false;
    const ir::interface_method* ms = m_.interface_methods(it);
    for (index_t i = 0; i < iface.count; ++i) {
        ir::func_id f = m_.find_method(d, ms[i].name);
        if (f == invalid_index && m_.type_at(d).kind == type_kind::pointer && m_.type_at(d).name.empty())
            f = m_.find_method(m_.type_at(d).elem, ms[i].name);
        if (f == invalid_index) return false;
    }
    return true;
}

inline slot vm::box(ir::type_id d, const std::vector<slot>& val, std::uint32_t e, bool external) {
    slot s;
    s.dyn = d + 1;
    if (m_.type_at(d).pointer_shaped && val.size() == 1) {
        s.obj = val[0].obj;
        s.fn = val[0].fn;
        s.a = val[0].a;
        return s;
    }
    std::uint32_t o = external ? new_obj(okind::external, verdict_table::heap, val.size()) : site_obj(okind::box, e, val.size());
    objs_[o].slots = val;
    objs_[o].addr_taken = true;
    s.obj = o;
    s.a = 0;
    return s;
}

inline bool vm::unbox(const slot& s, std::vector<slot>& out) {
    ir::type_id d = s.dyn - 1;
    if (m_.type_at(d).pointer_shaped && lay_.slots(d) == 1) {
        slot v;
        v.obj = s.obj;
        v.fn = s.fn;
        v.a = s.a;
        out.push_back(v);
        return true;
    }
    const object& o = objs_[s.obj];
    out.insert(out.end(), o.slots.begin(), o.slots.end());
    return true;
}

inline bool vm::resolve(const slot& s, std::string_view name, ir::func_id* f, std::vector<slot>& recv) {
    if (s.dyn == 0) {
        if (!soft_panic("method call on a nil interface")) return false;
        *f = invalid_index;
        return true;
    }
    ir::type_id d = s.dyn - 1;
    ir::func_id fn = m_.find_method(d, name);
    if (fn != invalid_index) {
        *f = fn;
        return unbox(s, recv);
    }
    const ir::type& dt = m_.type_at(d);
    if (dt.kind == type_kind::pointer && dt.name.empty()) {
        fn = m_.find_method(dt.elem, name);
        if (fn != invalid_index) {
            *f = fn;
            slot p;
            p.obj = s.obj;
            p.a = s.a;
            std::int64_t n = lay_.slots(dt.elem);
            return read(p, static_cast<std::int32_t>(n), recv);
        }
    }
    return fail(exec_result::unsupported, "dynamic type without the called method");
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_VM_MEMORY_HPP
