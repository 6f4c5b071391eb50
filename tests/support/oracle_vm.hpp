// tests/support/oracle_vm.hpp - the soundness oracle's interpreter for the generic IR and its
// lifetime checker (docs/soundness.md).
//
// The interpreter compiles each function of an ir::module into a small stack bytecode (an
// explicit work stack, no recursion over the IR) and runs it on an explicit frame stack (no native
// recursion per call). Memory is concrete: objects made of slots (one slot per scalar, pointer,
// slice, string, interface, function value, map or channel word; structs and arrays flattened),
// pointers are (object, slot offset), slices (backing object, offset, len, cap), interface values
// (dynamic type, pointer-shaped payload or box object), function values (static function, closure
// record or method-value record). Conditions and loop trip counts come from a seeded RNG; any path
// is a valid execution for a path-insensitive analysis.
//
// The checker implements the design notes' definition of a sound `stack` verdict: when a frame
// returns, every object it allocated at a `stack` site must be unreachable from the live roots
// (globals, other frames' variables and temporaries, deferred and pending calls, heap objects
// reachable from them, the values being returned); when a loop iteration ends, the same for the
// objects allocated in that iteration (variables declared in the body die with it). A variable is
// an object; one that the analysis did not report as a site is implicitly `stack`. A closure
// captures a variable by reference when it is a site and by value otherwise; a by-value captured
// variable that is written after the capture is reported too (the host could not have captured it
// by value).
//
// Test-only code: not part of the library. Works with -fno-exceptions -fno-rtti.
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_VM_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_VM_HPP

#include <algorithm>
#include <cstring>
#include <deque>

#include "oracle_common.hpp"

namespace escapade_oracle {

using escapade::assign_form;
using escapade::expr_kind;
using escapade::stmt_kind;
using escapade::type_kind;
using escapade::var_kind;

constexpr std::uint32_t none = 0xffffffffu;

// =============================================================================================
// Layout: slots per type
// =============================================================================================

class layout {
public:
    static constexpr std::int64_t max_slots = 4096;

    explicit layout(const ir::module& m) : m_(m), slots_(m.type_count(), -2) {}

    /// Slots of a value of type t (a tuple: the sum of its elements), or -1 when too large or invalid.
    std::int64_t slots(ir::type_id t) {
        if (t >= slots_.size()) return -1;
        if (slots_[t] != -2) return slots_[t];
        // Iterative post-order over by-value containment (array elements, struct fields, tuple items).
        std::vector<ir::type_id> stack{t};
        std::vector<std::uint8_t> active(m_.type_count(), 0);
        while (!stack.empty()) {
            ir::type_id x = stack.back();
            if (slots_[x] != -2) {
                stack.pop_back();
                continue;
            }
            const ir::type& ty = m_.type_at(x);
            bool pending = false;
            auto need = [&](ir::type_id c) {
                if (c >= slots_.size()) return;
                if (slots_[c] == -2) {
                    if (active[c]) {
                        slots_[c] = -1;  // cycle through values: invalid
                        return;
                    }
                    stack.push_back(c);
                    pending = true;
                }
            };
            active[x] = 1;
            if (ty.kind == type_kind::array) need(ty.elem);
            else if (ty.kind == type_kind::struct_)
                for (index_t i = 0; i < ty.count; ++i) need(m_.field_at(x, i).type);
            else if (ty.kind == type_kind::tuple)
                for (ir::type_id e : m_.func_params(x)) need(e);
            if (pending) continue;
            std::int64_t n = 0;
            switch (ty.kind) {
            case type_kind::invalid: n = -1; break;
            case type_kind::array: {
                std::int64_t e = ty.elem < slots_.size() ? slots_[ty.elem] : -1;
                if (e < 0 || ty.length > static_cast<escapade::size64>(max_slots)) n = -1;
                else n = e * static_cast<std::int64_t>(ty.length);
                break;
            }
            case type_kind::struct_:
                for (index_t i = 0; i < ty.count && n >= 0; ++i) {
                    ir::type_id ft = m_.field_at(x, i).type;
                    std::int64_t e = ft < slots_.size() ? slots_[ft] : -1;
                    n = e < 0 ? -1 : n + e;
                }
                break;
            case type_kind::tuple:
                for (ir::type_id e : m_.func_params(x)) {
                    if (n < 0) break;
                    std::int64_t s = e < slots_.size() ? slots_[e] : -1;
                    n = s < 0 ? -1 : n + s;
                }
                break;
            default: n = 1; break;
            }
            if (n > max_slots) n = -1;
            slots_[x] = n;
            stack.pop_back();
        }
        return slots_[t];
    }
    /// Slot offset of field i of struct type st.
    std::int64_t field_offset(ir::type_id st, index_t i) {
        std::int64_t off = 0;
        for (index_t k = 0; k < i; ++k) {
            std::int64_t s = slots(m_.field_at(st, k).type);
            if (s < 0) return -1;
            off += s;
        }
        return off;
    }

private:
    const ir::module& m_;
    std::vector<std::int64_t> slots_;
};

// =============================================================================================
// Bytecode
// =============================================================================================

enum class op : std::uint8_t {
    push_zero,     // a = n
    push_int,      // k = value
    push_str,      // a = length
    push_func,     // a = function
    push_rng,      // a = 0 int / 1 bool
    loadv,         // a = where (0 local, 1 global, 2 capture), b = index, c = n
    addrv,         // a = where, b = index: an internal address (not a Go &x)
    mark_addr,     // the pointer on top is a Go &x: the object's address is taken
    load,          // a = n
    nilcheck,
    addr_off,      // a = offset
    subval,        // a = total, b = offset, c = n
    index_val,     // a = total, b = elemn, c = length
    addr_index,    // a = elemn, b = length (pointer to array + index)
    slice_elem,    // a = elemn (slice + index)
    str_index,
    map_get,       // a = kn, b = vn, c = comma-ok
    blank,
    slice_op,      // a = flags, b = kind (0 slice, 1 string, 2 pointer to array), c = elemn, d = array length
    to_iface,      // a = from type, b = n
    assert_,       // a = target type, b = n, c = comma-ok
    new_,          // a = n
    ptr_lit,       // a = n
    slice_lit,     // a = elemn, b = count
    map_lit,       // a = kn, b = vn, c = pairs
    make_slice,    // a = elemn, b = has cap
    make_map,
    closure,       // a = function
    method_value,  // a = receiver mode (0 as is, 1 deref, 2 address, 3 interface), b = name, c = receiver slots, d = function
    strconv,       // a = 0 to string, 1 to byte/rune slice
    concat,        // a = count
    call,          // a = function, b = argument slots
    call_method,   // a = name, b = argument slots (after the receiver), c = result slots
    call_value,    // a = argument slots (after the function value), c = result slots
    append,        // a = elemn, b = values, c = spread, d = spread source is a string
    copy,          // a = elemn, b = source is a string
    len,           // a = kind (0 slice, 1 string, 2 map, 3 chan)
    cap,
    popn,          // a = n
    delete_,       // a = kn
    clear,         // a = 0 map, 1 slice (elemn in b)
    assign,        // a = index into the function's assignment table
    opassign,      // a = 0 scalar, 1 string, 2 other; b = n
    declare,       // a = local index
    branch,        // a = else label, b = then has calls, c = else has calls
    jmp,           // a = label
    loop_begin,
    loop_test,     // a = exit label
    iter_end,
    loop_end,
    range_begin,   // a = kind (0 slice, 1 array value, 2 pointer to array, 3 string, 4 map), b = elemn, c = x slots, d = array length
    range_next,    // a = exit label
    range_key,     // a = kn
    range_val,     // a = vn
    store_result,  // a = local index of the result, b = n
    ret,
    defer_,        // a = kind (0 static, 1 method, 2 value), b = function or name, c = all slots, d = argument slots
    go_,
    panic_,
    unsupported,   // e = expression or statement; the text is in the function's notes
};

inline bool is_jump(op o) noexcept { return o == op::branch || o == op::jmp || o == op::loop_test || o == op::range_next; }

struct instr {
    op o = op::popn;
    std::int32_t a = 0, b = 0, c = 0, d = 0;
    std::int64_t k = 0;
    std::uint32_t e = none;  ///< the expression (allocation sites, positions)
};

struct assign_target {
    std::uint8_t kind = 0;  ///< 0 address, 1 map element, 2 blank
    std::int32_t kslots = 0, vslots = 0;
};

/// A slice-literal argument of go/defer: gc's wrapper builds it when the call runs (rewriteArgument).
struct lit_arg {
    std::int32_t start = 0, count = 0, elemn = 0;
    std::uint32_t expr = none;
};

struct fn_code {
    std::vector<instr> code;
    std::vector<std::vector<lit_arg>> lits;  ///< per go/defer statement with slice-literal arguments
    std::vector<ir::var_id> locals;  ///< local index -> variable
    std::vector<std::int32_t> params, results;
    std::vector<std::vector<assign_target>> assigns;
    std::int32_t param_slots = 0, result_slots = 0;
};

/// A module compiled for execution. `unsupported` names the first construct the interpreter does
/// not execute (goto, channels, unsafe, ...); such programs are skipped and counted.
struct program_code {
    std::vector<fn_code> fns;
    std::vector<std::int32_t> local_index;   ///< variable -> index among its function's locals
    std::vector<std::int32_t> global_index;  ///< variable -> index among the globals
    std::string unsupported;
};

// =============================================================================================
// Compiler (explicit work stack)
// =============================================================================================

class compiler {
public:
    compiler(const ir::module& m, layout& lay, program_code& out) : m_(m), lay_(lay), out_(out) {}

    bool run() {
        out_.local_index.assign(m_.variable_count(), -1);
        out_.global_index.assign(m_.variable_count(), -1);
        out_.fns.assign(m_.function_count(), fn_code{});
        std::int32_t g = 0;
        for (ir::var_id v : m_.globals()) out_.global_index[v] = g++;
        for (ir::var_id v = 0; v < m_.variable_count(); ++v) {
            const ir::variable& var = m_.variable_at(v);
            if (var.kind == var_kind::global || var.function >= m_.function_count()) continue;
            fn_code& fc = out_.fns[var.function];
            out_.local_index[v] = static_cast<std::int32_t>(fc.locals.size());
            fc.locals.push_back(v);
            if (lay_.slots(var.type) < 0) return unsup(strf("variable %.*s has a type too large for the interpreter",
                                                             int(var.name.size()), var.name.data()));
        }
        for (ir::func_id f = 0; f < m_.function_count(); ++f) {
            fn_code& fc = out_.fns[f];
            for (ir::var_id v : m_.params(f)) {
                fc.params.push_back(out_.local_index[v]);
                fc.param_slots += static_cast<std::int32_t>(lay_.slots(m_.variable_at(v).type));
            }
            for (ir::var_id v : m_.results(f)) {
                fc.results.push_back(out_.local_index[v]);
                fc.result_slots += static_cast<std::int32_t>(lay_.slots(m_.variable_at(v).type));
            }
        }
        for (ir::func_id f = 0; f < m_.function_count(); ++f) {
            if (m_.function_at(f).body == invalid_index) continue;
            if (!compile_function(f)) return false;
        }
        return true;
    }

private:
    enum class tk : std::uint8_t { expr, stmt, emit, label, loop_push, loop_pop };
    enum mode : std::uint8_t { V, A, D, OK };
    struct task {
        tk k;
        std::uint8_t md = V;
        std::uint32_t id = 0;  // expr, stmt or label id
        instr in{};
        std::int32_t l1 = 0, l2 = 0;  // loop labels (top, exit)
    };

    bool unsup(std::string why) {
        if (out_.unsupported.empty()) out_.unsupported = std::move(why);
        return false;
    }
    std::int64_t tslots(ir::type_id t) { return lay_.slots(t); }
    std::int64_t eslots(ir::expr_id e) { return lay_.slots(m_.expr_at(e).type); }
    const ir::type& ty(ir::type_id t) const { return m_.type_at(t); }
    const ir::type& ety(ir::expr_id e) const { return m_.type_at(m_.expr_at(e).type); }

    std::int32_t new_label() {
        labels_.push_back(-1);
        return static_cast<std::int32_t>(labels_.size() - 1);
    }
    void emit(const instr& in) { code().push_back(in); }
    std::vector<instr>& code() { return out_.fns[cur_].code; }

