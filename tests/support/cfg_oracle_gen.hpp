// tests/support/cfg_oracle_gen.hpp - random CFG programs for the soundness oracle (cfg_oracle_vm.hpp).
//
// generate(seed) builds a cfgir::module directly: a few globals, externs (one keeping everything,
// one declaring nothing), and functions whose control-flow graphs have random forward, backward
// and cross edges (loops by back edges, nested and irreducible loops, self-loops, unreachable
// blocks). Instructions are drawn from every kind the CFG contract knows; operands are values
// whose definitions dominate the use (the library's own dominator tree over the generated graph),
// phis sit at every block with several predecessors and take, per predecessor, a value available
// at its end. So every program meets the host contract (the test checks that too). The same seed
// gives the same program on every platform (std::mt19937 and explicit arithmetic only).
//
// Test-only code.
#ifndef ESCAPADE_TESTS_SUPPORT_CFG_ORACLE_GEN_HPP
#define ESCAPADE_TESTS_SUPPORT_CFG_ORACLE_GEN_HPP

#include <random>
#include <string>
#include <vector>

#include <escapade/detail/cfg/dominators.hpp>

#include "cfg_ir.hpp"

namespace cfgoracle {

class generator {
public:
    explicit generator(std::uint32_t seed) : rng_(seed) {}

    cfgir::module generate() {
        cfgir::module m;
        m_ = &m;
        std::uint32_t nglobals = 1 + pick(2);
        for (std::uint32_t g = 0; g < nglobals; ++g) {
            cfgir::value_id v = m.add_value(escapade::value_kind::global, "g" + std::to_string(g), g, escapade::source_pos{});
            m.globals.push_back(v);
        }
        // externs: @sink keeps everything, @peek declares nothing
        add_function("sink", 1, false, false);
        add_function("peek", 1, false, true);
        std::uint32_t nfuncs = 1 + pick(4);
        for (std::uint32_t f = 0; f < nfuncs; ++f) add_function("f" + std::to_string(f), pick(3), true, false);
        // function values for indirect calls
        for (cfgir::func_id f = 0; f < m.functions.size(); ++f)
            fn_values_.push_back(m.add_value(escapade::value_kind::function, m.functions[f].name, f, escapade::source_pos{}));
        constant_ = m.add_value(escapade::value_kind::constant, "", cfgir::none, escapade::source_pos{});
        for (cfgir::func_id f = 2; f < m.functions.size(); ++f) body(f);
        // main first
        m.order.clear();
        for (cfgir::func_id f = 2; f < m.functions.size(); ++f) m.order.push_back(f);
        m.order.push_back(0);
        m.order.push_back(1);
        return m;
    }

private:
    std::uint32_t pick(std::uint32_t n) { return n == 0 ? 0 : static_cast<std::uint32_t>(rng_() % n); }
    bool chance(std::uint32_t percent) { return pick(100) < percent; }

    void add_function(const std::string& name, std::uint32_t nparams, bool body, bool declares) {
        cfgir::function f;
        f.name = name;
        f.body = body;
        f.declares = declares;
        cfgir::func_id id = static_cast<cfgir::func_id>(m_->functions.size());
        for (std::uint32_t p = 0; p < nparams; ++p)
            f.params.push_back(m_->add_value(escapade::value_kind::parameter, "p" + std::to_string(p), id, escapade::source_pos{}));
        m_->functions.push_back(f);
        m_->order.push_back(id);
    }

    cfgir::value_id add_inst(cfgir::block_id b, escapade::inst_kind k, std::vector<cfgir::value_id> ops) {
        cfgir::instruction in;
        in.kind = k;
        in.ops = std::move(ops);
        in.block = b;
        m_->insts.push_back(in);
        std::uint32_t idx = static_cast<std::uint32_t>(m_->insts.size() - 1);
        cfgir::value_id v = m_->add_value(escapade::value_kind::instruction, "v" + std::to_string(idx), idx,
                                          escapade::source_pos{0, idx + 1, 1});
        m_->blocks[b].insts.push_back(v);
        return v;
    }

