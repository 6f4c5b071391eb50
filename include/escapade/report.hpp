// escapade/report.hpp - turning results into lines of text.
//
// Two formats, both one line per fact, sorted by source position (then text), so output is
// deterministic:
//
//   text  FILE:LINE:COL: FUNCTION: NAME: stack
//         FILE:LINE:COL: FUNCTION: NAME: heap (REASON[, via OTHER])
//         FILE:LINE:COL: FUNCTION: NAME: param does not escape
//         FILE:LINE:COL: FUNCTION: NAME: param leaks to heap (level N); to result R (level N)
//   gc    FILE:LINE:COL: MESSAGE with gc's -m vocabulary: "moved to heap: x", "&T{...} escapes to
//         heap", "new(int) does not escape", "leaking param: p", "leaking param content: p",
//         "leaking param: p to result ~r0 level=0", "p does not escape",
//         "F ignoring self-assignment in S"
//
// With `explain`, each heap site is followed by its flow lines (gc's -m=2 shape).
// A sink is any callable `bool(std::string_view line)`; returning false stops the report.
// Complexity: O(n log n) in the number of lines; lines are built in fixed buffers.
#ifndef ESCAPADE_REPORT_HPP
#define ESCAPADE_REPORT_HPP


#include "detail/algorithm.hpp"
#include "detail/format.hpp"
#include "report_format.hpp"
#include "results.hpp"