    static task T_expr(ir::expr_id e, mode md) {
        task t{tk::expr};
        t.id = e;
        t.md = md;
        return t;
    }
    static task T_stmt(ir::stmt_id s) {
        task t{tk::stmt};
        t.id = s;
        return t;
    }
    static task T_emit(op o, std::int32_t a = 0, std::int32_t b = 0, std::int32_t c = 0, std::int32_t d = 0, std::uint32_t e = none,
                       std::int64_t k = 0) {
        task t{tk::emit};
        t.in.o = o;
        t.in.a = a;
        t.in.b = b;
        t.in.c = c;
        t.in.d = d;
        t.in.e = e;
        t.in.k = k;
        return t;
    }
    static task T_label(std::int32_t l) {
        task t{tk::label};
        t.id = static_cast<std::uint32_t>(l);
        return t;
    }

    /// Variable access: where (0 local, 1 global, 2 capture) and index.
    bool var_where(ir::var_id v, std::int32_t* where, std::int32_t* index) {
        const ir::variable& var = m_.variable_at(v);
        if (var.kind == var_kind::global) {
            *where = 1;
            *index = out_.global_index[v];
            return *index >= 0 || unsup("global not in the module's global list");
        }
        if (var.function == cur_) {
            *where = 0;
            *index = out_.local_index[v];
            return true;
        }
        ir::id_span<ir::var_id> caps = m_.captures(cur_);
        for (std::size_t i = 0; i < caps.size(); ++i)
            if (caps[i] == v) {
                *where = 2;
                *index = static_cast<std::int32_t>(i);
                return true;
            }
        return unsup(strf("variable %.*s used outside its function and not captured", int(var.name.size()), var.name.data()));
    }

    bool addressable(ir::expr_id e) const {
        // Iterative: follow field/index chains down to a variable or a dereference.
        for (int guard = 0; guard < 100000; ++guard) {
            const ir::expr& x = m_.expr_at(e);
            switch (x.kind) {
            case expr_kind::var:
            case expr_kind::deref:
            case expr_kind::field_ptr: return true;
            case expr_kind::index_ptr: return m_.type_at(m_.expr_at(m_.operands(e)[0]).type).kind != type_kind::string;
            case expr_kind::field:
            case expr_kind::index: e = m_.operands(e)[0]; continue;
            default: return false;
            }
        }
        return false;
    }

    /// Statements in `list` (and nested blocks, not closure bodies) contain a call, go or defer.
    bool has_call(ir::id_span<ir::stmt_id> list) const {
        std::vector<ir::stmt_id> ss(list.begin(), list.end());
        std::vector<ir::expr_id> es;
        while (!ss.empty()) {
            ir::stmt_id s = ss.back();
            ss.pop_back();
            const ir::stmt& st = m_.stmt_at(s);
            if (st.kind == stmt_kind::go || st.kind == stmt_kind::defer) return true;
            if (st.kind == stmt_kind::closure) continue;
            for (ir::stmt_id c : m_.children(s)) ss.push_back(c);
            for (ir::stmt_id c : m_.else_children(s)) ss.push_back(c);
            for (ir::expr_id e : m_.stmt_exprs(s)) es.push_back(e);
            while (!es.empty()) {
                ir::expr_id e = es.back();
                es.pop_back();
                expr_kind k = m_.expr_at(e).kind;
                if (k == expr_kind::call || k == expr_kind::call_method || k == expr_kind::call_value) return true;
                for (ir::expr_id o : m_.operands(e)) es.push_back(o);
            }
        }
        return false;
    }

    bool compile_function(ir::func_id f) {
        cur_ = f;
        labels_.clear();
        loops_.clear();
        std::vector<task> work;
        // Body, then an implicit return.
        work.push_back(T_emit(op::ret));
        ir::id_span<ir::stmt_id> body = m_.children(m_.function_at(f).body);
        for (std::size_t i = body.size(); i > 0; --i) work.push_back(T_stmt(body[i - 1]));
        std::vector<task> seq;
        while (!work.empty()) {
            task t = work.back();
            work.pop_back();
            seq.clear();
            switch (t.k) {
            case tk::emit: emit(t.in); continue;
            case tk::label: labels_[t.id] = static_cast<std::int32_t>(code().size()); continue;
            case tk::loop_push: loops_.push_back({t.l1, t.l2}); continue;
            case tk::loop_pop: loops_.pop_back(); continue;
            case tk::stmt:
                if (!expand_stmt(t.id, seq)) return false;
                break;
            case tk::expr:
                if (!expand_expr(t.id, static_cast<mode>(t.md), seq)) return false;
                break;
            }
            for (std::size_t i = seq.size(); i > 0; --i) work.push_back(seq[i - 1]);
        }
        for (instr& in : code())
            if (is_jump(in.o)) in.a = labels_[static_cast<std::size_t>(in.a)];
        return true;
    }

    bool expand_stmt(ir::stmt_id s, std::vector<task>& seq) {
        const ir::stmt& st = m_.stmt_at(s);
        ir::id_span<ir::expr_id> ops = m_.stmt_exprs(s);
        switch (st.kind) {
        case stmt_kind::block:
            for (ir::stmt_id c : m_.children(s)) seq.push_back(T_stmt(c));
            return true;
        case stmt_kind::declare: {
            std::int32_t li = st.ref < out_.local_index.size() ? out_.local_index[st.ref] : -1;
            if (li < 0 || m_.variable_at(st.ref).function != cur_) return unsup("declaration of a variable of another function");
            seq.push_back(T_emit(op::declare, li));
            return true;
        }
        case stmt_kind::assign: {
            std::size_t nl = st.lhs_count, nv = ops.size() - nl;
            if (st.form == assign_form::op) {
                if (nl != 1 || nv != 1) return unsup("operator assignment with several operands");
                ir::type_id t = m_.expr_at(ops[0]).type;
                std::int32_t kind = builderish_scalar(ty(t).kind) ? 0 : ty(t).kind == type_kind::string ? 1 : 2;
                if (!target(ops[0], seq)) return false;
                seq.push_back(T_expr(ops[1], V));
                seq.push_back(T_emit(op::opassign, kind, static_cast<std::int32_t>(tslots(t))));
                return true;
            }
            std::vector<assign_target> tt;
            std::vector<ir::type_id> vtypes;
            if (nv == nl) {
                for (std::size_t i = 0; i < nv; ++i) vtypes.push_back(m_.expr_at(ops[nl + i]).type);
            } else if (nv == 1 && ety(ops[nl]).kind == type_kind::tuple) {
                for (ir::type_id e : m_.func_params(m_.expr_at(ops[nl]).type)) vtypes.push_back(e);
            } else if (nv == 1 && nl == 2) {
                vtypes.push_back(m_.expr_at(ops[nl]).type);
                vtypes.push_back(invalid_index);  // the bool
            } else {
                return unsup("assignment shape");
            }
            if (vtypes.size() != nl) return unsup("assignment arity");
            for (std::size_t i = 0; i < nl; ++i) {
                assign_target a;
                const ir::expr& x = m_.expr_at(ops[i]);
                a.kind = x.kind == expr_kind::blank ? 2 : x.kind == expr_kind::index_map ? 1 : 0;
                a.vslots = vtypes[i] == invalid_index ? 1 : static_cast<std::int32_t>(tslots(vtypes[i]));
                if (a.kind != 2 && tslots(x.type) != a.vslots) return unsup("assignment between types of different shapes");
                if (a.kind == 1) a.kslots = static_cast<std::int32_t>(eslots(m_.operands(ops[i])[1]));
                if (a.vslots < 0 || a.kslots < 0) return unsup("assignment of an unsupported type");
                tt.push_back(a);
                if (!target(ops[i], seq)) return false;
            }
            if (nv == nl) {
                for (std::size_t i = 0; i < nv; ++i) seq.push_back(T_expr(ops[nl + i], V));
            } else if (nl == 2 && ety(ops[nl]).kind != type_kind::tuple) {
                seq.push_back(T_expr(ops[nl], OK));
            } else {
                seq.push_back(T_expr(ops[nl], V));
            }
            fn_code& fc = out_.fns[cur_];
            fc.assigns.push_back(std::move(tt));
            seq.push_back(T_emit(op::assign, static_cast<std::int32_t>(fc.assigns.size() - 1)));
            return true;
        }
        case stmt_kind::eval:
            if (ops.size() != 1) return unsup("eval without one expression");
            seq.push_back(T_expr(ops[0], D));
            return true;
        case stmt_kind::return_: {
            fn_code& fc = out_.fns[cur_];
            ir::id_span<ir::var_id> rs = m_.results(cur_);
            if (ops.size() == rs.size()) {
                for (ir::expr_id e : ops) seq.push_back(T_expr(e, V));
            } else if (ops.size() == 1 && ety(ops[0]).kind == type_kind::tuple) {
                seq.push_back(T_expr(ops[0], V));
            } else if (!ops.empty()) {
                return unsup("return arity");
            }
            if (!ops.empty())
                for (std::size_t i = rs.size(); i > 0; --i)
                    seq.push_back(T_emit(op::store_result, fc.results[i - 1],
                                         static_cast<std::int32_t>(tslots(m_.variable_at(rs[i - 1]).type))));
            seq.push_back(T_emit(op::ret));
            return true;
        }
        case stmt_kind::if_: {
            std::int32_t l_else = new_label(), l_end = new_label();
            if (ops.size() == 1) seq.push_back(T_expr(ops[0], D));
            seq.push_back(T_emit(op::branch, l_else, has_call(m_.children(s)), has_call(m_.else_children(s))));
            for (ir::stmt_id c : m_.children(s)) seq.push_back(T_stmt(c));
            seq.push_back(T_emit(op::jmp, l_end));
            seq.push_back(T_label(l_else));
            for (ir::stmt_id c : m_.else_children(s)) seq.push_back(T_stmt(c));
            seq.push_back(T_label(l_end));
            return true;
        }
        case stmt_kind::loop: {
            std::int32_t l_top = new_label(), l_exit = new_label();
            seq.push_back(T_emit(op::loop_begin, 0, 0, 0, 0, none, s));
            seq.push_back(T_label(l_top));
            seq.push_back(T_emit(op::loop_test, l_exit));
            task lp{tk::loop_push};
            lp.l1 = l_top;
            lp.l2 = l_exit;
            seq.push_back(lp);
            for (ir::stmt_id c : m_.children(s)) seq.push_back(T_stmt(c));
            seq.push_back(task{tk::loop_pop});
            seq.push_back(T_emit(op::iter_end));
            seq.push_back(T_emit(op::jmp, l_top));
            seq.push_back(T_label(l_exit));
            seq.push_back(T_emit(op::loop_end));
            return true;
        }
        case stmt_kind::range: {
            if (ops.size() != 3) return unsup("range shape");
            ir::expr_id key = ops[0], val = ops[1], x = ops[2];
            const ir::type& xt = ety(x);
            std::int32_t kind = -1, elemn = 0, alen = 0, kn = 1, vn = 1;
            switch (xt.kind) {
            case type_kind::slice: kind = 0; elemn = static_cast<std::int32_t>(tslots(xt.elem)); vn = elemn; break;
            case type_kind::array:
                kind = 1;
                elemn = static_cast<std::int32_t>(tslots(xt.elem));
                vn = elemn;
                alen = static_cast<std::int32_t>(xt.length);
                break;
            case type_kind::pointer:
                if (ty(xt.elem).kind != type_kind::array) return unsup("range over a pointer that is not to an array");
                kind = 2;
                elemn = static_cast<std::int32_t>(tslots(ty(xt.elem).elem));
                vn = elemn;
                alen = static_cast<std::int32_t>(ty(xt.elem).length);
                break;
            case type_kind::string: kind = 3; break;
            case type_kind::map:
                kind = 4;
                kn = static_cast<std::int32_t>(tslots(xt.key));
                vn = static_cast<std::int32_t>(tslots(xt.elem));
                break;
            default: return unsup("range over a channel or an unsupported type");
            }
            if (elemn < 0 || kn < 0 || vn < 0) return unsup("range over a type too large");
            std::int32_t l_top = new_label(), l_exit = new_label();
            seq.push_back(T_expr(x, V));
            seq.push_back(T_emit(op::range_begin, kind, elemn, static_cast<std::int32_t>(eslots(x)), alen, none, s));
            seq.push_back(T_label(l_top));
            seq.push_back(T_emit(op::range_next, l_exit));
            fn_code& fc = out_.fns[cur_];
            if (m_.expr_at(key).kind != expr_kind::blank) {
                if (tslots(m_.expr_at(key).type) != kn) return unsup("range key shape");
                if (!target(key, seq)) return false;
                seq.push_back(T_emit(op::range_key, kn));
                assign_target a;
                a.kind = m_.expr_at(key).kind == expr_kind::index_map ? 1 : 0;
                a.vslots = kn;
                if (a.kind == 1) a.kslots = static_cast<std::int32_t>(eslots(m_.operands(key)[1]));
                fc.assigns.push_back({a});
                seq.push_back(T_emit(op::assign, static_cast<std::int32_t>(fc.assigns.size() - 1)));
            }
            if (m_.expr_at(val).kind != expr_kind::blank) {
                std::int32_t n = kind == 3 ? 1 : vn;
                if (tslots(m_.expr_at(val).type) != n) return unsup("range value shape");
                if (!target(val, seq)) return false;
                seq.push_back(T_emit(op::range_val, n));
                assign_target a;
                a.kind = m_.expr_at(val).kind == expr_kind::index_map ? 1 : 0;
                a.vslots = n;
                if (a.kind == 1) a.kslots = static_cast<std::int32_t>(eslots(m_.operands(val)[1]));
                fc.assigns.push_back({a});
                seq.push_back(T_emit(op::assign, static_cast<std::int32_t>(fc.assigns.size() - 1)));
            }
            task lp{tk::loop_push};
            lp.l1 = l_top;
            lp.l2 = l_exit;
            seq.push_back(lp);
            for (ir::stmt_id c : m_.children(s)) seq.push_back(T_stmt(c));
            seq.push_back(task{tk::loop_pop});
            seq.push_back(T_emit(op::iter_end));
            seq.push_back(T_emit(op::jmp, l_top));
            seq.push_back(T_label(l_exit));
            seq.push_back(T_emit(op::loop_end));
            return true;
        }
        case stmt_kind::go:
        case stmt_kind::defer: {
            if (ops.size() != 1) return unsup("go/defer shape");
            ir::expr_id c = ops[0];
            const ir::expr& x = m_.expr_at(c);
            op o = st.kind == stmt_kind::go ? op::go_ : op::defer_;
            std::int32_t argslots = 0, recslots = 0;
            ir::id_span<ir::expr_id> args = m_.operands(c);
            std::size_t first_arg = x.kind == expr_kind::call_value ? 1 : 0;
            std::vector<lit_arg> lits;
            for (std::size_t i = 0; i < args.size(); ++i) {
                ir::expr_id a = args[i];
                const ir::expr& ax = m_.expr_at(a);
                if (i >= first_arg && ax.kind == expr_kind::slice_lit) {
                    // Elements now; the backing array when the call runs, in the wrapper's frame.
                    lit_arg la;
                    la.start = recslots;
                    la.count = static_cast<std::int32_t>(m_.operands(a).size());
                    la.elemn = static_cast<std::int32_t>(tslots(ty(ax.type).elem));
                    la.expr = a;
                    if (la.elemn < 0) return unsup("slice literal of a type too large");
                    for (ir::expr_id el : m_.operands(a)) seq.push_back(T_expr(el, V));
                    recslots += la.count * la.elemn;
                    argslots += 1;
                    lits.push_back(la);
                    continue;
                }
                seq.push_back(T_expr(a, V));
                argslots += static_cast<std::int32_t>(eslots(a));
                recslots += static_cast<std::int32_t>(eslots(a));
            }
            std::int64_t li = -1;
            if (!lits.empty()) {
                out_.fns[cur_].lits.push_back(lits);
                li = static_cast<std::int64_t>(out_.fns[cur_].lits.size() - 1);
            }
            if (x.kind == expr_kind::call) {
                seq.push_back(T_emit(o, 0, static_cast<std::int32_t>(x.ref), recslots, argslots, none, li));
            } else if (x.kind == expr_kind::call_method) {
                seq.push_back(T_emit(o, 1, static_cast<std::int32_t>(x.ref), recslots, argslots - 1, none, li));
            } else if (x.kind == expr_kind::call_value) {
                seq.push_back(T_emit(o, 2, 0, recslots, argslots - 1, none, li));
            } else {
                return unsup("go/defer of a builtin");
            }
            return true;
        }
        case stmt_kind::break_:
        case stmt_kind::continue_: {
            if (loops_.empty()) return unsup("break/continue outside a loop");
            seq.push_back(T_emit(op::iter_end));
            seq.push_back(T_emit(op::jmp, st.kind == stmt_kind::break_ ? loops_.back().second : loops_.back().first));
            return true;
        }
        case stmt_kind::closure: return true;
        case stmt_kind::send: return unsup("channel send");
        case stmt_kind::label:
        case stmt_kind::goto_: return unsup("labels and goto");
        }
        return unsup("unknown statement");
    }

