// tests/support/oracle_checker.hpp - the oracle's lifetime checker.
//
// The definition of a sound `stack` verdict, checked when a frame returns (do_return) and when
// a loop iteration ends (end_iteration): every object allocated there at a `stack` site must be
// unreachable from the live roots (reach, may_reach: a marking over the objects, skipped when no
// write since the allocation can have made it reachable); a violation names the object, its
// site and the path that keeps it (describe, root_text).
//
// Cost: O(live objects + slots) per check that cannot be skipped.
// Test-only code (oracle_vm.hpp says what the interpreter and the checker are).
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_CHECKER_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_CHECKER_HPP

#include "oracle_machine.hpp"

namespace escapade_oracle {

inline std::string vm::root_text(const root& r) {
    switch (r.kind) {
    case 0: return "global " + sv(m_.variable_at(objs_[r.id].var).name);
    case 1: {
        const object& o = objs_[r.id];
        return strf("variable %s of the running %s", sv(m_.variable_at(o.var).name).c_str(),
                    sv(m_.function_display(m_.variable_at(o.var).function)).c_str());
    }
    case 2: return strf("a temporary of the running %s", sv(m_.function_display(frames_[r.id].fn)).c_str());
    case 3: return "the values being returned";
    case 4: return strf("a deferred call of the running %s", sv(m_.function_display(frames_[r.id].fn)).c_str());
    case 5: return "a pending goroutine";
    case 6: return strf("the range value of a loop of the running %s", sv(m_.function_display(frames_[r.id].fn)).c_str());
    case 7: return strf("the closure record of the running %s", sv(m_.function_display(frames_[r.id].fn)).c_str());
    }
    return "?";
}

inline std::string vm::describe(std::uint32_t o) {
    const object& ob = objs_[o];
    std::string what;
    escapade::source_pos pos;
    ir::func_id fn = invalid_index;
    if (ob.var != none) {
        const ir::variable& v = m_.variable_at(ob.var);
        what = "variable " + sv(v.name);
        pos = v.pos;
        fn = v.function;
    } else if (ob.expr != none) {
        char buf[256];
        escapade::detail::text_buffer tb(buf, sizeof buf);
        escapade::detail::formatter<ir::module, escapade::ir_traits<ir::module>>{m_}.expr(tb, ir::expr_handle{ob.expr});
        what = sv(tb.view());
        pos = m_.expr_pos(ob.expr);
    } else {
        switch (ob.kind) {
        case okind::external: return "an entry argument object";
        case okind::runtime: return "a runtime heap object (append growth or string op)";
        default: return "an object";
        }
    }
    std::string s = what + " at " + pos_text(m_, pos);
    if (fn != invalid_index) s += " in " + sv(m_.function_display(fn));
    return s;
}

inline std::string vm::verdict_text(std::uint32_t o) {
    const object& ob = objs_[o];
    if (ob.verdict == verdict_table::no_site)
        return ob.var != none ? "not a site: implicitly stack" : "no verdict for this allocation site: implicitly stack";
    if (ob.verdict == verdict_table::stack) return "stack";
    if (ob.kind == okind::global) return "global";
    if (ob.var == none && ob.expr == none) return "heap";
    escapade::reason r = ob.var != none ? vt_.var_reason[ob.var] : vt_.expr_reason[ob.expr];
    return std::string("heap (") + escapade::to_string(r) + ")";
}

inline std::uint32_t vm::reach(const std::vector<std::uint32_t>& cands, std::size_t first_dead_frame, const std::vector<slot>* retvals,
                    std::string* path) {
    ++res_.checks;
    ++epoch_;
    for (std::uint32_t c : cands) objs_[c].cand = epoch_;
    par_obj_.resize(objs_.size());
    par_root_.resize(objs_.size());
    roots_.clear();
    queue_.clear();
    std::uint32_t found = 0;
    auto visit = [&](std::uint32_t o, std::uint32_t from_obj, std::uint32_t from_root) {
        if (o == 0 || o >= objs_.size() || objs_[o].mark == epoch_) return;
        objs_[o].mark = epoch_;
        par_obj_[o] = from_obj;
        par_root_[o] = from_root;
        queue_.push_back(o);
        if (objs_[o].cand == epoch_ && found == 0) found = o;
    };
    auto root_slots = [&](const slot* s, std::size_t n, root r) {
        std::uint32_t ri = static_cast<std::uint32_t>(roots_.size());
        bool used = false;
        for (std::size_t i = 0; i < n; ++i)
            if (s[i].obj != 0) {
                if (!used) {
                    roots_.push_back(r);
                    used = true;
                }
                visit(s[i].obj, 0, ri);
            }
    };
    auto root_object = [&](std::uint32_t o, root r) {
        // The object itself is live; traverse its slots.
        if (o == 0) return;
        roots_.push_back(r);
        std::uint32_t ri = static_cast<std::uint32_t>(roots_.size() - 1);
        if (objs_[o].mark != epoch_) {
            objs_[o].mark = epoch_;
            par_obj_[o] = 0;
            par_root_[o] = ri;
            queue_.push_back(o);
            if (objs_[o].cand == epoch_ && found == 0) found = o;
        }
    };
    for (std::uint32_t g : globals_) root_object(g, root{0, g, 0});
    for (std::size_t fi = 0; fi < frames_.size() && fi < first_dead_frame; ++fi) {
        const frame& f = frames_[fi];
        for (std::uint32_t o : f.vars)
            if (o != 0 && objs_[o].live_var) root_object(o, root{1, o, 0});
        if (f.closure != 0) root_object(f.closure, root{7, static_cast<std::uint32_t>(fi), 0});
        for (const call_rec& d : f.defers) root_slots(d.slots.data(), d.slots.size(), root{4, static_cast<std::uint32_t>(fi), 0});
        for (const loop_state& l : f.loops) {
            root_slots(l.x.data(), l.x.size(), root{6, static_cast<std::uint32_t>(fi), 0});
            for (const auto& k : l.keys) root_slots(k.data(), k.size(), root{6, static_cast<std::uint32_t>(fi), 0});
        }
        std::size_t end = fi + 1 < frames_.size() ? frames_[fi + 1].sp_base : st_.size();
        if (end > st_.size()) end = st_.size();
        if (f.sp_base < end) root_slots(st_.data() + f.sp_base, end - f.sp_base, root{2, static_cast<std::uint32_t>(fi), 0});
    }
    if (!frames_.empty() && frames_[0].sp_base > 0) root_slots(st_.data(), std::min(frames_[0].sp_base, st_.size()), root{2, 0, 0});
    if (retvals) root_slots(retvals->data(), retvals->size(), root{3, 0, 0});
    for (const call_rec& g : goroutines_) root_slots(g.slots.data(), g.slots.size(), root{5, 0, 0});
    for (std::size_t qi = 0; qi < queue_.size(); ++qi) {
        std::uint32_t o = queue_[qi];
        const object& ob = objs_[o];
        for (const slot& s : ob.slots)
            if (s.obj != 0) visit(s.obj, o, 0);
        for (const map_entry& me : ob.entries) {
            for (const slot& s : me.key)
                if (s.obj != 0) visit(s.obj, o, 0);
            for (const slot& s : me.val)
                if (s.obj != 0) visit(s.obj, o, 0);
        }
    }
    if (found != 0 && path) {
        std::vector<std::uint32_t> chain;
        std::uint32_t o = found;
        for (std::size_t guard = 0; guard < objs_.size() + 1; ++guard) {
            chain.push_back(o);
            if (par_obj_[o] == 0) break;
            o = par_obj_[o];
        }
        std::string p = root_text(roots_[par_root_[chain.back()]]);
        for (std::size_t i = chain.size(); i > 0; --i) {
            std::uint32_t c = chain[i - 1];
            if (i == chain.size() && roots_[par_root_[c]].kind <= 1 && roots_[par_root_[c]].id == c) continue;
            p += " -> " + describe(c) + " [" + verdict_text(c) + "]";
        }
        *path = p;
    }
    return found;
}

inline bool vm::may_reach(const std::vector<std::uint32_t>& cands, std::size_t first_dead_frame, const std::vector<slot>* retvals) {
    ++epoch_;
    std::size_t from = wlog_.size();
    for (std::uint32_t c : cands) {
        objs_[c].cand = epoch_;
        if (objs_[c].birth < from) from = objs_[c].birth;
    }
    auto refers = [&](const slot* s, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i)
            if (s[i].obj != 0 && objs_[s[i].obj].cand == epoch_) return true;
        return false;
    };
    for (std::size_t i = from; i < wlog_.size(); ++i) {
        object& o = objs_[wlog_[i]];
        if (o.mark == epoch_) continue;
        o.mark = epoch_;
        // A path from a root must enter the candidates from a non-candidate; a variable out of
        // scope whose address was never taken, and a freed object, are on no path.
        if (o.cand == epoch_ || o.dead || (o.kind == okind::variable && !o.live_var && !o.addr_taken)) continue;
        if (refers(o.slots.data(), o.slots.size())) return true;
        for (const map_entry& me : o.entries)
            if (refers(me.key.data(), me.key.size()) || refers(me.val.data(), me.val.size())) return true;
    }
    if (refers(st_.data(), st_.size())) return true;
    if (retvals && refers(retvals->data(), retvals->size())) return true;
    for (const call_rec& g : goroutines_)
        if (refers(g.slots.data(), g.slots.size())) return true;
    for (std::size_t fi = 0; fi < frames_.size() && fi < first_dead_frame; ++fi) {
        const frame& f = frames_[fi];
        for (const call_rec& d : f.defers)
            if (refers(d.slots.data(), d.slots.size())) return true;
        for (const loop_state& l : f.loops) {
            if (refers(l.x.data(), l.x.size())) return true;
            for (const auto& k : l.keys)
                if (refers(k.data(), k.size())) return true;
        }
        if (f.closure != 0 && objs_[f.closure].cand == epoch_) return true;
    }
    return false;
}

