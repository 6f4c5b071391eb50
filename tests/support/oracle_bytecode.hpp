// tests/support/oracle_bytecode.hpp - the oracle interpreter's slot layout and bytecode.
//
// layout gives each IR type its number of slots (one per scalar, pointer, slice, string,
// interface, function value, map or channel word; structs and arrays flattened; at most
// layout::max_slots). The bytecode: op (one stack-machine instruction each), instr, the targets
// of assignments, the slice literals a call's wrapper builds, and each function's code.
//
// Cost: layout O(1) amortised per type (memoised); the rest are data.
// Test-only code (oracle_vm.hpp says what the interpreter and the checker are).
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_BYTECODE_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_BYTECODE_HPP

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

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_BYTECODE_HPP
