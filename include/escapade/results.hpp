// escapade/results.hpp - what the analysis answers, keyed by the host's own handles.
//
// For every allocation site (a variable whose address is taken, or an allocating expression):
// verdict stack|heap, the reason, and on request the explanation path (gc's -m=2 flow lines). For
// every parameter: gc's summary (does not escape / leaking param / leaking param content / leaking
// param: p to result r level=n). Lookup by handle is O(1) expected; iteration is in a deterministic
// order (function order, then source position). All strings are copied into the result, so it
// does not refer to the program after analyze() returns.
//
// What a `stack` verdict lets a code generator do. The object may live in the frame of the
// function that allocates it, in storage that lasts at least until the end of the innermost loop
// iteration that contains the allocation (or the end of the function, outside loops): its address
// never outlives that. Lexical blocks do not matter; storage may be reused by the next iteration.
// Closures must capture each variable exactly as reported by captures(closure): by reference when
// `by_reference`, by value otherwise. The verdicts assume those decisions (a by-value capture
// copies the variable's value into the closure record; a by-reference one stores its address).
#ifndef ESCAPADE_RESULTS_HPP
#define ESCAPADE_RESULTS_HPP

#include <string_view>
#include <type_traits>

#include "detail/hash_map.hpp"
#include "detail/range.hpp"
#include "lattice.hpp"
#include "traits.hpp"

