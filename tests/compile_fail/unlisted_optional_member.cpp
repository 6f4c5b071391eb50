// This file must FAIL to compile: its ir_traits specialisation defines the optional member
// is_spread but does not list it in `provides` (so a misspelled name could never be told from an
// intended one). The build test (compile_fail_unlisted_optional_member) checks that the compiler
// reports exactly one error, the static_assert naming the optional member.
// EXPECT-ERROR: `provides` and the member is_spread disagree
#include "host.hpp"

template <>
struct escapade::ir_traits<cf::program> : cf::traits {
    static bool is_spread(const P&, cf::expr) { return false; }  // the mistake: not in provides
};

int main() { return cf::analyse<cf::program>(); }
