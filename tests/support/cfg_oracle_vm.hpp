// tests/support/cfg_oracle_vm.hpp - the soundness oracle for CFG programs: an interpreter of the test
// CFG IR (cfg_ir.hpp) that places every object allocated at a `stack` site in a frame slot, and
// checks the definition of a sound verdict at every moment an object of a stack site dies.
//
// Semantics (what a code generator does with the verdicts, examples/llvm/heap2stack.cpp): each
// stack site owns one slot per frame; executing the allocation again in the same frame kills the
// previous object in the slot (the slot is reused), returning from the frame kills every object of
// its slots. At each death the checker computes what the program can still reach: globals, the
// values live after the current instruction in every frame (SSA liveness, computed per function;
// the dying instruction's own old value excluded), the value being returned, and everything those
// reach through live objects (pointers hidden in integers by toint count too). A dying object that
// is reachable is a violation: the program could use it after its storage is reused.
//
// Memory is concrete: objects are arrays of 8-byte slots; pointers are (object, slot). Branches,
// select, aggregate (which operand an aggregate hands out), exchange and indirect targets are
// chosen by a seeded RNG: any choice is a valid execution for a path-insensitive analysis. A
// step budget bounds every run (loops and recursion end when it is spent: the run stops).
// Externs: a body-less function without declarations keeps every argument in a global sink and
// returns one of them; one with `declares` does exactly what it declares.
//
// Test-only code (uses the standard library freely).
#ifndef ESCAPADE_TESTS_SUPPORT_CFG_ORACLE_VM_HPP
#define ESCAPADE_TESTS_SUPPORT_CFG_ORACLE_VM_HPP

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "cfg_ir.hpp"

namespace cfgoracle {

using cfgir::block_id;
using cfgir::func_id;
using cfgir::module;
using cfgir::none;
using cfgir::value_id;
using escapade::inst_kind;
using escapade::value_kind;

/// A machine word: an integer, or a pointer to slot `slot` of object `obj` (obj 0 = null).
struct word {
    std::uint32_t obj = 0;
    std::uint32_t slot = 0;
    std::int64_t num = 0;
    bool is_fn = false;  ///< a function value (num = function index)
};

struct violation {
    value_id site;
    std::string what;
};

/// Per function: SSA liveness (live-out of each block) for the checker's roots.
class liveness {
public:
    void compute(const module& m, func_id f) {
        const cfgir::function& fn = m.functions[f];
        for (block_id b : fn.blocks) live_out_[b].clear();
        std::map<block_id, std::vector<block_id>> preds;
        for (block_id b : fn.blocks)
            for (block_id s : m.blocks[b].succ) preds[s].push_back(b);
        bool changed = true;
        while (changed) {
            changed = false;
            for (auto it = fn.blocks.rbegin(); it != fn.blocks.rend(); ++it) {
                block_id b = *it;
                std::set<value_id> out;
                for (block_id s : m.blocks[b].succ) {
                    std::set<value_id> in = live_in(m, s);
                    out.insert(in.begin(), in.end());
                    // phi operands flowing along b -> s
                    for (value_id v : m.blocks[s].insts) {
                        const cfgir::instruction& i = m.inst(v);
                        if (i.kind != inst_kind::phi) break;
                        for (std::size_t k = 0; k < i.ops.size(); ++k)
                            if (i.incoming[k] == b && tracked(m, i.ops[k])) out.insert(i.ops[k]);
                    }
                }
                if (out != live_out_[b]) {
                    live_out_[b] = out;
                    changed = true;
                }
            }
        }
    }
    /// Values live after instruction position `k` of block b (the instruction at k excluded).
    std::set<value_id> live_after(const module& m, block_id b, std::size_t k) const {
        auto it = live_out_.find(b);
        std::set<value_id> live = it == live_out_.end() ? std::set<value_id>() : it->second;
        const std::vector<value_id>& insts = m.blocks[b].insts;
        for (std::size_t j = insts.size(); j > k + 1; --j) {
            value_id v = insts[j - 1];
            live.erase(v);
            const cfgir::instruction& i = m.inst(v);
            if (i.kind == inst_kind::phi) continue;
            for (value_id o : i.ops)
                if (tracked(m, o)) live.insert(o);
        }
        return live;
    }
    static bool tracked(const module& m, value_id v) {
        return m.values[v].kind == value_kind::instruction || m.values[v].kind == value_kind::parameter;
    }

private:
    std::set<value_id> live_in(const module& m, block_id b) const {
        std::set<value_id> live = live_after(m, b, static_cast<std::size_t>(-1));
        // live_after(-1) scanned every instruction: phis' own values are defined at entry
        for (value_id v : m.blocks[b].insts) {
            if (m.inst(v).kind != inst_kind::phi) break;
            live.erase(v);
        }
        return live;
    }
    std::map<block_id, std::set<value_id>> live_out_;
};

class vm {
public:
    vm(const module& m, const std::set<value_id>& stack_sites) : m_(m), stack_(stack_sites) {
        for (func_id f = 0; f < m.functions.size(); ++f)
            if (m.functions[f].body) live_[f].compute(m, f);
        for (std::size_t g = 0; g < m.globals.size(); ++g) global_obj_[m.globals[g]] = new_object(1, none, false);
        sink_ = new_object(64, none, false);
    }