namespace escapade {

enum class model : std::uint8_t {
    gc,      ///< reproduce Go 1.19's escape analysis, rule for rule
    precise  ///< every sound precision gain escapade implements (see docs/models.md)
};
enum class dispatch : std::uint8_t {
    conservative,  ///< dynamic calls send their arguments to the heap (gc)
    closed,        ///< a dynamic call joins the summaries of its possible targets (analysis_options::world
                   ///< says what "possible" means when the IR does not determine them)
    context        ///< conditional summaries resolved per call site, falling back to closed
};
/// What the host knows about the program it hands to analyze() (docs/dispatch.md, "Worlds").
enum class world : std::uint8_t {
    open,   ///< callers, implementations and function values may exist outside the IR (a library):
            ///< a dynamic call whose set of targets is not known sends its operands to the heap
    closed  ///< the host proves the IR is the whole program: every conversion to an interface, every
            ///< function value and every method of a converted type is in it, so a dynamic call
            ///< whose set is not known may target exactly the program's implementations
};
constexpr const char* to_string(model m) noexcept { return m == model::gc ? "gc" : "precise"; }
constexpr const char* to_string(world w) noexcept { return w == world::open ? "open" : "closed"; }
constexpr const char* to_string(dispatch d) noexcept {
    return d == dispatch::conservative ? "conservative" : d == dispatch::closed ? "closed" : "context";
}

struct analysis_options {
    escapade::model model = model::gc;
    escapade::dispatch dispatch = dispatch::conservative;
    /// Only closed and context dispatch read it: with world::open (the default) they resolve the
    /// dynamic calls whose targets the IR determines and send the operands of the others to the
    /// heap; with world::closed the others target every implementation in the program.
    escapade::world world = world::open;
    /// Only with world::closed, closed or context dispatch and model::gc: the host also proves
    /// that every call of a function is in the IR, except calls of entry points that no code of
    /// the IR calls (main, init, functions called only from outside through function values the
    /// IR has). A parameter of interface or function type then holds the union of what its
    /// callers pass (issue 12; detail/engine/dispatch_params.hpp); without it (the default), a
    /// parameter may hold any converted type, as a function called from outside would receive.
    bool caller_sets = false;
    size64 max_stack_var_size = size64(10) << 20;      ///< explicit variables larger than this go to the heap
    size64 max_implicit_stack_size = size64(64) << 10;  ///< new, &T{}, make, closures, method values
    std::uint64_t batch_work_limit = 0;  ///< edge relaxations per SCC batch; 0 = unlimited. Exceeding it
                                         ///< gives every site of the batch `heap` with reason `budget`.
    bool explain = false;                ///< record explanation paths (costs time and memory)
    /// With explain: at most this many paths per heap site (analysis_result::paths). The first is
    /// the walk's shortest chain (the text explanation's); more are found by a depth-first search
    /// over the batch's flow graph from the site to the same root, bounded by 256 edge visits per
    /// path asked for, so they cost O(explain_paths x 256) per escaping site. 0 counts as 1.
    std::uint32_t explain_paths = 1;
    /// Keep every batch's location graph in the result (analysis_result::graph_nodes/graph_edges,
    /// for report_dot.hpp): O(locations + edges) more memory, no more time to speak of.
    bool keep_graph = false;
    /// dispatch=closed/context: a cycle through dynamic calls of at most this many functions is
    /// analysed as one batch (flows straight into the targets' parameters); a larger one is split
    /// into the components of the static call graph, and a dynamic call whose target comes later
    /// in the cycle sends its operands to the heap. Whole programs have cycles of thousands of
    /// functions through String, Read or Write: one batch would share each callee's results among
    /// all its callers (docs/dispatch.md, "Batches").
    std::size_t max_dispatch_cycle = 16;
    /// world::closed with dispatch closed/context and model gc: the whole analysis runs in rounds
    /// until the type sets of fields and globals it collects are those it read (a fixpoint;
    /// detail/engine/dispatch_memory.hpp), at most this many; then once more without them (loads
    /// from memory unknown) when the sets did not converge. 0 = no memory sets. Each round costs
    /// one analysis.
    unsigned memory_rounds = 6;
    /// Statements plus expressions one function body may have. The walks over a host's trees are
    /// bounded by it, so a host whose "tree" has a cycle gets errc::limit_exceeded naming the
    /// function instead of a hang. The default admits any body a real compiler produces.
    std::size_t max_body_nodes = std::size_t(1) << 24;
    /// Testing only: deliberately unsound variants for the soundness oracle's self-test (a bitmask
    /// of unsound_fault values, tests/unit/oracle_faults.cpp); never set in production.
    std::uint32_t unsound_faults = 0;
};

/// Testing only: the deliberately unsound variants analysis_options::unsound_faults selects.
/// Each drops one rule of the analysis, so the soundness oracle can prove it catches the result;
/// detail/engine/faults.hpp is the one place the engine reads them (with where each rule is).
namespace unsound_fault {
constexpr std::uint32_t ignore_global_stores = 1u << 0;     ///< a store into a global is not a flow to the heap
constexpr std::uint32_t ignore_returns = 1u << 1;           ///< return statements flow nothing into the results
constexpr std::uint32_t no_loop_depth = 1u << 2;            ///< drop the loop-depth rule of outlives()
constexpr std::uint32_t dynamic_args_noescape = 1u << 3;    ///< interface / function-value call arguments do not escape
constexpr std::uint32_t drop_closure_captures = 1u << 4;    ///< captured variables do not flow into the closure record
constexpr std::uint32_t ignore_pointer_stores = 1u << 5;    ///< *p = v, p.f = v, s[i] = v are not flows to the heap
constexpr std::uint32_t ignore_callee_leaks = 1u << 6;      ///< a summarised callee's parameter leaks are dropped
constexpr std::uint32_t ignore_pointee_stores = 1u << 7;    ///< model=precise: a callee's stores into an argument's pointees are dropped
constexpr std::uint32_t memory_ignore_address = 1u << 8;    ///< memory sets: &x.f, &global leave the key known
constexpr std::uint32_t memory_ignore_exposure = 1u << 9;   ///< memory sets: converted / extern / unsafe types keep their fields known
constexpr std::uint32_t memory_ignore_unknown = 1u << 10;   ///< memory sets: a stored unknown set (a parameter's) adds nothing
constexpr std::uint32_t memory_ignore_literals = 1u << 11;  ///< memory sets: struct literals store nothing into fields
constexpr std::uint32_t flow_unknown_results = 1u << 12;  ///< type flow: a body-less function's results hold nothing
constexpr std::uint32_t flow_first_targets = 1u << 13;    ///< type flow: a dynamic call's result ignores targets found late
constexpr std::uint32_t flow_assert_nothing = 1u << 14;   ///< type flow: x.(I) holds nothing
constexpr std::uint32_t flow_ignore_exposure = 1u << 15;  ///< type flow: exposed struct types keep their fields' sets
constexpr std::uint32_t flow_ignore_address = 1u << 16;   ///< type flow: &x.f, &global leave the node's set known
constexpr std::uint32_t flow_ignore_entries = 1u << 17;   ///< type flow: an entry's parameters hold nothing (not unknown)
constexpr std::uint32_t flow_ignore_closure_writes = 1u << 18;  ///< type flow: a closure's assignments to a captured variable are not followed
constexpr std::uint32_t capture_hides_address = 1u << 19;  ///< type sets: a captured variable whose address is also taken stays known
constexpr std::uint32_t all = (1u << 20) - 1;
}  // namespace unsound_fault

enum class verdict : std::uint8_t { stack, heap };
constexpr const char* to_string(verdict v) noexcept { return v == verdict::stack ? "stack" : "heap"; }

/// Why a site is on the heap (reason::none for stack sites).
enum class reason : std::uint8_t {
    none,
    stored_in_global,        ///< its address is stored in a global variable
    stored_through_pointer,  ///< its address is stored through a pointer (gc sends those to the heap)
    returned,                ///< its address flows to a result
    dynamic_call,            ///< its address is passed to an interface-method or function-value call
    external_call,           ///< its address is passed to a function without body or summary
    leaked_by_callee,        ///< a callee's summary says the argument leaks to the heap
    loop_iteration,          ///< its address outlives the loop iteration that allocated it
    enclosing_variable,      ///< a closure stores its address in a variable of an enclosing function
    too_large,               ///< larger than the stack size limits
    non_constant_size,       ///< make with a size that is not a small constant
    goroutine,               ///< passed to a go statement
    deferred_in_loop,        ///< passed to a defer inside a loop
    channel_send,            ///< sent on a channel
    map_store,               ///< stored in a map
    slice_append,            ///< appended or copied into a slice's backing store
    panic_value,             ///< passed to panic
    method_value,            ///< reached through a method value's results
    unsafe_conversion,       ///< flows through an unsafe conversion gc treats as escaping
    budget,                  ///< the analysis exceeded its work budget (conservative answer)
    escapes                  ///< reaches the heap another way
};
constexpr const char* to_string(reason r) noexcept {
    switch (r) {
    case reason::none: return "";
    case reason::stored_in_global: return "stored in global";
    case reason::stored_through_pointer: return "stored through pointer";
    case reason::returned: return "returned";
    case reason::dynamic_call: return "passed to dynamic call";
    case reason::external_call: return "passed to external function";
    case reason::leaked_by_callee: return "leaked by callee";
    case reason::loop_iteration: return "outlives loop iteration";
    case reason::enclosing_variable: return "stored in enclosing function's variable";
    case reason::too_large: return "too large for stack";
    case reason::non_constant_size: return "non-constant size";
    case reason::goroutine: return "passed to go statement";
    case reason::deferred_in_loop: return "deferred in loop";
    case reason::channel_send: return "sent on channel";
    case reason::map_store: return "stored in map";
    case reason::slice_append: return "stored in slice backing array";
    case reason::panic_value: return "passed to panic";
    case reason::method_value: return "method value";
    case reason::unsafe_conversion: return "unsafe conversion";
    case reason::budget: return "analysis budget exceeded";
    case reason::escapes: return "escapes";
    }
    return "";
}

enum class site_kind : std::uint8_t {
    variable,   ///< a variable (parameter, result or local) whose address is taken
    expression  ///< an allocating expression (new, &T{...}, make, literal, closure, box, ...)
};

/// What a location of an explanation path stands for (gc's locations).
enum class location_kind : std::uint8_t {
    heap,        ///< the heap (gc's {heap})
    variable,    ///< a local variable
    parameter,   ///< a parameter of the function
    result,      ///< a result of the function
    allocation,  ///< an allocating expression's storage (gc's {storage for ...})
    temporary    ///< a temporary (gc's {temp})
};
constexpr const char* to_string(location_kind k) noexcept {
    switch (k) {
    case location_kind::heap: return "heap";
    case location_kind::variable: return "variable";
    case location_kind::parameter: return "parameter";
    case location_kind::result: return "result";
    case location_kind::allocation: return "allocation";
    case location_kind::temporary: return "temporary";
    }
    return "";
}
/// The host node a flow came from.
enum class node_kind : std::uint8_t { expression, statement, variable };
constexpr const char* to_string(node_kind k) noexcept {
    return k == node_kind::expression ? "expression" : k == node_kind::statement ? "statement" : "variable";
}

namespace detail {
template <class Program, class Traits>
class result_writer;
/// The host's statement handle (results name the statement a flow came from).
template <class T, bool = has_handles<T>::value>
struct stmt_handle_of {
    using type = missing_handle;
};
template <class T>
struct stmt_handle_of<T, true> {
    using type = std::conditional_t<usable_handle_v<stmt_t<T>>, stmt_t<T>, missing_handle>;
};
}  // namespace detail

/// The answers of one analyze() call. Read-only for its users: the analysis fills it through
/// detail::result_writer.
template <class Program, class Traits = ir_traits<Program>>
class analysis_result {
public:
    // The host's handles (a placeholder when the specialisation lacks them: analyze() reports that).
    using function_ref = typename detail::handles_of<Traits>::function_ref;
    using variable_ref = typename detail::handles_of<Traits>::variable_ref;
    using expr_ref = typename detail::handles_of<Traits>::expr_ref;
    using stmt_ref = typename detail::stmt_handle_of<Traits>::type;

