// tools/report_html.hpp - the rows of the HTML report: every allocation site, parameter summary and
// note of a program analysed under two modes (A, the baseline, and B), matched site by site.
// report_html_write.hpp renders them (escapade --html=DIR, escapade-go --html=DIR).
//
// A site row holds both verdicts with their reasons, explanation lines and explanation paths (the
// flows step by step: analysis_result::paths), and the allocated
// object's type and size (escapade::detail::site_object, as in the JSON report); mark() classifies
// it as heap, stack, saved (heap under A, stack under B) or lost (the reverse). Parameter summaries
// (in the text report's words) and notes are merged by position, function and text.
//
// Use: collect() the rows of each analysed program (the same module analysed under modes A and B),
// then write_html() (report_html_write.hpp). Complexity of collect: O(S + F log F) for S sites and F
// parameters and notes (site lookups by handle are O(1) expected).
#ifndef ESCAPADE_TOOLS_REPORT_HTML_HPP
#define ESCAPADE_TOOLS_REPORT_HTML_HPP

#include <map>
#include <string>
#include <vector>

#include <escapade/escapade.hpp>
#include <escapade/report_json.hpp>

namespace escapade_html {

/// A note of a path step: the host node a flow came from (gc's "from NODE (WHY) at POS").
struct path_note {
    std::string text, why, file;
    unsigned line = 0, column = 0;
};
/// One flow `to = (derefs) from` of an explanation path.
struct path_step {
    std::string from, to, from_kind, to_kind, edge, file;
    int derefs = 0;
    unsigned line = 0, column = 0;  ///< 0: no position (a flow into a location already escaping)
    std::vector<path_note> notes;
};
struct path {
    bool truncated = false;
    std::vector<path_step> steps;
};

/// One allocation site under both modes (index 0 = mode A, 1 = mode B).
struct site_row {
    std::string file, function, name, type;
    unsigned line = 0, column = 0;
    bool expression = false, reported = true;
    long long size = -1;  ///< bytes, -1 when unknown
    bool present[2] = {false, false};
    bool heap[2] = {false, false};
    std::string reason[2];
    std::vector<std::string> explanation[2];
    std::vector<path> paths[2];  ///< heap sites analysed with explain: the chains that make them escape

