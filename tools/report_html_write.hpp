// tools/report_html_write.hpp - renders the rows of report_html.hpp as a static HTML site.
//
//   DIR/index.html     totals (sites, heap under A and B, moved to the stack / to the heap by B,
//                      known heap bytes), a table per package (directory), the sites whose verdict
//                      differs, a table per function, the files
//   DIR/files/N.html   one source file (N: its rank in name order): numbered lines, each site marked
//                      at its column, and under each line with facts a <details> element per site
//                      (verdicts of both modes, reason, type and size, each heap verdict's
//                      explanation paths step by step - an ordered list per path, one item per flow
//                      with its weight, edge and position (a link to the line) and the host nodes
//                      it came from - and the explanation lines) and the parameter summaries and
//                      notes of that line
//   DIR/style.css      the one style sheet
//
// Every page is plain HTML (UTF-8, no external resource); the file pages have one short inline
// script that opens the site a link points to (#sN): without it only that is lost. Elements carry
// data-* attributes (data-mark, data-name, data-line, data-package, data-function, data-file; on a
// path's list data-mode and data-path, on a step data-from, data-to, data-derefs, data-edge) so a
// test can read the DOM. Output is deterministic: rows are sorted, nothing depends on time or the environment.
// Complexity: O(S log S + F log F) for sorting plus O(size of the sources and of the output).
#ifndef ESCAPADE_TOOLS_REPORT_HTML_WRITE_HPP
#define ESCAPADE_TOOLS_REPORT_HTML_WRITE_HPP

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "report_html.hpp"

namespace escapade_html {

struct html_options {
    std::string title = "escapade report";
    std::string label[2] = {"A", "B"};  ///< the two modes, e.g. "gc, conservative" and "precise, context"
};

/// "MODEL,DISPATCH[,WORLD]" (e.g. "gc,conservative", the form of --compare=) into o; false if
/// malformed. *world_given says whether WORLD was there (without it the tools compare in the
/// analysed mode's world).
inline bool parse_mode(const std::string& text, escapade::analysis_options& o, bool* world_given) {
    *world_given = false;
    std::size_t comma = text.find(',');
    std::string m = text.substr(0, comma), d = comma == std::string::npos ? std::string() : text.substr(comma + 1);
    std::size_t comma2 = d.find(',');
    if (comma2 != std::string::npos) {
        std::string w = d.substr(comma2 + 1);
        d = d.substr(0, comma2);
        if (w == "open") o.world = escapade::world::open;
        else if (w == "closed") o.world = escapade::world::closed;
        else return false;
        *world_given = true;
    }
    if (m == "gc") o.model = escapade::model::gc;
    else if (m == "precise") o.model = escapade::model::precise;
    else return false;
    if (d == "conservative") o.dispatch = escapade::dispatch::conservative;
    else if (d == "closed") o.dispatch = escapade::dispatch::closed;
    else if (d == "context") o.dispatch = escapade::dispatch::context;
    else return false;
    return true;
}

/// "model, dispatch[, closed world]" of an options value, for the labels of the two modes.
inline std::string mode_label(const escapade::analysis_options& o) {
    return std::string(escapade::to_string(o.model)) + ", " + escapade::to_string(o.dispatch) +
           (o.world == escapade::world::closed ? ", closed world" : "");
}

namespace detail {

inline std::string esc(const std::string& s) {
    std::string o;
    o.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': o += "&amp;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '"': o += "&quot;"; break;
        case '\'': o += "&#39;"; break;
        default: o += c;
        }
    }
    return o;
}

/// 1234567 as "1,234,567".
inline std::string grouped(unsigned long long n) {
    std::string d = std::to_string(n), o;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (i > 0 && (d.size() - i) % 3 == 0) o += ',';
        o += d[i];
    }
    return o;
}

