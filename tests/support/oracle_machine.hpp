// tests/support/oracle_machine.hpp - the oracle interpreter's machine: values, objects and the vm's declaration.
//
// Memory is concrete: objects made of slots; a slot references an object (pointer, slice
// backing array, string data, box, record, map) or holds a scalar. vm declares the machine's
// state (objects, the frame stack, loops, deferred calls, the checker's tables) and its members,
// defined in oracle_vm_memory.hpp, oracle_vm_calls.hpp, oracle_checker.hpp, oracle_vm_loop.hpp
// and oracle_vm_ops.hpp, each including this file.
//
// Declarations only: no cost of its own.
// Test-only code (oracle_vm.hpp says what the interpreter and the checker are).
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_MACHINE_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_MACHINE_HPP

#include "oracle_bytecode.hpp"

namespace escapade_oracle {

/// One word of memory. `obj` != 0 means the slot references that object (pointer, slice backing
/// array, string data, interface box or pointer-shaped payload, closure/method-value record, map).
struct slot {
    std::uint32_t obj = 0;
    std::uint32_t fn = 0;   ///< function values: static function + 1 (also inside an interface payload)
    std::uint32_t dyn = 0;  ///< interfaces: dynamic type + 1 (0 = nil interface)
    std::int32_t len = 0, cap = 0;
    std::int64_t a = 0;     ///< scalars: the value; pointers, slices, strings: slot offset in obj
};

inline bool same_slot(const slot& x, const slot& y) noexcept {
    return x.obj == y.obj && x.fn == y.fn && x.dyn == y.dyn && x.len == y.len && x.cap == y.cap && x.a == y.a;
}

enum class okind : std::uint8_t { variable, allocation, global, external, runtime, closure, method_value, map, box };

struct map_entry {
    std::vector<slot> key, val;
};

struct object {
    std::vector<slot> slots;
    std::vector<map_entry> entries;  ///< maps
    okind kind = okind::runtime;
    std::int8_t verdict = verdict_table::heap;  ///< no_site (variables and sites without a verdict), stack or heap
    bool addr_taken = false;
    bool dead = false;       ///< a stack object whose frame or iteration ended
    bool live_var = false;   ///< a variable instance still in scope (a root)
    bool captured_by_value = false;
    std::uint32_t var = none, expr = none;  ///< the site
    std::uint32_t frame = 0;                 ///< serial of the allocating frame
    std::uint32_t fn = none;                 ///< closures and method values: the function; interface method values: name
    std::uint32_t mark = 0, cand = 0;
    std::size_t birth = 0;  ///< position in the write log when allocated
    bool must_die() const noexcept { return verdict != verdict_table::heap && addr_taken && !dead; }
};

struct capture_layout {
    bool by_ref = false;
    std::int32_t offset = 0, n = 0;
};

// =============================================================================================
// Execution
// =============================================================================================

struct exec_options {
    std::uint64_t seed = 1;
    std::uint32_t max_calls = 400;      ///< fuel: after this many calls, paths without calls are preferred
    std::uint32_t soft_depth = 48;      ///< frame depth at which the fuel counts as exhausted
    std::uint32_t hard_depth = 400;     ///< frame depth that aborts the run
    std::uint64_t max_steps = 400000;   ///< instructions per run
    std::uint32_t max_trips = 3;        ///< loop iterations (chosen at random up to this)
    std::uint32_t max_make = 64;        ///< largest make() length executed
    bool forgive = true;                ///< nil dereference / out of range: zero value instead of a panic
};

struct violation {
    enum kind_t : std::uint8_t { frame_return, iteration_end, by_value_capture } kind = frame_return;
    std::uint32_t var = none, expr = none;
    std::string site;    ///< "new(S) at f.ir:3:9 in F"
    std::string reason;  ///< the verdict and its reason
    std::string when;    ///< "when F returns" / "at the end of an iteration of the loop at ..."
    std::string path;    ///< root -> ... -> object
    std::string text() const { return site + " [" + reason + "] is reachable " + when + ": " + path; }
};

struct exec_result {
    enum status_t : std::uint8_t { completed, found_violation, panicked, unsupported, out_of_fuel } status = completed;
    std::string detail;
    violation v;
    std::uint64_t steps = 0, calls = 0, checks = 0, objects = 0, forgiven = 0;
};

class vm {
public:
    vm(const ir::module& m, layout& lay, const program_code& pc, const verdict_table& vt);

