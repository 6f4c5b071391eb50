// escapade/detail/engine.hpp - the escape analysis engine (see analysis.hpp for the algorithm).
//
// Internal: the public entry point is escapade::analyze in analysis.hpp. Everything here works
// through ir_traits<Program>; nothing of the host IR is copied. Statement and expression walks use
// an explicit task stack, so the depth of the host IR costs heap memory, not native stack.
#ifndef ESCAPADE_DETAIL_ENGINE_HPP
#define ESCAPADE_DETAIL_ENGINE_HPP

#include <algorithm>

#include "../graph.hpp"
#include "../results.hpp"
#include "../scc.hpp"
#include "../solve.hpp"
#include "algorithm.hpp"
#include "format.hpp"
#include "hash_map.hpp"

namespace escapade::detail {

template <class P, class T>
class engine {
public:
    using function_ref = typename T::function_ref;
    using variable_ref = typename T::variable_ref;
    using stmt_ref = typename T::stmt_ref;
    using expr_ref = typename T::expr_ref;
    using type_ref = typename T::type_ref;
    using result_type = analysis_result<P, T>;
    using site_t = typename result_type::site;
    using param_t = typename result_type::parameter;

    engine(const P& p, const analysis_options& opt, result_type& out, memory_resource& mem) noexcept
        : p_(p), opt_(opt), out_(out), mem_(mem), fns_(mem), fn_index_(mem), params_(mem), batch_fns_(mem), graph_(mem),
          var_loc_(mem), loc_var_(mem), loc_expr_(mem), def_rhs_(mem), closures_(mem), tasks_(mem), holes_(mem),
          notes_(mem), labels_(mem), walk_(mem), todo_(mem), scratch_(mem), expl_(mem) {}

    status run() noexcept;

private:
    // ------------------------------------------------------------------------------------------
    // Data
    // ------------------------------------------------------------------------------------------
    struct fn_info {
        function_ref ref{};
        index_t parent = invalid_index;     ///< dense index of the enclosing function (closures)
        index_t outermost = invalid_index;  ///< the non-closure function that contains it
        index_t params_first = 0, params_count = 0;  ///< into params_
        index_t results_first = 0, results_count = 0;
        index_t batch = invalid_index;      ///< batch number; tags are final once the batch is done
        bool closure = false;
        bool body = false;
        bool wrapper = false;
        bool closure_called = false;        ///< a closure literal called directly (gc's ClosureCalled)
        bool has_closures = false;          ///< some closure is nested in it
        bool tagged = false;
        bool value = false;                 ///< used as a function value (func_ref / closure)
        std::int32_t max_depth = 1;         ///< deepest loop depth of its locations (walk pruning)
    };
    struct param_info {
        variable_ref var{};
        index_t fn = invalid_index;
        leak_summary tag = leak_summary::leaks_everything();       ///< unconditional flows
        leak_summary fallback = leak_summary::leaks_everything();  ///< with conditions resolved closed-world
        index_t conds_first = 0, conds_count = 0;                   ///< conditional flows (dispatch=context)
        bool has_pointers = true;
        bool named = true;
        bool result = false;
    };

