// bench/include-cost/include_only.cpp - the include cost alone: a translation unit that includes
// the single header and uses nothing of it. tools/bench-table --include-cost times its compilation
// (-fsyntax-only and -c). Not built by CMake (bench/CMakeLists.txt globs bench/*.cpp only).
#include <escapade/escapade.hpp>

int main() { return 0; }
