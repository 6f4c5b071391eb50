// escapade/cfg_kinds.hpp - the vocabulary of hosts whose functions are control-flow graphs in SSA form.
//
// A host whose IR is basic blocks of instructions (LLVM, Cranelift, QBE, Swift SIL, most compilers
// that emit LLVM IR) maps each of its values onto a value_kind, and each instruction onto an
// inst_kind, in its cfg_traits specialisation (cfg_traits.hpp). The operand layout of every kind
// is given here: it is the whole contract between the host and the analysis, so a host maps an
// instruction it does not understand to `unknown` (sound: everything it touches escapes), never to
// `opaque`. docs/cfg.md explains each kind with LLVM's instructions as examples.
#ifndef ESCAPADE_CFG_KINDS_HPP
#define ESCAPADE_CFG_KINDS_HPP

#include <cstdint>

namespace escapade {

/// What a value is. Every operand of an instruction is a value.
enum class value_kind : std::uint8_t {
    instruction,  ///< the result of an instruction of the same function (an SSA value)
    parameter,    ///< a parameter of the function that uses it
    global,       ///< the address of static storage (a global variable, or a constant expression over
                  ///< one): storing into it stores into the heap; loading from it gives unknown pointers
    function,     ///< the address of a function (a function used as a value; static data)
    constant      ///< a value without storage: integers, null, undef, static data addresses that
                  ///< nothing can write through (string literals a host knows are read-only)
};

/// What an instruction does, as far as escape analysis cares. Operand layouts (the values
/// `operands(p, i)` returns, in order) are given per kind; "flows into" means the value (a pointer
/// or an aggregate holding pointers) becomes part of the result or of memory.
enum class inst_kind : std::uint8_t {
    // allocation
    alloc,          ///< an allocation site of the garbage-collected heap (the instructions the analysis
                    ///< decides on): operands [size?] (no flow); the result is the new object's address.
                    ///< allocation_size(p, i, &bytes) says whether the size is a known constant
    local,          ///< storage the host already places in the frame (LLVM's alloca): operands [];
                    ///< the result is its address. Never a site; objects stored in it live as long as it
    // memory
    load,           ///< [ptr]: the value read from what ptr points to (one dereference)
    store,          ///< [value, ptr]: value flows into what ptr points to; no result
    exchange,       ///< [ptr, values...]: every value flows into what ptr points to, the result is the
                    ///< value read from it (compare-and-swap, atomic read-modify-write)
    copy_memory,    ///< [dst, src, extra...]: what src points to is copied into what dst points to
                    ///< (memcpy, memmove); extra operands (lengths, flags) carry no flow; no result
    // values from values
    address,        ///< [base, index...]: the address of a field or element of what base points to
                    ///< (LLVM's getelementptr): the same object as base; indices carry no flow
    cast,           ///< [x]: x under another type (bitcast, address-space cast, freeze)
    select,         ///< [cond, a, b]: a or b (cond carries no flow)
    phi,            ///< [values...]: one value per incoming edge; incoming_blocks(p, i) gives the
                    ///< predecessor of each, in the same order
    aggregate,      ///< [x...]: an SSA value holding every operand (insertvalue, extractvalue,
                    ///< vector operations): each operand flows into the result
    opaque,         ///< [...]: a scalar computed from the operands (arithmetic, comparisons): no flow
    to_integer,     ///< [x]: a pointer turned into an integer: the analysis can no longer follow it,
                    ///< so what x points to escapes
    from_integer,   ///< [x]: an integer turned into a pointer: it points to unknown storage
    // calls
    call,           ///< [args...]: a call of callee(p, i), a function of the program
    call_indirect,  ///< [fn, args...]: a call through the function pointer fn
    call_virtual,   ///< [receiver, args...]: a call of method method_name(p, i) of the receiver's dynamic
                    ///< type; the receiver is the targets' first argument
    // control
    return_,        ///< [value?]: the value flows into the function's result
    branch,         ///< [...]: any terminator that only picks a successor (br, switch, indirectbr's
                    ///< operands carry no flow); the successors are successors(p, block)
    unreachable,    ///< []: control never gets here
    // anything else
    unknown         ///< [...]: an instruction the host cannot describe: every operand escapes and the
                    ///< result (if any) points to unknown storage
};

constexpr const char* to_string(inst_kind k) noexcept {
    switch (k) {
    case inst_kind::alloc: return "alloc";
    case inst_kind::local: return "local";
    case inst_kind::load: return "load";
    case inst_kind::store: return "store";
    case inst_kind::exchange: return "exchange";
    case inst_kind::copy_memory: return "copy_memory";
    case inst_kind::address: return "address";
    case inst_kind::cast: return "cast";
    case inst_kind::select: return "select";
    case inst_kind::phi: return "phi";
    case inst_kind::aggregate: return "aggregate";
    case inst_kind::opaque: return "opaque";
    case inst_kind::to_integer: return "to_integer";
    case inst_kind::from_integer: return "from_integer";
    case inst_kind::call: return "call";
    case inst_kind::call_indirect: return "call_indirect";
    case inst_kind::call_virtual: return "call_virtual";
    case inst_kind::return_: return "return";
    case inst_kind::branch: return "branch";
    case inst_kind::unreachable: return "unreachable";
    case inst_kind::unknown: return "unknown";
    }
    return "?";
}

constexpr const char* to_string(value_kind k) noexcept {
    switch (k) {
    case value_kind::instruction: return "instruction";
    case value_kind::parameter: return "parameter";
    case value_kind::global: return "global";
    case value_kind::function: return "function";
    case value_kind::constant: return "constant";
    }
    return "?";
}

}  // namespace escapade

#endif  // ESCAPADE_CFG_KINDS_HPP
