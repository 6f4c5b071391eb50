// escapade/detail/engine/engine.hpp - the escape analysis engine: its data and its member functions,
// grouped by the file that defines them (the algorithm is in analysis.hpp's header; docs/engine.md
// has the table file -> concern -> Go counterpart).
//
// Internal: the public entry point is escapade::analyze in analysis.hpp, which includes every file
// of this directory. Everything here works through ir_traits<Program>; nothing of the host IR is
// copied. Statement and expression walks use an explicit task stack, so the depth of the host IR
// costs heap memory, not native stack. This file declares; it includes none of the files that
// define (no include cycle): each of them includes this one. The host-independent types of the
// location graph and of dispatch are its two bases, location_types.hpp and dispatch_types.hpp.
#ifndef ESCAPADE_DETAIL_ENGINE_ENGINE_HPP
#define ESCAPADE_DETAIL_ENGINE_ENGINE_HPP

#include <algorithm>
#include <cstdarg>
#include <cstring>
#include <type_traits>

#include "../../graph.hpp"
#include "../../results.hpp"
#include "../../scc.hpp"
#include "../../solve.hpp"
#include "../algorithm.hpp"
#include "../format.hpp"
#include "../hash_map.hpp"
#include "body_walk.hpp"
#include "dispatch_types.hpp"
#include "location_types.hpp"
#include "../cfg/function_shape.hpp"
#include "../cfg/host.hpp"

namespace escapade::detail {

struct memory_sets;  // dispatch_memory.hpp: type sets through memory across whole-program rounds

template <class P, class T>
class engine : private location_types, private dispatch_types {
public:
    using function_ref = typename T::function_ref;
    using variable_ref = typename T::variable_ref;
    using stmt_ref = typename T::stmt_ref;
    using expr_ref = typename T::expr_ref;
    using type_ref = typename T::type_ref;
    using result_type = analysis_result<P, T>;
    using site_t = typename result_type::site;
    using param_t = typename result_type::parameter;
    /// A CFG host (cfg_traits, through detail/cfg/host.hpp): graph construction is cfg_build.hpp.
    static constexpr bool is_cfg = is_cfg_host<T>::value;

    engine(const P& p, const analysis_options& opt, result_type& out, memory_resource& mem) noexcept
        : p_(p), opt_(opt), out_(out), mem_(mem), fns_(mem), fn_index_(mem), params_(mem), walker_(mem), contract_(mem), refs_(mem), b_(mem) {}

    status run() noexcept;
    /// dispatch_memory.hpp: the memory sets a whole-program round reads and fills (closed world,
    /// dispatch closed/context, model gc); null: loads from memory are unknown.
    void set_memory(memory_sets* m) noexcept { msets_ = m; }

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
        index_t cfg_result = invalid_index; ///< CFG hosts: the location of the function's result (this batch)
        index_t refs_first = 0, refs_count = 0;  ///< into refs_: the functions its body refers to
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
        /// A result's type set as its callers see it (dispatch=closed/context, model=gc): the
        /// dynamic types and functions that reach it in its function's body, unknown when not
        /// final, empty, or depending on the callers (dispatch_facts.hpp: export_result_types).
        type_set types = type_set::unknown();
        /// model=precise: the flows of this parameter into what other parameters of its function
        /// point to (stores_[stores_first ..)), and its summary without them (`direct`). `tag` and
        /// `fallback` count each such flow as a flow to the heap at its level, so a caller that does
        /// not resolve them (precise.hpp: precise_call_stores) reads the conservative summary.
        leak_summary direct = leak_summary::leaks_everything();
        leak_summary stores_heap = leak_summary::bottom();    ///< every store flow, as a flow to the heap
        leak_summary stores_capped = leak_summary::bottom();  ///< those beyond max_param_stores
        index_t stores_first = 0, stores_count = 0;
    };
    /// model=precise: "parameter `param` flows, after `derefs` dereferences, into what parameter
    /// `into` (an index in the same function's parameter list) points to".
    struct store_flow {
        index_t param;  ///< params_ index (found_stores) or unused (stores_)
        index_t into;
        std::int32_t derefs;
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
        reassigned,    ///< b_.holes[a .. a+b), where = s
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

