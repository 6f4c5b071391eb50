// escapade/detail/engine/faults.hpp - the planted faults (testing only), in one place.
//
// analysis_options::unsound_faults selects deliberately unsound variants of the analysis so that the
// soundness oracle can prove that it catches them (tests/unit/oracle_faults.cpp; docs/soundness.md
// gives how many generated programs each takes). Each fault drops exactly one rule, at the one
// point where the engine applies it; every such point asks one of the two hooks below, so
// `grep fault_` lists them all:
//
//   fault                  where (file: function)            what is dropped
//   ignore_global_stores   assign.hpp: addr_of               a store into a global is no flow to the heap
//   ignore_pointer_stores  assign.hpp: addr_of (2 places)    *p = v, p.f = v, s[i] = v are no flow to the heap
//   ignore_returns         stmt.hpp: do_stmt (return)        returned values flow into no result
//   dynamic_args_noescape  call.hpp: summary_hole, do_call   arguments of a call without known target go nowhere
//   ignore_callee_leaks    call.hpp: summary_hole            a summarised callee's leaks to the heap
//   drop_closure_captures  batch.hpp: flow_closures          captured variables do not flow into the record
//   no_loop_depth          solve.hpp: outlives               the loop-depth rule
//   ignore_pointee_stores  precise.hpp: precise_call_stores  a callee's store flows into what an argument
//                                                            points to (model=precise) go nowhere
//   memory_ignore_address  dispatch_memory.hpp: memory_address_taken   &x.f / &global leave the memory set known
//   memory_ignore_exposure dispatch_memory.hpp: memory_expose          converted, extern, unsafe types keep fields known
//   memory_ignore_unknown  dispatch_memory.hpp: collect_memory_stores  a stored unknown set adds nothing
//   memory_ignore_literals dispatch_memory.hpp: memory_struct_element  struct literals store nothing
//   flow_unknown_results   dispatch_params.hpp: param_sets_setup       a body-less function's results hold nothing
//   flow_first_targets     dispatch_params.hpp: ps_solve               a dynamic call's result ignores targets found late
//   flow_assert_nothing    dispatch_params.hpp: ps_flow                x.(I) holds nothing
//   flow_ignore_exposure   dispatch_params.hpp: ps_expose              exposed struct types keep their fields' sets
//   flow_ignore_address    dispatch_params.hpp: param_sets_setup       &x.f / &global leave the node's set known
//   flow_ignore_entries    dispatch_params.hpp: param_sets_setup       an entry's parameters hold nothing
//   flow_ignore_closure_writes dispatch_params.hpp: param_sets_setup   a closure's assignments to what it captures are not followed
//   capture_hides_address  batch.hpp: flow_closures                    a captured variable whose address is also taken keeps its set
//
// With unsound_faults == 0 (always, outside those tests) both hooks are a test of one word.
#ifndef ESCAPADE_DETAIL_ENGINE_FAULTS_HPP
#define ESCAPADE_DETAIL_ENGINE_FAULTS_HPP

#include "engine.hpp"

namespace escapade::detail {

/// Whether the planted fault `fault` (an unsound_fault bit) is on.
template <class P, class T>
bool engine<P, T>::fault_planted(std::uint32_t fault) const noexcept {
    return (opt_.unsound_faults & fault) != 0;
}

/// The hole k of a rule, or nowhere (the blank sink) when the fault that drops that rule is on.
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::fault_drops(std::uint32_t fault, hole k) const noexcept {
    return fault_planted(fault) ? discard_hole() : k;
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_FAULTS_HPP
