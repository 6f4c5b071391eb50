// This file must FAIL to compile: its ir_traits specialisation declares statement_kind returning
// int instead of escapade::stmt_kind. The build test (compile_fail_wrong_return_type) checks that
// the compiler reports exactly one error, the static_assert naming the member and its return type.
// EXPECT-ERROR: ir_traits::statement_kind must return escapade::stmt_kind
#include "host.hpp"

template <>
struct escapade::ir_traits<cf::program> : cf::traits {
    static int statement_kind(const P&, cf::stmt) { return 0; }  // the mistake
};

int main() { return cf::analyse<cf::program>(); }
