// escapade/report_json.hpp - the results as JSON data (schema: docs/report.schema.json, "version": 3).
//
//   write_json(program, result, sink, options)       one complete document with one program
//   json_report<Sink> doc(sink); doc.begin(tool); doc.add(program, result, options); ...; doc.end();
//                                                    one document with several programs
//
// A document is {"format": "escapade-report", "version": 3, "tool": {...}, "programs": [...]}; each
// program carries the options it was analysed with, its totals, every allocation site (position,
// function, name, kind, verdict, reason, the callee or location responsible, the allocated object's
// type and size where the traits tell them, whether gc would print it, the explanation lines when
// the analysis ran with `explain` and the same explanations as data (paths of steps), the scope
// bounding a stack object's lifetime: its function or its loop statement, with position), every
// parameter summary (gc's leaks to the heap and to each
// result with their dereference levels, the conditional leaks of dispatch=context), the notes
// (resolutions of dynamic calls, devirtualizations, self-assignments) and the closure capture
// decisions. docs/formats.md describes every field.
//
// Version 2 adds to version 1 (nothing removed or changed): site.scope and site.paths. Version 3
// adds the bounding statement's position to site.scope (scope.hpp finds it) and the host nodes'
// stable numbers ("handle", "function_handle", "from_handle", "to_handle": escapade::handle_index)
// to sites, parameters, scopes, path steps and their notes.
//
// Output goes to a sink, any callable `bool(std::string_view piece)`: the concatenation of the
// pieces is the document (see detail/json.hpp; nothing is allocated, one record per line).
// Order: the results' own (function order, then position): deterministic.
// Complexity: O(sites + parameters + notes + captures + explanation lines), plus for each capture
// the O(1) lookup of its closure's site, plus site_scopes::build (scope.hpp: one walk over each
// function with a stack site in a loop; its O(sites) memory comes from the result's resource).
#ifndef ESCAPADE_REPORT_JSON_HPP
#define ESCAPADE_REPORT_JSON_HPP

#include "detail/format.hpp"
#include "detail/json.hpp"
#include "results.hpp"
#include "scope.hpp"