    // ---- dispatch = closed / context (the host-independent types: dispatch_types.hpp) ----------
    /// A call whose flows are decided after type propagation.
    struct pending_call {
        pending_kind kind;
        expr_ref call{};
        index_t fn = invalid_index;         ///< the function containing the call
        index_t callee = invalid_index;     ///< conditions: the static callee
        index_t subject = invalid_index;    ///< method/value: location holding the receiver / function value
        index_t args_first = 0, args_count = 0;  ///< argument temporaries in b_.pending_locs
        index_t ks_first = 0, ks_count = 0;      ///< result holes in b_.holes
        std::string_view method;
    };

    /// keep_graph: a flow into an already escaping location that flow() keeps no edge of.
    struct dropped_flow {
        index_t src, dst;
        flow_data data;
    };
    /// explain: a resolution note attached to a site's explanation.
    struct extra_line {
        index_t loc;
        std::string_view text;
    };

    /// Everything that lives for one batch (one SCC of the call graph with its closures): the
    /// location graph and its side tables, the walk's cursor and scratch, the dispatch sets and
    /// pending calls. clear() empties all of it between batches (storage is kept for reuse).
    struct batch_state {
        explicit batch_state(memory_resource& mem) noexcept
            : fns(mem), graph(mem), var_loc(mem), loc_var(mem), loc_expr(mem), def_rhs(mem), has_def(mem), decls(mem), closures(mem), holes(mem), call_results(mem),
              notes(mem), labels(mem), expl(mem), tasks(mem), ops(mem), args(mem), exprs(mem), walk(mem), todo(mem), tsets(mem),
              facts(mem), pending(mem), pending_locs(mem), sinks(mem), found_conds(mem), found_stores(mem), extra_expl(mem), dropped(mem),
              mem_stores(mem), field_sets(mem), cfg_values(mem) {}

        index_t number = 0;   ///< the batch number (fn_info::batch)
        vector<index_t> fns;  ///< its functions (closures included), in index order
        // the location graph (locations.hpp) and what each location stands for
        graph_t graph;
        index_t heap = invalid_index;
        index_t blank = invalid_index;
        hash_map<variable_ref, index_t, handle_hash<variable_ref>> var_loc;
        vector<variable_ref> loc_var;
        vector<expr_ref> loc_expr;
        vector<expr_ref> def_rhs;       ///< the defining assignment's value of a local (static callee)
        vector<std::uint8_t> has_def;
        hash_map<variable_ref, std::uint8_t, handle_hash<variable_ref>> decls;  ///< prepass: 1 declared, 2 used before

        vector<closure_rec> closures;   ///< closure records whose captures flow in once the walk is done
        vector<hole> holes;             ///< result holes of calls (pending calls, reassignment tasks)
        vector<hole> call_results;      ///< the result holes of the call being lowered (any number)
        vector<note> notes;             ///< explain: where each flow came from
        hash_map<std::uint64_t, std::uint8_t> labels;  ///< (fn << 32 | label) -> looping?
        vector<std::string_view> expl;  ///< explain: the lines of each escaping location's path
        // the walk over the bodies (stmt.hpp): its cursor, its task stack and scratch operand lists
        index_t cur_fn = invalid_index;
        std::int32_t loop_depth = 1;
        vector<task> tasks;
        vector<expr_ref> ops;    ///< a statement's operands (do_stmt)
        vector<expr_ref> args;   ///< a call's operands (do_call, pending_dynamic)
        vector<expr_ref> exprs;  ///< may_affect_memory's stack
        // solving (solve.hpp)
        walk_state<walk_value> walk;
        vector<index_t> todo;
        std::uint64_t relaxations = 0;
        bool budget_exceeded = false;
        // dispatch (dispatch_*.hpp, precise.hpp)
        vector<type_set> tsets;
        vector<fact> facts;
        vector<pending_call> pending;
        vector<index_t> pending_locs;
        vector<sink_info> sinks;
        vector<found_cond> found_conds;
        vector<store_flow> found_stores;  ///< model=precise: parameters reaching another's pointee (leak_to)
        vector<extra_line> extra_expl;  ///< resolution notes attached to sites (explain)
        vector<dropped_flow> dropped;   ///< keep_graph: flows into escaping locations, for the graph only
        vector<memory_store> mem_stores;  ///< dispatch_memory.hpp: stores into fields and globals
        vector<type_set> field_sets;      ///< dispatch_memory.hpp: the memory sets of field reads (hole::mem_set)
        bool empty_as_unknown = false;  ///< resolve_pending: the sets have converged; an empty one is not "nil only"
        int pass = 0;                   ///< 0 = pass A (verdicts), 1 = pass B (conditional summaries)
        bool pass_b_ran = false;

