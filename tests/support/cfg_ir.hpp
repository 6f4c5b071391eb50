// tests/support/cfg_ir.hpp - a small SSA control-flow-graph IR for tests, and its cfg_traits.
//
// The CFG host path's test host: functions of basic blocks of instructions, values by dense
// index, read from a minimal text form (cfg_ir_reader.hpp, grammar there) and described to the
// analysis through escapade::cfg_traits<cfgir::module>. Block order, function order, successor
// order and the order of a phi's incoming edges are plain vectors here, so a test can permute them
// (permute()) and check that verdicts do not change.
//
// Test-only code (uses the standard library freely): not part of the library.
#ifndef ESCAPADE_TESTS_SUPPORT_CFG_IR_HPP
#define ESCAPADE_TESTS_SUPPORT_CFG_IR_HPP

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <escapade/cfg_traits.hpp>

namespace cfgir {

using escapade::index_t;
using escapade::inst_kind;
using escapade::size64;
using escapade::source_pos;
using escapade::value_kind;

using value_id = std::uint32_t;
using block_id = std::uint32_t;
using func_id = std::uint32_t;
constexpr std::uint32_t none = 0xffffffffu;

/// What a test expects of an allocation site: "stack", "heap", or "heap (reason)", in every mode
/// or in the modes listed ("; EXPECT(closed): stack").
struct expectation {
    std::string text;
    std::vector<std::string> modes;  ///< empty: every mode
    unsigned line = 0;
    /// "[observable]" after a heap expectation: some execution reaches the object after its frame
    /// or iteration ends, so a planted stack verdict must be caught by the oracle (cfg_oracle.cpp)
    bool observable = false;
};

struct instruction {
    inst_kind kind = inst_kind::unknown;
    std::vector<value_id> ops;
    std::vector<block_id> incoming;  ///< phi: predecessor of each operand
    func_id callee = none;           ///< call
    std::vector<func_id> targets;    ///< call_indirect / call_virtual: declared targets ("targets @a @b")
    bool has_targets = false;
    std::string method;              ///< call_virtual
    size64 size = 0;                 ///< alloc
    bool size_known = false;
    block_id block = none;           ///< the block holding it
    std::vector<expectation> expect;
};

struct value {
    value_kind kind = value_kind::constant;
    std::string name;     ///< without sigil; empty for constants and unnamed instructions
    std::uint32_t index = none;  ///< instruction, parameter's function, global or function index
    source_pos pos;
};

struct block {
    std::string name;
    func_id fn = none;
    std::vector<value_id> insts;
    std::vector<block_id> succ;
};

struct leak {
    index_t param = 0;
    bool to_result = false;
    std::int32_t derefs = 0;
};

struct function {
    std::string name;
    source_pos pos;
    bool body = false;
    bool declares = false;          ///< extern with a `declares` clause
    bool variadic = false;
    std::vector<leak> leaks;
    std::vector<escapade::leak_declaration> leak_decls;  ///< the same, in the library's form
    std::vector<value_id> params;
    std::vector<block_id> blocks;   ///< entry first
};

struct module {
    std::vector<std::string> files{"<input>"};
    std::vector<value> values;
    std::vector<instruction> insts;
    std::vector<block> blocks;
    std::vector<function> functions;
    std::vector<func_id> order;     ///< function order as functions() returns it
    std::vector<value_id> globals;

    value_id add_value(value_kind k, std::string name, std::uint32_t index, source_pos pos) {
        values.push_back(value{k, std::move(name), index, pos});
        return static_cast<value_id>(values.size() - 1);
    }
    const instruction& inst(value_id v) const { return insts[values[v].index]; }
    instruction& inst(value_id v) { return insts[values[v].index]; }
};

/// Shuffles, with a seeded RNG, everything whose order must not matter: function order, block
/// order after the entry, successor order, the incoming order of phis (operands and blocks
/// together). Instruction order within a block is semantics and stays.
inline void permute(module& m, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::shuffle(m.order.begin(), m.order.end(), rng);
    for (function& f : m.functions)
        if (f.blocks.size() > 2) std::shuffle(f.blocks.begin() + 1, f.blocks.end(), rng);
    for (block& b : m.blocks) std::shuffle(b.succ.begin(), b.succ.end(), rng);
    for (instruction& i : m.insts) {
        if (i.kind != inst_kind::phi) continue;
        std::vector<std::size_t> idx(i.ops.size());
        for (std::size_t k = 0; k < idx.size(); ++k) idx[k] = k;
        std::shuffle(idx.begin(), idx.end(), rng);
        std::vector<value_id> ops;
        std::vector<block_id> inc;
        for (std::size_t k : idx) {
            ops.push_back(i.ops[k]);
            inc.push_back(i.incoming[k]);
        }
        i.ops = ops;
        i.incoming = inc;
    }
}

}  // namespace cfgir

template <>
struct escapade::cfg_traits<cfgir::module> {
    using P = cfgir::module;
    using function_ref = cfgir::func_id;
    using block_ref = cfgir::block_id;
    using value_ref = cfgir::value_id;

    static const std::vector<cfgir::func_id>& functions(const P& p) { return p.order; }
    static std::string_view file_name(const P& p, index_t f) { return f < p.files.size() ? p.files[f] : std::string_view(); }
    static std::string_view function_name(const P& p, function_ref f) { return p.functions[f].name; }
    static source_pos function_position(const P& p, function_ref f) { return p.functions[f].pos; }
    static bool has_body(const P& p, function_ref f) { return p.functions[f].body; }
    static const std::vector<cfgir::value_id>& params(const P& p, function_ref f) { return p.functions[f].params; }
    static const std::vector<cfgir::block_id>& blocks(const P& p, function_ref f) { return p.functions[f].blocks; }
    static const std::vector<cfgir::value_id>& instructions(const P& p, block_ref b) { return p.blocks[b].insts; }
    static const std::vector<cfgir::block_id>& successors(const P& p, block_ref b) { return p.blocks[b].succ; }
    static value_kind value_kind_of(const P& p, value_ref v) { return p.values[v].kind; }
    static inst_kind instruction_kind(const P& p, value_ref v) { return p.inst(v).kind; }
    static const std::vector<cfgir::value_id>& operands(const P& p, value_ref v) { return p.inst(v).ops; }
    static source_pos instruction_position(const P& p, value_ref v) { return p.values[v].pos; }
    static const std::vector<cfgir::block_id>& incoming_blocks(const P& p, value_ref v) { return p.inst(v).incoming; }
    static function_ref callee(const P& p, value_ref v) { return p.inst(v).callee; }
    static function_ref value_function(const P& p, value_ref v) { return p.values[v].index; }
    static bool allocation_size(const P& p, value_ref v, size64* out) {
        const cfgir::instruction& i = p.inst(v);
        if (i.size_known) *out = i.size;
        return i.size_known;
    }
    // optional
    static std::string_view value_name(const P& p, value_ref v) { return p.values[v].name; }
    static std::string_view block_name(const P& p, block_ref b) { return p.blocks[b].name; }
    static std::string_view method_name(const P& p, value_ref v) { return p.inst(v).method; }
    static bool has_declared_leaks(const P& p, function_ref f) { return p.functions[f].declares; }
    static const std::vector<leak_declaration>& declared_leaks(const P& p, function_ref f) { return p.functions[f].leak_decls; }
    static const std::vector<cfgir::func_id>& call_targets(const P& p, value_ref v) { return p.inst(v).targets; }
    static bool is_variadic(const P& p, function_ref f) { return p.functions[f].variadic; }
};

#endif  // ESCAPADE_TESTS_SUPPORT_CFG_IR_HPP
