// escape.cpp - runs escapade over the hobby AST and writes the verdicts back into it. This file and
// hobby_traits.hpp are the only ones that include escapade.
#include "escape.hpp"

#include <chrono>

#include "hobby_traits.hpp"

namespace hobby {

EscapeResult analyze_escapes(Program& prog, bool context) {
    EscapeResult out;
    escapade::analysis_result<Program> result;
    escapade::analysis_options options;
    options.dispatch = context ? escapade::dispatch::context : escapade::dispatch::conservative;
    // A hobby program is one file holding every function, type and conversion: a whole program.
    options.world = escapade::world::closed;
    auto t0 = std::chrono::steady_clock::now();
    escapade::status st = escapade::analyze(prog, result, options);
    if (st.code() == escapade::errc::unsupported && options.dispatch != escapade::dispatch::conservative) {
        out.note = std::string("dispatch=") + escapade::to_string(options.dispatch) + " unavailable (" + st.message() + ")";
        options.dispatch = escapade::dispatch::conservative;
        st = escapade::analyze(prog, result, options);
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.dispatch = escapade::to_string(options.dispatch);
    if (!st.ok()) {
        char buf[512];
        out.error = st.format(buf, sizeof buf);
        return out;
    }
    for (const auto& s : result.sites()) {
        bool heap = s.verdict == escapade::verdict::heap;
        if (s.kind == escapade::site_kind::variable) {
            s.variable->site = true;
            s.variable->heap = heap;
        } else {
            s.expression->site = true;
            s.expression->stack = !heap;
        }
        Site site;
        site.pos = Pos{s.pos.line, s.pos.column};
        site.name = std::string(s.name.substr(0, s.name.find('\n')));
        if (site.name.size() < s.name.size()) site.name += " ...";
        site.heap = heap;
        site.variable = s.kind == escapade::site_kind::variable;
        if (heap) site.reason = escapade::to_string(s.reason);
        if (heap && !s.via.empty()) site.reason += " (via " + std::string(s.via.substr(0, s.via.find('\n'))) + ")";
        out.sites.push_back(site);
    }
    // Closures must capture exactly as escapade decided (its verdicts assume it).
    for (const auto& c : result.captures()) c.variable->by_ref = c.by_reference;
    out.ok = true;
    return out;
}

}  // namespace hobby
