// This file must FAIL to compile: ir_traits is specialised for cf::program, but analyze() is given
// a class derived from it (a specialisation is looked up for exactly the type given, never for a
// base class). The build test (compile_fail_wrong_program_type) checks that the compiler reports
// exactly one error, the static_assert saying which type to specialise for.
// EXPECT-ERROR: escapade::ir_traits is not specialised for the program type analyze.. was given
#include "host.hpp"

template <>
struct escapade::ir_traits<cf::program> : cf::traits {};

struct my_program : cf::program {};  // the mistake: analysed as my_program

int main() { return cf::analyse<my_program>(); }