        /// CFG hosts: the location of each instruction's value (cfg_build.hpp)
        hash_map<expr_ref, index_t, handle_hash<expr_ref>> cfg_values;

        void clear() noexcept {
            cfg_values.clear();
            fns.clear();
            graph.clear();
            heap = blank = invalid_index;
            var_loc.clear();
            loc_var.clear();
            loc_expr.clear();
            def_rhs.clear();
            has_def.clear();
            decls.clear();
            closures.clear();
            holes.clear();
            call_results.clear();
            notes.clear();
            labels.clear();
            expl.clear();
            cur_fn = invalid_index;
            loop_depth = 1;
            tasks.clear();
            ops.clear();
            args.clear();
            exprs.clear();
            todo.clear();
            relaxations = 0;
            budget_exceeded = false;
            tsets.clear();
            facts.clear();
            pending.clear();
            pending_locs.clear();
            sinks.clear();
            found_conds.clear();
            found_stores.clear();
            extra_expl.clear();
            dropped.clear();
            mem_stores.clear();
            field_sets.clear();
            empty_as_unknown = false;
            pass = 0;
            pass_b_ran = false;
        }
    };

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
    // Planted faults (testing only): faults.hpp, the one place that reads unsound_faults.
    bool fault_planted(std::uint32_t fault) const noexcept;
    hole fault_drops(std::uint32_t fault, hole k) const noexcept;

    // ------------------------------------------------------------------------------------------
    // Setup: function table, call graph, batches
    // ------------------------------------------------------------------------------------------
    index_t fn_of(function_ref f) const noexcept {
        const index_t* i = fn_index_.find(f);
        return i ? *i : invalid_index;
    }
    bool setup_functions() noexcept;
    bool build_batches(vector<index_t>& order) noexcept;
    bool scan_program() noexcept;
    bool scan_references(index_t f, vector<index_t>& targets) noexcept;
    // The host contract (validate.hpp).
    template <class R>
    static std::size_t count_of(R&& r) noexcept;
    bool check_statement(index_t f, stmt_ref s, stmt_kind k, index_t list) noexcept;
    bool check_expression(expr_ref e, expr_kind k) noexcept;
    bool check_gotos(index_t f) noexcept;
    bool check_value_fits(type_ref to, expr_ref value, const char* where) noexcept;
    struct goto_use {
        stmt_ref s;
        index_t label;
        index_t list;
    };
    /// The labels and gotos of the body being scanned (check_statement, check_gotos).
    struct contract_state {
        explicit contract_state(memory_resource& mem) noexcept : labels(mem), gotos(mem) {}
        hash_map<index_t, index_t> labels;  ///< label -> the statement list holding it
        vector<goto_use> gotos;
        void clear() noexcept {
            labels.clear();
            gotos.clear();
        }
    };
    /// Walks f's body with the one bounded walker (body_walk.hpp); false with err_ set when a
    /// callback stopped, memory ran out or the body has more than max_body_nodes nodes.
    template <class OnStmt, class OnExpr>
    bool walk_body(index_t f, stmt_order order, OnStmt&& on_stmt, OnExpr&& on_expr) noexcept {
        return walked(f, walker_.walk(p_, T::body(p_, fns_[f].ref), order, opt_.max_body_nodes, on_stmt, on_expr));
    }
    template <class OnStmt>
    bool walk_body_statements(index_t f, stmt_order order, OnStmt&& on_stmt) noexcept {
        return walked(f, walker_.walk_statements(p_, T::body(p_, fns_[f].ref), order, opt_.max_body_nodes, on_stmt));
    }
    bool walked(index_t f, walk_result r) noexcept;
    bool external_tags(index_t f) noexcept;

