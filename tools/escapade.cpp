// escapade - the command-line tool: reads text IR and prints escape verdicts.
//
//   escapade [--model=gc|precise] [--dispatch=conservative|closed|context] [--world=open|closed] [--caller-sets] [--memory-rounds=N]
//            [--format=text|gc|json|sarif|dot] [--sarif-root=DIR] [--html=DIR [--compare=MODEL,DISPATCH[,WORLD]]]
//            [--dot-function=NAME]... [--explain] [--explain-paths=N] [--budget=N] [--stats] FILE...
//
// Each FILE is a module analysed on its own. --world=closed says it is a whole program (every
// implementation and function value is in it; --caller-sets: every call too, but those of the
// entry points no code of the module calls; --memory-rounds=N: rounds of the memory sets, 0 = the
// type flow's sets of fields and globals in one solve, docs/dispatch.md); the default, open, treats it as a library
// (dynamic calls whose targets the module does not determine send their operands to the heap).
// Output: text and gc print one line per allocation site and per parameter, sorted by position (see
// escapade/report.hpp for both formats); json prints one document with every file's results
// (escapade/report_json.hpp, docs/report.schema.json); sarif prints a SARIF 2.1.0 log whose results
// are the heap sites (escapade/report_sarif.hpp) with their explanations as code flows (sarif implies
// --explain), with URIs relative to --sarif-root (default: the working directory); dot prints each file's location graph as a Graphviz digraph
// (escapade/report_dot.hpp), of the functions --dot-function names (all without one), with the
// paths of heap sites highlighted. --explain-paths=N: up to N explanation paths per heap site in
// json and sarif (implies --explain). --html=DIR writes instead a static HTML report (tools/report_html_write.hpp)
// comparing the mode the options select (B) with --compare (A; default gc,conservative, in B's
// world unless --compare names one), site by site. Exit status: 0 on success, 1 when
// a file cannot be read or analysed (a one-line error naming file, line and column on stderr),
// 2 on bad usage.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <escapade/escapade.hpp>
#include <escapade/report_dot.hpp>
#include <escapade/report_json.hpp>
#include <escapade/report_sarif.hpp>

#include "report_html_write.hpp"

namespace {

const char* const usage =
    "usage: escapade [--model=gc|precise] [--dispatch=conservative|closed|context] [--world=open|closed] [--caller-sets] [--memory-rounds=N]\n"
    "                [--format=text|gc|json|sarif|dot] [--sarif-root=DIR] [--html=DIR [--compare=MODEL,DISPATCH[,WORLD]]]\n"
    "                [--dot-function=NAME]... [--explain] [--explain-paths=N] [--budget=N] [--stats] FILE...\n"
    "Reads escapade text IR (docs/ir.md) and prints, per allocation site, stack or heap with the reason,\n"
    "and per parameter its escape summary.\n";

bool read_file(const char* path, std::string& out) {
    std::FILE* f = std::fopen(path, "rb");
    if (f == nullptr) return false;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    bool ok = !std::ferror(f);
    std::fclose(f);
    return ok;
}

bool starts_with(const char* s, const char* prefix) { return std::strncmp(s, prefix, std::strlen(prefix)) == 0; }

// The HTML report's title: the one file, or the directory all files share, or how many there are.
std::string html_title(const std::vector<const char*>& files) {
    if (files.size() == 1) return files[0];
    std::string dir = escapade_html::detail::package_of(files[0]);
    for (const char* f : files)
        if (escapade_html::detail::package_of(f) != dir) return std::to_string(files.size()) + " programs";
    return dir + " (" + std::to_string(files.size()) + " programs)";
}

std::string current_directory() {
    char buf[4096];
    return getcwd(buf, sizeof buf) != nullptr ? std::string(buf) : std::string("/");
}

}  // namespace

enum class output { text, gc, json, sarif, dot };

// --dot-function: the functions whose location graphs to draw.
bool keep_named(std::string_view name, void* context) {
    for (const std::string& n : *static_cast<std::vector<std::string>*>(context))
        if (n == name) return true;
    return false;
}

