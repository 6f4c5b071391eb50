// escapade-go - escape analysis of Go packages and whole programs with escapade, printing what
// `go build -gcflags='-m -l'` prints for escape analysis.
//
//   escapade-go [--model=gc|precise] [--dispatch=conservative|closed|context] [-m|-m=2]
//               [--print=PATTERN]... [--test] [--tags=TAGS] [--cache-dir=DIR]
//               [--deps[=escapade|gc|none]] [--summary-dir=DIR] [--summaries=FILE]... [--write-summaries=FILE]
//               [-p=IMPORTPATH] [--lower=PROG] [--time[=N]] [--memory-rounds=N] [--ir=FILE] [--verdicts=FILE] [--fallbacks] [-q] [-v]
//               [--format=gc|json|sarif|dot] [--dot-function=NAME]... [--sarif-root=DIR] [--html=DIR [--compare=MODEL,DISPATCH[,WORLD]]] PACKAGE...
//
// PACKAGE is what `go build` takes (a directory, an import path or pattern, or .go files of one
// package). The Go side (escapade-lower, built from examples/go/lower) selects the files as the go
// command does, type-checks and lowers them to escapade's text IR; this program reads the IR, runs
// the analysis and prints one line per fact, `FILE:LINE:COL: MESSAGE`, in gc's -m vocabulary
// ("moved to heap: x", "&T{...} escapes to heap", "leaking param: p", "leaking param: p to result
// ~r0 level=0", "p does not escape", ...). -m=2 adds gc-style flow explanations under each heap
// verdict.
//
// By default (the world mode) the packages and every package they link are lowered into one
// module (escapade-lower -world; each package's lowering cached, --cache-dir) and analysed once:
// a main package is the whole program. The lines printed are those of the named packages and of
// the packages --print matches (run_world_lowerer, read_world_info). --dispatch=closed|context on
// a main package analyse it as a closed world (analysis_options::world = closed) when the lowerer
// declares it closed (the whole program, nothing unmodelled, no plugin package); --dispatch=closed
// on a library package is refused; context analyses a library in the open world. --test makes the
// program the named package's test binary, as `go test` links it (escapade-lower -test: the
// package with its _test.go files, its external test package, the generated test main and every
// package it links; the package's and its external test package's lines are printed): a whole
// program, so closed applies.
//
// The per-package modes, selected by --deps, --deps=gc, --deps=none, --summaries,
// --write-summaries or -p, analyse one package whose imported functions are externs: --deps=none
// uses a built-in table of gc's tags for a few unsafe-adjacent functions (every other imported
// function leaks its pointer arguments); --deps analyses every imported package alone, in
// dependency order, each with the summaries of its own imports (dep_summaries; summary files named
// by a key over sources, build context, both programs and the analysis options, with conditional
// leaks under context); --deps=gc takes gc's own tags (`go build -gcflags=all=-m`; computed with
// inlining, which escapade does not model). --summaries passes summary files directly;
// --write-summaries writes the package's own (its import path from -p).
//
// The lowerer is found with --lower, else $ESCAPADE_LOWER, else next to this executable.
// --time prints the analysis time (reading the IR and lowering excluded) on stderr as
// "escapade-go: analysis NNN us (...; memory-set rounds R; processor time, best: CCC us)"; --time=N
// runs the analysis N times and prints the best wall and processor times (R: rounds of the closed
// world's memory sets, 0 when none ran or they did not converge).
// --memory-rounds=N (default 0: off) lets the closed world's memory sets (type sets of fields and
// globals, analysis_options::memory_rounds) run up to N rounds of the whole analysis: each round
// costs one analysis (cmd/go: 5 rounds, about 6.6 times the time of one), for a few sites; off by
// default until the rounds are replaced by one incremental solve.
// --ir writes the IR that was analysed. --fallbacks counts why dynamic calls fall back to the
// closed world (print_fallbacks). -v prints the loader's statistics. --verdicts writes every site of
// every package analysed (the world mode: every package of the module, printed or not; with --deps,
// the dependencies too) with its verdict, for the patched Go compiler (verdicts.hpp, gcpatch/).
//
// --format=dot prints the location graph of the functions --dot-function names (IR names, e.g.
// NotOk or (*T).M; every function without one) as a Graphviz digraph (escapade/report_dot.hpp).
// --format=json prints escapade's JSON report of the package (escapade/report_json.hpp; with -m=2,
// explanation lines), --format=sarif a SARIF 2.1.0 log of its heap sites with their explanations as
// code flows (URIs relative to --sarif-root, default the working directory), and --html=DIR writes
// a static HTML report comparing the selected mode with --compare (default gc,conservative) site by
// site (tools/report_html_write.hpp). Facts of imported functions are left out, as in gc's format;
// in the world mode, the facts of the packages that are not printed.
//
// Exit status: 0 on success, 1 when a package does not load, parse or type-check (the go
// command's or the type checker's errors are on stderr) or the analysis fails, 2 on bad usage
// (and for --dispatch=closed on a library).
#include <malloc.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <utility>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <set>
#include <vector>