    /// Runs function f with null arguments; returns false when a violation was found.
    bool run(func_id f, std::uint32_t seed, std::size_t budget = 400) {
        rng_.seed(seed);
        budget_ = budget;
        std::vector<word> args(m_.functions[f].params.size());
        for (word& a : args) a = fresh_arg();
        call(f, args, 0);
        return violations_.empty();
    }
    const std::vector<violation>& violations() const { return violations_; }
    std::size_t deaths_checked() const { return deaths_; }

private:
    struct object {
        std::vector<word> slots;
        value_id site = none;  ///< the alloc that made it (none: globals, locals, extern results)
        bool stack = false;    ///< in a frame slot (a stack verdict)
        bool alive = true;
        bool local = false;    ///< the host's own frame storage
    };
    struct frame {
        func_id fn;
        std::map<value_id, word> values;
        std::map<value_id, std::uint32_t> slots;  ///< stack site -> current object
        std::vector<std::uint32_t> locals;
        block_id block = none;
        std::size_t pos = 0;
        value_id pending_call = none;  ///< the call instruction this frame waits on
    };

    std::uint32_t new_object(std::size_t slots, value_id site, bool stack) {
        object o;
        o.slots.resize(slots == 0 ? 1 : slots);
        o.site = site;
        o.stack = stack;
        objects_.push_back(o);
        return static_cast<std::uint32_t>(objects_.size() - 1);
    }
    word fresh_arg() {
        // an argument from outside: a fresh object nobody tracks
        word w;
        w.obj = new_object(2, none, false);
        return w;
    }
    std::uint32_t pick(std::size_t n) { return static_cast<std::uint32_t>(rng_() % (n == 0 ? 1 : n)); }

    word value(const frame& fr, value_id v) {
        const cfgir::value& val = m_.values[v];
        switch (val.kind) {
        case value_kind::instruction:
        case value_kind::parameter: {
            auto it = fr.values.find(v);
            return it == fr.values.end() ? word{} : it->second;
        }
        case value_kind::global: {
            word w;
            w.obj = global_obj_.at(v);
            return w;
        }
        case value_kind::function: {
            word w;
            w.is_fn = true;
            w.num = val.index;
            return w;
        }
        case value_kind::constant: return word{};
        }
        return word{};
    }
    object* target(word p) {
        if (p.obj == 0 || p.obj >= objects_.size() || p.is_fn) return nullptr;
        object& o = objects_[p.obj];
        return &o;
    }
    word load(word p) {
        object* o = target(p);
        if (o == nullptr) return word{};
        return o->slots[p.slot % o->slots.size()];
    }
    void store(word p, word v) {
        object* o = target(p);
        if (o == nullptr) return;
        o->slots[p.slot % o->slots.size()] = v;
    }
    static std::int64_t encode(word p) { return (static_cast<std::int64_t>(p.obj) << 20) | p.slot; }
    static word decode(std::int64_t n) {
        word w;
        if (n <= 0) return w;
        w.obj = static_cast<std::uint32_t>(n >> 20);
        w.slot = static_cast<std::uint32_t>(n & 0xfffff);
        return w;
    }

