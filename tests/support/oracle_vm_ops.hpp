// tests/support/oracle_vm_ops.hpp - the oracle interpreter: the instructions with more than a line of work.
//
// Assignments to several targets, slicing, append (with a new backing array when the capacity
// is exceeded), maps (keys compared slot by slot), and ranges over slices, strings, maps (over a
// snapshot of the keys) and channels.
//
// Cost: O(slots copied) per instruction; map_put O(entries).
// Test-only code (oracle_vm.hpp says what the interpreter and the checker are).
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_VM_OPS_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_VM_OPS_HPP

#include "oracle_machine.hpp"

namespace escapade_oracle {

inline std::string vm::stmt_pos(std::int64_t s) {
    if (s < 0 || static_cast<std::size_t>(s) >= m_.stmt_count()) return "?";
    return pos_text(m_, m_.stmt_pos(static_cast<ir::stmt_id>(s)));
}

inline bool vm::keys_equal(const std::vector<slot>& a, const std::vector<slot>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_slot(a[i], b[i])) return false;
    return true;
}

inline void vm::map_put(std::uint32_t m, const std::vector<slot>& k, const std::vector<slot>& v) {
    wlog_.push_back(m);
    for (map_entry& me : objs_[m].entries)
        if (keys_equal(me.key, k)) {
            me.val = v;
            return;
        }
    objs_[m].entries.push_back(map_entry{k, v});
}

inline bool vm::do_assign(const std::vector<assign_target>& ts) {
    std::size_t vtotal = 0, ttotal = 0;
    for (const assign_target& t : ts) {
        vtotal += static_cast<std::size_t>(t.vslots);
        ttotal += t.kind == 1 ? 1 + static_cast<std::size_t>(t.kslots) : 1;
    }
    std::vector<slot> vals, tgts;
    popn(vtotal, vals);
    popn(ttotal, tgts);
    std::size_t vi = 0, ti = 0;
    for (const assign_target& t : ts) {
        const slot* v = vals.data() + vi;
        vi += static_cast<std::size_t>(t.vslots);
        if (t.kind == 2) {
            ++ti;
            continue;
        }
        if (t.kind == 1) {
            slot mp = tgts[ti];
            std::vector<slot> k(tgts.begin() + static_cast<std::ptrdiff_t>(ti + 1),
                                tgts.begin() + static_cast<std::ptrdiff_t>(ti + 1 + static_cast<std::size_t>(t.kslots)));
            ti += 1 + static_cast<std::size_t>(t.kslots);
            if (mp.obj == 0) {
                if (!soft_panic("assignment to a nil map")) return false;
                continue;
            }
            map_put(mp.obj, k, std::vector<slot>(v, v + t.vslots));
            continue;
        }
        slot p = tgts[ti++];
        if (!write(p, v, t.vslots)) return false;
    }
    return true;
}

inline bool vm::do_slice(const instr& in) {
    std::int64_t b[3] = {-1, -1, -1};
    const std::uint8_t bits[3] = {ir::ex_slice_lo, ir::ex_slice_hi, ir::ex_slice_max};
    for (int i = 2; i >= 0; --i)
        if (in.a & bits[i]) b[i] = pop().a;
    slot x = pop();
    slot r;
    if (in.b == 1) {  // string
        std::int64_t lo = b[0] < 0 ? 0 : b[0], hi = b[1] < 0 ? x.len : b[1];
        if (lo > hi || hi > x.len) {
            if (!soft_panic("slice bounds out of range")) return false;
            st_.push_back(slot{});
            return true;
        }
        r = x;
        r.a = x.a + lo;
        r.len = static_cast<std::int32_t>(hi - lo);
        st_.push_back(r);
        return true;
    }
    std::int64_t len, cap;
    if (in.b == 2) {
        if (x.obj == 0) {
            if (!soft_panic("nil dereference")) return false;
            st_.push_back(slot{});
            return true;
        }
        len = cap = in.d;
    } else {
        len = x.len;
        cap = x.cap;
    }
    std::int64_t lo = b[0] < 0 ? 0 : b[0], hi = b[1] < 0 ? len : b[1], mx = b[2] < 0 ? cap : b[2];
    if (lo < 0 || lo > hi || hi > mx || mx > cap) {
        if (!soft_panic("slice bounds out of range")) return false;
        st_.push_back(slot{});
        return true;
    }
    r.obj = x.obj;
    r.a = x.a + lo * in.c;
    r.len = static_cast<std::int32_t>(hi - lo);
    r.cap = static_cast<std::int32_t>(mx - lo);
    if (r.cap == 0 && in.b == 0 && x.obj == 0) r.obj = 0;
    st_.push_back(r);
    return true;
}

