// tests/support/oracle_vm.hpp - the soundness oracle's interpreter for the generic IR and its
// lifetime checker (docs/soundness.md).
//
// The interpreter compiles each function of an ir::module into a small stack bytecode (an
// explicit work stack, no recursion over the IR) and runs it on an explicit frame stack (no native
// recursion per call). Memory is concrete: objects made of slots (one slot per scalar, pointer,
// slice, string, interface, function value, map or channel word; structs and arrays flattened),
// pointers are (object, slot offset), slices (backing object, offset, len, cap), interface values
// (dynamic type, pointer-shaped payload or box object), function values (static function, closure
// record or method-value record). Conditions and loop trip counts come from a seeded RNG; any path
// is a valid execution for a path-insensitive analysis.
//
// The checker implements the design notes' definition of a sound `stack` verdict: when a frame
// returns, every object it allocated at a `stack` site must be unreachable from the live roots
// (globals, other frames' variables and temporaries, deferred and pending calls, heap objects
// reachable from them, the values being returned); when a loop iteration ends, the same for the
// objects allocated in that iteration (variables declared in the body die with it). A variable is
// an object; one that the analysis did not report as a site is implicitly `stack`. A closure
// captures a variable by reference when it is a site and by value otherwise; a by-value captured
// variable that is written after the capture is reported too (the host could not have captured it
// by value).
//
// Layout, one concern per file, each including what it needs and none included back:
//   oracle_bytecode.hpp      slots per type, the bytecode
//   oracle_compiler.hpp      the compiler's declaration and driver; compile()
//   oracle_compile_stmt.hpp  statements to bytecode
//   oracle_compile_expr.hpp  expressions to bytecode
//   oracle_machine.hpp       values, objects, the vm's declaration
//   oracle_vm_memory.hpp     objects, memory, entry arguments, interfaces
//   oracle_vm_calls.hpp      calls and captures
//   oracle_checker.hpp       the lifetime checker
//   oracle_vm_loop.hpp       the main loop
//   oracle_vm_ops.hpp        the larger instructions (assignments, slices, append, maps, ranges)
//
// Test-only code: not part of the library. Works with -fno-exceptions -fno-rtti.
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_VM_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_VM_HPP

#include "oracle_bytecode.hpp"
#include "oracle_compiler.hpp"
#include "oracle_compile_stmt.hpp"
#include "oracle_compile_expr.hpp"
#include "oracle_machine.hpp"
#include "oracle_vm_memory.hpp"
#include "oracle_vm_calls.hpp"
#include "oracle_checker.hpp"
#include "oracle_vm_loop.hpp"
#include "oracle_vm_ops.hpp"

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_VM_HPP