    /// "heap", "stack", "saved" (heap under A, stack under B) or "lost" (the reverse).
    const char* mark() const {
        bool a = present[0] ? heap[0] : heap[1], b = present[1] ? heap[1] : heap[0];
        return a == b ? (b ? "heap" : "stack") : a ? "saved" : "lost";
    }
};

/// A parameter summary or a note, shown under its line; text[i] empty when absent in mode i.
struct line_fact {
    std::string file, function, what;
    unsigned line = 0, column = 0;
    std::string text[2];
};

struct report_data {
    std::vector<site_row> sites;
    std::vector<line_fact> facts;
};

/// The text form of a parameter summary (as escapade's text report writes it, without position).
template <class R, class Param>
std::string param_summary(const R& r, const Param& p) {
    std::string s;
    if (p.leaks.empty()) {
        s = "does not escape";
    } else {
        bool first = true;
        if (p.leaks.heap() >= 0) {
            s += p.leaks.heap() == 0 ? "leaks to heap" : "content leaks to heap (level " + std::to_string(p.leaks.heap()) + ")";
            first = false;
        }
        for (int i = 0; i < escapade::leak_summary::max_results; ++i) {
            if (p.leaks.result(i) < 0) continue;
            s += first ? "leaks to result " : "; to result ";
            s += std::string(r.result_name(p, static_cast<escapade::index_t>(i))) + " (level " + std::to_string(p.leaks.result(i)) + ")";
            first = false;
        }
    }
    for (const auto& c : r.conditions(p)) {
        s += "; leaks if " + std::string(c.subject);
        if (!c.method.empty()) s += "." + std::string(c.method);
        if (!c.method.empty() && c.argument == 0) s += " keeps its receiver";
        else s += " keeps argument " + std::to_string(c.method.empty() ? c.argument : c.argument - 1);
        if (!c.exact) s += " (through an address)";
        else if (c.level > 0) s += " (level " + std::to_string(c.level) + ")";
    }
    return s;
}

/// Adds the rows of one program analysed under mode A (`a`) and mode B (`b`): sites are matched by
/// their handles (the same module analysed twice has the same sites). keep(file) selects the files
/// whose facts are shown (nullptr: all).
template <class Program, class Traits>
void collect(report_data& out, const Program& program, const escapade::analysis_result<Program, Traits>& a,
             const escapade::analysis_result<Program, Traits>& b, bool (*keep)(const std::string& file) = nullptr) {
    using result_t = escapade::analysis_result<Program, Traits>;
    using site_t = typename result_t::site;
    const result_t* rs[2] = {&a, &b};
    auto counterpart = [](const result_t& r, const site_t& s) {
        return s.kind == escapade::site_kind::variable ? r.find_variable(s.variable) : r.find_expression(s.expression);
    };
    auto fill = [&](site_row& row, int mode, const site_t& s) {
        row.present[mode] = true;
        row.heap[mode] = s.verdict == escapade::verdict::heap;
        if (row.heap[mode]) {
            row.reason[mode] = escapade::to_string(s.reason);
            if (!s.callee.empty()) row.reason[mode] += " " + std::string(s.callee);
            if (!s.via.empty()) row.reason[mode] += ", via " + std::string(s.via);
        }
        for (std::string_view l : rs[mode]->explanation(s)) row.explanation[mode].emplace_back(l);
        for (const auto& p : rs[mode]->paths(s)) {
            path out_path;
            out_path.truncated = p.truncated;
            for (const auto& st : rs[mode]->steps(p)) {
                path_step step;
                step.from = std::string(st.from);
                step.to = std::string(st.to);
                step.from_kind = escapade::to_string(st.from_kind);
                step.to_kind = escapade::to_string(st.to_kind);
                step.edge = std::string(st.edge);
                step.derefs = st.derefs;
                if (st.pos.known()) {
                    step.file = std::string(rs[mode]->file_name(st.pos.file));
                    step.line = st.pos.line;
                    step.column = st.pos.column;
                }
                for (const auto& n : rs[mode]->notes(st))
                    step.notes.push_back(path_note{std::string(n.text), std::string(n.why), std::string(rs[mode]->file_name(n.pos.file)),
                                                   n.pos.line, n.pos.column});
                out_path.steps.push_back(std::move(step));
            }
            row.paths[mode].push_back(std::move(out_path));
        }
    };
    // B's sites (with A's verdicts), then the sites only A has.
    for (int mode = 1; mode >= 0; --mode) {
        for (const auto& s : rs[mode]->sites()) {
            const site_t* other = counterpart(*rs[1 - mode], s);
            if (mode == 0 && other != nullptr) continue;  // already a row
            std::string file(rs[mode]->file_name(s.pos.file));
            if (keep != nullptr && !keep(file)) continue;
            site_row row;
            row.file = file;
            row.line = s.pos.line;
            row.column = s.pos.column;
            row.function = std::string(Traits::function_name(program, s.function));
            row.name = std::string(s.name);
            row.expression = s.kind == escapade::site_kind::expression;
            row.reported = s.reported;
            auto shape = escapade::detail::site_object<Program, Traits>(program, s);
            if (shape.has_type) {
                char buf[256];
                escapade::detail::text_buffer tb(buf, sizeof buf);
                escapade::detail::formatter<Program, Traits>{program}.type(tb, shape.type);
                row.type = std::string(tb.view());
            }
            if (shape.has_size) row.size = static_cast<long long>(shape.size);
            fill(row, mode, s);
            if (other != nullptr) fill(row, 1 - mode, *other);
            out.sites.push_back(std::move(row));
        }
    }
    // Parameter summaries and notes, merged by (position, function, what).
    std::map<std::string, std::size_t> fact_of;
    auto add_fact = [&](int mode, std::string file, escapade::source_pos pos, std::string function, std::string what, std::string text) {
        std::string key = file + '\0' + std::to_string(pos.line) + '\0' + std::to_string(pos.column) + '\0' + function + '\0' + what;
        auto it = fact_of.find(key);
        if (it == fact_of.end() || !out.facts[it->second].text[mode].empty()) {
            line_fact f;
            f.file = std::move(file);
            f.line = pos.line;
            f.column = pos.column;
            f.function = std::move(function);
            f.what = std::move(what);
            it = fact_of.insert_or_assign(key, out.facts.size()).first;
            out.facts.push_back(std::move(f));
        }
        out.facts[it->second].text[mode] = std::move(text);
    };
    for (int mode = 0; mode < 2; ++mode) {
        for (const auto& p : rs[mode]->parameters()) {
            std::string file(rs[mode]->file_name(p.pos.file));
            if ((keep != nullptr && !keep(file)) || !p.named || !p.has_pointers || !p.reported) continue;
            add_fact(mode, file, p.pos, std::string(Traits::function_name(program, p.function)), "param " + std::string(p.name),
                     param_summary(*rs[mode], p));
        }
        for (const auto& n : rs[mode]->notes()) {
            std::string file(rs[mode]->file_name(n.pos.file));
            if (keep != nullptr && !keep(file)) continue;
            std::string text = n.kind == result_t::note_kind::self_assignment ? "ignoring self-assignment in " + std::string(n.text)
                                                                               : std::string(n.text);
            add_fact(mode, file, n.pos, std::string(Traits::function_name(program, n.function)), "note " + text, text);
        }
    }
}

}  // namespace escapade_html

#endif  // ESCAPADE_TOOLS_REPORT_HTML_HPP
