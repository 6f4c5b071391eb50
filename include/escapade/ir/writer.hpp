// escapade/ir/writer.hpp - writes a module as text IR (docs/ir.md) that reads back to the same module.
//
//   ir::write_text(m, [&](std::string_view chunk) { out.append(chunk); return true; }, {true});
//
// With write_options::positions, every node's source position is written explicitly (`@L:C`, with
// `file "NAME"` directives), so reading the output gives a module equal to the input node for node,
// positions included. Without it, positions are omitted and become those of the written text.
//
// Statements and expressions are written with explicit stacks (no recursion on the IR's depth);
// type expressions recurse at most `max_type_depth` levels (deeper types are written as `?`, which
// does not read back). Complexity: O(size of the module).
//
// Layout: detail/writer.hpp declares the writer; one file per part defines it (types,
// expressions, statements, functions and the module), each including the declaration, none
// included back.
#ifndef ESCAPADE_IR_WRITER_HPP
#define ESCAPADE_IR_WRITER_HPP

#include <type_traits>

#include "../config.hpp"
#include "write_options.hpp"
// The writer: declarations only in the compiled mode, outside its implementation TU (config.hpp,
// compiled.hpp declares write_text to a line_sink there).
#if ESCAPADE_HEADER_DEFINITIONS
#include "detail/writer.hpp"
#include "detail/writer_types.hpp"
#include "detail/writer_expressions.hpp"
#include "detail/writer_statements.hpp"
#include "detail/writer_functions.hpp"

namespace escapade::ir {

/// Writes m as text IR through sink (a callable bool(std::string_view) returning false to stop).
template <class Sink>
bool write_text(const module& m, Sink&& sink, const write_options& options = {}) noexcept {
    detail::writer<std::remove_reference_t<Sink>> w(m, sink, options);
    return w.run();
}

}  // namespace escapade::ir
#endif  // ESCAPADE_HEADER_DEFINITIONS

#endif  // ESCAPADE_IR_WRITER_HPP