    enum class loc_kind : std::uint8_t { heap, blank, variable, allocation, temp, sink };
    /// gc's "location": a variable, an allocation, or a temporary.
    struct location {
        index_t fn = invalid_index;
        std::int32_t loop_depth = 1;
        loc_kind kind = loc_kind::temp;
        var_kind vkind = var_kind::local;
        std::int16_t result_index = 0;  ///< 1-based for results
        bool escapes = false;
        bool transient = false;
        bool captured = false;
        bool reassigned = false;
        bool addrtaken = false;
        bool queued = false;
        bool static_reassigned = false;  ///< syntactic reassignment (for static callee resolution)
        bool site = false;               ///< reported as an allocation site
        bool reported = true;
        escapade::reason why = reason::none;
        index_t why_via = invalid_index;  ///< escaping location the reason was inherited from
        index_t why_callee = invalid_index;  ///< function whose summary made it escape
        index_t expl_first = 0, expl_count = 0;
        index_t param = invalid_index;    ///< params_ index for parameters and results
        index_t sink = invalid_index;     ///< sinks_ index for conditional sinks (dispatch=context)
        index_t cond_root = invalid_index;  ///< pass B: escapes only into this conditional sink
        bool escaped_in_pass_a = false;     ///< the verdict, kept while pass B recomputes escapes
        leak_summary param_esc;
        size64 size = 0;                  ///< size of the variable / of the allocation (for limits)
    };
    /// An assignment edge's payload.
    struct flow_data {
        std::int32_t derefs = 0;
        index_t notes = invalid_index;
        escapade::reason cause = reason::none;
        index_t callee = invalid_index;  ///< leaked_by_callee / external_call: the function
        std::uint8_t flags = 0;          ///< edge_fallback, edge_inexact
    };
    enum : std::uint8_t {
        edge_fallback = 1,  ///< closed-world stand-in for a conditional sink (pass A only)
        edge_inexact = 2,   ///< composes a conditional flow whose level is only a bound
        edge_no_types = 4   ///< a concrete value boxed into an interface: carries no type set
    };
    /// gc's "hole": the context an expression's value flows into.
    struct hole {
        index_t dst = invalid_index;
        std::int32_t derefs = 0;
        index_t notes = invalid_index;
        bool addrtaken = false;
        escapade::reason cause = reason::none;
        index_t callee = invalid_index;
        std::uint8_t flags = 0;
    };
    struct note {
        index_t next;
        const char* why;
        source_pos pos;
        std::uint8_t what;  ///< 0 expr, 1 stmt, 2 variable
        expr_ref e;
        stmt_ref s;
        variable_ref v;
    };
    struct closure_rec {
        hole k;
        index_t fn;
        expr_ref e;  ///< the closure expression (results report its capture decisions)
    };
    enum class task_kind : std::uint8_t {
        stmt,
        expr,
        set_depth,     ///< a = depth
        restore_fn,    ///< a = fn, b = depth
        reassigned,    ///< holes_[a .. a+b), where = s
        range_body,    ///< s = the range statement, a = tmp location, b = depth before
        unsafe_value,  ///< k, e
        label_scan     ///< a = fn: pre-pass for looping labels before walking fn's body
    };
    struct task {
        task_kind kind;
        hole k;
        expr_ref e{};
        stmt_ref s{};
        index_t a = 0, b = 0;
    };
    struct walk_value {
        std::int32_t derefs = 0;
        escapade::reason cause = reason::none;
        index_t callee = invalid_index;
        bool exact = true;  ///< no address was clamped and no inexact edge crossed on the best path
    };

    // ---- dispatch = closed / context -------------------------------------------------------
    /// Type-set elements: a dynamic type, a function, or "whatever the callers pass for this
    /// parameter" (context), packed as kind << 30 | index.
    using type_set = capped_set<std::uint32_t, 8>;
    static constexpr std::uint32_t el_type = 0u << 30, el_func = 1u << 30, el_param = 2u << 30, el_loc = 3u << 30;
    static constexpr std::uint32_t el_kind_mask = 3u << 30, el_index_mask = ~(3u << 30);
    static constexpr std::uint32_t el_top = 0xFFFFFFFFu;
    struct fact {
        index_t loc;
        std::uint32_t elem;  ///< or el_top
    };
    /// A conditional flow of a parameter: it reaches argument `arg` (0 = receiver for methods) of
    /// method `method` of the dynamic type of parameter `subject` (or of the function value
    /// `subject` when method is empty) after `derefs` dereferences; inexact = only "some part of
    /// the parameter reaches it", so a resolved leak at any level means a leak at level 0.
    struct cond_leak {
        index_t subject;
        std::string_view method;
        index_t arg;
        std::int32_t derefs;
        bool exact;
    };
    /// A conditional sink: the argument `arg` of a dynamic call inside function `fn` whose target
    /// depends on parameter `subject` of fn.
    struct sink_info {
        index_t fn;
        index_t subject;  ///< index in fn's parameter list
        std::string_view method;
        index_t arg;
    };
    enum class pending_kind : std::uint8_t { method, value, conditions, store };
    /// A call whose flows are decided after type propagation.
    struct pending_call {
        pending_kind kind;
        expr_ref call{};
        index_t fn = invalid_index;         ///< the function containing the call
        index_t callee = invalid_index;     ///< conditions: the static callee
        index_t subject = invalid_index;    ///< method/value: location holding the receiver / function value
        index_t args_first = 0, args_count = 0;  ///< argument temporaries in pending_locs_
        index_t ks_first = 0, ks_count = 0;      ///< result holes in holes_
        bool has_ks = false;
        std::string_view method;
    };
    struct impl_t {
        index_t type;  ///< dyn_types_ index
        index_t fn;
        bool deref;    ///< method of T called through a *T: the receiver is dereferenced
    };

