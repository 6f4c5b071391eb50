// escapade-go - escape analysis of Go packages with escapade, printing what
// `go build -gcflags='-m -l'` prints for escape analysis.
//
//   escapade-go [--model=gc|precise] [--dispatch=conservative|closed|context] [-m|-m=2]
//               [--deps[=escapade|gc]] [--summary-dir=DIR] [--summaries=FILE]... [--write-summaries=FILE]
//               [-p=IMPORTPATH] [--lower=PROG] [--time[=N]] [--ir=FILE] [--verdicts=FILE] [-q]
//               [--format=gc|json|sarif] [--sarif-root=DIR] [--html=DIR [--compare=MODEL,DISPATCH[,WORLD]]] PATH...
//
// PATH is a Go package directory or Go files of one package. The Go side (escapade-lower, built
// from examples/go/lower) type-checks the package and lowers it to escapade's text IR; this
// program reads the IR, runs the analysis and prints one line per fact, `FILE:LINE:COL: MESSAGE`,
// in gc's -m vocabulary ("moved to heap: x", "&T{...} escapes to heap", "leaking param: p",
// "leaking param: p to result ~r0 level=0", "p does not escape", ...). -m=2 adds gc-style flow
// explanations under each heap verdict.
//
// Imported functions: escapade-lower knows gc's tags of the few standard functions Go's escape
// tests call (unsafe-adjacent packages); every other imported function leaks its pointer arguments
// unless summaries say otherwise. --deps computes them like gc has them: it analyses the source of
// every package the package imports (`go list -deps`), in dependency order, each with the
// summaries of its own imports, and keeps them in --summary-dir (reused when present; default a
// fresh temporary directory). --deps=gc takes gc's own tags instead (what gc finds in the export
// data when it compiles the package: `go build -gcflags=all=-m`; gc computed them with inlining,
// which escapade does not model). --summaries passes summary files directly; --write-summaries
// writes the package's own (its import path from -p).
//
// The lowerer is found with --lower, else $ESCAPADE_LOWER, else next to this executable.
// --time prints the analysis time (reading the IR and lowering excluded) on stderr as
// "escapade-go: analysis NNN us (...)"; --time=N runs the analysis N times and prints the best.
// --ir writes the IR that was analysed. --verdicts writes every site of every package analysed
// (with --deps, the dependencies too) with its verdict, for the patched Go compiler (verdicts.hpp,
// gcpatch/).
//
// --format=json prints escapade's JSON report of the package (escapade/report_json.hpp; with -m=2,
// explanation lines), --format=sarif a SARIF 2.1.0 log of its heap sites with their explanations as
// code flows (URIs relative to --sarif-root, default the working directory), and --html=DIR writes
// a static HTML report comparing the selected mode with --compare (default gc,conservative) site by
// site (tools/report_html_write.hpp). Facts of imported functions are left out, as in gc's format.
//
// Exit status: 0 on success, 1 when the package does not parse or type-check (the type checker's
// errors are on stderr) or the analysis fails, 2 on bad usage.
#include <malloc.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <utility>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <escapade/escapade.hpp>
#include <escapade/report_json.hpp>
#include <escapade/report_sarif.hpp>

#include "progress.hpp"           // tools/
#include "report_html_write.hpp"  // tools/

#include "verdicts.hpp"

namespace {

const char* const usage =
    "usage: escapade-go [--model=gc|precise] [--dispatch=conservative|closed|context] [-m|-m=2]\n"
    "                   [--deps[=escapade|gc]] [--summary-dir=DIR] [--summaries=FILE]... [--write-summaries=FILE]\n"
    "                   [-p=IMPORTPATH] [--lower=PROG] [--time[=N]] [--ir=FILE] [--verdicts=FILE] [-q]\n"
    "                   [--format=gc|json|sarif] [--sarif-root=DIR] [--html=DIR [--compare=MODEL,DISPATCH[,WORLD]]] PATH...\n"
    "Prints gc-style escape analysis diagnostics (go build -gcflags='-m -l') for a Go package.\n";

bool starts_with(const char* s, const char* prefix) { return std::strncmp(s, prefix, std::strlen(prefix)) == 0; }

// Quotes an argument for /bin/sh.
std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    out += "'";
    return out;
}

std::string default_lowerer(const char* argv0) {
    if (const char* env = std::getenv("ESCAPADE_LOWER")) return env;
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    std::string self = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string(argv0);
    std::size_t slash = self.rfind('/');
    std::string dir = slash == std::string::npos ? std::string(".") : self.substr(0, slash);
    return dir + "/escapade-lower";
}