    /// Runs function `entry` with synthesised arguments, then pending goroutines.
    exec_result run(ir::func_id entry, const exec_options& opt);

private:
    struct loop_state {
        std::size_t iter_mark = 0;
        std::uint32_t trips = 0;
        bool range = false;
        std::int32_t kind = 0, elemn = 0;
        std::vector<slot> x;
        std::int64_t index = 0, len = 0;
        std::vector<std::vector<slot>> keys;  // maps: the snapshot of keys
        std::vector<slot> key, val;           // the current iteration's key and value
        std::string pos;
    };
    struct call_rec {
        std::int32_t kind = 0;  // 0 static, 1 method, 2 value
        std::uint32_t id = 0;
        std::int32_t argslots = 0;
        std::vector<slot> slots;
        const std::vector<lit_arg>* lits = nullptr;  // slice literals the wrapper builds
    };
    struct frame {
        ir::func_id fn = 0;
        std::uint32_t pc = 0;
        std::size_t sp_base = 0;
        std::uint32_t serial = 0;
        std::uint32_t closure = 0;
        bool discard = false;
        std::vector<std::uint32_t> vars;
        std::vector<std::uint32_t> allocs;  // objects allocated by this frame, in order
        std::vector<std::uint32_t> wrapper_allocs;  // go/defer: slice literals the wrapper built for this call
        std::vector<loop_state> loops;
        std::vector<call_rec> defers;
    };

    // ---- results ------------------------------------------------------------------------------
    exec_result stop(exec_result::status_t s, std::string detail);
    bool fail(exec_result::status_t s, std::string detail);
    /// A nil dereference, index out of range or failed assertion: Go panics. With `forgive` the
    /// run goes on with a zero value (or a dropped store), which removes flows and never adds one.
    bool soft_panic(const char* what);
    bool exhausted() const { return res_.calls >= opt_.max_calls || frames_.size() >= opt_.soft_depth; }

    // ---- objects ------------------------------------------------------------------------------
    std::uint32_t new_obj(okind k, std::int8_t verdict, std::size_t nslots);
    /// An object allocated at site e by the current frame.
    std::uint32_t site_obj(okind k, std::uint32_t e, std::size_t nslots);
    std::uint32_t var_instance(frame& f, std::int32_t local);
    std::uint32_t local_obj(frame& f, std::int32_t local);

    // ---- memory access --------------------------------------------------------------------------
    bool read(const slot& p, std::int32_t n, std::vector<slot>& out);
    bool write(const slot& p, const slot* v, std::int32_t n);
    bool capture_violation(std::uint32_t o, const char* what);
    slot pop();
    void popn(std::size_t n, std::vector<slot>& out);
    void push_zero(std::size_t n) { st_.insert(st_.end(), n, slot{}); }
    static slot int_slot(std::int64_t v);

    // ---- entry arguments ------------------------------------------------------------------------
    /// Pushes a value of type t for an entry parameter: pointers, slices and maps refer to fresh
    /// external objects (heap), interfaces hold a random implementation, functions a matching one.
    void synth(ir::type_id t, int depth);

    // ---- interfaces -------------------------------------------------------------------------------
    /// Method set check: does dynamic type d have every method of interface type it?
    bool implements(ir::type_id d, ir::type_id it);
    /// An interface value of dynamic type d holding val: the payload itself when d is
    /// pointer-shaped, else a box (allocated at site e, or a heap box for entry arguments).
    slot box(ir::type_id d, const std::vector<slot>& val, std::uint32_t e, bool external);
    /// The value held by interface slot s (of dynamic type d), appended to out.
    bool unbox(const slot& s, std::vector<slot>& out);
    /// Resolves method `name` on the dynamic type of interface slot s; appends the receiver.
    bool resolve(const slot& s, std::string_view name, ir::func_id* f, std::vector<slot>& recv);