namespace escapade {

namespace detail {

template <class R>
struct report_item {
    source_pos pos;
    std::uint8_t order;  ///< params before sites at the same position
    std::uint32_t index;
    std::uint8_t what;   ///< 0 site, 1 parameter, 2 note
    std::uint8_t line;   ///< for multi-line parameter messages (gc)
};

inline void put_pos(text_buffer& out, std::string_view file, source_pos pos) noexcept {
    out.put(file);
    out.put(":");
    out.put_uint(pos.line);
    out.put(":");
    out.put_uint(pos.column);
    out.put(": ");
}

}  // namespace detail

/// Writes the report of `r` (computed on `program`) to `sink`. `function_name` maps a function
/// handle to its name (pass the traits' function_name). Returns false if the sink refused a line or
/// memory ran out.
template <class Program, class Traits, class Sink>
bool write_report(const Program& program, const analysis_result<Program, Traits>& r, report_format fmt, bool explain, Sink&& sink,
                  memory_resource& mem = default_resource()) noexcept {
    using item = detail::report_item<int>;
    using note_kind = typename analysis_result<Program, Traits>::note_kind;
    // The lines to print, as items; collected twice (count, then fill) so that the vector is
    // allocated once, at its exact size: no growth garbage in an arena.
    auto collect = [&](auto&& add) -> bool {
        std::uint32_t i = 0;
        for (const auto& s : r.sites()) {
            bool show = fmt == report_format::text ? true : s.reported && (s.kind == site_kind::expression || s.verdict == verdict::heap);
            if (show && !add(item{s.pos, 1, i, 0, 0})) return false;
            ++i;
        }
        i = 0;
        for (const auto& p : r.parameters()) {
            bool show = p.named && p.has_pointers && p.reported;
            if (fmt == report_format::gc) show = show && !p.moved_to_heap;
            if (show) {
                if (fmt == report_format::gc && !p.leaks.empty()) {
                    std::uint8_t k = 0;
                    if (p.leaks.heap() >= 0 && !add(item{p.pos, 0, i, 1, k++})) return false;
                    for (int res = 0; res < leak_summary::max_results; ++res)
                        if (p.leaks.result(res) >= 0 && !add(item{p.pos, 0, i, 1, static_cast<std::uint8_t>(1 + res)})) return false;
                } else if (!add(item{p.pos, 0, i, 1, 0})) {
                    return false;
                }
            }
            ++i;
        }
        i = 0;
        for (const auto& n : r.notes()) {
            // gc prints self-assignments; everything else is commentary shown with explain.
            bool gc_message = n.kind == note_kind::self_assignment || n.kind == note_kind::gc_devirtualization;
            bool show = gc_message ? fmt == report_format::gc || explain : explain;
            if (show && !add(item{n.pos, 2, i, 2, 0})) return false;
            ++i;
        }
        return true;
    };
    std::size_t count = 0;
    collect([&](const item&) { return ++count != 0; });
    detail::vector<item> items(mem);
    if (!items.reserve(count) || !collect([&](const item& x) { return items.push_back(x); })) return false;
    // A total order (position, kind, index, line), so any sort gives one sequence; heap_sort needs
    // no extra memory and is small code (detail/algorithm.hpp).
    detail::heap_sort(items.data(), items.size(), [](const item& a, const item& b) {
        if (a.pos != b.pos) return a.pos < b.pos;
        if (a.order != b.order) return a.order < b.order;
        if (a.what != b.what) return a.what < b.what;
        if (a.index != b.index) return a.index < b.index;
        return a.line < b.line;
    });
    const auto* sites = r.sites().begin();
    const auto* params = r.parameters().begin();
    const auto* notes = r.notes().begin();
    char buf[1024];
    for (const item& it : items) {
        detail::text_buffer out(buf, sizeof buf);
        std::string_view file = r.file_name(it.pos.file);
        detail::put_pos(out, file, it.pos);
        if (it.what == 0) {
            const auto& s = sites[it.index];
            if (fmt == report_format::text) {
                out.put(Traits::function_name(program, s.function));
                out.put(": ");
                out.put(s.name);
                out.put(": ");
                out.put(to_string(s.verdict));
                if (s.verdict == verdict::heap) {
                    out.put(" (");
                    out.put(to_string(s.reason));
                    if (!s.callee.empty()) {
                        out.put(" ");
                        out.put(s.callee);
                    }
                    if (!s.via.empty()) {
                        out.put(", via ");
                        out.put(s.via);
                    }
                    out.put(")");
                }
            } else if (s.kind == site_kind::variable) {
                out.put("moved to heap: ");
                out.put(s.name);
            } else {
                out.put(s.name);
                out.put(s.verdict == verdict::heap ? " escapes to heap" : " does not escape");
            }
            if (!sink(out.view())) return false;
            if (explain) {
                for (std::string_view line : r.explanation(s)) {
                    detail::text_buffer ex(buf, sizeof buf);
                    detail::put_pos(ex, file, it.pos);
                    ex.put(line);
                    if (!sink(ex.view())) return false;
                }
            }
        } else if (it.what == 1) {
            const auto& p = params[it.index];
            if (fmt == report_format::text) {
                out.put(Traits::function_name(program, p.function));
                out.put(": ");
                out.put(p.name);
                out.put(": param ");
                if (p.leaks.empty()) {
                    out.put("does not escape");
                } else {
                    bool first = true;
                    if (p.leaks.heap() >= 0) {
                        out.put(p.leaks.heap() == 0 ? "leaks to heap" : "content leaks to heap (level ");
                        if (p.leaks.heap() > 0) {
                            out.put_int(p.leaks.heap());
                            out.put(")");
                        }
                        first = false;
                    }
                    for (int res = 0; res < leak_summary::max_results; ++res) {
                        if (p.leaks.result(res) < 0) continue;
                        out.put(first ? "leaks to result " : "; to result ");
                        out.put(r.result_name(p, static_cast<index_t>(res)));
                        out.put(" (level ");
                        out.put_int(p.leaks.result(res));
                        out.put(")");
                        first = false;
                    }
                }
                for (const auto& c : r.conditions(p)) {
                    out.put("; leaks if ");
                    out.put(c.subject);
                    if (!c.method.empty()) {
                        out.put(".");
                        out.put(c.method);
                    }
                    if (!c.method.empty() && c.argument == 0) {
                        out.put(" keeps its receiver");
                    } else {
                        out.put(" keeps argument ");
                        out.put_uint(c.method.empty() ? c.argument : c.argument - 1);
                    }
                    if (!c.exact) out.put(" (through an address)");
                    else if (c.level > 0) {
                        out.put(" (level ");
                        out.put_int(c.level);
                        out.put(")");
                    }
                }
            } else if (p.leaks.empty()) {
                out.put(p.name);
                out.put(" does not escape");
            } else if (it.line == 0 && p.leaks.heap() >= 0) {
                out.put(p.leaks.heap() == 0 ? "leaking param: " : "leaking param content: ");
                out.put(p.name);
            } else {
                int res = it.line - 1;
                out.put("leaking param: ");
                out.put(p.name);
                out.put(" to result ");
                out.put(r.result_name(p, static_cast<index_t>(res)));
                out.put(" level=");
                out.put_int(p.leaks.result(res));
            }
            if (!sink(out.view())) return false;
        } else {
            const auto& n = notes[it.index];
            if (n.kind == note_kind::gc_devirtualization && fmt == report_format::gc) {
                out.put(n.text);  // gc prints it without the function's name
                if (!sink(out.view())) return false;
                continue;
            }
            out.put(Traits::function_name(program, n.function));
            if (n.kind == note_kind::self_assignment) {
                out.put(fmt == report_format::text ? ": note: ignoring self-assignment in " : " ignoring self-assignment in ");
            } else {
                out.put(": note: ");
            }
            out.put(n.text);
            if (!sink(out.view())) return false;
        }
    }
    return true;
}

}  // namespace escapade

#endif  // ESCAPADE_REPORT_HPP
