// escapade/escapade.hpp - umbrella header: every public header of the library.
//
// escapade decides, for every allocation of a program in a garbage-collected language, whether it
// may live on the stack. Start with analysis.hpp (the algorithm), traits.hpp (how a host compiler
// describes its IR), cfg_traits.hpp and cfg_analysis.hpp (the same for hosts whose functions are SSA
// control-flow graphs) and ir/module.hpp (escapade's own generic IR). With ESCAPADE_COMPILED=1
// (config.hpp, compiled.hpp) it includes only what a user of the generic IR needs: the results, the
// module and the declarations of the compiled entry points.
#ifndef ESCAPADE_ESCAPADE_HPP
#define ESCAPADE_ESCAPADE_HPP

#include "config.hpp"
#include "status.hpp"
#include "memory.hpp"
#include "kinds.hpp"
#include "lattice.hpp"
#include "traits.hpp"
#include "adapt.hpp"
#include "results.hpp"
#include "report_format.hpp"
#include "line_sink.hpp"
#include "ir/module.hpp"
#include "ir/builder.hpp"
#include "ir/reader.hpp"
#include "ir/writer.hpp"
#include "ir/traits.hpp"

// The rest: not in the compiled mode's declaration-only translation units (config.hpp).
#if ESCAPADE_HEADER_DEFINITIONS
#include "graph.hpp"
#include "solve.hpp"
#include "scc.hpp"
#include "cfg_kinds.hpp"
#include "cfg_traits.hpp"
#include "cfg_validate.hpp"
#include "cfg_analysis.hpp"
#include "scope.hpp"
#include "analysis.hpp"
#include "report.hpp"
#include "report_json.hpp"
#include "report_sarif.hpp"
#include "report_dot.hpp"
#endif

// The compiled mode's entry points for the generic IR (empty when header-only).
#include "compiled.hpp"

#endif  // ESCAPADE_ESCAPADE_HPP
