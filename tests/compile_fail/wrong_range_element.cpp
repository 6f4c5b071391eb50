// This file must FAIL to compile: its ir_traits specialisation's body returns a range of expr_ref
// where a range of stmt_ref is required. The build test (compile_fail_wrong_range_element) checks
// that the compiler reports exactly one error, the static_assert naming the member and the
// element type it must range over.
// EXPECT-ERROR: ir_traits::body must return a forward range of stmt_ref
#include "host.hpp"

template <>
struct escapade::ir_traits<cf::program> : cf::traits {
    static const std::vector<cf::expr>& body(const P& p, cf::fn) { return p.exprs; }  // the mistake
};

int main() { return cf::analyse<cf::program>(); }
