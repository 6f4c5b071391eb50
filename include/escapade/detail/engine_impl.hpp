// escapade/detail/engine_impl.hpp - implementation of the engine declared in engine.hpp.
#ifndef ESCAPADE_DETAIL_ENGINE_IMPL_HPP
#define ESCAPADE_DETAIL_ENGINE_IMPL_HPP

#include "engine.hpp"  // compiles alone too (engine.hpp includes this file at its end)

namespace escapade::detail {

// =============================================================================================
// Setup
// =============================================================================================

template <class P, class T>
bool engine<P, T>::setup_functions() noexcept {
    for (auto&& f : T::functions(p_)) {
        fn_info fi;
        fi.ref = f;
        fi.closure = T::is_closure(p_, f);
        fi.body = traits_has_body<P, T>(p_, f);
        if constexpr (has_is_wrapper<T, P>::value) fi.wrapper = T::is_wrapper(p_, f);
        index_t i = static_cast<index_t>(fns_.size());
        bool inserted = false;
        if (!fns_.push_back(fi) || !fn_index_.insert(f, i, &inserted)) return oom();
        if (!inserted) return fail(errc::invalid_host_ir, T::function_position(p_, f), "function '%.*s' is listed twice by functions()",
                                   int(T::function_name(p_, f).size()), T::function_name(p_, f).data());
    }
    for (index_t i = 0; i < fns_.size(); ++i) {
        fn_info& fi = fns_[i];
        if (fi.closure) {
            fi.parent = fn_of(T::parent(p_, fi.ref));
            if (fi.parent == invalid_index || fi.parent == i)
                return fail(errc::invalid_host_ir, T::function_position(p_, fi.ref),
                            "closure '%.*s' has a parent that is not among functions()", int(T::function_name(p_, fi.ref).size()),
                            T::function_name(p_, fi.ref).data());
        }
        fi.params_first = static_cast<index_t>(params_.size());
        for (auto&& v : T::params(p_, fi.ref)) {
            param_info pi;
            pi.var = v;
            pi.fn = i;
            pi.has_pointers = T::type_has_pointers(p_, T::variable_type(p_, v));
            std::string_view n = T::variable_name(p_, v);
            pi.named = !n.empty() && n != "_";
            if (!params_.push_back(pi)) return oom();
        }
        fi.params_count = static_cast<index_t>(params_.size() - fi.params_first);
        fi.results_first = static_cast<index_t>(params_.size());
        for (auto&& v : T::results(p_, fi.ref)) {
            param_info pi;
            pi.var = v;
            pi.fn = i;
            pi.result = true;
            pi.has_pointers = T::type_has_pointers(p_, T::variable_type(p_, v));
            if (!params_.push_back(pi)) return oom();
        }
        fi.results_count = static_cast<index_t>(params_.size() - fi.results_first);
    }
    // Outermost enclosing function of each closure; a cycle of parents is invalid.
    for (index_t i = 0; i < fns_.size(); ++i) {
        index_t g = i;
        std::size_t steps = 0;
        while (fns_[g].closure) {
            g = fns_[g].parent;
            if (++steps > fns_.size())
                return fail(errc::invalid_host_ir, T::function_position(p_, fns_[i].ref), "closure parents form a cycle");
        }
        fns_[i].outermost = g;
        if (fns_[i].closure) {
            fns_[fns_[i].parent].has_closures = true;
            if (!fns_[i].body) return fail(errc::invalid_host_ir, T::function_position(p_, fns_[i].ref), "a closure must have a body");
        }
        if (!fns_[i].body && !external_tags(i)) return false;
    }
    return true;
}

template <class P, class T>
bool engine<P, T>::external_tags(index_t f) noexcept {
    // gc's paramTag for body-less functions: every pointer parameter leaks to the heap unless the
    // host declares its leaks (a //go:noescape-style summary).
    fn_info& fi = fns_[f];
    fi.tagged = true;
    bool declared = false;
    if constexpr (has_has_declared_leaks<T, P>::value) declared = T::has_declared_leaks(p_, fi.ref);
    for (index_t i = 0; i < fi.params_count; ++i) {
        param_info& pi = params_[fi.params_first + i];
        pi.tag = declared ? leak_summary::bottom() : leak_summary::leaks_everything();
    }
    for (index_t i = 0; i < fi.params_count; ++i) params_[fi.params_first + i].conds_count = 0;
    if constexpr (has_declared_leaks<T, P>::value) {
        if (declared) {
            auto bad = [&](const char* what) {
                return fail(errc::invalid_host_ir, T::function_position(p_, fi.ref), "declared leak of '%.*s' %s",
                            int(T::function_name(p_, fi.ref).size()), T::function_name(p_, fi.ref).data(), what);
            };
            for (auto&& l : T::declared_leaks(p_, fi.ref)) {
                leak_declaration d = l;
                if (d.param >= fi.params_count || d.derefs < 0 || (d.result != invalid_index && d.result >= fi.results_count))
                    return bad("names a parameter or result that does not exist");
                if (d.subject != invalid_index) {
                    if (d.subject >= fi.params_count) return bad("has a condition on a parameter that does not exist");
                    if (d.result != invalid_index) return bad("is conditional and names a result (a conditional leak goes to the heap)");
                    continue;  // conditions: below, grouped per parameter
                }
                leak_summary& tag = params_[fi.params_first + d.param].tag;
                if (d.result == invalid_index) tag.add_heap(d.derefs);
                else if (d.result < static_cast<index_t>(leak_summary::max_results)) tag.add_result(static_cast<int>(d.result), d.derefs);
                else tag.add_heap(d.derefs);
            }
            // Conditional leaks (dispatch=context resolves them at each call; conds_ holds a
            // parameter's conditions contiguously). O(params x declarations).
            for (index_t i = 0; i < fi.params_count; ++i) {
                param_info& pi = params_[fi.params_first + i];
                pi.conds_first = static_cast<index_t>(conds_.size());
                for (auto&& l : T::declared_leaks(p_, fi.ref)) {
                    leak_declaration d = l;
                    if (d.subject == invalid_index || d.param != i) continue;
                    if (!conds_.push_back(cond_leak{d.subject, d.method, d.argument, d.exact ? d.derefs : 0, d.exact})) return oom();
                }
                pi.conds_count = static_cast<index_t>(conds_.size() - pi.conds_first);
            }
        }
    }
    // The summary of callers that do not resolve conditions (every dynamic call, and every mode
    // but context): the declared flows, and the heap for each parameter with a condition, at the
    // smallest level any of its conditions names.
    for (index_t i = 0; i < fi.params_count; ++i) {
        param_info& pi = params_[fi.params_first + i];
        pi.fallback = pi.tag;
        for (index_t c = 0; c < pi.conds_count; ++c) pi.fallback.add_heap(conds_[pi.conds_first + c].derefs);
    }
    return true;
}

/// Collects the functions f's body refers to (calls, function values, closures, concrete method
/// values), as dense indices. Validates that every referenced function is known.
template <class P, class T>
bool engine<P, T>::scan_references(index_t f, vector<index_t>& targets) noexcept {
    vector<stmt_ref> stmts(mem_);
    vector<expr_ref> exprs(mem_);
    for (auto&& s : T::body(p_, fns_[f].ref))
        if (!stmts.push_back(s)) return oom();
    auto add = [&](function_ref r, source_pos pos) -> bool {
        index_t g = fn_of(r);
        if (g == invalid_index) return fail(errc::invalid_host_ir, pos, "reference to a function that is not among functions()");
        return targets.push_back(g) || oom();
    };
    // This is the first walk over the body: bounding it bounds every later one. A host whose
    // statement or expression "tree" has a cycle would otherwise never finish (bad-host tests).
    const std::size_t max_body_nodes = opt_.max_body_nodes;
    std::size_t visited = 0;
    auto too_many = [&]() {
        return fail(errc::limit_exceeded, T::function_position(p_, fns_[f].ref),
                    "the body of '%.*s' has more than %zu statements and expressions (a cycle in the host's IR?)",
                    int(T::function_name(p_, fns_[f].ref).size()), T::function_name(p_, fns_[f].ref).data(), max_body_nodes);
    };
    while (!stmts.empty()) {
        if (++visited > max_body_nodes) return too_many();
        stmt_ref s = stmts.back();
        stmts.pop_back();
        stmt_kind sk = T::statement_kind(p_, s);
        if (sk == stmt_kind::closure) {
            if (!add(traits_declared_closure<P, T>(p_, s), T::statement_position(p_, s))) return false;
            continue;
        }
        for (auto&& c : T::statement_children(p_, s))
            if (!stmts.push_back(c)) return oom();
        for (auto&& c : T::statement_else(p_, s))
            if (!stmts.push_back(c)) return oom();
        for (auto&& e : T::statement_operands(p_, s))
            if (!exprs.push_back(e)) return oom();
        while (!exprs.empty()) {
            if (++visited > max_body_nodes) return too_many();
            expr_ref e = exprs.back();
            exprs.pop_back();
            switch (T::expression_kind(p_, e)) {
            case expr_kind::call:
            case expr_kind::func_ref:
            case expr_kind::closure:
                if (!add(T::referenced_function(p_, e), T::expression_position(p_, e))) return false;
                break;
            case expr_kind::method_value:
                if constexpr (has_find_method<T, P>::value) {
                    expr_ref recv{};
                    for (auto&& o : T::expression_operands(p_, e)) {
                        recv = o;
                        break;
                    }
                    function_ref m{};
                    type_ref rt = T::expression_type(p_, recv);
                    if (T::type_kind_of(p_, rt) != type_kind::interface && T::find_method(p_, rt, T::method_name(p_, e), &m) &&
                        !add(m, T::expression_position(p_, e)))
                        return false;
                }
                break;
            default: break;
            }
            for (auto&& o : T::expression_operands(p_, e))
                if (!exprs.push_back(o)) return oom();
        }
    }
    return true;
}

template <class P, class T>
bool engine<P, T>::build_batches(scc_result& scc, vector<index_t>& order) noexcept {
    // Call graph over functions; references made inside closures count for the outermost function
    // (closures are analysed with it, as in gc). CSR form for tarjan_scc.
    std::size_t n = fns_.size();
    vector<index_t> offsets(mem_), targets(mem_), refs(mem_);
    if (!offsets.resize(n + 1, 0)) return oom();
    // Per outermost function, the references of it and its closures.
    vector<index_t> owner_first(mem_);
    struct edge_t {
        index_t from, to;
    };
    vector<edge_t> edges(mem_);
    for (index_t f = 0; f < n; ++f) {
        if (!fns_[f].body) continue;
        refs.clear();
        if (!scan_references(f, refs)) return false;
        if (closed_ && !add_dispatch_edges(f, refs)) return false;
        index_t from = fns_[f].outermost;
        for (index_t g : refs) {
            index_t to = fns_[g].outermost;
            if (!edges.push_back(edge_t{from, to})) return oom();
        }
    }
    for (const edge_t& e : edges) ++offsets[e.from + 1];
    for (std::size_t i = 0; i < n; ++i) offsets[i + 1] += offsets[i];
    if (!targets.resize(edges.size(), 0)) return oom();
    vector<index_t> fill(mem_);
    if (!fill.resize(n, 0)) return oom();
    for (const edge_t& e : edges) targets[offsets[e.from] + fill[e.from]++] = e.to;
    if (!tarjan_scc(n, offsets.data(), targets.data(), scc, mem_)) return oom();
    // Batches in bottom-up order; closures join their outermost function's batch.
    index_t batch = 0;
    order.clear();
    for (std::size_t c = 0; c < scc.count(); ++c) {
        bool any = false;
        for (index_t k = scc.starts[c]; k < scc.starts[c + 1]; ++k) {
            index_t f = scc.order[k];
            if (fns_[f].closure || !fns_[f].body) continue;
            fns_[f].batch = batch;
            any = true;
        }
        if (any) ++batch;
    }
    for (index_t f = 0; f < n; ++f)
        if (fns_[f].closure) fns_[f].batch = fns_[fns_[f].outermost].batch;
    // order: functions sorted by batch, then by index (stable, deterministic)
    if (!order.reserve(n)) return oom();
    for (index_t f = 0; f < n; ++f)
        if (fns_[f].body && !order.push_back(f)) return oom();
    if (!stable_sort(order.data(), order.size(), [&](index_t a, index_t b) { return fns_[a].batch < fns_[b].batch; }, mem_))
        return oom();
    return true;
}

// =============================================================================================
// Graph construction
// =============================================================================================

template <class P, class T>
void engine<P, T>::flow(hole k, index_t src) noexcept {
    if (!ok() || src == invalid_index || k.dst == invalid_index) return;
    if (k.addrtaken) L(src).addrtaken = true;
    index_t dst = k.dst;
    if (dst == blank_) return;
    if (dst == src && k.derefs >= 0) return;
    if (L(dst).escapes && k.derefs < 0) {
        if (!L(src).escapes) {
            escapade::reason why = dst == heap_ ? (k.cause == reason::none ? reason::escapes : k.cause)
                                                : (L(dst).why == reason::none ? reason::escapes : L(dst).why);
            L(src).escapes = true;
            L(src).why = why;
            L(src).why_via = dst == heap_ ? invalid_index : dst;
            L(src).why_callee = dst == heap_ ? k.callee : L(dst).why_callee;
            if (opt_.explain && (L(src).site || L(src).kind == loc_kind::variable)) {
                // A one-step explanation: the flow that was recorded instead of an edge.
                char buf[512];
                text_buffer line(buf, sizeof buf);
                line.put("  flow: ");
                describe_loc(line, dst);
                line.put(" = &");
                describe_loc(line, src);
                line.put(":");
                std::string_view s;
                L(src).expl_first = static_cast<index_t>(expl_.size());
                if (out_.intern(line.view(), &s) && expl_.push_back(s)) L(src).expl_count = 1;
                else oom();
            }
        }
        if (!context_) return;  // pass B starts over from the edges, so keep this one
    }
    if (graph_.add_edge(src, dst, flow_data{k.derefs, k.notes, k.cause, k.callee, k.flags}) == invalid_index) oom();
    // model=precise: dst holds src's address (points-to for stores through pointers)
    if (precise_ && k.derefs == -1 && dst != heap_ && src <= el_index_mask && !facts_.push_back(fact{dst, el_loc | src})) oom();
}

template <class P, class T>
bool engine<P, T>::outlives(index_t l, index_t other) const noexcept {
    const location& a = L(l);
    const location& b = L(other);
    if (a.escapes) return true;
    // A conditional sink stands for an argument of a dynamic call's target: it keeps nothing beyond
    // the call by itself (what the target keeps flows on through fallback edges or conditions). It
    // belongs to the subject's function, not the call's, so neither loop depth nor closure nesting
    // applies to it.
    if (a.kind == loc_kind::sink) return false;
    if (a.kind == loc_kind::variable && a.vkind == var_kind::result) {
        // A directly called closure may return locations of its enclosing function.
        if (contains_closure(b.fn, a.fn) && fns_[a.fn].closure_called) return false;
        return true;
    }
    if (a.fn == b.fn && a.loop_depth < b.loop_depth && !(opt_.unsound_faults & unsound_fault::no_loop_depth)) return true;
    if (contains_closure(a.fn, b.fn)) return true;
    return false;
}

// =============================================================================================
// Pre-passes
// =============================================================================================

/// Creates the locations of f's declared locals (at depth 1, like gc's Dcl) and records what
/// static callee resolution needs: the defining value of each local and whether it is reassigned
/// or its address taken.
template <class P, class T>
bool engine<P, T>::prepass_function(index_t f) noexcept {
    vector<stmt_ref> stmts(mem_);
    vector<expr_ref> exprs(mem_);
    for (auto&& s : T::body(p_, fns_[f].ref))
        if (!stmts.push_back(s)) return oom();
    std::reverse(stmts.begin(), stmts.end());
    index_t saved_fn = cur_fn_;
    cur_fn_ = f;
    while (!stmts.empty()) {
        stmt_ref s = stmts.back();
        stmts.pop_back();
        stmt_kind sk = T::statement_kind(p_, s);
        if (sk == stmt_kind::closure) continue;  // its body is analysed as its own function
        if (sk == stmt_kind::declare) {
            variable_ref v = T::declared_variable(p_, s);
            if (var_loc_.find(v) == nullptr) {
                index_t l = new_loc(loc_kind::variable, f, false);
                if (l == invalid_index) return false;
                L(l).loop_depth = 1;
                L(l).vkind = T::variable_kind(p_, v);
                L(l).size = T::type_size(p_, T::variable_type(p_, v));
                loc_var_[l] = v;
                if (!var_loc_.insert(v, l)) return oom();
            }
        }
        std::size_t mark = stmts.size();
        for (auto&& c : T::statement_children(p_, s))
            if (!stmts.push_back(c)) return oom();
        for (auto&& c : T::statement_else(p_, s))
            if (!stmts.push_back(c)) return oom();
        std::reverse(stmts.begin() + mark, stmts.end());
        // Assignment targets.
        if (sk == stmt_kind::assign || sk == stmt_kind::range) {
            std::size_t nt = sk == stmt_kind::range ? 2 : T::statement_targets(p_, s);
            assign_form form = T::statement_form(p_, s);
            exprs.clear();
            for (auto&& e : T::statement_operands(p_, s))
                if (!exprs.push_back(e)) return oom();
            std::size_t nv = exprs.size() > nt ? exprs.size() - nt : 0;
            for (std::size_t i = 0; i < nt && i < exprs.size(); ++i) {
                expr_ref t = exprs[i];
                if (T::expression_kind(p_, t) != expr_kind::var) continue;
                variable_ref v = T::referenced_variable(p_, t);
                if (T::variable_kind(p_, v) == var_kind::global) continue;
                index_t l = var_loc(v);
                if (l == heap_) return ok();
                if (sk == stmt_kind::assign && form == assign_form::define && !has_def_[l]) {
                    has_def_[l] = 1;
                    if (nv == nt) def_rhs_[l] = exprs[nt + i];
                    else L(l).static_reassigned = true;  // a, b := f(): no single defining value
                } else {
                    L(l).static_reassigned = true;
                }
            }
        }
        // Address-of anywhere in the statement's expressions.
        exprs.clear();
        for (auto&& e : T::statement_operands(p_, s))
            if (!exprs.push_back(e)) return oom();
        while (!exprs.empty()) {
            expr_ref e = exprs.back();
            exprs.pop_back();
            expr_kind ek = T::expression_kind(p_, e);
            if (ek == expr_kind::closure) continue;
            if (ek == expr_kind::addr) {
                for (auto&& o : T::expression_operands(p_, e)) {
                    if (T::expression_kind(p_, o) == expr_kind::var) {
                        variable_ref v = T::referenced_variable(p_, o);
                        if (T::variable_kind(p_, v) != var_kind::global) {
                            index_t l = var_loc(v);
                            if (l != heap_) L(l).static_reassigned = true;
                        }
                    }
                    break;
                }
            }
            for (auto&& o : T::expression_operands(p_, e))
                if (!exprs.push_back(o)) return oom();
        }
    }
    cur_fn_ = saved_fn;
    return ok();
}

/// gc's walkFunc pre-pass: a label is "looping" when a goto to it follows it.
template <class P, class T>
bool engine<P, T>::label_prepass(index_t f) noexcept {
    vector<stmt_ref> stmts(mem_);
    for (auto&& s : T::body(p_, fns_[f].ref))
        if (!stmts.push_back(s)) return oom();
    std::reverse(stmts.begin(), stmts.end());
    while (!stmts.empty()) {
        stmt_ref s = stmts.back();
        stmts.pop_back();
        stmt_kind sk = T::statement_kind(p_, s);
        if (sk == stmt_kind::label || sk == stmt_kind::goto_) {
            std::uint64_t key = (std::uint64_t(f) << 32) | traits_statement_label<P, T>(p_, s);
            std::uint8_t* state = labels_.find(key);
            if (sk == stmt_kind::label) {
                if (state == nullptr && !labels_.insert(key, 1)) return oom();  // 1 = seen, not looping
            } else if (state != nullptr && *state == 1) {
                *state = 2;  // looping
            }
        }
        if (sk == stmt_kind::closure) continue;
        std::size_t mark = stmts.size();
        for (auto&& c : T::statement_children(p_, s))
            if (!stmts.push_back(c)) return oom();
        for (auto&& c : T::statement_else(p_, s))
            if (!stmts.push_back(c)) return oom();
        std::reverse(stmts.begin() + mark, stmts.end());
    }
    return true;
}

// =============================================================================================
// The walk
// =============================================================================================

template <class P, class T>
bool engine<P, T>::walk_function(index_t f) noexcept {
    cur_fn_ = f;
    loop_depth_ = 1;
    if (!label_prepass(f)) return false;
    if (!push_block(T::body(p_, fns_[f].ref))) return false;
    return run_tasks();
}

template <class P, class T>
bool engine<P, T>::run_tasks() noexcept {
    while (!tasks_.empty() && ok()) {
        task t = tasks_.back();
        tasks_.pop_back();
        switch (t.kind) {
        case task_kind::stmt:
            if (!do_stmt(t.s)) return false;
            break;
        case task_kind::expr:
            if (!do_expr(t.k, t.e)) return false;
            break;
        case task_kind::set_depth: loop_depth_ = static_cast<std::int32_t>(t.a); break;
        case task_kind::restore_fn:
            cur_fn_ = t.a;
            loop_depth_ = static_cast<std::int32_t>(t.b);
            break;
        case task_kind::reassigned: {
            // Marks assigned variables, except a variable's own defining statement.
            bool defining = T::statement_kind(p_, t.s) == stmt_kind::assign && T::statement_form(p_, t.s) == assign_form::define;
            for (index_t i = t.a; i < t.a + t.b; ++i) {
                index_t l = holes_[i].dst;
                if (l == invalid_index) continue;
                if (defining && L(l).kind == loc_kind::variable) continue;
                L(l).reassigned = true;
            }
            break;
        }
        case task_kind::range_body: {
            // for k, v = range x: x was evaluated into a temporary outside the loop.
            loop_depth_ = static_cast<std::int32_t>(t.b) + 1;
            expr_ref ops[3];
            std::size_t n = 0;
            for (auto&& e : T::statement_operands(p_, t.s)) {
                if (n < 3) ops[n] = e;
                ++n;
            }
            if (n != 3) return fail(errc::invalid_host_ir, T::statement_position(p_, t.s), "a range statement has three operands");
            hole kk = addr_of(ops[0]);
            hole kv = addr_of(ops[1]);
            type_ref xt = T::expression_type(p_, ops[2]);
            if (tracking_ && T::type_kind_of(p_, xt) != type_kind::array) {
                // keys and values read from a slice, map, channel or through a pointer: unknown
                // dynamic types (a range over an array value carries the array's set along kv)
                for (int j = 0; j < 2; ++j)
                    if (T::expression_kind(p_, ops[j]) != expr_kind::blank && tracked_type(T::expression_type(p_, ops[j])))
                        record_fact(j == 0 ? kk : kv, el_top);
            }
            if (T::type_kind_of(p_, xt) == type_kind::array) kv = note_stmt(kv, t.s, "range");
            else kv = note_stmt(shift(kv, 1), t.s, "range-deref");
            // gc flows only the value: keys of maps and values of channels come from the heap.
            flow(kv, t.a);
            // Range variables are assigned on every iteration.
            L(kk.dst == invalid_index ? blank_ : kk.dst).reassigned = true;
            L(kv.dst == invalid_index ? blank_ : kv.dst).reassigned = true;
            break;
        }
        case task_kind::unsafe_value:
            if (!do_unsafe_value(t.k, t.e)) return false;
            break;
        case task_kind::label_scan:
            if (!label_prepass(t.a)) return false;
            break;
        }
    }
    return ok();
}

template <class P, class T>
typename engine<P, T>::hole engine<P, T>::addr_of(expr_ref n) noexcept {
    // gc's addr(): the hole that represents storing into n. Followed iteratively down x.f / a[i].
    for (std::size_t guard = 0;; ++guard) {
        if (guard > 1000000) {
            fail(errc::limit_exceeded, T::expression_position(p_, n), "assignment target nested too deeply");
            return discard_hole();
        }
        expr_ref ops[2];
        std::size_t cnt = 0;
        for (auto&& o : T::expression_operands(p_, n)) {
            if (cnt < 2) ops[cnt] = o;
            ++cnt;
        }
        switch (T::expression_kind(p_, n)) {
        case expr_kind::blank: return discard_hole();
        case expr_kind::var: {
            variable_ref v = T::referenced_variable(p_, n);
            if (T::variable_kind(p_, v) == var_kind::global)
                return (opt_.unsound_faults & unsound_fault::ignore_global_stores) ? discard_hole() : heap_hole(reason::stored_in_global);
            return loc_hole(var_loc(v));
        }
        case expr_kind::field:
            if (cnt < 1) break;
            n = ops[0];
            continue;
        case expr_kind::index:
            if (cnt < 2) break;
            push_discard(ops[1]);
            n = ops[0];
            continue;
        case expr_kind::index_ptr:
            if (cnt < 2) break;
            push_discard(ops[1]);
            if (precise_) return precise_store(ops[0], n);
            push_discard(ops[0]);
            if (opt_.unsound_faults & unsound_fault::ignore_pointer_stores) return discard_hole();
            return heap_hole(reason::stored_through_pointer);
        case expr_kind::deref:
        case expr_kind::field_ptr:
            if (precise_ && cnt >= 1) return precise_store(ops[0], n);
            push_discard(n);
            if (opt_.unsound_faults & unsound_fault::ignore_pointer_stores) return discard_hole();
            return heap_hole(reason::stored_through_pointer);
        case expr_kind::index_map:
            if (cnt < 2) break;
            push_discard(ops[0]);
            push_expr(note_expr(heap_hole(reason::map_store), n, "key of map put"), ops[1]);
            return heap_hole(reason::map_store);
        default: break;
        }
        // Not an assignable expression: evaluate it and assume the worst.
        push_discard(n);
        return heap_hole(reason::escapes);
    }
}

template <class P, class T>
bool engine<P, T>::assign_list(stmt_ref where, expr_ref const* dsts, std::size_t nd, expr_ref const* srcs, std::size_t ns,
                               const char* why, bool is_return, index_t fn_for_return) noexcept {
    std::size_t mark = holes_.size();
    for (std::size_t i = 0; i < nd; ++i) {
        hole k;
        if (is_return) {
            const param_info& r = params_[fns_[fn_for_return].results_first + i];
            k = loc_hole(var_loc(r.var));
        } else {
            k = addr_of(dsts[i]);
        }
        if (!holes_.push_back(k)) return oom();
    }
    task rt{task_kind::reassigned, hole{}};
    rt.s = where;
    rt.a = static_cast<index_t>(mark);
    rt.b = static_cast<index_t>(nd);
    if (!push(rt)) return false;
    std::size_t tmark = tasks_.size();
    for (std::size_t i = 0; i < nd && i < ns; ++i) {
        hole k = holes_[mark + i];
        if (!is_return && is_self_assign(dsts[i], srcs[i])) {
            // gc: "F ignoring self-assignment in S"
            typename result_type::note nt;
            nt.function = fns_[cur_fn_].ref;
            nt.pos = T::statement_position(p_, where);
            std::string_view text;
            if constexpr (has_statement_text<T, P>::value) text = T::statement_text(p_, where);
            char buf[256];
            if (text.empty()) {
                text_buffer tb(buf, sizeof buf);
                formatter<P, T> fm{p_};
                fm.expr(tb, dsts[i]);
                tb.put(" = ");
                fm.expr(tb, srcs[i]);
                text = tb.view();
            }
            if (!out_.intern(text, &nt.text) || !out_.mutable_notes().push_back(nt)) return oom();
            k = discard_hole();
        }
        if (!push_expr(note_stmt(k, where, why), srcs[i])) return false;
    }
    std::reverse(tasks_.begin() + tmark, tasks_.end());
    return ok();
}

template <class P, class T>
bool engine<P, T>::do_stmt(stmt_ref s) noexcept {
    vector<expr_ref>& ops = scratch_;
    ops.clear();
    for (auto&& e : T::statement_operands(p_, s))
        if (!ops.push_back(e)) return oom();
    switch (T::statement_kind(p_, s)) {
    case stmt_kind::block: {
        // gc's OBLOCK walks its list with e.stmts, not e.block: the loop depth is not restored at
        // the end, so a looping label inside a plain block raises it for the rest of the body.
        std::size_t mark = tasks_.size();
        for (auto&& c : T::statement_children(p_, s)) {
            task st{task_kind::stmt, hole{}};
            st.s = c;
            if (!push(st)) return false;
        }
        std::reverse(tasks_.begin() + mark, tasks_.end());
        return ok();
    }
    case stmt_kind::declare: {
        index_t l = var_loc(T::declared_variable(p_, s));
        if (l != heap_) L(l).loop_depth = loop_depth_;
        return ok();
    }
    case stmt_kind::assign: {
        std::size_t nt = T::statement_targets(p_, s);
        if (nt > ops.size() || nt == 0) return fail(errc::invalid_host_ir, T::statement_position(p_, s), "assignment without targets");
        std::size_t nv = ops.size() - nt;
        assign_form form = T::statement_form(p_, s);
        bool multi_call = nv == 1 && nt > 1 && form != assign_form::comma_ok_type && form != assign_form::comma_ok_map &&
                          form != assign_form::comma_ok_recv && T::type_kind_of(p_, T::expression_type(p_, ops[nt])) == type_kind::tuple;
        if (multi_call) {
            std::size_t mark = holes_.size();
            for (std::size_t i = 0; i < nt; ++i)
                if (!holes_.push_back(addr_of(ops[i]))) return oom();
            task rt{task_kind::reassigned, hole{}};
            rt.s = s;
            rt.a = static_cast<index_t>(mark);
            rt.b = static_cast<index_t>(nt);
            if (!push(rt)) return false;
            expr_ref call = ops[nt];
            // holes_ may grow during do_call; copy the result holes.
            hole ks[64];
            std::size_t nks = nt < 64 ? nt : 64;
            for (std::size_t i = 0; i < nks; ++i) ks[i] = holes_[mark + i];
            return do_call(ks, nks, true, call);
        }
        const char* why = "assign";
        switch (form) {
        case assign_form::pair: why = "assign-pair"; break;
        case assign_form::comma_ok_type: why = "assign-pair-dot-type"; break;
        case assign_form::comma_ok_map: why = "assign-pair-mapr"; break;
        case assign_form::comma_ok_recv: why = "assign-pair-receive"; break;
        default: break;
        }
        // assign_list only pushes tasks: scratch_ stays intact while it runs.
        return assign_list(s, ops.data(), nt, ops.data() + nt, nv, why, false, invalid_index);
    }
    case stmt_kind::eval: {
        if (ops.empty()) return ok();
        expr_ref e = ops[0];
        switch (T::expression_kind(p_, e)) {
        case expr_kind::call:
        case expr_kind::call_method:
        case expr_kind::call_value:
        case expr_kind::append:
        case expr_kind::copy:
        case expr_kind::panic:
        case expr_kind::builtin:
        case expr_kind::unsafe_add: return do_call(nullptr, 0, false, e);
        default: return push_discard(e);
        }
    }
    case stmt_kind::return_: {
        const fn_info& fi = fns_[cur_fn_];
        if (ops.empty()) return ok();
        if (opt_.unsound_faults & unsound_fault::ignore_returns) {
            for (expr_ref e : ops)
                if (!push_discard(e)) return false;
            return ok();
        }
        if (ops.size() == 1 && fi.results_count > 1) {
            hole ks[64];
            std::size_t nks = fi.results_count < 64 ? fi.results_count : 64;
            std::size_t mark = holes_.size();
            for (std::size_t i = 0; i < nks; ++i) {
                ks[i] = loc_hole(var_loc(params_[fi.results_first + i].var));
                if (!holes_.push_back(ks[i])) return oom();
            }
            task rt{task_kind::reassigned, hole{}};
            rt.s = s;
            rt.a = static_cast<index_t>(mark);
            rt.b = static_cast<index_t>(nks);
            if (!push(rt)) return false;
            return do_call(ks, nks, true, ops[0]);
        }
        if (ops.size() != fi.results_count)
            return fail(errc::invalid_host_ir, T::statement_position(p_, s), "return with %u values in a function with %u results",
                        unsigned(ops.size()), unsigned(fi.results_count));
        return assign_list(s, nullptr, fi.results_count, ops.data(), ops.size(), "return", true, cur_fn_);
    }
    case stmt_kind::if_: {
        if (!push_block(T::statement_else(p_, s)) || !push_block(T::statement_children(p_, s))) return false;
        for (expr_ref c : ops)
            if (!push_discard(c)) return false;
        return ok();
    }
    case stmt_kind::loop: {
        if (!push_block(T::statement_children(p_, s))) return false;
        ++loop_depth_;
        return ok();
    }
    case stmt_kind::range: {
        if (ops.size() != 3) return fail(errc::invalid_host_ir, T::statement_position(p_, s), "a range statement has three operands");
        index_t tmp = new_loc(loc_kind::temp, cur_fn_, false);
        if (tmp == invalid_index) return false;
        if (!push_block(T::statement_children(p_, s))) return false;
        task rb{task_kind::range_body, hole{}};
        rb.s = s;
        rb.a = tmp;
        rb.b = static_cast<index_t>(loop_depth_);
        if (!push(rb)) return false;
        return push_expr(loc_hole(tmp), ops[2]);
    }
    case stmt_kind::go: return do_go_defer(s, true);
    case stmt_kind::defer: return do_go_defer(s, false);
    case stmt_kind::send: {
        if (ops.size() != 2) return fail(errc::invalid_host_ir, T::statement_position(p_, s), "a send has two operands");
        expr_ref ch = ops[0], v = ops[1];
        if (!push_expr(note_stmt(heap_hole(reason::channel_send), s, "send"), v)) return false;
        return push_discard(ch);
    }
    case stmt_kind::label: {
        std::uint64_t key = (std::uint64_t(cur_fn_) << 32) | traits_statement_label<P, T>(p_, s);
        const std::uint8_t* state = labels_.find(key);
        if (state && *state == 2) ++loop_depth_;
        return ok();
    }
    case stmt_kind::goto_:
    case stmt_kind::break_:
    case stmt_kind::continue_:
    case stmt_kind::closure: return ok();
    }
    return ok();
}

template <class P, class T>
bool engine<P, T>::do_unsafe_value(hole k, expr_ref e) noexcept {
    // gc's unsafeValue: follow uintptr arithmetic looking for conversions from unsafe.Pointer.
    switch (T::expression_kind(p_, e)) {
    case expr_kind::convert: {
        for (auto&& o : T::expression_operands(p_, e)) {
            if (T::type_kind_of(p_, T::expression_type(p_, o)) == type_kind::unsafe_pointer) return push_expr(k, o);
            return push_discard(o);
        }
        return ok();
    }
    case expr_kind::opaque:
        for (auto&& o : T::expression_operands(p_, e)) {
            task t{task_kind::unsafe_value, k};
            t.e = o;
            if (!push(t)) return false;
        }
        return ok();
    default: return push_discard(e);
    }
}

template <class P, class T>
index_t engine<P, T>::static_callee(expr_ref fv) noexcept {
    // gc's ir.StaticValue: look through no-op conversions and locals with one defining value.
    for (int steps = 0; steps < 64; ++steps) {
        switch (T::expression_kind(p_, fv)) {
        case expr_kind::closure:
        case expr_kind::func_ref: return fn_of(T::referenced_function(p_, fv));
        case expr_kind::convert: {
            bool found = false;
            for (auto&& o : T::expression_operands(p_, fv)) {
                fv = o;
                found = true;
                break;
            }
            if (!found) return invalid_index;
            continue;
        }
        case expr_kind::var: {
            variable_ref v = T::referenced_variable(p_, fv);
            if (T::variable_kind(p_, v) != var_kind::local) return invalid_index;
            const index_t* l = var_loc_.find(v);
            if (l == nullptr || L(*l).static_reassigned || !has_def_[*l]) return invalid_index;
            fv = def_rhs_[*l];
            continue;
        }
        default: return invalid_index;
        }
    }
    return invalid_index;
}

/// gc's devirtualize.Call: the receiver's static value (ir.StaticValue: through locals assigned
/// exactly once and never reassigned) is a conversion to an interface from a concrete type T, and
/// T (or, for a pointer T, its element type) has the method. O(length of the chain).
template <class P, class T>
bool engine<P, T>::gc_devirtualize(expr_ref recv, std::string_view method, type_ref* dyn, index_t* fn, bool* deref_recv) noexcept {
    if constexpr (!has_find_method<T, P>::value) {
        (void)recv;
        (void)method;
        (void)dyn;
        (void)fn;
        (void)deref_recv;
        return false;
    } else {
        expr_ref v = recv;
        for (int steps = 0; steps < 64; ++steps) {
            expr_kind k = T::expression_kind(p_, v);
            if (k == expr_kind::var) {
                variable_ref var = T::referenced_variable(p_, v);
                if (T::variable_kind(p_, var) != var_kind::local) return false;
                const index_t* l = var_loc_.find(var);
                if (l == nullptr || L(*l).static_reassigned || !has_def_[*l]) return false;
                v = def_rhs_[*l];
                continue;
            }
            if (k != expr_kind::to_iface) return false;
            expr_ref x{};
            bool found = false;
            for (auto&& o : T::expression_operands(p_, v)) {
                x = o;
                found = true;
                break;
            }
            if (!found) return false;
            type_ref t = T::expression_type(p_, x);
            if (T::type_kind_of(p_, t) == type_kind::interface) return false;
            function_ref m{};
            if (T::find_method(p_, t, method, &m)) {
                *deref_recv = false;
            } else if (T::type_kind_of(p_, t) == type_kind::pointer && T::find_method(p_, T::type_elem(p_, t), method, &m)) {
                *deref_recv = true;
            } else {
                return false;
            }
            *fn = fn_of(m);
            *dyn = t;
            return *fn != invalid_index;
        }
        return false;
    }
}

template <class P, class T>
typename engine<P, T>::hole engine<P, T>::tag_hole(const hole* ks, std::size_t nks, bool has_ks, index_t fn, std::size_t i,
                                                    bool unconditional) noexcept {
    if (fn == invalid_index)
        return (opt_.unsound_faults & unsound_fault::dynamic_args_noescape) ? discard_hole() : heap_hole(reason::dynamic_call);
    const fn_info& fi = fns_[fn];
    if (i >= fi.params_count) return heap_hole(reason::escapes);
    const param_info& pi = params_[fi.params_first + i];
    if (in_batch(fn)) {
        // Same batch: arguments flow directly into the parameter's location.
        if (!pi.named) return discard_hole();
        return loc_hole(var_loc(pi.var));
    }
    hole hs[1 + leak_summary::max_results];
    std::size_t n = 0;
    // dispatch=context: pi.tag lacks the conditional flows; only a caller that resolves them
    // (pending_kind::conditions) may use it. Everywhere else (go/defer, calls through a variable,
    // method values) the conditions stay unresolved: closed world (pi.fallback).
    const leak_summary& tag = (unconditional || pi.conds_count == 0) ? pi.tag : pi.fallback;
    if (tag.heap() >= 0 && !(fi.body && (opt_.unsound_faults & unsound_fault::ignore_callee_leaks))) hs[n++] = shift(heap_hole(fi.body ? reason::leaked_by_callee : reason::external_call, fn), tag.heap());
    if (has_ks)
        for (int r = 0; r < leak_summary::max_results; ++r)
            if (tag.result(r) >= 0 && static_cast<std::size_t>(r) < nks) hs[n++] = shift(ks[r], tag.result(r));
    for (std::size_t j = 0; j < n; ++j) hs[j].addrtaken = false;
    return tee(hs, n);
}

template <class P, class T>
bool engine<P, T>::do_call(const hole* ks, std::size_t nks, bool has_ks, expr_ref call) noexcept {
    // Not re-entrant: only run_tasks calls do_stmt/do_expr, which call do_call.
    vector<expr_ref>& args = call_args_;
    args.clear();
    for (auto&& o : T::expression_operands(p_, call))
        if (!args.push_back(o)) return oom();
    expr_kind kind = T::expression_kind(p_, call);
    auto argument = [&](hole k, expr_ref a) -> bool { return push_expr(note_expr(k, call, "call parameter"), a); };
    // Arguments are pushed in reverse so that they are walked left to right.
    switch (kind) {
    case expr_kind::call:
    case expr_kind::call_value: {
        index_t fn = invalid_index;
        std::size_t first_arg = 0;
        if (kind == expr_kind::call) {
            fn = fn_of(T::referenced_function(p_, call));
            if (fn == invalid_index)
                return fail(errc::invalid_host_ir, T::expression_position(p_, call), "call of a function that is not among functions()");
        } else {
            if (args.empty()) return fail(errc::invalid_host_ir, T::expression_position(p_, call), "a call through a value has no callee");
            if (T::expression_kind(p_, args[0]) == expr_kind::closure) {
                index_t cf = fn_of(T::referenced_function(p_, args[0]));
                if (cf != invalid_index) fns_[cf].closure_called = true;
            }
            fn = static_callee(args[0]);
            first_arg = 1;
        }
        std::size_t nargs = args.size() - first_arg;
        if (closed_ && kind == expr_kind::call_value && fn == invalid_index)
            return pending_dynamic(ks, nks, has_ks, call, pending_kind::value, invalid_index);
        if (context_ && kind == expr_kind::call && fn != invalid_index && !in_batch(fn) && nargs == fns_[fn].params_count) {
            bool conditional = false;
            for (index_t i = 0; i < fns_[fn].params_count; ++i) conditional = conditional || params_[fns_[fn].params_first + i].conds_count > 0;
            if (conditional) return pending_dynamic(ks, nks, has_ks, call, pending_kind::conditions, fn);
        }
        if (fn != invalid_index && nargs != fns_[fn].params_count) {
            if (kind == expr_kind::call)
                return fail(errc::invalid_host_ir, T::expression_position(p_, call), "call with %u arguments of a function with %u parameters",
                            unsigned(nargs), unsigned(fns_[fn].params_count));
            fn = invalid_index;  // a value whose static resolution does not fit: treat as dynamic
        }
        // The results of a summarised (or unresolved) callee are values of unknown dynamic type
        // (value_facts sees single results; this covers every result of a multi-result call).
        if (tracking_ && has_ks && (fn == invalid_index || !in_batch(fn)))
            for (std::size_t r = 0; r < nks; ++r)
                if (fn == invalid_index || r >= fns_[fn].results_count ||
                    tracked_type(T::variable_type(p_, params_[fns_[fn].results_first + r].var)))
                    record_fact(ks[r], el_top);
        if (has_ks && fn != invalid_index && in_batch(fn)) {
            const fn_info& fi = fns_[fn];
            for (std::size_t r = 0; r < nks && r < fi.results_count; ++r) {
                const param_info& res = params_[fi.results_first + r];
                hole k = ks[r];
                if (k.derefs >= 0 && !res.has_pointers) continue;
                flow(k, var_loc(res.var));
            }
        }
        std::size_t mark = tasks_.size();
        if (kind == expr_kind::call_value && !argument(discard_hole(), args[0])) return false;
        for (std::size_t i = 0; i < nargs; ++i)
            if (!argument(tag_hole(ks, nks, has_ks, fn, i), args[first_arg + i])) return false;
        std::reverse(tasks_.begin() + mark, tasks_.end());
        return ok();
    }
    case expr_kind::call_method: {
        if (closed_) return pending_dynamic(ks, nks, has_ks, call, pending_kind::method, invalid_index);
        // gc's static devirtualization (its devirtualize pass runs before escape analysis): a
        // receiver whose static value is a conversion of a concrete T makes the call a static call
        // of T's method, with the receiver read as i.(T).
        if (!args.empty()) {
            type_ref dyn{};
            index_t fn = invalid_index;
            bool deref_recv = false;
            if (gc_devirtualize(args[0], T::method_name(p_, call), &dyn, &fn, &deref_recv) &&
                args.size() - 1 + 1 == fns_[fn].params_count) {
                typename result_type::note nt;
                nt.function = fns_[cur_fn_].ref;
                nt.pos = T::expression_position(p_, call);
                nt.kind = result_type::note_kind::gc_devirtualization;
                char buf[512];
                text_buffer tb(buf, sizeof buf);
                formatter<P, T> fm{p_};
                tb.put("devirtualizing ");
                fm.expr(tb, args[0]);
                tb.put(".");
                tb.put(T::method_name(p_, call));
                tb.put(" to ");
                fm.type(tb, dyn);
                if (!out_.intern(tb.view(), &nt.text) || !out_.mutable_notes().push_back(nt)) return oom();
                std::size_t mark = tasks_.size();
                hole rk = dot_type(tag_hole(ks, nks, has_ks, fn, 0), dyn, call, "dot");
                if (deref_recv) rk = shift(rk, 1);
                if (!argument(rk, args[0])) return false;
                for (std::size_t i = 1; i < args.size(); ++i)
                    if (!argument(tag_hole(ks, nks, has_ks, fn, i), args[i])) return false;
                std::reverse(tasks_.begin() + mark, tasks_.end());
                return ok();
            }
        }
        // Conservative dispatch: the receiver and every argument go to the heap (gc).
        std::size_t mark = tasks_.size();
        hole dk = (opt_.unsound_faults & unsound_fault::dynamic_args_noescape) ? discard_hole() : heap_hole(reason::dynamic_call);
        for (expr_ref a : args)
            if (!argument(dk, a)) return false;
        std::reverse(tasks_.begin() + mark, tasks_.end());
        return ok();
    }
    case expr_kind::append: {
        if (args.empty()) return ok();
        hole appendee = has_ks && nks > 0 ? ks[0] : discard_hole();
        type_ref st = T::expression_type(p_, args[0]);
        if (T::type_has_pointers(p_, T::type_elem(p_, st))) {
            hole two[2] = {appendee, deref(heap_hole(reason::slice_append), call, "appendee slice")};
            appendee = tee(two, 2);
        }
        std::size_t mark = tasks_.size();
        if (!argument(appendee, args[0])) return false;
        if (traits_is_spread<P, T>(p_, call)) {
            hole appended = discard_hole();
            if (args.size() >= 2) {
                type_ref at = T::expression_type(p_, args[1]);
                if (T::type_kind_of(p_, at) == type_kind::slice && T::type_has_pointers(p_, T::type_elem(p_, at)))
                    appended = deref(heap_hole(reason::slice_append), call, "appended slice...");
                if (!argument(appended, args[1])) return false;
            }
        } else {
            for (std::size_t i = 1; i < args.size(); ++i)
                if (!argument(heap_hole(reason::slice_append), args[i])) return false;
        }
        std::reverse(tasks_.begin() + mark, tasks_.end());
        return ok();
    }
    case expr_kind::copy: {
        if (args.size() != 2) return fail(errc::invalid_host_ir, T::expression_position(p_, call), "copy has two operands");
        hole copied = discard_hole();
        type_ref st = T::expression_type(p_, args[1]);
        if (T::type_kind_of(p_, st) == type_kind::slice && T::type_has_pointers(p_, T::type_elem(p_, st)))
            copied = deref(heap_hole(reason::slice_append), call, "copied slice");
        if (!argument(copied, args[1])) return false;
        return argument(discard_hole(), args[0]);
    }
    case expr_kind::panic: {
        std::size_t mark = tasks_.size();
        for (expr_ref a : args)
            if (!argument(heap_hole(reason::panic_value), a)) return false;
        std::reverse(tasks_.begin() + mark, tasks_.end());
        return ok();
    }
    case expr_kind::unsafe_add: {
        if (args.size() != 2) return fail(errc::invalid_host_ir, T::expression_position(p_, call), "unsafe.Add has two operands");
        if (!argument(discard_hole(), args[1])) return false;
        return argument(has_ks && nks > 0 ? ks[0] : discard_hole(), args[0]);
    }
    default: {
        std::size_t mark = tasks_.size();
        for (expr_ref a : args)
            if (!argument(discard_hole(), a)) return false;
        std::reverse(tasks_.begin() + mark, tasks_.end());
        return ok();
    }
    }
}

template <class P, class T>
bool engine<P, T>::do_go_defer(stmt_ref s, bool is_go) noexcept {
    // gc rewrites `go/defer f(a, b)` into a wrapper closure capturing copies of the callee and the
    // arguments. The wrapper record flows to the heap for `go` and for `defer` inside a loop; a
    // top-level defer keeps it until the function returns ("later").
    expr_ref call{};
    bool have = false;
    for (auto&& e : T::statement_operands(p_, s)) {
        call = e;
        have = true;
        break;
    }
    if (!have) return fail(errc::invalid_host_ir, T::statement_position(p_, s), "go/defer without a call");
    hole k;
    if (is_go) k = heap_hole(reason::goroutine);
    else if (loop_depth_ == 1) k = later(discard_hole());
    else k = heap_hole(reason::deferred_in_loop);
    index_t wrapper = new_loc(loc_kind::temp, cur_fn_, true);
    if (wrapper == invalid_index) return false;
    L(wrapper).reported = false;
    flow(addr(k, call, "spill"), wrapper);
    vector<expr_ref> args(mem_);
    for (auto&& o : T::expression_operands(p_, call))
        if (!args.push_back(o)) return oom();
    expr_kind kind = T::expression_kind(p_, call);
    index_t fn = invalid_index;
    std::size_t first_arg = 0;
    bool dynamic = false;
    if (kind == expr_kind::call) {
        fn = fn_of(T::referenced_function(p_, call));
        if (fn == invalid_index)
            return fail(errc::invalid_host_ir, T::expression_position(p_, call), "call of a function that is not among functions()");
    } else if (kind == expr_kind::call_value) {
        if (args.empty()) return fail(errc::invalid_host_ir, T::expression_position(p_, call), "a call through a value has no callee");
        if (T::expression_kind(p_, args[0]) == expr_kind::closure) {
            index_t cf = fn_of(T::referenced_function(p_, args[0]));
            if (cf != invalid_index) fns_[cf].closure_called = true;
        }
        fn = static_callee(args[0]);
        first_arg = 1;
        if (fn != invalid_index && args.size() - 1 != fns_[fn].params_count) fn = invalid_index;
    } else if (kind == expr_kind::call_method) {
        dynamic = true;
    }
    std::size_t mark = tasks_.size();
    for (std::size_t i = 0; i < args.size(); ++i) {
        hole target = discard_hole();
        if (i < first_arg) {
            target = discard_hole();  // the callee value itself is only called
        } else if (kind == expr_kind::call || kind == expr_kind::call_value) {
            target = tag_hole(nullptr, 0, false, fn, i - first_arg);
        } else if (dynamic) {
            target = heap_hole(reason::dynamic_call);
        } else if (kind == expr_kind::panic) {
            target = heap_hole(reason::panic_value);
        } else if (kind == expr_kind::copy && i == 1) {
            type_ref st = T::expression_type(p_, args[1]);
            if (T::type_kind_of(p_, st) == type_kind::slice && T::type_has_pointers(p_, T::type_elem(p_, st)))
                target = shift(heap_hole(reason::slice_append), 1);
        }
        if (i >= first_arg && T::expression_kind(p_, args[i]) == expr_kind::slice_lit) {
            // gc's rewriteArgument peels slice literals (also the packed `... argument`): each
            // element is copied into a temporary the wrapper captures, and the literal itself is
            // built by the wrapper, flowing only to the callee's parameter.
            hole storage = spill(note_expr(target, call, "call parameter"), args[i], true);
            for (auto&& el : T::expression_operands(p_, args[i])) {
                index_t tmp = new_loc(loc_kind::temp, cur_fn_, false);
                if (tmp == invalid_index) return false;
                L(tmp).captured = true;
                if (!push_expr(loc_hole(tmp), el)) return false;
                flow(loc_hole(wrapper), tmp);
                flow(note_expr(storage, args[i], "slice-literal-element"), tmp);
            }
            continue;
        }
        // Each operand is copied into a temporary the wrapper captures (by value).
        index_t tmp = new_loc(loc_kind::temp, cur_fn_, false);
        if (tmp == invalid_index) return false;
        L(tmp).captured = true;
        if (!push_expr(loc_hole(tmp), args[i])) return false;
        flow(loc_hole(wrapper), tmp);
        flow(note_expr(target, call, "call parameter"), tmp);
    }
    std::reverse(tasks_.begin() + mark, tasks_.end());
    return ok();
}

template <class P, class T>
bool engine<P, T>::do_expr(hole k, expr_ref e) noexcept {
    expr_kind kind = T::expression_kind(p_, e);
    if (k.derefs >= 0 && kind != expr_kind::blank) {
        type_ref t = T::expression_type(p_, e);
        if (T::type_kind_of(p_, t) != type_kind::nil && !T::type_has_pointers(p_, t)) k.dst = blank_;
    }
    if (tracking_ && !value_facts(k, e, kind)) return false;
    expr_ref ops[4];
    std::size_t n = 0;
    for (auto&& o : T::expression_operands(p_, e)) {
        if (n < 4) ops[n] = o;
        ++n;
    }
    auto need = [&](std::size_t want) -> bool {
        if (n >= want) return true;
        return fail(errc::invalid_host_ir, T::expression_position(p_, e), "expression with %u operands, expected at least %u",
                    unsigned(n), unsigned(want));
    };
    auto discard_all = [&](std::size_t from) -> bool {
        std::size_t i = 0, mark = tasks_.size();
        for (auto&& o : T::expression_operands(p_, e))
            if (i++ >= from && !push_discard(o)) return false;
        std::reverse(tasks_.begin() + mark, tasks_.end());
        return true;
    };
    auto elements = [&](hole kk, const char* why) -> bool {
        std::size_t mark = tasks_.size();
        for (auto&& o : T::expression_operands(p_, e))
            if (!push_expr(note_expr(kk, e, why), o)) return false;
        std::reverse(tasks_.begin() + mark, tasks_.end());
        return true;
    };
    switch (kind) {
    case expr_kind::var: {
        variable_ref v = T::referenced_variable(p_, e);
        if (T::variable_kind(p_, v) == var_kind::global) return ok();
        flow(k, var_loc(v));
        return ok();
    }
    case expr_kind::func_ref:
    case expr_kind::constant:
    case expr_kind::blank: return ok();
    case expr_kind::opaque: return discard_all(0);
    case expr_kind::addr: return need(1) && push_expr(addr(k, e, "address-of"), ops[0]);
    case expr_kind::deref: return need(1) && push_expr(deref(k, e, "indirection"), ops[0]);
    case expr_kind::field: return need(1) && push_expr(note_expr(k, e, "dot"), ops[0]);
    case expr_kind::field_ptr: return need(1) && push_expr(deref(k, e, "dot of pointer"), ops[0]);
    case expr_kind::index: return need(2) && push_discard(ops[1]) && push_expr(note_expr(k, e, "fixed-array-index-of"), ops[0]);
    case expr_kind::index_ptr: return need(2) && push_discard(ops[1]) && push_expr(deref(k, e, "dot of pointer"), ops[0]);
    case expr_kind::index_map: return need(2) && push_discard(ops[1]) && push_discard(ops[0]);
    case expr_kind::slice: return need(1) && discard_all(1) && push_expr(note_expr(k, e, "slice"), ops[0]);
    case expr_kind::convert: {
        if (!need(1)) return false;
        type_ref to = T::expression_type(p_, e);
        type_ref from = T::expression_type(p_, ops[0]);
        if (T::type_kind_of(p_, to) == type_kind::unsafe_pointer && T::type_kind_of(p_, from) == type_kind::uintptr) {
            task t{task_kind::unsafe_value, k};
            t.e = ops[0];
            return push(t);
        }
        return push_expr(k, ops[0]);
    }
    case expr_kind::to_iface: {
        if (!need(1)) return false;
        type_ref xt = T::expression_type(p_, ops[0]);
        // the interface's dynamic type is xt itself (value_facts): a pointer-shaped operand's own
        // type set (say, that of a pointer asserted out of another interface) must not join it
        if (closed_ && T::type_kind_of(p_, xt) != type_kind::interface && !holds_dynamic(xt)) k.flags |= edge_no_types;
        if (T::type_kind_of(p_, xt) != type_kind::interface && !T::type_pointer_shaped(p_, xt)) k = spill(k, e, true);
        return push_expr(note_expr(k, e, "interface-converted"), ops[0]);
    }
    case expr_kind::type_assert: return need(1) && push_expr(dot_type(k, T::expression_type(p_, e), e, "dot"), ops[0]);
    case expr_kind::recv: return discard_all(0);
    case expr_kind::new_: spill(k, e, true); return ok();
    case expr_kind::make_slice:
    case expr_kind::make_map: spill(k, e, true); return discard_all(0);
    case expr_kind::make_chan: return discard_all(0);
    case expr_kind::method_value: {
        if (!need(1)) return false;
        hole closure_k = spill(k, e, true);
        index_t fn = invalid_index;
        if constexpr (has_find_method<T, P>::value) {
            type_ref rt = T::expression_type(p_, ops[0]);
            function_ref m{};
            if (T::type_kind_of(p_, rt) != type_kind::interface && T::find_method(p_, rt, T::method_name(p_, e), &m)) fn = fn_of(m);
        }
        // How the method value will be called is unknown: its results go to the heap.
        hole ks[64];
        std::size_t nks = 0;
        if (fn != invalid_index)
            for (; nks < fns_[fn].results_count && nks < 64; ++nks) ks[nks] = heap_hole(reason::method_value);
        hole two[2] = {tag_hole(ks, nks, true, fn, 0), closure_k};
        return push_expr(tee(two, 2), ops[0]);
    }
    case expr_kind::ptr_lit: return need(1) && push_expr(spill(k, e, true), ops[0]);
    case expr_kind::array_lit: return elements(k, "array literal element");
    case expr_kind::struct_lit: return elements(k, "struct literal element");
    case expr_kind::slice_lit: return elements(spill(k, e, true), "slice-literal-element");
    case expr_kind::map_lit: {
        spill(k, e, true);
        std::size_t i = 0, mark = tasks_.size();
        for (auto&& o : T::expression_operands(p_, e)) {
            const char* why = (i++ % 2 == 0) ? "map literal key" : "map literal value";
            if (!push_expr(note_expr(heap_hole(reason::map_store), e, why), o)) return false;
        }
        std::reverse(tasks_.begin() + mark, tasks_.end());
        return ok();
    }
    case expr_kind::closure: {
        index_t cf = fn_of(T::referenced_function(p_, e));
        if (cf == invalid_index || !fns_[cf].closure || fns_[cf].outermost != fns_[cur_fn_].outermost)
            return fail(errc::invalid_host_ir, T::expression_position(p_, e), "closure of a function that is not a function literal of this function");
        hole ck = spill(k, e, true);
        if (!closures_.push_back(closure_rec{ck, cf, e})) return oom();
        for (auto&& v : T::captures(p_, fns_[cf].ref)) {
            index_t l = var_loc(v);
            if (l == heap_) continue;
            if (!L(l).captured) {
                L(l).captured = true;
                // Ignore reassignments in straight-line code before the first capture.
                if (L(l).loop_depth == loop_depth_) L(l).reassigned = false;
            }
        }
        // Walk the closure's body right here, with its own loop depth.
        task rt{task_kind::restore_fn, hole{}};
        rt.a = cur_fn_;
        rt.b = static_cast<index_t>(loop_depth_);
        if (!push(rt)) return false;
        if (!label_prepass(cf)) return false;
        cur_fn_ = cf;
        loop_depth_ = 1;
        return push_block(T::body(p_, fns_[cf].ref));
    }
    case expr_kind::string_conv:
    case expr_kind::concat: spill(k, e, true); return discard_all(0);
    case expr_kind::call:
    case expr_kind::call_method:
    case expr_kind::call_value:
    case expr_kind::append:
    case expr_kind::copy:
    case expr_kind::panic:
    case expr_kind::builtin:
    case expr_kind::unsafe_add: return do_call(&k, 1, true, e);
    }
    return ok();
}

// =============================================================================================
// Self-assignment (gc's isSelfAssign)
// =============================================================================================

template <class P, class T>
bool engine<P, T>::may_affect_memory(expr_ref e) noexcept {
    vector<expr_ref>& st = walk_expr_stack_;
    st.clear();
    if (!st.push_back(e)) return oom(), true;
    while (!st.empty()) {
        expr_ref x = st.back();
        st.pop_back();
        switch (T::expression_kind(p_, x)) {
        case expr_kind::var:
        case expr_kind::constant:
        case expr_kind::func_ref: continue;
        case expr_kind::opaque:
        case expr_kind::convert:
        case expr_kind::deref:
        case expr_kind::field:
        case expr_kind::field_ptr:
        case expr_kind::index:
        case expr_kind::index_ptr:
            for (auto&& o : T::expression_operands(p_, x))
                if (!st.push_back(o)) return oom(), true;
            continue;
        case expr_kind::builtin: {
            std::string_view nm = T::method_name(p_, x);
            if (nm == "len" || nm == "cap") {
                for (auto&& o : T::expression_operands(p_, x))
                    if (!st.push_back(o)) return oom(), true;
                continue;
            }
            return true;
        }
        default: return true;
        }
    }
    return false;
}

template <class P, class T>
bool engine<P, T>::same_safe_expr(expr_ref a, expr_ref b) noexcept {
    // gc's ir.SameSafeExpr, iteratively over the pair of trees.
    struct pair {
        expr_ref a, b;
    };
    vector<pair> st(mem_);
    if (!st.push_back(pair{a, b})) return oom(), false;
    while (!st.empty()) {
        pair q = st.back();
        st.pop_back();
        expr_kind ka = T::expression_kind(p_, q.a);
        if (ka != T::expression_kind(p_, q.b)) return false;
        switch (ka) {
        case expr_kind::var:
            if (!(T::referenced_variable(p_, q.a) == T::referenced_variable(p_, q.b))) return false;
            continue;
        case expr_kind::field:
        case expr_kind::field_ptr:
            if constexpr (has_field_index<T, P>::value) {
                if (T::field_index(p_, q.a) != T::field_index(p_, q.b)) return false;
            } else {
                return false;
            }
            [[fallthrough]];
        case expr_kind::deref:
        case expr_kind::convert:
        case expr_kind::index:
        case expr_kind::index_ptr: {
            expr_ref xa[2], xb[2];
            std::size_t na = 0, nb = 0;
            for (auto&& o : T::expression_operands(p_, q.a))
                if (na < 2) xa[na++] = o;
            for (auto&& o : T::expression_operands(p_, q.b))
                if (nb < 2) xb[nb++] = o;
            if (na != nb || na == 0) return false;
            for (std::size_t i = 0; i < na; ++i)
                if (!st.push_back(pair{xa[i], xb[i]})) return oom(), false;
            continue;
        }
        case expr_kind::constant: {
            std::int64_t va, vb;
            if constexpr (has_integer_constant<T, P>::value) {
                if (T::integer_constant(p_, q.a, &va) && T::integer_constant(p_, q.b, &vb) && va == vb) continue;
            }
            return false;
        }
        default: return false;
        }
    }
    return true;
}

template <class P, class T>
bool engine<P, T>::is_self_assign(expr_ref dst, expr_ref src) noexcept {
    expr_kind dk = T::expression_kind(p_, dst);
    expr_kind sk = T::expression_kind(p_, src);
    auto first_operand = [&](expr_ref e, expr_ref* out) -> bool {
        for (auto&& o : T::expression_operands(p_, e)) {
            *out = o;
            return true;
        }
        return false;
    };
    // b.buf = b.buf[n:m] where b is a variable dereferenced on both sides (isSliceSelfAssign).
    if ((dk == expr_kind::deref || dk == expr_kind::field_ptr) && sk == expr_kind::slice) {
        expr_ref dx, base, bx;
        if (first_operand(dst, &dx) && T::expression_kind(p_, dx) == expr_kind::var && first_operand(src, &base)) {
            expr_kind bk = T::expression_kind(p_, base);
            if ((bk == expr_kind::deref || bk == expr_kind::field_ptr) && first_operand(base, &bx) &&
                T::expression_kind(p_, bx) == expr_kind::var &&
                T::referenced_variable(p_, dx) == T::referenced_variable(p_, bx))
                return true;
        }
    }
    if (dk != sk) return false;
    expr_ref dx, sx;
    switch (dk) {
    case expr_kind::field:
    case expr_kind::field_ptr:
        return first_operand(dst, &dx) && first_operand(src, &sx) && same_safe_expr(dx, sx);
    case expr_kind::index:
    case expr_kind::index_ptr: {
        expr_ref di[2], si[2];
        std::size_t nd = 0, ns = 0;
        for (auto&& o : T::expression_operands(p_, dst))
            if (nd < 2) di[nd++] = o;
        for (auto&& o : T::expression_operands(p_, src))
            if (ns < 2) si[ns++] = o;
        if (nd != 2 || ns != 2) return false;
        if (may_affect_memory(di[1]) || may_affect_memory(si[1])) return false;
        return same_safe_expr(di[0], si[0]);
    }
    default: return false;
    }
}

// =============================================================================================
// Closures and forced heap allocation
// =============================================================================================

template <class P, class T>
bool engine<P, T>::flow_closures() noexcept {
    for (const closure_rec& c : closures_) {
        size64 record = 8;  // the code pointer
        for (auto&& v : T::captures(p_, fns_[c.fn].ref)) {
            index_t l = var_loc(v);
            if (l == heap_) continue;
            const location& vl = L(l);
            size64 size = T::type_size(p_, T::variable_type(p_, v));
            bool by_value = !vl.addrtaken && !vl.reassigned && size <= 128;
            hole k = c.k;
            if (!by_value) k = note_var(shift(k, -1), v, "reference");
            record += by_value ? size : 8;
            if (!(opt_.unsound_faults & unsound_fault::drop_closure_captures)) flow(note_var(k, v, "captured by a closure"), l);
            // A code generator must capture exactly as decided here: the verdicts assume it.
            if (!out_.mutable_captures().push_back(typename result_type::capture{c.e, v, !by_value})) return oom();
        }
        if (c.k.dst != invalid_index && c.k.dst != blank_ && c.k.dst != heap_) L(c.k.dst).size = record;
    }
    closures_.clear();
    return ok();
}

template <class P, class T>
bool engine<P, T>::heap_alloc_reasons() noexcept {
    // A host type larger than this is absurd (no address space holds it): an error, not a verdict
    // computed with sizes that might wrap (bad-host tests, tests/unit/bad_host_traits.cpp).
    constexpr size64 absurd_size = size64(1) << 60;
    for (index_t l = 0; l < graph_.node_count(); ++l) {
        location& loc = L(l);
        escapade::reason why = reason::none;
        if (loc.kind == loc_kind::variable) {
            if (loc.size > absurd_size)
                return fail(errc::limit_exceeded, T::variable_position(p_, loc_var_[l]), "variable '%.*s' has an absurd size (%llu bytes)",
                            int(T::variable_name(p_, loc_var_[l]).size()), T::variable_name(p_, loc_var_[l]).data(),
                            static_cast<unsigned long long>(loc.size));
            if (loc.vkind == var_kind::param || loc.vkind == var_kind::result) continue;
            if (loc.size > opt_.max_stack_var_size) why = reason::too_large;
        } else if (loc.kind == loc_kind::allocation) {
            expr_ref e = loc_expr_[l];
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
                // The record: a code pointer and the receiver (compared without 8 + size, which a
                // host's absurd size could wrap to a small number).
                size64 rs = T::type_size(p_, T::expression_type(p_, recv));
                if (rs > opt_.max_implicit_stack_size || 8 > opt_.max_implicit_stack_size - rs) why = reason::too_large;
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
            if (opt_.explain) {
                if (loc.kind == loc_kind::allocation) k = note_expr(k, loc_expr_[l], why == reason::too_large ? "too large for stack" : "non-constant size");
                else k = note_var(k, loc_var_[l], "too large for stack");
            }
            flow(k, l);
        }
    }
    return ok();
}

// =============================================================================================
// Solving (gc's walkAll / walkOne)
// =============================================================================================

template <class P, class T>
void engine<P, T>::mark_escaping(index_t l, index_t root, escapade::reason why, index_t callee) noexcept {
    location& loc = L(l);
    loc.escapes = true;
    if (pass_ == 1) {
        // conditional pass: only remember whether this escape happened through a conditional sink
        const location& r = L(root);
        loc.cond_root = r.kind == loc_kind::sink ? root : (root != heap_ && r.escapes) ? r.cond_root : invalid_index;
        return;
    }
    loc.why = why;
    loc.why_via = (root == heap_ || !L(root).escapes) ? invalid_index : root;
    loc.why_callee = root == heap_ ? callee : L(root).escapes ? L(root).why_callee : invalid_index;
    if (opt_.explain && (loc.site || loc.kind == loc_kind::variable)) record_explanation(l, root);
}

template <class P, class T>
bool engine<P, T>::describe_loc(text_buffer& out, index_t l) noexcept {
    if (l == heap_) {
        out.put("{heap}");
        return true;
    }
    const location& loc = L(l);
    if (loc.kind == loc_kind::variable) {
        out.put(T::variable_name(p_, loc_var_[l]));
    } else if (loc.kind == loc_kind::allocation) {
        out.put("{storage for ");
        formatter<P, T>{p_}.expr(out, loc_expr_[l]);
        out.put("}");
    } else {
        out.put("{temp}");
    }
    return true;
}

template <class P, class T>
bool engine<P, T>::record_explanation(index_t l, index_t root) noexcept {
    // The chain of flows from l to the root of the current walk, in gc's -m=2 words.
    L(l).expl_first = static_cast<index_t>(expl_.size());
    std::size_t steps = 0;
    index_t n = l;
    char buf[512];
    auto emit = [&](std::string_view s) -> bool {
        std::string_view v;
        if (!out_.intern(s, &v) || !expl_.push_back(v)) return oom();
        ++L(l).expl_count;
        return true;
    };
    while (n != root) {
        if (++steps > graph_.node_count() || !walk_.reached(n) || walk_.via[n] == invalid_index) {
            emit("  warning: truncated explanation due to assignment cycle");
            break;
        }
        const auto& ed = graph_.edge_at(walk_.via[n]);
        text_buffer line(buf, sizeof buf);
        line.put("  flow: ");
        describe_loc(line, ed.dst);
        line.put(" = ");
        if (ed.data.derefs < 0) line.put("&");
        for (std::int32_t i = 0; i < ed.data.derefs && i < 16; ++i) line.put("*");
        describe_loc(line, n);
        line.put(":");
        if (!emit(line.view())) return false;
        // notes, innermost first
        for (index_t ni = ed.data.notes; ni != invalid_index; ni = notes_[ni].next) {
            const note& nt = notes_[ni];
            text_buffer nl(buf, sizeof buf);
            nl.put("    from ");
            if (nt.what == 0) formatter<P, T>{p_}.expr(nl, nt.e);
            else if (nt.what == 2) nl.put(T::variable_name(p_, nt.v));
            else {
                std::string_view st;
                if constexpr (has_statement_text<T, P>::value) st = T::statement_text(p_, nt.s);
                nl.put(st.empty() ? std::string_view("statement") : st);
            }
            nl.put(" (");
            nl.put(nt.why);
            nl.put(") at ");
            std::string_view f = T::file_name(p_, nt.pos.file);
            nl.put(f);
            nl.put(":");
            nl.put_uint(nt.pos.line);
            nl.put(":");
            nl.put_uint(nt.pos.column);
            if (!emit(nl.view())) return false;
        }
        n = ed.dst;
    }
    return ok();
}

template <class P, class T>
bool engine<P, T>::walk_one(index_t root) noexcept {
    struct policy {
        engine* en;
        index_t root;
        walk_value initial() const noexcept { return walk_value{0, reason::none, invalid_index, true}; }
        walk_value extend(const walk_value& v, const flow_data& e) const noexcept {
            std::int32_t base = v.derefs < 0 ? 0 : v.derefs;
            bool exact = v.exact && v.derefs >= 0 && !(e.flags & edge_inexact);
            if (v.cause != reason::none) return walk_value{base + e.derefs, v.cause, v.callee, exact};
            return walk_value{base + e.derefs, e.cause, e.callee, exact};
        }
        bool follow(const flow_data& e) const noexcept { return !(en->pass_ == 1 && (e.flags & edge_fallback)); }
        bool improves(const walk_value& a, const walk_value& b) const noexcept { return a.derefs < b.derefs; }
        bool skip(index_t src) const noexcept { return en->L(src).escapes; }
        bool visit(index_t l, const walk_value& v) noexcept {
            std::int32_t derefs = v.derefs;
            bool address_of = derefs < 0;
            if (address_of) derefs = 0;  // "root = &l; l = x": x's value, not its address, flows to root
            if (!en->outlives(root, l)) return true;
            location& loc = en->L(l);
            if (loc.kind == loc_kind::variable && loc.vkind == var_kind::param) {
                if (en->pass_ == 1) en->leak_to_conditional(l, root, derefs, v.exact);
                else en->leak_to(l, root, derefs);
            }
            if (address_of && !loc.escapes) {
                escapade::reason why = en->reason_from_root(root, v.cause);
                const location& r = en->L(root);
                if (root != en->heap_ && !r.escapes && !(r.kind == loc_kind::variable && r.vkind == var_kind::result))
                    why = (r.fn == loc.fn && r.loop_depth < loc.loop_depth) ? reason::loop_iteration : reason::enclosing_variable;
                en->mark_escaping(l, root, why, v.callee);
                if (!loc.queued) {
                    loc.queued = true;
                    if (!en->todo_.push_back(l)) en->oom();
                }
                return false;  // l will be walked as an escaping root
            }
            return true;
        }
    };
    policy pol{this, root};
    std::uint64_t before = walk_.relaxations;
    if (!backward_walk(graph_, root, walk_, pol)) return oom();
    batch_relaxations_ += walk_.relaxations - before;
    ++out_.mutable_stats().walks;
    return ok();
}

template <class P, class T>
bool engine<P, T>::walk_all() noexcept {
    // Walk from every location that could make something escape, heap first; re-walk a location
    // when it starts to escape. Each location escapes at most once: O(locations) walks.
    // Max loop depth per function prunes walks from roots that outlive nothing.
    for (index_t l = 0; l < graph_.node_count(); ++l) {
        const location& loc = L(l);
        if (loc.fn != invalid_index && loc.loop_depth > fns_[loc.fn].max_depth) fns_[loc.fn].max_depth = loc.loop_depth;
    }
    todo_.clear();
    for (index_t l = graph_.node_count(); l > 0; --l) {
        index_t i = l - 1;
        if (i == heap_ || i == blank_) continue;
        L(i).queued = true;
        if (!todo_.push_back(i)) return oom();
    }
    std::reverse(todo_.begin(), todo_.end());
    L(heap_).queued = true;
    if (!todo_.push_back(heap_)) return oom();
    while (!todo_.empty() && ok()) {
        index_t root = todo_.back();
        todo_.pop_back();
        location& r = L(root);
        r.queued = false;
        bool worth = root == heap_ || r.escapes || (r.kind == loc_kind::variable && r.vkind == var_kind::result);
        if (!worth && r.fn != invalid_index) worth = r.loop_depth < fns_[r.fn].max_depth || fns_[r.fn].has_closures;
        if (!worth) continue;
        if (!walk_one(root)) return false;
        if (opt_.batch_work_limit != 0 && batch_relaxations_ > opt_.batch_work_limit) {
            budget_exceeded_ = true;
            return ok();
        }
    }
    return ok();
}

template <class P, class T>
bool engine<P, T>::give_up_batch() noexcept {
    // Over budget: the conservative answer. Every site of the batch goes to the heap and every
    // parameter leaks to the heap.
    for (index_t l = 0; l < graph_.node_count(); ++l) {
        location& loc = L(l);
        if (l == heap_ || l == blank_) continue;
        if (loc.kind == loc_kind::variable && loc.vkind == var_kind::param) loc.param_esc = leak_summary::leaks_everything();
        // A variable whose address is never taken is not a site: nothing to move to the heap
        // (and results such as ~r0 must not be reported).
        if (loc.kind == loc_kind::variable && !loc.addrtaken && !loc.escapes) continue;
        if (!loc.escapes) {
            loc.escapes = true;
            loc.why = reason::budget;
        }
        loc.why = reason::budget;
        loc.expl_count = 0;
        if (loc.kind == loc_kind::variable && loc.vkind == var_kind::param) loc.param_esc = leak_summary::leaks_everything();
    }
    ++out_.mutable_stats().budget_exceeded;
    return ok();
}

template <class P, class T>
std::string_view engine<P, T>::site_name(index_t l, char* buf, std::size_t size) noexcept {
    const location& loc = L(l);
    if (loc.kind == loc_kind::variable) return T::variable_name(p_, loc_var_[l]);
    text_buffer tb(buf, size);
    formatter<P, T>{p_}.expr(tb, loc_expr_[l]);
    return tb.view();
}

template <class P, class T>
bool engine<P, T>::finish_batch() noexcept {
    if (budget_exceeded_ && !give_up_batch()) return false;
    // Parameter tags.
    for (index_t f : batch_fns_) {
        fn_info& fi = fns_[f];
        for (index_t i = 0; i < fi.params_count; ++i) {
            param_info& pi = params_[fi.params_first + i];
            if (!pi.has_pointers) {
                pi.tag = leak_summary::leaks_everything();  // gc's "" tag; nothing with pointers reaches it
            } else if (!pi.named) {
                pi.tag = leak_summary::bottom();
            } else {
                const index_t* l = var_loc_.find(pi.var);
                leak_summary esc = l ? L(*l).param_esc : leak_summary::bottom();
                esc.optimize();
                pi.tag = esc;
            }
            pi.fallback = pi.tag;
            pi.conds_count = 0;
        }
    }
    // Results of this batch.
    auto& sites = out_.mutable_sites();
    char buf[512];
    for (index_t l = 0; l < graph_.node_count(); ++l) {
        const location& loc = L(l);
        bool var_site = loc.kind == loc_kind::variable && (loc.addrtaken || loc.escapes);
        if (!(loc.site || var_site) || loc.fn == invalid_index) continue;
        site_t s;
        s.function = fns_[loc.fn].ref;
        s.verdict = loc.escapes ? verdict::heap : verdict::stack;
        s.reason = loc.escapes ? (loc.why == reason::none ? reason::escapes : loc.why) : reason::none;
        s.reported = loc.reported && !fns_[loc.fn].wrapper;
        if (loc.kind == loc_kind::variable) {
            s.kind = site_kind::variable;
            s.variable = loc_var_[l];
            s.pos = T::variable_position(p_, loc_var_[l]);
        } else {
            s.kind = site_kind::expression;
            s.expression = loc_expr_[l];
            s.pos = T::expression_position(p_, loc_expr_[l]);
            s.expression_kind = T::expression_kind(p_, loc_expr_[l]);
        }
        if (!out_.intern(site_name(l, buf, sizeof buf), &s.name)) return oom();
        if (loc.escapes && loc.why_via != invalid_index && L(loc.why_via).kind != loc_kind::temp) {
            if (!out_.intern(site_name(loc.why_via, buf, sizeof buf), &s.via)) return oom();
        }
        if (loc.escapes && loc.why_callee != invalid_index && !out_.intern(T::function_name(p_, fns_[loc.why_callee].ref), &s.callee))
            return oom();
        auto& ex = out_.mutable_explanation();
        s.explanation_first = static_cast<index_t>(ex.size());
        for (index_t i = 0; i < loc.expl_count; ++i)
            if (!ex.push_back(expl_[loc.expl_first + i])) return oom();
        for (const extra_line& xl : extra_expl_) {
            if (xl.loc != l) continue;
            char lb[800];
            text_buffer line(lb, sizeof lb);
            line.put("  ");
            line.put(xl.text);
            std::string_view v;
            if (!out_.intern(line.view(), &v) || !ex.push_back(v)) return oom();
        }
        s.explanation_count = static_cast<index_t>(ex.size() - s.explanation_first);
        if (!sites.push_back(s)) return oom();
    }
    // dispatch=context: the conditional pass gives each parameter its unconditional flows and its
    // conditions; the pass-A summary stays as the fallback for callers that cannot resolve them.
    pass_b_ran_ = false;
    if (context_ && !budget_exceeded_ && !sinks_.empty()) {
        pass_b_ran_ = true;
        if (!conditional_pass()) return false;
        if (!budget_exceeded_) {
            for (index_t f : batch_fns_) {
                fn_info& fi = fns_[f];
                for (index_t i = 0; i < fi.params_count; ++i) {
                    param_info& pi = params_[fi.params_first + i];
                    if (!pi.has_pointers || !pi.named) continue;
                    const index_t* l = var_loc_.find(pi.var);
                    leak_summary esc = l ? L(*l).param_esc : leak_summary::bottom();
                    // A parameter moved to the heap by pass A (its address may be kept by some
                    // candidate) is copied into its heap cell in every execution: its value leaks
                    // whatever the call sites resolve (gc's invariant: no heap-to-stack pointer).
                    if (l && L(*l).escaped_in_pass_a) esc.add_heap(0);
                    esc.optimize();
                    pi.tag = esc;
                    pi.conds_first = static_cast<index_t>(conds_.size());
                    if (esc.heap() == 0) continue;  // leaks anyway: conditions add nothing
                    index_t pidx = fi.params_first + i;
                    for (const found_cond& fc : found_conds_) {
                        if (fc.param != pidx) continue;
                        // keep one entry per (subject, method, argument): the smallest level, exact only if all are
                        bool merged = false;
                        for (index_t k = pi.conds_first; k < conds_.size(); ++k) {
                            cond_leak& c = conds_[k];
                            if (c.subject == fc.c.subject && c.method == fc.c.method && c.arg == fc.c.arg) {
                                if (fc.c.derefs < c.derefs) c.derefs = fc.c.derefs;
                                c.exact = c.exact && fc.c.exact;
                                if (!c.exact) c.derefs = 0;
                                merged = true;
                            }
                        }
                        if (!merged && !conds_.push_back(fc.c)) return oom();
                    }
                    pi.conds_count = static_cast<index_t>(conds_.size() - pi.conds_first);
                }
            }
        } else {
            budget_exceeded_ = false;  // the pass-A summaries (tag == fallback) stand
        }
    }
    // Parameters of this batch.
    for (index_t f : batch_fns_) {
        fn_info& fi = fns_[f];
        index_t names_first = static_cast<index_t>(out_.mutable_result_names().size());
        for (index_t r = 0; r < fi.results_count; ++r) {
            std::string_view nm;
            if (!out_.intern(T::variable_name(p_, params_[fi.results_first + r].var), &nm) ||
                !out_.mutable_result_names().push_back(nm))
                return oom();
        }
        for (index_t i = 0; i < fi.params_count; ++i) {
            const param_info& pi = params_[fi.params_first + i];
            param_t pr;
            pr.variable = pi.var;
            pr.function = fi.ref;
            pr.pos = T::variable_position(p_, pi.var);
            pr.leaks = pi.tag;
            pr.has_pointers = pi.has_pointers;
            pr.named = pi.named;
            pr.reported = !fi.wrapper;
            pr.index = i;
            pr.result_names_first = names_first;
            pr.result_count = fi.results_count;
            const index_t* l = var_loc_.find(pi.var);
            pr.moved_to_heap = l && (pass_b_ran_ ? L(*l).escaped_in_pass_a : L(*l).escapes);
            if (!record_conditions(fi, pi, pr)) return false;
            if (!out_.intern(T::variable_name(p_, pi.var), &pr.name) || !out_.mutable_parameters().push_back(pr)) return oom();
        }
        fi.tagged = true;
    }
    auto& st = out_.mutable_stats();
    st.locations += graph_.node_count();
    st.edges += graph_.edge_count();
    ++st.batches;
    std::size_t bytes = graph_.bytes_reserved();
    if (bytes > st.peak_batch_bytes) st.peak_batch_bytes = bytes;
    return ok();
}

/// A parameter's conditional flows into its public result (analysis_result::condition).
template <class P, class T>
bool engine<P, T>::record_conditions(const fn_info& fi, const param_info& pi, param_t& pr) noexcept {
    pr.conditions_first = static_cast<index_t>(out_.mutable_conditions().size());
    for (index_t c = 0; c < pi.conds_count; ++c) {
        const cond_leak& cl = conds_[pi.conds_first + c];
        typename result_type::condition rc;
        if (!out_.intern(T::variable_name(p_, params_[fi.params_first + cl.subject].var), &rc.subject) || !out_.intern(cl.method, &rc.method))
            return oom();
        rc.argument = cl.arg;
        rc.level = cl.derefs;
        rc.exact = cl.exact;
        if (!out_.mutable_conditions().push_back(rc)) return oom();
    }
    pr.conditions_count = static_cast<index_t>(out_.mutable_conditions().size() - pr.conditions_first);
    return true;
}

template <class P, class T>
bool engine<P, T>::finalize_results() noexcept {
    // External functions' parameters (gc reports them too).
    char buf[8];
    (void)buf;
    for (index_t f = 0; f < fns_.size(); ++f) {
        const fn_info& fi = fns_[f];
        if (fi.body) continue;
        index_t names_first = static_cast<index_t>(out_.mutable_result_names().size());
        for (index_t r = 0; r < fi.results_count; ++r) {
            std::string_view nm;
            if (!out_.intern(T::variable_name(p_, params_[fi.results_first + r].var), &nm) ||
                !out_.mutable_result_names().push_back(nm))
                return oom();
        }
        for (index_t i = 0; i < fi.params_count; ++i) {
            const param_info& pi = params_[fi.params_first + i];
            param_t pr;
            pr.variable = pi.var;
            pr.function = fi.ref;
            pr.pos = T::variable_position(p_, pi.var);
            pr.leaks = pi.tag;
            pr.has_pointers = pi.has_pointers;
            pr.named = pi.named;
            pr.reported = !fi.wrapper;
            pr.external = true;
            pr.index = i;
            pr.result_names_first = names_first;
            pr.result_count = fi.results_count;
            if (!record_conditions(fi, pi, pr)) return false;
            if (!out_.intern(T::variable_name(p_, pi.var), &pr.name) || !out_.mutable_parameters().push_back(pr)) return oom();
        }
    }
    // Deterministic order: function order, then position.
    auto& sites = out_.mutable_sites();
    bool sorted = stable_sort(sites.data(), sites.size(), [&](const site_t& a, const site_t& b) {
        index_t fa = fn_of(a.function), fb = fn_of(b.function);
        index_t oa = fns_[fa].outermost, ob = fns_[fb].outermost;
        if (oa != ob) return oa < ob;
        if (a.pos != b.pos) return a.pos < b.pos;
        return false;
    }, mem_);
    auto& params = out_.mutable_parameters();
    if (!sorted) return oom();
    sorted = stable_sort(params.data(), params.size(), [&](const param_t& a, const param_t& b) {
        index_t fa = fn_of(a.function), fb = fn_of(b.function);
        if (fa != fb) return fa < fb;
        return a.index < b.index;
    }, mem_);
    if (!sorted) return oom();
    auto& files = out_.mutable_files();
    // File names used by positions: ask the host for each file index seen (dense up to the max).
    index_t max_file = 0;
    for (const site_t& s : sites) max_file = s.pos.file > max_file ? s.pos.file : max_file;
    for (const param_t& p : params) max_file = p.pos.file > max_file ? p.pos.file : max_file;
    for (const auto& n : out_.mutable_notes()) max_file = n.pos.file > max_file ? n.pos.file : max_file;
    for (index_t i = 0; i <= max_file; ++i) {
        std::string_view nm;
        if (!out_.intern(T::file_name(p_, i), &nm) || !files.push_back(nm)) return oom();
    }
    if (!out_.index()) return oom();
    return ok();
}

template <class P, class T>
status engine<P, T>::run() noexcept {
    out_.clear();
    out_.set_options(opt_);
    closed_ = opt_.dispatch != dispatch::conservative;
    world_closed_ = opt_.world == world::closed;
    precise_ = opt_.model == model::precise;
    tracking_ = closed_ || precise_;
    context_ = opt_.dispatch == dispatch::context;
    if (!setup_functions() || !dispatch_setup()) return err_;
    scc_result scc(mem_);
    vector<index_t> order(mem_);
    if (!build_batches(scc, order)) return err_;
    std::size_t i = 0;
    while (i < order.size()) {
        // One batch: the functions of one SCC and their closures.
        cur_batch_ = fns_[order[i]].batch;
        batch_fns_.clear();
        while (i < order.size() && fns_[order[i]].batch == cur_batch_) {
            if (!batch_fns_.push_back(order[i])) return oom(), err_;
            ++i;
        }
        graph_.clear();
        var_loc_.clear();
        loc_var_.clear();
        loc_expr_.clear();
        def_rhs_.clear();
        has_def_.clear();
        closures_.clear();
        holes_.clear();
        notes_.clear();
        labels_.clear();
        expl_.clear();
        tsets_.clear();
        facts_.clear();
        pending_.clear();
        pending_locs_.clear();
        sinks_.clear();
        found_conds_.clear();
        extra_expl_.clear();
        batch_relaxations_ = 0;
        budget_exceeded_ = false;
        loop_depth_ = 1;
        cur_fn_ = invalid_index;
        heap_ = new_loc(loc_kind::heap, invalid_index, false);
        blank_ = new_loc(loc_kind::blank, invalid_index, false);
        if (!ok()) return err_;
        L(heap_).escapes = true;
        L(heap_).why = reason::escapes;
        // Parameters and results first (gc's initFunc), then declared locals.
        for (index_t f : batch_fns_) {
            fn_info& fi = fns_[f];
            fi.max_depth = 1;
            cur_fn_ = f;
            for (index_t k = 0; k < fi.params_count + fi.results_count; ++k) {
                param_info& pi = params_[fi.params_first + k];
                index_t l = new_loc(loc_kind::variable, f, false);
                if (l == invalid_index) return err_;
                L(l).vkind = pi.result ? var_kind::result : var_kind::param;
                L(l).size = T::type_size(p_, T::variable_type(p_, pi.var));
                L(l).param = fi.params_first + k;
                if (pi.result) L(l).result_index = static_cast<std::int16_t>(k - fi.params_count + 1 > 32000 ? 32000 : k - fi.params_count + 1);
                loc_var_[l] = pi.var;
                if (tracking_ && !pi.result) {
                    // what the callers pass: unknown (closed) or the parameter itself (context)
                    // (a struct or array holding interfaces or functions too: its set is its fields')
                    type_ref pt = T::variable_type(p_, pi.var);
                    if (holds_dynamic(pt)) {
                        if (!facts_.push_back(fact{l, context_ ? (el_param | (fi.params_first + k)) : el_top})) return oom(), err_;
                    } else if (precise_ && T::type_has_pointers(p_, pt) && !facts_.push_back(fact{l, el_top})) {
                        return oom(), err_;  // model=precise: a parameter points to whatever the callers pass
                    }
                }
                bool inserted = false;
                if (!var_loc_.insert(pi.var, l, &inserted)) return oom(), err_;
                if (!inserted) return fail(errc::invalid_host_ir, T::variable_position(p_, pi.var), "variable '%.*s' is a parameter of two functions",
                                           int(T::variable_name(p_, pi.var).size()), T::variable_name(p_, pi.var).data()),
                                      err_;
            }
        }
        for (index_t f : batch_fns_)
            if (!prepass_function(f)) return err_;
        for (index_t f : batch_fns_) {
            if (fns_[f].closure) continue;
            if (!walk_function(f)) return err_;
        }
        if (!flow_closures() || (tracking_ && !resolve_pending()) || !heap_alloc_reasons() || !walk_all() ||
            (closed_ && !describe_resolutions()))
            return err_;
        out_.mutable_stats().relaxations += batch_relaxations_;
        if (!finish_batch()) return err_;
    }
    if (!finalize_results()) return err_;
    return err_;
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_IMPL_HPP
