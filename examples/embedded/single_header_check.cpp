// examples/embedded/single_header_check.cpp - the single header alone, compiled for the Cortex-M4,
// with read + analyse + report instantiated so that the nm check (check_symbols.cmake) sees the code
// the library produces, not just declarations. Only single_include/ is on the include path.
#include <escapade/escapade.hpp>
#include <escapade/escapade.hpp>  // the include guard works

extern "C" int escapade_single_header_check(const char* text, unsigned long size, void* buffer, unsigned long capacity) {
    escapade::arena_resource arena(buffer, capacity);
    escapade::ir::module m(arena);
    escapade::ir::read_options ro;
    ro.reserve = false;
    if (!escapade::ir::read_text(std::string_view(text, size), m, ro).ok()) return 1;
    escapade::analysis_result<escapade::ir::module> r(arena);
    if (!escapade::analyze(m, r, escapade::analysis_options{}, arena).ok()) return 2;
    unsigned long lines = 0;
    bool ok = escapade::write_report(m, r, escapade::report_format::gc, true, [&](std::string_view) { return ++lines != 0; }, arena);
    return ok ? 0 : 3;
}
