// escapade/cfg_analysis.hpp - escape analysis for hosts whose functions are SSA control-flow graphs.
//
//     escapade::cfg_result<MyModule> result;
//     escapade::status st = escapade::analyze_cfg(module, result, options);
//     if (const auto* s = escapade::cfg_site(result, alloc_instruction)) ... s->verdict ...
//
// The same engine as analyze() (analysis.hpp: solver, summaries, results): the graph comes from
// cfg_traits (detail/engine/cfg_build.hpp says instruction by instruction what flows where, and
// docs/cfg.md why the loop depths of detail/cfg/ make a stack verdict sound for an allocation in a
// loop: one frame slot, reused by every iteration). Use model::precise: SSA initialises objects by
// stores, which model::gc sends to the heap. world::closed lets indirect calls reach the module's
// address-taken functions; dispatch does not apply (there are no interfaces).
#ifndef ESCAPADE_CFG_ANALYSIS_HPP
#define ESCAPADE_CFG_ANALYSIS_HPP

#include "analysis.hpp"
#include "cfg_traits.hpp"
#include "detail/cfg/host.hpp"

namespace escapade {

template <class Program, class Traits = cfg_traits<Program>>
using cfg_result = analysis_result<Program, detail::cfg_host<Program, Traits>>;

/// Analyses every function of `program` and fills `out` (sites keyed by allocation instruction).
template <class Program, class Traits = cfg_traits<Program>>
status analyze_cfg(const Program& program, cfg_result<Program, Traits>& out, const analysis_options& options = {},
                   memory_resource& mem = default_resource()) noexcept {
    if constexpr (check_cfg_traits<Program, Traits>()) {
        status unsupported = detail::compiled_out_request(options, true);  // config.hpp
        if (!unsupported.ok()) return unsupported;
        detail::engine<Program, detail::cfg_host<Program, Traits>> en(program, options, out, mem);
        return en.run();
    } else {
        return status::error(errc::invalid_argument, "cfg_traits specialisation is incomplete");
    }
}

/// The result for the allocation instruction `alloc`, or nullptr (not an alloc, or not analysed).
template <class Program, class Traits>
const typename cfg_result<Program, Traits>::site* cfg_site(const cfg_result<Program, Traits>& r, typename Traits::value_ref alloc) noexcept {
    return r.find_expression(typename detail::cfg_host<Program, Traits>::expr_ref{alloc});
}

}  // namespace escapade

#endif  // ESCAPADE_CFG_ANALYSIS_HPP
