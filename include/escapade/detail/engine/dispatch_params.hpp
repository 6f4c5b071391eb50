// escapade/detail/engine/dispatch_params.hpp - dispatch=closed/context in a closed world: one
// whole-program type flow before the batches (issue 12), giving parameters the sets of what their
// callers pass and, without memory rounds, fields and globals their sets.
//
// param_sets_setup solves one fixpoint over nodes: each parameter, named or unnamed result and
// local variable of interface or function type, each memory key of a field or global of such a
// type (dispatch_memory.hpp's keys: field-based, as VTA), and an anonymous node per dynamic call
// and type assertion operand. A node holds the dynamic types and functions that may reach it:
//   - a parameter, the union over every static call of the program (go and defer included) of
//     what the argument passed for it holds; a local, what is assigned to it; a result, what its
//     return statements give it (`return f()` of several results: f's result i for result i) and
//     what is assigned to it when named; a field key, every struct literal's element and every
//     assignment to x.f or p.f of that field; a global, every assignment to it (static
//     initialisers are assignments of the static-data function);
//   - what an expression holds: I(x) of a concrete x, x's type; a function value, its function;
//     a conversion between such types or from an interface, what its operand holds; a variable,
//     its node; a field read x.f or p.f, its key's node; a static call, its callee's result node
//     (result i for the i-th target of `a, b = f()`, in any assignment form); a dynamic call
//     x.M(...) or f(...), the union of its targets' result nodes, the targets taken from the
//     callee operand's node as its set grows (on-the-fly resolution: a target found late adds its
//     results then); x.(I) for an interface I, the elements of x's node that have I's methods
//     (find_impl: the host's method tables must hold every method of a converted type, promoted
//     ones included, as the closed world already assumes; all elements when the traits cannot
//     list an interface's methods); the value of a comma-ok
//     x.(T) with a concrete T the program converts to an interface, T; nil, nothing;
//   - anything else is unknown: elements of slices, arrays, maps and channels, loads through
//     pointers, method values, a concrete x.(T) of function type, map and receive comma-ok forms,
//     range targets, a call of a function outside the IR or of a body-less one (its results).
// A variable is unknown when its address is taken; a variable a closure captures (a named result
// rewritten by a deferred literal included) is one node with the closure's, whose body assigns it
// by name; a parameter when its function is used as a value (a
// func_ref, a closure, or the target of a method value), is a possible target of dynamic dispatch
// (its first parameter has a type the program converts to an interface, or the element type of
// one: every method of a converted type, which reflection may call too), or is called with a
// number of arguments other than its parameters'. A field or global key is unknown when its
// address is taken (&x.f, &p.f, &g), and a field's when its struct structure is exposed (reachable
// from a type converted to an interface, from either side of a conversion between distinct types,
// or from a parameter or result of a body-less function: dispatch_memory.hpp's rules). A dynamic
// call whose callee set holds an element with no such method, or a function of another arity, is
// unknown. Sets hold at most 8 elements; a ninth makes the set unknown, never smaller; unknown
// flows along every edge. The parameters of a function no static call of the IR calls (an entry,
// called from outside with anything, or dead code) are unknown from the start, so what flows from
// them is unknown too.
//
// The results: params_[i].types for each parameter (unknown = the old answer): under closed, the
// parameter's facts (batch.hpp); under context the parameters keep "whatever the callers pass"
// for their conditions, and the closed-world stand-in of a conditional sink (add_fallback, pass A:
// what the function's own locals assume) takes the targets of the subject parameter's set instead
// of every implementation in the program (param_set_fallback). With analysis_options::memory_rounds
// = 0 (analysis.hpp gives the engine a memory_sets), the field and global keys' sets and the exposed
// structures are what the batches' loads read (dispatch_memory.hpp; no rounds, nothing collected).
// A call's result holds the meet of what its callee's batch exported and the solve's set of that
// result (result_facts, dispatch_facts.hpp): both are sound, and the solve's is known where the
// export is not (a callee of a later batch, a result that holds a caller's argument). Only with world=closed,
// model=gc and a tree host (CFG hosts resolve their calls while building graphs), and only when
// the host states that the IR shows every call (analysis_options::caller_sets: a function no code
// of the IR calls is an entry, whose parameters stay unknown): an open world, a library, never
// gets sets from callers.
//
// Cost: one walk of every body, O(IR nodes), creating at most one node per variable, key, dynamic
// call and assertion, and one edge per flow read off the IR; plus the implementations of each
// method name called dynamically or taken as a method value, once per name (impls_of, cached), and
// an exposure walk visiting each type once. The fixpoint is a worklist over V nodes and E edges,
// each set changing at most capacity + 1 = 9 times (each change re-sends the set along the node's
// edges, O(8) per edge): O((V + E) x 9 x 8). A dynamic flow applies each element of its source at
// most once (<= 8 elements, then unknown), each adding one edge and one method look-up (find_impl):
// O(D x 8) edges for D dynamic calls and assertions.
#ifndef ESCAPADE_DETAIL_ENGINE_DISPATCH_PARAMS_HPP
#define ESCAPADE_DETAIL_ENGINE_DISPATCH_PARAMS_HPP