namespace escapade {

/// The version of the JSON document's schema (docs/report.schema.json): incremented whenever a
/// field changes meaning or is removed, and when fields are added (2: site.scope, site.paths; 3: the
/// scope's statement and position, the host nodes' handles; every earlier field keeps its meaning,
/// so a version-1 or -2 reader that ignores unknown fields can read version 3).
inline constexpr int json_schema_version = 3;

struct json_options {
    std::string_view program;     ///< the program's name in the document (e.g. its file); may be empty
    bool explanations = true;     ///< write explanation lines and paths (present only if analysed with explain)
    /// Which positions' facts to write: a site, parameter or note is written when keep_file(its
    /// file's name, keep_file_context) is true. nullptr keeps everything. (escapade-go drops the
    /// facts of imported functions declared at positions of the lowered IR itself.)
    bool (*keep_file)(std::string_view file, void* context) = nullptr;
    void* keep_file_context = nullptr;
};

namespace detail {

constexpr const char* reason_code(reason r) noexcept {
    switch (r) {
    case reason::none: return "none";
    case reason::stored_in_global: return "stored_in_global";
    case reason::stored_through_pointer: return "stored_through_pointer";
    case reason::returned: return "returned";
    case reason::dynamic_call: return "dynamic_call";
    case reason::external_call: return "external_call";
    case reason::leaked_by_callee: return "leaked_by_callee";
    case reason::loop_iteration: return "loop_iteration";
    case reason::enclosing_variable: return "enclosing_variable";
    case reason::too_large: return "too_large";
    case reason::non_constant_size: return "non_constant_size";
    case reason::goroutine: return "goroutine";
    case reason::deferred_in_loop: return "deferred_in_loop";
    case reason::channel_send: return "channel_send";
    case reason::map_store: return "map_store";
    case reason::slice_append: return "slice_append";
    case reason::panic_value: return "panic_value";
    case reason::method_value: return "method_value";
    case reason::unsafe_conversion: return "unsafe_conversion";
    case reason::budget: return "budget";
    case reason::escapes: return "escapes";
    }
    return "escapes";
}

constexpr const char* expr_kind_code(expr_kind k) noexcept {
    switch (k) {
    case expr_kind::var: return "var";
    case expr_kind::func_ref: return "func_ref";
    case expr_kind::constant: return "constant";
    case expr_kind::blank: return "blank";
    case expr_kind::opaque: return "opaque";
    case expr_kind::addr: return "addr";
    case expr_kind::deref: return "deref";
    case expr_kind::field: return "field";
    case expr_kind::field_ptr: return "field_ptr";
    case expr_kind::index: return "index";
    case expr_kind::index_ptr: return "index_ptr";
    case expr_kind::index_map: return "index_map";
    case expr_kind::slice: return "slice";
    case expr_kind::convert: return "convert";
    case expr_kind::to_iface: return "to_iface";
    case expr_kind::type_assert: return "type_assert";
    case expr_kind::recv: return "recv";
    case expr_kind::new_: return "new";
    case expr_kind::make_slice: return "make_slice";
    case expr_kind::make_map: return "make_map";
    case expr_kind::make_chan: return "make_chan";
    case expr_kind::ptr_lit: return "ptr_lit";
    case expr_kind::struct_lit: return "struct_lit";
    case expr_kind::array_lit: return "array_lit";
    case expr_kind::slice_lit: return "slice_lit";
    case expr_kind::map_lit: return "map_lit";
    case expr_kind::closure: return "closure";
    case expr_kind::method_value: return "method_value";
    case expr_kind::string_conv: return "string_conv";
    case expr_kind::concat: return "concat";
    case expr_kind::call: return "call";
    case expr_kind::call_method: return "call_method";
    case expr_kind::call_value: return "call_value";
    case expr_kind::append: return "append";
    case expr_kind::copy: return "copy";
    case expr_kind::panic: return "panic";
    case expr_kind::builtin: return "builtin";
    case expr_kind::unsafe_add: return "unsafe_add";
    }
    return "opaque";
}

template <class R>
constexpr const char* note_kind_code(typename R::note_kind k) noexcept {
    using nk = typename R::note_kind;
    return k == nk::self_assignment ? "self_assignment"
         : k == nk::resolution      ? "resolution"
         : k == nk::devirtualization ? "devirtualization"
                                     : "gc_devirtualization";
}

/// The allocated object's type and (when known) size in bytes, from the traits. Variables: the
/// variable's type. new(T), &T{...}: T. A box (I(x)): x's type. make([]T, n) with a constant
/// n (or cap): the backing array, n elements of T. Other allocating expressions: their own type
/// (map, channel, slice, closure, string), size unknown (runtime structures, or lengths the
/// traits do not give).
template <class P, class T>
struct object_shape {
    typename T::type_ref type{};
    bool has_type = false;
    bool has_size = false;
    size64 size = 0;
};

template <class P, class T, class Site>
object_shape<P, T> site_object(const P& p, const Site& s) noexcept {
    using type_ref = typename T::type_ref;
    object_shape<P, T> o;
    if (s.kind == site_kind::variable) {
        o.type = T::variable_type(p, s.variable);
        o.has_type = o.has_size = true;
        o.size = T::type_size(p, o.type);
        return o;
    }
    type_ref et = T::expression_type(p, s.expression);
    switch (T::expression_kind(p, s.expression)) {
    case expr_kind::new_:
    case expr_kind::ptr_lit:
        if (T::type_kind_of(p, et) == type_kind::pointer) {
            o.type = T::type_elem(p, et);
            o.has_type = o.has_size = true;
            o.size = T::type_size(p, o.type);
        }
        return o;
    case expr_kind::to_iface:
        for (auto&& x : T::expression_operands(p, s.expression)) {
            o.type = T::expression_type(p, x);
            o.has_type = o.has_size = true;
            o.size = T::type_size(p, o.type);
            break;
        }
        return o;
    case expr_kind::make_slice:
        o.type = et;
        o.has_type = true;
        if constexpr (has_integer_constant<T, P>::value) {
            std::int64_t n = -1, v = 0;
            bool known = true;
            for (auto&& x : T::expression_operands(p, s.expression)) {  // [len, cap?]: the last one counts
                if (T::integer_constant(p, x, &v) && v >= 0) n = v;
                else known = false;
            }
            size64 es = T::type_size(p, T::type_elem(p, et));
            if (known && n >= 0 && (es == 0 || static_cast<size64>(n) <= ~size64(0) / es)) {
                o.has_size = true;
                o.size = es * static_cast<size64>(n);
            }
        }
        return o;
    default:
        o.type = et;
        o.has_type = true;
        return o;
    }
}

template <class Out>
void json_position(Out& out, std::string_view file, source_pos pos) noexcept {
    out.member("file", file).member_uint("line", pos.line).member_uint("column", pos.column);
}

/// `key: N`, a host handle's stable number (escapade::handle_index), when the handle type has one.
template <class Out, class H>
void json_handle(Out& out, const char* key, const H& h) noexcept {
    if constexpr (has_handle_index<H>::value) out.member_uint(key, static_cast<std::uint64_t>(handle_index<H>::get(h)));
    else {
        (void)out;
        (void)key;
        (void)h;
    }
}

constexpr const char* loop_statement_code(stmt_kind k) noexcept {
    return k == stmt_kind::range ? "range" : k == stmt_kind::label ? "label" : "loop";
}

/// A step's location's host node: "from_handle" / "to_handle" (variables and allocations only).
template <class Out, class Step>
void json_step_handle(Out& out, const char* key, location_kind kind, const Step& st, bool from) noexcept {
    if (kind == location_kind::variable || kind == location_kind::parameter || kind == location_kind::result)
        json_handle(out, key, from ? st.from_variable : st.to_variable);
    else if (kind == location_kind::allocation)
        json_handle(out, key, from ? st.from_expression : st.to_expression);
}

}  // namespace detail

/// One JSON document with any number of programs: begin(), add() per program, end().
template <class Sink>
class json_report {
public:
    explicit json_report(Sink& sink) noexcept : out_(sink) {}