    // ---- the checker ------------------------------------------------------------------------------
    /// Whether object `dying` is reachable from the roots (`extra`: values being returned).
    void check_death(std::uint32_t dying, const std::vector<word>& extra) {
        ++deaths_;
        std::vector<std::uint32_t> work;
        std::set<std::uint32_t> seen;
        auto push = [&](word w) {
            std::uint32_t o = w.obj;
            if (o == 0 && w.num > 0 && !w.is_fn) o = decode(w.num).obj;
            if (o == 0 || o >= objects_.size() || seen.count(o)) return;
            seen.insert(o);
            work.push_back(o);
        };
        for (auto& [g, o] : global_obj_) push(word{o, 0, 0, false});
        push(word{sink_, 0, 0, false});
        for (const word& w : extra) push(w);
        for (const frame& fr : frames_) {
            const std::vector<value_id>& insts = m_.blocks[fr.block].insts;
            std::set<value_id> live = live_.at(fr.fn).live_after(m_, fr.block, fr.pos);
            // the current instruction's own old value is being replaced
            if (fr.pos < insts.size()) live.erase(insts[fr.pos]);
            for (value_id v : live) {
                auto it = fr.values.find(v);
                if (it != fr.values.end()) push(it->second);
            }
        }
        while (!work.empty()) {
            std::uint32_t o = work.back();
            work.pop_back();
            if (o == dying) {
                violations_.push_back(violation{objects_[o].site, "object of a stack site reachable when its slot is reused or its frame returns"});
                return;
            }
            if (!objects_[o].alive) continue;
            for (const word& w : objects_[o].slots) push(w);
        }
    }

    // ---- execution ----------------------------------------------------------------------------------
    word call(func_id f, const std::vector<word>& args, std::size_t depth) {
        const cfgir::function& fn = m_.functions[f];
        if (!fn.body) return call_extern(fn, args);
        if (depth > 40 || budget_ == 0) return word{};
        frame fr;
        fr.fn = f;
        for (std::size_t k = 0; k < fn.params.size(); ++k) fr.values[fn.params[k]] = k < args.size() ? args[k] : word{};
        frames_.push_back(fr);
        word result;
        block_id prev = none, b = fn.blocks[0];
        while (true) {
            frame& cur = frames_.back();
            cur.block = b;
            const std::vector<value_id>& insts = m_.blocks[b].insts;
            // phis read their operands all at once, on entry
            std::vector<std::pair<value_id, word>> phis;
            std::size_t k = 0;
            for (; k < insts.size() && m_.inst(insts[k]).kind == inst_kind::phi; ++k) {
                const cfgir::instruction& i = m_.inst(insts[k]);
                word w;
                for (std::size_t j = 0; j < i.ops.size(); ++j)
                    if (i.incoming[j] == prev) w = value(cur, i.ops[j]);
                phis.emplace_back(insts[k], w);
            }
            for (auto& [v, w] : phis) frames_.back().values[v] = w;
            bool returned = false;
            block_id next = none;
            for (; k < insts.size(); ++k) {
                frames_.back().pos = k;
                if (budget_ == 0) {
                    returned = true;
                    break;
                }
                --budget_;
                value_id v = insts[k];
                const cfgir::instruction& i = m_.inst(v);
                if (i.kind == inst_kind::return_) {
                    result = i.ops.empty() ? word{} : value(frames_.back(), i.ops[0]);
                    returned = true;
                    break;
                }
                if (i.kind == inst_kind::branch) {
                    if (!m_.blocks[b].succ.empty()) next = m_.blocks[b].succ[pick(m_.blocks[b].succ.size())];
                    else returned = true;
                    break;
                }
                if (i.kind == inst_kind::unreachable) {
                    returned = true;
                    break;
                }
                step(v, i, depth);
            }
            if (returned || next == none) break;
            prev = b;
            b = next;
        }
        // the frame returns: its stack objects and locals die
        frame done = frames_.back();
        frames_.pop_back();
        for (auto& [site, o] : done.slots) {
            objects_[o].alive = false;
            check_death(o, {result});
        }
        for (std::uint32_t o : done.locals) objects_[o].alive = false;
        return result;
    }

    word call_extern(const cfgir::function& fn, const std::vector<word>& args) {
        if (!fn.declares) {
            for (const word& a : args) store(word{sink_, pick(64), 0, false}, a);
            return args.empty() ? word{} : args[pick(args.size())];
        }
        word result;
        for (const cfgir::leak& l : fn.leaks) {
            if (l.param >= args.size()) continue;
            word w = args[l.param];
            for (std::int32_t d = 0; d < l.derefs; ++d) w = load(w);
            if (l.to_result) result = w;
            else store(word{sink_, pick(64), 0, false}, w);
        }
        return result;
    }