    struct site {
        site_kind kind = site_kind::variable;
        variable_ref variable{};    ///< valid for site_kind::variable
        expr_ref expression{};      ///< valid for site_kind::expression
        function_ref function{};
        source_pos pos;
        escapade::verdict verdict = verdict::stack;
        escapade::reason reason = reason::none;
        std::string_view name;      ///< the variable's name or the expression's display text
        std::string_view via;       ///< for reasons inherited from another escaping location: its name
        std::string_view callee;    ///< leaked_by_callee / external_call: the function responsible
        expr_kind expression_kind = expr_kind::opaque;
        bool reported = true;       ///< false for compiler-generated sites (no diagnostics)
        index_t explanation_first = 0, explanation_count = 0;
        index_t paths_first = 0, paths_count = 0;  ///< explain: explanation paths (see path)
        /// The innermost loop whose iteration bounds a stack object's lifetime: its nesting depth
        /// in the function (0: none, the function's frame bounds it).
        std::int32_t loop_depth = 0;
    };
    /// explain: why a site is on the heap, as data. A path is the chain of flows from the site's
    /// location to the location whose walk found it escaping (the heap, a result, a location of an
    /// outer loop or enclosing function, or a location already escaping): steps[0].from is the
    /// site, each step's `to` is the next step's `from`. The text explanation (explanation(site))
    /// is rendered from the first path, line for line gc's -m=2 ("flow: TO = &FROM:" per step,
    /// "from NODE (WHY) at POS" per note). A site has at most analysis_options::explain_paths.
    struct path {
        index_t steps_first = 0, steps_count = 0;
        bool truncated = false;  ///< the chain hit a cycle or a bound: the steps end early
    };
    /// One flow `to = (derefs) from` (derefs -1: the address of `from`; 0: its value; n: n loads).
    struct path_step {
        location_kind from_kind = location_kind::temporary, to_kind = location_kind::temporary;
        std::string_view from, to;  ///< display names, as gc's -m=2 writes them
        std::int32_t derefs = 0;
        std::string_view edge;      ///< the innermost note's WHY ("spill", "assign", "call parameter", ...), or "escaping" when `to` already escaped
        source_pos pos;             ///< the innermost note's position (unknown without notes)
        index_t notes_first = 0, notes_count = 0;
        /// The host nodes the two locations stand for: the variable of a variable, parameter or
        /// result location, the allocating expression of an allocation (none for temporaries and
        /// the heap: the kinds say which is valid).
        variable_ref from_variable{}, to_variable{};
        expr_ref from_expression{}, to_expression{};
    };
    /// Where a flow came from (gc's "from NODE (WHY) at POS"), innermost first.
    struct path_note {
        node_kind node = node_kind::expression;
        expr_ref expression{};      ///< node_kind::expression
        stmt_ref statement{};       ///< node_kind::statement
        variable_ref variable{};    ///< node_kind::variable
        std::string_view text;      ///< the node's display text
        std::string_view why;
        source_pos pos;
    };
    struct parameter {
        variable_ref variable{};
        function_ref function{};
        source_pos pos;
        std::string_view name;
        leak_summary leaks;         ///< gc's tag (after optimize())
        bool moved_to_heap = false; ///< the parameter's own address escapes (see the variable site)
        bool has_pointers = true;
        bool named = true;          ///< unnamed or blank parameters get no diagnostic
        bool reported = true;
        bool external = false;      ///< tag of a body-less function
        index_t index = 0;          ///< position in the function's parameter list
        index_t result_names_first = 0;  ///< names of the function's results (for "to result ~r0")
        index_t result_count = 0;
        index_t conditions_first = 0;    ///< dispatch=context: conditional leaks (see condition)
        index_t conditions_count = 0;
    };
    /// dispatch=context: the parameter also leaks if, at the caller, `subject` (another parameter)
    /// holds a value whose method `method` keeps its argument `argument` (0 = the receiver); or,
    /// when method is empty, if the function value `subject` keeps its argument `argument`.
    /// `level`: the dereferences between the parameter and that argument (exact = false: the
    /// parameter is reached through an address, so any leak of the argument counts as level 0).
    struct condition {
        std::string_view subject;
        std::string_view method;
        index_t argument = 0;
        std::int32_t level = 0;
        bool exact = true;
    };
    enum class note_kind : std::uint8_t {
        self_assignment,  ///< gc's "F ignoring self-assignment in S" (text = S)
        resolution,       ///< how a dynamic call was resolved (dispatch=closed/context, with explain)
        devirtualization,  ///< a dynamic call with exactly one possible target (closed/context)
        gc_devirtualization  ///< gc's static devirtualization: "devirtualizing i.M to T" (text = all of it)
    };
    /// How a closure captures one variable (see the file comment: code generators must follow it).
    struct capture {
        expr_ref closure{};
        variable_ref variable{};
        bool by_reference = true;
    };
    struct note {
        function_ref function{};
        source_pos pos;
        std::string_view text;
        note_kind kind = note_kind::self_assignment;
    };