    static bool builderish_scalar(type_kind k) { return k >= type_kind::bool_ && k <= type_kind::complex128; }

    /// Pushes the tasks that evaluate an assignment target (an address, a map element or blank).
    bool target(ir::expr_id t, std::vector<task>& seq) {
        const ir::expr& x = m_.expr_at(t);
        if (x.kind == expr_kind::blank) {
            seq.push_back(T_emit(op::blank));
            return true;
        }
        if (x.kind == expr_kind::index_map) {
            ir::id_span<ir::expr_id> o = m_.operands(t);
            seq.push_back(T_expr(o[0], V));
            seq.push_back(T_expr(o[1], V));
            return true;
        }
        if (!addressable(t)) return unsup("assignment to a non-addressable expression");
        seq.push_back(T_expr(t, A));
        return true;
    }

    bool expand_expr(ir::expr_id e, mode md, std::vector<task>& seq) {
        const ir::expr& x = m_.expr_at(e);
        ir::id_span<ir::expr_id> ops = m_.operands(e);
        std::int64_t n = x.kind == expr_kind::blank ? 0 : eslots(e);
        if (n < 0) return unsup("expression of a type too large for the interpreter");
        std::int32_t ni = static_cast<std::int32_t>(n);
        if (md == D) {
            // Evaluate for effects, then drop the value.
            seq.push_back(T_expr(e, V));
            if (ni > 0) seq.push_back(T_emit(op::popn, ni));
            return true;
        }
        if (md == A) {
            switch (x.kind) {
            case expr_kind::var: {
                std::int32_t w, i;
                if (!var_where(x.ref, &w, &i)) return false;
                seq.push_back(T_emit(op::addrv, w, i));
                return true;
            }
            case expr_kind::deref:
                seq.push_back(T_expr(ops[0], V));
                seq.push_back(T_emit(op::nilcheck));
                return true;
            case expr_kind::field: {
                std::int64_t off = lay_.field_offset(ety(ops[0]).kind == type_kind::struct_ ? m_.expr_at(ops[0]).type : invalid_index, x.ref);
                if (off < 0) return unsup("field layout");
                seq.push_back(T_expr(ops[0], A));
                seq.push_back(T_emit(op::addr_off, static_cast<std::int32_t>(off)));
                return true;
            }
            case expr_kind::field_ptr: {
                ir::type_id st = ety(ops[0]).elem;
                std::int64_t off = lay_.field_offset(st, x.ref);
                if (off < 0) return unsup("field layout");
                seq.push_back(T_expr(ops[0], V));
                seq.push_back(T_emit(op::nilcheck));
                seq.push_back(T_emit(op::addr_off, static_cast<std::int32_t>(off)));
                return true;
            }
            case expr_kind::index: {
                const ir::type& at = ety(ops[0]);
                seq.push_back(T_expr(ops[0], A));
                seq.push_back(T_expr(ops[1], V));
                seq.push_back(T_emit(op::addr_index, static_cast<std::int32_t>(tslots(at.elem)), static_cast<std::int32_t>(at.length)));
                return true;
            }
            case expr_kind::index_ptr: {
                const ir::type& xt = ety(ops[0]);
                seq.push_back(T_expr(ops[0], V));
                seq.push_back(T_expr(ops[1], V));
                if (xt.kind == type_kind::slice) {
                    seq.push_back(T_emit(op::slice_elem, static_cast<std::int32_t>(tslots(xt.elem))));
                } else if (xt.kind == type_kind::pointer && ty(xt.elem).kind == type_kind::array) {
                    const ir::type& at = ty(xt.elem);
                    seq.push_back(T_emit(op::addr_index, static_cast<std::int32_t>(tslots(at.elem)), static_cast<std::int32_t>(at.length)));
                } else {
                    return unsup("address of a string element");
                }
                return true;
            }
            default: return unsup("address of a non-addressable expression");
            }
        }
        // Values.
        auto vals = [&](std::size_t from) {
            for (std::size_t i = from; i < ops.size(); ++i) seq.push_back(T_expr(ops[i], V));
        };
        auto disc = [&](std::size_t from) {
            for (std::size_t i = from; i < ops.size(); ++i) seq.push_back(T_expr(ops[i], D));
        };
        switch (x.kind) {
        case expr_kind::var: {
            std::int32_t w, i;
            if (!var_where(x.ref, &w, &i)) return false;
            seq.push_back(T_emit(op::loadv, w, i, ni));
            return true;
        }
        case expr_kind::func_ref: seq.push_back(T_emit(op::push_func, static_cast<std::int32_t>(x.ref))); return true;
        case expr_kind::constant: {
            const ir::type& t = ty(x.type);
            if (t.kind == type_kind::string) {
                std::int32_t len = x.text.size() >= 2 ? static_cast<std::int32_t>(x.text.size() - 2) : 0;
                seq.push_back(T_emit(op::push_str, len));
            } else if (builderish_scalar(t.kind)) {
                std::int64_t v = 0;
                if (x.text == "true") v = 1;
                else if (!escapade::ir_traits<ir::module>::integer_constant(m_, ir::expr_handle{e}, &v)) v = 0;
                seq.push_back(T_emit(op::push_int, 0, 0, 0, 0, none, v));
            } else {
                seq.push_back(T_emit(op::push_zero, ni));
            }
            return true;
        }
        case expr_kind::blank: return unsup("blank used as a value");
        case expr_kind::opaque: {
            disc(0);
            const ir::type& t = ty(x.type);
            if (ni == 1 && builderish_scalar(t.kind)) seq.push_back(T_emit(op::push_rng, t.kind == type_kind::bool_ ? 1 : 0));
            else seq.push_back(T_emit(op::push_zero, ni));
            return true;
        }
        case expr_kind::addr:
            if (!addressable(ops[0])) return unsup("address of a non-addressable expression");
            seq.push_back(T_expr(ops[0], A));
            seq.push_back(T_emit(op::mark_addr));
            return true;
        case expr_kind::deref:
            seq.push_back(T_expr(ops[0], V));
            seq.push_back(T_emit(op::load, ni));
            return true;
        case expr_kind::field: {
            ir::type_id st = m_.expr_at(ops[0]).type;
            std::int64_t off = lay_.field_offset(st, x.ref);
            if (off < 0) return unsup("field layout");
            if (addressable(ops[0])) {
                seq.push_back(T_expr(ops[0], A));
                seq.push_back(T_emit(op::addr_off, static_cast<std::int32_t>(off)));
                seq.push_back(T_emit(op::load, ni));
            } else {
                seq.push_back(T_expr(ops[0], V));
                seq.push_back(T_emit(op::subval, static_cast<std::int32_t>(tslots(st)), static_cast<std::int32_t>(off), ni));
            }
            return true;
        }
        case expr_kind::field_ptr: {
            std::int64_t off = lay_.field_offset(ety(ops[0]).elem, x.ref);
            if (off < 0) return unsup("field layout");
            seq.push_back(T_expr(ops[0], V));
            seq.push_back(T_emit(op::nilcheck));
            seq.push_back(T_emit(op::addr_off, static_cast<std::int32_t>(off)));
            seq.push_back(T_emit(op::load, ni));
            return true;
        }
        case expr_kind::index: {
            const ir::type& at = ety(ops[0]);
            std::int32_t en = static_cast<std::int32_t>(tslots(at.elem));
            if (addressable(ops[0])) {
                seq.push_back(T_expr(ops[0], A));
                seq.push_back(T_expr(ops[1], V));
                seq.push_back(T_emit(op::addr_index, en, static_cast<std::int32_t>(at.length)));
                seq.push_back(T_emit(op::load, ni));
            } else {
                seq.push_back(T_expr(ops[0], V));
                seq.push_back(T_expr(ops[1], V));
                seq.push_back(T_emit(op::index_val, static_cast<std::int32_t>(eslots(ops[0])), en, static_cast<std::int32_t>(at.length)));
            }
            return true;
        }
        case expr_kind::index_ptr: {
            const ir::type& xt = ety(ops[0]);
            seq.push_back(T_expr(ops[0], V));
            seq.push_back(T_expr(ops[1], V));
            if (xt.kind == type_kind::string) {
                seq.push_back(T_emit(op::str_index));
                return true;
            }
            if (xt.kind == type_kind::slice) {
                seq.push_back(T_emit(op::slice_elem, static_cast<std::int32_t>(tslots(xt.elem))));
            } else {
                const ir::type& at = ty(xt.elem);
                seq.push_back(T_emit(op::addr_index, static_cast<std::int32_t>(tslots(at.elem)), static_cast<std::int32_t>(at.length)));
            }
            seq.push_back(T_emit(op::load, ni));
            return true;
        }
        case expr_kind::index_map: {
            const ir::type& mt = ety(ops[0]);
            seq.push_back(T_expr(ops[0], V));
            seq.push_back(T_expr(ops[1], V));
            seq.push_back(T_emit(op::map_get, static_cast<std::int32_t>(tslots(mt.key)), static_cast<std::int32_t>(tslots(mt.elem)),
                                 md == OK ? 1 : 0));
            return true;
        }
        case expr_kind::slice: {
            const ir::type& xt = ety(ops[0]);
            std::int32_t kind, en = 0, alen = 0;
            if (xt.kind == type_kind::slice) {
                kind = 0;
                en = static_cast<std::int32_t>(tslots(xt.elem));
            } else if (xt.kind == type_kind::string) {
                kind = 1;
            } else if (xt.kind == type_kind::pointer && ty(xt.elem).kind == type_kind::array) {
                kind = 2;
                en = static_cast<std::int32_t>(tslots(ty(xt.elem).elem));
                alen = static_cast<std::int32_t>(ty(xt.elem).length);
            } else {
                return unsup("slice of an unsupported type");
            }
            vals(0);
            seq.push_back(T_emit(op::slice_op, x.flags, kind, en, alen));
            return true;
        }
        case expr_kind::convert: {
            type_kind to = ty(x.type).kind, from = ety(ops[0]).kind;
            if (to == type_kind::unsafe_pointer || from == type_kind::unsafe_pointer) return unsup("unsafe.Pointer conversion");
            if (eslots(ops[0]) != n) return unsup("conversion between types of different shapes");
            seq.push_back(T_expr(ops[0], V));
            return true;
        }
        case expr_kind::to_iface: {
            if (ty(x.type).kind != type_kind::interface) return unsup("to_iface to a non-interface");
            vals(0);
            seq.push_back(T_emit(op::to_iface, static_cast<std::int32_t>(m_.expr_at(ops[0]).type), static_cast<std::int32_t>(eslots(ops[0])),
                                 0, 0, e));
            return true;
        }
        case expr_kind::type_assert: {
            if (ety(ops[0]).kind != type_kind::interface) return unsup("type assertion on a non-interface");
            vals(0);
            seq.push_back(T_emit(op::assert_, static_cast<std::int32_t>(x.type), ni, md == OK ? 1 : 0));
            return true;
        }
        case expr_kind::new_: {
            std::int64_t en = tslots(ty(x.type).elem);
            if (en < 0) return unsup("new of a type too large");
            seq.push_back(T_emit(op::new_, static_cast<std::int32_t>(en), 0, 0, 0, e));
            return true;
        }
        case expr_kind::make_slice: {
            std::int64_t en = tslots(ty(x.type).elem);
            if (en < 0) return unsup("make of a type too large");
            vals(0);
            seq.push_back(T_emit(op::make_slice, static_cast<std::int32_t>(en), ops.size() >= 2 ? 1 : 0, 0, 0, e));
            return true;
        }
        case expr_kind::make_map:
            disc(0);
            seq.push_back(T_emit(op::make_map, 0, 0, 0, 0, e));
            return true;
        case expr_kind::ptr_lit: {
            std::int64_t ln = eslots(ops[0]);
            vals(0);
            seq.push_back(T_emit(op::ptr_lit, static_cast<std::int32_t>(ln), 0, 0, 0, e));
            return true;
        }
        case expr_kind::struct_lit: {
            vals(0);
            std::int64_t used = ops.size() >= ty(x.type).count ? n : lay_.field_offset(x.type, static_cast<index_t>(ops.size()));
            if (used < 0) return unsup("struct layout");
            if (n - used > 0) seq.push_back(T_emit(op::push_zero, static_cast<std::int32_t>(n - used)));
            return true;
        }
        case expr_kind::array_lit: {
            vals(0);
            const ir::type& at = ty(x.type);
            std::int64_t rest = (static_cast<std::int64_t>(at.length) - static_cast<std::int64_t>(ops.size())) * tslots(at.elem);
            if (rest > 0) seq.push_back(T_emit(op::push_zero, static_cast<std::int32_t>(rest)));
            return true;
        }
        case expr_kind::slice_lit: {
            std::int64_t en = tslots(ty(x.type).elem);
            if (en < 0) return unsup("slice literal of a type too large");
            vals(0);
            seq.push_back(T_emit(op::slice_lit, static_cast<std::int32_t>(en), static_cast<std::int32_t>(ops.size()), 0, 0, e));
            return true;
        }
        case expr_kind::map_lit: {
            const ir::type& mt = ty(x.type);
            vals(0);
            seq.push_back(T_emit(op::map_lit, static_cast<std::int32_t>(tslots(mt.key)), static_cast<std::int32_t>(tslots(mt.elem)),
                                 static_cast<std::int32_t>(ops.size() / 2), 0, e));
            return true;
        }
        case expr_kind::closure: seq.push_back(T_emit(op::closure, static_cast<std::int32_t>(x.ref), 0, 0, 0, e)); return true;
        case expr_kind::method_value: {
            ir::type_id rt = m_.expr_at(ops[0]).type;
            std::string_view name = m_.name_at(x.ref);
            if (ty(rt).kind == type_kind::interface) {
                vals(0);
                seq.push_back(T_emit(op::method_value, 3, static_cast<std::int32_t>(x.ref), 1, -1, e));
                return true;
            }
            ir::func_id f = m_.find_method(rt, name);
            std::int32_t rmode = 0;
            if (f == invalid_index && ty(rt).kind == type_kind::pointer && ty(rt).name.empty()) {
                f = m_.find_method(ty(rt).elem, name);
                rmode = 1;  // T method through *T: the value is copied when the method value is made
            }
            if (f == invalid_index) {
                // A *T method on an addressable T value: Go binds &x.
                for (index_t i = 0; i < m_.method_count() && f == invalid_index; ++i) {
                    const ir::method& mm = m_.method_at(i);
                    if (mm.name == name && ty(mm.receiver).kind == type_kind::pointer && ty(mm.receiver).elem == rt) f = mm.function;
                }
                if (f == invalid_index) return unsup("method value of an unknown method");
                if (!addressable(ops[0])) return unsup("pointer method value of a non-addressable value");
                rmode = 2;
            }
            std::int64_t rn = tslots(m_.variable_at(m_.params(f)[0]).type);
            if (rmode == 2) {
                seq.push_back(T_expr(ops[0], A));
                seq.push_back(T_emit(op::mark_addr));
            } else {
                vals(0);
            }
            seq.push_back(T_emit(op::method_value, rmode, static_cast<std::int32_t>(x.ref), static_cast<std::int32_t>(rn),
                                 static_cast<std::int32_t>(f), e));
            return true;
        }
        case expr_kind::string_conv: {
            vals(0);
            seq.push_back(T_emit(op::strconv, ty(x.type).kind == type_kind::string ? 0 : 1, 0, 0, 0, e));
            return true;
        }
        case expr_kind::concat:
            vals(0);
            seq.push_back(T_emit(op::concat, static_cast<std::int32_t>(ops.size()), 0, 0, 0, e));
            return true;
        case expr_kind::call: {
            if (x.ref >= m_.function_count()) return unsup("call of an unknown function");
            std::int32_t as = 0;
            for (ir::expr_id a : ops) as += static_cast<std::int32_t>(eslots(a));
            if (as != out_.fns[x.ref].param_slots)
                return unsup(strf("call of %.*s with %d argument slots, want %d", int(m_.function_at(x.ref).name.size()), m_.function_at(x.ref).name.data(), as, out_.fns[x.ref].param_slots));
            vals(0);
            seq.push_back(T_emit(op::call, static_cast<std::int32_t>(x.ref), as, 0, 0, e));
            return true;
        }
        case expr_kind::call_method:
        case expr_kind::call_value: {
            std::int32_t as = 0;
            for (std::size_t i = 1; i < ops.size(); ++i) as += static_cast<std::int32_t>(eslots(ops[i]));
            vals(0);
            if (x.kind == expr_kind::call_method)
                seq.push_back(T_emit(op::call_method, static_cast<std::int32_t>(x.ref), as, ni, 0, e));
            else
                seq.push_back(T_emit(op::call_value, as, 0, ni, 0, e));
            return true;
        }
        case expr_kind::append: {
            if (ops.empty()) return unsup("append without operands");
            const ir::type& st = ety(ops[0]);
            std::int32_t en = static_cast<std::int32_t>(tslots(st.elem));
            bool ddd = (x.flags & ir::ex_ddd) != 0;
            vals(0);
            std::int32_t src_string = ddd && ops.size() == 2 && ety(ops[1]).kind == type_kind::string ? 1 : 0;
            seq.push_back(T_emit(op::append, en, static_cast<std::int32_t>(ops.size() - 1), ddd ? 1 : 0, src_string, e));
            return true;
        }
        case expr_kind::copy: {
            if (ops.size() != 2 || ety(ops[0]).kind != type_kind::slice) return unsup("copy shape");
            vals(0);
            seq.push_back(T_emit(op::copy, static_cast<std::int32_t>(tslots(ety(ops[0]).elem)), ety(ops[1]).kind == type_kind::string ? 1 : 0));
            return true;
        }
        case expr_kind::panic:
            vals(0);
            seq.push_back(T_emit(op::panic_, 0, 0, 0, 0, e));
            return true;
        case expr_kind::builtin: {
            std::string_view nm = m_.name_at(x.ref);
            if (nm == "len" || nm == "cap") {
                if (ops.size() != 1) return unsup("len/cap arity");
                const ir::type& t = ety(ops[0]);
                std::int64_t constant = -1;
                std::int32_t kind = 0;
                switch (t.kind) {
                case type_kind::slice: kind = 0; break;
                case type_kind::string: kind = 1; break;
                case type_kind::map: kind = 2; break;
                case type_kind::chan: kind = 3; break;
                case type_kind::array: constant = static_cast<std::int64_t>(t.length); break;
                case type_kind::pointer:
                    if (ty(t.elem).kind == type_kind::array) {
                        constant = static_cast<std::int64_t>(ty(t.elem).length);
                        break;
                    }
                    return unsup("len of a pointer");
                default: return unsup("len of an unsupported type");
                }
                if (constant >= 0) {
                    disc(0);
                    seq.push_back(T_emit(op::push_int, 0, 0, 0, 0, none, constant));
                } else {
                    vals(0);
                    seq.push_back(T_emit(nm == "len" ? op::len : op::cap, kind));
                }
                return true;
            }
            if (nm == "delete") {
                if (ops.size() != 2 || ety(ops[0]).kind != type_kind::map) return unsup("delete shape");
                vals(0);
                seq.push_back(T_emit(op::delete_, static_cast<std::int32_t>(eslots(ops[1]))));
                return true;
            }
            if (nm == "clear") {
                if (ops.size() != 1) return unsup("clear shape");
                const ir::type& t = ety(ops[0]);
                if (t.kind != type_kind::map && t.kind != type_kind::slice) return unsup("clear of an unsupported type");
                vals(0);
                seq.push_back(T_emit(op::clear, t.kind == type_kind::map ? 0 : 1,
                                     t.kind == type_kind::slice ? static_cast<std::int32_t>(tslots(t.elem)) : 0));
                return true;
            }
            if (nm == "recover" || nm == "close") return unsup("recover/close");
            disc(0);
            const ir::type& t = ty(x.type);
            if (ni == 1 && builderish_scalar(t.kind)) seq.push_back(T_emit(op::push_rng, t.kind == type_kind::bool_ ? 1 : 0));
            else if (ni > 0) seq.push_back(T_emit(op::push_zero, ni));
            return true;
        }
        case expr_kind::recv:
        case expr_kind::make_chan: return unsup("channels");
        case expr_kind::unsafe_add: return unsup("unsafe.Add/unsafe.Slice");
        }
        return unsup("unknown expression");
    }

