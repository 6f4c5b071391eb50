// tests/firmware_config/compiled_out.cpp - the firmware configuration on the host: the library
// compiled with ESCAPADE_DYNAMIC_DISPATCH=0, ESCAPADE_PRECISE_MODEL=0 and ESCAPADE_EXPLAIN=0
// (config.hpp, the macros examples/embedded builds its firmware with).
//
//   escapade_compiled_out FILE.ir...
// Prints the text report of each file analysed with the default options, exactly the lines
// `escapade --format=text FILE...` prints (compiled_out.cmake compares the two), then checks on the
// first file that every compiled-out request (dispatch closed and context, model precise, explain,
// keep_graph) makes analyze() fail with errc::unsupported naming its macro, and that the
// options this build keeps (conservative dispatch, model gc, either world) still succeed. Writes
// what failed to stderr and exits with 1.
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include <escapade/escapade.hpp>

#if ESCAPADE_DYNAMIC_DISPATCH || ESCAPADE_PRECISE_MODEL || ESCAPADE_EXPLAIN || ESCAPADE_WHOLE_PROGRAM_SETS
#error "compiled_out.cpp must be built with the firmware configuration (tests/firmware_config/CMakeLists.txt)"
#endif

namespace {

bool read_file(const char* path, std::vector<char>& text) {
    std::FILE* f = std::fopen(path, "rb");
    if (!f) return false;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.insert(text.end(), buf, buf + n);
    std::fclose(f);
    return true;
}

int failures = 0;

void fail(const char* what, const char* detail) {
    std::fprintf(stderr, "FAILED: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    ++failures;
}

/// analyze() with `o` must refuse with errc::unsupported and a message naming `macro`.
void expect_refused(const escapade::ir::module& m, const escapade::analysis_options& o, const char* what, const char* macro) {
    escapade::analysis_result<escapade::ir::module> r;
    escapade::status st = escapade::analyze(m, r, o);
    if (st.ok()) return fail(what, "analyze() succeeded although the feature is compiled out");
    if (st.code() != escapade::errc::unsupported) return fail(what, "the status is not errc::unsupported");
    if (std::strstr(st.message(), macro) == nullptr) return fail(what, st.message());
}

void expect_ok(const escapade::ir::module& m, const escapade::analysis_options& o, const char* what) {
    escapade::analysis_result<escapade::ir::module> r;
    escapade::status st = escapade::analyze(m, r, o);
    if (!st.ok()) fail(what, st.message());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: escapade_compiled_out FILE.ir...\n");
        return 2;
    }
    for (int i = 1; i < argc; ++i) {
        std::vector<char> text;
        if (!read_file(argv[i], text)) {
            fail("cannot read", argv[i]);
            continue;
        }
        escapade::ir::module m;
        escapade::ir::read_options ro;
        ro.file_name = argv[i];
        escapade::status st = escapade::ir::read_text(std::string_view(text.data(), text.size()), m, ro);
        escapade::analysis_result<escapade::ir::module> r;
        if (st.ok()) st = escapade::analyze(m, r);
        if (!st.ok()) {
            char msg[512];
            fail(argv[i], st.format(msg, sizeof msg));
            continue;
        }
        escapade::write_report(m, r, escapade::report_format::text, false, [](std::string_view line) {
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fputc('\n', stdout);
            return true;
        });
    }
    std::vector<char> text;
    escapade::ir::module first;
    escapade::ir::read_options ro;
    ro.file_name = argv[1];
    if (!read_file(argv[1], text) || !escapade::ir::read_text(std::string_view(text.data(), text.size()), first, ro).ok()) {
        fail("cannot read", argv[1]);
        return 1;
    }
    escapade::analysis_options o;
    o.dispatch = escapade::dispatch::closed;
    expect_refused(first, o, "dispatch=closed", "ESCAPADE_DYNAMIC_DISPATCH");
    o.world = escapade::world::closed;
    expect_refused(first, o, "dispatch=closed, world=closed", "ESCAPADE_DYNAMIC_DISPATCH");
    o = {};
    o.dispatch = escapade::dispatch::context;
    expect_refused(first, o, "dispatch=context", "ESCAPADE_DYNAMIC_DISPATCH");
    o = {};
    o.model = escapade::model::precise;
    expect_refused(first, o, "model=precise", "ESCAPADE_PRECISE_MODEL");
    o = {};
    o.explain = true;
    expect_refused(first, o, "explain", "ESCAPADE_EXPLAIN");
    o = {};
    o.keep_graph = true;
    expect_refused(first, o, "keep_graph", "ESCAPADE_EXPLAIN");
    o = {};
    expect_ok(first, o, "the default options");
    o.world = escapade::world::closed;  // read by closed and context dispatch only: no effect here
    expect_ok(first, o, "world=closed with conservative dispatch");
    std::fflush(stdout);
    return failures == 0 ? 0 : 1;
}