int main(int argc, char** argv) {
    escapade::analysis_options options;
    output format = output::text;
    bool explain = false;
    bool stats = false;
    std::string sarif_root, html_dir;
    escapade::analysis_options baseline;  // --html: mode A (gc, conservative unless --compare)
    bool baseline_world = false;          // --compare named the world (else: the analysed mode's)
    std::vector<const char*> files;
    std::vector<std::string> dot_functions;
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (std::strcmp(a, "--help") == 0 || std::strcmp(a, "-h") == 0) {
            std::fputs(usage, stdout);
            return 0;
        } else if (std::strcmp(a, "--model=gc") == 0) {
            options.model = escapade::model::gc;
        } else if (std::strcmp(a, "--model=precise") == 0) {
            options.model = escapade::model::precise;
        } else if (std::strcmp(a, "--dispatch=conservative") == 0) {
            options.dispatch = escapade::dispatch::conservative;
        } else if (std::strcmp(a, "--dispatch=closed") == 0) {
            options.dispatch = escapade::dispatch::closed;
        } else if (std::strcmp(a, "--dispatch=context") == 0) {
            options.dispatch = escapade::dispatch::context;
        } else if (std::strcmp(a, "--world=open") == 0) {
            options.world = escapade::world::open;
        } else if (std::strcmp(a, "--world=closed") == 0) {
            options.world = escapade::world::closed;
        } else if (std::strcmp(a, "--caller-sets") == 0) {
            options.caller_sets = true;
        } else if (starts_with(a, "--memory-rounds=")) {
            options.memory_rounds = static_cast<unsigned>(std::strtoul(a + 16, nullptr, 10));
        } else if (std::strcmp(a, "--format=text") == 0) {
            format = output::text;
        } else if (std::strcmp(a, "--format=gc") == 0) {
            format = output::gc;
        } else if (std::strcmp(a, "--format=json") == 0) {
            format = output::json;
        } else if (std::strcmp(a, "--format=sarif") == 0) {
            format = output::sarif;
        } else if (std::strcmp(a, "--format=dot") == 0) {
            format = output::dot;
        } else if (starts_with(a, "--dot-function=")) {
            dot_functions.emplace_back(a + 15);
        } else if (starts_with(a, "--explain-paths=")) {
            char* end = nullptr;
            unsigned long v = std::strtoul(a + 16, &end, 10);
            if (end == a + 16 || *end != '\0' || v == 0 || v > 1000) {
                std::fprintf(stderr, "escapade: bad --explain-paths value '%s' (1 to 1000)\n", a + 16);
                return 2;
            }
            options.explain_paths = static_cast<std::uint32_t>(v);
            explain = true;
        } else if (starts_with(a, "--sarif-root=")) {
            sarif_root = a + 13;
        } else if (starts_with(a, "--html=")) {
            html_dir = a + 7;
        } else if (starts_with(a, "--compare=")) {
            if (!escapade_html::parse_mode(a + 10, baseline, &baseline_world)) {
                std::fprintf(stderr, "escapade: bad --compare value '%s' (MODEL,DISPATCH[,WORLD], e.g. gc,conservative)\n", a + 10);
                return 2;
            }
        } else if (std::strcmp(a, "--explain") == 0) {
            explain = true;
        } else if (std::strcmp(a, "--stats") == 0) {
            stats = true;
        } else if (starts_with(a, "--budget=")) {
            char* end = nullptr;
            unsigned long long v = std::strtoull(a + 9, &end, 10);
            if (end == a + 9 || *end != '\0') {
                std::fprintf(stderr, "escapade: bad --budget value '%s'\n", a + 9);
                return 2;
            }
            options.batch_work_limit = v;
        } else if (a[0] == '-' && a[1] != '\0') {
            std::fprintf(stderr, "escapade: unknown option '%s'\n%s", a, usage);
            return 2;
        } else {
            files.push_back(a);
        }
    }
    if (files.empty()) {
        std::fputs(usage, stderr);
        return 2;
    }
    // SARIF's code flows, dot's highlighted chains and the HTML report's paths need explanations.
    options.explain = explain || !html_dir.empty() || format == output::dot || format == output::sarif;
    options.keep_graph = format == output::dot && html_dir.empty();
    baseline.explain = true;
    baseline.batch_work_limit = options.batch_work_limit;
    if (!baseline_world) baseline.world = options.world;
    escapade_html::report_data html;
    int status = 0;
    auto to_stdout = [](std::string_view piece) { return std::fwrite(piece.data(), 1, piece.size(), stdout) == piece.size(); };
    escapade::json_report<decltype(to_stdout)> json(to_stdout);
    if (format == output::json) json.begin("escapade");
    // SARIF: file names are relative to the working directory; those under --sarif-root (default:
    // the working directory) get URIs relative to SRCROOT.
    std::string cwd = current_directory();
    if (sarif_root.empty()) sarif_root = cwd;
    else if (sarif_root[0] != '/') sarif_root = cwd + "/" + sarif_root;
    escapade::sarif_options so;
    so.root = sarif_root;
    so.base = cwd;
    escapade::sarif_report<decltype(to_stdout)> sarif(to_stdout, so);
    if (format == output::sarif) sarif.begin();
    char msg[512];
    for (const char* path : files) {
        std::string text;
        if (!read_file(path, text)) {
            std::fprintf(stderr, "%s: error: cannot read file\n", path);
            status = 1;
            continue;
        }
        escapade::ir::module m;
        escapade::ir::read_options ro;
        ro.file_name = path;
        escapade::status st = escapade::ir::read_text(text, m, ro);
        if (!st.ok()) {
            std::fprintf(stderr, "%s\n", st.format(msg, sizeof msg));
            status = 1;
            continue;
        }
        escapade::analysis_result<escapade::ir::module> result;
        auto t0 = std::chrono::steady_clock::now();
        st = escapade::analyze(m, result, options);
        auto t1 = std::chrono::steady_clock::now();
        if (!st.ok()) {
            if (st.file()[0] == '\0') st.set_file(path);
            std::fprintf(stderr, "%s\n", st.format(msg, sizeof msg));
            status = 1;
            continue;
        }
        if (!html_dir.empty()) {
            escapade::analysis_result<escapade::ir::module> base;
            st = escapade::analyze(m, base, baseline);
            if (!st.ok()) {
                if (st.file()[0] == '\0') st.set_file(path);
                std::fprintf(stderr, "%s\n", st.format(msg, sizeof msg));
                status = 1;
                continue;
            }
            escapade_html::collect(html, m, base, result);
        } else if (format == output::json) {
            escapade::json_options jo;
            jo.program = path;
            json.add(m, result, jo);
        } else if (format == output::sarif) {
            sarif.add(m, result);
        } else if (format == output::dot) {
            escapade::dot_options d;
            d.title = path;
            if (!dot_functions.empty()) {
                d.keep_function = keep_named;
                d.keep_function_context = &dot_functions;
            }
            if (!escapade::write_dot(m, result, to_stdout, d)) {
                std::fprintf(stderr, "escapade: error: cannot write the graph of %s\n", path);
                status = 1;
            }
        } else {
            escapade::report_format rf = format == output::gc ? escapade::report_format::gc : escapade::report_format::text;
            escapade::write_report(m, result, rf, explain, [](std::string_view line) {
                std::fwrite(line.data(), 1, line.size(), stdout);
                std::fputc('\n', stdout);
                return true;
            });
        }
        if (stats) {
            const auto& s = result.stats();
            std::fprintf(stderr, "%s: %zu statements, %zu sites (%zu heap), %llu locations, %llu edges, %llu walks, %.3f ms\n", path,
                         m.stmt_count(), result.site_count(), result.heap_count(), static_cast<unsigned long long>(s.locations),
                         static_cast<unsigned long long>(s.edges), static_cast<unsigned long long>(s.walks),
                         std::chrono::duration<double, std::milli>(t1 - t0).count());
        }
    }
    if (!html_dir.empty()) {
        escapade_html::html_options ho;
        ho.title = "escapade report: " + html_title(files);
        ho.label[0] = escapade_html::mode_label(baseline);
        ho.label[1] = escapade_html::mode_label(options);
        std::string error;
        if (!escapade_html::write_html(html_dir, std::move(html), ho, &error)) {
            std::fprintf(stderr, "escapade: error: %s\n", error.c_str());
            return 1;
        }
        return status;
    }
    if ((format == output::json && !json.end()) || (format == output::sarif && !sarif.end(status == 0))) {
        std::fprintf(stderr, "escapade: error: cannot write the output\n");
        status = 1;
    }
    return status;
}
