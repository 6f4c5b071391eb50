// escapade/ir/writer.hpp - writes a module as text IR (docs/ir.md) that reads back to the same module.
//
//   ir::write_text(m, [&](std::string_view chunk) { out.append(chunk); return true; }, {true});
//
// With write_options::positions, every node's source position is written explicitly (`@L:C`, with
// `file "NAME"` directives), so reading the output gives a module equal to the input node for node,
// positions included. Without it, positions are omitted and become those of the written text.
//
// Statements and expressions are written with explicit stacks (no recursion on the IR's depth);
// type expressions recurse at most `max_type_depth` levels (deeper types are written as `?`, which
// does not read back). Complexity: O(size of the module).
#ifndef ESCAPADE_IR_WRITER_HPP
#define ESCAPADE_IR_WRITER_HPP

#include <type_traits>

#include "../detail/format.hpp"
#include "builder.hpp"
#include "module.hpp"

namespace escapade::ir {

struct write_options {
    bool positions = false;  ///< write every position explicitly
};

namespace detail {

template <class Sink>
class writer {
public:
    writer(const module& m, Sink& sink, const write_options& opt) noexcept
        : m_(m), sink_(sink), opt_(opt), work_(m.resource()), stack_(m.resource()) {}

    bool run() noexcept;

private:
    static constexpr int max_type_depth = 256;

    bool put(std::string_view s) noexcept {
        if (!ok_) return false;
        if (!sink_(s)) ok_ = false;
        return ok_;
    }
    bool put_uint(std::uint64_t v) noexcept {
        char b[24];
        return put(escapade::detail::format_u64(b, v));  // not snprintf("%llu"): see status.hpp
    }
    bool put_quoted(std::string_view s) noexcept {
        put("\"");
        std::size_t start = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(s[i]);
            const char* esc = nullptr;
            char hex[8];
            if (c == '"') esc = "\\\"";
            else if (c == '\\') esc = "\\\\";
            else if (c == '\n') esc = "\\n";
            else if (c == '\t') esc = "\\t";
            else if (c == '\r') esc = "\\r";
            else if (c < 0x20 || c == 0x7f) {
                std::snprintf(hex, sizeof hex, "\\x%02x", c);
                esc = hex;
            }
            if (esc) {
                put(s.substr(start, i - start));
                put(esc);
                start = i + 1;
            }
        }
        put(s.substr(start));
        return put("\"");
    }
    void indent(int n) noexcept {
        for (int i = 0; i < n; ++i) put("    ");
    }
    /// `@L:C` for pos, after switching files with a directive if needed (at statement level only).
    void pos_annotation(source_pos p) noexcept {
        if (!opt_.positions || !p.known()) return;
        put("@");
        put_uint(p.line);
        put(":");
        put_uint(p.column);
    }
    void file_directive(source_pos p, int depth) noexcept {
        if (!opt_.positions || !p.known() || p.file == cur_file_) return;
        indent(depth);
        put("file ");
        put_quoted(m_.file_name(p.file));
        put("\n");
        cur_file_ = p.file;
    }
    void write_type(type_id t, int depth = 0) noexcept;
    void write_expr(expr_id e) noexcept;
    void expr_list(id_span<expr_id> es, std::size_t from = 0, std::size_t to = static_cast<std::size_t>(-1)) noexcept {
        bool first = true;
        for (std::size_t i = from; i < es.size() && i < to; ++i) {
            if (!first) put(", ");
            first = false;
            write_expr(es[i]);
        }
    }
    void function_header(func_id f) noexcept;
    void params(id_span<var_id> ps, std::size_t skip, bool variadic) noexcept;
    std::string_view default_display(func_id f, char* buf, std::size_t size) const noexcept;
    void leading(stmt_id s) noexcept;
    std::size_t write_simple(const stmt_id* list, std::size_t n, std::size_t i, int depth) noexcept;
    bool write_function(func_id f, int depth) noexcept;
    bool drain() noexcept;
    void type_structure(type_id t) noexcept;
    void struct_like(type_id t) noexcept;
    void signature_tail(type_id sig) noexcept;
    source_pos first_pos_of_stmt(stmt_id s) const noexcept { return m_.stmt_at(s).pos; }
    bool prefix_form(expr_id e) const noexcept {
        expr_kind k = m_.expr_at(e).kind;
        return k == expr_kind::addr || k == expr_kind::deref || k == expr_kind::recv || k == expr_kind::ptr_lit;
    }
    bool annotated(expr_id e) const noexcept {
        const expr& x = m_.expr_at(e);
        return (opt_.positions && x.pos.known()) || has_display_text(e);
    }
    bool has_display_text(expr_id e) const noexcept {
        const expr& x = m_.expr_at(e);
        if (x.text.empty() || x.kind == expr_kind::constant) return false;
        if (x.kind == expr_kind::slice_lit && x.text == "... argument") return false;
        return true;
    }
    /// A call whose last argument is an implicitly packed variadic slice is written unpacked.
    bool packed_variadic_last(expr_id call, std::size_t first_arg) const noexcept {
        const expr& x = m_.expr_at(call);
        if (x.flags & ex_ddd) return false;
        id_span<expr_id> ops = m_.operands(call);
        if (ops.size() <= first_arg) return false;
        const expr& last = m_.expr_at(ops[ops.size() - 1]);
        return (last.kind == expr_kind::slice_lit || last.kind == expr_kind::constant) && last.text == "... argument";
    }