inline bool vm::do_append(const instr& in) {
    std::vector<slot> add;
    std::int64_t k;
    if (in.c) {  // append(s, t...)
        slot t = pop();
        k = t.len;
        if (in.d) {
            add.assign(static_cast<std::size_t>(k * in.a), slot{});
        } else if (t.obj != 0 && k > 0) {
            const object& o = objs_[t.obj];
            add.assign(o.slots.begin() + t.a, o.slots.begin() + t.a + k * in.a);
        }
    } else {
        k = in.b;
        popn(static_cast<std::size_t>(in.b) * static_cast<std::size_t>(in.a), add);
    }
    slot s = pop();
    if (k == 0) {
        st_.push_back(s);
        return true;
    }
    if (s.len + k <= s.cap && s.obj != 0) {
        slot p;
        p.obj = s.obj;
        p.a = s.a + s.len * in.a;
        if (!write(p, add.data(), static_cast<std::int32_t>(add.size()))) return false;
        s.len += static_cast<std::int32_t>(k);
        st_.push_back(s);
        return true;
    }
    std::int64_t ncap = std::max<std::int64_t>(2 * s.cap, s.len + k);
    if (ncap * in.a > layout::max_slots * 4) return fail(exec_result::unsupported, "append beyond the interpreter's limit");
    std::uint32_t o = new_obj(okind::runtime, verdict_table::heap, static_cast<std::size_t>(ncap * in.a));
    objs_[o].addr_taken = true;
    if (s.obj != 0 && s.len > 0)
        std::copy(objs_[s.obj].slots.begin() + s.a, objs_[s.obj].slots.begin() + s.a + s.len * in.a, objs_[o].slots.begin());
    std::copy(add.begin(), add.end(), objs_[o].slots.begin() + s.len * in.a);
    slot r;
    r.obj = o;
    r.a = 0;
    r.len = static_cast<std::int32_t>(s.len + k);
    r.cap = static_cast<std::int32_t>(ncap);
    st_.push_back(r);
    return true;
}

inline bool vm::range_begin(frame& f, const instr& in) {
    loop_state l;
    l.range = true;
    l.kind = in.a;
    l.elemn = in.b;
    l.pos = stmt_pos(in.k);
    popn(static_cast<std::size_t>(in.c), l.x);
    switch (in.a) {
    case 0: l.len = l.x[0].len; break;
    case 1: l.len = in.d; break;
    case 2:
        l.len = in.d;
        if (l.x[0].obj == 0 && l.len > 0) {
            if (!soft_panic("range over a nil array pointer")) return false;
            l.len = 0;
        }
        break;
    case 3: l.len = l.x[0].len; break;
    case 4:
        if (l.x[0].obj != 0) {
            for (const map_entry& me : objs_[l.x[0].obj].entries) l.keys.push_back(me.key);
            for (std::size_t i = l.keys.size(); i > 1; --i) std::swap(l.keys[i - 1], l.keys[rng_.below(static_cast<std::uint32_t>(i))]);
        }
        l.len = static_cast<std::int64_t>(l.keys.size());
        break;
    }
    f.loops.push_back(std::move(l));
    return true;
}

inline bool vm::range_next(frame& f, const instr& in) {
    loop_state& l = f.loops.back();
    // Any prefix of the iterations is a path of the loop; stop early now and then.
    bool more = l.index < l.len && !exhausted() && l.trips < opt_.max_trips + 1 && rng_.below(8) != 0;
    if (!more) {
        f.pc = static_cast<std::uint32_t>(in.a);
        return true;
    }
    std::int64_t i = l.index++;
    ++l.trips;
    l.key.assign(1, int_slot(i));
    l.val.clear();
    switch (l.kind) {
    case 0: {
        slot p;
        p.obj = l.x[0].obj;
        p.a = l.x[0].a + i * l.elemn;
        if (!read(p, l.elemn, l.val)) return false;
        break;
    }
    case 1: l.val.assign(l.x.begin() + i * l.elemn, l.x.begin() + (i + 1) * l.elemn); break;
    case 2: {
        slot p = l.x[0];
        p.a += i * l.elemn;
        if (!read(p, l.elemn, l.val)) return false;
        break;
    }
    case 3: l.val.assign(1, int_slot(rng_.below(128))); break;
    case 4: {
        l.key = l.keys[static_cast<std::size_t>(i)];
        bool found = false;
        for (const map_entry& me : objs_[l.x[0].obj].entries)
            if (keys_equal(me.key, l.key)) {
                l.val = me.val;
                found = true;
                break;
            }
        if (!found) {
            // Deleted during the iteration: Go skips it. Zero value, no flow.
            l.val.assign(static_cast<std::size_t>(l.elemn > 0 ? l.elemn : 1), slot{});
        }
        break;
    }
    }
    l.iter_mark = f.allocs.size();
    return true;
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_VM_OPS_HPP