    const ir::module& m_;
    layout& lay_;
    program_code& out_;
    ir::func_id cur_ = 0;
    std::vector<std::int32_t> labels_;
    std::vector<std::pair<std::int32_t, std::int32_t>> loops_;
};

// =============================================================================================
// Runtime values and objects
// =============================================================================================

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
    vm(const ir::module& m, layout& lay, const program_code& pc, const verdict_table& vt)
        : m_(m), lay_(lay), pc_(pc), vt_(vt) {
        // Values the program itself can make: dynamic types converted to interfaces, functions
        // used as values. Entry arguments use only these (the closed-world contract of
        // dispatch=closed/context: every interface and function value comes from the program).
        for (ir::expr_id e = 0; e < m.expr_count(); ++e) {
            const ir::expr& x = m.expr_at(e);
            if (x.kind == expr_kind::to_iface && x.operands_count == 1) {
                ir::type_id t = m.expr_at(m.operands(e)[0]).type;
                if (t < m.type_count() && m.type_at(t).kind != type_kind::interface && m.type_at(t).kind != type_kind::nil &&
                    std::find(iface_types_.begin(), iface_types_.end(), t) == iface_types_.end())
                    iface_types_.push_back(t);
            } else if (x.kind == expr_kind::func_ref && x.ref < m.function_count() &&
                       std::find(func_values_.begin(), func_values_.end(), x.ref) == func_values_.end()) {
                func_values_.push_back(x.ref);
            }
        }
        caps_.resize(m.function_count());
        for (ir::func_id f = 0; f < m.function_count(); ++f) {
            std::int32_t off = 0;
            ir::id_span<ir::var_id> cv = m.captures(f);
            for (std::size_t i = 0; i < cv.size(); ++i) {
                ir::var_id v = cv[i];
                capture_layout c;
                // The analysis' decision; none reported: by reference (Go's semantics), so a
                // missing decision can only make the check stricter.
                std::int8_t d = f < vt_.capture_by_ref.size() && i < vt_.capture_by_ref[f].size() ? vt_.capture_by_ref[f][i] : -1;
                c.by_ref = d != 0;
                c.n = c.by_ref ? 1 : static_cast<std::int32_t>(lay_.slots(m.variable_at(v).type));
                c.offset = off;
                off += c.n;
                caps_[f].push_back(c);
            }
        }
    }

