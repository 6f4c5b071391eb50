// escapade/compiled.hpp - the generic IR's entry points of the compiled mode (config.hpp's
// ESCAPADE_COMPILED), declared for every translation unit and defined in the one that sets
// ESCAPADE_IMPLEMENTATION. Empty when header-only (the templates serve every call there).
//
//   // every TU (e.g. -DESCAPADE_COMPILED=1 on the whole program)
//   #include <escapade/escapade.hpp>
//   escapade::ir::module m;
//   escapade::status st = escapade::ir::read_text(text, m, {"prog.ir"});
//   escapade::analysis_result<escapade::ir::module> res;
//   if (st.ok()) st = escapade::analyze(m, res, escapade::analysis_options{});
//   escapade::write_report(m, res, escapade::report_format::text, false, [](std::string_view l) { ...; return true; });
//
//   // exactly one TU of the program (or CMake's escapade::compiled target)
//   #define ESCAPADE_IMPLEMENTATION 1
//   #include <escapade/escapade.hpp>
//
// Declared here: analyze() of an ir::module (the analysis template instantiated once, in the
// implementation TU), write_report() of its result to a line_sink, ir::write_text() to a
// line_sink. ir::read_text and ir::builder's members are declared by ir/reader.hpp and
// ir/builder.hpp, whose definitions the compiled mode also keeps to the implementation TU. Each
// definition only forwards to the header-only code, so the results are the same in both modes.
#ifndef ESCAPADE_COMPILED_HPP
#define ESCAPADE_COMPILED_HPP

#include "config.hpp"

#if ESCAPADE_COMPILED

#include "ir/module.hpp"
#include "ir/traits.hpp"
#include "ir/write_options.hpp"
#include "line_sink.hpp"
#include "memory.hpp"
#include "report_format.hpp"
#include "results.hpp"
#include "status.hpp"

namespace escapade {

/// analyze() (analysis.hpp) of the generic IR.
status analyze(const ir::module& program, analysis_result<ir::module>& out, const analysis_options& options = {},
               memory_resource& mem = default_resource()) noexcept;

/// write_report() (report.hpp) of the generic IR's result.
bool write_report(const ir::module& program, const analysis_result<ir::module>& r, report_format fmt, bool explain,
                  line_sink sink, memory_resource& mem = default_resource()) noexcept;

namespace ir {
/// write_text() (ir/writer.hpp) to a line_sink.
bool write_text(const module& m, line_sink sink, const write_options& options = {}) noexcept;
}  // namespace ir

}  // namespace escapade

#if ESCAPADE_IMPLEMENTATION
#include "analysis.hpp"
#include "ir/writer.hpp"
#include "report.hpp"

namespace escapade {

status analyze(const ir::module& program, analysis_result<ir::module>& out, const analysis_options& options,
               memory_resource& mem) noexcept {
    return analyze<ir::module, ir_traits<ir::module>>(program, out, options, mem);
}

bool write_report(const ir::module& program, const analysis_result<ir::module>& r, report_format fmt, bool explain,
                  line_sink sink, memory_resource& mem) noexcept {
    return write_report<ir::module, ir_traits<ir::module>>(program, r, fmt, explain, sink, mem);
}

bool ir::write_text(const module& m, line_sink sink, const write_options& options) noexcept {
    return write_text<line_sink&>(m, sink, options);
}

}  // namespace escapade
#endif  // ESCAPADE_IMPLEMENTATION

#endif  // ESCAPADE_COMPILED

#endif  // ESCAPADE_COMPILED_HPP
