// escapade/detail/engine/batch.hpp - one batch from start to finish: locations of parameters, the walks, the
// closures and forced heap allocations, solving, results.
//
// engine::run drives the analysis: for each batch (one SCC of the call graph with its closures) it
// clears the per-batch state, gives every parameter and result its location (gc's initFunc), runs
// the pre-passes and the statement walk of each function (graph construction), adds the closure
// captures and the allocations that must go to the heap whatever flows into them, resolves the
// dynamic calls (closed/context/precise), solves, and records the batch's results.
//
// Cost: the sum of its parts per batch (graph construction linear in the IR, solving O(L * E) in
// the worst case); memory O(L + E) per batch, released into reusable tables between batches.
#ifndef ESCAPADE_DETAIL_ENGINE_BATCH_HPP
#define ESCAPADE_DETAIL_ENGINE_BATCH_HPP

#include "engine.hpp"
#include "dispatch_memory.hpp"  // memory_sets (the rounds' statistics)

namespace escapade::detail {

template <class P, class T>
bool engine<P, T>::flow_closures() noexcept {
    for (const closure_rec& c : b_.closures) {
        size64 record = ptr_size_;  // the code pointer
        for (auto&& v : T::captures(p_, fns_[c.fn].ref)) {
            index_t l = var_loc(v);
            if (l == b_.heap) continue;
            const location& vl = L(l);
            size64 size = T::type_size(p_, T::variable_type(p_, v));
            bool by_value = !vl.addrtaken && !vl.reassigned && size <= 128;
            hole k = c.k;
            if (!by_value) k = note_var(shift(k, -1), v, "reference");
            record += by_value ? size : ptr_size_;
            bool was_addrtaken = vl.addrtaken;
            flow(fault_drops(unsound_fault::drop_closure_captures, note_var(k, v, "captured by a closure")), l);
            // The closure's body reads and writes v as v (one location of this batch), so a
            // by-reference capture hides no write from the type sets (propagate_types); the
            // walks are done, so addrtaken set here comes from captures only
            if ((!was_addrtaken || fault_planted(unsound_fault::capture_hides_address)) && L(l).addrtaken) L(l).capture_addr = true;
            // A code generator must capture exactly as decided here: the verdicts assume it.
            if (!out_.mutable_captures().push_back(typename result_type::capture{c.e, v, !by_value})) return oom();
        }
        if (c.k.dst != invalid_index && c.k.dst != b_.blank && c.k.dst != b_.heap) L(c.k.dst).size = record;
    }
    b_.closures.clear();
    return ok();
}

template <class P, class T>
bool engine<P, T>::heap_alloc_reasons() noexcept {
    // A host type larger than this is absurd (no address space holds it): an error, not a verdict
    // computed with sizes that might wrap (bad-host tests, tests/unit/bad_host_traits.cpp).
    constexpr size64 absurd_size = size64(1) << 60;
    for (index_t l = 0; l < b_.graph.node_count(); ++l) {
        location& loc = L(l);
        escapade::reason why = reason::none;
        if (loc.kind == loc_kind::variable) {
            if (loc.size > absurd_size)
                return fail(errc::limit_exceeded, T::variable_position(p_, b_.loc_var[l]), "variable '%.*s' has an absurd size (%llu bytes)",
                            int(T::variable_name(p_, b_.loc_var[l]).size()), T::variable_name(p_, b_.loc_var[l]).data(),
                            static_cast<unsigned long long>(loc.size));
            if (loc.vkind == var_kind::param || loc.vkind == var_kind::result) continue;
            if (loc.size > opt_.max_stack_var_size) why = reason::too_large;
        } else if (loc.kind == loc_kind::allocation) {
            expr_ref e = b_.loc_expr[l];
            type_ref t = T::expression_type(p_, e);
            expr_kind k = T::expression_kind(p_, e);
            {
                size64 sizes[2] = {T::type_size(p_, t), 0};
                if (k == expr_kind::new_ || k == expr_kind::ptr_lit || k == expr_kind::make_slice || k == expr_kind::slice_lit)
                    sizes[1] = T::type_size(p_, T::type_elem(p_, t));
                for (std::size_t i = 0; i < 2; ++i)
                    if (sizes[i] > absurd_size)
                        return fail(errc::limit_exceeded, T::expression_position(p_, e), "an allocation of a type with an absurd size (%llu bytes)",
                                    static_cast<unsigned long long>(sizes[i]));
            }
            if (T::type_size(p_, t) > opt_.max_stack_var_size) why = reason::too_large;
            else if ((k == expr_kind::new_ || k == expr_kind::ptr_lit) && T::type_size(p_, T::type_elem(p_, t)) > opt_.max_implicit_stack_size)
                why = reason::too_large;
            else if (k == expr_kind::closure && loc.size > opt_.max_implicit_stack_size) why = reason::too_large;
            else if (k == expr_kind::method_value) {
                expr_ref recv{};
                for (auto&& o : T::expression_operands(p_, e)) {
                    recv = o;
                    break;
                }
                // The record: a code pointer and the receiver (compared without pointer + size,
                // which a host's absurd size could wrap to a small number).
                size64 rs = T::type_size(p_, T::expression_type(p_, recv));
                if (rs > opt_.max_implicit_stack_size || ptr_size_ > opt_.max_implicit_stack_size - rs) why = reason::too_large;
            } else if (k == expr_kind::make_slice) {
                expr_ref len{}, cap{};
                std::size_t n = 0;
                for (auto&& o : T::expression_operands(p_, e)) {
                    if (n == 0) len = o;
                    else cap = o;
                    ++n;
                }
                expr_ref r = n >= 2 ? cap : len;
                std::int64_t v = -1;
                bool constant = false;
                if constexpr (has_integer_constant<T, P>::value) constant = n >= 1 && T::integer_constant(p_, r, &v);
                if (!constant || v < 0 || v > 0x7FFFFFFF) why = reason::non_constant_size;
                else {
                    size64 es = T::type_size(p_, T::type_elem(p_, t));
                    if (es != 0 && size64(v) > opt_.max_implicit_stack_size / es) why = reason::too_large;
                }
            }
        }
        if (why != reason::none) {
            hole k = heap_hole(why);
            k = shift(k, -1);
            if (explain_) {
                if (loc.kind == loc_kind::allocation) k = note_expr(k, b_.loc_expr[l], why == reason::too_large ? "too large for stack" : "non-constant size");
                else k = note_var(k, b_.loc_var[l], "too large for stack");
            }
            flow(k, l);
        }
    }
    return ok();
}

template <class P, class T>
status engine<P, T>::run() noexcept {
    out_.clear();
    out_.set_options(opt_);
    // A CFG host's indirect and virtual calls are resolved while its graph is built (cfg_build.hpp).
#if ESCAPADE_DYNAMIC_DISPATCH
    closed_ = !is_cfg && opt_.dispatch != dispatch::conservative;
    context_ = !is_cfg && opt_.dispatch == dispatch::context;
#endif
    world_closed_ = opt_.world == world::closed;
#if ESCAPADE_PRECISE_MODEL
    precise_ = opt_.model == model::precise;
#endif
    ptr_size_ = traits_pointer_size<P, T>(p_);
#if ESCAPADE_DYNAMIC_DISPATCH || ESCAPADE_PRECISE_MODEL
    tracking_ = closed_ || precise_;
#endif
#if ESCAPADE_EXPLAIN
    explain_ = opt_.explain;
    keep_graph_ = opt_.keep_graph;
#endif
    if (!setup_functions() || !scan_program() || !dispatch_setup()) return err_;
#if ESCAPADE_WHOLE_PROGRAM_SETS
    if (!param_sets_setup() || !memory_setup()) return err_;
#endif
    vector<index_t> order(mem_);
    if (!build_batches(order)) return err_;
    std::size_t i = 0;
    while (i < order.size()) {
        // One batch: the functions of one SCC and their closures.
        b_.clear();
        b_.number = fns_[order[i]].batch;
        while (i < order.size() && fns_[order[i]].batch == b_.number) {
            if (!b_.fns.push_back(order[i])) return oom(), err_;
            ++i;
        }
        b_.heap = new_loc(loc_kind::heap, invalid_index, false);
        b_.blank = new_loc(loc_kind::blank, invalid_index, false);
        if (!ok()) return err_;
        L(b_.heap).escapes = true;
        L(b_.heap).why = reason::escapes;
        // Parameters and results first (gc's initFunc), then declared locals.
        for (index_t f : b_.fns) {
            fn_info& fi = fns_[f];
            fi.max_depth = 1;
            b_.cur_fn = f;
            for (index_t k = 0; k < fi.params_count + fi.results_count; ++k) {
                param_info& pi = params_[fi.params_first + k];
                index_t l = new_loc(loc_kind::variable, f, false);
                if (l == invalid_index) return err_;
                L(l).vkind = pi.result ? var_kind::result : var_kind::param;
                L(l).size = T::type_size(p_, T::variable_type(p_, pi.var));
                L(l).param = fi.params_first + k;
                if (pi.result) L(l).result_index = k - fi.params_count + 1;
                b_.loc_var[l] = pi.var;
                if constexpr (is_cfg) {
                    if (pi.result) {
                        fi.cfg_result = l;  // results have no handle of their own
                        continue;
                    }
                }
                if (tracking_ && !pi.result) {
                    // what the callers pass: unknown (closed) or the parameter itself (context)
                    // (a struct or array holding interfaces or functions too: its set is its fields')
                    type_ref pt = T::variable_type(p_, pi.var);
                    if (holds_dynamic(pt)) {
                        // closed world, closed: the set from every caller when known (dispatch_params.hpp)
                        const type_set& from_callers = pi.types;
                        if (!context_ && !from_callers.top && from_callers.size > 0) {
                            for (std::uint32_t el : from_callers)
                                if (!b_.facts.push_back(fact{l, el})) return oom(), err_;
                        } else if (!b_.facts.push_back(fact{l, context_ ? (el_param | (fi.params_first + k)) : el_top})) {
                            return oom(), err_;
                        }
                    } else if (precise_ && !precise_parameter_fact(l, pt, fi.params_first + k)) {
                        return err_;
                    }
                }
                bool inserted = false;
                if (!b_.var_loc.insert(pi.var, l, &inserted)) return oom(), err_;
                if (!inserted) return fail(errc::invalid_host_ir, T::variable_position(p_, pi.var), "variable '%.*s' is a parameter of two functions",
                                           int(T::variable_name(p_, pi.var).size()), T::variable_name(p_, pi.var).data()),
                                      err_;
            }
        }
        if constexpr (is_cfg) {
            for (index_t f : b_.fns)
                if (!cfg_walk_function(f)) return err_;
        } else {
            for (index_t f : b_.fns)
                if (!prepass_function(f)) return err_;
            for (index_t f : b_.fns) {
                if (fns_[f].closure) continue;
                if (!walk_function(f)) return err_;
            }
        }
        // (a CFG function's allocations get their size limits while it is built)
        if (!flow_closures() || (tracking_ && !resolve_pending()) || (!is_cfg && !heap_alloc_reasons()) || !walk_all() ||
            (closed_ && !describe_resolutions()))
            return err_;
        out_.mutable_stats().relaxations += b_.relaxations;
        if (!finish_batch()) return err_;
    }
    // The last batch's tables (kept between batches for reuse) are not needed any more: their
    // storage goes back to the resource before the results are indexed (arena peak).
    b_.~batch_state();
    ::new (static_cast<void*>(&b_)) batch_state(mem_);
    if (!finalize_results()) return err_;
    if (memsets_) out_.mutable_stats().memory_rounds = static_cast<std::uint32_t>(msets_->rounds);
    return err_;
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_BATCH_HPP