#include <escapade/escapade.hpp>
#include <escapade/report_dot.hpp>
#include <escapade/report_json.hpp>
#include <escapade/report_sarif.hpp>

#include "progress.hpp"           // tools/
#include "report_html_write.hpp"  // tools/

#include "verdicts.hpp"

namespace {

const char* const usage =
    "usage: escapade-go [--model=gc|precise] [--dispatch=conservative|closed|context] [-m|-m=2]\n"
    "                   [--print=PATTERN]... [--test] [--tags=TAGS] [--cache-dir=DIR]\n"
    "                   [--deps[=escapade|gc|none]] [--summary-dir=DIR] [--summaries=FILE]... [--write-summaries=FILE]\n"
    "                   [-p=IMPORTPATH] [--lower=PROG] [--time[=N]] [--memory-rounds=N] [--ir=FILE] [--verdicts=FILE] [--fallbacks] [-q] [-v]\n"
    "                   [--format=gc|json|sarif|dot] [--dot-function=NAME]... [--sarif-root=DIR] [--html=DIR [--compare=MODEL,DISPATCH[,WORLD]]] PACKAGE...\n"
    "Prints gc-style escape analysis diagnostics (go build -gcflags='-m -l') for Go packages.\n"
    "By default the packages and every package they link are analysed as one module (a main package:\n"
    "the whole program); --print adds the diagnostics of other packages (all, std, PATH/...).\n"
    "--test analyses the named package's test binary as the program (one package).\n";

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

bool run_lowerer_command(const std::string& lowerer, const std::string& cmd, std::string& text);

// Runs escapade-lower; its warnings and errors go to our stderr.
bool run_lowerer(const std::string& lowerer, bool quiet, const std::vector<std::string>& summaries, const std::string& pkg_path,
                 const std::vector<std::string>& paths, std::string& text, const std::string& gc_tags = std::string(),
                 bool explain = false, const std::string& list_file = std::string(), const std::string& tags = std::string()) {
    std::string cmd = shell_quote(lowerer);
    if (!list_file.empty()) cmd += " -list " + shell_quote(list_file);
    if (!tags.empty()) cmd += " -tags " + shell_quote(tags);
    if (explain) cmd += " -explain";
    if (!gc_tags.empty()) cmd += " -gc-tags " + shell_quote(gc_tags);
    if (quiet) cmd += " -q";
    if (!pkg_path.empty()) cmd += " -p " + shell_quote(pkg_path);
    for (const std::string& s : summaries) cmd += " -summaries " + shell_quote(s);
    if (list_file.empty()) {
        cmd += " --";
        for (const std::string& p : paths) cmd += " " + shell_quote(p);
    }
    return run_lowerer_command(lowerer, cmd, text);
}

// Runs a lowerer command line and captures the IR it prints.
bool run_lowerer_command(const std::string& lowerer, const std::string& cmd, std::string& text) {
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

// Appends a parameter's conditional leaks (dispatch=context) in escapade-lower's summary format,
// " I>if:S.M:A:D" / " I>if:S():A:D" ("~" appended when inexact), S being the index of the subject
// parameter. A subject the function's parameter list does not name makes the condition a leak.
void write_conditions(const escapade::analysis_result<escapade::ir::module>& r,
                      const escapade::analysis_result<escapade::ir::module>::parameter& p, std::string& out) {
    if (p.leaks.heap() == 0) return;  // conditions add nothing to a leak at level 0
    for (const auto& c : r.conditions(p)) {
        long subject = -1;
        for (const auto& q : r.parameters())
            if (q.function.id == p.function.id && q.name == c.subject) subject = long(q.index);
        char buf[64];
        if (subject < 0) {
            std::snprintf(buf, sizeof buf, " %u>heap:0", unsigned(p.index));
            out += buf;
            continue;
        }
        std::snprintf(buf, sizeof buf, " %u>if:%ld", unsigned(p.index), subject);
        out += buf;
        if (c.method.empty()) {
            out += "()";
        } else {
            out += ".";
            out.append(c.method.data(), c.method.size());
        }
        std::snprintf(buf, sizeof buf, ":%u:%d%s", unsigned(c.argument), c.exact ? int(c.level) : 0, c.exact ? "" : "~");
        out += buf;
    }
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
        write_conditions(r, p, out);
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

// World mode: every package that instantiates another package's generic code lowers its own shape
// instance of it (as gc compiles the instantiation into each package that uses it), so a site of a
// generic body may be reported by several instances. One site gets one verdict: identical lines
// are printed once, and "X does not escape" is dropped where another instance says "X escapes to
// heap" at the same position (the join: heap wins; a compiler keeps one copy of a shape instance,
// so its verdict must hold for every caller). The locals of such a body are named in the IR with
// '․' (U+2024) for gc's dot ("q․t"): printed "moved to heap: q.t". -m=2 explanation lines (they
// start with a space) are kept as they are, and so are gc's "F ignoring self-assignment in S" notes,
// which gc prints twice for one statement (escape_calls.go:39) and escapade reproduces. O(n log n)
// in the number of lines.
void join_instance_sites(std::vector<std::string>& lines) {
    const std::string moved = "moved to heap: ", dot = "\xe2\x80\xa4", heap = " escapes to heap", stack = " does not escape";
    std::set<std::string> seen, heap_sites;
    for (std::string& l : lines) {
        std::size_t at = l.find(": ");
        if (at == std::string::npos) continue;
        if (l.compare(at + 2, moved.size(), moved) == 0) {
            for (std::size_t d = l.find(dot, at); d != std::string::npos; d = l.find(dot, d + 1)) l.replace(d, dot.size(), ".");
        }
        if (l.size() > heap.size() && l.compare(l.size() - heap.size(), heap.size(), heap) == 0)
            heap_sites.insert(l.substr(0, l.size() - heap.size()));
    }
    std::vector<std::string> out;
    out.reserve(lines.size());
    for (std::string& l : lines) {
        std::size_t at = l.find(": ");
        bool explanation = at != std::string::npos && l.size() > at + 2 && l[at + 2] == ' ';
        bool note = at != std::string::npos && l.find(" ignoring self-assignment in ", at) != std::string::npos;
        if (!explanation && !note) {
            if (!seen.insert(l).second) continue;
            if (l.size() > stack.size() && l.compare(l.size() - stack.size(), stack.size(), stack) == 0 &&
                heap_sites.count(l.substr(0, l.size() - stack.size())) != 0)
                continue;
        }
        out.push_back(std::move(l));
    }
    lines = std::move(out);
}

// ---------------------------------------------------------------------------------------------
// Whole-program (world) mode: escapade-lower -world lowers the packages and everything they link
// into one module, with directives for this program in its first lines:
//   ;escapade-world closed | ;escapade-world open REASON
//   ;escapade-print "FILE"        (a file whose diagnostics are printed)
//   ;escapade-package PATH NAME   (a package named on the command line)

struct world_info {
    bool closed = false;
    std::string open_reason;                // why the world is open ("library: ...", "plugin: ...")
    std::vector<std::string> print_files;   // sorted
    std::vector<std::string> libraries;     // named packages that are not main
};

bool run_world_lowerer(const std::string& lowerer, bool quiet, bool verbose, bool explain, bool test, const std::string& tags,
                       const std::vector<std::string>& prints, const std::string& cache_dir, const std::vector<std::string>& paths,
                       std::string& text) {
    std::string cmd = shell_quote(lowerer) + " -world";
    if (explain) cmd += " -explain";
    if (test) cmd += " -test";
    if (quiet) cmd += " -q";
    if (verbose) cmd += " -v";
    if (!tags.empty()) cmd += " -tags " + shell_quote(tags);
    if (!cache_dir.empty()) cmd += " -cache " + shell_quote(cache_dir);
    for (const std::string& p : prints) cmd += " -print " + shell_quote(p);
    std::string args = " --";
    for (const std::string& p : paths) args += " " + shell_quote(p);
    // The module (17 MB for cmd/go) goes through a temporary file, read in one piece once the
    // lowerer is done: through a pipe it took one round trip between the two processes per 64 KiB,
    // each waiting for a time slice on a loaded machine (up to a second for cmd/go at load 17).
    const char* tmp_env = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp_env != nullptr && tmp_env[0] != '\0' ? tmp_env : "/tmp") + "/escapade-go-ir-XXXXXX";
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    const int fd = mkstemp(name.data());
    if (fd < 0) return run_lowerer_command(lowerer, cmd + args, text);  // no temporary file: the pipe
    close(fd);
    const std::string ir_file(name.data());
    std::string ignored;
    bool ok = run_lowerer_command(lowerer, cmd + " -o " + shell_quote(ir_file) + args, ignored);
    if (ok) {
        ok = false;
        if (std::FILE* f = std::fopen(ir_file.c_str(), "rb")) {
            struct stat st;
            if (fstat(fileno(f), &st) == 0 && st.st_size >= 0) {
                text.resize(static_cast<std::size_t>(st.st_size));
                ok = text.empty() || std::fread(&text[0], 1, text.size(), f) == text.size();
            }
            std::fclose(f);
        }
        if (!ok) std::fprintf(stderr, "escapade-go: cannot read the lowered IR from %s\n", ir_file.c_str());
    }
    std::remove(ir_file.c_str());
    return ok;
}

// Reads the directives at the top of a world module.
world_info read_world_info(const std::string& text) {
    world_info w;
    std::size_t at = 0;
    while (at < text.size() && text[at] == ';') {
        std::size_t nl = text.find('\n', at);
        std::string line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
        at = nl == std::string::npos ? text.size() : nl + 1;
        if (starts_with(line.c_str(), ";escapade-world ")) {
            std::string v = line.substr(16);
            w.closed = v == "closed";
            if (!w.closed) w.open_reason = starts_with(v.c_str(), "open ") ? v.substr(5) : v;
        } else if (starts_with(line.c_str(), ";escapade-print \"")) {
            // a Go-quoted file name: unquote \\ and \"
            std::string f;
            for (std::size_t i = 17; i + 1 < line.size(); ++i) {
                if (line[i] == '\\' && i + 2 < line.size()) ++i;
                f += line[i];
            }
            w.print_files.push_back(f);
        } else if (starts_with(line.c_str(), ";escapade-package ")) {
            std::string rest = line.substr(18);
            std::size_t sp = rest.rfind(' ');
            if (sp != std::string::npos && rest.substr(sp + 1) != "main") w.libraries.push_back(rest.substr(0, sp));
        }
    }
    std::sort(w.print_files.begin(), w.print_files.end());
    return w;
}

// The file of a diagnostic line "FILE:LINE:COL: ...".
std::string line_file(const std::string& line) { return position_key(line).file; }

// ---------------------------------------------------------------------------------------------
// --deps: per-package summaries of every imported package, in dependency order, each analysed
// alone with the summaries of its own imports. The summary files are named by a key
// (`escapade-lower -keys`) covering the package's sources and build context, its imports' keys,
// both programs (the lowerer and this one) and the analysis options the summaries were computed
// with (model, dispatch, world): a summary from other options, another build or stale sources is
// never reused. Each dependency is analysed as a library (world=open); under dispatch=context its
// summaries keep their conditions ("leaks if q.M keeps argument j"), which the importing package's
// analysis resolves with its own types (the IR's conditional extern leaks).

std::string self_exe() {
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

void remove_tree(const std::string& dir) {
    std::string cmd = "rm -rf " + shell_quote(dir);
    if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "escapade-go: warning: cannot remove %s\n", dir.c_str());
}

bool dep_summaries(const std::string& lowerer, const escapade::analysis_options& options, const std::string& tags,
                   const std::vector<std::string>& paths, std::string& summary_dir, std::string& temp_dir, std::string& list_file,
                   std::string& pkg_path, std::vector<std::string>& summaries, bool quiet,
                   escapade_go::verdict_writer* verdicts) {
    escapade::analysis_options dep_options = options;
    dep_options.world = escapade::world::open;  // a dependency analysed alone is a library
    dep_options.explain = false;
    if (summary_dir.empty()) {
        char tmpl[] = "/tmp/escapade-go-XXXXXX";
        if (char* d = mkdtemp(tmpl)) summary_dir = temp_dir = d;
    } else {
        mkdir(summary_dir.c_str(), 0777);  // reused when it exists
    }
    if (summary_dir.empty()) {
        std::fprintf(stderr, "escapade-go: cannot create a summary directory\n");
        return false;
    }
    char listbuf[64];
    std::snprintf(listbuf, sizeof listbuf, "/listing-%ld.json", long(getpid()));
    list_file = summary_dir + listbuf;
    const char* model = dep_options.model == escapade::model::gc ? "gc" : "precise";
    const char* dispatch = dep_options.dispatch == escapade::dispatch::conservative ? "conservative"
                           : dep_options.dispatch == escapade::dispatch::closed ? "closed"
                                                                                : "context";
    std::string cmd = shell_quote(lowerer) + " -keys -key-options " +
                      shell_quote(std::string("summary-format=2 model=") + model + " dispatch=" + dispatch + " world=open") +
                      " -list-out " + shell_quote(list_file);
    std::string self = self_exe();
    if (!self.empty()) cmd += " -key-file " + shell_quote(self);
    if (!tags.empty()) cmd += " -tags " + shell_quote(tags);
    cmd += " --";
    for (const std::string& p : paths) cmd += " " + shell_quote(p);
    std::string out;
    if (!run_command(cmd, out)) {
        std::fprintf(stderr, "escapade-go: cannot list the packages' dependencies (escapade-lower -keys failed)\n");
        return false;
    }
    std::string named;
    // progress on a terminal: the first run over the standard library takes seconds
    escapade_tools::progress prog("escapade-go: dependencies", std::size_t(std::count(out.begin(), out.end(), '\n')), quiet);
    for (std::size_t at = 0; at < out.size(); prog.step()) {
        std::size_t nl = out.find('\n', at);
        std::string line = out.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
        at = nl == std::string::npos ? out.size() : nl + 1;
        // IMPORTPATH \t NAME \t KEY \t dep|named
        std::vector<std::string> f;
        for (std::size_t b = 0;;) {
            std::size_t t = line.find('\t', b);
            f.push_back(line.substr(b, t == std::string::npos ? std::string::npos : t - b));
            if (t == std::string::npos) break;
            b = t + 1;
        }
        if (f.size() != 4) continue;
        if (f[3] == "named") {
            if (!named.empty()) {
                std::fprintf(stderr, "escapade-go: --deps analyses one package at a time (%s, %s)\n", named.c_str(), f[0].c_str());
                return false;
            }
            named = f[0];
            continue;
        }
        const std::string& path = f[0];
        std::string file = summary_dir + "/" + f[2] + ".sum";
        if (std::FILE* fh = std::fopen(file.c_str(), "rb")) {
            std::fclose(fh);
            // --verdicts: a dependency's verdicts are kept next to its summary (same key)
            if (verdicts == nullptr || verdicts->merge(file + ".verdicts")) {
                summaries.push_back(file);
                continue;
            }
        }
        std::string dep_ir;
        if (!run_lowerer(lowerer, true, summaries, path, {}, dep_ir, std::string(), false, list_file)) {
            std::fprintf(stderr, "escapade-go: warning: cannot lower %s: its functions are treated as unknown\n", path.c_str());
            continue;
        }
        escapade::ir::module dm;
        escapade::ir::read_options dro;
        dro.file_name = "<lowered>";
        escapade::analysis_result<escapade::ir::module> dr;
        if (!escapade::ir::read_text(dep_ir, dm, dro).ok() || !escapade::analyze(dm, dr, dep_options).ok()) {
            std::fprintf(stderr, "escapade-go: warning: cannot analyse %s: its functions are treated as unknown\n", path.c_str());
            continue;
        }
        // written under a temporary name and renamed: a summary file is complete or absent
        std::string tmp = file + ".tmp" + std::to_string(long(getpid()));
        if (verdicts != nullptr) {
            escapade_go::verdict_writer dv;
            dv.add(dr);
            verdicts->add(dr);
            if (dv.write(tmp, "") && std::rename(tmp.c_str(), (file + ".verdicts").c_str()) != 0) std::remove(tmp.c_str());
        }
        if (write_summaries(dm, dr, path, tmp) && std::rename(tmp.c_str(), file.c_str()) == 0) summaries.push_back(file);
    }
    if (named.empty()) {
        std::fprintf(stderr, "escapade-go: no package to analyse\n");
        return false;
    }
    if (pkg_path.empty()) pkg_path = named;
    return true;
}

// ---------------------------------------------------------------------------------------------
// --fallbacks: why dynamic calls fall back to the closed world (dispatch=closed|context). A call
// whose set of dynamic types or functions is unknown targets every implementation in the program
// (in an open world, its operands go to the heap); escapade notes each such call (with explain). The reason is where the receiver (or function
// value) comes from, as the IR shows it: a parameter, a field loaded through a pointer, a call's
// result, ... (docs/dispatch.md lists what makes a set unknown). Prints the counts on stderr,
// most common first. O(expressions + notes).

const char* receiver_origin(const escapade::ir::module& m, escapade::ir::expr_id e) {
    using escapade::expr_kind;
    // look through conversions between interfaces and value-preserving wrappers
    for (int depth = 0; depth < 8; ++depth) {
        const auto& x = m.expr_at(e);
        if ((x.kind == expr_kind::convert || x.kind == expr_kind::to_iface) && x.operands_count == 1) {
            e = m.operands(e)[0];
            continue;
        }
        break;
    }
    const auto& x = m.expr_at(e);
    switch (x.kind) {
    case expr_kind::var: {
        const auto& v = m.variable_at(x.ref);
        switch (v.kind) {
        case escapade::var_kind::global: return "a global variable";
        case escapade::var_kind::param: {
            const auto& f = m.function_at(v.function);
            if ((f.flags & escapade::ir::fn_method) != 0 && m.params(v.function).size() > 0 && m.params(v.function)[0] == x.ref)
                return "a method's receiver";
            return "a parameter";
        }
        case escapade::var_kind::result: return "a named result";
        case escapade::var_kind::local: return "a local variable (assigned an unknown value, or address taken)";
        }
        return "a variable";
    }
    case expr_kind::field: return "a field of a struct value";
    case expr_kind::field_ptr: return "a field loaded through a pointer";
    case expr_kind::index: return "an array element";
    case expr_kind::index_ptr: return "a slice element";
    case expr_kind::index_map: return "a map element";
    case expr_kind::deref: return "a value loaded through a pointer";
    case expr_kind::call: return "the result of a static call";
    case expr_kind::call_method: return "the result of an interface method call";
    case expr_kind::call_value: return "the result of a function-value call";
    case expr_kind::type_assert: return "a type assertion";
    case expr_kind::recv: return "a channel receive";
    case expr_kind::method_value: return "a method value";
    default: return "another expression";
    }
}

void print_fallbacks(const escapade::ir::module& m, const escapade::analysis_result<escapade::ir::module>& r) {
    using kind = escapade::analysis_result<escapade::ir::module>::note_kind;
    std::vector<std::pair<escapade::source_pos, bool>> closed_world;  // position, unused flag
    for (const auto& n : r.notes())
        if (n.kind == kind::resolution &&
            (n.text.find("(closed world)") != std::string_view::npos || n.text.find("(open world)") != std::string_view::npos))
            closed_world.push_back({n.pos, false});
    auto less = [](const escapade::source_pos& a, const escapade::source_pos& b) {
        if (a.file != b.file) return a.file < b.file;
        if (a.line != b.line) return a.line < b.line;
        return a.column < b.column;
    };
    std::sort(closed_world.begin(), closed_world.end(), [&](const auto& a, const auto& b) { return less(a.first, b.first); });
    std::vector<std::pair<std::string, std::size_t>> counts;
    std::size_t total = 0;
    for (std::size_t i = 0; i < m.expr_count(); ++i) {
        const auto& x = m.expr_at(escapade::ir::expr_id(i));
        if ((x.kind != escapade::expr_kind::call_method && x.kind != escapade::expr_kind::call_value) || x.operands_count == 0) continue;
        const escapade::source_pos xpos = m.expr_pos(escapade::ir::expr_id(i));
        auto it = std::lower_bound(closed_world.begin(), closed_world.end(), xpos,
                                   [&](const auto& a, const escapade::source_pos& p) { return less(a.first, p); });
        if (it == closed_world.end() || !(it->first == xpos) || it->second) continue;
        it->second = true;
        std::string reason = x.kind == escapade::expr_kind::call_method ? "interface call on " : "function-value call of ";
        reason += receiver_origin(m, m.operands(escapade::ir::expr_id(i))[0]);
        ++total;
        auto c = std::find_if(counts.begin(), counts.end(), [&](const auto& p) { return p.first == reason; });
        if (c == counts.end()) counts.emplace_back(reason, 1);
        else ++c->second;
    }
    std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::fprintf(stderr, "escapade-go: %zu dynamic calls have targets the IR does not determine (%s; %zu notes)\n", total,
                 m.function_count() > 0 && closed_world.empty() ? "none" : "closed world: every implementation; open world: the heap",
                 closed_world.size());
    for (const auto& [reason, n] : counts) std::fprintf(stderr, "escapade-go: fallback %zu %s\n", n, reason.c_str());
}

// ---- --format=json|sarif, --html=DIR ---------------------------------------------------------------
struct structured_output {
    std::string format = "gc";  // gc (the -m lines), json, sarif or dot
    std::vector<std::string> dot_functions;  // --format=dot: the functions to draw (all if empty)
    std::string sarif_root, html_dir;
    escapade::analysis_options baseline;  // --html: mode A
    bool baseline_world = false;          // --compare named its world (else: the analysed mode's)
};

// In the world mode, the files of the printed packages (sorted); nullptr in the per-package modes.
const std::vector<std::string>* printed_files = nullptr;
bool printed_file(std::string_view file) {
    return printed_files == nullptr || std::binary_search(printed_files->begin(), printed_files->end(), std::string(file));
}

// The package's own facts: not those of imported functions, declared at positions of the IR itself
// (in the world mode: those of the printed packages).
bool package_fact(std::string_view file, void* ir_name) { return file != static_cast<const char*>(ir_name) && printed_file(file); }
bool package_fact_html(const std::string& file) { return file != "<lowered>" && printed_file(file); }
bool dot_function(std::string_view name, void* names) {
    for (const std::string& n : *static_cast<const std::vector<std::string>*>(names))
        if (n == name) return true;
    return false;
}

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
        // the same program: its calls are all in the IR exactly when they are for the analysis
        baseline.caller_sets = baseline.world == escapade::world::closed && r.options().caller_sets;
        baseline.memory_rounds = r.options().memory_rounds;
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
    } else if (o.format == "dot") {
        escapade::dot_options d;
        d.title = program;
        if (!o.dot_functions.empty()) {
            d.keep_function = dot_function;
            d.keep_function_context = const_cast<std::vector<std::string>*>(&o.dot_functions);
        }
        ok = escapade::write_dot(m, r, to_stdout, d);
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
    using phase_clock = std::chrono::steady_clock;
    const phase_clock::time_point t_start = phase_clock::now();
    escapade::analysis_options options;
    int level = 1;
    bool timing = false, quiet = false;
    bool deps = false, deps_gc = false, deps_none = false, verbose = false, fallbacks = false, test_binary = false;
    int repeat = 1;
    unsigned memory_rounds = 0;  // --memory-rounds: off by default (each round is one whole analysis)
    std::string lowerer, ir_out, summary_dir, write_sums, pkg_path, tags, cache_dir;
    std::vector<std::string> summaries, paths, prints;
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
        } else if (std::strcmp(a, "--deps=none") == 0) {
            deps_none = true;
        } else if (starts_with(a, "--print=")) {
            prints.push_back(a + 8);
        } else if (std::strcmp(a, "--test") == 0) {
            test_binary = true;
        } else if (starts_with(a, "--tags=") || starts_with(a, "-tags=")) {
            tags = std::strchr(a, '=') + 1;
        } else if (starts_with(a, "--cache-dir=")) {
            cache_dir = a + 12;
        } else if (std::strcmp(a, "-v") == 0) {
            verbose = true;
        } else if (std::strcmp(a, "--fallbacks") == 0) {
            fallbacks = true;
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
        } else if (starts_with(a, "--memory-rounds=")) {
            char* end = nullptr;
            unsigned long n = std::strtoul(a + 16, &end, 10);
            if (end == a + 16 || *end != '\0' || n > 64) {
                std::fprintf(stderr, "escapade-go: --memory-rounds takes a number from 0 to 64, not \"%s\"\n", a + 16);
                return 2;
            }
            memory_rounds = static_cast<unsigned>(n);
        } else if (std::strcmp(a, "-q") == 0) {
            quiet = true;
        } else if (std::strcmp(a, "--format=gc") == 0 || std::strcmp(a, "--format=json") == 0 || std::strcmp(a, "--format=sarif") == 0 ||
                   std::strcmp(a, "--format=dot") == 0) {
            structured.format = a + 9;
        } else if (starts_with(a, "--dot-function=")) {
            structured.dot_functions.emplace_back(a + 15);
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
    // The per-package modes (one package; imported functions through summaries) are selected by
    // their options; otherwise the packages and everything they link are one module.
    const bool per_package = deps || deps_gc || deps_none || !summaries.empty() || !write_sums.empty() || !pkg_path.empty();
    const bool beyond_gc = options.dispatch == escapade::dispatch::closed || options.dispatch == escapade::dispatch::context;
    if (per_package && beyond_gc && options.dispatch == escapade::dispatch::closed) {
        std::fprintf(stderr, "escapade-go: --dispatch=closed analyses a whole program as one module: it cannot be combined with "
                             "--deps, --summaries, --write-summaries or -p\n");
        return 2;
    }
    if (per_package && test_binary) {
        std::fprintf(stderr, "escapade-go: --test needs the whole-program mode (not --deps, --summaries, --write-summaries or -p)\n");
        return 2;
    }
    if (per_package && !prints.empty()) {
        std::fprintf(stderr, "escapade-go: --print needs the whole-program mode (not --deps, --summaries, --write-summaries or -p)\n");
        return 2;
    }
    std::string text;
    world_info world;
    if (!per_package) {
        if (!run_world_lowerer(lowerer, quiet, verbose, level >= 2, test_binary, tags, prints, cache_dir, paths, text)) return 1;
        world = read_world_info(text);
        if (options.dispatch == escapade::dispatch::closed && !world.libraries.empty()) {
            std::fprintf(stderr,
                         "escapade-go: --dispatch=closed needs a main package: %s is a library, whose callers are not known "
                         "(use --dispatch=context, which analyses it in the open world)\n",
                         world.libraries.front().c_str());
            return 2;
        }
        if (beyond_gc && !world.closed && world.libraries.empty() && !quiet)
            std::fprintf(stderr, "escapade-go: the world is open (%s)\n", world.open_reason.c_str());
        // The lowerer declares the world closed only for main packages whose whole program it
        // lowered with nothing unmodelled (see escapade-lower -world).
        options.world = world.closed ? escapade::world::closed : escapade::world::open;
        // ... and every call but those of the entry points (main, init, the runtime's calls of
        // function values the program has): parameters get sets from their callers (issue 12)
        options.caller_sets = world.closed;
    }
    options.memory_rounds = memory_rounds;
    if (structured.format == "sarif" || structured.format == "dot" || !structured.html_dir.empty()) level = 2;  // explanations: code flows, "why", paths
    structured.baseline.explain = true;

    // Summaries of the imported packages, from their source (in dependency order).
    std::string list_file, temp_dir;
    if (deps) {
        if (!dep_summaries(lowerer, options, tags, paths, summary_dir, temp_dir, list_file, pkg_path, summaries, quiet,
                           verdicts_out.empty() ? nullptr : &verdicts))
            return 1;
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
    if (per_package && !run_lowerer(lowerer, quiet, summaries, pkg_path, paths, text, gc_tags, level >= 2, list_file, tags)) return 1;
    if (!list_file.empty()) std::remove(list_file.c_str());
    if (!temp_dir.empty()) remove_tree(temp_dir);
    if (!ir_out.empty()) {
        if (std::FILE* f = std::fopen(ir_out.c_str(), "wb")) {
            std::fwrite(text.data(), 1, text.size(), f);
            std::fclose(f);
        }
    }

    const phase_clock::time_point t_lowered = phase_clock::now();
    escapade::ir::module m;
    escapade::ir::read_options ro;
    const char* const ir_name = "<lowered>";
    ro.file_name = ir_name;
    char msg[512];
    escapade::status s = escapade::ir::read_text(text, m, ro);
    const phase_clock::time_point t_read = phase_clock::now();
    if (!s.ok()) {
        std::fprintf(stderr, "escapade-go: internal error: the lowered IR does not read back: %s\n", s.format(msg, sizeof msg));
        return 1;
    }
    options.explain = level >= 2 || fallbacks;
    options.keep_graph = structured.format == "dot" && structured.html_dir.empty();
    escapade::analysis_result<escapade::ir::module> result;
    // --time=N: the best of N runs (the first run of a fresh process pays for touching new memory;
    // gc's phase runs in a compiler whose heap is warm).
    // The processor time of this thread too: on a loaded machine wall times mostly measure the load.
    double best_us = 0, first_us = 0, best_cpu_us = 0;
    auto thread_cpu_us = [] {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e6 + double(ts.tv_nsec) / 1e3;
    };
    for (int run = 0; run < repeat; ++run) {
        result.clear();
        double c0 = thread_cpu_us();
        auto t0 = std::chrono::steady_clock::now();
        s = escapade::analyze(m, result, options);
        auto t1 = std::chrono::steady_clock::now();
        double cpu = thread_cpu_us() - c0;
        double us = std::chrono::duration<double, std::micro>(t1 - t0).count();
        if (run == 0) first_us = us;
        if (run == 0 || us < best_us) best_us = us;
        if (run == 0 || cpu < best_cpu_us) best_cpu_us = cpu;
        if (!s.ok()) break;
    }
    if (!s.ok()) {
        std::fprintf(stderr, "escapade-go: %s\n", s.format(msg, sizeof msg));
        return 1;
    }
    const phase_clock::time_point t_analysed = phase_clock::now();
    // -v: where the run's wall time went (the lowerer prints its own phases), on stderr at exit
    auto print_phases = [&] {
        if (!verbose) return;
        auto secs = [](phase_clock::time_point a, phase_clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
        const phase_clock::time_point t_end = phase_clock::now();
        std::fprintf(stderr,
                     "escapade-go: lowering %.2fs, reading the IR %.2fs (%zu bytes, %zu functions), analysis %.2fs (%d run%s), "
                     "report %.2fs, total %.2fs\n",
                     secs(t_start, t_lowered), secs(t_lowered, t_read), text.size(), m.function_count(), secs(t_read, t_analysed), repeat,
                     repeat == 1 ? "" : "s", secs(t_analysed, t_end), secs(t_start, t_end));
    };
    if (!write_sums.empty() && !write_summaries(m, result, pkg_path.empty() ? std::string("p") : pkg_path, write_sums))
        std::fprintf(stderr, "escapade-go: cannot write %s\n", write_sums.c_str());
    if (fallbacks) print_fallbacks(m, result);
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
        std::fprintf(stderr,
                     "escapade-go: analysis %.0f us (%zu functions, %zu sites; best of %d runs, first %.0f us; memory-set rounds %u; "
                     "processor time, best: %.0f us)\n",
                     best_us, m.function_count(), result.site_count(), repeat, first_us, unsigned(result.stats().memory_rounds), best_cpu_us);
    }
    if (!per_package) printed_files = &world.print_files;
    if (structured.format != "gc" || !structured.html_dir.empty()) {
        const int rc = write_structured(m, result, ir_name, structured, paths, pkg_path);
        print_phases();
        return rc;
    }
    // Only facts about the package's own files (imported functions are declared before any
    // `file` directive, at positions of the IR itself).
    std::string skip = std::string(ir_name) + ":";
    std::vector<std::string> lines;
    // World mode: only the files of the printed packages (the named ones and --print's).
    auto printed = [&](const std::string& line) {
        return per_package || std::binary_search(world.print_files.begin(), world.print_files.end(), line_file(line));
    };
    escapade::write_report(m, result, escapade::report_format::gc, level >= 2, [&](std::string_view line) {
        // (-m=2 explanation lines carry the position of their verdict)
        std::string l(line);
        if (l.compare(0, skip.size(), skip) != 0 && printed(l)) lines.push_back(std::move(l));
        return true;
    });
    // gc's front-end diagnostics the lowerer recorded (devirtualization), as ";gc-message LINE".
    const std::string tag = ";gc-message ";
    for (std::size_t at = text.find(tag); at != std::string::npos; at = text.find(tag, at + 1)) {
        if (at != 0 && text[at - 1] != '\n') continue;
        std::size_t end = text.find('\n', at);
        std::string l = text.substr(at + tag.size(), end == std::string::npos ? std::string::npos : end - at - tag.size());
        if (printed(l)) lines.push_back(std::move(l));
    }
    if (!per_package) join_instance_sites(lines);
    std::stable_sort(lines.begin(), lines.end(), [](const std::string& a, const std::string& b) {
        return position_key(a) < position_key(b);
    });
    for (const std::string& l : lines) {
        std::fwrite(l.data(), 1, l.size(), stdout);
        std::fputc('\n', stdout);
    }
    std::fflush(stdout);
    print_phases();
    return 0;
}
