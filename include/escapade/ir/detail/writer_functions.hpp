// escapade/ir/detail/writer_functions.hpp - the text IR writer: functions and the module.
//
// run writes the module: its name, named types, globals (each after a `file` directive when its
// file changes), then every top-level function (write_function: its header, function_header and
// params, with receiver, parameters, results, display name and declared leaks; then its body
// through drain).
//
// Cost: O(size of the module) in all.
#ifndef ESCAPADE_IR_DETAIL_WRITER_FUNCTIONS_HPP
#define ESCAPADE_IR_DETAIL_WRITER_FUNCTIONS_HPP

#include "writer.hpp"

namespace escapade::ir {
namespace detail {

template <class Sink>
void writer<Sink>::params(id_span<var_id> ps, std::size_t skip, bool variadic) noexcept {
    put("(");
    for (std::size_t i = skip; i < ps.size(); ++i) {
        if (i > skip) put(", ");
        const variable& v = m_.variable_at(ps[i]);
        put(v.name);
        put(" ");
        if (variadic && i + 1 == ps.size()) {
            put("...");
            write_type(m_.type_at(v.type).elem);
        } else {
            write_type(v.type);
        }
        if (opt_.positions && v.pos.known()) {
            put(" ");
            pos_annotation(v.pos);
        }
    }
    put(")");
}

template <class Sink>
std::string_view writer<Sink>::default_display(func_id f, char* buf, std::size_t size) const noexcept {
    const function& fn = m_.function_at(f);
    if (fn.flags & fn_method) {
        const type& rt = m_.type_at(fn.receiver);
        if (rt.kind == type_kind::pointer && rt.name.empty()) {
            const type& nt = m_.type_at(rt.elem);
            std::snprintf(buf, size, "(*%.*s).%.*s", int(nt.name.size()), nt.name.data(), int(fn.name.size()), fn.name.data());
        } else {
            std::snprintf(buf, size, "%.*s.%.*s", int(rt.name.size()), rt.name.data(), int(fn.name.size()), fn.name.data());
        }
        return buf;
    }
    if (fn.is_closure()) {
        std::string_view pd = m_.function_display(fn.parent);
        std::snprintf(buf, size, "%.*s.%.*s", int(pd.size()), pd.data(), int(fn.name.size()), fn.name.data());
        return buf;
    }
    return fn.name;
}

/// Writes "func [(recv)] NAME [@pos] [~"display"] (params) results" (no body, no newline).
template <class Sink>
void writer<Sink>::function_header(func_id f) noexcept {
    const function& fn = m_.function_at(f);
    bool variadic = m_.type_at(fn.signature).variadic;
    if (fn.is_extern()) put("extern ");
    put("func ");
    id_span<var_id> ps = m_.params(f);
    std::size_t skip = 0;
    if (fn.flags & fn_method) {
        put("(");
        const variable& r = m_.variable_at(ps[0]);
        put(r.name);
        put(" ");
        write_type(r.type);
        if (opt_.positions && r.pos.known()) {
            put(" ");
            pos_annotation(r.pos);
        }
        put(") ");
        skip = 1;
    }
    put(fn.name);
    if (opt_.positions && fn.pos.known()) {
        put(" ");
        pos_annotation(fn.pos);
    }
    char buf[256];
    std::string_view def = default_display(f, buf, sizeof buf);
    if (!fn.display.empty() && fn.display != def) {
        put(" ~");
        put_quoted(fn.display);
    }
    params(ps, skip, variadic);
    id_span<var_id> rs = m_.results(f);
    bool unnamed = true;
    for (std::size_t i = 0; i < rs.size(); ++i) {
        char want[16];
        std::snprintf(want, sizeof want, "~r%u", unsigned(i));
        unnamed = unnamed && m_.variable_at(rs[i]).name == want;
    }
    if (rs.size() == 1 && unnamed) {
        put(" ");
        write_type(m_.variable_at(rs[0]).type);
        if (opt_.positions && m_.variable_at(rs[0]).pos.known()) {
            put(" ");
            pos_annotation(m_.variable_at(rs[0]).pos);
        }
    } else if (!rs.empty()) {
        put(" (");
        for (std::size_t i = 0; i < rs.size(); ++i) {
            if (i) put(", ");
            const variable& v = m_.variable_at(rs[i]);
            if (!unnamed) {
                put(v.name);
                put(" ");
            }
            write_type(v.type);
            if (opt_.positions && v.pos.known()) {
                put(" ");
                pos_annotation(v.pos);
            }
        }
        put(")");
    }
}

template <class Sink>
bool writer<Sink>::write_function(func_id f, int depth) noexcept {
    const function& fn = m_.function_at(f);
    file_directive(fn.pos, depth);
    indent(depth);
    function_header(f);
    if (fn.is_extern()) {
        if (fn.flags & fn_summary) {
            put(" {\n");
            const declared_leak* l = m_.leaks_begin(f);
            for (std::size_t i = 0; i < m_.leaks_count(f); ++i) {
                indent(depth + 1);
                put(m_.variable_at(m_.params(f)[l[i].param]).name);
                put(" -> ");
                if (l[i].subject != invalid_index) {
                    put("if ");
                    put(m_.variable_at(m_.params(f)[l[i].subject]).name);
                    if (l[i].method.empty()) {
                        put("()");
                    } else {
                        put(".");
                        put(l[i].method);
                    }
                    put(" ");
                    put_uint(l[i].argument);
                } else {
                    put(l[i].result == invalid_index ? std::string_view("heap") : m_.variable_at(m_.results(f)[l[i].result]).name);
                }
                put(" ");
                put_uint(static_cast<std::uint64_t>(l[i].derefs));
                if (l[i].subject != invalid_index && !l[i].exact) put(" inexact");
                put("\n");
            }
            indent(depth);
            put("}");
        }
        put("\n");
        return ok_;
    }
    put(" {\n");
    id_span<stmt_id> kids = m_.children(fn.body);
    return stack_.push_back(frame{kids.first, kids.count, 0, depth + 1, 3, f}) || (ok_ = false);
}

template <class Sink>
bool writer<Sink>::run() noexcept {
    if (!m_.name().empty()) {
        put("module ");
        put(m_.name());
        put("\n");
    }
    for (type_id t = 0; t < m_.type_count(); ++t) {
        const type& ty = m_.type_at(t);
        if (ty.name.empty()) continue;
        if (ty.name == "error" && !ty.pos.known()) continue;  // predeclared
        file_directive(ty.pos, 0);
        put("type ");
        put(ty.name);
        if (opt_.positions && ty.pos.known()) {
            put(" ");
            pos_annotation(ty.pos);
        }
        put(" ");
        // the structure, written as the unnamed type it was defined like
        type_structure(t);
        put("\n");
    }
    for (var_id g : m_.globals()) {
        const variable& v = m_.variable_at(g);
        file_directive(v.pos, 0);
        put("var ");
        put(v.name);
        put(" ");
        write_type(v.type);
        if (opt_.positions && v.pos.known()) {
            put(" ");
            pos_annotation(v.pos);
        }
        put("\n");
    }
    for (func_id f : m_.top_level_functions()) {
        if (!write_function(f, 0) || !drain()) return false;
    }
    return ok_;
}

}  // namespace detail
}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_WRITER_FUNCTIONS_HPP
