// escapade/detail/cfg/function_shape.hpp - one function of a CFG host, read through cfg_traits: its blocks
// as dense numbers, where each instruction is, its dominators and loops, the loop depth of each
// instruction's value, and the checks of the host contract that the depths rely on.
//
// build() numbers the blocks in the order blocks(p, f) gives them (the entry first), records each
// instruction's block and position, packs the successor edges, computes the dominator tree and the
// loop nesting forest (dominators.hpp, loops.hpp) and then checks, for every block reachable from
// the entry (unreachable code never runs, and hosts such as LLVM allow anything in it):
//   - a block appears once in blocks(), an instruction once in one block, successors are blocks of f;
//   - phis come first in their block; a phi has one incoming block per operand; each incoming block
//     is a predecessor, and every reachable predecessor has an incoming value (the phi's value on a
//     missing edge would be unknown to the analysis);
//   - every operand that is an instruction is an instruction of f whose definition dominates the
//     use (for a phi: the end of the incoming block; in the same block: an earlier instruction);
//     every operand that is a parameter is one of f's.
// Each violation is errc::invalid_host_ir at the using instruction's position. These are the
// properties the loop-depth argument of loops.hpp needs: with them, the only values that cross
// an iteration are header phis and memory.
//
// Cost: O(B + E + I + U) for B blocks, E edges, I instructions and U operands (expected, hash
// lookups), plus dominators and loops (their files). Memory O(B + E + I). Deterministic.
#ifndef ESCAPADE_DETAIL_CFG_FUNCTION_SHAPE_HPP
#define ESCAPADE_DETAIL_CFG_FUNCTION_SHAPE_HPP

#include <cstring>

#include "../../cfg_traits.hpp"
#include "../hash_map.hpp"
#include "loops.hpp"

namespace escapade::detail {

template <class P, class T>
class cfg_function_shape {
public:
    using function_ref = typename T::function_ref;
    using block_ref = typename T::block_ref;
    using value_ref = typename T::value_ref;

    /// Where an instruction is: its block (dense number) and its position in the block.
    struct place {
        index_t block = invalid_index;
        index_t order = 0;
    };

    explicit cfg_function_shape(memory_resource& mem = default_resource()) noexcept
        : blocks_(mem), block_index_(mem), places_(mem), params_(mem), graph_(mem), dom_(mem), loops_(mem), preds_seen_(mem) {}

    /// Reads f (which must have a body). max_instructions bounds the instructions read (an
    /// absurd host, a cycle in a host's lists); beyond it, errc::limit_exceeded.
    status build(const P& p, function_ref f, std::size_t max_instructions) noexcept;

    std::size_t block_count() const noexcept { return blocks_.size(); }
    block_ref block(index_t b) const noexcept { return blocks_[b]; }
    /// The dense number of a block of f, or invalid_index.
    index_t block_of(block_ref b) const noexcept {
        const index_t* i = block_index_.find(b);
        return i ? *i : invalid_index;
    }
    /// Where instruction v of f is (block invalid_index when v is not one of f's instructions).
    place place_of(value_ref v) const noexcept {
        const place* pl = places_.find(v);
        return pl ? *pl : place{};
    }
    bool reachable(index_t b) const noexcept { return dom_.reachable(b); }
    const block_graph& graph() const noexcept { return graph_; }
    const dominator_tree& dominators() const noexcept { return dom_; }
    const loop_forest& loops() const noexcept { return loops_; }
    /// The loop depth of instruction v's value: its block's depth, or for a phi of a loop header
    /// the level around that loop (loops.hpp).
    std::int32_t depth_of(const P& p, value_ref v) const noexcept {
        place pl = place_of(v);
        if (pl.block == invalid_index) return 1;
        if (T::instruction_kind(p, v) == inst_kind::phi) return loops_.phi_depth(pl.block);
        return loops_.depth(pl.block);
    }
    std::size_t instruction_count() const noexcept { return places_.size(); }

private:
    status bad(const P& p, value_ref at, const char* what, std::string_view name, std::string_view fname) const noexcept {
        source_pos pos = T::instruction_position(p, at);
        return error_at(p, pos, "%.*s: %s%.*s", int(fname.size()), fname.empty() ? "" : fname.data(), what, int(name.size()),
                        name.empty() ? "" : name.data());
    }
    static status error_at(const P& p, source_pos pos, const char* fmt, ...) noexcept
#if defined(__GNUC__) || defined(__clang__)
        __attribute__((format(printf, 3, 4)))
#endif
    {
        char msg[status::max_message];
        std::va_list args;
        va_start(args, fmt);
        std::vsnprintf(msg, sizeof msg, fmt, args);
        va_end(args);
        char file[status::max_file];
        std::string_view fname = pos.known() ? T::file_name(p, pos.file) : std::string_view();
        std::size_t n = fname.size() < sizeof file - 1 ? fname.size() : sizeof file - 1;
        if (n) std::memcpy(file, fname.data(), n);
        file[n] = '\0';
        return status::error(errc::invalid_host_ir, n ? file : nullptr, pos.line, pos.column, "%s", msg);
    }
    static status oom() noexcept { return status::error(errc::out_of_memory, "out of memory reading a control-flow graph"); }
    status check(const P& p, function_ref f) noexcept;