inline std::string package_of(const std::string& file) {
    std::size_t slash = file.rfind('/');
    return slash == std::string::npos ? std::string(".") : slash == 0 ? std::string("/") : file.substr(0, slash);
}

inline bool write_file(const std::string& path, const std::string& text, std::string* error) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    bool ok = f != nullptr && std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (f != nullptr && std::fclose(f) != 0) ok = false;
    if (!ok && error) *error = "cannot write " + path;
    return ok;
}

inline bool read_file(const std::string& path, std::string& out) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) return false;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    bool ok = !std::ferror(f);
    std::fclose(f);
    return ok;
}

/// Counters of a group of sites (a package, a function, a file, everything).
struct tally {
    std::size_t sites = 0, heap[2] = {0, 0}, saved = 0, lost = 0;
    unsigned long long heap_bytes[2] = {0, 0};
    void add(const site_row& s) {
        ++sites;
        for (int m = 0; m < 2; ++m) {
            bool h = s.present[m] ? s.heap[m] : s.heap[1 - m];
            heap[m] += h;
            if (h && s.size > 0) heap_bytes[m] += static_cast<unsigned long long>(s.size);
        }
        std::string mk = s.mark();
        saved += mk == "saved";
        lost += mk == "lost";
    }
    std::string cells() const {
        return "<td class=\"num\">" + std::to_string(sites) + "</td><td class=\"num\">" + std::to_string(heap[0]) +
               "</td><td class=\"num\">" + std::to_string(heap[1]) + "</td><td class=\"num saved\">" + std::to_string(saved) +
               "</td><td class=\"num lost\">" + std::to_string(lost) + "</td>";
    }
};

inline std::string verdict_text(const site_row& s, int m) {
    if (!s.present[m]) return "not a site in this mode";
    return s.heap[m] ? "heap (" + s.reason[m] + ")" : "stack";
}

inline std::string page_head(const std::string& title, const std::string& css) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title) +
           "</title>\n<link rel=\"stylesheet\" href=\"" + css + "\">\n</head>\n<body>\n";
}

/// The explanation paths of one mode of a site, step by step: an ordered list per path, each item
/// `TO = &FROM` (the weight as gc writes it) with the edge, its position (a link to the line on
/// this page when in this file) and the host nodes the flow came from.
inline std::string paths_html(const site_row& x, int m, const std::string& file) {
    std::string o;
    const auto& ps = x.paths[m];
    auto where = [&](const std::string& f, unsigned line, unsigned column) {
        std::string at = std::to_string(line) + ":" + std::to_string(column);
        if (f == file) return "<a href=\"#L" + std::to_string(line) + "\">" + at + "</a>";
        return esc(f) + ":" + at;
    };
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const path& p = ps[i];
        std::string root = p.steps.empty() ? std::string() : p.steps.back().to;
        o += "<div class=\"why\">How " + esc(x.name) + " escapes under " + (m == 0 ? "A" : "B") +
             (ps.size() > 1 ? ", path " + std::to_string(i + 1) + " of " + std::to_string(ps.size()) : std::string()) +
             (root.empty() ? std::string() : ": it reaches <code>" + esc(root) + "</code>") + "</div>\n";
        o += "<ol class=\"path\" data-mode=\"" + std::string(m == 0 ? "a" : "b") + "\" data-path=\"" + std::to_string(i) + "\">\n";
        for (const path_step& st : p.steps) {
            std::string w = st.derefs < 0 ? "&amp;" : std::string(static_cast<std::size_t>(st.derefs > 16 ? 16 : st.derefs), '*');
            o += "<li class=\"step\" data-from=\"" + esc(st.from) + "\" data-to=\"" + esc(st.to) + "\" data-derefs=\"" +
                 std::to_string(st.derefs) + "\" data-edge=\"" + esc(st.edge) + "\"><code>" + esc(st.to) + " = " + w + esc(st.from) +
                 "</code> <span class=\"edge\">" + esc(st.edge) + "</span>";
            if (st.line != 0) o += " at " + where(st.file, st.line, st.column);
            if (!st.notes.empty()) {
                o += "<ul class=\"notes\">";
                for (const path_note& n : st.notes)
                    o += "<li>from <code>" + esc(n.text) + "</code> (" + esc(n.why) + ") at " + where(n.file, n.line, n.column) + "</li>";
                o += "</ul>";
            }
            o += "</li>\n";
        }
        if (p.truncated) o += "<li class=\"truncated\">(the chain ends early: an assignment cycle)</li>\n";
        o += "</ol>\n";
    }
    return o;
}