    void step(value_id v, const cfgir::instruction& i, std::size_t depth) {
        frame& fr = frames_.back();
        auto op = [&](std::size_t k) { return value(frames_.back(), i.ops[k]); };
        word out;
        switch (i.kind) {
        case inst_kind::alloc: {
            bool stack = stack_.count(v) != 0;
            std::size_t slots = static_cast<std::size_t>((i.size_known ? i.size : 16) + 7) / 8;
            if (slots > 64) slots = 64;
            std::uint32_t o = new_object(slots, v, stack);
            if (stack) {
                auto it = fr.slots.find(v);
                if (it != fr.slots.end()) {
                    std::uint32_t old = it->second;
                    objects_[old].alive = false;
                    check_death(old, {});
                }
                frames_.back().slots[v] = o;
            }
            out.obj = o;
            break;
        }
        case inst_kind::local: {
            std::uint32_t o = new_object(4, none, false);
            objects_[o].local = true;
            fr.locals.push_back(o);
            out.obj = o;
            break;
        }
        case inst_kind::load: out = load(op(0)); break;
        case inst_kind::store: store(op(1), op(0)); return;
        case inst_kind::exchange: {
            word p = op(0);
            out = load(p);
            if (i.ops.size() > 1) store(p, op(1 + pick(i.ops.size() - 1)));
            break;
        }
        case inst_kind::copy_memory: {
            object* d = target(op(0));
            object* s = target(op(1));
            if (d && s)
                for (std::size_t k = 0; k < d->slots.size() && k < s->slots.size(); ++k) d->slots[k] = s->slots[k];
            return;
        }
        case inst_kind::address: {
            out = op(0);
            out.slot += static_cast<std::uint32_t>(i.ops.size());  // a field further in (field-insensitive analysis)
            break;
        }
        case inst_kind::cast: out = op(0); break;
        case inst_kind::select: out = op(1 + pick(2)); break;
        case inst_kind::aggregate: out = i.ops.empty() ? word{} : op(pick(i.ops.size())); break;
        case inst_kind::opaque: out.num = 1; break;
        case inst_kind::to_integer: out.num = encode(op(0)); break;
        case inst_kind::from_integer: out = decode(op(0).num); break;
        case inst_kind::unknown:
            for (std::size_t k = 0; k < i.ops.size(); ++k) store(word{sink_, pick(64), 0, false}, op(k));
            break;
        case inst_kind::call:
        case inst_kind::call_indirect:
        case inst_kind::call_virtual: {
            std::vector<word> args;
            std::size_t first = i.kind == inst_kind::call ? 0 : (i.kind == inst_kind::call_indirect ? 1 : 0);
            for (std::size_t k = first; k < i.ops.size(); ++k) args.push_back(op(k));
            func_id target = none;
            if (i.kind == inst_kind::call) target = i.callee;
            else if (!i.targets.empty()) target = i.targets[pick(i.targets.size())];
            else if (i.kind == inst_kind::call_indirect) {
                // calling something that is not a function is undefined: nothing happens
                if (!op(0).is_fn) break;
                target = static_cast<func_id>(op(0).num);
            }
            frames_.back().pending_call = v;
            if (target == none) {
                // an unknown callee keeps everything
                cfgir::function ext;
                out = call_extern(ext, args);
            } else {
                out = call(target, args, depth + 1);
            }
            break;
        }
        default: break;
        }
        frames_.back().values[v] = out;
    }

    const module& m_;
    const std::set<value_id>& stack_;
    std::map<func_id, liveness> live_;
    std::map<value_id, std::uint32_t> global_obj_;
    std::vector<object> objects_{object{}};  // object 0: null
    std::uint32_t sink_ = 0;
    std::vector<frame> frames_;
    std::vector<violation> violations_;
    std::mt19937 rng_;
    std::size_t budget_ = 0;
    std::size_t deaths_ = 0;
};

}  // namespace cfgoracle

#endif  // ESCAPADE_TESTS_SUPPORT_CFG_ORACLE_VM_HPP