#include "engine.hpp"
#include "dispatch_memory.hpp"  // memory_sets (the seeded sets, no rounds)

namespace escapade::detail {

/// The node of variable v in the type-flow fixpoint, or invalid_index when v is not tracked (not a
/// parameter, result or local of interface or function type). Creates it on first use.
template <class P, class T>
index_t engine<P, T>::ps_node(variable_ref v) noexcept {
    if (const index_t* n = ps_index_.find(v)) return *n;
    var_kind vk = T::variable_kind(p_, v);
    if (vk != var_kind::param && vk != var_kind::local && vk != var_kind::result) return invalid_index;
    type_kind tk = T::type_kind_of(p_, T::variable_type(p_, v));
    if (tk != type_kind::interface && tk != type_kind::func) return invalid_index;
    index_t n = static_cast<index_t>(ps_sets_.size());
    if (!ps_sets_.push_back(type_set::bottom()) || !ps_index_.insert(v, n)) return oom(), invalid_index;
    return n;
}

/// The node of memory key `key` (a field's, of struct structure `structure`; a global's: 0).
template <class P, class T>
index_t engine<P, T>::ps_key_node(std::uint64_t key, std::uint64_t structure) noexcept {
    if (const index_t* n = ps_key_index_.find(key)) return *n;
    index_t n = static_cast<index_t>(ps_sets_.size());
    if (!ps_sets_.push_back(type_set::bottom()) || !ps_key_index_.insert(key, n)) return oom(), invalid_index;
    if (structure != 0 && (!ps_key_struct_.push_back(structure) || !ps_key_struct_.push_back(n))) return oom(), invalid_index;
    if (!ps_keys_.push_back(key) || !ps_keys_.push_back(n)) return oom(), invalid_index;
    return n;
}

/// The node of result r of function g, or invalid_index (no such result, or not tracked).
template <class P, class T>
index_t engine<P, T>::ps_result_node(index_t g, index_t r) noexcept {
    if (g == invalid_index || r >= fns_[g].results_count) return invalid_index;
    return ps_node(params_[fns_[g].results_first + r].var);
}

/// The nodes an assignment to `target` writes: a tracked variable's (one), a global's or a field's
/// memory keys (two, maybe equal). False: none (a store the solve does not follow).
template <class P, class T>
bool engine<P, T>::ps_target_write(expr_ref target, index_t* nodes) noexcept {
    nodes[0] = nodes[1] = invalid_index;
    expr_kind k = T::expression_kind(p_, target);
    if (k == expr_kind::var) {
        variable_ref v = T::referenced_variable(p_, target);
        std::uint64_t key = 0;
        if (T::variable_kind(p_, v) == var_kind::global) {
            if (!memory_global_key(v, &key)) return false;
            nodes[0] = nodes[1] = ps_key_node(key, 0);
        } else {
            nodes[0] = nodes[1] = ps_node(v);
        }
        return nodes[0] != invalid_index;
    }
    if constexpr (has_struct_field_count<T, P>::value && has_struct_field_type<T, P>::value) {
        field_keys fk;
        if (!memory_field_key(target, &fk)) return false;
        nodes[0] = ps_key_node(fk.write[0], fk.structure);
        nodes[1] = ps_key_node(fk.write[1], fk.structure);
        return nodes[0] != invalid_index && nodes[1] != invalid_index;
    } else {
        return false;
    }
}

/// Makes node n (if any) unknown.
template <class P, class T>
void engine<P, T>::ps_unknown(index_t n) noexcept {
    if (n != invalid_index) ps_sets_[n] = type_set::unknown();
}

/// Every struct type reachable from t (pointers, slices, arrays, channels, map values, fields) is
/// exposed (dispatch_memory.hpp's rule and walk, expose_walk): its fields' nodes are unknown. Each
/// type walked once.
template <class P, class T>
void engine<P, T>::ps_expose(type_ref t) noexcept {
    if constexpr (has_struct_field_count<T, P>::value && has_struct_field_type<T, P>::value) {
        if (fault_planted(unsound_fault::flow_ignore_exposure)) return;
        expose_walk(t, ps_expose_seen_, [&](type_ref u) -> bool {
            bool fresh = false;
            std::uint64_t h = memory_keys_of(u, 0).structure;
            if (!ps_exposed_.insert(h, 1, &fresh) || (fresh && !ps_exposed_list_.push_back(h))) return oom(), false;
            return true;
        });
    } else {
        (void)t;
    }
}

/// Whether dynamic type dyn_types_[dyn_type] has every method of interface iface (true when the
/// traits cannot list an interface's methods: the filter then keeps everything).
template <class P, class T>
bool engine<P, T>::ps_implements(index_t dyn_type, type_ref iface) noexcept {
    if constexpr (has_interface_method_count<T, P>::value && has_interface_method_name<T, P>::value) {
        std::size_t n = T::interface_method_count(p_, iface);
        for (std::size_t i = 0; i < n; ++i) {
            function_ref m{};
            bool deref = false;
            if (!find_impl(dyn_types_[dyn_type], T::interface_method_name(p_, iface, i), &m, &deref) || fn_of(m) == invalid_index)
                return false;
        }
        return true;
    } else {
        (void)dyn_type, (void)iface;
        return true;
    }
}

/// What the value e holds (its result `result` when e is a call with several results) flows into
/// node dst: an element now, a flow from another node, a dynamic flow resolved during the solve
/// (a dynamic call's result, a type assertion to an interface), or unknown. Iterative: the operands
/// still to read are items on ps_items_ (no recursion).
template <class P, class T>
bool engine<P, T>::ps_flow(index_t dst0, expr_ref e0, index_t result0) noexcept {
    if (dst0 == invalid_index) return true;
    ps_items_.clear();
    if (!ps_items_.push_back(ps_item{dst0, e0, result0})) return oom();
    auto edge = [&](index_t src, index_t dst) -> bool {
        if (src == invalid_index) return ps_unknown(dst), true;
        return ps_edges_.push_back(std::uint64_t(src) << 32 | dst) || oom();
    };
    auto anonymous = [&]() -> index_t {
        index_t n = static_cast<index_t>(ps_sets_.size());
        if (!ps_sets_.push_back(type_set::bottom())) return oom(), invalid_index;
        return n;
    };
    auto first_operand = [&](expr_ref x, expr_ref* out) -> bool {
        for (auto&& o : T::expression_operands(p_, x)) {
            *out = o;
            return true;
        }
        return false;
    };
    while (!ps_items_.empty()) {
        ps_item it = ps_items_.back();
        ps_items_.pop_back();
        index_t dst = it.dst;
        expr_ref e = it.e;
        expr_kind k = T::expression_kind(p_, e);
        bool is_call = k == expr_kind::call || k == expr_kind::call_method || k == expr_kind::call_value;
        if (it.result != 0 && !is_call) {
            ps_unknown(dst);
            continue;
        }
        switch (k) {
        case expr_kind::constant: break;  // nil: no dynamic type, no function
        case expr_kind::func_ref:
        case expr_kind::closure: {
            index_t g = fn_of(T::referenced_function(p_, e));
            if (g == invalid_index) ps_unknown(dst);
            else ps_sets_[dst].insert(el_func | g);
            break;
        }
        case expr_kind::to_iface:
        case expr_kind::convert: {
            expr_ref inner{};
            if (!first_operand(e, &inner)) {
                ps_unknown(dst);
                break;
            }
            type_ref t = T::expression_type(p_, inner);
            type_kind ik = T::type_kind_of(p_, t);
            if (k == expr_kind::to_iface && ik != type_kind::interface) {
                std::uint32_t el = dyn_type_elem(t);
                if (el == el_top) ps_unknown(dst);
                else ps_sets_[dst].insert(el);
                break;
            }
            if (ik != type_kind::interface && ik != type_kind::func) {
                ps_unknown(dst);
                break;
            }
            if (!ps_items_.push_back(ps_item{dst, inner, 0})) return oom();  // the same value: what the operand holds
            break;
        }
        case expr_kind::var: {
            variable_ref v = T::referenced_variable(p_, e);
            std::uint64_t key = 0;
            index_t src = invalid_index;
            if (T::variable_kind(p_, v) == var_kind::global) {
                if (memory_global_key(v, &key)) src = ps_key_node(key, 0);
            } else {
                src = ps_node(v);
            }
            if (!ok() || !edge(src, dst)) return false;
            break;
        }
        case expr_kind::field:
        case expr_kind::field_ptr: {
            // a field of interface or function type holds its key's set (field-based, as VTA)
            bool known = false;
            if constexpr (has_struct_field_count<T, P>::value && has_struct_field_type<T, P>::value) {
                field_keys fk;
                if (memory_field_key(e, &fk)) {
                    known = true;
                    for (int j = 0; j < 2; ++j)
                        if (j == 0 || fk.read[1] != fk.read[0])
                            if (!edge(ps_key_node(fk.read[j], fk.structure), dst) || !ok()) return false;
                }
            }
            if (!known) ps_unknown(dst);
            break;
        }
        case expr_kind::call: {
            index_t g = fn_of(T::referenced_function(p_, e));
            index_t src = ps_result_node(g, it.result);
            if (!ok() || !edge(src, dst)) return false;
            break;
        }
        case expr_kind::call_method:
        case expr_kind::call_value: {
            // the union of the targets' results, as the callee operand's set grows (ps_solve)
            expr_ref callee{};
            if (!first_operand(e, &callee)) {
                ps_unknown(dst);
                break;
            }
            index_t nargs = 0;
            for (auto&& o : T::expression_operands(p_, e)) {
                (void)o;
                ++nargs;
            }
            index_t src = anonymous();
            if (src == invalid_index) return false;
            ps_dyn d;
            d.src = src, d.dst = dst, d.result = it.result, d.nargs = nargs - 1;
            if (k == expr_kind::call_method) d.method = T::method_name(p_, e);
            else d.kind = ps_dyn_kind::value;
            if (!ps_dyns_.push_back(d) || !ps_items_.push_back(ps_item{src, callee, 0})) return oom();
            break;
        }
        case expr_kind::type_assert: {
            // x.(I): the elements of x's set that implement I; x.(T) of a function type: unknown
            type_ref t = T::expression_type(p_, e);
            expr_ref x{};
            if (T::type_kind_of(p_, t) != type_kind::interface || !first_operand(e, &x)) {
                ps_unknown(dst);
                break;
            }
            if (fault_planted(unsound_fault::flow_assert_nothing)) break;
            index_t src = anonymous();
            if (src == invalid_index) return false;
            ps_dyn d;
            d.src = src, d.dst = dst, d.kind = ps_dyn_kind::assert_iface, d.iface = t;
            if (!ps_dyns_.push_back(d) || !ps_items_.push_back(ps_item{src, x, 0})) return oom();
            break;
        }
        default: ps_unknown(dst); break;
        }
    }
    return ok();
}

/// The fixpoint over the nodes: flows between nodes, and the dynamic flows, applied to each element
/// of their source as it arrives (a target found late adds its results then). Sets only grow (an
/// unknown set stays unknown), each at most capacity + 1 times.
template <class P, class T>
bool engine<P, T>::ps_solve() noexcept {
    vector<index_t> head(mem_), enext(mem_), edst(mem_), whead(mem_), work(mem_);
    vector<std::uint8_t> queued(mem_);
    auto grow = [&]() -> bool {
        std::size_t nn = ps_sets_.size();
        if (head.size() >= nn) return true;
        std::size_t old = head.size();
        if (!head.resize(nn, invalid_index) || !whead.resize(nn, invalid_index) || !queued.resize(nn, 0)) return oom();
        for (std::size_t i = old; i < nn; ++i) {
            queued[i] = 1;
            if (!work.push_back(static_cast<index_t>(i))) return oom();
        }
        return true;
    };
    auto add_edge = [&](index_t src, index_t dst) -> bool {
        if (!enext.push_back(head[src]) || !edst.push_back(dst)) return oom();
        head[src] = static_cast<index_t>(edst.size() - 1);
        return true;
    };
    auto enqueue = [&](index_t d) -> bool {
        if (queued[d]) return true;
        queued[d] = 1;
        return work.push_back(d) || oom();
    };
    // joins set s into node d
    auto join = [&](index_t d, const type_set& s) -> bool {
        type_set& ds = ps_sets_[d];
        if (ds.top) return true;
        bool changed = false;
        if (s.top) {
            ds = type_set::unknown();
            changed = true;
        } else {
            for (std::uint32_t el : s) {
                if (ds.top) break;
                changed = ds.insert(el) || changed;
            }
        }
        return !changed || enqueue(d);
    };
    auto unknown = [&](index_t d) -> bool { return join(d, type_set::unknown()); };
    if (!grow()) return false;
    for (std::uint64_t ed : ps_edges_)
        if (!add_edge(static_cast<index_t>(ed >> 32), static_cast<index_t>(ed & 0xFFFFFFFFu))) return false;
    for (index_t i = 0; i < ps_dyns_.size(); ++i) {
        ps_dyns_[i].next = whead[ps_dyns_[i].src];
        whead[ps_dyns_[i].src] = i;
    }
    bool first_only = fault_planted(unsound_fault::flow_first_targets);
    while (!work.empty()) {
        index_t n = work.back();
        work.pop_back();
        queued[n] = 0;
        const type_set src = ps_sets_[n];
        for (index_t j = head[n]; j != invalid_index; j = enext[j])
            if (!join(edst[j], src)) return false;
        for (index_t d = whead[n]; d != invalid_index; d = ps_dyns_[d].next) {
            if (src.top) {
                if (!unknown(ps_dyns_[d].dst)) return false;
                continue;
            }
            if (first_only && ps_dyns_[d].done.size > 0) continue;
            for (std::uint32_t el : src) {
                ps_dyn& dy = ps_dyns_[d];
                if (dy.done.contains(el)) continue;
                dy.done.insert(el);
                std::uint32_t kind = el & el_kind_mask, idx = el & el_index_mask;
                index_t target = invalid_index;
                if (dy.kind == ps_dyn_kind::assert_iface) {
                    if (kind == el_type && !ps_implements(idx, dy.iface)) continue;
                    type_set one = type_set::bottom();
                    one.insert(el);
                    if (!join(dy.dst, one)) return false;
                    continue;
                }
                if (dy.kind == ps_dyn_kind::method && kind == el_type) {
                    impl_t im;
                    if (resolve_method(idx, dy.method, &im)) target = im.fn;
                } else if (dy.kind == ps_dyn_kind::value && kind == el_func && fns_[idx].params_count == dy.nargs) {
                    target = idx;
                }
                index_t r = target == invalid_index ? invalid_index : ps_result_node(target, dy.result);
                if (!ok() || !grow()) return false;
                if (r == invalid_index) {
                    if (!unknown(ps_dyns_[d].dst)) return false;
                    continue;
                }
                index_t dd = ps_dyns_[d].dst;
                if (!add_edge(r, dd)) return false;
                const type_set rs = ps_sets_[r];
                if (!join(dd, rs)) return false;
            }
        }
    }
    return ok();
}

/// The whole-program type flow (see the file comment). Leaves every parameter's types unknown
/// outside a closed world with model=gc on a tree host.
template <class P, class T>
bool engine<P, T>::param_sets_setup() noexcept {
    if constexpr (is_cfg) {
        return true;
    } else {
        if (!closed_ || precise_ || !world_closed_ || !opt_.caller_sets) return true;
        // the receivers of the possible targets of dynamic dispatch: every converted type and the
        // element of every converted pointer type
        hash_map<type_ref, std::uint8_t, handle_hash<type_ref>> receivers(mem_);
        for (type_ref t : dyn_types_) {
            if (!receivers.insert(t, 1)) return oom();
            if (T::type_kind_of(p_, t) == type_kind::pointer && !receivers.insert(T::type_elem(p_, t), 1)) return oom();
        }
        auto fn_unknown = [&](index_t g) -> bool {
            const fn_info& gi = fns_[g];
            for (index_t i = 0; i < gi.params_count; ++i) {
                index_t n = ps_node(params_[gi.params_first + i].var);
                if (!ok()) return false;
                ps_unknown(n);
            }
            return true;
        };
        for (index_t g = 0; g < fns_.size(); ++g) {
            const fn_info& gi = fns_[g];
            bool unknown = gi.value || gi.closure;
            if (!unknown && gi.params_count > 0) {
                type_ref first = T::variable_type(p_, params_[gi.params_first].var);
                unknown = receivers.find(first) != nullptr;
            }
            if (unknown && !fn_unknown(g)) return false;
            if (!gi.body) {
                // a body-less function: its results are unknown; what it is given or returns is
                // written by code the IR does not show (its struct types are exposed)
                for (index_t r = 0; r < gi.results_count; ++r) {
                    index_t n = ps_result_node(g, r);
                    if (!ok()) return false;
                    if (!fault_planted(unsound_fault::flow_unknown_results)) ps_unknown(n);
                }
                for (auto&& v : T::params(p_, gi.ref)) ps_expose(T::variable_type(p_, v));
                for (auto&& v : T::results(p_, gi.ref)) ps_expose(T::variable_type(p_, v));
                if (!ok()) return false;
            }
        }
        // captured variables (named results included) share one node with the closure: its body
        // reads and writes them by name (walked below as its own function), so its assignments
        // are followed like the enclosing function's (the planted fault drops them)
        bool drop_closure_writes = fault_planted(unsound_fault::flow_ignore_closure_writes);
        hash_map<variable_ref, std::uint8_t, handle_hash<variable_ref>> captured(mem_);
        if (drop_closure_writes)
            for (index_t g = 0; g < fns_.size(); ++g)
                if (fns_[g].closure)
                    for (auto&& v : T::captures(p_, fns_[g].ref))
                        if (!captured.insert(v, 1)) return oom();
        vector<expr_ref> ops(mem_);
        hash_map<std::string_view, std::uint8_t> names_done(mem_);  // method names whose targets are unknown already
        auto impls_unknown = [&](std::string_view name) -> bool {
            bool inserted = false;
            if (!names_done.insert(name, 1, &inserted)) return oom();
            if (!inserted) return true;
            const impl_t* first;
            std::size_t n;
            if (!impls_of(name, &first, &n)) return false;
            for (std::size_t i = 0; i < n; ++i)
                if (!fn_unknown(first[i].fn)) return false;
            return true;
        };
        index_t cur = invalid_index;  // the function being walked
        vector<std::uint8_t> called(mem_);  // functions with a static call in the IR
        if (!called.resize(fns_.size(), 0)) return oom();
        auto on_stmt = [&](stmt_ref s, stmt_kind sk, index_t) {
            if (sk == stmt_kind::closure) return visit::skip;
            if (sk != stmt_kind::assign && sk != stmt_kind::range && sk != stmt_kind::return_) return visit::descend;
            ops.clear();
            for (auto&& o : T::statement_operands(p_, s))
                if (!ops.push_back(o)) return oom(), visit::stop;
            if (sk == stmt_kind::return_) {
                // return values flow into the results; `return f()` of several results, each
                const fn_info& fi = fns_[cur];
                std::size_t nr = fi.results_count;
                if (ops.empty()) return visit::descend;  // named results: assigned where they are written
                for (index_t r = 0; r < nr; ++r) {
                    index_t n = ps_result_node(cur, r);
                    if (!ok()) return visit::stop;
                    if (n == invalid_index) continue;
                    bool flowed = true;
                    if (ops.size() == nr) flowed = ps_flow(n, ops[r]);
                    else if (ops.size() == 1) flowed = ps_flow(n, ops[0], r);
                    else ps_unknown(n);
                    if (!flowed) return visit::stop;
                }
                return visit::descend;
            }
            std::size_t nt = sk == stmt_kind::range ? (ops.size() >= 2 ? 2 : ops.size()) : T::statement_targets(p_, s);
            if (nt > ops.size()) nt = ops.size();
            std::size_t nv = ops.size() - nt;
            assign_form form = sk == stmt_kind::assign ? T::statement_form(p_, s) : assign_form::call;
            bool pairwise = sk == stmt_kind::assign && nv == nt &&
                            (form == assign_form::plain || form == assign_form::define || form == assign_form::pair);
            // `a, b = f()` (any form: `:=` keeps define): each target its result; `v, ok = x.(T)`:
            // v the asserted value (unconverted: a concrete T into an interface v holds T)
            expr_kind vk = nv == 1 ? T::expression_kind(p_, ops[nt]) : expr_kind::opaque;
            bool results = sk == stmt_kind::assign && nv == 1 && nt > 1 &&
                           (vk == expr_kind::call || vk == expr_kind::call_method || vk == expr_kind::call_value);
            bool comma_ok = sk == stmt_kind::assign && nv == 1 && nt == 2 && vk == expr_kind::type_assert;
            std::uint32_t asserted = el_top;  // the concrete type of a comma-ok assertion, if converted
            if (comma_ok) {
                type_ref at = T::expression_type(p_, ops[nt]);
                type_kind ak = T::type_kind_of(p_, at);
                const index_t* d = dyn_type_index_.find(at);
                if (ak != type_kind::interface && ak != type_kind::func && d != nullptr && *d < el_index_mask) asserted = el_type | *d;
            }
            for (std::size_t i = 0; i < nt; ++i) {
                index_t nodes[2];
                if (drop_closure_writes && fns_[cur].closure && T::expression_kind(p_, ops[i]) == expr_kind::var &&
                    captured.find(T::referenced_variable(p_, ops[i])) != nullptr)
                    continue;
                if (!ps_target_write(ops[i], nodes)) {
                    if (!ok()) return visit::stop;
                    continue;  // a store the solve does not follow
                }
                for (int j = 0; j < 2; ++j) {
                    if (j == 1 && nodes[1] == nodes[0]) break;
                    index_t n = nodes[j];
                    bool flowed = true;
                    if (pairwise) flowed = ps_flow(n, ops[nt + i]);
                    else if (results) flowed = ps_flow(n, ops[nt], static_cast<index_t>(i));
                    else if (comma_ok && i == 0 && asserted != el_top) ps_sets_[n].insert(asserted);
                    else if (comma_ok && i == 0) flowed = ps_flow(n, ops[nt]);
                    else ps_unknown(n);
                    if (!flowed) return visit::stop;
                }
            }
            return visit::descend;
        };
        auto on_expr = [&](expr_ref e, expr_kind k) {
            if (k == expr_kind::addr) {
                // &v, &v.f, &v[i] on a value: v may be written through the pointer; &x.f, &p.f,
                // &global: that field's or global's node too
                expr_ref x = e;
                bool direct = true;
                for (;;) {
                    expr_ref inner{};
                    bool has = false;
                    for (auto&& o : T::expression_operands(p_, x)) {
                        inner = o;
                        has = true;
                        break;
                    }
                    if (!has) break;
                    x = inner;
                    expr_kind xk = T::expression_kind(p_, x);
                    if (direct && !fault_planted(unsound_fault::flow_ignore_address)) {
                        index_t nodes[2];
                        bool global_or_field = xk != expr_kind::var || T::variable_kind(p_, T::referenced_variable(p_, x)) == var_kind::global;
                        if (global_or_field && ps_target_write(x, nodes)) {
                            ps_unknown(nodes[0]);
                            ps_unknown(nodes[1]);
                        }
                        if (!ok()) return visit::stop;
                    }
                    direct = false;
                    if (xk == expr_kind::var) {
                        index_t n = ps_node(T::referenced_variable(p_, x));
                        if (!ok()) return visit::stop;
                        ps_unknown(n);
                        break;
                    }
                    if (xk != expr_kind::field && xk != expr_kind::index) break;
                }
            } else if (k == expr_kind::to_iface) {
                // reflection may write what the interface holds
                for (auto&& o : T::expression_operands(p_, e)) {
                    ps_expose(T::expression_type(p_, o));
                    break;
                }
                if (!ok()) return visit::stop;
            } else if (k == expr_kind::convert) {
                // the same memory seen as another type: neither type's fields are followed
                for (auto&& o : T::expression_operands(p_, e)) {
                    type_ref to = T::expression_type(p_, e), from = T::expression_type(p_, o);
                    if (!(to == from)) {
                        ps_expose(to);
                        ps_expose(from);
                    }
                    break;
                }
                if (!ok()) return visit::stop;
            } else if (k == expr_kind::struct_lit) {
                // element i of a field of interface or function type: a store into that field
                if constexpr (has_struct_field_count<T, P>::value && has_struct_field_type<T, P>::value) {
                    type_ref st = T::expression_type(p_, e);
                    if (T::type_kind_of(p_, st) == type_kind::struct_) {
                        std::size_t c = T::struct_field_count(p_, st), i = 0;
                        for (auto&& o : T::expression_operands(p_, e)) {
                            if (i >= c) break;
                            type_kind fk = T::type_kind_of(p_, T::struct_field_type(p_, st, i));
                            if (fk == type_kind::interface || fk == type_kind::func) {
                                field_keys keys = memory_keys_of(st, static_cast<index_t>(i));
                                for (int j = 0; j < 2; ++j) {
                                    if (j == 1 && keys.write[1] == keys.write[0]) break;
                                    index_t n = ps_key_node(keys.write[j], keys.structure);
                                    if (!ok() || !ps_flow(n, o)) return visit::stop;
                                }
                            }
                            ++i;
                        }
                    }
                }
            } else if (k == expr_kind::method_value) {
                // x.M as a value: M of x's type (or of every converted type) called with unknown arguments
                for (auto&& o : T::expression_operands(p_, e)) {
                    type_ref xt = T::expression_type(p_, o);
                    std::string_view name = T::method_name(p_, e);
                    if (T::type_kind_of(p_, xt) == type_kind::interface) {
                        if (!impls_unknown(name)) return visit::stop;
                    } else {
                        function_ref m{};
                        bool deref = false;
                        if (find_impl(xt, name, &m, &deref) && fn_of(m) != invalid_index && !fn_unknown(fn_of(m))) return visit::stop;
                    }
                    break;
                }
            } else if (k == expr_kind::call_method) {
                // every implementation of M is a possible target (with a host whose type handles
                // are canonical the receiver rule above already covers them)
                if (!impls_unknown(T::method_name(p_, e))) return visit::stop;
            } else if (k == expr_kind::call) {
                index_t g = fn_of(T::referenced_function(p_, e));
                if (g == invalid_index || !fns_[g].body) return visit::descend;
                called[g] = 1;
                const fn_info& gi = fns_[g];
                std::size_t nargs = 0;
                for (auto&& o : T::expression_operands(p_, e)) {
                    (void)o;
                    ++nargs;
                }
                bool spread = false;
                if constexpr (has_is_spread<T, P>::value) spread = T::is_spread(p_, e);
                if (nargs != gi.params_count || spread) {
                    if (!fn_unknown(g)) return visit::stop;
                    return visit::descend;
                }
                index_t i = 0;
                for (auto&& o : T::expression_operands(p_, e)) {
                    index_t n = ps_node(params_[gi.params_first + i].var);
                    if (!ok() || !ps_flow(n, o)) return visit::stop;
                    ++i;
                }
            }
            return visit::descend;
        };
        for (index_t f = 0; f < fns_.size(); ++f) {
            cur = f;
            if (fns_[f].body && !walk_body(f, stmt_order::mirrored, on_stmt, on_expr)) return false;
        }
        // an entry (no static call in the IR) is called from outside with anything: its parameters
        // are unknown, and so is what flows from them (not only its own summary)
        for (index_t g = 0; g < fns_.size(); ++g)
            if (fns_[g].body && !called[g] && !fault_planted(unsound_fault::flow_ignore_entries) && !fn_unknown(g)) return false;
        // fields of exposed struct types are written where the solve does not see it
        for (std::size_t i = 0; i + 1 < ps_key_struct_.size(); i += 2)
            if (ps_exposed_.find(ps_key_struct_[i]) != nullptr) ps_unknown(static_cast<index_t>(ps_key_struct_[i + 1]));
        if (!ps_solve()) return false;
        ps_solved_ = true;
        if (msets_ != nullptr && opt_.memory_rounds == 0) {
            // no rounds (analysis.hpp): the batches' loads of fields and globals read these sets
            for (std::size_t i = 0; i + 1 < ps_keys_.size(); i += 2) {
                type_set* s = msets_->in.at(ps_keys_[i]);
                if (s == nullptr) return oom();
                *s = ps_sets_[static_cast<index_t>(ps_keys_[i + 1])];
            }
            for (std::uint64_t h : ps_exposed_list_)
                if (!msets_->in.expose(h)) return oom();
            ps_seeded_ = true;
        }
        // each parameter's converged set; empty: no caller in the IR, unknown
        for (index_t g = 0; g < fns_.size(); ++g) {
            const fn_info& gi = fns_[g];
            for (index_t i = 0; i < gi.params_count; ++i) {
                param_info& pi = params_[gi.params_first + i];
                const index_t* n = ps_index_.find(pi.var);
                if (n == nullptr) continue;
                const type_set& s = ps_sets_[*n];
                if (!s.top && s.size > 0) pi.types = s;
            }
        }
        return ok();
    }
}

/// The known set of the subject parameter of conditional sink `sink`, or nullptr (unknown: the
/// closed world's answer applies).
template <class P, class T>
const typename engine<P, T>::type_set* engine<P, T>::param_set_of_sink(index_t sink) noexcept {
    if (sink == invalid_index || L(sink).kind != loc_kind::sink) return nullptr;
    const sink_info& si = b_.sinks[L(sink).sink];
    const fn_info& fi = fns_[si.fn];
    if (si.subject >= fi.params_count) return nullptr;
    const type_set& s = params_[fi.params_first + si.subject].types;
    if (s.top || s.size == 0) return nullptr;
    return &s;
}

/// add_fallback with the subject parameter's set known: each element that names a target applies
/// it (f(g, deref)); one that names no target there is skipped; an element of the right kind whose
/// method the IR lacks, or a function of another arity, is the heap (*heap). false when no element
/// names a target (the caller then takes the closed world's answer).
template <class P, class T>
template <class F>
bool engine<P, T>::param_set_fallback(const type_set& s, bool value_call, std::string_view method, index_t nargs, bool* heap,
                                      F&& f) noexcept {
    bool any = false;
    *heap = false;
    for (std::uint32_t el : s) {
        std::uint32_t kind = el & el_kind_mask, idx = el & el_index_mask;
        if (kind == el_type && !value_call) {
            any = true;
            impl_t im;
            if (resolve_method(idx, method, &im)) f(im.fn, im.deref);
            else *heap = true;
        } else if (kind == el_func && value_call) {
            any = true;
            if (nargs == invalid_index || fns_[idx].params_count == nargs) f(idx, false);
            else *heap = true;
        }
    }
    return any;
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_DISPATCH_PARAMS_HPP
