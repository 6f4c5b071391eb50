// This file must FAIL to compile: its ir_traits specialisation lists the optional member
// statement_label in `provides` but defines it misspelled (statment_label), which the library
// would otherwise never call. The build test (compile_fail_misspelled_optional_member) checks that
// the compiler reports exactly one error, the static_assert naming the optional member.
// EXPECT-ERROR: `provides` and the member statement_label disagree
#include "host.hpp"

template <>
struct escapade::ir_traits<cf::program> : cf::traits {
    static constexpr escapade::optional_members provides = escapade::optional::has_body | escapade::optional::statement_label;
    static index_t statment_label(const P&, cf::stmt) { return 0; }  // the mistake
};

int main() { return cf::analyse<cf::program>(); }
