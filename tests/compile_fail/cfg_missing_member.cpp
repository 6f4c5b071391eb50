// This file must FAIL to compile: its cfg_traits specialisation forgets successors. The build test
// (compile_fail_cfg_missing_member) checks that the compiler reports exactly the static_assert that
// says what to write, and no error from inside the library.
// EXPECT-ERROR: successors
#include <string_view>
#include <vector>

#include <escapade/cfg_validate.hpp>

struct my_cfg {
    std::vector<int> items;
};

template <>
struct escapade::cfg_traits<my_cfg> {
    using P = my_cfg;
    using function_ref = int;
    using block_ref = int;
    using value_ref = int;
    static const std::vector<int>& functions(const P& p) { return p.items; }
    static std::string_view file_name(const P&, index_t) { return "x"; }
    static std::string_view function_name(const P&, int) { return "f"; }
    static source_pos function_position(const P&, int) { return {}; }
    static bool has_body(const P&, int) { return true; }
    static const std::vector<int>& params(const P& p, int) { return p.items; }
    static const std::vector<int>& blocks(const P& p, int) { return p.items; }
    static const std::vector<int>& instructions(const P& p, int) { return p.items; }
    // successors is missing
    static value_kind value_kind_of(const P&, int) { return value_kind::instruction; }
    static inst_kind instruction_kind(const P&, int) { return inst_kind::opaque; }
    static const std::vector<int>& operands(const P& p, int) { return p.items; }
    static source_pos instruction_position(const P&, int) { return {}; }
    static const std::vector<int>& incoming_blocks(const P& p, int) { return p.items; }
    static int callee(const P&, int) { return 0; }
    static int value_function(const P&, int) { return 0; }
    static bool allocation_size(const P&, int, size64*) { return false; }
};

int main() {
    my_cfg p;
    return escapade::validate_cfg(p).ok() ? 0 : 1;
}