inline const char* style_css() {
    return R"(/* escapade HTML report: one style sheet, no external resource */
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 2em 2em; color: #1d1d1f; background: #fff; }
header { border-bottom: 1px solid #ddd; margin-bottom: 1em; }
h1 { font-size: 1.5em; margin: 0.6em 0 0.2em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
a { color: #0b57d0; text-decoration: none; } a:hover { text-decoration: underline; }
.mode { font-weight: 600; }
.cards { display: flex; flex-wrap: wrap; gap: 0.8em; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 0.6em 1em; min-width: 9em; }
.card .n { display: block; font-size: 1.8em; font-weight: 700; }
.card.heap .n { color: #b3261e; } .card.saved .n { color: #0b57d0; } .card.lost .n { color: #b25e00; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { padding: 0.2em 0.7em; text-align: left; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f6f6f8; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } th, td.num, td.pkg { white-space: nowrap; }
td.saved { color: #0b57d0; } td.lost { color: #b25e00; }
.badge { display: inline-block; border-radius: 4px; padding: 0 0.45em; font-size: 0.85em; font-weight: 600; color: #fff; }
.badge.heap { background: #b3261e; } .badge.stack { background: #1e7b34; } .badge.saved { background: #0b57d0; } .badge.lost { background: #b25e00; }
table.src { width: 100%; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
table.src td { border: none; padding: 0 0.6em; }
table.src td.ln { color: #888; text-align: right; width: 4em; user-select: none; }
table.src td.ln a { color: #888; }
table.src td.code { white-space: pre; tab-size: 4; }
table.src tr.has-sites td.code { background: #fbfbfd; }
table.src tr.facts td { padding: 0.15em 0.6em 0.5em 2.5em; font-family: system-ui, sans-serif; font-size: 13px; }
a.m { border-radius: 3px; padding: 0 1px; color: inherit; }
a.m.heap { background: #fbd9d6; outline: 1px solid #e8a29c; } a.m.stack { background: #d7f0dc; outline: 1px solid #9fd3ab; }
a.m.saved { background: #d6e4fd; outline: 1px solid #93b4ef; } a.m.lost { background: #fde6c8; outline: 1px solid #e6b26f; }
details.site { margin: 0.2em 0; border-left: 3px solid #ccc; padding-left: 0.5em; }
details.site.heap { border-color: #b3261e; } details.site.stack { border-color: #1e7b34; }
details.site.saved { border-color: #0b57d0; } details.site.lost { border-color: #b25e00; }
details.site summary { cursor: pointer; }
details.site dl { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; margin: 0.4em 0; }
details.site dt { color: #555; } details.site dd { margin: 0; }
ol.path { margin: 0.2em 0 0.6em; padding-left: 2.2em; font-size: 13px; }
ol.path > li { border-left: 4px solid #6a3fb5; padding: 0.15em 0.5em; margin: 0.15em 0; background: #f4f0fb; }
ol.path code { font-weight: 600; } ol.path .edge { color: #6a3fb5; font-style: italic; }
ol.path ul.notes { margin: 0.1em 0 0; padding-left: 1.2em; color: #444; list-style: circle; }
details.site pre { background: #f6f6f8; padding: 0.4em 0.6em; margin: 0.2em 0 0.5em; white-space: pre-wrap; font-size: 12px; }
.fact { color: #444; margin: 0.15em 0; } .fact .what { font-weight: 600; }
.generated { color: #888; font-style: italic; }
.legend span { margin-right: 1em; }
footer { margin-top: 2em; color: #777; font-size: 0.9em; }
)";
}

}  // namespace detail

/// Writes the report of `data` into `dir` (created if missing). False, with *error set, on an I/O
/// error.
inline bool write_html(const std::string& dir, report_data data, const html_options& opt, std::string* error) {
    using detail::esc;
    mkdir(dir.c_str(), 0777);
    mkdir((dir + "/files").c_str(), 0777);
    auto& sites = data.sites;
    std::sort(sites.begin(), sites.end(), [](const site_row& a, const site_row& b) {
        return std::tie(a.file, a.line, a.column, a.name, a.function) < std::tie(b.file, b.line, b.column, b.name, b.function);
    });
    std::sort(data.facts.begin(), data.facts.end(), [](const line_fact& a, const line_fact& b) {
        return std::tie(a.file, a.line, a.column, a.function, a.what) < std::tie(b.file, b.line, b.column, b.function, b.what);
    });
    // Files in name order (those with sites or facts); a file's page is files/<rank>.html.
    std::map<std::string, std::size_t> file_rank;
    for (const auto& s : sites) file_rank.emplace(s.file, 0);
    for (const auto& f : data.facts) file_rank.emplace(f.file, 0);
    std::size_t rank = 0;
    for (auto& [name, r] : file_rank) r = rank++;
    auto page_of = [&](const std::string& file) { return "files/" + std::to_string(file_rank[file]) + ".html"; };

    const std::string& la = opt.label[0];
    const std::string& lb = opt.label[1];
    detail::tally all;
    std::map<std::string, detail::tally> by_package, by_file;
    // (package, function, file) -> (tally, first site): functions of one name in different programs
    // of one directory (text IR) stay apart
    std::map<std::tuple<std::string, std::string, std::string>, std::pair<detail::tally, std::size_t>> by_function;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const site_row& s = sites[i];
        all.add(s);
        by_package[detail::package_of(s.file)].add(s);
        by_file[s.file].add(s);
        auto it = by_function.emplace(std::make_tuple(detail::package_of(s.file), s.function, s.file), std::make_pair(detail::tally{}, i)).first;
        it->second.first.add(s);
    }
    const char* cols = "<th>sites</th><th>heap (A)</th><th>heap (B)</th><th>saved by B</th><th>lost by B</th>";

    // ---- index.html ------------------------------------------------------------------------------
    std::string h = detail::page_head(opt.title, "style.css");
    h += "<header>\n<h1>" + esc(opt.title) + "</h1>\n<p class=\"modes\">Comparing <span class=\"mode\" id=\"mode-a\">A: " + esc(la) +
         "</span> with <span class=\"mode\" id=\"mode-b\">B: " + esc(lb) +
         "</span>. Marks in the source show B's verdict; <span class=\"badge saved\">saved</span> sites are on the heap under A "
         "and on the stack under B.</p>\n</header>\n";
    h += "<section id=\"totals\">\n<h2>Totals</h2>\n<div class=\"cards\">\n";
    auto card = [&](const char* cls, const char* id, std::size_t n, const std::string& what) {
        h += std::string("<div class=\"card ") + cls + "\"><span class=\"n\" id=\"" + id + "\">" + std::to_string(n) + "</span>" + what +
             "</div>\n";
    };
    card("", "total-sites", all.sites, "allocation sites");
    card("heap", "total-heap-a", all.heap[0], "on the heap under A");
    card("heap", "total-heap-b", all.heap[1], "on the heap under B");
    card("saved", "total-saved", all.saved, "moved to the stack by B");
    card("lost", "total-lost", all.lost, "moved to the heap by B");
    h += "</div>\n<p id=\"heap-bytes\">Heap bytes of the sites whose size is known: " + detail::grouped(all.heap_bytes[0]) + " under A, " +
         detail::grouped(all.heap_bytes[1]) + " under B.</p>\n</section>\n";

    h += "<section id=\"packages\">\n<h2>Packages</h2>\n<table>\n<tr><th>package</th>" + std::string(cols) + "</tr>\n";
    for (const auto& [pkg, t] : by_package)
        h += "<tr data-package=\"" + esc(pkg) + "\"><td>" + esc(pkg) + "</td>" + t.cells() + "</tr>\n";
    h += "</table>\n</section>\n";

    h += "<section id=\"differences\">\n<h2>Sites B decides differently</h2>\n";
    std::string diff_rows;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const site_row& s = sites[i];
        std::string mk = s.mark();
        if (mk != "saved" && mk != "lost") continue;
        diff_rows += "<tr data-mark=\"" + mk + "\" data-name=\"" + esc(s.name) + "\"><td><a href=\"" + page_of(s.file) + "#s" +
                     std::to_string(i) + "\">" + esc(s.file) + ":" + std::to_string(s.line) + ":" + std::to_string(s.column) +
                     "</a></td><td>" + esc(s.function) + "</td><td>" + esc(s.name) + "</td><td><span class=\"badge " + mk + "\">" + mk +
                     "</span></td><td>" + esc(detail::verdict_text(s, 0)) + "</td><td>" + esc(detail::verdict_text(s, 1)) + "</td></tr>\n";
    }
    if (diff_rows.empty()) h += "<p>None: both modes decide every site alike.</p>\n";
    else h += "<table>\n<tr><th>position</th><th>function</th><th>site</th><th></th><th>A</th><th>B</th></tr>\n" + diff_rows + "</table>\n";
    h += "</section>\n";

    h += "<section id=\"functions\">\n<h2>Functions</h2>\n<table>\n<tr><th>package</th><th>function</th><th>file</th>" + std::string(cols) +
         "</tr>\n";
    for (const auto& [key, v] : by_function) {
        const auto& [pkg, function, file] = key;
        std::string base = file.substr(file.rfind('/') == std::string::npos ? 0 : file.rfind('/') + 1);
        h += "<tr data-package=\"" + esc(pkg) + "\" data-function=\"" + esc(function) + "\" data-file=\"" + esc(file) +
             "\"><td class=\"pkg\">" + esc(pkg) +
             "</td><td><a href=\"" + page_of(file) + "#s" + std::to_string(v.second) + "\">" + esc(function) + "</a></td><td title=\"" +
             esc(file) + "\">" + esc(base) + "</td>" + v.first.cells() + "</tr>\n";
    }
    h += "</table>\n</section>\n";

    h += "<section id=\"files\">\n<h2>Files</h2>\n<table>\n<tr><th>file</th>" + std::string(cols) + "</tr>\n";
    for (const auto& [file, r] : file_rank) {
        detail::tally t = by_file.count(file) ? by_file[file] : detail::tally{};
        h += "<tr><td><a href=\"" + page_of(file) + "\">" + esc(file) + "</a></td>" + t.cells() + "</tr>\n";
    }
    h += "</table>\n</section>\n<footer>escapade " ESCAPADE_VERSION_STRING
         ". In a file, click a site to see both verdicts and, for a heap site, its path step by step.</footer>\n</body>\n</html>\n";
    if (!detail::write_file(dir + "/index.html", h, error) || !detail::write_file(dir + "/style.css", detail::style_css(), error))
        return false;

    // ---- one page per file -----------------------------------------------------------------------
    std::size_t si = 0, fi = 0;  // cursors into the sorted sites and facts
    for (const auto& [file, r] : file_rank) {
        std::size_t s0 = si, f0 = fi;
        while (si < sites.size() && sites[si].file == file) ++si;
        while (fi < data.facts.size() && data.facts[fi].file == file) ++fi;
        std::string text;
        bool have_source = detail::read_file(file, text);
        std::vector<std::pair<std::size_t, std::size_t>> lines;  // [begin, end) of each line
        for (std::size_t at = 0; have_source && at <= text.size();) {
            std::size_t nl = text.find('\n', at);
            std::size_t end = nl == std::string::npos ? text.size() : nl;
            std::size_t e = end > at && text[end - 1] == '\r' ? end - 1 : end;
            if (!(nl == std::string::npos && at == text.size())) lines.emplace_back(at, e);
            if (nl == std::string::npos) break;
            at = nl + 1;
        }
        detail::tally t = by_file.count(file) ? by_file[file] : detail::tally{};
        std::string p = detail::page_head(file + " - " + opt.title, "../style.css");
        p += "<header>\n<p><a href=\"../index.html\">&larr; " + esc(opt.title) + "</a></p>\n<h1>" + esc(file) + "</h1>\n<p>" +
             std::to_string(t.sites) + " allocation sites: " + std::to_string(t.heap[0]) + " on the heap under A (" + esc(la) + "), " +
             std::to_string(t.heap[1]) + " under B (" + esc(lb) + "); " + std::to_string(t.saved) + " saved, " + std::to_string(t.lost) +
             " lost by B.</p>\n<p class=\"legend\"><span><span class=\"badge heap\">heap</span> under B</span><span><span "
             "class=\"badge stack\">stack</span> under both</span><span><span class=\"badge saved\">saved</span> heap under A, stack "
             "under B</span><span><span class=\"badge lost\">lost</span> stack under A, heap under B</span></p>\n</header>\n";
        // The facts shown under line L: sites (with details) and parameter summaries / notes.
        const std::string page_file = file;  // (a lambda cannot capture a structured binding in C++17)
        auto facts_html = [&](std::size_t& s, std::size_t& f, unsigned line, bool all_rest) {
            std::string o;
            for (; s < si && (all_rest || sites[s].line <= line); ++s) {
                const site_row& x = sites[s];
                std::string mk = x.mark();
                o += "<details class=\"site " + mk + "\" id=\"s" + std::to_string(s) + "\" data-mark=\"" + mk + "\" data-name=\"" +
                     esc(x.name) + "\" data-line=\"" + std::to_string(x.line) + "\"><summary><span class=\"badge " + mk + "\">" + mk +
                     "</span> <b>" + esc(x.name) + "</b> in " + esc(x.function) + " &mdash; A: " + esc(detail::verdict_text(x, 0)) +
                     " &middot; B: " + esc(detail::verdict_text(x, 1)) + (x.reported ? "" : " <span class=\"generated\">(compiler-generated)</span>") +
                     "</summary>\n<dl><dt>position</dt><dd>" + std::to_string(x.line) + ":" + std::to_string(x.column) + "</dd><dt>kind</dt><dd>" +
                     (x.expression ? "allocating expression" : "variable whose address is taken") + "</dd>";
                if (!x.type.empty())
                    o += "<dt>object</dt><dd>" + esc(x.type) + (x.size >= 0 ? ", " + std::to_string(x.size) + " bytes" : std::string()) + "</dd>";
                o += "<dt>A: " + esc(la) + "</dt><dd>" + esc(detail::verdict_text(x, 0)) + "</dd><dt>B: " + esc(lb) + "</dt><dd>" +
                     esc(detail::verdict_text(x, 1)) + "</dd></dl>\n";
                for (int m = 0; m < 2; ++m) o += detail::paths_html(x, m, page_file);
                for (int m = 0; m < 2; ++m) {
                    if (x.explanation[m].empty()) continue;
                    o += "<div class=\"why\">Why, under " + std::string(m == 0 ? "A" : "B") + ", in gc's words:</div><pre>";
                    for (const auto& l : x.explanation[m]) o += esc(l) + "\n";
                    o += "</pre>\n";
                }
                o += "</details>\n";
            }
            for (; f < fi && (all_rest || data.facts[f].line <= line); ++f) {
                const line_fact& x = data.facts[f];
                bool note = x.what.compare(0, 5, "note ") == 0;
                o += std::string("<div class=\"fact ") + (note ? "note" : "param") + "\"><span class=\"what\">" + esc(x.function) + ": " +
                     (note ? std::string("note") : esc(x.what)) + "</span> ";
                if (x.text[0] == x.text[1]) o += esc(x.text[1]);
                else
                    o += "A: " + (x.text[0].empty() ? std::string("&mdash;") : esc(x.text[0])) + " &middot; B: " +
                         (x.text[1].empty() ? std::string("&mdash;") : esc(x.text[1]));
                o += "</div>\n";
            }
            return o;
        };
        std::size_t s = s0, f = f0;
        if (!have_source) {
            p += "<p class=\"nosource\">The source of this file could not be read; its sites:</p>\n<div class=\"facts\">\n" +
                 facts_html(s, f, 0, true) + "</div>\n";
        } else {
            p += "<table class=\"src\">\n";
            for (std::size_t ln = 0; ln < lines.size(); ++ln) {
                unsigned line = static_cast<unsigned>(ln + 1);
                std::string code = text.substr(lines[ln].first, lines[ln].second - lines[ln].first);
                // Marks on this line, at their columns, left to right, not overlapping.
                std::string row;
                std::size_t cursor = 0;
                bool any = false;
                for (std::size_t k = s; k < si && sites[k].line == line; ++k) {
                    const site_row& x = sites[k];
                    if (x.column == 0 || x.column - 1 < cursor || x.column - 1 >= code.size()) continue;
                    std::size_t at = x.column - 1, len;
                    if (code.compare(at, x.name.size(), x.name) == 0) {
                        len = x.name.size();
                    } else {
                        len = 0;
                        auto word = [](unsigned char c) { return c == '_' || c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'); };
                        while (at + len < code.size() && word(static_cast<unsigned char>(code[at + len]))) ++len;
                        if (len == 0) len = 1;
                    }
                    std::string mk = x.mark();
                    row += esc(code.substr(cursor, at - cursor)) + "<a class=\"m " + mk + "\" href=\"#s" + std::to_string(k) + "\" title=\"" +
                           esc(x.name) + ": " + mk + "\">" + esc(code.substr(at, len)) + "</a>";
                    cursor = at + len;
                    any = true;
                }
                row += esc(code.substr(cursor));
                std::string under = facts_html(s, f, line, ln + 1 == lines.size());
                p += "<tr id=\"L" + std::to_string(line) + "\"" + (any || !under.empty() ? " class=\"has-sites\"" : "") +
                     "><td class=\"ln\"><a href=\"#L" + std::to_string(line) + "\">" + std::to_string(line) + "</a></td><td class=\"code\">" +
                     row + "</td></tr>\n";
                if (!under.empty()) p += "<tr class=\"facts\"><td></td><td>\n" + under + "</td></tr>\n";
            }
            p += "</table>\n";
        }
        // The one script: a link to a site (#sN, from the marks and the index) opens its details.
        p += "<footer>escapade " ESCAPADE_VERSION_STRING "</footer>\n<script>\nfunction openTarget() {\n"
             "  var e = document.getElementById(location.hash.slice(1));\n  if (e && e.tagName === 'DETAILS') e.open = true;\n}\n"
             "addEventListener('hashchange', openTarget);\nopenTarget();\n</script>\n</body>\n</html>\n";
        if (!detail::write_file(dir + "/" + page_of(file), p, error)) return false;
    }
    return true;
}

}  // namespace escapade_html

#endif  // ESCAPADE_TOOLS_REPORT_HTML_WRITE_HPP