    explicit analysis_result(memory_resource& mem = default_resource()) noexcept
        : mem_(&mem), strings_(mem), sites_(mem), params_(mem), notes_(mem), explanation_(mem), paths_(mem), steps_(mem),
          path_notes_(mem), graph_nodes_(mem), graph_edges_(mem), result_names_(mem), files_(mem),
          conditions_(mem), captures_(mem), by_variable_(mem), by_expression_(mem), param_by_variable_(mem) {}

    // --- queries --------------------------------------------------------------------------------
    /// The site of a variable (nullptr if the variable is not an allocation site).
    const site* find_variable(variable_ref v) const noexcept {
        const index_t* i = by_variable_.find(v);
        return i ? &sites_[*i] : nullptr;
    }
    /// The site of an allocating expression (nullptr if it is not one).
    const site* find_expression(expr_ref e) const noexcept {
        const index_t* i = by_expression_.find(e);
        return i ? &sites_[*i] : nullptr;
    }
    /// find(handle): a variable_ref or an expr_ref (when the two handle types differ).
    template <class H>
    const site* find(H h) const noexcept {
        constexpr bool var = std::is_same_v<H, variable_ref>, exp = std::is_same_v<H, expr_ref>;
        static_assert(var || exp, "find() takes a variable_ref or an expr_ref");
        static_assert(!(var && exp), "variable_ref and expr_ref are the same type: use find_variable or find_expression");
        if constexpr (var && !exp) return find_variable(h);
        else return find_expression(h);
    }
    const parameter* find_parameter(variable_ref v) const noexcept {
        const index_t* i = param_by_variable_.find(v);
        return i ? &params_[*i] : nullptr;
    }
    /// Every site, in deterministic order.
    auto sites() const noexcept { return detail::span_range<site>(sites_.begin(), sites_.end()); }
    /// Sites with a verdict (a forward range over the sites; no copy).
    template <verdict V>
    struct verdict_is {
        bool operator()(const site& s) const noexcept { return s.verdict == V; }
    };
    /// Sites on the heap (a forward range over the sites; no copy).
    auto heap_sites() const noexcept {
        return detail::filtered_range<site, verdict_is<verdict::heap>>(sites_.begin(), sites_.end());
    }
    auto stack_sites() const noexcept {
        return detail::filtered_range<site, verdict_is<verdict::stack>>(sites_.begin(), sites_.end());
    }
    auto parameters() const noexcept { return detail::span_range<parameter>(params_.begin(), params_.end()); }
    auto notes() const noexcept { return detail::span_range<note>(notes_.begin(), notes_.end()); }
    /// The explanation lines of a site (empty unless analysis_options::explain).
    auto explanation(const site& s) const noexcept {
        const std::string_view* first = explanation_.data() + s.explanation_first;
        return detail::span_range<std::string_view>(first, first + s.explanation_count);
    }
    /// keep_graph: a location of the analysis' graph (one heap node per batch).
    struct graph_node {
        function_ref function{};    ///< valid when in_function
        bool in_function = false;   ///< false for the heap and the blank sink "_"
        location_kind kind = location_kind::temporary;
        std::string_view name;      ///< as in explanations ("{heap}", "x", "{storage for &T{}}", "{temp}")
        index_t batch = 0;          ///< the call graph's SCC the location was analysed in
        std::int32_t loop_depth = 0;  ///< loops around it in its function
        bool escapes = false;       ///< the verdict (heap) for sites, "outlives its frame" for others
        bool site = false;          ///< an allocation site (or an address-taken variable)
    };
    /// keep_graph: a flow `dst = (derefs) src` (gc's edge weight: -1 address, n dereferences).
    struct graph_edge {
        index_t src = 0, dst = 0;   ///< graph_nodes indices
        std::int32_t derefs = 0;
        std::string_view edge;      ///< the innermost note's why (with explain), else empty
        source_pos pos;             ///< the innermost note's position (with explain)
        bool on_path = false;       ///< on the first explanation path of some heap site (with explain)
    };
    auto graph_nodes() const noexcept { return detail::span_range<graph_node>(graph_nodes_.begin(), graph_nodes_.end()); }
    auto graph_edges() const noexcept { return detail::span_range<graph_edge>(graph_edges_.begin(), graph_edges_.end()); }
    /// explain: the explanation paths of a site, the first one the text explanation's.
    auto paths(const site& s) const noexcept {
        const path* first = paths_.data() + s.paths_first;
        return detail::span_range<path>(first, first + s.paths_count);
    }
    auto steps(const path& p) const noexcept {
        const path_step* first = steps_.data() + p.steps_first;
        return detail::span_range<path_step>(first, first + p.steps_count);
    }
    auto notes(const path_step& st) const noexcept {
        const path_note* first = path_notes_.data() + st.notes_first;
        return detail::span_range<path_note>(first, first + st.notes_count);
    }
    /// Every capture decision, grouped by closure expression.
    auto captures() const noexcept { return detail::span_range<capture>(captures_.begin(), captures_.end()); }
    /// The capture decisions of a closure expression (empty if it captures nothing).
    auto captures(expr_ref closure) const noexcept {
        const capture* first = captures_.data();
        const capture* last = first + captures_.size();
        while (first != last && !(first->closure == closure)) ++first;
        const capture* end = first;
        while (end != last && end->closure == closure) ++end;
        return detail::span_range<capture>(first, end);
    }
    /// Whether `closure` captures `variable` by reference (false: by value or not at all).
    bool captured_by_reference(expr_ref closure, variable_ref variable) const noexcept {
        for (const capture& c : captures(closure))
            if (c.variable == variable) return c.by_reference;
        return false;
    }
    auto conditions(const parameter& p) const noexcept {
        const condition* first = conditions_.data() + p.conditions_first;
        return detail::span_range<condition>(first, first + p.conditions_count);
    }
    std::string_view result_name(const parameter& p, index_t i) const noexcept {
        return i < p.result_count ? result_names_[p.result_names_first + i] : std::string_view();
    }
    /// A file a position of the result names, with the host's name for it (copied).
    struct file_entry {
        index_t file;
        std::string_view name;
    };
    /// The name of a file a position of the result names (the host's file_name, copied).
    std::string_view file_name(index_t file) const noexcept {
        const file_entry* first = files_.begin();
        const file_entry* last = files_.end();
        while (first != last) {  // binary search: files_ is sorted by file
            const file_entry* mid = first + (last - first) / 2;
            if (mid->file < file) first = mid + 1;
            else last = mid;
        }
        return first != files_.end() && first->file == file ? first->name : std::string_view();
    }
    std::size_t site_count() const noexcept { return sites_.size(); }
    std::size_t heap_count() const noexcept {
        std::size_t n = 0;
        for (const site& s : sites_) n += s.verdict == verdict::heap;
        return n;
    }
    const analysis_options& options() const noexcept { return options_; }
    /// Work counters of the run (edge relaxations in walks, locations, edges).
    struct statistics {
        std::uint64_t relaxations = 0;
        std::uint64_t locations = 0;
        std::uint64_t edges = 0;
        std::uint64_t walks = 0;
        std::uint32_t batches = 0;
        std::uint32_t budget_exceeded = 0;
        std::size_t peak_batch_bytes = 0;
        std::uint32_t memory_rounds = 0;  ///< rounds of the memory sets' fixpoint (0: none, or not converged)
    };
    const statistics& stats() const noexcept { return stats_; }

