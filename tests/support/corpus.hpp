// tests/support/corpus.hpp - running text-IR test programs that carry their expectations inline.
//
// A test program marks what it expects with comments on the line of the site or parameter:
//
//     var v int                     ; EXPECT: v: heap (stored in global)
//     func f(p *int) *int {         ; EXPECT: p: param leaks to result ~r0 (level 0)
//
// An expectation matches a report line of the text format on the same source line when the line,
// stripped of "FILE:LINE:COL: FUNCTION: ", is exactly the expectation text (surrounding blanks
// aside): `c: param does not escape` does not match `c: param does not escape; leaks if c.Read
// keeps its receiver`. Every expectation must match a line, and every report line must be matched
// by an expectation on its line (so a site nobody expected is a failure too, as in Go's
// errorcheck).
//
// An expectation can be limited to some dispatch policies: `; EXPECT(closed,context): x: stack`.
// Header directives (anywhere in the file):
//     ; MODES: conservative closed context  run the program once per dispatch policy listed (default:
//                                       conservative only); unqualified expectations hold in each.
//                                       A test program is a whole program: closed and context run
//                                       with --world=closed; `closed@open` and `context@open` run the
//                                       same policy with --world=open (the program as a library)
//     ; ARGS: --dispatch=closed        options for this program (several allowed, space separated)
//     ; ERROR: 12:7 unknown name        the program must be rejected with this error (line:col and
//                                       a substring of the message); no analysis is run
#ifndef ESCAPADE_TESTS_SUPPORT_CORPUS_HPP
#define ESCAPADE_TESTS_SUPPORT_CORPUS_HPP

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <escapade/escapade.hpp>