    // ------------------------------------------------------------------------------------------
    // Locations and holes
    // ------------------------------------------------------------------------------------------
    index_t new_loc(loc_kind k, index_t fn, bool transient) noexcept;
    location& L(index_t i) noexcept { return b_.graph.node(i); }
    const location& L(index_t i) const noexcept { return b_.graph.node(i); }
    hole loc_hole(index_t l) const noexcept { return hole{l, 0, invalid_index, false, reason::none, invalid_index}; }
    hole heap_hole(escapade::reason cause, index_t callee = invalid_index) const noexcept {
        return hole{b_.heap, 0, invalid_index, false, cause, callee};
    }
    hole discard_hole() const noexcept { return hole{b_.blank, 0, invalid_index, false, reason::none, invalid_index}; }
    static hole shift(hole k, std::int32_t delta) noexcept {
        k.derefs += delta;
        if (k.derefs < -1) k.derefs = -1;  // &x is not addressable: cannot happen for well-formed IR
        k.addrtaken = delta < 0;
        return k;
    }
    hole with_note(hole k, const note& n) noexcept;
    hole note_expr(hole k, expr_ref where, const char* why) noexcept;
    hole note_stmt(hole k, stmt_ref where, const char* why) noexcept;
    hole note_var(hole k, variable_ref where, const char* why) noexcept;
    hole deref(hole k, expr_ref where, const char* why) noexcept { return note_expr(shift(k, 1), where, why); }
    hole addr(hole k, expr_ref where, const char* why) noexcept { return note_expr(shift(k, -1), where, why); }
    /// x.(T): one dereference unless T is an interface or pointer-shaped.
    hole dot_type(hole k, type_ref t, expr_ref where, const char* why) noexcept;

    /// Records the assignment "k.dst = (derefs) src".
    void flow(hole k, index_t src) noexcept;
    /// A location that flows into every hole (gc's teeHole). Holes must not take addresses.
    hole tee(const hole* ks, std::size_t n) noexcept;
    /// A location that flows into k "later" (gc's later(): keeps a temporary alive).
    hole later(hole k) noexcept;
    /// A fresh location for allocating expression e; its address flows to k.
    hole spill(hole k, expr_ref e, bool site) noexcept;
    index_t var_loc(variable_ref v) noexcept;
    bool has_pointers(expr_ref e) const noexcept { return T::type_has_pointers(p_, T::expression_type(p_, e)); }
    bool contains_closure(index_t f, index_t c) const noexcept {
        if (f == c || f == invalid_index || c == invalid_index) return false;
        for (index_t g = fns_[c].parent; g != invalid_index; g = fns_[g].parent)
            if (g == f) return true;
        return false;
    }
    bool outlives(index_t l, index_t other) const noexcept;
    /// The loop-iteration rule: r lives on while some loop around l repeats (tree hosts: declared
    /// at a smaller loop depth; CFG hosts: l's scope does not contain r's, loops.hpp).
    bool outlives_iteration(const location& r, const location& l) const noexcept {
        if constexpr (is_cfg) return r.scoped && l.scoped && !(l.scope_pre <= r.scope_pre && r.scope_post <= l.scope_post);
        else return r.loop_depth < l.loop_depth;
    }
    bool in_batch(index_t f) const noexcept { return f != invalid_index && fns_[f].batch == b_.number && !fns_[f].tagged; }

    // ------------------------------------------------------------------------------------------
    // Walking statements and expressions (tasks)
    // ------------------------------------------------------------------------------------------
    bool push(const task& t) noexcept { return b_.tasks.push_back(t) || oom(); }
    bool push_expr(hole k, expr_ref e) noexcept {
        task t{task_kind::expr, k};
        t.e = e;
        return push(t);
    }
    bool push_discard(expr_ref e) noexcept { return push_expr(discard_hole(), e); }
    /// The first element of a host range (an expression's or a statement's operands): false if none.
    template <class R, class X>
    static bool first_of(R&& r, X* out) noexcept {
        for (auto&& x : r) {
            *out = x;
            return true;
        }
        return false;
    }
    template <class R>
    bool push_block(R&& stmts) noexcept;
    bool walk_function(index_t f) noexcept;
    bool run_tasks() noexcept;
    bool do_stmt(stmt_ref s) noexcept;
    bool do_expr(hole k, expr_ref e) noexcept;
    bool do_call(result_holes ks, expr_ref call) noexcept;
    static bool is_call_kind(expr_kind k) noexcept;
    bool static_target(expr_ref call, expr_kind kind, const vector<expr_ref>& args, index_t* fn, std::size_t* first_arg) noexcept;
    bool do_go_defer(stmt_ref s, bool is_go) noexcept;
    bool do_unsafe_value(hole k, expr_ref e) noexcept;
    bool assign_list(stmt_ref where, expr_ref const* dsts, std::size_t nd, expr_ref const* srcs, std::size_t ns, const char* why,
                     bool is_return, index_t fn_for_return) noexcept;
    hole addr_of(expr_ref n) noexcept;
    hole addr_of_target(expr_ref n) noexcept;
    /// Which of a callee's summaries (param_info) a call uses: `tag` holds only the unconditional
    /// flows and is for a call that resolves the conditions itself (pending_kind::conditions);
    /// `fallback` takes every condition as a leak, for a call that cannot resolve them (a resolved
    /// dynamic call's target); `automatic` is tag when the parameter has no conditions, else fallback
    /// (static calls, go/defer, calls through variables, method values).
    enum class summary_use : std::uint8_t { automatic, unconditional, fallback };
    /// own_stores: the caller resolves the callee's flows into its parameters' pointees itself
    /// (precise_call_stores), so the summary without them (param_info::direct) is used.
    hole summary_hole(result_holes ks, index_t fn, std::size_t param_index, summary_use use, std::int32_t extra = 0,
                      bool own_stores = false) noexcept;
    index_t static_callee(expr_ref fv) noexcept;
    bool defining_value(expr_ref v, expr_ref* out) noexcept;
    bool gc_devirtualize(expr_ref recv, std::string_view method, type_ref* dyn, index_t* fn, bool* deref_recv) noexcept;
    bool is_self_assign(expr_ref dst, expr_ref src) noexcept;
    bool same_safe_expr(expr_ref a, expr_ref b) noexcept;
    bool may_affect_memory(expr_ref e) noexcept;
    bool label_prepass(index_t f) noexcept;
    bool prepass_function(index_t f) noexcept;