    // ---- calls ----------------------------------------------------------------------------------------
    /// Calls f with `argslots` argument slots on top of the stack.
    bool enter(ir::func_id f, std::int32_t argslots, std::uint32_t closure, bool discard);
    /// Calls through a function value: the value is below `argslots` argument slots.
    bool call_value(std::int32_t argslots, std::int32_t resslots, bool discard);
    bool call_method(std::string_view name, std::int32_t argslots, std::int32_t resslots, bool discard);
    bool invoke(const call_rec& r, bool discard);

    // ---- the checker ------------------------------------------------------------------------------
    struct root {
        std::uint8_t kind;  // 0 global, 1 variable of a frame, 2 temporaries of a frame, 3 returned values,
                            // 4 deferred call, 5 pending goroutine, 6 range value, 7 running closure record
        std::uint32_t id;   // object, or frame index
        std::uint32_t extra;
    };
    std::string root_text(const root& r);
    std::string describe(std::uint32_t o);
    std::string verdict_text(std::uint32_t o);

    /// Reachability from the live roots. Frames at index >= `first_dead_frame` are gone; variable
    /// instances are roots only while live. Returns the first candidate reached, or 0.
    std::uint32_t reach(const std::vector<std::uint32_t>& cands, std::size_t first_dead_frame, const std::vector<slot>* retvals,
                        std::string* path);

    /// A sound prefilter for reach(): a slot that refers to a candidate (allocated at log position
    /// b) can only be in an object allocated or written at position >= b (everything that sets a
    /// slot is logged: allocation, write, map_put), or in a root that is not an object (the operand
    /// stack, values being returned, deferred and pending calls, range values). If no such slot
    /// refers to a candidate, none is reachable and the BFS is skipped.
    bool may_reach(const std::vector<std::uint32_t>& cands, std::size_t first_dead_frame, const std::vector<slot>* retvals);

    /// Frees the candidates (stack objects); a reachable one is a violation.
    bool check(std::vector<std::uint32_t>& cands, std::size_t first_dead_frame, const std::vector<slot>* retvals,
               violation::kind_t kind, const std::string& when);

    bool end_iteration(frame& f);

    bool do_return();

    // ---- the main loop ------------------------------------------------------------------------------
    bool addr_of_var(frame& f, std::int32_t where, std::int32_t index, slot* out);
    /// The value of a captured variable for a new closure record made in frame f.
    bool capture_source(frame& f, ir::var_id v, const capture_layout& want, std::vector<slot>& out);

    bool loop();

    std::string stmt_pos(std::int64_t s);

    static bool keys_equal(const std::vector<slot>& a, const std::vector<slot>& b);
    void map_put(std::uint32_t m, const std::vector<slot>& k, const std::vector<slot>& v);

    bool do_assign(const std::vector<assign_target>& ts);

    bool do_slice(const instr& in);

    bool do_append(const instr& in);

    bool range_begin(frame& f, const instr& in);
    bool range_next(frame& f, const instr& in);

    const ir::module& m_;
    layout& lay_;
    const program_code& pc_;
    const verdict_table& vt_;
    std::vector<std::vector<capture_layout>> caps_;
    std::vector<ir::type_id> iface_types_;
    std::vector<ir::func_id> func_values_;
    exec_options opt_;
    rng rng_{1};
    exec_result res_;
    std::vector<object> objs_;
    std::vector<frame> frames_;
    std::vector<slot> st_;
    std::deque<call_rec> goroutines_;
    std::vector<std::uint32_t> globals_;
    std::uint32_t serial_ = 0, epoch_ = 0;
    std::vector<std::uint32_t> par_obj_, par_root_, queue_;
    std::vector<std::uint32_t> wlog_;  ///< objects in order of allocation or write (see may_reach)
    std::vector<root> roots_;
};

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_MACHINE_HPP
