// escapade/detail/engine/cfg_build.hpp - graph construction for a CFG host (cfg_traits): one location per
// SSA value and per allocation, one edge per flow, the loop depths of detail/cfg/.
//
// For each function (cfg_walk_function): the shape (function_shape.hpp: dominators, loop forest, the
// host-contract checks, which fail the analysis with errc::invalid_host_ir), then every instruction
// of every reachable block, in the host's block order (the graph does not depend on it):
//
//   instruction                      locations and edges (v: the instruction's value)
//   alloc                            A (a site, depth of its block); v = &A; too large / unknown size: A -> heap
//   local                            X (storage, not a site, depth of its block); v = &X
//   load p                           v = *p                      (precise: v points to unknown storage)
//   store x, p                       *p = x: precise: a pending store into p's pointees; gc: heap
//   exchange p, x...                 *p = x for each x; v = *p
//   copy_memory d, s                 t = *s; *d = t
//   address b / cast x               v = b / v = x
//   select c, a, b / phi / aggregate v = each operand that flows
//   to_integer x                     x -> heap (unsafe conversion)
//   from_integer x                   v = x, and v points to unknown storage
//   call f(args)                     f's summary (or, same batch, its parameters and result)
//   call_indirect / call_virtual     each possible target's summary (closed world: the host's list, or
//                                    every address-taken function of the right arity); else args -> heap
//   return x                         result = x
//   unknown                          every operand -> heap; v points to unknown storage
//
// An operand that is a global's address points to unknown storage (a store through it goes to the
// heap); a function's address and a constant carry nothing. Loops: an allocation or a local lives
// in the scope of its block's innermost loop, a phi of a loop header in the scope around that loop
// (loops.hpp); every other SSA value has no scope (and the depth cfg_no_depth): it never carries an
// object from one iteration to the next, so only header phis and storage can outlive an iteration
// (engine.hpp's outlives_iteration, used by solve.hpp's outlives).
//
// Cost: O(instructions + operands) per function plus its shape; one location per value.
#ifndef ESCAPADE_DETAIL_ENGINE_CFG_BUILD_HPP
#define ESCAPADE_DETAIL_ENGINE_CFG_BUILD_HPP

#include "engine.hpp"