inline bool vm::check(std::vector<std::uint32_t>& cands, std::size_t first_dead_frame, const std::vector<slot>* retvals,
           violation::kind_t kind, const std::string& when) {
    if (cands.empty()) return true;
    std::string path;
    std::uint32_t hit = may_reach(cands, first_dead_frame, retvals) ? reach(cands, first_dead_frame, retvals, &path) : 0;
    if (hit != 0) {
        violation& v = res_.v;
        v.kind = kind;
        v.var = objs_[hit].var;
        v.expr = objs_[hit].expr;
        v.site = describe(hit);
        v.reason = verdict_text(hit);
        v.when = when;
        v.path = path;
        return fail(exec_result::found_violation, v.text());
    }
    for (std::uint32_t c : cands) objs_[c].dead = true;
    return true;
}

inline bool vm::end_iteration(frame& f) {
    loop_state& l = f.loops.back();
    std::vector<std::uint32_t> cands;
    for (std::size_t i = l.iter_mark; i < f.allocs.size(); ++i) {
        object& o = objs_[f.allocs[i]];
        if (o.kind == okind::variable) o.live_var = false;
        if (o.must_die()) cands.push_back(f.allocs[i]);
    }
    std::string when;
    if (!cands.empty())
        when = strf("after an iteration of the loop at %s in %s ends", l.pos.c_str(), sv(m_.function_display(f.fn)).c_str());
    f.allocs.resize(l.iter_mark);
    return check(cands, frames_.size(), nullptr, violation::iteration_end, when);
}

