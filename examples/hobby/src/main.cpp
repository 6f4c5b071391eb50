// main.cpp - hobbyc, the hobby language compiler driver: parse, check, escape analysis, C, cc.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>

#include "ast.hpp"
#include "codegen.hpp"
#include "escape.hpp"

#ifndef HOBBY_RUNTIME_DIR
#define HOBBY_RUNTIME_DIR "runtime"
#endif

namespace {

const char* const kUsage =
    "usage: hobbyc [options] FILE.hb [-- program arguments]\n"
    "  -o FILE              write the executable to FILE (default: FILE.hb without .hb)\n"
    "  --emit-c FILE        write the generated C to FILE ('-' for stdout); builds nothing unless -o or --run\n"
    "  --run                build, then run the program with the arguments after --\n"
    "  --no-escape          escape analysis off: every object on the heap\n"
    "  --dispatch=MODE      context (default: falls back to conservative where unsupported) or conservative\n"
    "  --report             print every allocation site and its verdict\n"
    "  --check-verdicts     compare the verdicts with the program's //! annotations; fail on a difference\n"
    "  --cc=CC              C compiler (default: $HOBBY_CC, else cc)\n"
    "  --cflags=FLAGS       flags for it (default: -O2)\n"
    "  --runtime=DIR        directory of hobby_rt.h (default: " HOBBY_RUNTIME_DIR ")\n"
    "  --time               print how long each phase took\n"
    "  -q                   quiet: no note about the analysis\n"
    "  --unsound-all-stack  TESTING ONLY: put every object on the stack (wrong code; ASan must object)\n";

struct Options {
    std::string input, output, emit_c, cc, cflags = "-O2", runtime = HOBBY_RUNTIME_DIR;
    std::vector<std::string> run_args;
    bool run = false, escape = true, context = true, report = false, check = false, time = false, quiet = false;
    bool all_stack = false;
};

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

int fail(const std::string& msg) {
    std::fprintf(stderr, "hobbyc: %s\n", msg.c_str());
    return 2;
}

bool parse_args(int argc, char** argv, Options& o, std::string& err) {
    const char* env_cc = std::getenv("HOBBY_CC");
    o.cc = env_cc && *env_cc ? env_cc : "cc";
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](const char* name, std::string& out) {
            std::string prefix = std::string(name) + "=";
            if (a.compare(0, prefix.size(), prefix) == 0) {
                out = a.substr(prefix.size());
                return true;
            }
            return false;
        };
        std::string dispatch;
        if (a == "--") {
            for (++i; i < argc; ++i) o.run_args.push_back(argv[i]);
        } else if (a == "-o" && i + 1 < argc) {
            o.output = argv[++i];
        } else if (a == "--emit-c" && i + 1 < argc) {
            o.emit_c = argv[++i];
        } else if (a == "--run") {
            o.run = true;
        } else if (a == "--no-escape") {
            o.escape = false;
        } else if (value("--dispatch", dispatch)) {
            if (dispatch != "context" && dispatch != "conservative") return err = "--dispatch takes context or conservative", false;
            o.context = dispatch == "context";
        } else if (a == "--report") {
            o.report = true;
        } else if (a == "--check-verdicts") {
            o.check = true;
        } else if (value("--cc", o.cc) || value("--cflags", o.cflags) || value("--runtime", o.runtime)) {
        } else if (a == "--time") {
            o.time = true;
        } else if (a == "-q") {
            o.quiet = true;
        } else if (a == "--unsound-all-stack") {
            o.all_stack = true;
        } else if (a == "-h" || a == "--help") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else if (!a.empty() && a[0] != '-' && o.input.empty()) {
            o.input = a;
        } else {
            return err = "unknown option '" + a + "'\n" + kUsage, false;
        }
    }
    if (o.input.empty()) return err = std::string("no input file\n") + kUsage, false;
    if (o.output.empty() && (o.run || o.emit_c.empty())) {
        o.output = o.input;
        if (o.output.size() > 3 && o.output.compare(o.output.size() - 3, 3, ".hb") == 0) o.output.resize(o.output.size() - 3);
        else o.output += ".exe";
    }
    return true;
}

/// The verdict words (heap, stack) at the start of an annotation: `//! heap stack: why`.
std::string verdict_words(const std::string& text) {
    std::istringstream in(text);
    std::string out;
    for (std::string w; in >> w;) {
        while (!w.empty() && (w.back() == ':' || w.back() == ',' || w.back() == ';')) w.pop_back();
        if (w != "heap" && w != "stack") break;
        out += (out.empty() ? "" : " ") + w;
    }
    return out;
}