    using graph_t = digraph<location, flow_data>;

    // ------------------------------------------------------------------------------------------
    // Errors
    // ------------------------------------------------------------------------------------------
    bool fail(errc code, source_pos pos, const char* fmt, ...) noexcept
#if defined(__GNUC__) || defined(__clang__)
        __attribute__((format(printf, 4, 5)))
#endif
    {
        if (!err_.ok()) return false;
        char msg[status::max_message];
        std::va_list args;
        va_start(args, fmt);
        std::vsnprintf(msg, sizeof msg, fmt, args);
        va_end(args);
        char file[status::max_file];
        std::string_view fname = pos.known() ? T::file_name(p_, pos.file) : std::string_view();
        std::size_t n = fname.size() < sizeof file - 1 ? fname.size() : sizeof file - 1;
        if (n) std::memcpy(file, fname.data(), n);
        file[n] = '\0';
        err_ = status::error(code, n ? file : nullptr, pos.line, pos.column, "%s", msg);
        return false;
    }
    bool oom() noexcept {
        if (err_.ok()) err_ = status::error(errc::out_of_memory, "out of memory during escape analysis");
        return false;
    }
    bool ok() const noexcept { return err_.ok(); }

    // ------------------------------------------------------------------------------------------
    // Setup: function table, call graph, batches
    // ------------------------------------------------------------------------------------------
    template <class R>
    static std::size_t count(R&& r) noexcept {
        std::size_t n = 0;
        for (auto&& x : r) {
            (void)x;
            ++n;
        }
        return n;
    }
    index_t fn_of(function_ref f) const noexcept {
        const index_t* i = fn_index_.find(f);
        return i ? *i : invalid_index;
    }
    bool setup_functions() noexcept;
    bool build_batches(scc_result& scc, vector<index_t>& order) noexcept;
    bool scan_references(index_t f, vector<index_t>& targets) noexcept;
    bool external_tags(index_t f) noexcept;

