// examples/llvm/decide.hpp - the allocation sites of an LLVM module and escapade's verdict on each.
//
// decide() lists every call of a configured allocation function (in function and block order),
// reads each function's shape through escapade's CFG path (cfg_traits over LLVM, the library's
// own dominators and loop forest, and the host-contract checks of detail/cfg/function_shape.hpp:
// an IR that breaks them is an error, never a verdict), and gives each site a verdict.
//
// The verdicts come from escapade::analyze_cfg (cfg_analysis.hpp: the engine's CFG builder, model
// precise, the world the user declares). A copy of escapade older than the CFG builder has no
// cfg_analysis.hpp: every site then gets `heap` with the reason "not analysed".
#ifndef ESCAPADE_EXAMPLES_LLVM_DECIDE_HPP
#define ESCAPADE_EXAMPLES_LLVM_DECIDE_HPP

#include <string>
#include <vector>

#include <escapade/detail/cfg/function_shape.hpp>
#if __has_include(<escapade/cfg_analysis.hpp>)
#include <escapade/cfg_analysis.hpp>
#define ESCAPADE_LLVM_HAS_ENGINE 1
#else
#define ESCAPADE_LLVM_HAS_ENGINE 0
#endif

#include "escapade_llvm.hpp"

namespace escapade_llvm {

struct decide_options {
    bool closed_world = false;
    std::uint64_t max_size = 1024;
    std::uint64_t batch_work_limit = 0;  ///< edge relaxations per call-graph SCC batch; 0 = unlimited
};

struct site {
    llvm::CallBase* call = nullptr;
    const alloc_spec* spec = nullptr;
    std::uint64_t size = 0;
    bool size_known = false;
    bool in_loop = false;
    bool stack = false;
    bool planted = false;
    std::string reason;  ///< why it stays on the heap
};

struct decide_status {
    bool ok = true;
    std::string message;
    std::size_t instructions = 0;
};

inline decide_status decide(const module_view& view, const decide_options& opt, std::vector<site>& out) {
    using traits = escapade::cfg_traits<module_view>;
    decide_status st;
#if ESCAPADE_LLVM_HAS_ENGINE
    escapade::analysis_options aopt;
    aopt.model = escapade::model::precise;
    aopt.world = opt.closed_world ? escapade::world::closed : escapade::world::open;
    aopt.max_implicit_stack_size = opt.max_size;
    aopt.batch_work_limit = opt.batch_work_limit;  // over it, the batch's sites are `heap` (reason budget)
    escapade::cfg_result<module_view> result;
    escapade::status as = escapade::analyze_cfg(view, result, aopt);
    if (!as.ok()) {
        st.ok = false;
        st.message = std::string(as.message()) + " (line " + std::to_string(as.line()) + ")";
        return st;
    }
#endif
    escapade::detail::cfg_function_shape<module_view, traits> shape;
    for (const llvm::Function& f : view.module()) {
        if (f.isDeclaration()) continue;
        escapade::status s = shape.build(view, &f, std::size_t(1) << 26);
        if (!s.ok()) {
            st.ok = false;
            st.message = std::string(s.message()) + " (line " + std::to_string(s.line()) + ")";
            return st;
        }
        st.instructions += shape.instruction_count();
        for (const llvm::BasicBlock& b : f)
            for (const llvm::Instruction& i : b) {
                const auto* call = llvm::dyn_cast<llvm::CallBase>(&i);
                if (call == nullptr) continue;
                const alloc_spec* spec = view.alloc_of(call);
                if (spec == nullptr) continue;
                site x;
                x.call = const_cast<llvm::CallBase*>(call);
                x.spec = spec;
                x.size_known = view.constant_size(call, &x.size);
                escapade::index_t blk = shape.block_of(&b);
                x.in_loop = shape.reachable(blk) && shape.loops().depth(blk) > 1;
#if ESCAPADE_LLVM_HAS_ENGINE
                const auto* r = escapade::cfg_site(result, call);
                if (r == nullptr) {
                    x.reason = "not reached by the analysis (unreachable block)";
                } else if (r->verdict == escapade::verdict::stack) {
                    x.stack = true;
                } else {
                    x.reason = escapade::to_string(r->reason);
                    if (r->reason == escapade::reason::too_large) x.reason += " (limit " + std::to_string(opt.max_size) + " bytes)";
                    if (!r->callee.empty()) x.reason += std::string(" by ") + std::string(r->callee);
                }
#else
                if (!x.size_known) x.reason = "non-constant size";
                else if (x.size > opt.max_size) x.reason = "too large for stack (limit " + std::to_string(opt.max_size) + " bytes)";
                else x.reason = "not analysed (the engine's CFG builder is not in this build)";
#endif
                out.push_back(std::move(x));
            }
    }
    return st;
}

}  // namespace escapade_llvm

#endif  // ESCAPADE_EXAMPLES_LLVM_DECIDE_HPP