    // ------------------------------------------------------------------------------------------
    // CFG hosts (cfg_build.hpp): graph construction from cfg_traits
    // ------------------------------------------------------------------------------------------
    using cfg_traits_t = cfg_traits_of<T>;
    using cfg_value = typename cfg_traits_t::value_ref;
    bool cfg_scan_references(index_t f, vector<index_t>& targets) noexcept;
    /// fn_info::value for every function whose address is taken (the closed world's candidates).
    bool cfg_mark_values() noexcept;
    bool cfg_walk_function(index_t f) noexcept;
    /// The location holding value v of the current function (invalid_index: no location, such as
    /// a constant or a function address); *unknown: v points to unknown storage (a global address).
    index_t cfg_operand(cfg_value v, bool* unknown) noexcept;
    /// Flows value v into k (nothing for constants; a global address points to unknown storage).
    void cfg_flow_value(hole k, cfg_value v) noexcept;
    /// `*ptr = (value in location src)`: a pending store (precise) or the heap (gc).
    void cfg_store(cfg_value ptr, index_t src, cfg_value at) noexcept;
    bool cfg_call(cfg_value call, inst_kind kind, index_t result) noexcept;
    bool cfg_candidates(cfg_value call, inst_kind kind, std::size_t nargs, vector<index_t>& out) noexcept;