// Runs a shell command and captures its standard output; false if it cannot run or fails.
bool run_command(const std::string& cmd, std::string& out) {
    std::FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return false;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    int st = pclose(pipe);
    return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

// Runs escapade-lower; its warnings and errors go to our stderr.
bool run_lowerer(const std::string& lowerer, bool quiet, const std::vector<std::string>& summaries, const std::string& pkg_path,
                 const std::vector<std::string>& paths, std::string& text, const std::string& gc_tags = std::string(),
                 bool explain = false) {
    std::string cmd = shell_quote(lowerer);
    if (explain) cmd += " -explain";
    if (!gc_tags.empty()) cmd += " -gc-tags " + shell_quote(gc_tags);
    if (quiet) cmd += " -q";
    if (!pkg_path.empty()) cmd += " -p " + shell_quote(pkg_path);
    for (const std::string& s : summaries) cmd += " -summaries " + shell_quote(s);
    for (const std::string& p : paths) cmd += " " + shell_quote(p);
    std::FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) {
        std::fprintf(stderr, "escapade-go: cannot run %s\n", lowerer.c_str());
        return false;
    }
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, n);
    int st = pclose(pipe);
    if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 127)
            std::fprintf(stderr, "escapade-go: cannot run the lowerer '%s' (use --lower=PROG or $ESCAPADE_LOWER)\n", lowerer.c_str());
        return false;
    }
    return true;
}

// Writes the parameter tags of the package's functions in escapade-lower's summary format:
// "pkg/path.F I>heap:D I>rK:D ..." (I counts the receiver first).
bool write_summaries(const escapade::ir::module& m, const escapade::analysis_result<escapade::ir::module>& r, const std::string& pkg_path,
                     const std::string& file) {
    using traits = escapade::ir_traits<escapade::ir::module>;
    std::string out;
    std::string current;
    bool open = false;
    auto flush = [&]() {
        if (open) out += "\n";
        open = false;
    };
    for (const auto& p : r.parameters()) {
        // the package's own functions: not the imported ones it declares (before any `file`)
        if (p.pos.file == 0) continue;
        std::string_view name = traits::function_name(m, p.function);
        if (m.function_at(p.function.id).is_closure() || name.find(".func") != std::string_view::npos ||
            name.find("init.") == 0 || name == "init" || name.find("glob.") == 0)
            continue;
        std::string key = pkg_path + "." + std::string(name);
        if (!open || key != current) {
            flush();
            current = key;
            out += key;
            open = true;
        }
        if (!p.has_pointers) continue;
        char buf[64];
        if (p.leaks.heap() >= 0) {
            std::snprintf(buf, sizeof buf, " %u>heap:%d", unsigned(p.index), int(p.leaks.heap()));
            out += buf;
        }
        for (int i = 0; i < escapade::leak_summary::max_results; ++i) {
            if (p.leaks.result(i) < 0) continue;
            std::snprintf(buf, sizeof buf, " %u>r%d:%d", unsigned(p.index), i, int(p.leaks.result(i)));
            out += buf;
        }
    }
    flush();
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (f == nullptr) return false;
    std::fwrite(out.data(), 1, out.size(), f);
    return std::fclose(f) == 0;
}

// Sort key of an output line "FILE:LINE:COL: ...": (FILE, LINE, COL).
struct pos_key {
    std::string file;
    unsigned long line = 0, col = 0;
    bool operator<(const pos_key& o) const {
        if (file != o.file) return file < o.file;
        if (line != o.line) return line < o.line;
        return col < o.col;
    }
};

pos_key position_key(const std::string& s) {
    pos_key k;
    std::size_t sep = s.find(": ");
    std::string head = s.substr(0, sep);
    std::size_t c2 = head.rfind(':');
    if (c2 == std::string::npos) return k;
    std::size_t c1 = head.rfind(':', c2 - 1);
    if (c1 == std::string::npos || c1 == 0) return k;
    k.file = head.substr(0, c1);
    k.line = std::strtoul(head.c_str() + c1 + 1, nullptr, 10);
    k.col = std::strtoul(head.c_str() + c2 + 1, nullptr, 10);
    return k;
}

// ---- --format=json|sarif, --html=DIR ---------------------------------------------------------------
struct structured_output {
    std::string format = "gc";  // gc (the -m lines), json or sarif
    std::string sarif_root, html_dir;
    escapade::analysis_options baseline;  // --html: mode A
    bool baseline_world = false;          // --compare named its world (else: the analysed mode's)
};

// The package's own facts: not those of imported functions, declared at positions of the IR itself.
bool package_fact(std::string_view file, void* ir_name) { return file != static_cast<const char*>(ir_name); }
bool package_fact_html(const std::string& file) { return file != "<lowered>"; }