    const module& m_;
    Sink& sink_;
    write_options opt_;
    bool ok_ = true;
    index_t cur_file_ = invalid_index;

    // expression writer stack: a piece is either literal text or an expression to write
    struct piece {
        const char* text;     ///< literal (static storage) or nullptr
        std::string_view sv;  ///< literal view (when text == nullptr and e == invalid)
        expr_id e;
        bool paren_prefix;    ///< parenthesise e if it has prefix form or annotations
        std::uint8_t special; ///< 1: annotations of e; 2: type of e (for conversions etc.)
        type_id t;
    };
    escapade::detail::vector<piece> work_;
    struct frame {
        const stmt_id* list;
        std::size_t count;
        std::size_t next;
        int depth;
        std::uint8_t kind;  ///< 0 block, 1 if-then (else may follow), 2 else/loop/range, 3 function body
        index_t owner;
    };
    escapade::detail::vector<frame> stack_;
};

template <class Sink>
void writer<Sink>::write_type(type_id t, int depth) noexcept {
    const type& ty = m_.type_at(t);
    if (!ty.name.empty()) {
        put(ty.name);
        return;
    }
    if (depth > max_type_depth) {
        put("?");
        return;
    }
    switch (ty.kind) {
    case type_kind::bool_: put("bool"); return;
    case type_kind::int_: put("int"); return;
    case type_kind::int8: put("int8"); return;
    case type_kind::int16: put("int16"); return;
    case type_kind::int32: put("int32"); return;
    case type_kind::int64: put("int64"); return;
    case type_kind::uint: put("uint"); return;
    case type_kind::uint8: put("byte"); return;
    case type_kind::uint16: put("uint16"); return;
    case type_kind::uint32: put("uint32"); return;
    case type_kind::uint64: put("uint64"); return;
    case type_kind::uintptr: put("uintptr"); return;
    case type_kind::float32: put("float32"); return;
    case type_kind::float64: put("float64"); return;
    case type_kind::complex64: put("complex64"); return;
    case type_kind::complex128: put("complex128"); return;
    case type_kind::string: put("string"); return;
    case type_kind::unsafe_pointer: put("unsafe.Pointer"); return;
    case type_kind::pointer: put("*"); write_type(ty.elem, depth + 1); return;
    case type_kind::slice: put("[]"); write_type(ty.elem, depth + 1); return;
    case type_kind::array:
        put("[");
        put_uint(ty.length);
        put("]");
        write_type(ty.elem, depth + 1);
        return;
    case type_kind::map:
        put("map[");
        write_type(ty.key, depth + 1);
        put("]");
        write_type(ty.elem, depth + 1);
        return;
    case type_kind::chan: put("chan "); write_type(ty.elem, depth + 1); return;
    case type_kind::func:
    case type_kind::struct_:
    case type_kind::interface: struct_like(t); return;
    case type_kind::nil: put("nil"); return;
    case type_kind::tuple:
    case type_kind::invalid: put("?"); return;
    }
}

template <class Sink>
void writer<Sink>::write_expr(expr_id root) noexcept {
    work_.clear();
    auto lit = [&](const char* s) { return piece{s, {}, invalid_index, false, 0, invalid_index}; };
    auto view = [&](std::string_view s) { return piece{nullptr, s, invalid_index, false, 0, invalid_index}; };
    auto sub = [&](expr_id e, bool paren) { return piece{nullptr, {}, e, paren, 0, invalid_index}; };
    auto ty = [&](type_id t) { return piece{nullptr, {}, invalid_index, false, 2, t}; };
    if (!work_.push_back(sub(root, false))) {
        ok_ = false;
        return;
    }
    // Pieces are pushed in reverse order of output.
    escapade::detail::vector<piece> tmp(m_.resource());
    while (!work_.empty() && ok_) {
        piece pc = work_.back();
        work_.pop_back();
        if (pc.special == 2) {
            write_type(pc.t);
            continue;
        }
        if (pc.e == invalid_index) {
            if (pc.text) put(pc.text);
            else put(pc.sv);
            continue;
        }
        if (pc.special == 1) {
            const expr& x = m_.expr_at(pc.e);
            if (opt_.positions && x.pos.known()) pos_annotation(x.pos);
            if (has_display_text(pc.e)) {
                put("~");
                put_quoted(x.text);
            }
            continue;
        }
        expr_id e = pc.e;
        const expr& x = m_.expr_at(e);
        id_span<expr_id> ops = m_.operands(e);
        tmp.clear();
        bool paren = (pc.paren_prefix || annotated(e)) && prefix_form(e);
        auto emit = [&](const piece& p) {
            if (!tmp.push_back(p)) ok_ = false;
        };
        if (paren) emit(lit("("));
        switch (x.kind) {
        case expr_kind::var: emit(view(m_.variable_at(x.ref).name)); break;
        case expr_kind::func_ref: {
            const function& fn = m_.function_at(x.ref);
            if (fn.flags & fn_method) {
                // method expression T.M / (*T).M
                const type& rt = m_.type_at(fn.receiver);
                if (rt.kind == type_kind::pointer && rt.name.empty()) {
                    emit(lit("(*"));
                    emit(view(m_.type_at(rt.elem).name));
                    emit(lit(")."));
                } else {
                    emit(view(rt.name));
                    emit(lit("."));
                }
            }
            emit(view(fn.name));
            break;
        }
        case expr_kind::constant: {
            if (!x.text.empty()) {
                if (x.text == "zero") {
                    const type& ct = m_.type_at(x.type);
                    emit(lit(builder::nilable(ct.kind) ? "nil" : ct.kind == type_kind::string ? "\"\"" : ct.kind == type_kind::bool_ ? "false" : "0"));
                } else {
                    emit(view(x.text));
                }
            } else {
                const type& ct = m_.type_at(x.type);
                emit(lit(builder::nilable(ct.kind) ? "nil" : ct.kind == type_kind::string ? "\"\"" : ct.kind == type_kind::bool_ ? "false" : "0"));
            }
            break;
        }
        case expr_kind::blank: emit(lit("_")); break;
        case expr_kind::opaque:
            if (m_.type_at(x.type).kind == type_kind::int_) emit(lit("op("));
            else {
                emit(lit("op["));
                emit(ty(x.type));
                emit(lit("]("));
            }
            for (std::size_t i = 0; i < ops.size(); ++i) {
                if (i) emit(lit(", "));
                emit(sub(ops[i], false));
            }
            emit(lit(")"));
            break;
        case expr_kind::addr: emit(lit("&")); emit(sub(ops[0], false)); break;
        case expr_kind::deref: emit(lit("*")); emit(sub(ops[0], false)); break;
        case expr_kind::recv: emit(lit("<-")); emit(sub(ops[0], false)); break;
        case expr_kind::ptr_lit: emit(lit("&")); emit(sub(ops[0], false)); break;
        case expr_kind::field:
        case expr_kind::field_ptr: {
            emit(sub(ops[0], true));
            emit(lit("."));
            type_id st = m_.expr_at(ops[0]).type;
            if (x.kind == expr_kind::field_ptr) st = m_.type_at(st).elem;
            emit(view(m_.field_at(st, x.ref).name));
            break;
        }
        case expr_kind::index:
        case expr_kind::index_ptr:
        case expr_kind::index_map:
            emit(sub(ops[0], true));
            emit(lit("["));
            emit(sub(ops[1], false));
            emit(lit("]"));
            break;
        case expr_kind::slice: {
            // (&a)[lo:hi] is written a[lo:hi]: the reader inserts the & for arrays again.
            expr_id base = ops[0];
            const expr& b = m_.expr_at(base);
            if (b.kind == expr_kind::addr && m_.type_at(m_.expr_at(m_.operands(base)[0]).type).kind == type_kind::array &&
                !annotated(base))
                base = m_.operands(base)[0];
            emit(sub(base, true));
            emit(lit("["));
            std::size_t k = 1;
            if (x.flags & ex_slice_lo) emit(sub(ops[k++], false));
            emit(lit(":"));
            if (x.flags & ex_slice_hi) emit(sub(ops[k++], false));
            if (x.flags & ex_slice_max) {
                emit(lit(":"));
                emit(sub(ops[k++], false));
            }
            emit(lit("]"));
            break;
        }
        case expr_kind::convert:
        case expr_kind::to_iface:
        case expr_kind::string_conv: {
            const type& ct = m_.type_at(x.type);
            bool wrap = ct.name.empty() && (ct.kind == type_kind::pointer || ct.kind == type_kind::func || ct.kind == type_kind::chan);
            if (wrap) emit(lit("("));
            emit(ty(x.type));
            if (wrap) emit(lit(")"));
            emit(lit("("));
            emit(sub(ops[0], false));
            emit(lit(")"));
            break;
        }
        case expr_kind::type_assert:
            emit(sub(ops[0], true));
            emit(lit(".("));
            emit(ty(x.type));
            emit(lit(")"));
            break;
        case expr_kind::new_:
            emit(lit("new("));
            emit(ty(m_.type_at(x.type).elem));
            emit(lit(")"));
            break;
        case expr_kind::make_slice:
        case expr_kind::make_map:
        case expr_kind::make_chan:
            emit(lit("make("));
            emit(ty(x.type));
            for (std::size_t i = 0; i < ops.size(); ++i) {
                emit(lit(", "));
                emit(sub(ops[i], false));
            }
            emit(lit(")"));
            break;
        case expr_kind::struct_lit:
        case expr_kind::array_lit:
        case expr_kind::slice_lit:
        case expr_kind::map_lit: {
            const type& ct = m_.type_at(x.type);
            bool wrap = ct.name.empty() && ct.kind == type_kind::struct_;
            (void)wrap;
            emit(ty(x.type));
            emit(lit("{"));
            for (std::size_t i = 0; i < ops.size(); ++i) {
                if (i) emit(lit(x.kind == expr_kind::map_lit && i % 2 == 1 ? ": " : ", "));
                emit(sub(ops[i], false));
            }
            emit(lit("}"));
            break;
        }
        case expr_kind::closure: emit(view(m_.function_at(x.ref).name)); break;
        case expr_kind::method_value:
            emit(sub(ops[0], true));
            emit(lit("."));
            emit(view(m_.name_at(x.ref)));
            break;
        case expr_kind::concat:
            emit(lit("concat("));
            for (std::size_t i = 0; i < ops.size(); ++i) {
                if (i) emit(lit(", "));
                emit(sub(ops[i], false));
            }
            emit(lit(")"));
            break;
        case expr_kind::call:
        case expr_kind::call_method:
        case expr_kind::call_value: {
            std::size_t first = 0;
            if (x.kind == expr_kind::call) {
                const function& fn = m_.function_at(x.ref);
                if (fn.flags & fn_method) {
                    const type& rt = m_.type_at(fn.receiver);
                    if (rt.kind == type_kind::pointer && rt.name.empty()) {
                        emit(lit("(*"));
                        emit(view(m_.type_at(rt.elem).name));
                        emit(lit(")."));
                    } else {
                        emit(view(rt.name));
                        emit(lit("."));
                    }
                }
                emit(view(fn.name));
            } else if (x.kind == expr_kind::call_method) {
                emit(sub(ops[0], true));
                emit(lit("."));
                emit(view(m_.name_at(x.ref)));
                first = 1;
            } else {
                emit(sub(ops[0], true));
                first = 1;
            }
            emit(lit("("));
            bool unpack = packed_variadic_last(e, first);
            std::size_t n = ops.size();
            for (std::size_t i = first; i < n; ++i) {
                if (unpack && i + 1 == n) {
                    id_span<expr_id> rest = m_.operands(ops[i]);
                    for (std::size_t j = 0; j < rest.size(); ++j) {
                        if (i > first || j > 0) emit(lit(", "));
                        emit(sub(rest[j], false));
                    }
                    break;
                }
                if (i > first) emit(lit(", "));
                emit(sub(ops[i], false));
            }
            if (x.flags & ex_ddd) emit(lit("..."));
            emit(lit(")"));
            break;
        }
        case expr_kind::append:
        case expr_kind::copy:
        case expr_kind::panic:
        case expr_kind::builtin:
        case expr_kind::unsafe_add: {
            if (x.kind == expr_kind::append) emit(lit("append("));
            else if (x.kind == expr_kind::copy) emit(lit("copy("));
            else if (x.kind == expr_kind::panic) emit(lit("panic("));
            else if (x.kind == expr_kind::unsafe_add) emit(lit(m_.type_at(x.type).kind == type_kind::slice &&
                                                                       m_.type_at(m_.expr_at(ops[0]).type).kind == type_kind::pointer
                                                                   ? "unsafe.Slice("
                                                                   : "unsafe.Add("));
            else {
                emit(view(m_.name_at(x.ref)));
                emit(lit("("));
            }
            for (std::size_t i = 0; i < ops.size(); ++i) {
                if (i) emit(lit(", "));
                emit(sub(ops[i], false));
            }
            if (x.flags & ex_ddd) emit(lit("..."));
            emit(lit(")"));
            break;
        }
        }
        if (paren) emit(lit(")"));
        emit(piece{nullptr, {}, e, false, 1, invalid_index});  // annotations
        for (std::size_t i = tmp.size(); i > 0; --i)
            if (!work_.push_back(tmp[i - 1])) ok_ = false;
    }
}

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
void writer<Sink>::leading(stmt_id s) noexcept {
    const stmt& st = m_.stmt_at(s);
    if (opt_.positions && st.pos.known()) {
        pos_annotation(st.pos);
        put(" ");
    }
    if (!st.text.empty()) {
        put("~");
        put_quoted(st.text);
        put(" ");
    }
}

/// The statement at list[i] may start a folded form; returns how many statements it covers.
template <class Sink>
std::size_t writer<Sink>::write_simple(const stmt_id* list, std::size_t n, std::size_t i, int depth) noexcept {
    stmt_id s = list[i];
    const stmt& st = m_.stmt_at(s);
    if (st.kind == stmt_kind::declare) {
        // declares followed by the defining assignment or range of exactly those variables
        std::size_t j = i;
        while (j < n && m_.stmt_at(list[j]).kind == stmt_kind::declare && j - i < 64) ++j;
        std::size_t nd = j - i;
        if (j < n) {
            const stmt& d = m_.stmt_at(list[j]);
            id_span<expr_id> es = m_.stmt_exprs(list[j]);
            auto is_var = [&](expr_id e, var_id v) {
                return m_.expr_at(e).kind == expr_kind::var && m_.expr_at(e).ref == v;
            };
            // Targets are the declared variables in order, possibly with blanks (`n, _ := f()`).
            std::size_t nt = d.lhs_count;
            bool match = d.kind == stmt_kind::assign && d.form == assign_form::define && nt >= nd;
            if (match) {
                std::size_t k = 0;
                for (std::size_t t = 0; t < nt && match; ++t) {
                    if (m_.expr_at(es[t]).kind == expr_kind::blank) continue;
                    match = k < nd && is_var(es[t], m_.stmt_at(list[i + k]).ref);
                    ++k;
                }
                match = match && k == nd;
            }
            if (match) {
                std::size_t nv = es.size() - nt;
                // `var x T = e` spells T again, which for a struct or interface type literal makes
                // a new, different type: only when the value's type differs (`var p *int = nil`);
                // otherwise `x := e` below.
                if (nd == 1 && nt == 1 && nv == 1 && m_.expr_at(es[1]).type != m_.variable_at(m_.stmt_at(list[i]).ref).type) {
                    const variable& v = m_.variable_at(m_.stmt_at(list[i]).ref);
                    indent(depth);
                    leading(list[j]);
                    put("var ");
                    put(v.name);
                    put(" ");
                    write_type(v.type);
                    if (opt_.positions && v.pos.known()) {
                        put(" ");
                        pos_annotation(v.pos);
                    }
                    put(" = ");
                    write_expr(es[1]);
                    put("\n");
                    return 2;
                }
                // a, b := rhs: the reader infers the types from the values
                bool types_ok = true;
                std::size_t k = 0;
                for (std::size_t t = 0; t < nt && types_ok; ++t) {
                    if (m_.expr_at(es[t]).kind == expr_kind::blank) continue;
                    type_id want = m_.variable_at(m_.stmt_at(list[i + k]).ref).type;
                    ++k;
                    if (nv == nt) {
                        types_ok = m_.expr_at(es[nt + t]).type == want;
                    } else if (nv == 1 && m_.type_at(m_.expr_at(es[nt]).type).kind == type_kind::tuple) {
                        id_span<type_id> ts = m_.func_params(m_.expr_at(es[nt]).type);
                        types_ok = t < ts.size() && ts[t] == want;
                    } else if (nv == 1 && nt == 2) {  // comma-ok
                        types_ok = t == 0 ? m_.expr_at(es[nt]).type == want : m_.type_at(want).kind == type_kind::bool_;
                    } else {
                        types_ok = false;
                    }
                }
                if (types_ok) {
                    indent(depth);
                    leading(list[j]);
                    std::size_t vi = 0;
                    for (std::size_t t = 0; t < nt; ++t) {
                        if (t) put(", ");
                        if (m_.expr_at(es[t]).kind == expr_kind::blank) {
                            put("_");
                            if (opt_.positions && m_.expr_at(es[t]).pos.known()) {
                                put(" ");
                                pos_annotation(m_.expr_at(es[t]).pos);
                            }
                            continue;
                        }
                        const variable& v = m_.variable_at(m_.stmt_at(list[i + vi++]).ref);
                        put(v.name);
                        if (opt_.positions && v.pos.known()) {
                            put(" ");
                            pos_annotation(v.pos);
                        }
                    }
                    put(" := ");
                    expr_list(es, nt);
                    put("\n");
                    return nd + 1;
                }
            }
        }
        const variable& v = m_.variable_at(st.ref);
        indent(depth);
        put("var ");
        put(v.name);
        put(" ");
        write_type(v.type);
        if (opt_.positions && v.pos.known()) {
            put(" ");
            pos_annotation(v.pos);
        }
        put("\n");
        return 1;
    }
    id_span<expr_id> es = m_.stmt_exprs(s);
    indent(depth);
    leading(s);
    switch (st.kind) {
    case stmt_kind::assign:
        expr_list(es, 0, st.lhs_count);
        put(st.form == assign_form::op ? " += " : " = ");
        expr_list(es, st.lhs_count);
        break;
    case stmt_kind::eval: write_expr(es[0]); break;
    case stmt_kind::return_:
        put("return");
        if (!es.empty()) {
            put(" ");
            expr_list(es);
        }
        break;
    case stmt_kind::go:
    case stmt_kind::defer:
        put(st.kind == stmt_kind::go ? "go " : "defer ");
        write_expr(es[0]);
        break;
    case stmt_kind::send:
        write_expr(es[0]);
        put(" <- ");
        write_expr(es[1]);
        break;
    case stmt_kind::label:
        put(m_.label_name(st.ref));
        put(":");
        break;
    case stmt_kind::goto_:
        put("goto ");
        put(m_.label_name(st.ref));
        break;
    case stmt_kind::break_: put("break"); break;
    case stmt_kind::continue_: put("continue"); break;
    default: break;
    }
    put("\n");
    return 1;
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
bool writer<Sink>::drain() noexcept {
    // Frames: 0 plain block, 1 if-then, 2 else / loop / range (close with "}"), 3 function body.
    while (!stack_.empty() && ok_) {
        frame& fr = stack_.back();
        if (fr.next >= fr.count) {
            frame done = fr;
            stack_.pop_back();
            indent(done.depth - 1);
            if (done.kind == 1) {
                id_span<stmt_id> els = m_.else_children(done.owner);
                if (!els.empty()) {
                    put("} else {\n");
                    if (!stack_.push_back(frame{els.first, els.count, 0, done.depth, 2, done.owner})) return ok_ = false;
                    continue;
                }
            }
            put("}\n");
            continue;
        }
        const stmt_id* list = fr.list;
        std::size_t n = fr.count;
        std::size_t i = fr.next;
        int depth = fr.depth;
        stmt_id s = list[i];
        const stmt& st = m_.stmt_at(s);
        file_directive(st.pos, depth);
        // Range with variables declared by the statements just before it: `for k, v := range x`.
        if (st.kind == stmt_kind::declare) {
            std::size_t j = i;
            while (j < n && j - i < 2 && m_.stmt_at(list[j]).kind == stmt_kind::declare) ++j;
            if (j < n && m_.stmt_at(list[j]).kind == stmt_kind::range && m_.stmt_at(list[j]).form == assign_form::define) {
                id_span<expr_id> es = m_.stmt_exprs(list[j]);
                std::size_t k = i;
                bool match = true;
                for (std::size_t t = 0; t < 2; ++t) {
                    const expr& x = m_.expr_at(es[t]);
                    if (x.kind == expr_kind::blank) continue;
                    match = match && x.kind == expr_kind::var && k < j && m_.stmt_at(list[k]).ref == x.ref;
                    ++k;
                }
                if (match && k == j) {
                    fr.next = j + 1;
                    indent(depth);
                    leading(list[j]);
                    put("for ");
                    for (std::size_t t = 0; t < 2; ++t) {
                        const expr& x = m_.expr_at(es[t]);
                        if (t == 1 && x.kind == expr_kind::blank) break;
                        if (t) put(", ");
                        if (x.kind == expr_kind::blank) {
                            put("_");
                            if (opt_.positions && x.pos.known()) {
                                put(" ");
                                pos_annotation(x.pos);
                            }
                            continue;
                        }
                        const variable& v = m_.variable_at(x.ref);
                        put(v.name);
                        if (opt_.positions && v.pos.known()) {
                            put(" ");
                            pos_annotation(v.pos);
                        }
                    }
                    put(" := range ");
                    write_expr(es[2]);
                    put(" {\n");
                    id_span<stmt_id> kids = m_.children(list[j]);
                    if (!stack_.push_back(frame{kids.first, kids.count, 0, depth + 1, 2, list[j]})) return ok_ = false;
                    continue;
                }
            }
        }
        switch (st.kind) {
        case stmt_kind::block:
        case stmt_kind::if_:
        case stmt_kind::loop:
        case stmt_kind::range: {
            fr.next = i + 1;
            indent(depth);
            leading(s);
            id_span<expr_id> es = m_.stmt_exprs(s);
            std::uint8_t kind = 2;
            if (st.kind == stmt_kind::block) {
                put("{\n");
                kind = 0;
            } else if (st.kind == stmt_kind::if_) {
                const expr& c = m_.expr_at(es[0]);
                if (c.kind == expr_kind::opaque && c.operands_count == 0 && m_.type_at(c.type).kind == type_kind::bool_) {
                    put("if {\n");
                } else {
                    put("if ");
                    write_expr(es[0]);
                    put(" {\n");
                }
                kind = 1;
            } else if (st.kind == stmt_kind::loop) {
                put("for {\n");
            } else {
                const expr& k0 = m_.expr_at(es[0]);
                const expr& v0 = m_.expr_at(es[1]);
                put("for ");
                if (k0.kind == expr_kind::blank && v0.kind == expr_kind::blank) {
                    put("range ");
                } else {
                    write_expr(es[0]);
                    if (v0.kind != expr_kind::blank) {
                        put(", ");
                        write_expr(es[1]);
                    }
                    put(" = range ");
                }
                write_expr(es[2]);
                put(" {\n");
            }
            id_span<stmt_id> kids = m_.children(s);
            if (!stack_.push_back(frame{kids.first, kids.count, 0, depth + 1, kind, s})) return ok_ = false;
            continue;
        }
        case stmt_kind::closure: {
            fr.next = i + 1;
            if (!write_function(st.ref, depth)) return false;
            continue;
        }
        default: fr.next = i + write_simple(list, n, i, depth); continue;
        }
    }
    return ok_;
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

template <class Sink>
void writer<Sink>::type_structure(type_id t) noexcept {
    // Like type(), but ignoring t's own name (and writing the named type's structure).
    const type& ty = m_.type_at(t);
    switch (ty.kind) {
    case type_kind::pointer: put("*"); write_type(ty.elem, 1); return;
    case type_kind::slice: put("[]"); write_type(ty.elem, 1); return;
    case type_kind::array: put("["); put_uint(ty.length); put("]"); write_type(ty.elem, 1); return;
    case type_kind::map: put("map["); write_type(ty.key, 1); put("]"); write_type(ty.elem, 1); return;
    case type_kind::chan: put("chan "); write_type(ty.elem, 1); return;
    default: break;
    }
    if (ty.kind == type_kind::struct_ || ty.kind == type_kind::interface || ty.kind == type_kind::func) {
        struct_like(t);
        return;
    }
    // scalar kinds
    static const char* names[] = {"?", "bool", "int", "int8", "int16", "int32", "int64", "uint", "byte", "uint16", "uint32",
                                  "uint64", "uintptr", "float32", "float64", "complex64", "complex128", "string",
                                  "unsafe.Pointer", "nil"};
    std::size_t k = static_cast<std::size_t>(ty.kind);
    put(k < sizeof names / sizeof names[0] ? names[k] : "?");
}

template <class Sink>
void writer<Sink>::struct_like(type_id t) noexcept {
    const type& ty = m_.type_at(t);
    if (ty.kind == type_kind::struct_) {
        // `struct { A, b T }` would read back as two fields named A and b: an embedded field
        // followed by another field needs newline-separated fields.
        bool lines = false;
        for (index_t i = 0; i + 1 < ty.count; ++i) lines = lines || m_.field_at(t, i).embedded;
        put("struct {");
        for (index_t i = 0; i < ty.count; ++i) {
            const field& f = m_.field_at(t, i);
            put(lines ? "\n    " : i ? ", " : " ");
            if (!f.embedded) {
                put(f.name);
                put(" ");
            }
            write_type(f.type, 1);
        }
        put(lines ? "\n}" : ty.count ? " }" : "}");
        return;
    }
    if (ty.kind == type_kind::interface) {
        put("interface {");
        const interface_method* ims = m_.interface_methods(t);
        for (index_t i = 0; i < ty.count; ++i) {
            put(i ? ", " : " ");
            put(ims[i].name);
            signature_tail(ims[i].signature);
        }
        put(ty.count ? " }" : "}");
        return;
    }
    put("func");
    signature_tail(t);
}

template <class Sink>
void writer<Sink>::signature_tail(type_id sig) noexcept {
    const type& st = m_.type_at(sig);
    put("(");
    id_span<type_id> ps = m_.func_params(sig);
    for (std::size_t j = 0; j < ps.size(); ++j) {
        if (j) put(", ");
        if (st.variadic && j + 1 == ps.size()) {
            put("...");
            write_type(m_.type_at(ps[j]).elem, 1);
        } else {
            write_type(ps[j], 1);
        }
    }
    put(")");
    id_span<type_id> rs = m_.func_results(sig);
    if (rs.size() == 1) {
        put(" ");
        write_type(rs[0], 1);
    } else if (rs.size() > 1) {
        put(" (");
        for (std::size_t j = 0; j < rs.size(); ++j) {
            if (j) put(", ");
            write_type(rs[j], 1);
        }
        put(")");
    }
}

}  // namespace detail

/// Writes m as text IR through sink (a callable bool(std::string_view) returning false to stop).
template <class Sink>
bool write_text(const module& m, Sink&& sink, const write_options& options = {}) noexcept {
    detail::writer<std::remove_reference_t<Sink>> w(m, sink, options);
    return w.run();
}

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_WRITER_HPP