    // ------------------------------------------------------------------------------------------
    // Locations and holes
    // ------------------------------------------------------------------------------------------
    index_t new_loc(loc_kind k, index_t fn, bool transient) noexcept {
        location l;
        l.kind = k;
        l.fn = fn;
        l.loop_depth = loop_depth_;
        l.transient = transient;
        index_t i = graph_.add_node(l);
        if (i == invalid_index) return oom(), invalid_index;
        if (!loc_var_.push_back(variable_ref{}) || !loc_expr_.push_back(expr_ref{}) || !def_rhs_.push_back(expr_ref{}) ||
            !has_def_.push_back(0))
            return oom(), invalid_index;
        return i;
    }
    location& L(index_t i) noexcept { return graph_.node(i); }
    const location& L(index_t i) const noexcept { return graph_.node(i); }
    hole loc_hole(index_t l) const noexcept { return hole{l, 0, invalid_index, false, reason::none, invalid_index}; }
    hole heap_hole(escapade::reason cause, index_t callee = invalid_index) const noexcept {
        return hole{heap_, 0, invalid_index, false, cause, callee};
    }
    hole discard_hole() const noexcept { return hole{blank_, 0, invalid_index, false, reason::none, invalid_index}; }
    static hole shift(hole k, std::int32_t delta) noexcept {
        k.derefs += delta;
        if (k.derefs < -1) k.derefs = -1;  // &x is not addressable: cannot happen for well-formed IR
        k.addrtaken = delta < 0;
        return k;
    }
    hole note_expr(hole k, expr_ref where, const char* why) noexcept {
        if (!opt_.explain) return k;
        note n{k.notes, why, T::expression_position(p_, where), 0, where, stmt_ref{}, variable_ref{}};
        if (!notes_.push_back(n)) return oom(), k;
        k.notes = static_cast<index_t>(notes_.size() - 1);
        return k;
    }
    hole note_stmt(hole k, stmt_ref where, const char* why) noexcept {
        if (!opt_.explain) return k;
        note n{k.notes, why, T::statement_position(p_, where), 1, expr_ref{}, where, variable_ref{}};
        if (!notes_.push_back(n)) return oom(), k;
        k.notes = static_cast<index_t>(notes_.size() - 1);
        return k;
    }
    hole note_var(hole k, variable_ref where, const char* why) noexcept {
        if (!opt_.explain) return k;
        note n{k.notes, why, T::variable_position(p_, where), 2, expr_ref{}, stmt_ref{}, where};
        if (!notes_.push_back(n)) return oom(), k;
        k.notes = static_cast<index_t>(notes_.size() - 1);
        return k;
    }
    hole deref(hole k, expr_ref where, const char* why) noexcept { return note_expr(shift(k, 1), where, why); }
    hole addr(hole k, expr_ref where, const char* why) noexcept { return note_expr(shift(k, -1), where, why); }
    /// x.(T): one dereference unless T is an interface or pointer-shaped.
    hole dot_type(hole k, type_ref t, expr_ref where, const char* why) noexcept {
        if (T::type_kind_of(p_, t) != type_kind::interface && !T::type_pointer_shaped(p_, t)) k = shift(k, 1);
        return note_expr(k, where, why);
    }

    /// Records the assignment "k.dst = (derefs) src".
    void flow(hole k, index_t src) noexcept;
    /// A location that flows into every hole (gc's teeHole). Holes must not take addresses.
    hole tee(const hole* ks, std::size_t n) noexcept {
        std::size_t live = 0;
        const hole* only = nullptr;
        for (std::size_t i = 0; i < n; ++i) {
            live++;
            only = &ks[i];
        }
        if (live == 0) return discard_hole();
        if (live == 1) return *only;
        index_t t = new_loc(loc_kind::temp, cur_fn_, true);
        if (t == invalid_index) return discard_hole();
        for (std::size_t i = 0; i < n; ++i) {
            ESCAPADE_ASSERT(ks[i].derefs >= 0);
            flow(ks[i], t);
        }
        return loc_hole(t);
    }
    /// A location that flows into k "later" (gc's later(): keeps a temporary alive).
    hole later(hole k) noexcept {
        index_t t = new_loc(loc_kind::temp, cur_fn_, false);
        if (t == invalid_index) return discard_hole();
        flow(k, t);
        return loc_hole(t);
    }
    /// A fresh location for allocating expression e; its address flows to k.
    hole spill(hole k, expr_ref e, bool site) noexcept {
        index_t l = new_loc(site ? loc_kind::allocation : loc_kind::temp, cur_fn_, true);
        if (l == invalid_index) return discard_hole();
        if (site) {
            L(l).site = true;
            loc_expr_[l] = e;
        }
        flow(addr(k, e, "spill"), l);
        return loc_hole(l);
    }
    index_t var_loc(variable_ref v) noexcept {
        const index_t* i = var_loc_.find(v);
        if (i) return *i;
        // A variable the pre-pass did not see declared (a host may omit declare statements): it
        // belongs to the function being walked, at loop depth 1 like gc's Dcl locations.
        index_t l = new_loc(loc_kind::variable, cur_fn_, false);
        if (l == invalid_index) return heap_;
        L(l).loop_depth = 1;
        L(l).vkind = T::variable_kind(p_, v);
        L(l).size = T::type_size(p_, T::variable_type(p_, v));
        loc_var_[l] = v;
        if (!var_loc_.insert(v, l)) return oom(), heap_;
        return l;
    }
    bool has_pointers(expr_ref e) const noexcept { return T::type_has_pointers(p_, T::expression_type(p_, e)); }
    bool contains_closure(index_t f, index_t c) const noexcept {
        if (f == c || f == invalid_index || c == invalid_index) return false;
        for (index_t g = fns_[c].parent; g != invalid_index; g = fns_[g].parent)
            if (g == f) return true;
        return false;
    }
    bool outlives(index_t l, index_t other) const noexcept;
    bool in_batch(index_t f) const noexcept { return f != invalid_index && fns_[f].batch == cur_batch_ && !fns_[f].tagged; }