    /// A value usable at the current point of block b.
    cfgir::value_id operand(const std::vector<cfgir::value_id>& avail) {
        std::uint32_t r = pick(100);
        if (r < 8 || avail.empty()) return constant_;
        if (r < 14) return m_->globals[pick(static_cast<std::uint32_t>(m_->globals.size()))];
        return avail[pick(static_cast<std::uint32_t>(avail.size()))];
    }

    void body(cfgir::func_id f) {
        std::uint32_t nblocks = 2 + pick(6);
        cfgir::function& fn = m_->functions[f];
        std::vector<cfgir::block_id> blocks;
        for (std::uint32_t k = 0; k < nblocks; ++k) {
            cfgir::block b;
            b.name = "b" + std::to_string(k);
            b.fn = f;
            m_->blocks.push_back(b);
            blocks.push_back(static_cast<cfgir::block_id>(m_->blocks.size() - 1));
        }
        m_->functions[f].blocks = blocks;
        // edges: mostly forward, some back edges, cross edges and self-loops; the last block returns
        std::vector<std::vector<std::uint32_t>> succ(nblocks);
        for (std::uint32_t k = 0; k + 1 < nblocks; ++k) {
            if (chance(85)) succ[k].push_back(k + 1);
            std::uint32_t extra = pick(3);
            for (std::uint32_t e = 0; e < extra; ++e) {
                std::uint32_t t = pick(nblocks);
                if (t == 0 && chance(70)) t = 1;  // LLVM-like hosts never branch to the entry; ours may
                succ[k].push_back(t);
            }
            if (succ[k].empty()) succ[k].push_back(nblocks - 1);
        }
        escapade::detail::block_graph g;
        g.reset(nblocks);
        for (std::uint32_t k = 0; k < nblocks; ++k)
            for (std::uint32_t t : succ[k]) (void)g.add_edge(k, t);
        (void)g.finish();
        escapade::detail::dominator_tree dom;
        (void)dom.compute(g);
        std::vector<std::vector<cfgir::value_id>> defined(nblocks);  // per block, in order
        std::vector<std::vector<cfgir::value_id>> phis(nblocks);
        // phis first (operands later), at blocks with several predecessors
        for (std::uint32_t k = 0; k < nblocks; ++k) {
            std::size_t preds = static_cast<std::size_t>(g.pred_end(k) - g.pred_begin(k));
            if (preds < 2 && !(preds == 1 && chance(20))) continue;
            std::uint32_t n = 1 + pick(2);
            for (std::uint32_t j = 0; j < n; ++j) {
                cfgir::value_id v = add_inst(blocks[k], escapade::inst_kind::phi, {});
                phis[k].push_back(v);
                defined[k].push_back(v);
            }
        }
        // instructions in reverse post-order, so dominating blocks are filled first
        std::vector<std::uint32_t> order(dom.reverse_post_order().begin(), dom.reverse_post_order().end());
        for (std::uint32_t k = 0; k < nblocks; ++k)
            if (!dom.reachable(k)) order.push_back(k);
        for (std::uint32_t k : order) {
            std::vector<cfgir::value_id> avail(fn.params.begin(), fn.params.end());
            if (dom.reachable(k))
                for (std::uint32_t d = 0; d < nblocks; ++d)
                    if (d != k && dom.dominates(d, k)) avail.insert(avail.end(), defined[d].begin(), defined[d].end());
            avail.insert(avail.end(), phis[k].begin(), phis[k].end());
            std::uint32_t n = 1 + pick(5);
            for (std::uint32_t j = 0; j < n; ++j) {
                cfgir::value_id v = instruction(blocks[k], avail);
                if (v != cfgir::none) {
                    avail.push_back(v);
                    defined[k].push_back(v);
                }
            }
            if (succ[k].empty()) {
                std::vector<cfgir::value_id> ops;
                if (chance(70)) ops.push_back(operand(avail));
                add_inst(blocks[k], escapade::inst_kind::return_, ops);
            } else {
                add_inst(blocks[k], escapade::inst_kind::branch, {});
                for (std::uint32_t t : succ[k]) m_->blocks[blocks[k]].succ.push_back(blocks[t]);
            }
        }
        // phi operands: per predecessor edge, a value available at the end of the predecessor
        for (std::uint32_t k = 0; k < nblocks; ++k)
            for (cfgir::value_id v : phis[k]) {
                cfgir::instruction& in = m_->inst(v);
                for (const escapade::index_t* p = g.pred_begin(k); p != g.pred_end(k); ++p) {
                    std::vector<cfgir::value_id> avail(fn.params.begin(), fn.params.end());
                    if (dom.reachable(*p))
                        for (std::uint32_t d = 0; d < nblocks; ++d)
                            if (dom.dominates(d, *p)) avail.insert(avail.end(), defined[d].begin(), defined[d].end());
                    in.ops.push_back(dom.reachable(*p) ? operand(avail) : constant_);
                    in.incoming.push_back(blocks[*p]);
                }
            }
    }

