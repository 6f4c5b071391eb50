// tests/compile_fail/host.hpp - a complete, correct ir_traits for the compile-fail tests to break.
//
// cf::traits satisfies every compile-time check (the static_assert below proves it), so each
// tests/compile_fail/*.cpp that derives from it and changes one thing fails for that one thing
// only. Handles are distinct tagged structs, so a range of the wrong handle type is a mistake the
// checks can see (with plain ints every range of int would fit every handle). Compile-time only:
// nothing here is ever run.
#ifndef ESCAPADE_TESTS_COMPILE_FAIL_HOST_HPP
#define ESCAPADE_TESTS_COMPILE_FAIL_HOST_HPP

#include <cstddef>
#include <string_view>
#include <vector>

#include <escapade/escapade.hpp>

namespace cf {

using escapade::index_t;
using escapade::size64;
using escapade::source_pos;

struct fn {
    int i;
};
struct var {
    int i;
};
struct stmt {
    int i;
};
struct expr {
    int i;
};
struct type {
    int i;
};

struct program {
    std::vector<fn> fns;
    std::vector<var> vars;
    std::vector<stmt> stmts;
    std::vector<expr> exprs;
};

/// Every required member and the optional has_body, listed in `provides`.
struct traits {
    using P = program;
    using function_ref = fn;
    using variable_ref = var;
    using stmt_ref = stmt;
    using expr_ref = expr;
    using type_ref = type;
    static constexpr escapade::optional_members provides = escapade::optional::has_body;
    static const std::vector<fn>& functions(const P& p) { return p.fns; }
    static std::string_view file_name(const P&, index_t) { return "x"; }
    static std::string_view function_name(const P&, fn) { return "f"; }
    static source_pos function_position(const P&, fn) { return {}; }
    static const std::vector<var>& params(const P& p, fn) { return p.vars; }
    static const std::vector<var>& results(const P& p, fn) { return p.vars; }
    static bool has_body(const P&, fn) { return true; }
    static const std::vector<stmt>& body(const P& p, fn) { return p.stmts; }
    static bool is_closure(const P&, fn) { return false; }
    static fn parent(const P&, fn) { return {}; }
    static const std::vector<var>& captures(const P& p, fn) { return p.vars; }
    static std::string_view variable_name(const P&, var) { return "v"; }
    static source_pos variable_position(const P&, var) { return {}; }
    static type variable_type(const P&, var) { return {}; }
    static escapade::var_kind variable_kind(const P&, var) { return escapade::var_kind::local; }
    static escapade::stmt_kind statement_kind(const P&, stmt) { return escapade::stmt_kind::block; }
    static source_pos statement_position(const P&, stmt) { return {}; }
    static const std::vector<stmt>& statement_children(const P& p, stmt) { return p.stmts; }
    static const std::vector<stmt>& statement_else(const P& p, stmt) { return p.stmts; }
    static const std::vector<expr>& statement_operands(const P& p, stmt) { return p.exprs; }
    static std::size_t statement_targets(const P&, stmt) { return 0; }
    static escapade::assign_form statement_form(const P&, stmt) { return escapade::assign_form::plain; }
    static var declared_variable(const P&, stmt) { return {}; }
    static escapade::expr_kind expression_kind(const P&, expr) { return escapade::expr_kind::constant; }
    static source_pos expression_position(const P&, expr) { return {}; }
    static type expression_type(const P&, expr) { return {}; }
    static const std::vector<expr>& expression_operands(const P& p, expr) { return p.exprs; }
    static var referenced_variable(const P&, expr) { return {}; }
    static fn referenced_function(const P&, expr) { return {}; }
    static std::string_view method_name(const P&, expr) { return ""; }
    static escapade::type_kind type_kind_of(const P&, type) { return escapade::type_kind::int_; }
    static size64 type_size(const P&, type) { return 8; }
    static bool type_has_pointers(const P&, type) { return false; }
    static bool type_pointer_shaped(const P&, type) { return false; }
    static type type_elem(const P&, type) { return {}; }
};

// The base is correct: any error in a test comes from what the test changed.
static_assert(escapade::is_ir_traits_v<program, traits>, "tests/compile_fail/host.hpp: cf::traits must be complete");

/// What every test does with its specialisation: analyse a program of type Program.
template <class Program>
int analyse() {
    Program p;
    escapade::analysis_result<Program> r;
    return escapade::analyze(p, r).ok() ? 0 : 1;
}

}  // namespace cf

#endif  // ESCAPADE_TESTS_COMPILE_FAIL_HOST_HPP