    /// Runs function `entry` with synthesised arguments, then pending goroutines.
    exec_result run(ir::func_id entry, const exec_options& opt) {
        opt_ = opt;
        rng_ = rng(opt.seed);
        res_ = exec_result{};
        objs_.clear();
        objs_.emplace_back();  // object 0: none
        frames_.clear();
        st_.clear();
        goroutines_.clear();
        globals_.clear();
        wlog_.clear();
        serial_ = 0;
        epoch_ = 0;
        for (ir::var_id g : m_.globals()) {
            std::uint32_t o = new_obj(okind::global, verdict_table::heap, static_cast<std::size_t>(lay_.slots(m_.variable_at(g).type)));
            objs_[o].var = g;
            globals_.push_back(o);
        }
        if (!pc_.unsupported.empty()) return stop(exec_result::unsupported, pc_.unsupported);
        if (m_.function_at(entry).body == invalid_index) return stop(exec_result::unsupported, "entry function without body");
        // A package initialiser runs first, as in Go.
        for (ir::func_id f : m_.top_level_functions()) {
            const ir::function& fn = m_.function_at(f);
            if (f == entry || fn.name != "init" || fn.params_count != 0 || fn.body == invalid_index) continue;
            if (!enter(f, 0, 0, true) || !loop()) return res_;
        }
        for (ir::var_id p : m_.params(entry)) synth(m_.variable_at(p).type, 0);
        if (!enter(entry, pc_.fns[entry].param_slots, 0, true)) return res_;
        if (!loop()) return res_;
        while (!goroutines_.empty() && res_.calls < opt_.max_calls) {
            call_rec r = std::move(goroutines_.front());
            goroutines_.pop_front();
            if (!invoke(r, true) || !loop()) return res_;
        }
        res_.objects = objs_.size() - 1;
        return res_;
    }

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
    exec_result stop(exec_result::status_t s, std::string detail) {
        if (res_.status == exec_result::completed) {
            res_.status = s;
            res_.detail = std::move(detail);
        }
        res_.objects = objs_.size() - 1;
        return res_;
    }
    bool fail(exec_result::status_t s, std::string detail) {
        stop(s, std::move(detail));
        return false;
    }
    /// A nil dereference, index out of range or failed assertion: Go panics. With `forgive` the
    /// run goes on with a zero value (or a dropped store), which removes flows and never adds one.
    bool soft_panic(const char* what) {
        if (opt_.forgive) {
            ++res_.forgiven;
            return true;
        }
        return fail(exec_result::panicked, what);
    }
    bool exhausted() const { return res_.calls >= opt_.max_calls || frames_.size() >= opt_.soft_depth; }

    // ---- objects ------------------------------------------------------------------------------
    std::uint32_t new_obj(okind k, std::int8_t verdict, std::size_t nslots) {
        object o;
        o.kind = k;
        o.verdict = verdict;
        o.slots.assign(nslots, slot{});
        o.frame = frames_.empty() ? 0 : frames_.back().serial;
        o.birth = wlog_.size();
        objs_.push_back(std::move(o));
        wlog_.push_back(static_cast<std::uint32_t>(objs_.size() - 1));
        return static_cast<std::uint32_t>(objs_.size() - 1);
    }
    /// An object allocated at site e by the current frame.
    std::uint32_t site_obj(okind k, std::uint32_t e, std::size_t nslots) {
        std::int8_t v = e < vt_.expr.size() ? vt_.expr[e] : static_cast<std::int8_t>(verdict_table::no_site);
        std::uint32_t o = new_obj(k, v, nslots);
        objs_[o].expr = e;
        objs_[o].addr_taken = true;
        if (!frames_.empty()) frames_.back().allocs.push_back(o);
        return o;
    }
    std::uint32_t var_instance(frame& f, std::int32_t local) {
        ir::var_id v = pc_.fns[f.fn].locals[static_cast<std::size_t>(local)];
        std::size_t n = static_cast<std::size_t>(lay_.slots(m_.variable_at(v).type));
        object o;
        o.kind = okind::variable;
        o.verdict = vt_.var[v];
        o.var = v;
        o.live_var = true;
        o.frame = f.serial;
        o.slots.assign(n, slot{});
        o.birth = wlog_.size();
        objs_.push_back(std::move(o));
        std::uint32_t id = static_cast<std::uint32_t>(objs_.size() - 1);
        wlog_.push_back(id);
        f.vars[static_cast<std::size_t>(local)] = id;
        f.allocs.push_back(id);
        return id;
    }
    std::uint32_t local_obj(frame& f, std::int32_t local) {
        std::uint32_t o = f.vars[static_cast<std::size_t>(local)];
        return o != 0 ? o : var_instance(f, local);
    }

    // ---- memory access --------------------------------------------------------------------------
    bool read(const slot& p, std::int32_t n, std::vector<slot>& out) {
        if (p.obj == 0) {
            if (!soft_panic("nil dereference")) return false;
            out.insert(out.end(), static_cast<std::size_t>(n), slot{});
            return true;
        }
        const object& o = objs_[p.obj];
        if (p.a < 0 || p.a + n > static_cast<std::int64_t>(o.slots.size()))
            return fail(exec_result::unsupported, "internal: read out of an object's bounds");
        out.insert(out.end(), o.slots.begin() + p.a, o.slots.begin() + p.a + n);
        return true;
    }
    bool write(const slot& p, const slot* v, std::int32_t n) {
        if (p.obj == 0) return soft_panic("nil dereference");
        object& o = objs_[p.obj];
        if (p.a < 0 || p.a + n > static_cast<std::int64_t>(o.slots.size()))
            return fail(exec_result::unsupported, "internal: write out of an object's bounds");
        if (n > 0 && o.captured_by_value) return capture_violation(p.obj, "written after a closure captured it by value");
        if (n > 0 && o.kind == okind::closure && o.fn < caps_.size()) {
            for (const capture_layout& c : caps_[o.fn])
                if (!c.by_ref && p.a < c.offset + c.n && c.offset < p.a + n)
                    return capture_violation(p.obj, "a closure wrote its by-value copy of a captured variable");
        }
        for (std::int32_t i = 0; i < n; ++i) o.slots[static_cast<std::size_t>(p.a + i)] = v[i];
        if (n > 0) wlog_.push_back(p.obj);
        return true;
    }
    bool capture_violation(std::uint32_t o, const char* what) {
        violation& v = res_.v;
        v.kind = violation::by_value_capture;
        const object& ob = objs_[o];
        if (ob.kind == okind::closure) {
            v.expr = ob.expr;
            v.site = describe(o);
            v.reason = "closure record";
        } else {
            v.var = ob.var;
            v.site = describe(o);
            v.reason = "captured by value (not a site)";
        }
        v.when = what;
        v.path = "";
        return fail(exec_result::found_violation, v.text());
    }
    slot pop() {
        slot s = st_.back();
        st_.pop_back();
        return s;
    }
    void popn(std::size_t n, std::vector<slot>& out) {
        out.assign(st_.end() - static_cast<std::ptrdiff_t>(n), st_.end());
        st_.resize(st_.size() - n);
    }
    void push_zero(std::size_t n) { st_.insert(st_.end(), n, slot{}); }
    static slot int_slot(std::int64_t v) {
        slot s;
        s.a = v;
        return s;
    }

    // ---- entry arguments ------------------------------------------------------------------------
    /// Pushes a value of type t for an entry parameter: pointers, slices and maps refer to fresh
    /// external objects (heap), interfaces hold a random implementation, functions a matching one.
    void synth(ir::type_id t, int depth) {
        const ir::type& ty = m_.type_at(t);
        std::int64_t n = lay_.slots(t);
        if (n <= 0) {
            if (n == 0) return;
            push_zero(1);
            return;
        }
        switch (ty.kind) {
        case type_kind::pointer: {
            if (depth > 2 || ty.elem >= m_.type_count()) {
                push_zero(1);
                return;
            }
            std::int64_t en = lay_.slots(ty.elem);
            std::uint32_t o = new_obj(okind::external, verdict_table::heap, static_cast<std::size_t>(en < 0 ? 0 : en));
            objs_[o].addr_taken = true;
            slot s;
            s.obj = o;
            st_.push_back(s);
            return;
        }
        case type_kind::slice: {
            std::int64_t en = lay_.slots(ty.elem);
            std::uint32_t o = new_obj(okind::external, verdict_table::heap, static_cast<std::size_t>(en < 0 ? 0 : 2 * en));
            slot s;
            s.obj = o;
            s.len = s.cap = en < 0 ? 0 : 2;
            st_.push_back(s);
            return;
        }
        case type_kind::map: {
            slot s;
            s.obj = new_obj(okind::external, verdict_table::heap, 0);
            st_.push_back(s);
            return;
        }
        case type_kind::interface: {
            std::vector<ir::type_id> impls;
            for (ir::type_id r : iface_types_)
                if (implements(r, t)) impls.push_back(r);
            if (impls.empty() || depth > 2) {
                push_zero(1);
                return;
            }
            ir::type_id d = impls[rng_.below(static_cast<std::uint32_t>(impls.size()))];
            std::size_t mark = st_.size();
            synth(d, depth + 1);
            std::vector<slot> val(st_.begin() + static_cast<std::ptrdiff_t>(mark), st_.end());
            st_.resize(mark);
            st_.push_back(box(d, val, none, true));
            return;
        }
        case type_kind::func: {
            std::vector<ir::func_id> fs;
            for (ir::func_id f : func_values_)
                if (m_.function_at(f).signature == t && m_.function_at(f).body != invalid_index && !(m_.function_at(f).flags & ir::fn_method))
                    fs.push_back(f);
            slot s;
            if (!fs.empty()) s.fn = fs[rng_.below(static_cast<std::uint32_t>(fs.size()))] + 1;
            st_.push_back(s);
            return;
        }
        case type_kind::struct_:
            for (index_t i = 0; i < ty.count; ++i) synth(m_.field_at(t, i).type, depth + 1);
            return;
        case type_kind::array: {
            for (escapade::size64 i = 0; i < ty.length; ++i) synth(ty.elem, depth + 1);
            return;
        }
        case type_kind::string: {
            slot s;
            s.len = 3;
            st_.push_back(s);
            return;
        }
        default:
            st_.push_back(int_slot(rng_.below(3)));
            return;
        }
    }