namespace escapade::detail {

/// The depth of an SSA value that is not a header phi: deeper than any loop, so it outlives nothing.
inline constexpr std::int32_t cfg_no_depth = std::int32_t(1) << 30;

template <class P, class T>
bool engine<P, T>::cfg_scan_references(index_t f, vector<index_t>& targets) noexcept {
    using CT = cfg_traits_t;
    std::size_t count = 0;
    for (auto&& b : CT::blocks(p_, fns_[f].ref))
        for (auto&& v : CT::instructions(p_, b)) {
            if (++count > opt_.max_body_nodes)
                return fail(errc::limit_exceeded, CT::function_position(p_, fns_[f].ref), "the body of '%.*s' has more than %zu instructions",
                            int(CT::function_name(p_, fns_[f].ref).size()), CT::function_name(p_, fns_[f].ref).data(), opt_.max_body_nodes);
            inst_kind k = CT::instruction_kind(p_, v);
            if (k == inst_kind::call) {
                index_t g = fn_of(CT::callee(p_, v));
                if (g == invalid_index)
                    return fail(errc::invalid_host_ir, CT::instruction_position(p_, v), "a call of a function that is not among functions()");
                if (!targets.push_back(g)) return oom();
            } else if (k == inst_kind::call_indirect || k == inst_kind::call_virtual) {
                std::size_t nargs = 0;
                for (auto&& o : CT::operands(p_, v)) {
                    (void)o;
                    ++nargs;
                }
                if (k == inst_kind::call_indirect && nargs > 0) --nargs;
                cfg_scratch_.clear();
                if (!cfg_candidates(v, k, nargs, cfg_scratch_)) return false;
                for (index_t g : cfg_scratch_)
                    if (!targets.push_back(g)) return oom();
            }
        }
    return ok();
}

template <class P, class T>
bool engine<P, T>::cfg_mark_values() noexcept {
    using CT = cfg_traits_t;
    if constexpr (cfg_has_address_taken<P, CT>()) {
        for (fn_info& fi : fns_) fi.value = CT::is_address_taken(p_, fi.ref);
        return ok();
    } else {
        std::size_t count = 0;
        for (fn_info& fi : fns_) {
            if (!fi.body) continue;
            for (auto&& b : CT::blocks(p_, fi.ref))
                for (auto&& v : CT::instructions(p_, b)) {
                    if (++count > opt_.max_body_nodes * 4)
                        return fail(errc::limit_exceeded, CT::function_position(p_, fi.ref), "more instructions than max_body_nodes");
                    for (auto&& o : CT::operands(p_, v)) {
                        if (CT::value_kind_of(p_, o) != value_kind::function) continue;
                        index_t g = fn_of(CT::value_function(p_, o));
                        if (g == invalid_index)
                            return fail(errc::invalid_host_ir, CT::instruction_position(p_, v), "a function value that is not among functions()");
                        fns_[g].value = true;
                    }
                }
        }
        return ok();
    }
}

/// The possible targets of an indirect or virtual call in the closed world: the host's list, or
/// (indirect calls) every address-taken function with `nargs` parameters (or variadic). Nothing in
/// the open world: the arguments then go to the heap.
template <class P, class T>
bool engine<P, T>::cfg_candidates(cfg_value call, inst_kind kind, std::size_t nargs, vector<index_t>& out) noexcept {
    using CT = cfg_traits_t;
    if (!world_closed_) return true;
    if constexpr (cfg_has_call_targets<P, CT>()) {
        for (auto&& g : CT::call_targets(p_, call)) {
            index_t i = fn_of(g);
            if (i == invalid_index)
                return fail(errc::invalid_host_ir, CT::instruction_position(p_, call), "a call target that is not among functions()");
            if (!out.push_back(i)) return oom();
        }
        if (!out.empty()) return true;  // an empty list means "not known"
    }
    if (kind != inst_kind::call_indirect) return true;
    for (index_t g = 0; g < fns_.size(); ++g) {
        if (!fns_[g].value) continue;  // address taken (setup: cfg_mark_values)
        bool fits = fns_[g].params_count == nargs || cfg_is_variadic<P, CT>(p_, fns_[g].ref);
        if (fits && !out.push_back(g)) return oom();
    }
    return true;
}

template <class P, class T>
index_t engine<P, T>::cfg_operand(cfg_value v, bool* unknown) noexcept {
    using CT = cfg_traits_t;
    *unknown = false;
    switch (CT::value_kind_of(p_, v)) {
    case value_kind::instruction: {
        const index_t* l = b_.cfg_values.find(expr_ref{v});
        return l ? *l : invalid_index;  // an instruction without a location carries nothing
    }
    case value_kind::parameter: {
        const index_t* l = b_.var_loc.find(variable_ref{v});
        return l ? *l : invalid_index;
    }
    case value_kind::global: *unknown = true; return invalid_index;
    case value_kind::function:
    case value_kind::constant: return invalid_index;
    }
    return invalid_index;
}

template <class P, class T>
void engine<P, T>::cfg_flow_value(hole k, cfg_value v) noexcept {
    bool unknown = false;
    index_t l = cfg_operand(v, &unknown);
    if (unknown) {
        if (precise_ && k.dst != b_.heap && k.dst != b_.blank && k.derefs <= 0) record_fact(k, el_top);
        return;
    }
    if (l != invalid_index) flow(k, l);
}

template <class P, class T>
void engine<P, T>::cfg_store(cfg_value ptr, index_t src, cfg_value at) noexcept {
    if (src == invalid_index) return;
    bool unknown = false;
    index_t p = cfg_operand(ptr, &unknown);
    if (unknown) {
        flow(fault_drops(unsound_fault::ignore_global_stores, heap_hole(reason::stored_in_global)), src);
        return;
    }
    if (p == invalid_index) return;  // through null or a constant address: nothing is stored
    if (!precise_) {
        flow(fault_drops(unsound_fault::ignore_pointer_stores, heap_hole(reason::stored_through_pointer)), src);
        return;
    }
    pending_call pc;
    pc.kind = pending_kind::store;
    pc.call = expr_ref{at};
    pc.fn = b_.cur_fn;
    pc.subject = p;
    pc.args_first = static_cast<index_t>(b_.pending_locs.size());
    pc.args_count = 1;
    if (!b_.pending_locs.push_back(src) || !b_.pending.push_back(pc)) oom();
}

template <class P, class T>
bool engine<P, T>::cfg_call(cfg_value call, inst_kind kind, index_t result) noexcept {
    using CT = cfg_traits_t;
    hole k = result == invalid_index ? discard_hole() : loc_hole(result);
    result_holes ks{&k, result == invalid_index ? 0u : 1u};
    std::size_t first = kind == inst_kind::call_indirect ? 1 : 0;
    vector<index_t>& args = cfg_scratch_;
    args.clear();
    std::size_t nops = 0;
    for (auto&& o : CT::operands(p_, call)) {
        if (nops++ < first) continue;
        bool unknown = false;
        index_t l = cfg_operand(o, &unknown);
        // a global's address as an argument: static storage, nothing of ours
        if (!args.push_back(unknown ? invalid_index : l)) return oom();
    }
    // what the call returns points to unknown storage (summaries say where arguments go, not what
    // results point to)
    if (tracking_ && result != invalid_index) record_fact(k, el_top);
    auto pass = [&](index_t fn, summary_use use) {
        for (std::size_t i = 0; i < args.size(); ++i)
            if (args[i] != invalid_index) flow(summary_hole(ks, fn, i, use), args[i]);
        if (fn != invalid_index && in_batch(fn) && result != invalid_index) flow(k, fns_[fn].cfg_result);
    };
    if (kind == inst_kind::call) {
        index_t fn = fn_of(CT::callee(p_, call));
        if (fn == invalid_index) return fail(errc::invalid_host_ir, CT::instruction_position(p_, call), "a call of a function that is not among functions()");
        pass(fn, summary_use::automatic);
        return ok();
    }
    vector<index_t> targets(mem_);
    if (!cfg_candidates(call, kind, args.size(), targets)) return false;
    if (targets.empty()) {
        pass(invalid_index, summary_use::fallback);  // unknown targets: the heap (dynamic call)
        return ok();
    }
    for (index_t g : targets) pass(g, summary_use::fallback);
    return ok();
}

template <class P, class T>
bool engine<P, T>::cfg_walk_function(index_t f) noexcept {
    using CT = cfg_traits_t;
    b_.cur_fn = f;
    status st = cfg_shape_.build(p_, fns_[f].ref, opt_.max_body_nodes);
    if (!st.ok()) {
        if (err_.ok()) err_ = st;
        return false;
    }
    const loop_forest& loops = cfg_shape_.loops();
    // Locations first, for every value (phis may use values defined later in block order).
    for (index_t b = 0; b < cfg_shape_.block_count(); ++b) {
        if (!cfg_shape_.reachable(b)) continue;
        for (auto&& v : CT::instructions(p_, cfg_shape_.block(b))) {
            inst_kind k = CT::instruction_kind(p_, v);
            switch (k) {
            case inst_kind::store:
            case inst_kind::copy_memory:
            case inst_kind::branch:
            case inst_kind::unreachable:
            case inst_kind::return_:
            case inst_kind::opaque: continue;
            default: break;
            }
            if (!cfg_may_hold_pointers<P, CT>(p_, v)) continue;
            bool header_phi = k == inst_kind::phi && loops.is_header(b);
            b_.loop_depth = header_phi ? loops.phi_depth(b) : cfg_no_depth;
            index_t l = new_loc(loc_kind::temp, f, false);
            if (l == invalid_index) return false;
            if (header_phi) {
                loop_forest::scope sc = loops.phi_scope(b);
                L(l).scoped = true;
                L(l).scope_pre = sc.pre;
                L(l).scope_post = sc.post;
            }
            b_.loc_expr[l] = expr_ref{v};
            if (!b_.cfg_values.insert(expr_ref{v}, l)) return oom();
        }
    }
    // Then the flows of each instruction.
    for (index_t b = 0; b < cfg_shape_.block_count(); ++b) {
        if (!cfg_shape_.reachable(b)) continue;
        std::int32_t depth = loops.depth(b);
        for (auto&& v : CT::instructions(p_, cfg_shape_.block(b))) {
            inst_kind k = CT::instruction_kind(p_, v);
            // temporaries the shared helpers create (tee) carry no depth either
            b_.loop_depth = cfg_no_depth;
            const index_t* lp = b_.cfg_values.find(expr_ref{v});
            index_t lv = lp ? *lp : invalid_index;
            hole kv = lv == invalid_index ? discard_hole() : loc_hole(lv);
            auto each_operand = [&](std::size_t skip, auto&& fn) {
                std::size_t i = 0;
                for (auto&& o : CT::operands(p_, v))
                    if (i++ >= skip) fn(o);
            };
            auto nth = [&](std::size_t n, cfg_value* out) {
                std::size_t i = 0;
                for (auto&& o : CT::operands(p_, v))
                    if (i++ == n) {
                        *out = o;
                        return true;
                    }
                return false;
            };
            switch (k) {
            case inst_kind::alloc:
            case inst_kind::local: {
                b_.loop_depth = depth;
                index_t a = new_loc(loc_kind::allocation, f, false);
                if (a == invalid_index) return false;
                b_.loc_expr[a] = expr_ref{v};
                L(a).site = k == inst_kind::alloc;
                loop_forest::scope sc = loops.block_scope(b);
                L(a).scoped = true;
                L(a).scope_pre = sc.pre;
                L(a).scope_post = sc.post;
                size64 bytes = 0;
                bool known = k == inst_kind::alloc && CT::allocation_size(p_, v, &bytes);
                L(a).size = bytes;
                if (k == inst_kind::alloc && (!known || bytes > opt_.max_implicit_stack_size))
                    flow(shift(heap_hole(known ? reason::too_large : reason::non_constant_size), -1), a);
                if (lv != invalid_index) flow(shift(kv, -1), a);
                break;
            }
            case inst_kind::load: {
                cfg_value p{};
                if (nth(0, &p) && lv != invalid_index) {
                    cfg_flow_value(shift(kv, 1), p);
                    if (precise_) record_fact(kv, el_top);
                }
                break;
            }
            case inst_kind::store: {
                cfg_value x{}, p{};
                if (!nth(0, &x) || !nth(1, &p)) break;
                bool unknown = false;
                index_t lx = cfg_operand(x, &unknown);
                cfg_store(p, lx, v);
                break;
            }
            case inst_kind::exchange: {
                cfg_value p{};
                if (!nth(0, &p)) break;
                each_operand(1, [&](cfg_value x) {
                    bool unknown = false;
                    cfg_store(p, cfg_operand(x, &unknown), v);
                });
                if (lv != invalid_index) {
                    cfg_flow_value(shift(kv, 1), p);
                    if (precise_) record_fact(kv, el_top);
                }
                break;
            }
            case inst_kind::copy_memory: {
                cfg_value d{}, s{};
                if (!nth(0, &d) || !nth(1, &s)) break;
                b_.loop_depth = cfg_no_depth;
                index_t t = new_loc(loc_kind::temp, f, false);
                if (t == invalid_index) return false;
                cfg_flow_value(shift(loc_hole(t), 1), s);
                cfg_store(d, t, v);
                break;
            }
            case inst_kind::address:
            case inst_kind::cast: {
                cfg_value x{};
                if (lv != invalid_index && nth(0, &x)) cfg_flow_value(kv, x);
                break;
            }
            case inst_kind::select:
                if (lv != invalid_index) each_operand(1, [&](cfg_value x) { cfg_flow_value(kv, x); });
                break;
            case inst_kind::phi:
            case inst_kind::aggregate:
                if (lv != invalid_index) each_operand(0, [&](cfg_value x) { cfg_flow_value(kv, x); });
                break;
            case inst_kind::to_integer:
                each_operand(0, [&](cfg_value x) { cfg_flow_value(heap_hole(reason::unsafe_conversion), x); });
                break;
            case inst_kind::from_integer:
                if (lv != invalid_index) {
                    each_operand(0, [&](cfg_value x) { cfg_flow_value(kv, x); });
                    if (tracking_) record_fact(kv, el_top);
                }
                break;
            case inst_kind::call:
            case inst_kind::call_indirect:
            case inst_kind::call_virtual:
                if (!cfg_call(v, k, lv)) return false;
                break;
            case inst_kind::return_: {
                cfg_value x{};
                if (nth(0, &x) && !fault_planted(unsound_fault::ignore_returns)) cfg_flow_value(loc_hole(fns_[f].cfg_result), x);
                break;
            }
            case inst_kind::unknown:
                each_operand(0, [&](cfg_value x) { cfg_flow_value(heap_hole(reason::escapes), x); });
                if (lv != invalid_index && tracking_) record_fact(kv, el_top);
                break;
            case inst_kind::opaque:
            case inst_kind::branch:
            case inst_kind::unreachable: break;
            }
            if (!ok()) return false;
        }
    }
    return ok();
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_CFG_BUILD_HPP