    // ------------------------------------------------------------------------------------------
    // Walking statements and expressions (tasks)
    // ------------------------------------------------------------------------------------------
    bool push(const task& t) noexcept { return tasks_.push_back(t) || oom(); }
    bool push_expr(hole k, expr_ref e) noexcept {
        task t{task_kind::expr, k};
        t.e = e;
        return push(t);
    }
    bool push_discard(expr_ref e) noexcept { return push_expr(discard_hole(), e); }
    template <class R>
    bool push_block(R&& stmts) noexcept {
        // restore the depth after the list, then the statements in order (LIFO: reversed)
        task t{task_kind::set_depth, hole{}};
        t.a = static_cast<index_t>(loop_depth_);
        if (!push(t)) return false;
        std::size_t mark = tasks_.size();
        for (auto&& s : stmts) {
            task st{task_kind::stmt, hole{}};
            st.s = s;
            if (!push(st)) return false;
        }
        std::reverse(tasks_.begin() + mark, tasks_.end());
        return true;
    }
    bool walk_function(index_t f) noexcept;
    bool run_tasks() noexcept;
    bool do_stmt(stmt_ref s) noexcept;
    bool do_expr(hole k, expr_ref e) noexcept;
    bool do_call(const hole* ks, std::size_t nks, bool has_ks, expr_ref call) noexcept;
    bool do_go_defer(stmt_ref s, bool is_go) noexcept;
    bool do_unsafe_value(hole k, expr_ref e) noexcept;
    bool assign_list(stmt_ref where, expr_ref const* dsts, std::size_t nd, expr_ref const* srcs, std::size_t ns, const char* why,
                     bool is_return, index_t fn_for_return) noexcept;
    hole addr_of(expr_ref n) noexcept;
    hole tag_hole(const hole* ks, std::size_t nks, bool has_ks, index_t fn, std::size_t param_index, bool unconditional = false) noexcept;
    index_t static_callee(expr_ref fv) noexcept;
    bool gc_devirtualize(expr_ref recv, std::string_view method, type_ref* dyn, index_t* fn, bool* deref_recv) noexcept;
    bool is_self_assign(expr_ref dst, expr_ref src) noexcept;
    bool same_safe_expr(expr_ref a, expr_ref b) noexcept;
    bool may_affect_memory(expr_ref e) noexcept;
    bool label_prepass(index_t f) noexcept;
    bool prepass_function(index_t f) noexcept;

