// tests/support/oracle_vm_loop.hpp - the oracle interpreter's main loop.
//
// loop executes instructions of the top frame until the program ends, fails or runs out of
// fuel: one case per op (oracle_bytecode.hpp), with the checker called at returns and iteration
// ends. Conditions and trip counts come from the seeded RNG.
//
// Cost: O(1) per instruction beyond what the instruction does (copies of its slots).
// Test-only code (oracle_vm.hpp says what the interpreter and the checker are).
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_VM_LOOP_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_VM_LOOP_HPP

#include "oracle_machine.hpp"

namespace escapade_oracle {

inline bool vm::loop() {
    std::vector<slot> tmp, tmp2;
    while (!frames_.empty()) {
        if (++res_.steps > opt_.max_steps) return fail(exec_result::out_of_fuel, "step limit");
        frame& f = frames_.back();
        const fn_code& fc = pc_.fns[f.fn];
        if (f.pc >= fc.code.size()) return fail(exec_result::unsupported, "internal: fell off the code");
        const instr& in = fc.code[f.pc++];
        switch (in.o) {
        case op::push_zero: push_zero(static_cast<std::size_t>(in.a)); break;
        case op::push_int: st_.push_back(int_slot(in.k)); break;
        case op::push_str: {
            slot s;
            s.len = in.a;
            st_.push_back(s);
            break;
        }
        case op::push_func: {
            slot s;
            s.fn = static_cast<std::uint32_t>(in.a) + 1;
            st_.push_back(s);
            break;
        }
        case op::push_rng: st_.push_back(int_slot(in.a == 1 ? rng_.below(2) : rng_.below(4))); break;
        case op::loadv:
        case op::addrv: {
            slot p;
            if (!addr_of_var(f, in.a, in.b, &p)) return false;
            if (in.o == op::addrv) {
                st_.push_back(p);
            } else {
                tmp.clear();
                if (!read(p, in.c, tmp)) return false;
                st_.insert(st_.end(), tmp.begin(), tmp.end());
            }
            break;
        }
        case op::mark_addr:
            if (st_.back().obj != 0) objs_[st_.back().obj].addr_taken = true;
            break;
        case op::load: {
            slot p = pop();
            tmp.clear();
            if (!read(p, in.a, tmp)) return false;
            st_.insert(st_.end(), tmp.begin(), tmp.end());
            break;
        }
        case op::nilcheck:
            if (st_.back().obj == 0 && !soft_panic("nil dereference")) return false;
            break;
        case op::addr_off:
            if (st_.back().obj != 0) st_.back().a += in.a;
            break;
        case op::subval: {
            popn(static_cast<std::size_t>(in.a), tmp);
            st_.insert(st_.end(), tmp.begin() + in.b, tmp.begin() + in.b + in.c);
            break;
        }
        case op::index_val: {
            std::int64_t i = pop().a;
            popn(static_cast<std::size_t>(in.a), tmp);
            if (i < 0 || i >= in.c) {
                if (!soft_panic("index out of range")) return false;
                push_zero(static_cast<std::size_t>(in.b));
            } else {
                st_.insert(st_.end(), tmp.begin() + i * in.b, tmp.begin() + (i + 1) * in.b);
            }
            break;
        }
        case op::addr_index: {
            std::int64_t i = pop().a;
            slot& p = st_.back();
            if (p.obj == 0) {
                if (!soft_panic("nil dereference")) return false;
            } else if (i < 0 || i >= in.b) {
                if (!soft_panic("index out of range")) return false;
                p = slot{};
            } else {
                p.a += i * in.a;
            }
            break;
        }
        case op::slice_elem: {
            std::int64_t i = pop().a;
            slot s = pop();
            slot p;
            if (i < 0 || i >= s.len || s.obj == 0) {
                if (!soft_panic("index out of range")) return false;
            } else {
                p.obj = s.obj;
                p.a = s.a + i * in.a;
            }
            st_.push_back(p);
            break;
        }
        case op::str_index: {
            std::int64_t i = pop().a;
            slot s = pop();
            if ((i < 0 || i >= s.len) && !soft_panic("index out of range")) return false;
            st_.push_back(int_slot(rng_.below(256)));
            break;
        }
        case op::map_get: {
            popn(static_cast<std::size_t>(in.a), tmp);
            slot mp = pop();
            bool found = false;
            if (mp.obj != 0) {
                for (const map_entry& me : objs_[mp.obj].entries)
                    if (keys_equal(me.key, tmp)) {
                        st_.insert(st_.end(), me.val.begin(), me.val.end());
                        found = true;
                        break;
                    }
            }
            if (!found) push_zero(static_cast<std::size_t>(in.b));
            if (in.c) st_.push_back(int_slot(found ? 1 : 0));
            break;
        }
        case op::blank: st_.push_back(slot{}); break;
        case op::slice_op:
            if (!do_slice(in)) return false;
            break;
        case op::to_iface: {
            popn(static_cast<std::size_t>(in.b), tmp);
            ir::type_id from = static_cast<ir::type_id>(in.a);
            const ir::type& ft = m_.type_at(from);
            if (ft.kind == type_kind::interface) {
                st_.push_back(tmp[0]);
            } else if (ft.kind == type_kind::nil) {
                st_.push_back(slot{});
            } else {
                st_.push_back(box(from, tmp, in.e, false));
            }
            break;
        }
        case op::assert_: {
            slot iv = pop();
            ir::type_id t = static_cast<ir::type_id>(in.a);
            bool ok = false;
            tmp.clear();
            if (iv.dyn != 0) {
                if (m_.type_at(t).kind == type_kind::interface) {
                    ok = implements(iv.dyn - 1, t);
                    if (ok) tmp.push_back(iv);
                } else if (iv.dyn - 1 == t) {
                    ok = unbox(iv, tmp);
                }
            }
            if (!ok) {
                if (!in.c && !soft_panic("failed type assertion")) return false;
                tmp.assign(static_cast<std::size_t>(in.b), slot{});
            }
            st_.insert(st_.end(), tmp.begin(), tmp.end());
            if (in.c) st_.push_back(int_slot(ok ? 1 : 0));
            break;
        }
        case op::new_: {
            slot p;
            p.obj = site_obj(okind::allocation, in.e, static_cast<std::size_t>(in.a));
            st_.push_back(p);
            break;
        }
        case op::ptr_lit: {
            popn(static_cast<std::size_t>(in.a), tmp);
            slot p;
            p.obj = site_obj(okind::allocation, in.e, tmp.size());
            objs_[p.obj].slots = tmp;
            st_.push_back(p);
            break;
        }
        case op::slice_lit: {
            popn(static_cast<std::size_t>(in.a) * static_cast<std::size_t>(in.b), tmp);
            slot s;
            s.obj = site_obj(okind::allocation, in.e, tmp.size());
            objs_[s.obj].slots = tmp;
            s.len = s.cap = in.b;
            st_.push_back(s);
            break;
        }
        case op::map_lit: {
            std::size_t per = static_cast<std::size_t>(in.a + in.b);
            popn(per * static_cast<std::size_t>(in.c), tmp);
            slot s;
            s.obj = site_obj(okind::map, in.e, 0);
            for (std::int32_t i = 0; i < in.c; ++i) {
                std::vector<slot> k(tmp.begin() + static_cast<std::ptrdiff_t>(i * per),
                                    tmp.begin() + static_cast<std::ptrdiff_t>(i * per + static_cast<std::size_t>(in.a)));
                std::vector<slot> v(tmp.begin() + static_cast<std::ptrdiff_t>(i * per + static_cast<std::size_t>(in.a)),
                                    tmp.begin() + static_cast<std::ptrdiff_t>((i + 1) * per));
                map_put(s.obj, k, v);
            }
            st_.push_back(s);
            break;
        }
        case op::make_slice: {
            std::int64_t cap = in.b ? pop().a : -1;
            std::int64_t len = pop().a;
            if (cap < 0) cap = len;
            if (len < 0 || cap < len) {
                if (!soft_panic("make with a bad length")) return false;
                len = cap = 0;
            }
            if (cap > static_cast<std::int64_t>(opt_.max_make)) return fail(exec_result::unsupported, "make larger than the interpreter allows");
            slot s;
            s.obj = site_obj(okind::allocation, in.e, static_cast<std::size_t>(cap * in.a));
            s.len = static_cast<std::int32_t>(len);
            s.cap = static_cast<std::int32_t>(cap);
            st_.push_back(s);
            break;
        }
        case op::make_map: {
            slot s;
            s.obj = site_obj(okind::map, in.e, 0);
            st_.push_back(s);
            break;
        }
        case op::closure: {
            ir::func_id cf = static_cast<ir::func_id>(in.a);
            tmp.clear();
            ir::id_span<ir::var_id> cv = m_.captures(cf);
            for (std::size_t i = 0; i < cv.size(); ++i)
                if (!capture_source(frames_.back(), cv[i], caps_[cf][i], tmp)) return false;
            slot s;
            s.obj = site_obj(okind::closure, in.e, tmp.size());
            objs_[s.obj].slots = tmp;
            objs_[s.obj].fn = cf;
            st_.push_back(s);
            break;
        }
        case op::method_value: {
            // a: 0 the receiver value as is (c slots), 1 a pointer to copy c slots from,
            //    2 the address &x (1 slot), 3 an interface (1 slot)
            tmp.clear();
            if (in.a == 1) {
                slot r = pop();
                if (!read(r, in.c, tmp)) return false;
            } else {
                popn(static_cast<std::size_t>(in.a == 0 ? in.c : 1), tmp);
            }
            slot s;
            s.obj = site_obj(okind::method_value, in.e, tmp.size());
            objs_[s.obj].slots = tmp;
            objs_[s.obj].fn = in.a == 3 ? (static_cast<std::uint32_t>(in.b) | 0x80000000u) : static_cast<std::uint32_t>(in.d);
            st_.push_back(s);
            break;
        }
        case op::strconv: {
            slot x = pop();
            std::int64_t len = x.len;
            slot s;
            if (in.a == 0) {
                s.obj = site_obj(okind::allocation, in.e, 0);
                s.len = static_cast<std::int32_t>(len > 0 ? len : 1);
            } else {
                if (len < 0) len = 0;
                if (len > static_cast<std::int64_t>(opt_.max_make)) len = opt_.max_make;
                s.obj = site_obj(okind::allocation, in.e, static_cast<std::size_t>(len));
                s.len = s.cap = static_cast<std::int32_t>(len);
            }
            st_.push_back(s);
            break;
        }
        case op::concat: {
            popn(static_cast<std::size_t>(in.a), tmp);
            std::int64_t len = 0;
            for (const slot& x : tmp) len += x.len;
            if (len > (1 << 20)) len = 1 << 20;  // only lengths matter (string data is not modelled)
            slot s;
            s.obj = site_obj(okind::allocation, in.e, 0);
            s.len = static_cast<std::int32_t>(len);
            st_.push_back(s);
            break;
        }
        case op::call:
            if (!enter(static_cast<ir::func_id>(in.a), in.b, 0, false)) return false;
            break;
        case op::call_method:
            if (!call_method(m_.name_at(static_cast<index_t>(in.a)), in.b, in.c, false)) return false;
            break;
        case op::call_value:
            if (!call_value(in.a, in.c, false)) return false;
            break;
        case op::append:
            if (!do_append(in)) return false;
            break;
        case op::copy: {
            slot src = pop(), dst = pop();
            std::int64_t n = std::min<std::int64_t>(src.len, dst.len);
            if (in.b == 0 && n > 0 && src.obj != 0 && dst.obj != 0) {
                tmp.assign(objs_[src.obj].slots.begin() + src.a, objs_[src.obj].slots.begin() + src.a + n * in.a);
                slot p;
                p.obj = dst.obj;
                p.a = dst.a;
                if (!write(p, tmp.data(), static_cast<std::int32_t>(tmp.size()))) return false;
            }
            st_.push_back(int_slot(n));
            break;
        }
        case op::len:
        case op::cap: {
            slot x = pop();
            std::int64_t v = 0;
            if (in.a == 0) v = in.o == op::len ? x.len : x.cap;
            else if (in.a == 1) v = x.len;
            else if (in.a == 2) v = x.obj != 0 ? static_cast<std::int64_t>(objs_[x.obj].entries.size()) : 0;
            st_.push_back(int_slot(v));
            break;
        }
        case op::popn: st_.resize(st_.size() - static_cast<std::size_t>(in.a)); break;
        case op::delete_: {
            popn(static_cast<std::size_t>(in.a), tmp);
            slot mp = pop();
            if (mp.obj != 0) {
                auto& es = objs_[mp.obj].entries;
                for (std::size_t i = 0; i < es.size(); ++i)
                    if (keys_equal(es[i].key, tmp)) {
                        es.erase(es.begin() + static_cast<std::ptrdiff_t>(i));
                        break;
                    }
            }
            break;
        }
        case op::clear: {
            slot x = pop();
            if (x.obj == 0) break;
            if (in.a == 0) objs_[x.obj].entries.clear();
            else {
                tmp.assign(static_cast<std::size_t>(x.len) * static_cast<std::size_t>(in.b), slot{});
                slot p;
                p.obj = x.obj;
                p.a = x.a;
                if (!write(p, tmp.data(), static_cast<std::int32_t>(tmp.size()))) return false;
            }
            break;
        }
        case op::assign:
            if (!do_assign(fc.assigns[static_cast<std::size_t>(in.a)])) return false;
            break;
        case op::opassign: {
            popn(static_cast<std::size_t>(in.b), tmp);
            slot p = pop();
            if (in.a == 0) {
                tmp.assign(1, int_slot(rng_.below(4)));
            } else if (in.a == 1) {
                slot s;
                s.obj = new_obj(okind::runtime, verdict_table::heap, 0);
                s.len = 2;
                tmp.assign(1, s);
            }
            if (!write(p, tmp.data(), in.b)) return false;
            break;
        }
        case op::declare: var_instance(f, in.a); break;
        case op::branch: {
            bool then_ = rng_.below(2) == 0;
            if (exhausted()) {
                if (in.b && !in.c) then_ = false;
                else if (in.c && !in.b) then_ = true;
            }
            if (!then_) f.pc = static_cast<std::uint32_t>(in.a);
            break;
        }
        case op::jmp: f.pc = static_cast<std::uint32_t>(in.a); break;
        case op::loop_begin: {
            loop_state l;
            l.pos = stmt_pos(in.k);
            f.loops.push_back(std::move(l));
            break;
        }
        case op::loop_test: {
            loop_state& l = f.loops.back();
            bool more = !exhausted() && l.trips < opt_.max_trips && rng_.below(4) != 0;
            if (!more) {
                f.pc = static_cast<std::uint32_t>(in.a);
                break;
            }
            ++l.trips;
            l.iter_mark = f.allocs.size();
            break;
        }
        case op::iter_end:
            if (!end_iteration(f)) return false;
            break;
        case op::loop_end: f.loops.pop_back(); break;
        case op::range_begin:
            if (!range_begin(f, in)) return false;
            break;
        case op::range_next:
            if (!range_next(f, in)) return false;
            break;
        case op::range_key: {
            const loop_state& l = f.loops.back();
            st_.insert(st_.end(), l.key.begin(), l.key.end());
            break;
        }
        case op::range_val: {
            const loop_state& l = f.loops.back();
            st_.insert(st_.end(), l.val.begin(), l.val.end());
            break;
        }
        case op::store_result: {
            popn(static_cast<std::size_t>(in.b), tmp);
            slot p;
            p.obj = local_obj(f, in.a);
            if (!write(p, tmp.data(), in.b)) return false;
            break;
        }
        case op::ret:
            if (!do_return()) return false;
            break;
        case op::defer_:
        case op::go_: {
            call_rec r;
            r.kind = in.a;
            r.id = static_cast<std::uint32_t>(in.b);
            r.argslots = in.d;
            if (in.k >= 0) r.lits = &fc.lits[static_cast<std::size_t>(in.k)];
            popn(static_cast<std::size_t>(in.c), r.slots);
            if (in.o == op::defer_) f.defers.push_back(std::move(r));
            else goroutines_.push_back(std::move(r));
            break;
        }
        case op::panic_: return fail(exec_result::panicked, "panic");
        case op::unsupported: return fail(exec_result::unsupported, "unsupported construct");
        }
        if (res_.status != exec_result::completed) return false;
    }
    return true;
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_VM_LOOP_HPP
