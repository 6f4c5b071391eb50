// escape_stub.cpp - the escape pass of a build without escapade (HOBBY_WITH_ESCAPADE=OFF). It exists
// to measure what including escapade costs the compiler; every object then goes to the heap.
#include "escape.hpp"

namespace hobby {

EscapeResult analyze_escapes(Program&, bool) {
    EscapeResult out;
    out.error = "this hobbyc was built without escapade (HOBBY_WITH_ESCAPADE=OFF)";
    return out;
}

}  // namespace hobby
