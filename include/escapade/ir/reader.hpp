// escapade/ir/reader.hpp - reads the text form of the generic IR (docs/ir.md) into a module.
//
//   ir::module m(resource);
//   escapade::status st = ir::read_text(text, m, {"prog.ir"});
//   if (!st.ok()) { st.format(buf, sizeof buf); ... }   // "prog.ir:12:7: error: unknown name 'q'"
//
// Errors name the IR file, line and column of the offending token; the first error stops reading.
// Any byte sequence is accepted as input (binary garbage gets an error, never a crash).
//
// Passes: (1) scan top-level declarations, skipping bodies; (2) define named types, globals and
// function signatures, so declarations may appear in any order; (3) parse bodies in source order.
// Statements nest through an explicit block stack and expressions through an explicit frame stack,
// so nesting depth costs heap memory, not native stack. Type expressions are parsed recursively,
// limited to read_options::max_type_nesting levels. Complexity: O(input size) plus O(1) expected
// per name lookup (hash-mapped scopes).
#ifndef ESCAPADE_IR_READER_HPP
#define ESCAPADE_IR_READER_HPP

#include "read_options.hpp"

namespace escapade::ir {

/// Parses `text` into `out` (which should be empty). Returns ok or the first error.
status read_text(std::string_view text, module& out, const read_options& options = {}) noexcept;

}  // namespace escapade::ir

// The reader (detail/reader.hpp declares it), one file per pass; declarations only in the compiled
// mode, outside its implementation TU (config.hpp).
#if ESCAPADE_HEADER_DEFINITIONS
#include "detail/reader.hpp"
#include "detail/reader_declarations.hpp"
#include "detail/reader_types.hpp"
#include "detail/reader_calls.hpp"
#include "detail/reader_expressions.hpp"
#include "detail/reader_statements.hpp"
#include "detail/reader_run.hpp"
#endif

#endif  // ESCAPADE_IR_READER_HPP
