// escapade/ir/builder.hpp - the API that creates and checks generic-IR modules.
//
// Every node of a module is made here; the text reader is a client of this API. Each call checks
// its operands (types, arity, addressability) and computes the result type, so a module built
// without an error is well formed. The first error is kept (status()); after it, calls return
// invalid_index and do nothing.
//
// Order of use:
//   1. types: builtin(), pointer_to(), ..., declare_named() + define_named() for named types
//   2. globals and functions: global(), function(), param(), result(), add_method()
//   3. bodies: expressions bottom-up (operands first), then statements, then blocks from lists of
//      statement ids; set_body() attaches a block to its function
//   4. finish(): lays out every type (size, alignment, pointer-ness), computes closure captures and
//      checks what can only be checked on the whole module.
//
// Complexity: every call is O(1) amortised plus the length of the lists it copies; interning a
// type is O(length of its field list); finish() is O(size of the module).
//
// Layout: detail/builder.hpp declares ir::builder (every member with what it does); one file per
// concern defines the longer members (types, declarations, expressions, statements, the checks,
// finish), each including the declaration, none included back.
#ifndef ESCAPADE_IR_BUILDER_HPP
#define ESCAPADE_IR_BUILDER_HPP

#include "detail/builder.hpp"
// The definitions (declarations only in the compiled mode, outside its implementation TU).
#if ESCAPADE_HEADER_DEFINITIONS
#include "detail/builder_types.hpp"
#include "detail/builder_declarations.hpp"
#include "detail/builder_expressions.hpp"
#include "detail/builder_statements.hpp"
#include "detail/builder_checks.hpp"
#include "detail/builder_finish.hpp"
#endif

#endif  // ESCAPADE_IR_BUILDER_HPP