    cfgir::value_id instruction(cfgir::block_id b, const std::vector<cfgir::value_id>& avail) {
        using escapade::inst_kind;
        auto o = [&] { return operand(avail); };
        std::uint32_t r = pick(100);
        if (r < 22) {
            cfgir::value_id v = add_inst(b, inst_kind::alloc, {});
            m_->inst(v).size = 8u << pick(3);
            m_->inst(v).size_known = true;
            return v;
        }
        if (r < 26) return add_inst(b, inst_kind::local, {});
        if (r < 38) return add_inst(b, inst_kind::load, {o()});
        if (r < 54) {
            add_inst(b, inst_kind::store, {o(), o()});
            return cfgir::none;
        }
        if (r < 58) return add_inst(b, inst_kind::address, {o()});
        if (r < 61) return add_inst(b, inst_kind::cast, {o()});
        if (r < 64) return add_inst(b, inst_kind::select, {o(), o(), o()});
        if (r < 67) return add_inst(b, inst_kind::aggregate, {o(), o()});
        if (r < 69) return add_inst(b, inst_kind::to_integer, {o()});
        if (r < 71) return add_inst(b, inst_kind::from_integer, {o()});
        if (r < 73) {
            add_inst(b, inst_kind::copy_memory, {o(), o()});
            return cfgir::none;
        }
        if (r < 75) return add_inst(b, inst_kind::exchange, {o(), o()});
        if (r < 77) return add_inst(b, inst_kind::opaque, {o()});
        if (r < 79) {
            // an indirect call through a function value stored in a global (a function of one
            // parameter: calling with another arity is undefined in real hosts)
            std::vector<cfgir::func_id> unary;
            for (cfgir::func_id f = 0; f < m_->functions.size(); ++f)
                if (m_->functions[f].params.size() == 1) unary.push_back(f);
            cfgir::value_id g = m_->globals[pick(static_cast<std::uint32_t>(m_->globals.size()))];
            add_inst(b, inst_kind::store, {fn_values_[unary[pick(static_cast<std::uint32_t>(unary.size()))]], g});
            cfgir::value_id fp = add_inst(b, inst_kind::load, {g});
            return add_inst(b, inst_kind::call_indirect, {fp, o()});
        }
        // a static call
        cfgir::func_id callee = pick(static_cast<std::uint32_t>(m_->functions.size()));
        std::vector<cfgir::value_id> args;
        for (std::size_t k = 0; k < m_->functions[callee].params.size(); ++k) args.push_back(o());
        cfgir::value_id v = add_inst(b, inst_kind::call, args);
        m_->inst(v).callee = callee;
        return v;
    }

    std::mt19937 rng_;
    cfgir::module* m_ = nullptr;
    std::vector<cfgir::value_id> fn_values_;
    cfgir::value_id constant_ = cfgir::none;
};

inline cfgir::module generate(std::uint32_t seed) { return generator(seed).generate(); }

}  // namespace cfgoracle

#endif  // ESCAPADE_TESTS_SUPPORT_CFG_ORACLE_GEN_HPP