    /// The memory resource the result allocates from.
    memory_resource& resource() const noexcept { return *mem_; }
    /// Empties the result (analyze() does it before filling it; storage is kept).
    void clear() noexcept {
        sites_.clear();
        params_.clear();
        notes_.clear();
        explanation_.clear();
        paths_.clear();
        steps_.clear();
        path_notes_.clear();
        graph_nodes_.clear();
        graph_edges_.clear();
        result_names_.clear();
        files_.clear();
        conditions_.clear();
        captures_.clear();
        by_variable_.clear();
        by_expression_.clear();
        param_by_variable_.clear();
        stats_ = statistics{};
    }

private:
    friend class detail::result_writer<Program, Traits>;
    template <class H>
    using handle_hash = detail::handle_hash<H>;
    memory_resource* mem_;
    detail::string_pool strings_;
    detail::vector<site> sites_;
    detail::vector<parameter> params_;
    detail::vector<note> notes_;
    detail::vector<std::string_view> explanation_;
    detail::vector<path> paths_;
    detail::vector<path_step> steps_;
    detail::vector<path_note> path_notes_;
    detail::vector<graph_node> graph_nodes_;
    detail::vector<graph_edge> graph_edges_;
    detail::vector<std::string_view> result_names_;
    detail::vector<file_entry> files_;  ///< the files positions name, sorted by index
    detail::vector<condition> conditions_;
    detail::vector<capture> captures_;
    detail::hash_map<variable_ref, index_t, handle_hash<variable_ref>> by_variable_;
    detail::hash_map<expr_ref, index_t, handle_hash<expr_ref>> by_expression_;
    detail::hash_map<variable_ref, index_t, handle_hash<variable_ref>> param_by_variable_;
    analysis_options options_;
    statistics stats_;
};

namespace detail {

/// The analysis' write access to an analysis_result (internal: the engine's only way to fill one).
template <class Program, class Traits>
class result_writer {
public:
    using result_type = analysis_result<Program, Traits>;
    explicit result_writer(result_type& r) noexcept : r_(r) {}