/// `//! heap stack` after the code of a line: the verdicts of the allocation sites on that line,
/// in column order, then any explanation. `//!context ...` overrides it when the analysis ran with
/// dispatch=context. Every line with a site needs an annotation.
bool check_verdicts(const hobby::Program& prog, const hobby::EscapeResult& r) {
    std::map<std::uint32_t, std::vector<const hobby::Site*>> by_line;
    for (const hobby::Site& s : r.sites) by_line[s.pos.line].push_back(&s);
    std::map<std::uint32_t, std::string> notes;
    std::istringstream in(prog.source);
    std::string text;
    for (std::uint32_t line = 1; std::getline(in, text); ++line) {
        std::string note, context_note;
        for (std::size_t at = text.find("//!"); at != std::string::npos; at = text.find("//!", at + 3)) {
            bool ctx = text.compare(at, 10, "//!context") == 0;
            std::string words = verdict_words(text.substr(at + (ctx ? 10 : 3)));
            (ctx ? context_note : note) = words;
        }
        if (r.dispatch == "context" && !context_note.empty()) note = context_note;
        if (!note.empty() || by_line.count(line)) notes[line] = note;
    }
    bool ok = true;
    for (auto& [line, note] : notes) {
        std::vector<const hobby::Site*> sites = by_line[line];
        std::stable_sort(sites.begin(), sites.end(), [](const hobby::Site* a, const hobby::Site* b) { return a->pos.col < b->pos.col; });
        std::string got;
        for (const hobby::Site* s : sites) got += std::string(got.empty() ? "" : " ") + (s->heap ? "heap" : "stack");
        const std::string& expected = note;
        if (got != expected) {
            ok = false;
            std::fprintf(stderr, "%s:%u: verdicts [%s], annotation //! [%s]\n", prog.file.c_str(), line, got.c_str(), expected.c_str());
            for (const hobby::Site* s : sites)
                std::fprintf(stderr, "    %u:%u %s: %s%s%s\n", s->pos.line, s->pos.col, s->name.c_str(), s->heap ? "heap" : "stack",
                             s->heap ? ", " : "", s->reason.c_str());
        }
    }
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    std::string err;
    if (!parse_args(argc, argv, o, err)) return fail(err);

    auto t0 = std::chrono::steady_clock::now();
    hobby::Program prog;
    prog.file = o.input;
    {
        std::ifstream in(o.input, std::ios::binary);
        if (!in) return fail("cannot read " + o.input);
        std::stringstream ss;
        ss << in.rdbuf();
        prog.source = ss.str();
    }
    hobby::Diag diag;
    bool parsed = hobby::parse(prog, diag);
    double t_parse = since(t0);
    auto t1 = std::chrono::steady_clock::now();
    if (!parsed || !hobby::check(prog, diag)) {
        std::fprintf(stderr, "%s:%u:%u: error: %s\n", o.input.c_str(), diag.pos.line, diag.pos.col, diag.message.c_str());
        return 1;
    }
    double t_check = since(t1);

    hobby::Placement placement = o.all_stack ? hobby::Placement::all_stack : hobby::Placement::all_heap;
    hobby::EscapeResult esc;
    if (o.escape && !o.all_stack) {
        esc = hobby::analyze_escapes(prog, o.context);
        if (esc.ok) {
            placement = hobby::Placement::verdicts;
            if (!o.quiet)
                std::fprintf(stderr, "hobbyc: escape analysis: dispatch=%s%s%s\n", esc.dispatch.c_str(), esc.note.empty() ? "" : "; ",
                             esc.note.c_str());
        } else {
            std::fprintf(stderr, "hobbyc: escape analysis failed, every object goes to the heap: %s\n", esc.error.c_str());
            if (o.check) return 1;
        }
    } else if (!o.quiet) {
        std::fprintf(stderr, "hobbyc: escape analysis off: %s\n", o.all_stack ? "UNSOUND: every object on the stack" : "every object on the heap");
    }
    if (o.report && esc.ok) {
        for (const hobby::Site& s : esc.sites)
            std::fprintf(stderr, "%s:%u:%u: %s: %s%s%s\n", o.input.c_str(), s.pos.line, s.pos.col, s.name.c_str(), s.heap ? "heap" : "stack",
                         s.heap ? " - " : "", s.reason.c_str());
    }
    if (o.check && (!esc.ok || !check_verdicts(prog, esc))) return 1;

    auto t2 = std::chrono::steady_clock::now();
    std::string c = hobby::generate_c(prog, placement);
    double t_gen = since(t2);

    std::string c_path = o.emit_c;
    if (c_path == "-") {
        std::fputs(c.c_str(), stdout);
        c_path.clear();
    }
    if (c_path.empty() && !o.output.empty()) c_path = o.output + ".c";
    if (!c_path.empty()) {
        std::ofstream out(c_path, std::ios::binary);
        out << c;
        if (!out) return fail("cannot write " + c_path);
    }
    double t_cc = 0;
    if (!o.output.empty()) {
        std::string cmd = o.cc + " " + o.cflags + " -I" + quote(o.runtime) + " -o " + quote(o.output) + " " + quote(c_path);
        auto t3 = std::chrono::steady_clock::now();
        if (std::system(cmd.c_str()) != 0) return fail("the C compiler failed: " + cmd);
        t_cc = since(t3);
    }
    if (o.time)
        std::fprintf(stderr, "hobbyc: parse %.3f ms, check %.3f ms, escape analysis %.3f ms, C generation %.3f ms, cc %.1f ms\n", t_parse,
                     t_check, esc.seconds * 1000, t_gen, t_cc);
    if (o.run) {
        std::string cmd = o.output.find('/') == std::string::npos ? "./" + o.output : o.output;
        cmd = quote(cmd);
        for (const std::string& a : o.run_args) cmd += " " + quote(a);
        std::fflush(stdout);
        int rc = std::system(cmd.c_str());
        if (rc == -1) return fail("cannot run " + o.output);
        return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc);
    }
    return 0;
}
