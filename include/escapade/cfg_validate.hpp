// escapade/cfg_validate.hpp - checks that a CFG host's program meets the cfg_traits contract.
//
//     escapade::status st = escapade::validate_cfg(my_module);   // in the host's tests
//
// Reads every function with a body through cfg_traits and applies the checks the analysis relies
// on (detail/cfg/function_shape.hpp): each block listed once, successors inside the function, phis
// first, one incoming block per phi operand and every one a predecessor, a value for every
// reachable predecessor, every operand's definition dominating its use, parameters and
// instructions of the function itself. The first violation is errc::invalid_host_ir at the using
// instruction's position; ok otherwise. The analysis makes the same checks on every run; a host
// runs this in its own tests to see a mapping mistake before it meets one.
//
// Cost: linear in the program (plus the dominator fixpoint per function, detail/cfg/dominators.hpp).
#ifndef ESCAPADE_CFG_VALIDATE_HPP
#define ESCAPADE_CFG_VALIDATE_HPP

#include "cfg_traits.hpp"
#include "detail/cfg/function_shape.hpp"

namespace escapade {

/// max_instructions bounds each function (errc::limit_exceeded beyond it).
template <class Program, class Traits = cfg_traits<Program>>
status validate_cfg(const Program& program, std::size_t max_instructions = std::size_t(1) << 24,
                    memory_resource& mem = default_resource()) noexcept {
    if constexpr (check_cfg_traits<Program, Traits>()) {
        detail::cfg_function_shape<Program, Traits> shape(mem);
        for (auto&& f : Traits::functions(program)) {
            if (!Traits::has_body(program, f)) continue;
            status st = shape.build(program, f, max_instructions);
            if (!st.ok()) return st;
        }
        return status::success();
    } else {
        return status::error(errc::invalid_argument, "cfg_traits specialisation is incomplete");
    }
}

}  // namespace escapade

#endif  // ESCAPADE_CFG_VALIDATE_HPP