    // ------------------------------------------------------------------------------------------
    // Solving and results
    // ------------------------------------------------------------------------------------------
    bool flow_closures() noexcept;
    bool heap_alloc_reasons() noexcept;
    // dispatch (dispatch_impl.hpp)
    bool dispatch_setup() noexcept;
    bool add_dispatch_edges(index_t f, vector<index_t>& targets) noexcept;
    std::uint32_t dyn_type_elem(type_ref t) noexcept;
    bool impls_of(std::string_view method, const impl_t** first, std::size_t* n) noexcept;
    bool resolve_method(index_t dyn_type, std::string_view method, impl_t* out) noexcept;
    /// Whether a value of dynamic type t has method `method` in the IR (for a *T, T's methods too,
    /// then *deref is set: the receiver is dereferenced).
    bool find_impl(type_ref t, std::string_view method, function_ref* m, bool* deref) noexcept;
    bool check_method_set(expr_ref conversion, type_ref concrete) noexcept;
    void record_fact(hole k, std::uint32_t elem) noexcept {
        if (!tracking_ || k.derefs != 0 || k.dst == invalid_index || k.dst == blank_ || k.dst == heap_) return;
        if (!facts_.push_back(fact{k.dst, elem})) oom();
    }
    bool value_facts(hole k, expr_ref e, expr_kind kind) noexcept;
    void batch_results(const hole* ks, std::size_t nks, bool has_ks, index_t g) noexcept;
    bool holds_dynamic(type_ref t) const noexcept;
    /// Whether values of type t carry a tracked set: dynamic types (closed/context) or, with
    /// model=precise, pointees.
    bool tracked_type(type_ref t) const noexcept { return holds_dynamic(t) || (precise_ && T::type_has_pointers(p_, t)); }
    /// model=precise: a store through the pointer `ptr` (the target expression is `target`): the
    /// value flows into what ptr may point to once points-to sets are known.
    hole precise_store(expr_ref ptr, expr_ref target) noexcept;
    bool pending_dynamic(const hole* ks, std::size_t nks, bool has_ks, expr_ref call, pending_kind kind, index_t static_fn) noexcept;
    bool propagate_types() noexcept;
    bool resolve_pending() noexcept;
    static bool names_targets(const type_set& set, bool value_call) noexcept;
    bool resolve_unknown(const pending_call& pc) noexcept;
    void operands_to_heap(const pending_call& pc) noexcept;
    void apply_target(const pending_call& pc, index_t g, bool deref) noexcept;
    bool resolve_element(const pending_call& pc, std::uint32_t el) noexcept;
    void put_unknown_targets(text_buffer& tb, std::string_view method, index_t arity) noexcept;
    bool resolve_condition(const cond_leak& c, index_t from, std::uint32_t el) noexcept;
    index_t new_sink(index_t fn, index_t subject, std::string_view method, index_t arg) noexcept;
    hole fallback_hole(const hole* ks, std::size_t nks, bool has_ks, index_t fn, std::size_t param_index, std::int32_t extra) noexcept;
    bool add_fallback(index_t from, const hole* ks, std::size_t nks, bool has_ks, std::string_view method, bool value_call,
                      index_t arg, index_t nargs) noexcept;
    bool conditional_pass() noexcept;
    bool describe_resolutions() noexcept;
    struct extra_line {
        index_t loc;
        std::string_view text;
    };
    bool walk_all() noexcept;
    bool walk_one(index_t root) noexcept;
    void leak_to(index_t l, index_t sink, std::int32_t derefs) noexcept {
        location& ll = L(l);
        const location& s = L(sink);
        if (!s.escapes && s.kind == loc_kind::variable && s.vkind == var_kind::result && s.fn == ll.fn) {
            int ri = s.result_index - 1;
            if (ri >= 0 && ri < leak_summary::max_results) {
                ll.param_esc.add_result(ri, derefs);
                return;
            }
        }
        ll.param_esc.add_heap(derefs);
    }
    /// Pass B: a parameter reaching a conditional sink (or a location that escapes only into one)
    /// gets a conditional flow when the sink belongs to its own function.
    void leak_to_conditional(index_t l, index_t root, std::int32_t derefs, bool exact) noexcept {
        const location& r = L(root);
        index_t s = r.kind == loc_kind::sink ? root : r.cond_root;
        if (s == invalid_index) {
            leak_to(l, root, derefs);
            return;
        }
        const sink_info& si = sinks_[L(s).sink];
        location& ll = L(l);
        if (si.fn != ll.fn) {
            ll.param_esc.add_heap(0);  // a condition on another function's parameter: unresolvable
            return;
        }
        bool direct = r.kind == loc_kind::sink;
        cond_leak c{si.subject, si.method, si.arg, direct ? derefs : 0, direct && exact};
        if (!found_conds_.push_back(found_cond{ll.param, c})) oom();
    }
    escapade::reason reason_from_root(index_t root, escapade::reason walked_cause) const noexcept {
        const location& r = L(root);
        if (root == heap_) return walked_cause == reason::none ? reason::escapes : walked_cause;
        if (r.escapes) return r.why == reason::none ? reason::escapes : r.why;
        if (r.kind == loc_kind::variable && r.vkind == var_kind::result) return reason::returned;
        return reason::loop_iteration;  // refined by the caller (loop depth vs enclosing function)
    }
    void mark_escaping(index_t l, index_t root, escapade::reason why, index_t callee) noexcept;
    bool record_explanation(index_t l, index_t root) noexcept;
    bool finish_batch() noexcept;
    bool give_up_batch() noexcept;
    std::string_view site_name(index_t l, char* buf, std::size_t size) noexcept;
    bool describe_loc(text_buffer& out, index_t l) noexcept;
    bool finalize_results() noexcept;
    bool record_conditions(const fn_info& fi, const param_info& pi, param_t& pr) noexcept;

