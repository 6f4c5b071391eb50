// This file must FAIL to compile: its ir_traits specialisation forgets variable_name. The build
// test (tests/CMakeLists.txt, compile_fail_missing_trait_member) checks that the compiler reports
// exactly the static_assert that says what to write, and no error from inside the library.
#include <string_view>
#include <vector>

#include <escapade/escapade.hpp>

struct my_ir {
    std::vector<int> fns;
};

template <>
struct escapade::ir_traits<my_ir> {
    using P = my_ir;
    using function_ref = int;
    using variable_ref = int;
    using stmt_ref = int;
    using expr_ref = int;
    using type_ref = int;
    static constexpr escapade::optional_members provides = escapade::optional::has_body | escapade::optional::statement_label | escapade::optional::declared_closure | escapade::optional::is_spread;
    static const std::vector<int>& functions(const P& p) { return p.fns; }
    static std::string_view file_name(const P&, index_t) { return "x"; }
    static std::string_view function_name(const P&, int) { return "f"; }
    static source_pos function_position(const P&, int) { return {}; }
    static const std::vector<int>& params(const P& p, int) { return p.fns; }
    static const std::vector<int>& results(const P& p, int) { return p.fns; }
    static bool has_body(const P&, int) { return true; }
    static const std::vector<int>& body(const P& p, int) { return p.fns; }
    static bool is_closure(const P&, int) { return false; }
    static int parent(const P&, int) { return 0; }
    static const std::vector<int>& captures(const P& p, int) { return p.fns; }
    // variable_name is missing
    static source_pos variable_position(const P&, int) { return {}; }
    static int variable_type(const P&, int) { return 0; }
    static var_kind variable_kind(const P&, int) { return var_kind::local; }
    static stmt_kind statement_kind(const P&, int) { return stmt_kind::block; }
    static source_pos statement_position(const P&, int) { return {}; }
    static const std::vector<int>& statement_children(const P& p, int) { return p.fns; }
    static const std::vector<int>& statement_else(const P& p, int) { return p.fns; }
    static const std::vector<int>& statement_operands(const P& p, int) { return p.fns; }
    static std::size_t statement_targets(const P&, int) { return 0; }
    static assign_form statement_form(const P&, int) { return assign_form::plain; }
    static int declared_variable(const P&, int) { return 0; }
    static index_t statement_label(const P&, int) { return 0; }
    static int declared_closure(const P&, int) { return 0; }
    static expr_kind expression_kind(const P&, int) { return expr_kind::constant; }
    static source_pos expression_position(const P&, int) { return {}; }
    static int expression_type(const P&, int) { return 0; }
    static const std::vector<int>& expression_operands(const P& p, int) { return p.fns; }
    static int referenced_variable(const P&, int) { return 0; }
    static int referenced_function(const P&, int) { return 0; }
    static std::string_view method_name(const P&, int) { return ""; }
    static bool is_spread(const P&, int) { return false; }
    static escapade::type_kind type_kind_of(const P&, int) { return escapade::type_kind::int_; }
    static size64 type_size(const P&, int) { return 8; }
    static bool type_has_pointers(const P&, int) { return false; }
    static bool type_pointer_shaped(const P&, int) { return false; }
    static int type_elem(const P&, int) { return 0; }
};

int main() {
    my_ir p;
    escapade::analysis_result<my_ir> r;
    return escapade::analyze(p, r).ok() ? 0 : 1;
}