    /// Copies s into the result's string pool; *out views the copy.
    [[nodiscard]] bool intern(std::string_view s, std::string_view* out) noexcept { return r_.strings_.intern(s, out); }
    vector<typename result_type::site>& mutable_sites() noexcept { return r_.sites_; }
    vector<typename result_type::parameter>& mutable_parameters() noexcept { return r_.params_; }
    vector<typename result_type::note>& mutable_notes() noexcept { return r_.notes_; }
    vector<std::string_view>& mutable_explanation() noexcept { return r_.explanation_; }
    vector<typename result_type::path>& mutable_paths() noexcept { return r_.paths_; }
    vector<typename result_type::path_step>& mutable_steps() noexcept { return r_.steps_; }
    vector<typename result_type::path_note>& mutable_path_notes() noexcept { return r_.path_notes_; }
    vector<typename result_type::graph_node>& mutable_graph_nodes() noexcept { return r_.graph_nodes_; }
    vector<typename result_type::graph_edge>& mutable_graph_edges() noexcept { return r_.graph_edges_; }
    vector<std::string_view>& mutable_result_names() noexcept { return r_.result_names_; }
    vector<typename result_type::file_entry>& mutable_files() noexcept { return r_.files_; }
    vector<typename result_type::condition>& mutable_conditions() noexcept { return r_.conditions_; }
    vector<typename result_type::capture>& mutable_captures() noexcept { return r_.captures_; }
    typename result_type::statistics& mutable_stats() noexcept { return r_.stats_; }
    void set_options(const analysis_options& o) noexcept { r_.options_ = o; }
    /// Builds the handle indexes (after sites and parameters are final).
    [[nodiscard]] bool index() noexcept {
        r_.by_variable_.clear();
        r_.by_expression_.clear();
        r_.param_by_variable_.clear();
        for (std::size_t i = 0; i < r_.sites_.size(); ++i) {
            const auto& s = r_.sites_[i];
            index_t* slot = s.kind == site_kind::variable ? r_.by_variable_.insert(s.variable, static_cast<index_t>(i))
                                                          : r_.by_expression_.insert(s.expression, static_cast<index_t>(i));
            if (slot == nullptr) return false;
        }
        for (std::size_t i = 0; i < r_.params_.size(); ++i)
            if (!r_.param_by_variable_.insert(r_.params_[i].variable, static_cast<index_t>(i))) return false;
        return true;
    }
    void clear() noexcept { r_.clear(); }

private:
    result_type& r_;
};

}  // namespace detail

}  // namespace escapade

#endif  // ESCAPADE_RESULTS_HPP