    // ------------------------------------------------------------------------------------------
    const P& p_;
    const analysis_options& opt_;
    result_type& out_;
    memory_resource& mem_;
    status err_;

    vector<fn_info> fns_;
    hash_map<function_ref, index_t, handle_hash<function_ref>> fn_index_;
    vector<param_info> params_;

    // per batch
    index_t cur_batch_ = 0;
    vector<index_t> batch_fns_;
    graph_t graph_;
    hash_map<variable_ref, index_t, handle_hash<variable_ref>> var_loc_;
    vector<variable_ref> loc_var_;
    vector<expr_ref> loc_expr_;
    vector<expr_ref> def_rhs_;  ///< the defining assignment's value of a local (static callee)
    vector<std::uint8_t> has_def_{mem_};
    vector<closure_rec> closures_;
    vector<task> tasks_;
    vector<hole> holes_;
    vector<note> notes_;
    hash_map<std::uint64_t, std::uint8_t> labels_;  ///< (fn << 32 | label) -> looping?
    walk_state<walk_value> walk_;
    vector<index_t> todo_;
    vector<expr_ref> scratch_;
    vector<expr_ref> walk_expr_stack_{mem_};
    vector<expr_ref> call_args_{mem_};
    vector<std::string_view> expl_;
    // dispatch state: whole program
    bool closed_ = false;
    bool world_closed_ = false;     ///< analysis_options::world == closed: unknown sets mean every implementation
    bool empty_as_unknown_ = false;  ///< resolve_pending: the sets have converged; an empty one is not "nil only"
    bool precise_ = false;   ///< model=precise
    bool tracking_ = false;  ///< type/points-to sets are computed (closed_ || precise_)
    bool context_ = false;
    bool pass_b_ran_ = false;
    bool method_values_ = false;  ///< some method value exists: function-value calls cannot be closed
    int pass_ = 0;  ///< 0 = pass A (verdicts), 1 = pass B (conditional summaries)
    vector<type_ref> dyn_types_{mem_};
    hash_map<type_ref, index_t, handle_hash<type_ref>> dyn_type_index_{mem_};
    vector<cond_leak> conds_{mem_};
    vector<impl_t> impls_{mem_};
    hash_map<std::string_view, std::uint64_t> impl_cache_{mem_};  ///< method -> first << 32 | count in impls_
    vector<index_t> value_fns_{mem_};
    // dispatch state: per batch
    vector<type_set> tsets_{mem_};
    vector<fact> facts_{mem_};
    vector<pending_call> pending_{mem_};
    vector<index_t> pending_locs_{mem_};
    vector<sink_info> sinks_{mem_};
    struct found_cond {
        index_t param;  ///< params_ index
        cond_leak c;
    };
    vector<found_cond> found_conds_{mem_};
    vector<extra_line> extra_expl_{mem_};  ///< resolution notes attached to sites (explain)
    index_t heap_ = invalid_index;
    index_t blank_ = invalid_index;
    index_t cur_fn_ = invalid_index;
    std::int32_t loop_depth_ = 1;
    std::uint64_t batch_relaxations_ = 0;
    bool budget_exceeded_ = false;
    std::size_t site_mark_ = 0;
};

}  // namespace escapade::detail

#include "engine_impl.hpp"
#include "dispatch_impl.hpp"

#endif  // ESCAPADE_DETAIL_ENGINE_HPP