namespace corpus {

struct expectation {
    unsigned line;
    std::string text;
    bool matched = false;
    std::vector<std::string> modes;  ///< empty: every mode
};

struct outcome {
    bool ok = true;
    std::vector<std::string> problems;  ///< human-readable failures
    std::vector<std::string> report;    ///< the text report (for failure messages)
    std::size_t expectations = 0;
};

inline std::string trim(std::string s) {
    std::size_t a = s.find_first_not_of(" \t\r");
    std::size_t b = s.find_last_not_of(" \t\r");
    if (a == std::string::npos) return std::string();
    return s.substr(a, b - a + 1);
}

inline bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::stringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

/// Parses the EXPECT / ARGS / ERROR comments of a program.
inline void parse_directives(const std::string& text, std::vector<expectation>& expects, std::vector<std::string>& args,
                             std::string& error_spec, std::vector<std::string>* modes = nullptr) {
    std::istringstream in(text);
    std::string line;
    unsigned n = 0;
    while (std::getline(in, line)) {
        ++n;
        std::size_t c = line.find(';');
        std::size_t c2 = line.find("//");
        if (c2 != std::string::npos && (c == std::string::npos || c2 < c)) c = c2;
        if (c == std::string::npos) continue;
        std::string comment = line.substr(c);
        std::size_t a = comment.find("ARGS:");
        if (a != std::string::npos) {
            std::istringstream as(comment.substr(a + 5));
            std::string w;
            while (as >> w) args.push_back(w);
        }
        std::size_t md = comment.find("MODES:");
        if (md != std::string::npos && modes) {
            std::istringstream ms(comment.substr(md + 6));
            std::string w;
            while (ms >> w) modes->push_back(w);
        }
        std::size_t er = comment.find("ERROR:");
        if (er != std::string::npos) error_spec = trim(comment.substr(er + 6));
        // EXPECT: text   or   EXPECT(mode,mode): text
        std::size_t pos = 0;
        while ((pos = comment.find("EXPECT", pos)) != std::string::npos) {
            std::size_t p2 = pos + 6;
            std::vector<std::string> ms;
            if (p2 < comment.size() && comment[p2] == '(') {
                std::size_t close = comment.find(')', p2);
                if (close == std::string::npos) break;
                std::string list = comment.substr(p2 + 1, close - p2 - 1);
                std::size_t a = 0;
                while (a <= list.size()) {
                    std::size_t b = list.find(',', a);
                    std::string m = trim(list.substr(a, b == std::string::npos ? std::string::npos : b - a));
                    if (!m.empty()) ms.push_back(m);
                    if (b == std::string::npos) break;
                    a = b + 1;
                }
                p2 = close + 1;
            }
            if (p2 >= comment.size() || comment[p2] != ':') {
                pos = p2;
                continue;
            }
            std::size_t start = p2 + 1;
            std::size_t next = comment.find("EXPECT", start);
            std::string t = comment.substr(start, next == std::string::npos ? std::string::npos : next - start);
            t = trim(t);
            while (!t.empty() && (t.back() == ';' || t.back() == '/')) t = trim(t.substr(0, t.size() - 1));
            expectation e{n, t, false, {}};
            e.modes = ms;
            expects.push_back(e);
            pos = start;
        }
    }
}

inline bool apply_args(const std::vector<std::string>& args, escapade::analysis_options& o) {
    for (const std::string& a : args) {
        if (a == "--dispatch=closed") o.dispatch = escapade::dispatch::closed;
        else if (a == "--dispatch=context") o.dispatch = escapade::dispatch::context;
        else if (a == "--dispatch=conservative") o.dispatch = escapade::dispatch::conservative;
        else if (a == "--model=precise") o.model = escapade::model::precise;
        else if (a == "--model=gc") o.model = escapade::model::gc;
        else if (a == "--world=open") o.world = escapade::world::open;
        else if (a == "--world=closed") o.world = escapade::world::closed;
        else if (a == "--caller-sets") o.caller_sets = true;
        else if (a.rfind("--memory-rounds=", 0) == 0) o.memory_rounds = static_cast<unsigned>(std::stoul(a.substr(16)));
        else if (a.rfind("--budget=", 0) == 0) o.batch_work_limit = std::stoull(a.substr(9));
        else if (a.rfind("--faults=", 0) == 0) o.unsound_faults = static_cast<std::uint32_t>(std::stoul(a.substr(9)));
        else return false;
    }
    return true;
}

/// Runs one program file and checks its expectations. `extra` options override the file's ARGS
/// (used to run one corpus under several dispatch policies).
inline outcome run_file_mode(const std::string& path, const std::vector<std::string>& extra, const std::string& mode);

/// Runs the program once per mode listed in its MODES header (conservative only by default).
inline outcome run_file(const std::string& path, const std::vector<std::string>& extra = {}) {
    std::string text;
    std::vector<expectation> ex;
    std::vector<std::string> args, modes;
    std::string err;
    if (read_file(path, text)) parse_directives(text, ex, args, err, &modes);
    if (modes.empty()) return run_file_mode(path, extra, "");
    outcome all;
    all.expectations = 0;
    for (const std::string& m : modes) {
        std::vector<std::string> x = extra;
        std::size_t at = m.find('@');
        x.push_back("--dispatch=" + m.substr(0, at));
        x.push_back(at == std::string::npos ? std::string("--world=closed") : "--world=" + m.substr(at + 1));
        outcome o = run_file_mode(path, x, m);
        all.ok = all.ok && o.ok;
        for (const std::string& p : o.problems) all.problems.push_back("[" + m + "] " + p);
        if (!o.ok)
            for (const std::string& l : o.report) all.report.push_back("[" + m + "] " + l);
        all.expectations += o.expectations;
    }
    return all;
}

inline outcome run_file_mode(const std::string& path, const std::vector<std::string>& extra, const std::string& mode) {
    outcome out;
    std::string text;
    if (!read_file(path, text)) {
        out.ok = false;
        out.problems.push_back("cannot read " + path);
        return out;
    }
    std::vector<expectation> expects;
    std::vector<std::string> args;
    std::string error_spec;
    parse_directives(text, expects, args, error_spec);
    for (const std::string& a : extra) args.push_back(a);
    escapade::analysis_options opt;
    if (!apply_args(args, opt)) {
        out.ok = false;
        out.problems.push_back("bad ARGS in " + path);
        return out;
    }
    escapade::ir::module m;
    escapade::ir::read_options ro;
    ro.file_name = path;
    escapade::status st = escapade::ir::read_text(text, m, ro);
    char buf[512];
    if (!error_spec.empty()) {
        // "LINE:COL message-substring"
        std::size_t sp = error_spec.find(' ');
        std::string where = error_spec.substr(0, sp);
        std::string what = sp == std::string::npos ? std::string() : trim(error_spec.substr(sp + 1));
        std::string got = st.ok() ? std::string("ok") : std::string(st.format(buf, sizeof buf));
        std::string want_pos = ":" + where + ": error: ";
        if (st.ok() || got.find(want_pos) == std::string::npos || got.find(what) == std::string::npos) {
            out.ok = false;
            out.problems.push_back("expected error '" + error_spec + "', got: " + got);
        }
        out.expectations = 1;
        return out;
    }
    if (!st.ok()) {
        out.ok = false;
        out.problems.push_back(std::string("read failed: ") + st.format(buf, sizeof buf));
        return out;
    }
    escapade::analysis_result<escapade::ir::module> res;
    st = escapade::analyze(m, res, opt);
    if (!st.ok()) {
        out.ok = false;
        out.problems.push_back(std::string("analysis failed: ") + st.format(buf, sizeof buf));
        return out;
    }
    struct line_t {
        unsigned line;
        std::string rest;
        bool matched = false;
    };
    std::vector<line_t> lines;
    escapade::write_report(m, res, escapade::report_format::text, false, [&](std::string_view l) {
        std::string s(l);
        out.report.push_back(s);
        // FILE:LINE:COL: FUNCTION: rest  (FILE may contain ':' only in odd paths; we split from the left after path)
        if (s.compare(0, path.size(), path) != 0) return true;  // positions in other files
        std::size_t p = path.size() + 1;
        std::size_t c1 = s.find(':', p);
        unsigned ln = static_cast<unsigned>(std::stoul(s.substr(p, c1 - p)));
        std::size_t c2 = s.find(": ", c1 + 1);   // after column
        std::size_t c3 = s.find(": ", c2 + 2);   // after function
        lines.push_back(line_t{ln, s.substr(c3 + 2)});
        return true;
    });
    // expectations that do not apply to this mode
    std::vector<expectation> active;
    for (const expectation& e : expects) {
        bool applies = e.modes.empty();
        for (const std::string& m : e.modes) applies = applies || m == mode || (mode.empty() && m == "conservative");
        if (applies) active.push_back(e);
    }
    expects.swap(active);
    out.expectations = expects.size();
    for (expectation& e : expects) {
        for (line_t& l : lines)
            if (l.line == e.line && trim(l.rest) == e.text) {
                e.matched = true;
                l.matched = true;
            }
        if (!e.matched) {
            out.ok = false;
            out.problems.push_back(path + ":" + std::to_string(e.line) + ": expectation not met: " + e.text);
        }
    }
    for (const line_t& l : lines)
        if (!l.matched) {
            out.ok = false;
            out.problems.push_back(path + ":" + std::to_string(l.line) + ": unexpected: " + l.rest);
        }
    return out;
}

}  // namespace corpus

#endif  // ESCAPADE_TESTS_SUPPORT_CORPUS_HPP