    // ------------------------------------------------------------------------------------------
    // Solving and results
    // ------------------------------------------------------------------------------------------
    bool flow_closures() noexcept;
    bool heap_alloc_reasons() noexcept;
    // dispatch (dispatch_*.hpp; model=precise: precise.hpp)
    bool dispatch_setup() noexcept;
    bool add_dispatch_edges(index_t f, vector<index_t>& targets, vector<index_t>& expanded) noexcept;
    // parameter sets from every call site (closed world; dispatch_params.hpp)
    bool param_sets_setup() noexcept;
    index_t ps_node(variable_ref v) noexcept;
    void ps_unknown(index_t n) noexcept;
    bool ps_flow(index_t dst, expr_ref e, index_t result = 0) noexcept;
    index_t ps_key_node(std::uint64_t key, std::uint64_t structure) noexcept;
    index_t ps_result_node(index_t g, index_t r) noexcept;
    bool ps_target_write(expr_ref target, index_t* nodes) noexcept;
    void ps_expose(type_ref t) noexcept;
    bool ps_implements(index_t dyn_type, type_ref iface) noexcept;
    bool ps_solve() noexcept;
    const type_set* param_set_of_sink(index_t sink) noexcept;
    template <class F>
    bool param_set_fallback(const type_set& s, bool value_call, std::string_view method, index_t nargs, bool* heap, F&& f) noexcept;
    std::uint32_t dyn_type_elem(type_ref t) noexcept;
    bool impls_of(std::string_view method, const impl_t** first, std::size_t* n) noexcept;
    template <class F>
    bool for_each_candidate(bool value_call, std::string_view method, index_t arity, std::size_t* count, F&& f) noexcept;
    bool resolve_method(index_t dyn_type, std::string_view method, impl_t* out) noexcept;
    /// Whether a value of dynamic type t has method `method` in the IR (for a *T, T's methods too,
    /// then *deref is set: the receiver is dereferenced).
    bool find_impl(type_ref t, std::string_view method, function_ref* m, bool* deref) noexcept;
    bool check_method_set(expr_ref conversion, type_ref concrete) noexcept;
    void record_fact(hole k, std::uint32_t elem) noexcept;
    bool value_facts(hole k, expr_ref e, expr_kind kind) noexcept;
    void batch_results(result_holes ks, index_t g) noexcept;
    void result_facts(hole k, index_t fn, std::size_t r) noexcept;
    bool result_set(index_t fn, std::size_t r, type_set* out) noexcept;
    hole result_filter_hole(hole k, index_t fn, std::size_t r) noexcept;
    void target_result_facts(result_holes ks, index_t g) noexcept;
    void unknown_result_facts(result_holes ks) noexcept;
    void export_result_types() noexcept;
    // type sets through memory (dispatch_memory.hpp)
    struct field_keys {
        std::uint64_t write[2] = {0, 0}, read[2] = {0, 0};
        std::uint64_t structure = 0;
    };
    field_keys memory_keys_of(type_ref st, index_t i) noexcept;
    bool memory_field_key(expr_ref e, field_keys* out) noexcept;
    type_set memory_read_set(const std::uint64_t* keys, std::uint64_t structure) const noexcept;
    static bool meet_field_set(const type_set& at, const type_set& field, type_set* out) noexcept;
    bool memory_global_key(variable_ref v, std::uint64_t* key) noexcept;
    bool memory_target_key(expr_ref target, std::uint64_t* keys) noexcept;
    void memory_facts(hole k, const std::uint64_t* keys, std::uint64_t structure) noexcept;
    bool memory_field_base(hole* kb, const field_keys& fk) noexcept;
    hole memory_store_hole(hole h, const std::uint64_t* keys) noexcept;
    bool memory_struct_element(hole* k, expr_ref lit, std::size_t i) noexcept;
    void memory_address_taken(expr_ref operand) noexcept;
    void memory_expose(type_ref t) noexcept;
    template <class F>
    void expose_walk(type_ref t, hash_map<type_ref, std::uint8_t, handle_hash<type_ref>>& seen, F&& on_struct) noexcept;
    bool memory_setup() noexcept;
    bool collect_memory_stores() noexcept;
    bool holds_dynamic(type_ref t) noexcept;
    /// Whether values of type t carry a tracked set: dynamic types (closed/context) or, with
    /// model=precise, pointees.
    bool tracked_type(type_ref t) noexcept { return holds_dynamic(t) || (precise_ && T::type_has_pointers(p_, t)); }
    /// model=precise: a store through the pointer `ptr` (the target expression is `target`): the
    /// value flows into what ptr may point to once points-to sets are known.
    hole precise_store(expr_ref ptr, expr_ref target) noexcept;
    bool pending_dynamic(result_holes ks, expr_ref call, pending_kind kind, index_t static_fn) noexcept;
    result_holes results_of(const pending_call& pc) const noexcept { return result_holes{b_.holes.data() + pc.ks_first, pc.ks_count}; }
    bool propagate_types() noexcept;
    bool resolve_pending() noexcept;
    int apply_once(resolution_round& rr, std::uint64_t slot, std::uint32_t el) noexcept;
    bool resolve_call(const pending_call& pc, resolution_round& rr) noexcept;
    bool resolve_conditions_at(const pending_call& pc, resolution_round& rr) noexcept;
    bool resolve_store(const pending_call& pc, resolution_round& rr) noexcept;
    bool precise_points_to(index_t dst, index_t src) noexcept;
    bool precise_value_fact(hole k, expr_ref e, expr_kind kind, bool* decided) noexcept;
    static bool precise_boxed_transfer(const type_set& at_src, type_set* out) noexcept;
    bool precise_parameter_fact(index_t l, type_ref t, index_t pidx) noexcept;
    bool precise_store_flow(index_t param_loc, index_t pointee, std::int32_t derefs) noexcept;
    bool precise_summarise_stores(index_t f) noexcept;
    void precise_apply_stores(param_info& pi, leak_summary esc) noexcept;
    bool precise_call_stores(result_holes ks, expr_ref call, index_t fn, const vector<expr_ref>& args, std::size_t first_arg) noexcept;
    static bool names_targets(const type_set& set, bool value_call) noexcept;
    bool resolve_unknown(const pending_call& pc) noexcept;
    void operands_to_heap(const pending_call& pc) noexcept;
    void apply_target(const pending_call& pc, index_t g, bool deref) noexcept;
    bool resolve_element(const pending_call& pc, std::uint32_t el) noexcept;
    void put_unknown_targets(text_buffer& tb, std::string_view method, index_t arity) noexcept;
    bool resolve_condition(const cond_leak& c, index_t from, std::uint32_t el) noexcept;
    index_t new_sink(index_t fn, index_t subject, std::string_view method, index_t arg) noexcept;
    bool add_fallback(index_t from, result_holes ks, std::string_view method, bool value_call, index_t arg, index_t nargs) noexcept;
    bool conditional_pass() noexcept;
    bool describe_resolutions() noexcept;
    bool walk_all() noexcept;
    bool walk_one(index_t root) noexcept;
    void leak_to(index_t l, index_t sink, std::int32_t derefs) noexcept;
    /// Pass B: a parameter reaching a conditional sink (or a location that escapes only into one)
    /// gets a conditional flow when the sink belongs to its own function.
    void leak_to_conditional(index_t l, index_t root, std::int32_t derefs, bool exact) noexcept;
    escapade::reason reason_from_root(index_t root, escapade::reason walked_cause) const noexcept;
    void mark_escaping(index_t l, index_t root, escapade::reason why, index_t callee) noexcept;
    bool record_explanation(index_t l, index_t root) noexcept;
    bool finish_batch() noexcept;
    bool give_up_batch() noexcept;
    std::string_view site_name(index_t l, char* buf, std::size_t size) noexcept;
    bool describe_loc(text_buffer& out, index_t l) noexcept;
    void record_direct_explanation(index_t src, index_t dst) noexcept;
    escapade::location_kind public_kind(index_t l) const noexcept;
    bool append_step(index_t from, index_t to, std::int32_t derefs, index_t notes) noexcept;
    bool render_path(index_t l, const typename result_type::path& p) noexcept;
    bool find_more_paths(index_t l, index_t root) noexcept;
    bool same_steps(const typename result_type::path& a, const typename result_type::path& b) noexcept;
    bool note_self_assignment(stmt_ref where, expr_ref dst, expr_ref src) noexcept;
    bool note_gc_devirtualization(expr_ref call, expr_ref recv, type_ref dyn) noexcept;
    bool emit_explanation(index_t l, site_t& s) noexcept;
    bool emit_graph() noexcept;
    bool finalize_results() noexcept;
    bool record_conditions(const fn_info& fi, const param_info& pi, param_t& pr) noexcept;
    bool emit_parameters(index_t f) noexcept;