    // ---- interfaces -------------------------------------------------------------------------------
    /// Method set check: does dynamic type d have every method of interface type it?
    bool implements(ir::type_id d, ir::type_id it) {
        const ir::type& iface = m_.type_at(it);
        if (iface.kind != type_kind::interface) return false;
        const ir::interface_method* ms = m_.interface_methods(it);
        for (index_t i = 0; i < iface.count; ++i) {
            ir::func_id f = m_.find_method(d, ms[i].name);
            if (f == invalid_index && m_.type_at(d).kind == type_kind::pointer && m_.type_at(d).name.empty())
                f = m_.find_method(m_.type_at(d).elem, ms[i].name);
            if (f == invalid_index) return false;
        }
        return true;
    }
    /// An interface value of dynamic type d holding val: the payload itself when d is
    /// pointer-shaped, else a box (allocated at site e, or a heap box for entry arguments).
    slot box(ir::type_id d, const std::vector<slot>& val, std::uint32_t e, bool external) {
        slot s;
        s.dyn = d + 1;
        if (m_.type_at(d).pointer_shaped && val.size() == 1) {
            s.obj = val[0].obj;
            s.fn = val[0].fn;
            s.a = val[0].a;
            return s;
        }
        std::uint32_t o = external ? new_obj(okind::external, verdict_table::heap, val.size()) : site_obj(okind::box, e, val.size());
        objs_[o].slots = val;
        objs_[o].addr_taken = true;
        s.obj = o;
        s.a = 0;
        return s;
    }
    /// The value held by interface slot s (of dynamic type d), appended to out.
    bool unbox(const slot& s, std::vector<slot>& out) {
        ir::type_id d = s.dyn - 1;
        if (m_.type_at(d).pointer_shaped && lay_.slots(d) == 1) {
            slot v;
            v.obj = s.obj;
            v.fn = s.fn;
            v.a = s.a;
            out.push_back(v);
            return true;
        }
        const object& o = objs_[s.obj];
        out.insert(out.end(), o.slots.begin(), o.slots.end());
        return true;
    }
    /// Resolves method `name` on the dynamic type of interface slot s; appends the receiver.
    bool resolve(const slot& s, std::string_view name, ir::func_id* f, std::vector<slot>& recv) {
        if (s.dyn == 0) {
            if (!soft_panic("method call on a nil interface")) return false;
            *f = invalid_index;
            return true;
        }
        ir::type_id d = s.dyn - 1;
        ir::func_id fn = m_.find_method(d, name);
        if (fn != invalid_index) {
            *f = fn;
            return unbox(s, recv);
        }
        const ir::type& dt = m_.type_at(d);
        if (dt.kind == type_kind::pointer && dt.name.empty()) {
            fn = m_.find_method(dt.elem, name);
            if (fn != invalid_index) {
                *f = fn;
                slot p;
                p.obj = s.obj;
                p.a = s.a;
                std::int64_t n = lay_.slots(dt.elem);
                return read(p, static_cast<std::int32_t>(n), recv);
            }
        }
        return fail(exec_result::unsupported, "dynamic type without the called method");
    }

    // ---- calls ----------------------------------------------------------------------------------------
    /// Calls f with `argslots` argument slots on top of the stack.
    bool enter(ir::func_id f, std::int32_t argslots, std::uint32_t closure, bool discard) {
        ++res_.calls;
        if (frames_.size() >= opt_.hard_depth) return fail(exec_result::out_of_fuel, "call depth limit");
        if (f >= m_.function_count() || m_.function_at(f).body == invalid_index)
            return fail(exec_result::unsupported, "call of a function without body");
        const fn_code& fc = pc_.fns[f];
        if (argslots != fc.param_slots)
            return fail(exec_result::unsupported, strf("call of %s with %d argument slots, want %d", sv(m_.function_display(f)).c_str(),
                                                       argslots, fc.param_slots));
        frame fr;
        fr.fn = f;
        fr.serial = ++serial_;
        fr.closure = closure;
        fr.discard = discard;
        fr.sp_base = st_.size() - static_cast<std::size_t>(argslots);
        fr.vars.assign(fc.locals.size(), 0);
        frames_.push_back(std::move(fr));
        frame& nf = frames_.back();
        std::size_t at = nf.sp_base;
        for (std::int32_t li : fc.params) {
            std::uint32_t o = var_instance(nf, li);
            std::size_t n = objs_[o].slots.size();
            std::copy(st_.begin() + static_cast<std::ptrdiff_t>(at), st_.begin() + static_cast<std::ptrdiff_t>(at + n), objs_[o].slots.begin());
            at += n;
        }
        st_.resize(nf.sp_base);
        for (std::int32_t li : fc.results) var_instance(nf, li);
        return true;
    }
    /// Calls through a function value: the value is below `argslots` argument slots.
    bool call_value(std::int32_t argslots, std::int32_t resslots, bool discard) {
        std::vector<slot> args;
        popn(static_cast<std::size_t>(argslots), args);
        slot fv = pop();
        if (fv.fn != 0) {
            st_.insert(st_.end(), args.begin(), args.end());
            return enter(fv.fn - 1, argslots, 0, discard);
        }
        if (fv.obj == 0) {
            if (!soft_panic("call of a nil function value")) return false;
            if (!discard) push_zero(static_cast<std::size_t>(resslots));
            return true;
        }
        const object& o = objs_[fv.obj];
        if (o.kind == okind::closure) {
            st_.insert(st_.end(), args.begin(), args.end());
            return enter(o.fn, argslots, fv.obj, discard);
        }
        if (o.kind == okind::method_value) {
            std::vector<slot> recv;
            ir::func_id f = o.fn;
            if (f & 0x80000000u) {
                // Interface method value: dispatch on the stored interface when called.
                slot iv = o.slots[0];
                if (!resolve(iv, m_.name_at(f & 0x7fffffffu), &f, recv)) return false;
                if (f == invalid_index) {
                    if (!discard) push_zero(static_cast<std::size_t>(resslots));
                    return true;
                }
            } else {
                recv = o.slots;
            }
            std::int32_t rn = static_cast<std::int32_t>(recv.size());
            st_.insert(st_.end(), recv.begin(), recv.end());
            st_.insert(st_.end(), args.begin(), args.end());
            return enter(f, rn + argslots, 0, discard);
        }
        return fail(exec_result::unsupported, "internal: call of a value that is not a function");
    }
    bool call_method(std::string_view name, std::int32_t argslots, std::int32_t resslots, bool discard) {
        std::vector<slot> args;
        popn(static_cast<std::size_t>(argslots), args);
        slot iv = pop();
        std::vector<slot> recv;
        ir::func_id f = invalid_index;
        if (!resolve(iv, name, &f, recv)) return false;
        if (f == invalid_index) {
            if (!discard) push_zero(static_cast<std::size_t>(resslots));
            return true;
        }
        std::int32_t rn = static_cast<std::int32_t>(recv.size());
        st_.insert(st_.end(), recv.begin(), recv.end());
        st_.insert(st_.end(), args.begin(), args.end());
        return enter(f, rn + argslots, 0, discard);
    }
    bool invoke(const call_rec& r, bool discard) {
        std::vector<std::uint32_t> built;
        if (r.lits == nullptr) {
            st_.insert(st_.end(), r.slots.begin(), r.slots.end());
        } else {
            // gc's wrapper: build each slice-literal argument now, in the wrapper's frame (which
            // returns right after the callee: the objects are checked with the callee's).
            std::size_t at = 0;
            for (const lit_arg& la : *r.lits) {
                st_.insert(st_.end(), r.slots.begin() + static_cast<std::ptrdiff_t>(at), r.slots.begin() + la.start);
                std::int8_t v = la.expr < vt_.expr.size() ? vt_.expr[la.expr] : static_cast<std::int8_t>(verdict_table::no_site);
                std::uint32_t o = new_obj(okind::allocation, v, 0);
                objs_[o].expr = la.expr;
                objs_[o].addr_taken = true;
                objs_[o].slots.assign(r.slots.begin() + la.start, r.slots.begin() + la.start + la.count * la.elemn);
                slot s;
                s.obj = o;
                s.len = s.cap = la.count;
                st_.push_back(s);
                built.push_back(o);
                at = static_cast<std::size_t>(la.start + la.count * la.elemn);
            }
            st_.insert(st_.end(), r.slots.begin() + static_cast<std::ptrdiff_t>(at), r.slots.end());
        }
        std::size_t depth = frames_.size();
        bool ok;
        switch (r.kind) {
        case 0: ok = enter(r.id, r.argslots, 0, discard); break;
        case 1: ok = call_method(m_.name_at(r.id), r.argslots, 0, discard); break;
        default: ok = call_value(r.argslots, 0, discard); break;
        }
        if (ok && frames_.size() > depth)
            for (std::uint32_t o : built) {
                objs_[o].frame = frames_.back().serial;
                frames_.back().wrapper_allocs.push_back(o);
            }
        return ok;
    }