    /// The document's header; `tool` names the program that writes it (e.g. "escapade").
    bool begin(std::string_view tool = "escapade") noexcept {
        out_.begin_object(true);
        out_.member("format", "escapade-report").member_int("version", json_schema_version);
        out_.key("tool").begin_object().member("name", tool).member("version", ESCAPADE_VERSION_STRING).end_object();
        out_.key("programs").begin_array(true);
        return out_.ok();
    }

    /// Writes one program's results.
    template <class Program, class Traits>
    bool add(const Program& program, const analysis_result<Program, Traits>& r, const json_options& opt = {}) noexcept {
        using T = Traits;
        using result_t = analysis_result<Program, Traits>;
        auto keep = [&](source_pos pos) { return opt.keep_file == nullptr || opt.keep_file(r.file_name(pos.file), opt.keep_file_context); };
        std::uint64_t sites = 0, heap = 0, params = 0;
        for (const auto& s : r.sites())
            if (keep(s.pos)) {
                ++sites;
                heap += s.verdict == verdict::heap;
            }
        for (const auto& p : r.parameters()) params += keep(p.pos);

        out_.begin_object(true);
        if (!opt.program.empty()) out_.member("program", opt.program);
        const analysis_options& o = r.options();
        out_.key("options").begin_object();
        out_.member("model", to_string(o.model)).member("dispatch", to_string(o.dispatch)).member("world", to_string(o.world));
        out_.member_bool("explain", o.explain);
        out_.member_uint("max_stack_var_size", o.max_stack_var_size).member_uint("max_implicit_stack_size", o.max_implicit_stack_size);
        out_.member_uint("batch_work_limit", o.batch_work_limit);
        out_.member_uint("explain_paths", o.explain_paths == 0 ? 1 : o.explain_paths);
        out_.end_object();
        out_.key("totals").begin_object();
        out_.member_uint("sites", sites).member_uint("heap", heap).member_uint("stack", sites - heap).member_uint("parameters", params);
        out_.end_object();

        char buf[256];
        const auto* site0 = r.sites().begin();
        // The loop statements bounding stack objects (without memory for it: the depths alone).
        site_scopes<Program, Traits> scopes(r.resource());
        (void)scopes.build(program, r);
        out_.key("sites").begin_array(true);
        for (const auto& s : r.sites()) {
            if (!keep(s.pos)) continue;
            out_.begin_object();
            out_.member_uint("id", static_cast<std::uint64_t>(&s - site0));
            detail::json_position(out_, r.file_name(s.pos.file), s.pos);
            out_.member("function", T::function_name(program, s.function)).member("name", s.name);
            out_.member("kind", s.kind == site_kind::variable ? "variable" : "expression");
            if (s.kind == site_kind::variable) detail::json_handle(out_, "handle", s.variable);
            else detail::json_handle(out_, "handle", s.expression);
            detail::json_handle(out_, "function_handle", s.function);
            if (s.kind == site_kind::expression) out_.member("expression_kind", detail::expr_kind_code(s.expression_kind));
            out_.member("verdict", to_string(s.verdict));
            if (s.verdict == verdict::heap) {
                out_.member("reason", detail::reason_code(s.reason)).member("reason_text", to_string(s.reason));
                if (!s.callee.empty()) out_.member("callee", s.callee);
                if (!s.via.empty()) out_.member("via", s.via);
            }
            auto shape = detail::site_object<Program, T>(program, s);
            if (shape.has_type) {
                detail::text_buffer tb(buf, sizeof buf);
                detail::formatter<Program, T>{program}.type(tb, shape.type);
                out_.member("type", tb.view());
            }
            if (shape.has_size) out_.member_uint("size", shape.size);
            out_.member_bool("reported", s.reported);
            if (s.verdict == verdict::stack) {
                out_.key("scope").begin_object();
                if (s.loop_depth > 0) {
                    out_.member("kind", "loop").member_int("depth", s.loop_depth);
                    if (const auto* sc = scopes.find(r, s)) {
                        out_.member("statement", detail::loop_statement_code(sc->kind));
                        detail::json_position(out_, T::file_name(program, sc->pos.file), sc->pos);
                        detail::json_handle(out_, "handle", sc->statement);
                    }
                } else {
                    source_pos fp = T::function_position(program, s.function);
                    out_.member("kind", "function").member("function", T::function_name(program, s.function));
                    detail::json_position(out_, T::file_name(program, fp.file), fp);
                    detail::json_handle(out_, "handle", s.function);
                }
                out_.end_object();
            }
            if (opt.explanations && s.explanation_count > 0) {
                out_.key("explanation").begin_array();
                for (std::string_view line : r.explanation(s)) out_.string(line);
                out_.end_array();
            }
            if (opt.explanations && s.paths_count > 0) write_paths(r, s);
            out_.end_object();
            if (!out_.ok()) return false;
        }
        out_.end_array();

        out_.key("parameters").begin_array(true);
        for (const auto& p : r.parameters()) {
            if (!keep(p.pos)) continue;
            out_.begin_object();
            detail::json_position(out_, r.file_name(p.pos.file), p.pos);
            out_.member("function", T::function_name(program, p.function)).member("name", p.name).member_uint("index", p.index);
            detail::json_handle(out_, "handle", p.variable);
            detail::json_handle(out_, "function_handle", p.function);
            // A parameter without pointers has nothing to leak: it carries no summary (gc prints none).
            out_.member_bool("escapes", p.has_pointers && (!p.leaks.empty() || p.conditions_count > 0));
            if (p.has_pointers && p.leaks.heap() >= 0) out_.member_int("heap", p.leaks.heap());
            out_.key("results").begin_array();
            for (int i = 0; p.has_pointers && i < leak_summary::max_results; ++i) {
                if (p.leaks.result(i) < 0) continue;
                out_.begin_object().member_int("index", i).member("name", r.result_name(p, static_cast<index_t>(i)));
                out_.member_int("level", p.leaks.result(i)).end_object();
            }
            out_.end_array();
            if (p.has_pointers && p.conditions_count > 0) {
                out_.key("conditions").begin_array();
                for (const auto& c : r.conditions(p)) {
                    out_.begin_object().member("subject", c.subject);
                    if (!c.method.empty()) {
                        out_.member("method", c.method);
                        if (c.argument == 0) out_.member_bool("receiver", true);
                        else out_.member_uint("argument", c.argument - 1);
                    } else {
                        out_.member_uint("argument", c.argument);
                    }
                    if (c.exact) out_.member_int("level", c.level);
                    out_.member_bool("exact", c.exact).end_object();
                }
                out_.end_array();
            }
            out_.member_bool("moved_to_heap", p.moved_to_heap).member_bool("has_pointers", p.has_pointers);
            out_.member_bool("named", p.named).member_bool("external", p.external).member_bool("reported", p.reported);
            out_.end_object();
            if (!out_.ok()) return false;
        }
        out_.end_array();

        out_.key("notes").begin_array(true);
        for (const auto& n : r.notes()) {
            if (!keep(n.pos)) continue;
            out_.begin_object();
            detail::json_position(out_, r.file_name(n.pos.file), n.pos);
            out_.member("function", T::function_name(program, n.function));
            out_.member("kind", detail::note_kind_code<result_t>(n.kind)).member("text", n.text);
            out_.end_object();
        }
        out_.end_array();

        out_.key("captures").begin_array(true);
        for (const auto& c : r.captures()) {
            const auto* site = r.find_expression(c.closure);
            if (site != nullptr && !keep(site->pos)) continue;
            out_.begin_object();
            if (site != nullptr) out_.member_uint("closure", static_cast<std::uint64_t>(site - site0));
            else out_.key("closure").null();
            out_.member("variable", T::variable_name(program, c.variable)).member_bool("by_reference", c.by_reference);
            out_.end_object();
        }
        out_.end_array();
        out_.end_object();
        return out_.ok();
    }