// Writes the JSON or SARIF output, or the HTML report (analysing the module again under the
// baseline mode). Returns the exit status.
int write_structured(const escapade::ir::module& m, const escapade::analysis_result<escapade::ir::module>& r, const char* ir_name,
                     const structured_output& o, const std::vector<std::string>& paths, const std::string& pkg_path) {
    std::string program = pkg_path;
    for (const std::string& p : paths) program += (program.empty() ? "" : " ") + p;
    auto to_stdout = [](std::string_view piece) { return std::fwrite(piece.data(), 1, piece.size(), stdout) == piece.size(); };
    char cwd_buf[4096];
    std::string cwd = getcwd(cwd_buf, sizeof cwd_buf) != nullptr ? cwd_buf : "/";
    if (!o.html_dir.empty()) {
        escapade::analysis_result<escapade::ir::module> base;
        escapade::analysis_options baseline = o.baseline;
        if (!o.baseline_world) baseline.world = r.options().world;
        escapade::status st = escapade::analyze(m, base, baseline);
        char msg[512];
        if (!st.ok()) {
            std::fprintf(stderr, "escapade-go: %s\n", st.format(msg, sizeof msg));
            return 1;
        }
        escapade_html::report_data data;
        escapade_html::collect(data, m, base, r, package_fact_html);
        escapade_html::html_options ho;
        ho.title = "escapade-go report: " + program;
        ho.label[0] = escapade_html::mode_label(baseline);
        ho.label[1] = escapade_html::mode_label(r.options());
        std::string error;
        if (!escapade_html::write_html(o.html_dir, std::move(data), ho, &error)) {
            std::fprintf(stderr, "escapade-go: %s\n", error.c_str());
            return 1;
        }
        return 0;
    }
    bool ok;
    if (o.format == "json") {
        escapade::json_options jo;
        jo.program = program;
        jo.keep_file = package_fact;
        jo.keep_file_context = const_cast<char*>(ir_name);
        ok = escapade::write_json(m, r, to_stdout, jo, "escapade-go");
    } else {
        std::string root = o.sarif_root.empty() ? cwd : o.sarif_root[0] == '/' ? o.sarif_root : cwd + "/" + o.sarif_root;
        escapade::sarif_options so;
        so.tool = "escapade-go";
        so.root = root;
        so.base = cwd;
        so.keep_file = package_fact;
        so.keep_file_context = const_cast<char*>(ir_name);
        ok = escapade::write_sarif(m, r, to_stdout, so);
    }
    if (!ok) std::fprintf(stderr, "escapade-go: cannot write the output\n");
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    // Like a compiler's heap: keep freed memory in the process (no mmap per large block, no trim),
    // so that analyses after the first reuse pages that are already mapped.
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    escapade::analysis_options options;
    int level = 1;
    bool timing = false, quiet = false;
    bool deps = false, deps_gc = false;
    int repeat = 1;
    std::string lowerer, ir_out, summary_dir, write_sums, pkg_path;
    std::vector<std::string> summaries, paths;
    structured_output structured;
    std::string verdicts_out;             // --verdicts=FILE
    escapade_go::verdict_writer verdicts;  // every site of every package analysed
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
        } else if (std::strcmp(a, "-m") == 0 || std::strcmp(a, "-m=1") == 0) {
            level = 1;
        } else if (std::strcmp(a, "-m=2") == 0 || std::strcmp(a, "-m=3") == 0 || std::strcmp(a, "-m=4") == 0) {
            level = 2;
        } else if (starts_with(a, "--lower=")) {
            lowerer = a + 8;
        } else if (starts_with(a, "--summaries=")) {
            summaries.push_back(a + 12);
        } else if (starts_with(a, "--ir=")) {
            ir_out = a + 5;
        } else if (std::strcmp(a, "--deps") == 0 || std::strcmp(a, "--deps=escapade") == 0) {
            deps = true;
        } else if (std::strcmp(a, "--deps=gc") == 0) {
            deps_gc = true;
        } else if (starts_with(a, "--summary-dir=")) {
            summary_dir = a + 14;
        } else if (starts_with(a, "--write-summaries=")) {
            write_sums = a + 18;
        } else if (starts_with(a, "--verdicts=")) {
            verdicts_out = a + 11;
        } else if (starts_with(a, "-p=")) {
            pkg_path = a + 3;
        } else if (std::strcmp(a, "--time") == 0) {
            timing = true;
        } else if (starts_with(a, "--time=")) {
            timing = true;
            repeat = std::atoi(a + 7);
            if (repeat < 1) repeat = 1;
        } else if (std::strcmp(a, "-q") == 0) {
            quiet = true;
        } else if (std::strcmp(a, "--format=gc") == 0 || std::strcmp(a, "--format=json") == 0 || std::strcmp(a, "--format=sarif") == 0) {
            structured.format = a + 9;
        } else if (starts_with(a, "--sarif-root=")) {
            structured.sarif_root = a + 13;
        } else if (starts_with(a, "--html=")) {
            structured.html_dir = a + 7;
        } else if (starts_with(a, "--compare=")) {
            if (!escapade_html::parse_mode(a + 10, structured.baseline, &structured.baseline_world)) {
                std::fprintf(stderr, "escapade-go: bad --compare value '%s' (MODEL,DISPATCH[,WORLD])\n", a + 10);
                return 2;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            std::fprintf(stderr, "escapade-go: unknown option '%s'\n%s", a, usage);
            return 2;
        } else {
            paths.push_back(a);
        }
    }
    if (paths.empty()) {
        std::fputs(usage, stderr);
        return 2;
    }
    if (lowerer.empty()) lowerer = default_lowerer(argv[0]);
    if (structured.format == "sarif" || !structured.html_dir.empty()) level = 2;  // explanations: code flows, "why"
    structured.baseline.explain = true;

    // Summaries of the imported packages, from their source (in dependency order).
    if (deps) {
        std::vector<std::pair<std::string, std::string>> list;
        std::string cmd = "go list -deps -f '{{.ImportPath}}\t{{.Dir}}' --";
        for (const std::string& p : paths) cmd += " " + shell_quote(p);
        std::string out;
        if (!run_command(cmd, out)) {
            std::fprintf(stderr, "escapade-go: warning: 'go list -deps' failed: imported functions are treated as unknown\n");
        } else {
            std::size_t at = 0;
            while (at < out.size()) {
                std::size_t nl = out.find('\n', at);
                std::string line = out.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
                at = nl == std::string::npos ? out.size() : nl + 1;
                std::size_t tab = line.find('\t');
                if (tab == std::string::npos) continue;
                list.emplace_back(line.substr(0, tab), line.substr(tab + 1));
            }
            if (!list.empty()) list.pop_back();  // the package itself
        }
        if (summary_dir.empty()) {
            char tmpl[] = "/tmp/escapade-go-XXXXXX";
            if (char* d = mkdtemp(tmpl)) summary_dir = d;
        } else {
            mkdir(summary_dir.c_str(), 0777);  // reused when it exists
        }
        // progress on a terminal: the first run over the standard library takes seconds
        escapade_tools::progress prog("escapade-go: dependencies", list.size(), quiet);
        for (std::size_t k = 0; k < list.size(); ++k, prog.step()) {
            const auto& [path, dir] = list[k];
            if (path == "unsafe" || path == "C" || dir.empty()) continue;
            std::string file = summary_dir + "/";
            for (char c : path) file += c == '/' ? '%' : c;
            file += ".sum";
            if (std::FILE* f = std::fopen(file.c_str(), "rb")) {
                std::fclose(f);
                if (verdicts_out.empty() || verdicts.merge(file + ".verdicts")) {
                    summaries.push_back(file);
                    continue;
                }
            }
            std::string dep_ir;
            if (!run_lowerer(lowerer, true, summaries, path, {dir}, dep_ir)) {
                std::fprintf(stderr, "escapade-go: warning: cannot lower %s: its functions are treated as unknown\n", path.c_str());
                continue;
            }
            escapade::ir::module dm;
            escapade::ir::read_options dro;
            dro.file_name = "<lowered>";
            escapade::analysis_result<escapade::ir::module> dr;
            if (!escapade::ir::read_text(dep_ir, dm, dro).ok() || !escapade::analyze(dm, dr, options).ok()) {
                std::fprintf(stderr, "escapade-go: warning: cannot analyse %s: its functions are treated as unknown\n", path.c_str());
                continue;
            }
            if (!verdicts_out.empty()) {
                escapade_go::verdict_writer dv;
                dv.add(dr);
                verdicts.add(dr);
                dv.write(file + ".verdicts", "");
            }
            if (write_summaries(dm, dr, path, file)) summaries.push_back(file);
        }
    }

    // gc's own tags of the imported packages, from its diagnostics (`go build -gcflags=all=-m`).
    std::string gc_tags;
    if (deps_gc) {
        char tmpl[] = "/tmp/escapade-go-XXXXXX";
        if (char* d = mkdtemp(tmpl)) {
            std::string dir = d;
            std::string cmd = "go build -gcflags=all=-m -o " + shell_quote(dir + "/out");
            for (const std::string& p : paths) cmd += " " + shell_quote(p);
            cmd += " 2>&1";
            std::string out;
            run_command(cmd, out);  // the package's own diagnostics are in there too, and unused
            gc_tags = dir + "/gc-tags.txt";
            if (std::FILE* f = std::fopen(gc_tags.c_str(), "wb")) {
                std::fwrite(out.data(), 1, out.size(), f);
                std::fclose(f);
            } else {
                gc_tags.clear();
            }
        }
    }

    // Lower the package (the lowerer's warnings and type errors go straight to our stderr).
    std::string text;
    if (!run_lowerer(lowerer, quiet, summaries, pkg_path, paths, text, gc_tags, level >= 2)) return 1;
    if (!ir_out.empty()) {
        if (std::FILE* f = std::fopen(ir_out.c_str(), "wb")) {
            std::fwrite(text.data(), 1, text.size(), f);
            std::fclose(f);
        }
    }

    escapade::ir::module m;
    escapade::ir::read_options ro;
    const char* const ir_name = "<lowered>";
    ro.file_name = ir_name;
    char msg[512];
    escapade::status s = escapade::ir::read_text(text, m, ro);
    if (!s.ok()) {
        std::fprintf(stderr, "escapade-go: internal error: the lowered IR does not read back: %s\n", s.format(msg, sizeof msg));
        return 1;
    }
    options.explain = level >= 2;
    escapade::analysis_result<escapade::ir::module> result;
    // --time=N: the best of N runs (the first run of a fresh process pays for touching new memory;
    // gc's phase runs in a compiler whose heap is warm).
    double best_us = 0, first_us = 0;
    for (int run = 0; run < repeat; ++run) {
        result.clear();
        auto t0 = std::chrono::steady_clock::now();
        s = escapade::analyze(m, result, options);
        auto t1 = std::chrono::steady_clock::now();
        double us = std::chrono::duration<double, std::micro>(t1 - t0).count();
        if (run == 0) first_us = us;
        if (run == 0 || us < best_us) best_us = us;
        if (!s.ok()) break;
    }
    if (!s.ok()) {
        std::fprintf(stderr, "escapade-go: %s\n", s.format(msg, sizeof msg));
        return 1;
    }
    if (!write_sums.empty() && !write_summaries(m, result, pkg_path.empty() ? std::string("p") : pkg_path, write_sums))
        std::fprintf(stderr, "escapade-go: cannot write %s\n", write_sums.c_str());
    if (!verdicts_out.empty()) {
        verdicts.add(result);
        std::string opts = std::string("model=") + escapade::to_string(options.model) + " dispatch=" + escapade::to_string(options.dispatch) +
                           " world=" + escapade::to_string(options.world);
        if (!verdicts.write(verdicts_out, opts)) {
            std::fprintf(stderr, "escapade-go: cannot write %s\n", verdicts_out.c_str());
            return 1;
        }
    }
    if (timing) {
        std::fprintf(stderr, "escapade-go: analysis %.0f us (%zu functions, %zu sites; best of %d runs, first %.0f us)\n", best_us,
                     m.function_count(), result.site_count(), repeat, first_us);
    }
    if (structured.format != "gc" || !structured.html_dir.empty()) return write_structured(m, result, ir_name, structured, paths, pkg_path);
    // Only facts about the package's own files (imported functions are declared before any
    // `file` directive, at positions of the IR itself).
    std::string skip = std::string(ir_name) + ":";
    std::vector<std::string> lines;
    escapade::write_report(m, result, escapade::report_format::gc, level >= 2, [&](std::string_view line) {
        if (line.compare(0, skip.size(), skip) != 0) lines.emplace_back(line);
        return true;
    });
    // gc's front-end diagnostics the lowerer recorded (devirtualization), as ";gc-message LINE".
    const std::string tag = ";gc-message ";
    for (std::size_t at = text.find(tag); at != std::string::npos; at = text.find(tag, at + 1)) {
        if (at != 0 && text[at - 1] != '\n') continue;
        std::size_t end = text.find('\n', at);
        lines.push_back(text.substr(at + tag.size(), end == std::string::npos ? std::string::npos : end - at - tag.size()));
    }
    std::stable_sort(lines.begin(), lines.end(), [](const std::string& a, const std::string& b) {
        return position_key(a) < position_key(b);
    });
    for (const std::string& l : lines) {
        std::fwrite(l.data(), 1, l.size(), stdout);
        std::fputc('\n', stdout);
    }
    return 0;
}
