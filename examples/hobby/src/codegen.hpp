// codegen.hpp - C code generation from the checked AST.
#ifndef HOBBY_CODEGEN_HPP
#define HOBBY_CODEGEN_HPP

#include <string>

#include "ast.hpp"

namespace hobby {

enum class Placement : std::uint8_t {
    verdicts,   // use the escape pass's verdicts (Expr::stack, Var::site/heap)
    all_heap,   // the analysis is off: every object and every captured variable on the heap
    all_stack   // UNSOUND, for testing the tests: every object on the stack (ASan must object)
};

/// Returns a C translation unit that includes "hobby_rt.h".
///
/// Where objects go. An allocating expression (new C{...}, new [T](n), [a, b], fun (...) {...})
/// with a stack verdict gets storage declared at the top of the innermost enclosing loop body, or
/// of the function body outside loops: per-iteration storage inside loops (escapade's stack verdict
/// guarantees no pointer to it outlives the iteration), and never block-scoped storage inside an
/// `if`, which could end before the pointer's last use. Everything else goes through rt_alloc.
///
/// Captured variables. A closure captures a variable by value when escapade reports no site for it
/// (the analysis then guarantees it is never reassigned after the capture), and by reference
/// otherwise; a variable captured by reference lives on the heap when its verdict is heap. The
/// storage of every local is hoisted like the objects' storage.
std::string generate_c(const Program& prog, Placement placement);

}  // namespace hobby

#endif  // HOBBY_CODEGEN_HPP