    // ------------------------------------------------------------------------------------------
    const P& p_;
    const analysis_options& opt_;
    result_writer<P, T> out_;  ///< the only write access to the result
    memory_resource& mem_;
    status err_;

    vector<fn_info> fns_;
    hash_map<function_ref, index_t, handle_hash<function_ref>> fn_index_;
    vector<param_info> params_;
    body_walker<P, T> walker_;
    contract_state contract_;
    vector<index_t> refs_;  ///< what each body refers to (fn_info::refs_first)

    // whole program: dispatch tables (dispatch_targets.hpp) and the summaries' conditions
    // (config.hpp: a feature compiled out is a constant false here, so its code folds away)
#if ESCAPADE_DYNAMIC_DISPATCH
    bool closed_ = false;
    bool context_ = false;
#else
    static constexpr bool closed_ = false;
    static constexpr bool context_ = false;
#endif
    bool world_closed_ = false;     ///< analysis_options::world == closed: unknown sets mean every implementation
#if ESCAPADE_PRECISE_MODEL
    bool precise_ = false;   ///< model=precise
#else
    static constexpr bool precise_ = false;
#endif
#if ESCAPADE_DYNAMIC_DISPATCH || ESCAPADE_PRECISE_MODEL
    bool tracking_ = false;  ///< type/points-to sets are computed (closed_ || precise_)
#else
    static constexpr bool tracking_ = false;
#endif
#if ESCAPADE_EXPLAIN
    bool explain_ = false;     ///< analysis_options::explain
    bool keep_graph_ = false;  ///< analysis_options::keep_graph
#else
    static constexpr bool explain_ = false;
    static constexpr bool keep_graph_ = false;
#endif
    bool method_values_ = false;  ///< some method value exists: function-value calls cannot be closed
    size64 ptr_size_ = 8;         ///< the analysed program's pointer size (ir_traits::pointer_size)
    vector<type_ref> dyn_types_{mem_};
    hash_map<type_ref, index_t, handle_hash<type_ref>> dyn_type_index_{mem_};
    vector<cond_leak> conds_{mem_};
    vector<store_flow> stores_{mem_};  ///< model=precise: param_info::stores_first
    static constexpr index_t max_param_stores = 4;  ///< store flows kept per parameter (more: the heap)
    vector<impl_t> impls_{mem_};
    hash_map<std::string_view, std::uint64_t> impl_cache_{mem_};  ///< method -> first << 32 | count in impls_
    vector<index_t> value_fns_{mem_};
    hash_map<type_ref, std::uint8_t, handle_hash<type_ref>> dynamic_memo_{mem_};  ///< holds_dynamic's answers
    hash_map<type_ref, std::uint8_t, handle_hash<type_ref>> dynamic_seen_{mem_};
    vector<type_ref> dynamic_stack_{mem_};
    memory_sets* msets_ = nullptr;  ///< dispatch_memory.hpp
#if ESCAPADE_WHOLE_PROGRAM_SETS
    bool memsets_ = false;          ///< loads and stores of fields and globals use msets_
#else
    /// Always false (assignments are ignored), so every use folds away.
    struct always_false {
        constexpr operator bool() const noexcept { return false; }
        always_false& operator=(bool) noexcept { return *this; }
    };
    always_false memsets_;
#endif
    hash_map<type_ref, std::uint8_t, handle_hash<type_ref>> expose_seen_{mem_};
    vector<type_ref> expose_stack_{mem_};
    // parameter sets from callers (dispatch_params.hpp): a node per tracked variable, flows src << 32 | dst
    hash_map<variable_ref, index_t, handle_hash<variable_ref>> ps_index_{mem_};
    vector<type_set> ps_sets_{mem_};
    vector<std::uint64_t> ps_edges_{mem_};
    // the whole-program type flow (dispatch_params.hpp): fields' and globals' nodes by memory key,
    // the struct structures each field node belongs to, the exposed structures, the dynamic flows
    // (a dynamic call's result, a type assertion's filter) resolved as their source sets grow
    enum class ps_dyn_kind : std::uint8_t { method, value, assert_iface };
    struct ps_dyn {
        index_t src = invalid_index, dst = invalid_index;
        ps_dyn_kind kind = ps_dyn_kind::method;
        index_t result = 0, nargs = 0;
        std::string_view method;
        type_ref iface{};
        type_set done = type_set::bottom();  ///< the source elements already applied
        index_t next = invalid_index;        ///< the next dynamic flow of the same source
    };
    hash_map<std::uint64_t, index_t> ps_key_index_{mem_};
    vector<std::uint64_t> ps_key_struct_{mem_};  ///< field nodes: structure, node, structure, node, ...
    hash_map<std::uint64_t, std::uint8_t> ps_exposed_{mem_};
    vector<std::uint64_t> ps_exposed_list_{mem_};  ///< ps_exposed_'s keys, in insertion order
    vector<std::uint64_t> ps_keys_{mem_};          ///< key, node, key, node, ... of every memory node
    bool ps_seeded_ = false;                       ///< msets_->in holds the type flow's memory sets (no rounds)
    bool ps_solved_ = false;                       ///< ps_sets_ hold the converged type flow (result sets for result_facts)
    hash_map<type_ref, std::uint8_t, handle_hash<type_ref>> ps_expose_seen_{mem_};
    vector<ps_dyn> ps_dyns_{mem_};
    struct ps_item {
        index_t dst;
        expr_ref e;
        index_t result;
    };
    vector<ps_item> ps_items_{mem_};

    batch_state b_;
    /// CFG hosts only (cfg_build.hpp); other hosts hold an empty stand-in, so that its tables'
    /// code is not linked into them.
    struct no_cfg_shape {
        explicit no_cfg_shape(memory_resource&) noexcept {}
    };
    std::conditional_t<is_cfg, cfg_function_shape<P, cfg_traits_t>, no_cfg_shape> cfg_shape_{mem_};
    vector<index_t> cfg_scratch_{mem_};
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_ENGINE_HPP
