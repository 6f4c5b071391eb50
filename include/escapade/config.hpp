// escapade/config.hpp - version, basic types and configuration macros.
//
// Every configuration macro has the form `#ifndef ESCAPADE_X` with a documented default and is tested
// with `#if`, never `#ifdef`. None of them changes the layout of a public type.
#ifndef ESCAPADE_CONFIG_HPP
#define ESCAPADE_CONFIG_HPP

#include <cstddef>
#include <cstdint>

#define ESCAPADE_VERSION_MAJOR 0
#define ESCAPADE_VERSION_MINOR 1
#define ESCAPADE_VERSION_PATCH 0
#define ESCAPADE_VERSION_STRING "0.1.0"

// ESCAPADE_ENABLE_ASSERTS: 1 checks internal invariants (a broken invariant calls
// escapade::detail::invariant_failed, which calls the handler installed with
// set_invariant_handler; the default handler aborts). Bad *input* never reaches an assertion: it is
// reported as a status. Default: 1 unless NDEBUG is defined.
#ifndef ESCAPADE_ENABLE_ASSERTS
#ifdef NDEBUG
#define ESCAPADE_ENABLE_ASSERTS 0
#else
#define ESCAPADE_ENABLE_ASSERTS 1
#endif
#endif

// ESCAPADE_COMPILED: 1 compiles the generic IR's entry points once instead of in every translation
// unit (docs/building.md, "The compiled mode"): ir::read_text, ir::write_text (to a line_sink), the
// members of ir::builder, analyze() of an ir::module and write_report() of its result (to a
// line_sink) are then declared only, and <escapade/escapade.hpp> includes the declarations and the
// result types alone (no engine, no reader, no report templates). Exactly one translation unit of
// the program defines ESCAPADE_IMPLEMENTATION to 1 before including <escapade/escapade.hpp> (or
// links CMake's escapade::compiled): it holds their definitions. Every translation unit of a program
// must agree on ESCAPADE_COMPILED. Default: 0 (header-only), or 1 when ESCAPADE_IMPLEMENTATION is 1.
#ifndef ESCAPADE_IMPLEMENTATION
#define ESCAPADE_IMPLEMENTATION 0
#endif
#ifndef ESCAPADE_COMPILED
#define ESCAPADE_COMPILED ESCAPADE_IMPLEMENTATION
#endif
// ESCAPADE_IR_INLINE: how the generic IR's compiled entry points are defined (internal: `inline`
// when header-only, nothing in the compiled mode). ESCAPADE_HEADER_DEFINITIONS: 1 when this
// translation unit sees the definitions (header-only, or the implementation TU), 0 when it sees the
// declarations only.
#if ESCAPADE_COMPILED
#define ESCAPADE_IR_INLINE
#else
#define ESCAPADE_IR_INLINE inline
#endif

// Features a firmware with a tight code budget can compile out (examples/embedded, docs/embedded.md
// "The firmware configuration"). Each default (1) keeps the feature. With a feature at 0, analyze()
// of a request for it returns errc::unsupported naming the macro: a compiled-out feature never
// gives a silently different verdict. tests/unit/config_compiled_out.cpp checks both.
//
// ESCAPADE_DYNAMIC_DISPATCH: 0 compiles out analysis_options::dispatch closed and context (the type
// sets, pending calls, conditions and the closed world's whole-program type flow,
// detail/engine/dispatch_*.hpp); dispatch=conservative (the default) is all that remains. Implies
// ESCAPADE_WHOLE_PROGRAM_SETS=0 unless that is defined.
#ifndef ESCAPADE_DYNAMIC_DISPATCH
#define ESCAPADE_DYNAMIC_DISPATCH 1
#endif
// ESCAPADE_PRECISE_MODEL: 0 compiles out analysis_options::model precise (points-to sets and store
// flows, detail/engine/precise.hpp); model=gc (the default) remains.
#ifndef ESCAPADE_PRECISE_MODEL
#define ESCAPADE_PRECISE_MODEL 1
#endif
// ESCAPADE_EXPLAIN: 0 compiles out analysis_options::explain (notes, explanation lines and paths,
// detail/engine/explain.hpp, paths.hpp) and analysis_options::keep_graph (the kept location graph).
#ifndef ESCAPADE_EXPLAIN
#define ESCAPADE_EXPLAIN 1
#endif

// ESCAPADE_WHOLE_PROGRAM_SETS: 0 compiles out the closed world's parameter sets from callers
// (analysis_options::caller_sets, detail/engine/dispatch_params.hpp) and memory sets
// (analysis_options::memory_rounds, dispatch_memory.hpp). Both only add precision: without them
// those options have no effect, and parameters and loads from memory keep the closed world's
// answer (every implementation). For firmware with a tight code budget (examples/embedded).
// Default: 1, or 0 when ESCAPADE_DYNAMIC_DISPATCH is 0 (the sets are closed dispatch's).
#ifndef ESCAPADE_WHOLE_PROGRAM_SETS
#define ESCAPADE_WHOLE_PROGRAM_SETS ESCAPADE_DYNAMIC_DISPATCH
#endif
#if !ESCAPADE_COMPILED || ESCAPADE_IMPLEMENTATION
#define ESCAPADE_HEADER_DEFINITIONS 1
#else
#define ESCAPADE_HEADER_DEFINITIONS 0
#endif

#include <cstdlib>

namespace escapade {

/// Dense index type used by every table in the library. 32 bits on every target, so a module can hold
/// up to 2^32-2 nodes of each kind; `invalid_index` marks "none".
using index_t = std::uint32_t;
inline constexpr index_t invalid_index = 0xFFFFFFFFu;

/// Byte sizes of IR types are 64-bit on every target (a [1<<40]byte array must be rejected or
/// reported correctly on a 32-bit Cortex-M as well).
using size64 = std::uint64_t;

namespace detail {
using invariant_handler = void (*)(const char* file, int line, const char* expr);
inline invariant_handler& invariant_handler_slot() noexcept {
    static invariant_handler handler = nullptr;
    return handler;
}
[[noreturn]] inline void invariant_failed(const char* file, int line, const char* expr) noexcept {
    if (invariant_handler h = invariant_handler_slot()) h(file, line, expr);
    std::abort();
}
}  // namespace detail

/// Installs the function called when an internal invariant is broken (a library bug, never bad input).
/// The handler must not return; if it does, the library aborts.
inline void set_invariant_handler(detail::invariant_handler h) noexcept { detail::invariant_handler_slot() = h; }

}  // namespace escapade

#if ESCAPADE_ENABLE_ASSERTS
#define ESCAPADE_ASSERT(cond) \
    ((cond) ? static_cast<void>(0) : ::escapade::detail::invariant_failed(__FILE__, __LINE__, #cond))
#else
#define ESCAPADE_ASSERT(cond) static_cast<void>(0)
#endif

#endif  // ESCAPADE_CONFIG_HPP