    vector<block_ref> blocks_;
    hash_map<block_ref, index_t, handle_hash<block_ref>> block_index_;
    hash_map<value_ref, place, handle_hash<value_ref>> places_;
    hash_map<value_ref, std::uint8_t, handle_hash<value_ref>> params_;
    block_graph graph_;
    dominator_tree dom_;
    loop_forest loops_;
    vector<index_t> preds_seen_;
};

template <class P, class T>
status cfg_function_shape<P, T>::build(const P& p, function_ref f, std::size_t max_instructions) noexcept {
    blocks_.clear();
    block_index_.clear();
    places_.clear();
    params_.clear();
    std::string_view fname = T::function_name(p, f);
    for (auto&& b : T::blocks(p, f)) {
        bool inserted = false;
        if (!block_index_.insert(b, static_cast<index_t>(blocks_.size()), &inserted)) return oom();
        if (!inserted)
            return error_at(p, T::function_position(p, f), "%.*s: block '%.*s' is listed twice by blocks()", int(fname.size()),
                            fname.data(), int(cfg_block_name<P, T>(p, b).size()), cfg_block_name<P, T>(p, b).data());
        if (!blocks_.push_back(b)) return oom();
        if (blocks_.size() > max_instructions)
            return status::error(errc::limit_exceeded, nullptr, 0, 0, "%.*s has more blocks than max_body_nodes", int(fname.size()), fname.data());
    }
    if (blocks_.empty())
        return error_at(p, T::function_position(p, f), "%.*s: has_body() is true but blocks() is empty", int(fname.size()), fname.data());
    for (auto&& v : T::params(p, f))
        if (!params_.insert(v, 1)) return oom();
    graph_.reset(blocks_.size());
    std::size_t count = 0;
    for (index_t b = 0; b < blocks_.size(); ++b) {
        index_t order = 0;
        for (auto&& v : T::instructions(p, blocks_[b])) {
            if (++count > max_instructions)
                return status::error(errc::limit_exceeded, nullptr, 0, 0, "%.*s has more instructions than max_body_nodes", int(fname.size()), fname.data());
            bool inserted = false;
            if (!places_.insert(v, place{b, order++}, &inserted)) return oom();
            if (!inserted) return bad(p, v, "an instruction listed twice by instructions()", std::string_view(), fname);
            if (T::value_kind_of(p, v) != value_kind::instruction)
                return bad(p, v, "instructions() lists a value that is not an instruction", std::string_view(), fname);
        }
        for (auto&& s : T::successors(p, blocks_[b])) {
            index_t t = block_of(s);
            if (t == invalid_index)
                return error_at(p, T::function_position(p, f), "%.*s: a successor of block '%.*s' is not a block of the function",
                                int(fname.size()), fname.data(), int(cfg_block_name<P, T>(p, blocks_[b]).size()),
                                cfg_block_name<P, T>(p, blocks_[b]).data());
            if (!graph_.add_edge(b, t)) return oom();
        }
    }
    if (!graph_.finish() || !dom_.compute(graph_) || !loops_.compute(graph_, dom_)) return oom();
    return check(p, f);
}

template <class P, class T>
status cfg_function_shape<P, T>::check(const P& p, function_ref f) noexcept {
    std::string_view fname = T::function_name(p, f);
    char buf[64];
    auto name_of = [&](value_ref v) -> std::string_view {
        std::string_view n = cfg_value_name<P, T>(p, v);
        if (!n.empty()) return n;
        std::snprintf(buf, sizeof buf, "(unnamed)");
        return std::string_view(buf);
    };
    if (!preds_seen_.resize(blocks_.size(), invalid_index)) return oom();
    for (index_t b = 0; b < blocks_.size(); ++b) preds_seen_[b] = invalid_index;
    index_t stamp = 0;
    for (index_t b = 0; b < blocks_.size(); ++b) {
        if (!dom_.reachable(b)) continue;
        bool phis_done = false;
        index_t order = 0;
        for (auto&& v : T::instructions(p, blocks_[b])) {
            inst_kind k = T::instruction_kind(p, v);
            if (k == inst_kind::phi) {
                if (phis_done) return bad(p, v, "phi after a non-phi instruction of its block: ", name_of(v), fname);
                // operands and incoming blocks pair up; each incoming block is a predecessor
                ++stamp;
                auto ops = T::operands(p, v);
                auto inc = T::incoming_blocks(p, v);
                auto oi = adl_begin(ops);
                auto oe = adl_end(ops);
                auto ii = adl_begin(inc);
                auto ie = adl_end(inc);
                for (; oi != oe && ii != ie; ++oi, ++ii) {
                    index_t from = block_of(*ii);
                    bool is_pred = false;
                    if (from != invalid_index)
                        for (const index_t* q = graph_.pred_begin(b); q != graph_.pred_end(b) && !is_pred; ++q) is_pred = *q == from;
                    if (!is_pred) return bad(p, v, "a phi's incoming block is not a predecessor of its block: ", name_of(v), fname);
                    preds_seen_[from] = stamp;
                    value_ref op = *oi;
                    if (T::value_kind_of(p, op) == value_kind::instruction) {
                        place d = place_of(op);
                        if (d.block == invalid_index) return bad(p, v, "uses an instruction of another function: ", name_of(op), fname);
                        if (dom_.reachable(from) && !dom_.dominates(d.block, from))
                            return bad(p, v, "a phi operand's definition does not dominate its incoming edge: ", name_of(op), fname);
                    } else if (T::value_kind_of(p, op) == value_kind::parameter && !params_.find(op)) {
                        return bad(p, v, "uses a parameter of another function: ", name_of(op), fname);
                    }
                }
                if (oi != oe || ii != ie) return bad(p, v, "a phi has not as many incoming blocks as operands: ", name_of(v), fname);
                for (const index_t* q = graph_.pred_begin(b); q != graph_.pred_end(b); ++q)
                    if (dom_.reachable(*q) && preds_seen_[*q] != stamp)
                        return bad(p, v, "a phi has no incoming value for a predecessor of its block: ", name_of(v), fname);
            } else {
                phis_done = true;
                for (auto&& op : T::operands(p, v)) {
                    value_kind ok = T::value_kind_of(p, op);
                    if (ok == value_kind::instruction) {
                        place d = place_of(op);
                        if (d.block == invalid_index) return bad(p, v, "uses an instruction of another function: ", name_of(op), fname);
                        bool dominated = d.block == b ? d.order < order : dom_.dominates(d.block, b);
                        if (!dominated) return bad(p, v, "the definition of an operand does not dominate its use: ", name_of(op), fname);
                    } else if (ok == value_kind::parameter && !params_.find(op)) {
                        return bad(p, v, "uses a parameter of another function: ", name_of(op), fname);
                    }
                }
            }
            ++order;
        }
    }
    return status::success();
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_CFG_FUNCTION_SHAPE_HPP