    /// Closes the document (with a final newline) and flushes it to the sink.
    bool end() noexcept {
        out_.end_array();
        out_.end_object();
        out_.newline();
        return out_.flush();
    }

private:
    template <class Result>
    void write_paths(const Result& r, const typename Result::site& s) noexcept {
        out_.key("paths").begin_array();
        for (const auto& p : r.paths(s)) {
            out_.begin_object().member_bool("truncated", p.truncated).key("steps").begin_array();
            for (const auto& st : r.steps(p)) {
                out_.begin_object();
                out_.member("from", st.from).member("from_kind", to_string(st.from_kind));
                detail::json_step_handle(out_, "from_handle", st.from_kind, st, true);
                out_.member("to", st.to).member("to_kind", to_string(st.to_kind));
                detail::json_step_handle(out_, "to_handle", st.to_kind, st, false);
                out_.member_int("derefs", st.derefs).member("edge", st.edge);
                if (st.pos.known()) detail::json_position(out_, r.file_name(st.pos.file), st.pos);
                out_.key("notes").begin_array();
                for (const auto& n : r.notes(st)) {
                    out_.begin_object().member("node", to_string(n.node));
                    if (n.node == node_kind::expression) detail::json_handle(out_, "handle", n.expression);
                    else if (n.node == node_kind::variable) detail::json_handle(out_, "handle", n.variable);
                    else detail::json_handle(out_, "handle", n.statement);
                    out_.member("text", n.text).member("why", n.why);
                    detail::json_position(out_, r.file_name(n.pos.file), n.pos);
                    out_.end_object();
                }
                out_.end_array().end_object();
            }
            out_.end_array().end_object();
        }
        out_.end_array();
    }

    detail::json_out<Sink> out_;
};

/// Writes one complete JSON document with the results of `r` (computed on `program`). Returns false
/// if the sink refused a piece.
template <class Program, class Traits, class Sink>
bool write_json(const Program& program, const analysis_result<Program, Traits>& r, Sink&& sink, const json_options& opt = {},
                std::string_view tool = "escapade") noexcept {
    json_report<std::remove_reference_t<Sink>> doc(sink);
    return doc.begin(tool) && doc.add(program, r, opt) && doc.end();
}

}  // namespace escapade

#endif  // ESCAPADE_REPORT_JSON_HPP