inline bool vm::do_return() {
    frame& f = frames_.back();
    if (!f.defers.empty()) {
        call_rec r = std::move(f.defers.back());
        f.defers.pop_back();
        --f.pc;  // run `ret` again after the deferred call
        return invoke(r, true);
    }
    const fn_code& fc = pc_.fns[f.fn];
    std::vector<slot> rv;
    for (std::int32_t li : fc.results) {
        std::uint32_t o = local_obj(f, li);
        rv.insert(rv.end(), objs_[o].slots.begin(), objs_[o].slots.end());
    }
    st_.resize(f.sp_base);
    std::vector<std::uint32_t> cands;
    for (std::uint32_t o : f.allocs) {
        object& ob = objs_[o];
        if (ob.kind == okind::variable) ob.live_var = false;
        if (ob.must_die()) cands.push_back(o);
    }
    std::string when;
    if (!cands.empty()) when = "after " + sv(m_.function_display(f.fn)) + " returns";
    if (!check(cands, frames_.size() - 1, &rv, violation::frame_return, when)) return false;
    bool discard = f.discard;
    std::vector<std::uint32_t> wcands;
    for (std::uint32_t o : f.wrapper_allocs)
        if (objs_[o].must_die()) wcands.push_back(o);
    std::string wwhen;
    if (!wcands.empty()) wwhen = "after the go/defer wrapper of " + sv(m_.function_display(f.fn)) + " returns";
    frames_.pop_back();
    // The wrapper's own frame (it discards the callee's results) ends right after the callee.
    if (!check(wcands, frames_.size(), discard ? nullptr : &rv, violation::frame_return, wwhen)) return false;
    if (!discard) st_.insert(st_.end(), rv.begin(), rv.end());
    return true;
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_CHECKER_HPP