    // ---- the checker ------------------------------------------------------------------------------
    struct root {
        std::uint8_t kind;  // 0 global, 1 variable of a frame, 2 temporaries of a frame, 3 returned values,
                            // 4 deferred call, 5 pending goroutine, 6 range value, 7 running closure record
        std::uint32_t id;   // object, or frame index
        std::uint32_t extra;
    };
    std::string root_text(const root& r) {
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
    std::string describe(std::uint32_t o) {
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
            pos = m_.expr_at(ob.expr).pos;
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
    std::string verdict_text(std::uint32_t o) {
        const object& ob = objs_[o];
        if (ob.verdict == verdict_table::no_site)
            return ob.var != none ? "not a site: implicitly stack" : "no verdict for this allocation site: implicitly stack";
        if (ob.verdict == verdict_table::stack) return "stack";
        if (ob.kind == okind::global) return "global";
        if (ob.var == none && ob.expr == none) return "heap";
        escapade::reason r = ob.var != none ? vt_.var_reason[ob.var] : vt_.expr_reason[ob.expr];
        return std::string("heap (") + escapade::to_string(r) + ")";
    }

    /// Reachability from the live roots. Frames at index >= `first_dead_frame` are gone; variable
    /// instances are roots only while live. Returns the first candidate reached, or 0.
    std::uint32_t reach(const std::vector<std::uint32_t>& cands, std::size_t first_dead_frame, const std::vector<slot>* retvals,
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

    /// A sound prefilter for reach(): a slot that refers to a candidate (allocated at log position
    /// b) can only be in an object allocated or written at position >= b (everything that sets a
    /// slot is logged: allocation, write, map_put), or in a root that is not an object (the operand
    /// stack, values being returned, deferred and pending calls, range values). If no such slot
    /// refers to a candidate, none is reachable and the BFS is skipped.
    bool may_reach(const std::vector<std::uint32_t>& cands, std::size_t first_dead_frame, const std::vector<slot>* retvals) {
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

    /// Frees the candidates (stack objects); a reachable one is a violation.
    bool check(std::vector<std::uint32_t>& cands, std::size_t first_dead_frame, const std::vector<slot>* retvals,
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

    bool end_iteration(frame& f) {
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

    bool do_return() {
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

    // ---- the main loop ------------------------------------------------------------------------------
    bool addr_of_var(frame& f, std::int32_t where, std::int32_t index, slot* out) {
        slot p;
        if (where == 0) {
            p.obj = local_obj(f, index);
        } else if (where == 1) {
            p.obj = globals_[static_cast<std::size_t>(index)];
        } else {
            const capture_layout& c = caps_[f.fn][static_cast<std::size_t>(index)];
            if (f.closure == 0) return fail(exec_result::unsupported, "internal: captured variable without closure record");
            const object& co = objs_[f.closure];
            if (c.by_ref) {
                const slot& s = co.slots[static_cast<std::size_t>(c.offset)];
                p.obj = s.obj;
                p.a = s.a;
            } else {
                p.obj = f.closure;
                p.a = c.offset;
            }
        }
        *out = p;
        return true;
    }
    /// The value of a captured variable for a new closure record made in frame f.
    bool capture_source(frame& f, ir::var_id v, const capture_layout& want, std::vector<slot>& out) {
        const ir::variable& var = m_.variable_at(v);
        if (var.function == f.fn) {
            std::uint32_t o = local_obj(f, pc_.local_index[v]);
            if (want.by_ref) {
                objs_[o].addr_taken = true;
                slot p;
                p.obj = o;
                out.push_back(p);
            } else {
                objs_[o].captured_by_value = true;
                out.insert(out.end(), objs_[o].slots.begin(), objs_[o].slots.end());
            }
            return true;
        }
        ir::id_span<ir::var_id> caps = m_.captures(f.fn);
        for (std::size_t i = 0; i < caps.size(); ++i) {
            if (caps[i] != v) continue;
            const capture_layout& c = caps_[f.fn][i];
            if (f.closure == 0) return fail(exec_result::unsupported, "internal: captured variable without closure record");
            if (c.by_ref == want.by_ref) {
                const object& co = objs_[f.closure];
                out.insert(out.end(), co.slots.begin() + c.offset, co.slots.begin() + c.offset + c.n);
                return true;
            }
            if (want.by_ref) {
                // The address of the enclosing closure's by-value copy.
                objs_[f.closure].addr_taken = true;
                slot p;
                p.obj = f.closure;
                p.a = c.offset;
                out.push_back(p);
                return true;
            }
            // By value from a by-reference capture: copy the variable's current value.
            slot p = objs_[f.closure].slots[static_cast<std::size_t>(c.offset)];
            if (p.obj != 0) objs_[p.obj].captured_by_value = true;
            return read(p, want.n, out);
        }
        return fail(exec_result::unsupported, "closure captures a variable its creator cannot see");
    }

    bool loop() {
        std::vector<slot> tmp, tmp2;
        while (!frames_.empty()) {
            if (++res_.steps > opt_.max_steps) return fail(exec_result::out_of_fuel, "step limit");
            frame& f = frames_.back();
            const fn_code& fc = pc_.fns[f.fn];
            if (f.pc >= fc.code.size()) return fail(exec_result::unsupported, "internal: fell off the code");
            const instr& in = fc.code[f.pc++];
            switch (in.o) {
            case op::push_zero: push_zero(static_cast<std::size_t>(in.a)); break;
            case op::push_int: st_.push_back(int_slot(in.k)); break;
            case op::push_str: {
                slot s;
                s.len = in.a;
                st_.push_back(s);
                break;
            }
            case op::push_func: {
                slot s;
                s.fn = static_cast<std::uint32_t>(in.a) + 1;
                st_.push_back(s);
                break;
            }
            case op::push_rng: st_.push_back(int_slot(in.a == 1 ? rng_.below(2) : rng_.below(4))); break;
            case op::loadv:
            case op::addrv: {
                slot p;
                if (!addr_of_var(f, in.a, in.b, &p)) return false;
                if (in.o == op::addrv) {
                    st_.push_back(p);
                } else {
                    tmp.clear();
                    if (!read(p, in.c, tmp)) return false;
                    st_.insert(st_.end(), tmp.begin(), tmp.end());
                }
                break;
            }
            case op::mark_addr:
                if (st_.back().obj != 0) objs_[st_.back().obj].addr_taken = true;
                break;
            case op::load: {
                slot p = pop();
                tmp.clear();
                if (!read(p, in.a, tmp)) return false;
                st_.insert(st_.end(), tmp.begin(), tmp.end());
                break;
            }
            case op::nilcheck:
                if (st_.back().obj == 0 && !soft_panic("nil dereference")) return false;
                break;
            case op::addr_off:
                if (st_.back().obj != 0) st_.back().a += in.a;
                break;
            case op::subval: {
                popn(static_cast<std::size_t>(in.a), tmp);
                st_.insert(st_.end(), tmp.begin() + in.b, tmp.begin() + in.b + in.c);
                break;
            }
            case op::index_val: {
                std::int64_t i = pop().a;
                popn(static_cast<std::size_t>(in.a), tmp);
                if (i < 0 || i >= in.c) {
                    if (!soft_panic("index out of range")) return false;
                    push_zero(static_cast<std::size_t>(in.b));
                } else {
                    st_.insert(st_.end(), tmp.begin() + i * in.b, tmp.begin() + (i + 1) * in.b);
                }
                break;
            }
            case op::addr_index: {
                std::int64_t i = pop().a;
                slot& p = st_.back();
                if (p.obj == 0) {
                    if (!soft_panic("nil dereference")) return false;
                } else if (i < 0 || i >= in.b) {
                    if (!soft_panic("index out of range")) return false;
                    p = slot{};
                } else {
                    p.a += i * in.a;
                }
                break;
            }
            case op::slice_elem: {
                std::int64_t i = pop().a;
                slot s = pop();
                slot p;
                if (i < 0 || i >= s.len || s.obj == 0) {
                    if (!soft_panic("index out of range")) return false;
                } else {
                    p.obj = s.obj;
                    p.a = s.a + i * in.a;
                }
                st_.push_back(p);
                break;
            }
            case op::str_index: {
                std::int64_t i = pop().a;
                slot s = pop();
                if ((i < 0 || i >= s.len) && !soft_panic("index out of range")) return false;
                st_.push_back(int_slot(rng_.below(256)));
                break;
            }
            case op::map_get: {
                popn(static_cast<std::size_t>(in.a), tmp);
                slot mp = pop();
                bool found = false;
                if (mp.obj != 0) {
                    for (const map_entry& me : objs_[mp.obj].entries)
                        if (keys_equal(me.key, tmp)) {
                            st_.insert(st_.end(), me.val.begin(), me.val.end());
                            found = true;
                            break;
                        }
                }
                if (!found) push_zero(static_cast<std::size_t>(in.b));
                if (in.c) st_.push_back(int_slot(found ? 1 : 0));
                break;
            }
            case op::blank: st_.push_back(slot{}); break;
            case op::slice_op:
                if (!do_slice(in)) return false;
                break;
            case op::to_iface: {
                popn(static_cast<std::size_t>(in.b), tmp);
                ir::type_id from = static_cast<ir::type_id>(in.a);
                const ir::type& ft = m_.type_at(from);
                if (ft.kind == type_kind::interface) {
                    st_.push_back(tmp[0]);
                } else if (ft.kind == type_kind::nil) {
                    st_.push_back(slot{});
                } else {
                    st_.push_back(box(from, tmp, in.e, false));
                }
                break;
            }
            case op::assert_: {
                slot iv = pop();
                ir::type_id t = static_cast<ir::type_id>(in.a);
                bool ok = false;
                tmp.clear();
                if (iv.dyn != 0) {
                    if (m_.type_at(t).kind == type_kind::interface) {
                        ok = implements(iv.dyn - 1, t);
                        if (ok) tmp.push_back(iv);
                    } else if (iv.dyn - 1 == t) {
                        ok = unbox(iv, tmp);
                    }
                }
                if (!ok) {
                    if (!in.c && !soft_panic("failed type assertion")) return false;
                    tmp.assign(static_cast<std::size_t>(in.b), slot{});
                }
                st_.insert(st_.end(), tmp.begin(), tmp.end());
                if (in.c) st_.push_back(int_slot(ok ? 1 : 0));
                break;
            }
            case op::new_: {
                slot p;
                p.obj = site_obj(okind::allocation, in.e, static_cast<std::size_t>(in.a));
                st_.push_back(p);
                break;
            }
            case op::ptr_lit: {
                popn(static_cast<std::size_t>(in.a), tmp);
                slot p;
                p.obj = site_obj(okind::allocation, in.e, tmp.size());
                objs_[p.obj].slots = tmp;
                st_.push_back(p);
                break;
            }
            case op::slice_lit: {
                popn(static_cast<std::size_t>(in.a) * static_cast<std::size_t>(in.b), tmp);
                slot s;
                s.obj = site_obj(okind::allocation, in.e, tmp.size());
                objs_[s.obj].slots = tmp;
                s.len = s.cap = in.b;
                st_.push_back(s);
                break;
            }
            case op::map_lit: {
                std::size_t per = static_cast<std::size_t>(in.a + in.b);
                popn(per * static_cast<std::size_t>(in.c), tmp);
                slot s;
                s.obj = site_obj(okind::map, in.e, 0);
                for (std::int32_t i = 0; i < in.c; ++i) {
                    std::vector<slot> k(tmp.begin() + static_cast<std::ptrdiff_t>(i * per),
                                        tmp.begin() + static_cast<std::ptrdiff_t>(i * per + static_cast<std::size_t>(in.a)));
                    std::vector<slot> v(tmp.begin() + static_cast<std::ptrdiff_t>(i * per + static_cast<std::size_t>(in.a)),
                                        tmp.begin() + static_cast<std::ptrdiff_t>((i + 1) * per));
                    map_put(s.obj, k, v);
                }
                st_.push_back(s);
                break;
            }
            case op::make_slice: {
                std::int64_t cap = in.b ? pop().a : -1;
                std::int64_t len = pop().a;
                if (cap < 0) cap = len;
                if (len < 0 || cap < len) {
                    if (!soft_panic("make with a bad length")) return false;
                    len = cap = 0;
                }
                if (cap > static_cast<std::int64_t>(opt_.max_make)) return fail(exec_result::unsupported, "make larger than the interpreter allows");
                slot s;
                s.obj = site_obj(okind::allocation, in.e, static_cast<std::size_t>(cap * in.a));
                s.len = static_cast<std::int32_t>(len);
                s.cap = static_cast<std::int32_t>(cap);
                st_.push_back(s);
                break;
            }
            case op::make_map: {
                slot s;
                s.obj = site_obj(okind::map, in.e, 0);
                st_.push_back(s);
                break;
            }
            case op::closure: {
                ir::func_id cf = static_cast<ir::func_id>(in.a);
                tmp.clear();
                ir::id_span<ir::var_id> cv = m_.captures(cf);
                for (std::size_t i = 0; i < cv.size(); ++i)
                    if (!capture_source(frames_.back(), cv[i], caps_[cf][i], tmp)) return false;
                slot s;
                s.obj = site_obj(okind::closure, in.e, tmp.size());
                objs_[s.obj].slots = tmp;
                objs_[s.obj].fn = cf;
                st_.push_back(s);
                break;
            }
            case op::method_value: {
                // a: 0 the receiver value as is (c slots), 1 a pointer to copy c slots from,
                //    2 the address &x (1 slot), 3 an interface (1 slot)
                tmp.clear();
                if (in.a == 1) {
                    slot r = pop();
                    if (!read(r, in.c, tmp)) return false;
                } else {
                    popn(static_cast<std::size_t>(in.a == 0 ? in.c : 1), tmp);
                }
                slot s;
                s.obj = site_obj(okind::method_value, in.e, tmp.size());
                objs_[s.obj].slots = tmp;
                objs_[s.obj].fn = in.a == 3 ? (static_cast<std::uint32_t>(in.b) | 0x80000000u) : static_cast<std::uint32_t>(in.d);
                st_.push_back(s);
                break;
            }
            case op::strconv: {
                slot x = pop();
                std::int64_t len = x.len;
                slot s;
                if (in.a == 0) {
                    s.obj = site_obj(okind::allocation, in.e, 0);
                    s.len = static_cast<std::int32_t>(len > 0 ? len : 1);
                } else {
                    if (len < 0) len = 0;
                    if (len > static_cast<std::int64_t>(opt_.max_make)) len = opt_.max_make;
                    s.obj = site_obj(okind::allocation, in.e, static_cast<std::size_t>(len));
                    s.len = s.cap = static_cast<std::int32_t>(len);
                }
                st_.push_back(s);
                break;
            }
            case op::concat: {
                popn(static_cast<std::size_t>(in.a), tmp);
                std::int64_t len = 0;
                for (const slot& x : tmp) len += x.len;
                if (len > (1 << 20)) len = 1 << 20;  // only lengths matter (string data is not modelled)
                slot s;
                s.obj = site_obj(okind::allocation, in.e, 0);
                s.len = static_cast<std::int32_t>(len);
                st_.push_back(s);
                break;
            }
            case op::call:
                if (!enter(static_cast<ir::func_id>(in.a), in.b, 0, false)) return false;
                break;
            case op::call_method:
                if (!call_method(m_.name_at(static_cast<index_t>(in.a)), in.b, in.c, false)) return false;
                break;
            case op::call_value:
                if (!call_value(in.a, in.c, false)) return false;
                break;
            case op::append:
                if (!do_append(in)) return false;
                break;
            case op::copy: {
                slot src = pop(), dst = pop();
                std::int64_t n = std::min<std::int64_t>(src.len, dst.len);
                if (in.b == 0 && n > 0 && src.obj != 0 && dst.obj != 0) {
                    tmp.assign(objs_[src.obj].slots.begin() + src.a, objs_[src.obj].slots.begin() + src.a + n * in.a);
                    slot p;
                    p.obj = dst.obj;
                    p.a = dst.a;
                    if (!write(p, tmp.data(), static_cast<std::int32_t>(tmp.size()))) return false;
                }
                st_.push_back(int_slot(n));
                break;
            }
            case op::len:
            case op::cap: {
                slot x = pop();
                std::int64_t v = 0;
                if (in.a == 0) v = in.o == op::len ? x.len : x.cap;
                else if (in.a == 1) v = x.len;
                else if (in.a == 2) v = x.obj != 0 ? static_cast<std::int64_t>(objs_[x.obj].entries.size()) : 0;
                st_.push_back(int_slot(v));
                break;
            }
            case op::popn: st_.resize(st_.size() - static_cast<std::size_t>(in.a)); break;
            case op::delete_: {
                popn(static_cast<std::size_t>(in.a), tmp);
                slot mp = pop();
                if (mp.obj != 0) {
                    auto& es = objs_[mp.obj].entries;
                    for (std::size_t i = 0; i < es.size(); ++i)
                        if (keys_equal(es[i].key, tmp)) {
                            es.erase(es.begin() + static_cast<std::ptrdiff_t>(i));
                            break;
                        }
                }
                break;
            }
            case op::clear: {
                slot x = pop();
                if (x.obj == 0) break;
                if (in.a == 0) objs_[x.obj].entries.clear();
                else {
                    tmp.assign(static_cast<std::size_t>(x.len) * static_cast<std::size_t>(in.b), slot{});
                    slot p;
                    p.obj = x.obj;
                    p.a = x.a;
                    if (!write(p, tmp.data(), static_cast<std::int32_t>(tmp.size()))) return false;
                }
                break;
            }
            case op::assign:
                if (!do_assign(fc.assigns[static_cast<std::size_t>(in.a)])) return false;
                break;
            case op::opassign: {
                popn(static_cast<std::size_t>(in.b), tmp);
                slot p = pop();
                if (in.a == 0) {
                    tmp.assign(1, int_slot(rng_.below(4)));
                } else if (in.a == 1) {
                    slot s;
                    s.obj = new_obj(okind::runtime, verdict_table::heap, 0);
                    s.len = 2;
                    tmp.assign(1, s);
                }
                if (!write(p, tmp.data(), in.b)) return false;
                break;
            }
            case op::declare: var_instance(f, in.a); break;
            case op::branch: {
                bool then_ = rng_.below(2) == 0;
                if (exhausted()) {
                    if (in.b && !in.c) then_ = false;
                    else if (in.c && !in.b) then_ = true;
                }
                if (!then_) f.pc = static_cast<std::uint32_t>(in.a);
                break;
            }
            case op::jmp: f.pc = static_cast<std::uint32_t>(in.a); break;
            case op::loop_begin: {
                loop_state l;
                l.pos = stmt_pos(in.k);
                f.loops.push_back(std::move(l));
                break;
            }
            case op::loop_test: {
                loop_state& l = f.loops.back();
                bool more = !exhausted() && l.trips < opt_.max_trips && rng_.below(4) != 0;
                if (!more) {
                    f.pc = static_cast<std::uint32_t>(in.a);
                    break;
                }
                ++l.trips;
                l.iter_mark = f.allocs.size();
                break;
            }
            case op::iter_end:
                if (!end_iteration(f)) return false;
                break;
            case op::loop_end: f.loops.pop_back(); break;
            case op::range_begin:
                if (!range_begin(f, in)) return false;
                break;
            case op::range_next:
                if (!range_next(f, in)) return false;
                break;
            case op::range_key: {
                const loop_state& l = f.loops.back();
                st_.insert(st_.end(), l.key.begin(), l.key.end());
                break;
            }
            case op::range_val: {
                const loop_state& l = f.loops.back();
                st_.insert(st_.end(), l.val.begin(), l.val.end());
                break;
            }
            case op::store_result: {
                popn(static_cast<std::size_t>(in.b), tmp);
                slot p;
                p.obj = local_obj(f, in.a);
                if (!write(p, tmp.data(), in.b)) return false;
                break;
            }
            case op::ret:
                if (!do_return()) return false;
                break;
            case op::defer_:
            case op::go_: {
                call_rec r;
                r.kind = in.a;
                r.id = static_cast<std::uint32_t>(in.b);
                r.argslots = in.d;
                if (in.k >= 0) r.lits = &fc.lits[static_cast<std::size_t>(in.k)];
                popn(static_cast<std::size_t>(in.c), r.slots);
                if (in.o == op::defer_) f.defers.push_back(std::move(r));
                else goroutines_.push_back(std::move(r));
                break;
            }
            case op::panic_: return fail(exec_result::panicked, "panic");
            case op::unsupported: return fail(exec_result::unsupported, "unsupported construct");
            }
            if (res_.status != exec_result::completed) return false;
        }
        return true;
    }

    std::string stmt_pos(std::int64_t s) {
        if (s < 0 || static_cast<std::size_t>(s) >= m_.stmt_count()) return "?";
        return pos_text(m_, m_.stmt_at(static_cast<ir::stmt_id>(s)).pos);
    }

    static bool keys_equal(const std::vector<slot>& a, const std::vector<slot>& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!same_slot(a[i], b[i])) return false;
        return true;
    }
    void map_put(std::uint32_t m, const std::vector<slot>& k, const std::vector<slot>& v) {
        wlog_.push_back(m);
        for (map_entry& me : objs_[m].entries)
            if (keys_equal(me.key, k)) {
                me.val = v;
                return;
            }
        objs_[m].entries.push_back(map_entry{k, v});
    }

    bool do_assign(const std::vector<assign_target>& ts) {
        std::size_t vtotal = 0, ttotal = 0;
        for (const assign_target& t : ts) {
            vtotal += static_cast<std::size_t>(t.vslots);
            ttotal += t.kind == 1 ? 1 + static_cast<std::size_t>(t.kslots) : 1;
        }
        std::vector<slot> vals, tgts;
        popn(vtotal, vals);
        popn(ttotal, tgts);
        std::size_t vi = 0, ti = 0;
        for (const assign_target& t : ts) {
            const slot* v = vals.data() + vi;
            vi += static_cast<std::size_t>(t.vslots);
            if (t.kind == 2) {
                ++ti;
                continue;
            }
            if (t.kind == 1) {
                slot mp = tgts[ti];
                std::vector<slot> k(tgts.begin() + static_cast<std::ptrdiff_t>(ti + 1),
                                    tgts.begin() + static_cast<std::ptrdiff_t>(ti + 1 + static_cast<std::size_t>(t.kslots)));
                ti += 1 + static_cast<std::size_t>(t.kslots);
                if (mp.obj == 0) {
                    if (!soft_panic("assignment to a nil map")) return false;
                    continue;
                }
                map_put(mp.obj, k, std::vector<slot>(v, v + t.vslots));
                continue;
            }
            slot p = tgts[ti++];
            if (!write(p, v, t.vslots)) return false;
        }
        return true;
    }

    bool do_slice(const instr& in) {
        std::int64_t b[3] = {-1, -1, -1};
        const std::uint8_t bits[3] = {ir::ex_slice_lo, ir::ex_slice_hi, ir::ex_slice_max};
        for (int i = 2; i >= 0; --i)
            if (in.a & bits[i]) b[i] = pop().a;
        slot x = pop();
        slot r;
        if (in.b == 1) {  // string
            std::int64_t lo = b[0] < 0 ? 0 : b[0], hi = b[1] < 0 ? x.len : b[1];
            if (lo > hi || hi > x.len) {
                if (!soft_panic("slice bounds out of range")) return false;
                st_.push_back(slot{});
                return true;
            }
            r = x;
            r.a = x.a + lo;
            r.len = static_cast<std::int32_t>(hi - lo);
            st_.push_back(r);
            return true;
        }
        std::int64_t len, cap;
        if (in.b == 2) {
            if (x.obj == 0) {
                if (!soft_panic("nil dereference")) return false;
                st_.push_back(slot{});
                return true;
            }
            len = cap = in.d;
        } else {
            len = x.len;
            cap = x.cap;
        }
        std::int64_t lo = b[0] < 0 ? 0 : b[0], hi = b[1] < 0 ? len : b[1], mx = b[2] < 0 ? cap : b[2];
        if (lo < 0 || lo > hi || hi > mx || mx > cap) {
            if (!soft_panic("slice bounds out of range")) return false;
            st_.push_back(slot{});
            return true;
        }
        r.obj = x.obj;
        r.a = x.a + lo * in.c;
        r.len = static_cast<std::int32_t>(hi - lo);
        r.cap = static_cast<std::int32_t>(mx - lo);
        if (r.cap == 0 && in.b == 0 && x.obj == 0) r.obj = 0;
        st_.push_back(r);
        return true;
    }

    bool do_append(const instr& in) {
        std::vector<slot> add;
        std::int64_t k;
        if (in.c) {  // append(s, t...)
            slot t = pop();
            k = t.len;
            if (in.d) {
                add.assign(static_cast<std::size_t>(k * in.a), slot{});
            } else if (t.obj != 0 && k > 0) {
                const object& o = objs_[t.obj];
                add.assign(o.slots.begin() + t.a, o.slots.begin() + t.a + k * in.a);
            }
        } else {
            k = in.b;
            popn(static_cast<std::size_t>(in.b) * static_cast<std::size_t>(in.a), add);
        }
        slot s = pop();
        if (k == 0) {
            st_.push_back(s);
            return true;
        }
        if (s.len + k <= s.cap && s.obj != 0) {
            slot p;
            p.obj = s.obj;
            p.a = s.a + s.len * in.a;
            if (!write(p, add.data(), static_cast<std::int32_t>(add.size()))) return false;
            s.len += static_cast<std::int32_t>(k);
            st_.push_back(s);
            return true;
        }
        std::int64_t ncap = std::max<std::int64_t>(2 * s.cap, s.len + k);
        if (ncap * in.a > layout::max_slots * 4) return fail(exec_result::unsupported, "append beyond the interpreter's limit");
        std::uint32_t o = new_obj(okind::runtime, verdict_table::heap, static_cast<std::size_t>(ncap * in.a));
        objs_[o].addr_taken = true;
        if (s.obj != 0 && s.len > 0)
            std::copy(objs_[s.obj].slots.begin() + s.a, objs_[s.obj].slots.begin() + s.a + s.len * in.a, objs_[o].slots.begin());
        std::copy(add.begin(), add.end(), objs_[o].slots.begin() + s.len * in.a);
        slot r;
        r.obj = o;
        r.a = 0;
        r.len = static_cast<std::int32_t>(s.len + k);
        r.cap = static_cast<std::int32_t>(ncap);
        st_.push_back(r);
        return true;
    }

    bool range_begin(frame& f, const instr& in) {
        loop_state l;
        l.range = true;
        l.kind = in.a;
        l.elemn = in.b;
        l.pos = stmt_pos(in.k);
        popn(static_cast<std::size_t>(in.c), l.x);
        switch (in.a) {
        case 0: l.len = l.x[0].len; break;
        case 1: l.len = in.d; break;
        case 2:
            l.len = in.d;
            if (l.x[0].obj == 0 && l.len > 0) {
                if (!soft_panic("range over a nil array pointer")) return false;
                l.len = 0;
            }
            break;
        case 3: l.len = l.x[0].len; break;
        case 4:
            if (l.x[0].obj != 0) {
                for (const map_entry& me : objs_[l.x[0].obj].entries) l.keys.push_back(me.key);
                for (std::size_t i = l.keys.size(); i > 1; --i) std::swap(l.keys[i - 1], l.keys[rng_.below(static_cast<std::uint32_t>(i))]);
            }
            l.len = static_cast<std::int64_t>(l.keys.size());
            break;
        }
        f.loops.push_back(std::move(l));
        return true;
    }
    bool range_next(frame& f, const instr& in) {
        loop_state& l = f.loops.back();
        // Any prefix of the iterations is a path of the loop; stop early now and then.
        bool more = l.index < l.len && !exhausted() && l.trips < opt_.max_trips + 1 && rng_.below(8) != 0;
        if (!more) {
            f.pc = static_cast<std::uint32_t>(in.a);
            return true;
        }
        std::int64_t i = l.index++;
        ++l.trips;
        l.key.assign(1, int_slot(i));
        l.val.clear();
        switch (l.kind) {
        case 0: {
            slot p;
            p.obj = l.x[0].obj;
            p.a = l.x[0].a + i * l.elemn;
            if (!read(p, l.elemn, l.val)) return false;
            break;
        }
        case 1: l.val.assign(l.x.begin() + i * l.elemn, l.x.begin() + (i + 1) * l.elemn); break;
        case 2: {
            slot p = l.x[0];
            p.a += i * l.elemn;
            if (!read(p, l.elemn, l.val)) return false;
            break;
        }
        case 3: l.val.assign(1, int_slot(rng_.below(128))); break;
        case 4: {
            l.key = l.keys[static_cast<std::size_t>(i)];
            bool found = false;
            for (const map_entry& me : objs_[l.x[0].obj].entries)
                if (keys_equal(me.key, l.key)) {
                    l.val = me.val;
                    found = true;
                    break;
                }
            if (!found) {
                // Deleted during the iteration: Go skips it. Zero value, no flow.
                l.val.assign(static_cast<std::size_t>(l.elemn > 0 ? l.elemn : 1), slot{});
            }
            break;
        }
        }
        l.iter_mark = f.allocs.size();
        return true;
    }

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

/// Compiles a module for the interpreter (once per module).
inline void compile(const ir::module& m, layout& lay, program_code& out) {
    compiler c(m, lay, out);
    c.run();
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_VM_HPP
