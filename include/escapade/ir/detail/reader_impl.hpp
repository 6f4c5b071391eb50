// escapade/ir/detail/reader_impl.hpp - implementation of ir::read_text (see ir/reader.hpp).
#ifndef ESCAPADE_IR_DETAIL_READER_IMPL_HPP
#define ESCAPADE_IR_DETAIL_READER_IMPL_HPP

#include "../reader.hpp"  // for standalone inclusion (this file is included at the end of it)

namespace escapade::ir {
namespace detail {

using expr_list = escapade::detail::vector<expr_id>;

// =============================================================================================
// Pass 1: scan top-level declarations
// =============================================================================================

inline bool reader::skip_to_line_end_balanced() noexcept {
    // Skips to the end of the current declaration: the end of line, unless braces are open.
    int depth = 0;
    token open;
    for (;;) {
        const token& t = lx_.peek();
        if (t.kind == tok::eof) {
            if (depth > 0) return error(open, errc::syntax_error, "'{' is never closed");
            return true;
        }
        if (t.kind == tok::newline && depth == 0) return true;
        if (t.kind == tok::lbrace) {
            if (depth == 0) open = t;
            ++depth;
        } else if (t.kind == tok::rbrace) {
            if (depth == 0) return error(t, errc::syntax_error, "unexpected '}'");
            --depth;
        }
        lx_.next();
    }
}

inline bool reader::scan_declarations() noexcept {
    for (;;) {
        while (lx_.at(tok::newline)) lx_.next();
        if (lx_.at(tok::eof)) return true;
        token t = lx_.peek();
        if (t.kind != tok::ident) {
            char d[64];
            describe(t, d, sizeof d);
            return error(t, errc::syntax_error, "expected a declaration (type, var, func, extern, module or file), found %s", d);
        }
        if (t.text == "module") {
            lx_.next();
            token n = lx_.peek();
            if (n.kind != tok::ident) return unexpected("a module name");
            lx_.next();
            b_.set_module_name(n.text);
            if (!lx_.at(tok::newline) && !lx_.at(tok::eof)) return unexpected("end of line");
        } else if (t.text == "file") {
            lx_.next();
            token s = lx_.peek();
            if (s.kind != tok::string) return unexpected("a file name string");
            lx_.next();
            std::string_view name;
            if (!string_value(s, &name)) return false;
            cur_file_ = b_.add_file(name);
            if (!built(cur_file_, s)) return false;
            if (!lx_.at(tok::newline) && !lx_.at(tok::eof)) return unexpected("end of line");
        } else if (t.text == "type") {
            lx_.next();
            token n = lx_.peek();
            if (n.kind != tok::ident) return unexpected("a type name");
            lx_.next();
            source_pos pos = pos_of(n);
            if (lx_.at(tok::at)) {
                lx_.next();
                if (!parse_pos_annotation(&pos)) return false;
            }
            if (builtin_named(n.text) != invalid_index && !failed())
                return error(n, errc::duplicate_name, "'%.*s' is a predeclared type", int(n.text.size()), n.text.data());
            type_id id = b_.declare_named(n.text, pos);
            if (!built(id, n)) return false;
            if (!bind(n, m_.type_at(id).name, bk::type, id)) return false;
            if (!types_.push_back(pending_type{id, lx_.position(), cur_file_})) return oom();
            if (!skip_to_line_end_balanced()) return false;
        } else if (t.text == "var") {
            lx_.next();
            token n = lx_.peek();
            if (n.kind != tok::ident) return unexpected("a variable name");
            lx_.next();
            if (!globals_.push_back(pending_global{n, lx_.position(), cur_file_})) return oom();
            if (!skip_to_line_end_balanced()) return false;
        } else if (t.text == "func" || t.text == "extern") {
            bool is_extern = t.text == "extern";
            lx_.next();
            if (is_extern) {
                if (!lx_.at_ident("func")) return unexpected("'func' after 'extern'");
                lx_.next();
            }
            lexer::mark header = lx_.position();
            bool method = lx_.at(tok::lparen);
            if (method) {
                // Skip the receiver list.
                int depth = 0;
                do {
                    if (lx_.at(tok::eof) || lx_.at(tok::newline)) return unexpected("')' closing the receiver");
                    if (lx_.at(tok::lparen)) ++depth;
                    if (lx_.at(tok::rparen)) --depth;
                    lx_.next();
                } while (depth > 0);
            }
            token n = lx_.peek();
            if (n.kind != tok::ident) return unexpected("a function name");
            lx_.next();
            func_id f = b_.function(n.text, pos_of(n));
            if (!built(f, n)) return false;
            if (is_extern) b_.set_flags(f, fn_extern);
            if (!method && !bind(n, m_.function_at(f).name, bk::function, f)) return false;
            if (closures_used_.size() <= f && !closures_used_.resize(f + 1, 0)) return oom();
            // Find the body: the first '{' outside parentheses that is not part of a struct or
            // interface type in the signature.
            int parens = 0;
            bool prev_type_kw = false;
            pending_func pf{f, header, {}, false, is_extern, cur_file_};
            for (;;) {
                const token& c = lx_.peek();
                if (c.kind == tok::eof || (c.kind == tok::newline && parens == 0)) break;
                if (c.kind == tok::lparen) ++parens;
                else if (c.kind == tok::rparen) --parens;
                else if (c.kind == tok::lbrace) {
                    if (prev_type_kw) {
                        // struct { ... } / interface { ... } inside the signature
                        int depth = 0;
                        do {
                            if (lx_.at(tok::eof)) return unexpected("'}'");
                            if (lx_.at(tok::lbrace)) ++depth;
                            if (lx_.at(tok::rbrace)) --depth;
                            lx_.next();
                        } while (depth > 0);
                        prev_type_kw = false;
                        continue;
                    }
                    if (parens == 0) {
                        pf.has_body = true;
                        pf.body = lx_.position();
                        break;
                    }
                }
                prev_type_kw = c.kind == tok::ident && (c.text == "struct" || c.text == "interface");
                lx_.next();
            }
            if (pf.has_body) {
                if (!skip_to_line_end_balanced()) return false;
            }
            if (!funcs_.push_back(pf)) return oom();
        } else {
            return error(t, errc::syntax_error, "expected a declaration (type, var, func, extern, module or file), found '%.*s'",
                         int(t.text.size() > 40 ? 40 : t.text.size()), t.text.data());
        }
        if (failed()) return false;
    }
}

// =============================================================================================
// Types
// =============================================================================================

inline type_id reader::builtin_named(std::string_view n) noexcept {
    struct entry {
        const char* name;
        type_kind kind;
    };
    static const entry table[] = {
        {"bool", type_kind::bool_},       {"int", type_kind::int_},         {"int8", type_kind::int8},
        {"int16", type_kind::int16},      {"int32", type_kind::int32},      {"rune", type_kind::int32},
        {"int64", type_kind::int64},      {"uint", type_kind::uint},        {"uint8", type_kind::uint8},
        {"byte", type_kind::uint8},       {"uint16", type_kind::uint16},    {"uint32", type_kind::uint32},
        {"uint64", type_kind::uint64},    {"uintptr", type_kind::uintptr},  {"float32", type_kind::float32},
        {"float64", type_kind::float64},  {"complex64", type_kind::complex64}, {"complex128", type_kind::complex128},
        {"string", type_kind::string},
    };
    for (const entry& e : table)
        if (n == e.name) return b_.builtin(e.kind);
    if (n == "any") return any_type_;
    if (n == "error") return error_type_;
    return invalid_index;
}

inline bool reader::starts_type() noexcept {
    const token& t = lx_.peek();
    if (t.kind == tok::star || t.kind == tok::lbrack || t.kind == tok::arrow) return true;
    if (t.kind == tok::lparen) return true;
    if (t.kind != tok::ident) return false;
    if (t.text == "map" || t.text == "chan" || t.text == "func" || t.text == "struct" || t.text == "interface" || t.text == "unsafe")
        return true;
    if (builtin_named(t.text) != invalid_index) return true;
    const binding* bd = lookup(t.text);
    return bd && bd->kind == bk::type;
}

inline type_id reader::parse_type(std::uint32_t depth) noexcept {
    if (failed()) return invalid_index;
    if (depth > opt_.max_type_nesting) {
        error(lx_.peek(), errc::limit_exceeded, "type nested more than %u levels", unsigned(opt_.max_type_nesting));
        return invalid_index;
    }
    token t = lx_.peek();
    switch (t.kind) {
    case tok::star: {
        lx_.next();
        type_id e = parse_type(depth + 1);
        if (e == invalid_index) return e;
        type_id r = b_.pointer_to(e);
        return built(r, t) ? r : invalid_index;
    }
    case tok::lparen: {
        lx_.next();
        type_id e = parse_type(depth + 1);
        if (e == invalid_index || !expect(tok::rparen, "')'")) return invalid_index;
        return e;
    }
    case tok::lbrack: {
        lx_.next();
        if (lx_.at(tok::rbrack)) {
            lx_.next();
            type_id e = parse_type(depth + 1);
            if (e == invalid_index) return e;
            type_id r = b_.slice_of(e);
            return built(r, t) ? r : invalid_index;
        }
        token n = lx_.peek();
        if (n.kind != tok::integer) {
            unexpected("an array length (an integer constant)");
            return invalid_index;
        }
        lx_.next();
        std::uint64_t len = 0;
        if (!to_u64(n, &len) || !expect(tok::rbrack, "']'")) return invalid_index;
        type_id e = parse_type(depth + 1);
        if (e == invalid_index) return e;
        type_id r = b_.array_of(e, len);
        if (r != invalid_index) b_.note_type_position(r, pos_of(t));  // for "array type too large"
        return built(r, t) ? r : invalid_index;
    }
    case tok::arrow: {  // <-chan T
        lx_.next();
        if (!lx_.at_ident("chan")) {
            unexpected("'chan'");
            return invalid_index;
        }
        lx_.next();
        type_id e = parse_type(depth + 1);
        if (e == invalid_index) return e;
        type_id r = b_.chan_of(e);
        return built(r, t) ? r : invalid_index;
    }
    case tok::ident: break;
    default: unexpected("a type"); return invalid_index;
    }
    lx_.next();
    if (t.text == "map") {
        if (!expect(tok::lbrack, "'['")) return invalid_index;
        type_id k = parse_type(depth + 1);
        if (k == invalid_index || !expect(tok::rbrack, "']'")) return invalid_index;
        type_id v = parse_type(depth + 1);
        if (v == invalid_index) return v;
        type_id r = b_.map_of(k, v);
        return built(r, t) ? r : invalid_index;
    }
    if (t.text == "chan") {
        if (lx_.at(tok::arrow)) lx_.next();  // chan<- T
        type_id e = parse_type(depth + 1);
        if (e == invalid_index) return e;
        type_id r = b_.chan_of(e);
        return built(r, t) ? r : invalid_index;
    }
    if (t.text == "func") return parse_func_type(depth + 1);
    if (t.text == "struct") return parse_struct_type(depth + 1, t);
    if (t.text == "interface") return parse_interface_type(depth + 1, t);
    if (t.text == "unsafe") {
        if (!expect(tok::dot, "'.'")) return invalid_index;
        if (!lx_.at_ident("Pointer")) {
            unexpected("'Pointer'");
            return invalid_index;
        }
        lx_.next();
        type_id r = b_.builtin(type_kind::unsafe_pointer);
        return built(r, t) ? r : invalid_index;
    }
    type_id bt = builtin_named(t.text);
    if (bt != invalid_index) return bt;
    if (failed()) return invalid_index;
    const binding* bd = lookup(t.text);
    if (bd == nullptr) {
        error(t, errc::unknown_name, "unknown type '%.*s'", int(t.text.size()), t.text.data());
        return invalid_index;
    }
    if (bd->kind != bk::type) {
        error(t, errc::type_error, "'%.*s' is not a type", int(t.text.size()), t.text.data());
        return invalid_index;
    }
    return bd->id;
}

inline type_id reader::parse_func_type(std::uint32_t depth) noexcept {
    // func(T, U, ...V) R | func(a T, b U) (R, S)
    if (!expect(tok::lparen, "'('")) return invalid_index;
    type_id ps[64], rs[64];
    std::size_t np = 0, nr = 0;
    bool variadic = false;
    auto list = [&](type_id* out, std::size_t* n, bool allow_ddd) -> bool {
        // Each item: [name] [...]type. Names are ignored.
        while (!lx_.at(tok::rparen)) {
            if (*n >= 64) return error_here(errc::limit_exceeded, "more than 64 parameters");
            if (lx_.at(tok::ident) && !starts_type()) {  // a parameter name
                lx_.next();
            } else if (lx_.at(tok::ident) && (lx_.peek2().kind != tok::comma && lx_.peek2().kind != tok::rparen &&
                                              lx_.peek2().kind != tok::dot && lx_.peek2().kind != tok::lbrack)) {
                // `name T` where name happens to also be a type name: treat the first as a name
                // (but `func(...) R`, `chan T`, `map[...]`... are types, not names)
                const token& nx = lx_.peek2();
                std::string_view w = lx_.peek().text;
                bool keyword = w == "func" || w == "chan" || w == "map" || w == "struct" || w == "interface";
                if (!keyword && (nx.kind == tok::ident || nx.kind == tok::star || nx.kind == tok::ellipsis ||
                                 nx.kind == tok::lparen || nx.kind == tok::arrow))
                    lx_.next();
            }
            if (lx_.at(tok::ellipsis)) {
                if (!allow_ddd) return error_here(errc::syntax_error, "'...' is only allowed on the last parameter");
                lx_.next();
                type_id e = parse_type(depth + 1);
                if (e == invalid_index) return false;
                type_id s = b_.slice_of(e);
                if (!built(s, lx_.peek())) return false;
                out[(*n)++] = s;
                variadic = true;
                if (!lx_.at(tok::rparen)) return unexpected("')' after the variadic parameter");
                break;
            }
            type_id ty = parse_type(depth + 1);
            if (ty == invalid_index) return false;
            out[(*n)++] = ty;
            if (lx_.at(tok::comma)) lx_.next();
            else if (!lx_.at(tok::rparen)) return unexpected("',' or ')'");
        }
        lx_.next();
        return true;
    };
    if (!list(ps, &np, true)) return invalid_index;
    if (lx_.at(tok::lparen)) {
        lx_.next();
        if (!list(rs, &nr, false)) return invalid_index;
    } else if (starts_type() && !lx_.at(tok::lparen)) {
        type_id r = parse_type(depth + 1);
        if (r == invalid_index) return r;
        rs[nr++] = r;
    }
    type_id f = b_.func_type(ps, np, rs, nr, variadic);
    return built(f, lx_.peek()) ? f : invalid_index;
}

inline type_id reader::parse_struct_type(std::uint32_t depth, const token& start) noexcept {
    if (!expect(tok::lbrace, "'{'")) return invalid_index;
    escapade::detail::vector<field> fields(mem_);
    for (;;) {
        while (lx_.at(tok::newline) || lx_.at(tok::comma)) lx_.next();
        if (lx_.at(tok::rbrace)) {
            lx_.next();
            break;
        }
        if (lx_.at(tok::eof)) {
            unexpected("'}' closing the struct");
            return invalid_index;
        }
        // name[, name...] T  |  embedded T / *T
        token n = lx_.peek();
        bool embedded = n.kind == tok::star ||
                        (n.kind == tok::ident && (lx_.peek2().kind == tok::newline || lx_.peek2().kind == tok::rbrace));
        if (embedded) {
            type_id ty = parse_type(depth + 1);
            if (ty == invalid_index) return ty;
            type_id named = ty;
            if (m_.type_at(ty).kind == type_kind::pointer && m_.type_at(ty).name.empty()) named = m_.type_at(ty).elem;
            field f;
            f.name = m_.type_at(named).name;
            f.type = ty;
            f.embedded = true;
            if (f.name.empty()) {
                error(n, errc::type_error, "an embedded field must be a named type");
                return invalid_index;
            }
            if (!fields.push_back(f)) return oom(), invalid_index;
            continue;
        }
        if (n.kind != tok::ident) {
            unexpected("a field name");
            return invalid_index;
        }
        std::size_t first = fields.size();
        for (;;) {
            token fn = lx_.peek();
            if (fn.kind != tok::ident) {
                unexpected("a field name");
                return invalid_index;
            }
            lx_.next();
            field f;
            f.name = fn.text;
            if (!fields.push_back(f)) return oom(), invalid_index;
            if (lx_.at(tok::comma) && lx_.peek2().kind == tok::ident) {
                // `a, b T` or `a T, b U`: decide by what follows the next identifier.
                lexer::mark save = lx_.position();
                lx_.next();
                lx_.next();
                bool more_names = lx_.at(tok::comma) || !(lx_.at(tok::newline) || lx_.at(tok::rbrace));
                bool shared = lx_.at(tok::comma) || (more_names && !lx_.at(tok::comma) && !lx_.at(tok::newline));
                lx_.seek(save);
                if (!shared) break;
                // Only a real "a, b T" list continues here: peek pattern ident then (ident|type start)
                lexer::mark save2 = lx_.position();
                lx_.next();  // ','
                lx_.next();  // ident
                bool is_list = lx_.at(tok::comma) || starts_type() || lx_.at(tok::star) || lx_.at(tok::lbrack);
                lx_.seek(save2);
                if (!is_list) break;
                // It is a list only if the identifier after the comma is followed by ',' or a type and
                // the current field has no type yet (we are before the type).
                lx_.next();  // consume ','
                continue;
            }
            break;
        }
        type_id ty = parse_type(depth + 1);
        if (ty == invalid_index) return ty;
        for (std::size_t i = first; i < fields.size(); ++i) fields[i].type = ty;
        if (!lx_.at(tok::newline) && !lx_.at(tok::comma) && !lx_.at(tok::rbrace)) {
            unexpected("',' or end of line after a field");
            return invalid_index;
        }
    }
    type_id st = b_.struct_type(fields.data(), fields.size(), pos_of(start));
    return built(st, start) ? st : invalid_index;
}

inline type_id reader::parse_interface_type(std::uint32_t depth, const token& start) noexcept {
    if (!expect(tok::lbrace, "'{'")) return invalid_index;
    escapade::detail::vector<interface_method> methods(mem_);
    for (;;) {
        while (lx_.at(tok::newline) || lx_.at(tok::comma)) lx_.next();
        if (lx_.at(tok::rbrace)) {
            lx_.next();
            break;
        }
        token n = lx_.peek();
        if (n.kind != tok::ident) {
            unexpected("a method name or an embedded interface");
            return invalid_index;
        }
        lx_.next();
        if (!lx_.at(tok::lparen)) {
            // embedded interface: copy its methods
            const binding* bd = lookup(n.text);
            type_id et = n.text == "error" ? error_type_ : bd && bd->kind == bk::type ? bd->id : invalid_index;
            if (et == invalid_index || m_.type_at(et).kind != type_kind::interface) {
                error(n, errc::type_error, "'%.*s' is not an interface (embedded interfaces must be declared earlier)",
                      int(n.text.size()), n.text.data());
                return invalid_index;
            }
            const interface_method* im = m_.interface_methods(et);
            for (index_t i = 0; i < m_.type_at(et).count; ++i) {
                bool dup = false;
                for (const interface_method& x : methods) dup = dup || x.name == im[i].name;
                if (!dup && !methods.push_back(im[i])) return oom(), invalid_index;
            }
            continue;
        }
        type_id sig = parse_func_type(depth + 1);
        if (sig == invalid_index) return sig;
        interface_method im;
        im.name = n.text;
        im.signature = sig;
        if (!methods.push_back(im)) return oom(), invalid_index;
        if (!lx_.at(tok::newline) && !lx_.at(tok::comma) && !lx_.at(tok::rbrace)) {
            unexpected("end of line after a method");
            return invalid_index;
        }
    }
    type_id it = b_.interface_type(methods.data(), methods.size(), pos_of(start));
    return built(it, start) ? it : invalid_index;
}

inline bool reader::define_types() noexcept {
    // Parse every definition, then define in an order where `type A B` comes after B.
    escapade::detail::vector<type_id> like(mem_);
    if (!like.resize(types_.size(), invalid_index)) return oom();
    std::size_t left = types_.size();
    escapade::detail::vector<std::uint8_t> done(mem_);
    if (!done.resize(types_.size(), 0)) return oom();
    for (std::size_t i = 0; i < types_.size(); ++i) {
        lx_.seek(types_[i].start);
        cur_file_ = types_[i].file;
        token t = lx_.peek();
        type_id l = parse_type();
        if (l == invalid_index) return false;
        if (!lx_.at(tok::newline) && !lx_.at(tok::eof)) return unexpected("end of line after the type");
        if (l == types_[i].id) return error(t, errc::type_error, "invalid recursive type");
        like[i] = l;
        // Define it right away when its structure is complete, so that a later interface can
        // embed it ("embedded interfaces must be declared earlier").
        if (m_.type_at(l).kind != type_kind::invalid) {
            if (!b_.define_named(types_[i].id, l)) return built(invalid_index, t);
            done[i] = 1;
            --left;
        }
    }
    while (left > 0) {
        std::size_t progress = 0;
        for (std::size_t i = 0; i < types_.size(); ++i) {
            if (done[i]) continue;
            if (m_.type_at(like[i]).kind == type_kind::invalid) continue;  // waits for its base
            if (!b_.define_named(types_[i].id, like[i])) return built(invalid_index, token{});
            done[i] = 1;
            --left;
            ++progress;
        }
        if (progress == 0) {
            for (std::size_t i = 0; i < types_.size(); ++i)
                if (!done[i]) {
                    const type& t = m_.type_at(types_[i].id);
                    return error_at(t.pos.line, t.pos.column, errc::type_error, "invalid recursive type %.*s", int(t.name.size()),
                                    t.name.data());
                }
        }
    }
    return true;
}

inline bool reader::declare_globals() noexcept {
    for (const pending_global& g : globals_) {
        lx_.seek(g.start);
        cur_file_ = g.file;
        source_pos pos = pos_of(g.name);
        type_id t = parse_type();
        if (t == invalid_index) return false;
        if (lx_.at(tok::at)) {
            lx_.next();
            if (!parse_pos_annotation(&pos)) return false;
        }
        if (!lx_.at(tok::newline) && !lx_.at(tok::eof))
            return unexpected("end of line (globals have no initializer; assign them in a function)");
        var_id v = b_.global(g.name.text, t, pos);
        if (!built(v, g.name)) return false;
        if (!bind(g.name, m_.variable_at(v).name, bk::variable, v)) return false;
    }
    return true;
}

inline bool reader::parse_param_list(func_id f, bool results, bool* variadic) noexcept {
    // '(' already consumed. Items: name T | name, name T | T (unnamed) | name ...T
    struct pending {
        token name;
        bool named;
    };
    pending names[64];
    std::size_t count = 0;
    index_t index = 0;
    auto add = [&](std::string_view name, type_id t, source_pos pos, const token& tk) -> bool {
        char buf[16];
        std::string_view nm = name;
        if (nm.empty()) {
            if (results) {
                std::snprintf(buf, sizeof buf, "~r%u", unsigned(index));
                nm = buf;
            } else {
                nm = "_";
            }
        }
        var_id v = results ? b_.result(f, nm, t, pos) : b_.param(f, nm, t, pos);
        ++index;
        return built(v, tk);
    };
    while (!lx_.at(tok::rparen)) {
        if (lx_.at(tok::eof) || lx_.at(tok::newline)) return unexpected("')'");
        // Collect a run of identifiers separated by commas that are all names sharing a type.
        count = 0;
        token first = lx_.peek();
        bool is_named = false;
        if (first.kind == tok::ident) {
            const token& nx = lx_.peek2();
            // `name T`, `name ...T`, `name, name T`; `T @pos` (an unnamed result with its position,
            // as the writer writes it) is a type, not a name.
            if (nx.kind == tok::ident || nx.kind == tok::star || nx.kind == tok::lbrack || nx.kind == tok::ellipsis ||
                nx.kind == tok::lparen || nx.kind == tok::arrow)
                is_named = !(first.text == "map" || first.text == "chan" || first.text == "func" || first.text == "struct" ||
                             first.text == "interface" || first.text == "unsafe");
            if (nx.kind == tok::comma) {
                // `a, b T` (names) vs `T, U` (types): names iff the run ends with a name followed by a type.
                lexer::mark save = lx_.position();
                bool names = false;
                while (lx_.at(tok::ident)) {
                    // `(I, func(*int) *int)`: a type keyword in the run means a list of types.
                    std::string_view w = lx_.peek().text;
                    if (w == "func" || w == "map" || w == "chan" || w == "struct" || w == "interface" || w == "unsafe") break;
                    lx_.next();
                    if (lx_.at(tok::comma)) {
                        lx_.next();
                        continue;
                    }
                    names = !lx_.at(tok::rparen) && !lx_.at(tok::at);  // `T, U @pos`: types
                    break;
                }
                lx_.seek(save);
                is_named = names;
            }
        }
        if (is_named) {
            for (;;) {
                token n = lx_.peek();
                if (n.kind != tok::ident) return unexpected("a parameter name");
                if (count >= 64) return error_here(errc::limit_exceeded, "more than 64 parameters");
                lx_.next();
                names[count++] = pending{n, true};
                if (lx_.at(tok::comma) && lx_.peek2().kind == tok::ident) {
                    lexer::mark save = lx_.position();
                    lx_.next();
                    lx_.next();
                    bool list = lx_.at(tok::comma) || starts_type() || lx_.at(tok::ellipsis) || lx_.at(tok::at);
                    lx_.seek(save);
                    // "a, b T": after 'b' comes a type. "a T, b U" never reaches here (a is followed by T).
                    if (list) {
                        lx_.next();
                        continue;
                    }
                }
                break;
            }
        }
        bool ddd = false;
        if (lx_.at(tok::ellipsis)) {
            if (results) return error_here(errc::syntax_error, "results cannot be variadic");
            lx_.next();
            ddd = true;
        }
        token tt = lx_.peek();
        type_id t = parse_type();
        if (t == invalid_index) return false;
        if (ddd) {
            t = b_.slice_of(t);
            if (!built(t, tt)) return false;
            *variadic = true;
        }
        source_pos pos = count ? pos_of(names[0].name) : pos_of(tt);
        bool explicit_pos = false;
        if (lx_.at(tok::at)) {
            lx_.next();
            if (!parse_pos_annotation(&pos)) return false;
            explicit_pos = true;
        }
        if (count == 0) {
            if (!add({}, t, pos, tt)) return false;
        } else {
            for (std::size_t i = 0; i < count; ++i) {
                source_pos p = explicit_pos && i == count - 1 ? pos : explicit_pos ? pos : pos_of(names[i].name);
                if (!add(names[i].name.text, t, p, names[i].name)) return false;
            }
        }
        if (ddd && !lx_.at(tok::rparen)) return unexpected("')' after the variadic parameter");
        if (lx_.at(tok::comma)) lx_.next();
        else if (!lx_.at(tok::rparen)) return unexpected("',' or ')'");
    }
    lx_.next();
    return true;
}

inline bool reader::parse_function_header(func_id f, bool is_extern, bool nested, func_id parent) noexcept {
    (void)parent;
    // [ '(' recv T ')' ] NAME [@pos] [~"display"] '(' params ')' [results]
    type_id recv_type = invalid_index;
    token recv_tok;
    if (lx_.at(tok::lparen)) {
        if (nested) return error_here(errc::syntax_error, "a function literal has no receiver");
        lx_.next();
        recv_tok = lx_.peek();
        bool variadic = false;
        if (!parse_param_list(f, false, &variadic)) return false;
        if (m_.function_at(f).params_count != 1) return error(recv_tok, errc::arity_mismatch, "a method has exactly one receiver");
        recv_type = m_.variable_at(m_.params(f)[0]).type;
        type_id named = recv_type;
        if (m_.type_at(named).kind == type_kind::pointer && m_.type_at(named).name.empty()) named = m_.type_at(named).elem;
        if (m_.type_at(named).name.empty()) return error(recv_tok, errc::type_error, "a receiver must be T or *T for a named type T");
    }
    token n = lx_.next();  // the name (already known)
    source_pos pos = pos_of(n);
    std::string_view display;
    for (;;) {
        if (lx_.at(tok::at)) {
            lx_.next();
            if (!parse_pos_annotation(&pos)) return false;
        } else if (lx_.at(tok::tilde)) {
            lx_.next();
            token s = lx_.peek();
            if (s.kind != tok::string) return unexpected("a display string after '~'");
            lx_.next();
            if (!string_value(s, &display)) return false;
        } else {
            break;
        }
    }
    // Position override.
    const_cast<function&>(m_.function_at(f)).pos = pos;
    if (!expect(tok::lparen, "'(' starting the parameters")) return false;
    bool variadic = false;
    if (!parse_param_list(f, false, &variadic)) return false;
    // Results: none | T | (list)
    if (lx_.at(tok::lparen)) {
        lx_.next();
        bool dummy = false;
        if (!parse_param_list(f, true, &dummy)) return false;
    } else if (!lx_.at(tok::lbrace) && !lx_.at(tok::newline) && !lx_.at(tok::eof)) {
        token tt = lx_.peek();
        type_id t = parse_type();
        if (t == invalid_index) return false;
        source_pos rp = pos_of(tt);
        if (lx_.at(tok::at)) {
            lx_.next();
            if (!parse_pos_annotation(&rp)) return false;
        }
        if (!built(b_.result(f, "~r0", t, rp), tt)) return false;
    }
    if (!built(b_.set_signature(f, variadic, recv_type), n)) return false;
    if (recv_type != invalid_index) {
        if (!b_.add_method(recv_type, n.text, f, pos)) return built(invalid_index, n);
        if (display.empty()) {
            char buf[256];
            const type& rt = m_.type_at(recv_type);
            if (rt.kind == type_kind::pointer && rt.name.empty()) {
                const type& nt = m_.type_at(rt.elem);
                std::snprintf(buf, sizeof buf, "(*%.*s).%.*s", int(nt.name.size()), nt.name.data(), int(n.text.size()), n.text.data());
            } else {
                std::snprintf(buf, sizeof buf, "%.*s.%.*s", int(rt.name.size()), rt.name.data(), int(n.text.size()), n.text.data());
            }
            b_.set_display(f, buf);
        }
    }
    if (!display.empty()) b_.set_display(f, display);
    if (is_extern && lx_.at(tok::lbrace)) return parse_declared_leaks(f);
    return !failed();
}

inline bool reader::parse_declared_leaks(func_id f) noexcept {
    // { PARAM -> heap LEVEL | PARAM -> RESULT LEVEL | PARAM -> if SUBJECT.METHOD ARG LEVEL [inexact]
    //   | PARAM -> if SUBJECT() ARG LEVEL [inexact] ... }
    lx_.next();  // '{'
    for (;;) {
        while (lx_.at(tok::newline)) lx_.next();
        if (lx_.at(tok::rbrace)) {
            lx_.next();
            // A summary block with no lines declares that nothing leaks.
            b_.set_flags(f, fn_summary);
            return true;
        }
        token p = lx_.peek();
        if (p.kind != tok::ident) return unexpected("a parameter name");
        lx_.next();
        declared_leak leak;
        leak.param = invalid_index;
        id_span<var_id> ps = m_.params(f);
        for (index_t i = 0; i < ps.size(); ++i)
            if (m_.variable_at(ps[i]).name == p.text) leak.param = i;
        if (leak.param == invalid_index)
            return error(p, errc::unknown_name, "'%.*s' is not a parameter of this function", int(p.text.size()), p.text.data());
        if (!expect(tok::leak_arrow, "'->'")) return false;
        token d = lx_.peek();
        if (d.kind != tok::ident) return unexpected("'heap', a result name or 'if'");
        lx_.next();
        if (d.text == "if") {
            // a conditional leak: SUBJECT.METHOD ARG LEVEL or SUBJECT() ARG LEVEL
            token sj = lx_.peek();
            if (sj.kind != tok::ident) return unexpected("the parameter the condition is on");
            lx_.next();
            for (index_t i = 0; i < ps.size(); ++i)
                if (m_.variable_at(ps[i]).name == sj.text) leak.subject = i;
            if (leak.subject == invalid_index)
                return error(sj, errc::unknown_name, "'%.*s' is not a parameter of this function", int(sj.text.size()), sj.text.data());
            if (lx_.at(tok::dot)) {
                lx_.next();
                token mt = lx_.peek();
                if (mt.kind != tok::ident) return unexpected("a method name");
                lx_.next();
                leak.method = mt.text;
            } else {
                if (!expect(tok::lparen, "'.' and a method name, or '()'") || !expect(tok::rparen, "')'")) return false;
            }
            token a = lx_.peek();
            if (a.kind != tok::integer) return unexpected("the index of the argument kept");
            lx_.next();
            std::uint32_t arg = 0;
            if (!to_u32(a, &arg)) return false;
            if (arg > 1000) return error(a, errc::limit_exceeded, "argument index too large");
            leak.argument = arg;
        } else if (d.text != "heap") {
            id_span<var_id> rs = m_.results(f);
            for (index_t i = 0; i < rs.size(); ++i)
                if (m_.variable_at(rs[i]).name == d.text) leak.result = i;
            if (leak.result == invalid_index)
                return error(d, errc::unknown_name, "'%.*s' is not a result of this function", int(d.text.size()), d.text.data());
        }
        token l = lx_.peek();
        std::uint32_t level = 0;
        if (l.kind == tok::integer) {
            lx_.next();
            if (!to_u32(l, &level)) return false;
            if (level > 1000) return error(l, errc::limit_exceeded, "leak level too large");
        }
        leak.derefs = static_cast<std::int32_t>(level);
        if (leak.subject != invalid_index && lx_.at(tok::ident) && lx_.peek().text == "inexact") {
            lx_.next();
            leak.exact = false;
            leak.derefs = 0;
        }
        if (!b_.add_declared_leak(f, leak)) return built(invalid_index, p);
        if (!lx_.at(tok::newline) && !lx_.at(tok::rbrace)) return unexpected("end of line");
    }
}

inline bool reader::declare_functions() noexcept {
    for (const pending_func& pf : funcs_) {
        lx_.seek(pf.header);
        cur_file_ = pf.file;
        if (!parse_function_header(pf.id, pf.is_extern, false, invalid_index)) return false;
        // An extern function's `{ ... }` is its declared-leak block, already parsed by the header.
        if (pf.is_extern && pf.has_body && !(m_.function_at(pf.id).flags & fn_summary))
            return error_here(errc::syntax_error, "an extern function has no body");
        if (!pf.is_extern && !pf.has_body) {
            return error_at(m_.function_at(pf.id).pos.line ? pf.header.line : pf.header.line, pf.header.column,
                            errc::syntax_error, "function without a body (write 'extern func' for an external function)");
        }
        if (!pf.has_body && !lx_.at(tok::newline) && !lx_.at(tok::eof)) return unexpected("end of line");
    }
    return true;
}

// =============================================================================================
// Expressions
// =============================================================================================

inline expr_id reader::constant_of(const token& t) noexcept {
    type_id ty = invalid_index;
    switch (t.kind) {
    case tok::integer: ty = b_.builtin(type_kind::int_); break;
    case tok::floating: ty = b_.builtin(type_kind::float64); break;
    case tok::string: ty = b_.builtin(type_kind::string); break;
    case tok::character: ty = b_.builtin(type_kind::int32); break;
    default: break;
    }
    if (t.kind == tok::integer) {
        std::uint64_t v;
        if (!to_u64(t, &v)) return invalid_index;
    }
    expr_id e = b_.constant(ty, pos_of(t));
    if (!built(e, t)) return invalid_index;
    if (t.kind == tok::string || t.kind == tok::character || t.kind == tok::integer || t.kind == tok::floating) b_.set_text(e, t.text);
    return e;
}

inline expr_id reader::materialize(item& it) noexcept {
    if (failed()) return invalid_index;
    switch (it.kind) {
    case ik::value: return it.id;
    case ik::function: {
        expr_id e = b_.func_ref(it.id, pos_of(it.tk));
        if (!built(e, it.tk)) return invalid_index;
        it = item{ik::value, e, it.tk};
        return e;
    }
    case ik::closure_fn: {
        func_id f = it.id;
        if (closures_used_[f] != 0) {
            error(it.tk, errc::invalid_host_ir, "function literal '%.*s' is already used once (each literal is evaluated at one place)",
                  int(it.tk.text.size()), it.tk.text.data());
            return invalid_index;
        }
        closures_used_[f] = 1;
        expr_id e = b_.closure(f, pos_of(it.tk));
        if (!built(e, it.tk)) return invalid_index;
        it = item{ik::value, e, it.tk};
        return e;
    }
    case ik::type:
        error(it.tk, errc::type_error, "a type is not a value");
        return invalid_index;
    }
    return invalid_index;
}

inline expr_id reader::conversion(type_id t, expr_id x, const token& tk) noexcept {
    const type& to = m_.type_at(t);
    const type& from = m_.type_at(b_.type_of(x));
    source_pos pos = pos_of(tk);
    expr_id e;
    auto is_byte_or_rune_slice = [&](const type& s) {
        if (s.kind != type_kind::slice) return false;
        type_kind k = m_.type_at(s.elem).kind;
        return k == type_kind::uint8 || k == type_kind::int32;
    };
    if (to.kind == type_kind::interface && from.kind != type_kind::interface) {
        e = b_.to_iface(t, x, pos);
    } else if ((to.kind == type_kind::string && (is_byte_or_rune_slice(from) || (builder::scalar(from.kind) && from.kind != type_kind::bool_))) ||
               (is_byte_or_rune_slice(to) && from.kind == type_kind::string)) {
        e = b_.string_conv(t, x, pos);
    } else {
        e = b_.convert(t, x, pos);
    }
    return built(e, tk) ? e : invalid_index;
}

inline bool reader::apply_annotations(expr_id e) noexcept {
    for (;;) {
        if (lx_.at(tok::at)) {
            lx_.next();
            source_pos p;
            if (!parse_pos_annotation(&p)) return false;
            expr& x = const_cast<expr&>(m_.expr_at(e));
            // The implicit `... argument` of a variadic call sits at the call's position and has no
            // spelling of its own: it moves with the call's annotation.
            if ((x.kind == expr_kind::call || x.kind == expr_kind::call_value || x.kind == expr_kind::call_method) &&
                x.operands_count > 0) {
                expr& last = const_cast<expr&>(m_.expr_at(m_.operands(e)[x.operands_count - 1]));
                if ((last.kind == expr_kind::slice_lit || last.kind == expr_kind::constant) && last.text == "... argument" &&
                    last.pos == x.pos)
                    last.pos = p;
            }
            x.pos = p;
            b_.set_explicit_pos(e);
        } else if (lx_.at(tok::tilde)) {
            lx_.next();
            token s = lx_.peek();
            if (s.kind != tok::string) return unexpected("a display string after '~'");
            lx_.next();
            std::string_view text;
            if (!string_value(s, &text)) return false;
            b_.set_text(e, text);
        } else {
            return true;
        }
    }
}

/// Packs trailing arguments of a variadic call into a `[]T{...}` literal ("... argument").
inline bool reader::pack_variadic(func_id, type_id sig, std::size_t mark, bool ddd, const token& tk) noexcept {
    const type& s = m_.type_at(sig);
    if (!s.variadic || ddd) return true;
    std::size_t fixed = s.count - 1;
    std::size_t have = items_.size() - mark;
    if (have < fixed) return true;  // arity error reported by the builder
    type_id st = m_.func_params(sig)[fixed];
    // As gc's MakeDotArgs: no extra arguments pass a nil slice (no allocation site); the nil is
    // marked with the same text so that the writer leaves it out again.
    expr_id lit = have == fixed ? b_.constant(st, pos_of(tk)) : b_.composite(st, items_.data() + mark + fixed, have - fixed, pos_of(tk));
    if (!built(lit, tk)) return false;
    b_.set_text(lit, "... argument");
    items_.truncate(mark + fixed);
    keys_.truncate(mark + fixed);
    if (!items_.push_back(lit) || !keys_.push_back(invalid_index)) return oom();
    return true;
}

inline bool reader::finish_call(frame& f, const token& closing, item* out) noexcept {
    std::size_t mark = f.args_mark;
    const expr_id* args = items_.data() + mark;
    std::size_t n = items_.size() - mark;
    source_pos pos = pos_of(f.tk);
    expr_id e = invalid_index;
    switch (f.kind) {
    case fk::call:
        switch (f.how) {
        case callee::static_fn: {
            const function& fn = m_.function_at(f.fn);
            type_id sig = fn.signature;
            if (fn.flags & fn_method) {
                // method expression T.M(recv, args): receiver is args[0]
                if (n >= 1) {
                    expr_id recv = items_[mark];
                    items_[mark] = recv;
                }
            }
            if (!(fn.flags & fn_method)) {
                if (!pack_variadic(f.fn, sig, mark, f.ddd, f.tk)) return false;
            } else if (m_.type_at(sig).variadic && !f.ddd && n >= 1) {
                // shift: pack relative to the signature without receiver
                expr_id recv = items_[mark];
                (void)recv;
                if (!pack_variadic(f.fn, sig, mark + 1, f.ddd, f.tk)) return false;
            }
            args = items_.data() + mark;
            n = items_.size() - mark;
            e = b_.call(f.fn, args, n, pos, f.ddd);
            break;
        }
        case callee::method_static: {
            // receiver first, then arguments; the receiver was adjusted (&x or *p) when the frame opened
            const function& fn = m_.function_at(f.fn);
            if (m_.type_at(fn.signature).variadic && !f.ddd && !pack_variadic(f.fn, fn.signature, mark + 1, f.ddd, f.tk)) return false;
            args = items_.data() + mark;
            n = items_.size() - mark;
            e = b_.call(f.fn, args, n, pos, f.ddd);
            break;
        }
        case callee::method_iface: {
            type_id sig = b_.method_signature(b_.type_of(f.recv), f.name, pos);
            if (!built(sig, f.tk)) return false;
            if (!pack_variadic(invalid_index, sig, mark, f.ddd, f.tk)) return false;
            args = items_.data() + mark;
            n = items_.size() - mark;
            e = b_.call_method(f.recv, f.name, args, n, pos, f.ddd);
            break;
        }
        case callee::value: {
            type_id sig = b_.type_of(f.recv);
            if (m_.type_at(sig).kind == type_kind::func && !pack_variadic(invalid_index, sig, mark, f.ddd, f.tk)) return false;
            args = items_.data() + mark;
            n = items_.size() - mark;
            e = b_.call_value(f.recv, args, n, pos, f.ddd);
            break;
        }
        case callee::none: break;
        }
        break;
    case fk::builtin: {
        std::string_view nm = f.name;
        if (nm == "append") {
            e = b_.append(args, n, pos, f.ddd);
        } else if (f.ddd) {
            return error(closing, errc::syntax_error, "'...' is only allowed in calls and append");
        } else if (nm == "copy") {
            if (n != 2) return error(f.tk, errc::arity_mismatch, "copy takes two arguments");
            e = b_.copy(args[0], args[1], pos);
        } else if (nm == "panic") {
            if (n != 1) return error(f.tk, errc::arity_mismatch, "panic takes one argument");
            if (m_.type_at(b_.type_of(args[0])).kind != type_kind::interface)
                return error(f.tk, errc::type_error, "panic takes an interface value: write panic(any(x))");
            e = b_.panic(args[0], pos);
        } else if (nm == "concat") {
            e = b_.concat(args, n, pos);
        } else if (nm == "op") {
            e = b_.opaque(f.type != invalid_index ? f.type : b_.builtin(type_kind::int_), args, n, pos);
        } else if (nm == "unsafe.Add") {
            if (n != 2) return error(f.tk, errc::arity_mismatch, "unsafe.Add takes two arguments");
            e = b_.unsafe_add(args[0], args[1], b_.type_of(args[0]), pos);
        } else if (nm == "unsafe.Slice") {
            if (n != 2) return error(f.tk, errc::arity_mismatch, "unsafe.Slice takes two arguments");
            const type& pt = m_.type_at(b_.type_of(args[0]));
            if (pt.kind != type_kind::pointer) return error(f.tk, errc::type_error, "unsafe.Slice needs a pointer");
            type_id st = b_.slice_of(pt.elem);
            if (!built(st, f.tk)) return false;
            e = b_.unsafe_add(args[0], args[1], st, pos);
        } else {
            type_id rt = invalid_index;
            if (nm == "len" || nm == "cap" || nm == "unsafe.Sizeof" || nm == "unsafe.Alignof" || nm == "unsafe.Offsetof")
                rt = b_.builtin(nm[0] == 'u' ? type_kind::uintptr : type_kind::int_);
            else if (nm == "recover") rt = any_type_;
            else if (nm == "complex") rt = b_.builtin(type_kind::complex128);
            else if (nm == "real" || nm == "imag") rt = b_.builtin(type_kind::float64);
            else if (nm == "min" || nm == "max") {
                if (n == 0) return error(f.tk, errc::arity_mismatch, "min and max need arguments");
                rt = b_.type_of(args[0]);
            }
            e = b_.builtin_call(nm, rt, args, n, pos);
        }
        break;
    }
    case fk::make:
        e = b_.make(f.type, args, n, pos);
        break;
    case fk::conv:
        if (n != 1) return error(f.tk, errc::arity_mismatch, "a conversion takes exactly one value");
        if (f.ddd) return error(closing, errc::syntax_error, "'...' in a conversion");
        e = conversion(f.type, args[0], f.tk);
        if (e == invalid_index) return false;
        break;
    case fk::composite: {
        const type& ct = m_.type_at(f.type);
        if (f.ddd) return error(closing, errc::syntax_error, "'...' in a composite literal");
        if (ct.kind == type_kind::struct_) {
            // Keyed elements are placed by field; gaps become zero constants.
            bool keyed = n > 0 && keys_[mark] != invalid_index;
            for (std::size_t i = 0; i < n; ++i)
                if ((keys_[mark + i] != invalid_index) != keyed)
                    return error(f.tk, errc::syntax_error, "mixture of field:value and value elements in struct literal");
            if (keyed) {
                expr_id placed[256];
                index_t used = 0;
                if (ct.count > 256) return error(f.tk, errc::limit_exceeded, "struct literal with more than 256 fields");
                for (index_t i = 0; i < ct.count; ++i) placed[i] = invalid_index;
                for (std::size_t i = 0; i < n; ++i) {
                    index_t fi = keys_[mark + i];
                    if (placed[fi] != invalid_index) return error(f.tk, errc::duplicate_name, "duplicate field in struct literal");
                    placed[fi] = items_[mark + i];
                    if (fi + 1 > used) used = fi + 1;
                }
                for (index_t i = 0; i < used; ++i)
                    if (placed[i] == invalid_index) {
                        // The zero value of the field: nil, "", false, 0, or T{} for aggregates.
                        type_id ft = m_.field_at(f.type, i).type;
                        type_kind fk2 = m_.type_at(ft).kind;
                        if (fk2 == type_kind::struct_ || fk2 == type_kind::array) {
                            placed[i] = b_.composite(ft, nullptr, 0, pos);
                        } else if (builder::nilable(fk2)) {
                            placed[i] = b_.constant(b_.builtin(type_kind::nil), pos);
                            if (placed[i] != invalid_index) b_.set_text(placed[i], "nil");
                        } else {
                            placed[i] = b_.constant(ft, pos);
                            if (placed[i] != invalid_index)
                                b_.set_text(placed[i], fk2 == type_kind::string ? "\"\"" : fk2 == type_kind::bool_ ? "false" : "0");
                        }
                        if (!built(placed[i], f.tk)) return false;
                    }
                e = b_.composite(f.type, placed, used, pos);
            } else {
                e = b_.composite(f.type, args, n, pos);
            }
        } else {
            e = b_.composite(f.type, args, n, pos);
        }
        break;
    }
    case fk::prefix:
    case fk::paren:
    case fk::index: break;
    }
    if (!built(e, f.tk)) return false;
    items_.truncate(mark);
    keys_.truncate(mark);
    *out = item{ik::value, e, f.tk};
    return true;
}

/// Opens a call frame for `it(`; `lp` is the '(' token (already consumed).
inline bool reader::open_call(item& it, const token& lp) noexcept {
    frame f;
    f.kind = fk::call;
    f.tk = it.tk;
    (void)lp;
    f.args_mark = items_.size();
    switch (it.kind) {
    case ik::function:
        f.how = callee::static_fn;
        f.fn = it.id;
        break;
    case ik::closure_fn: {
        expr_id c = materialize(it);
        if (c == invalid_index) return false;
        f.how = callee::value;
        f.recv = c;
        break;
    }
    case ik::type:
        f.kind = fk::conv;
        f.type = it.id;
        break;
    case ik::value:
        f.how = callee::value;
        f.recv = it.id;
        break;
    }
    return frames_.push_back(f) || oom();
}

inline bool reader::parse_primary(item* out) noexcept {
    token t = lx_.peek();
    switch (t.kind) {
    case tok::integer:
    case tok::floating:
    case tok::string:
    case tok::character: {
        lx_.next();
        expr_id e = constant_of(t);
        if (e == invalid_index) return false;
        *out = item{ik::value, e, t};
        return true;
    }
    case tok::lbrack:
    case tok::star:
    case tok::arrow:
        break;
    case tok::ident: break;
    default: {
        return unexpected("an expression");
    }
    }
    if (t.kind == tok::lbrack) {
        // []T{...}, [N]T{...} or a conversion []byte(s)
        type_id ty = parse_type();
        if (ty == invalid_index) return false;
        *out = item{ik::type, ty, t};
        return true;
    }
    // identifiers
    std::string_view n = t.text;
    if (n == "nil" || n == "true" || n == "false") {
        lx_.next();
        expr_id e = b_.constant(b_.builtin(n == "nil" ? type_kind::nil : type_kind::bool_), pos_of(t));
        if (!built(e, t)) return false;
        b_.set_text(e, n);
        *out = item{ik::value, e, t};
        return true;
    }
    if (n == "_") {
        lx_.next();
        expr_id e = b_.blank(pos_of(t));
        if (!built(e, t)) return false;
        *out = item{ik::value, e, t};
        return true;
    }
    if (n == "func") return error(t, errc::syntax_error, "function literals are declared as nested 'func NAME(...)' statements");
    if (n == "map" || n == "chan" || n == "struct" || n == "interface") {
        type_id ty = parse_type();
        if (ty == invalid_index) return false;
        *out = item{ik::type, ty, t};
        return true;
    }
    if (n == "unsafe" && lx_.peek2().kind == tok::dot) {
        lx_.next();
        lx_.next();
        token m = lx_.peek();
        if (m.kind != tok::ident) return unexpected("an unsafe function or Pointer");
        lx_.next();
        if (m.text == "Pointer") {
            *out = item{ik::type, b_.builtin(type_kind::unsafe_pointer), t};
            return !failed();
        }
        if (m.text == "Add" || m.text == "Slice" || m.text == "Sizeof" || m.text == "Alignof" || m.text == "Offsetof") {
            if (!lx_.at(tok::lparen)) return unexpected("'('");
            lx_.next();
            frame f;
            f.kind = fk::builtin;
            f.tk = t;
            f.args_mark = items_.size();
            f.name = m.text == "Add" ? "unsafe.Add" : m.text == "Slice" ? "unsafe.Slice" : m.text == "Sizeof" ? "unsafe.Sizeof"
                     : m.text == "Alignof" ? "unsafe.Alignof" : "unsafe.Offsetof";
            if (!frames_.push_back(f)) return oom();
            out->kind = ik::value;
            out->id = invalid_index;  // signals "frame opened"
            out->tk = t;
            return true;
        }
        return error(m, errc::unknown_name, "unknown name unsafe.%.*s", int(m.text.size()), m.text.data());
    }
    const binding* bd = lookup(n);
    bool shadowed_builtin = bd != nullptr && bd->kind != bk::type;
    if (n == "op" && bd == nullptr && lx_.peek2().kind == tok::lbrack) {
        // op[T](args): an opaque scalar of type T
        lx_.next();
        lx_.next();
        type_id ty = parse_type();
        if (ty == invalid_index || !expect(tok::rbrack, "']'") || !expect(tok::lparen, "'('")) return false;
        frame f;
        f.kind = fk::builtin;
        f.tk = t;
        f.args_mark = items_.size();
        f.name = "op";
        f.type = ty;
        if (!frames_.push_back(f)) return oom();
        out->kind = ik::value;
        out->id = invalid_index;
        out->tk = t;
        return true;
    }
    if (!shadowed_builtin && lx_.peek2().kind == tok::lparen) {
        static const char* const builtins[] = {"append", "copy", "panic", "len", "cap", "print", "println", "delete", "close",
                                               "recover", "complex", "real", "imag", "min", "max", "clear", "op", "concat"};
        bool is_builtin = false;
        for (const char* b : builtins) is_builtin = is_builtin || n == b;
        if (is_builtin && (bd == nullptr)) {
            lx_.next();
            lx_.next();  // '('
            frame f;
            f.kind = fk::builtin;
            f.tk = t;
            f.args_mark = items_.size();
            f.name = n;
            if (!frames_.push_back(f)) return oom();
            out->kind = ik::value;
            out->id = invalid_index;
            out->tk = t;
            return true;
        }
        if ((n == "new" || n == "make") && bd == nullptr) {
            lx_.next();
            lx_.next();  // '('
            type_id ty = parse_type();
            if (ty == invalid_index) return false;
            if (n == "new") {
                if (!expect(tok::rparen, "')'")) return false;
                expr_id e = b_.new_(ty, pos_of(t));
                if (!built(e, t)) return false;
                *out = item{ik::value, e, t};
                return true;
            }
            if (lx_.at(tok::rparen)) {
                lx_.next();
                expr_id e = b_.make(ty, nullptr, 0, pos_of(t));
                if (!built(e, t)) return false;
                *out = item{ik::value, e, t};
                return true;
            }
            if (!expect(tok::comma, "',' or ')'")) return false;
            frame f;
            f.kind = fk::make;
            f.tk = t;
            f.type = ty;
            f.args_mark = items_.size();
            if (!frames_.push_back(f)) return oom();
            out->kind = ik::value;
            out->id = invalid_index;
            out->tk = t;
            return true;
        }
    }
    if (bd == nullptr) {
        type_id bt = builtin_named(n);
        if (bt != invalid_index) {
            if (n == "any" || n == "error" || true) {
                lx_.next();
                *out = item{ik::type, bt, t};
                return true;
            }
        }
        if (failed()) return false;
        return error(t, errc::unknown_name, "unknown name '%.*s'", int(n.size()), n.data());
    }
    lx_.next();
    switch (bd->kind) {
    case bk::variable: {
        expr_id e = b_.var_ref(bd->id, pos_of(t));
        if (!built(e, t)) return false;
        *out = item{ik::value, e, t};
        return true;
    }
    case bk::function: *out = item{ik::function, bd->id, t}; return true;
    case bk::closure: *out = item{ik::closure_fn, bd->id, t}; return true;
    case bk::type: *out = item{ik::type, bd->id, t}; return true;
    case bk::label: return error(t, errc::type_error, "a label is not a value");
    }
    return false;
}

/// Applies suffixes (field, method, index, slice, call, type assertion, annotations) to it.
/// Sets *opened when a frame was pushed (the caller must then parse an operand).
inline bool reader::parse_suffixes(item* it, bool* opened) noexcept {
    *opened = false;
    for (;;) {
        if (failed()) return false;
        token t = lx_.peek();
        if (t.kind == tok::at || t.kind == tok::tilde) {
            expr_id e = materialize(*it);
            if (e == invalid_index) return false;
            if (!apply_annotations(e)) return false;
            continue;
        }
        if (t.kind == tok::lbrace && it->kind == ik::type && !no_composite_) {
            // composite literal T{...}
            lx_.next();
            const type& ct = m_.type_at(it->id);
            if (ct.kind != type_kind::struct_ && ct.kind != type_kind::array && ct.kind != type_kind::slice && ct.kind != type_kind::map)
                return error(t, errc::type_error, "composite literal of a type that is not a struct, array, slice or map");
            frame f;
            f.kind = fk::composite;
            f.tk = it->tk;
            f.type = it->id;
            f.args_mark = items_.size();
            if (!frames_.push_back(f)) return oom();
            *opened = true;
            return true;
        }
        if (t.kind == tok::lparen) {
            if (it->kind == ik::value && it->id != invalid_index && m_.expr_at(it->id).kind == expr_kind::blank)
                return error(t, errc::type_error, "_ used as a value");
            lx_.next();
            if (!open_call(*it, t)) return false;
            *opened = true;
            return true;
        }
        if (t.kind == tok::lbrack) {
            if (it->kind == ik::type) return error(t, errc::syntax_error, "unexpected '[' after a type");
            expr_id e = materialize(*it);
            if (e == invalid_index) return false;
            if (b_.type_of(e) == invalid_index) return error(t, errc::type_error, "_ used as a value");
            // Slicing an addressable array value means slicing its address (Go's implicit &a).
            const type& xt = m_.type_at(b_.type_of(e));
            lx_.next();
            bool colon_first = lx_.at(tok::colon);
            frame f;
            f.kind = fk::index;
            f.tk = t;
            f.recv = e;
            if (xt.kind == type_kind::array) {
                // decided when we know whether it is an index or a slice
                f.fn = 1;
            }
            if (colon_first) {
                lx_.next();
                f.is_slice = true;
                f.part = 1;
                if (lx_.at(tok::rbrack) || lx_.at(tok::colon)) {
                    // x[:] / x[::max] handled by reduce with empty bound
                    if (!frames_.push_back(f)) return oom();
                    frames_.back().bounds[0] = invalid_index;
                    // Simulate an empty operand: reduce sees part 1 with no value pushed.
                    empty_bound_ = true;
                    *opened = true;
                    return true;
                }
            }
            if (!frames_.push_back(f)) return oom();
            *opened = true;
            return true;
        }
        if (t.kind == tok::dot) {
            lx_.next();
            if (lx_.at(tok::lparen)) {
                // x.(T)
                lx_.next();
                type_id ty = parse_type();
                if (ty == invalid_index || !expect(tok::rparen, "')'")) return false;
                expr_id x = materialize(*it);
                if (x == invalid_index) return false;
                expr_id e = b_.type_assert(x, ty, pos_of(t));
                if (!built(e, t)) return false;
                *it = item{ik::value, e, it->tk};
                continue;
            }
            token n = lx_.peek();
            if (n.kind != tok::ident) return unexpected("a field or method name");
            lx_.next();
            if (it->kind == ik::type) {
                // method expression T.M or (*T).M
                func_id f = m_.find_method(it->id, n.text);
                if (f == invalid_index) return error(n, errc::unknown_name, "type has no method %.*s", int(n.text.size()), n.text.data());
                *it = item{ik::function, f, it->tk};
                continue;
            }
            expr_id x = materialize(*it);
            if (x == invalid_index) return false;
            type_id xt = b_.type_of(x);
            if (xt == invalid_index) return error(n, errc::type_error, "_ used as a value");
            index_t fi = b_.find_field(xt, n.text);
            if (fi != invalid_index) {
                expr_id e = b_.field_of(x, fi, pos_of(n));
                if (!built(e, n)) return false;
                *it = item{ik::value, e, it->tk};
                continue;
            }
            const type& ty = m_.type_at(xt);
            bool iface = ty.kind == type_kind::interface;
            func_id mf = iface ? invalid_index : b_.lookup_method(xt, n.text);
            if (!iface && mf == invalid_index)
                return error(n, errc::unknown_name, "no field or method '%.*s'", int(n.text.size()), n.text.data());
            if (lx_.at(tok::lparen)) {
                token lp = lx_.next();
                frame f;
                f.kind = fk::call;
                f.tk = n;
                f.args_mark = items_.size();
                f.name = n.text;
                if (iface) {
                    f.how = callee::method_iface;
                    f.recv = x;
                } else {
                    // Static method call: adjust the receiver like Go (&x or *p), then it is args[0].
                    type_id want = m_.variable_at(m_.params(mf)[0]).type;
                    expr_id r = x;
                    if (want != xt) {
                        const type& wt = m_.type_at(want);
                        if (wt.kind == type_kind::pointer && wt.elem == xt) r = b_.addr(x, pos_of(n));
                        else if (ty.kind == type_kind::pointer && ty.elem == want) r = b_.deref(x, pos_of(n));
                        if (!built(r, n)) return false;
                    }
                    f.how = callee::method_static;
                    f.fn = mf;
                    if (!items_.push_back(r) || !keys_.push_back(invalid_index)) return oom();
                }
                (void)lp;
                if (!frames_.push_back(f)) return oom();
                *opened = true;
                return true;
            }
            expr_id recv = x;
            if (!iface) {
                type_id want = m_.variable_at(m_.params(mf)[0]).type;
                if (want != xt) {
                    const type& wt = m_.type_at(want);
                    if (wt.kind == type_kind::pointer && wt.elem == xt) recv = b_.addr(x, pos_of(n));
                    else if (ty.kind == type_kind::pointer && ty.elem == want) recv = b_.deref(x, pos_of(n));
                    if (!built(recv, n)) return false;
                }
            }
            expr_id e = b_.method_value(recv, n.text, pos_of(n));
            if (!built(e, n)) return false;
            if (recv != x && it->tk.text.data() != nullptr && n.text.data() >= it->tk.text.data()) {
                // gc prints an implicit &x / *p receiver as written (`x.M`, not `&x.M`): keep the
                // source text as the display text when it is a plain expression on one line.
                std::string_view src(it->tk.text.data(), std::size_t(n.text.data() - it->tk.text.data()) + n.text.size());
                if (src.size() < 200 && src.find_first_of("@~\"`'\t\r\n ;/") == std::string_view::npos) b_.set_text(e, src);
            }
            *it = item{ik::value, e, it->tk};
            continue;
        }
        return true;
    }
}

inline expr_id reader::parse_expr() noexcept {
    // Iterative: frames_ holds the constructs still waiting for operands; items_ the finished
    // operands of call-like frames. See the state machine description in reader.hpp.
    std::size_t base = frames_.size();
    item it;
    for (;;) {
        if (failed()) return invalid_index;
        // ---- need an operand: prefixes, then a primary ----
        if (empty_bound_) {
            empty_bound_ = false;
            it = item{ik::value, invalid_index, lx_.peek()};
        } else {
            bool got = false;
            while (!got) {
                token t = lx_.peek();
                if (t.kind == tok::amp || t.kind == tok::star || t.kind == tok::arrow) {
                    // `*T` in expression position may be a pointer type (for conversions); decided at reduce.
                    if (t.kind == tok::arrow && lx_.peek2().kind == tok::ident && lx_.peek2().text == "chan") break;
                    lx_.next();
                    frame f;
                    f.kind = fk::prefix;
                    f.op = t.kind;
                    f.tk = t;
                    if (!frames_.push_back(f)) return oom(), invalid_index;
                    continue;
                }
                if (t.kind == tok::lparen) {
                    lx_.next();
                    frame f;
                    f.kind = fk::paren;
                    f.tk = t;
                    if (!frames_.push_back(f)) return oom(), invalid_index;
                    continue;
                }
                // Composite element key `field: value` inside a struct literal.
                if (t.kind == tok::ident && frames_.size() > base && frames_.back().kind == fk::composite &&
                    lx_.peek2().kind == tok::colon && m_.type_at(frames_.back().type).kind == type_kind::struct_ &&
                    keys_.size() == items_.size()) {
                    index_t fi = b_.find_field(frames_.back().type, t.text);
                    if (fi == invalid_index)
                        return error(t, errc::unknown_name, "unknown field '%.*s' in struct literal", int(t.text.size()), t.text.data()),
                               invalid_index;
                    lx_.next();
                    lx_.next();
                    // Kept in the literal's frame: a value with calls or literals of its own opens
                    // frames whose elements must not take this key.
                    frames_.back().key = fi;
                    continue;
                }
                if (!parse_primary(&it)) return invalid_index;
                if (it.kind == ik::value && it.id == invalid_index) {
                    // a builtin/make frame was opened: maybe empty argument list
                    if (lx_.at(tok::rparen)) {
                        token rp = lx_.next();
                        frame f = frames_.back();
                        frames_.pop_back();
                        if (!finish_call(f, rp, &it)) return invalid_index;
                        got = true;
                        break;
                    }
                    continue;
                }
                got = true;
            }
        }
        // ---- have an operand: suffixes ----
        bool suffix_ok = true;
        for (;;) {
            if (failed()) return invalid_index;
            if (suffix_ok && it.id != invalid_index) {
                bool opened = false;
                if (!parse_suffixes(&it, &opened)) return invalid_index;
                if (opened) {
                    // A call/index/composite frame expects operands; `()` / `{}` close immediately.
                    frame& top = frames_.back();
                    if ((top.kind == fk::call || top.kind == fk::conv) && lx_.at(tok::rparen)) {
                        token rp = lx_.next();
                        frame f = top;
                        frames_.pop_back();
                        if (!finish_call(f, rp, &it)) return invalid_index;
                        continue;
                    }
                    if (top.kind == fk::composite) {
                        while (lx_.at(tok::newline)) lx_.next();
                        if (lx_.at(tok::rbrace)) {
                            token rb = lx_.next();
                            frame f = top;
                            frames_.pop_back();
                            if (!finish_call(f, rb, &it)) return invalid_index;
                            continue;
                        }
                    }
                    break;  // parse an operand
                }
            }
            // Reduce the innermost frame.
            if (frames_.size() == base) {
                expr_id e = materialize(it);
                return e;
            }
            // `_` is only a whole assignment target: never an operand, argument or element.
            if (it.kind == ik::value && it.id != invalid_index && m_.expr_at(it.id).kind == expr_kind::blank)
                return error(it.tk, errc::type_error, "_ used as a value"), invalid_index;
            frame& f = frames_.back();
            if (f.kind == fk::prefix) {
                frame pf = f;
                frames_.pop_back();
                if (it.kind == ik::type) {
                    if (pf.op != tok::star) return error(pf.tk, errc::type_error, "a type is not a value"), invalid_index;
                    type_id pt = b_.pointer_to(it.id);
                    if (!built(pt, pf.tk)) return invalid_index;
                    it = item{ik::type, pt, pf.tk};
                    suffix_ok = false;
                    continue;
                }
                expr_id x = materialize(it);
                if (x == invalid_index) return invalid_index;
                expr_id e;
                if (pf.op == tok::amp) {
                    expr_kind k = m_.expr_at(x).kind;
                    e = (k == expr_kind::struct_lit || k == expr_kind::array_lit) ? b_.ptr_lit(x, pos_of(pf.tk)) : b_.addr(x, pos_of(pf.tk));
                } else if (pf.op == tok::star) {
                    e = b_.deref(x, pos_of(pf.tk));
                } else {
                    e = b_.recv(x, pos_of(pf.tk));
                }
                if (!built(e, pf.tk)) return invalid_index;
                it = item{ik::value, e, pf.tk};
                suffix_ok = false;
                continue;
            }
            if (f.kind == fk::paren) {
                if (!lx_.at(tok::rparen)) return unexpected("')'"), invalid_index;
                lx_.next();
                frames_.pop_back();
                suffix_ok = true;
                continue;
            }
            if (f.kind == fk::index) {
                // it is the bound just parsed (or invalid for an empty bound)
                expr_id v = invalid_index;
                if (it.id != invalid_index || it.kind != ik::value) {
                    v = materialize(it);
                    if (v == invalid_index) return invalid_index;
                }
                if (!f.is_slice) {
                    if (lx_.at(tok::rbrack)) {
                        token rb = lx_.next();
                        frame xf = f;
                        frames_.pop_back();
                        expr_id e = b_.index(xf.recv, v, pos_of(xf.tk));
                        if (!built(e, rb)) return invalid_index;
                        it = item{ik::value, e, xf.tk};
                        suffix_ok = true;
                        continue;
                    }
                    if (!lx_.at(tok::colon)) return unexpected("']' or ':'"), invalid_index;
                    lx_.next();
                    f.is_slice = true;
                    f.bounds[0] = v;
                    f.part = 1;
                } else {
                    f.bounds[f.part] = v;
                    if (lx_.at(tok::colon) && f.part < 2) {
                        lx_.next();
                        ++f.part;
                    } else if (lx_.at(tok::rbrack)) {
                        token rb = lx_.next();
                        frame xf = f;
                        frames_.pop_back();
                        expr_id x = xf.recv;
                        if (m_.type_at(b_.type_of(x)).kind == type_kind::array) {
                            x = b_.addr(x, pos_of(xf.tk));  // Go's implicit &a
                            if (!built(x, xf.tk)) return invalid_index;
                        }
                        expr_id e = b_.slice(x, xf.bounds[0], xf.bounds[1], xf.bounds[2], pos_of(xf.tk));
                        if (!built(e, rb)) return invalid_index;
                        it = item{ik::value, e, xf.tk};
                        suffix_ok = true;
                        continue;
                    } else {
                        return unexpected("':' or ']'"), invalid_index;
                    }
                }
                // next bound: empty?
                if (lx_.at(tok::rbrack) || lx_.at(tok::colon)) {
                    empty_bound_ = true;
                }
                break;  // parse the next bound
            }
            // call-like frames: it is an argument
            {
                expr_id a = materialize(it);
                if (a == invalid_index) return invalid_index;
                if (!items_.push_back(a)) return oom(), invalid_index;
                if (!keys_.push_back(f.key)) return oom(), invalid_index;
                f.key = invalid_index;
                bool map_lit = f.kind == fk::composite && m_.type_at(f.type).kind == type_kind::map;
                if (map_lit && (items_.size() - f.args_mark) % 2 == 1) {
                    if (!expect(tok::colon, "':' after a map key")) return invalid_index;
                    while (lx_.at(tok::newline)) lx_.next();
                    break;
                }
                if (lx_.at(tok::ellipsis)) {
                    if (f.kind != fk::call && f.kind != fk::builtin) return unexpected("',' or ')'"), invalid_index;
                    lx_.next();
                    f.ddd = true;
                }
                tok close = f.kind == fk::composite ? tok::rbrace : tok::rparen;
                if (f.kind == fk::composite)
                    while (lx_.at(tok::newline)) lx_.next();
                if (lx_.at(tok::comma)) {
                    lx_.next();
                    if (f.kind == fk::composite)
                        while (lx_.at(tok::newline)) lx_.next();
                    if (f.ddd) return unexpected("')' after '...'"), invalid_index;
                    if (!lx_.at(close)) break;  // next argument
                }
                if (!lx_.at(close)) return unexpected(close == tok::rbrace ? "',' or '}'" : "',' or ')'"), invalid_index;
                token ct = lx_.next();
                frame cf = f;
                frames_.pop_back();
                if (!finish_call(cf, ct, &it)) return invalid_index;
                suffix_ok = true;
                continue;
            }
        }
    }
}

inline bool reader::parse_expr_list(expr_list* out) noexcept {
    for (;;) {
        expr_id e = parse_expr();
        if (e == invalid_index) return false;
        if (!out->push_back(e)) return oom();
        if (!lx_.at(tok::comma)) return true;
        lx_.next();
    }
}

// =============================================================================================
// Statements
// =============================================================================================

inline bool reader::end_of_statement() noexcept {
    if (lx_.at(tok::newline)) {
        lx_.next();
        return true;
    }
    if (lx_.at(tok::eof) || lx_.at(tok::rbrace)) return true;
    return unexpected("end of line");
}

inline bool reader::open_block(blk kind, const token& tk, source_pos pos) noexcept {
    block_frame bf;
    bf.kind = kind;
    bf.tk = tk;
    bf.pos = pos;
    bf.stmts_mark = stmts_.size();
    bf.scope_mark = scope_marks_.size();
    bf.fn = current_function();
    bf.text = pending_text_;
    pending_text_ = {};
    push_scope();
    if (!blocks_.push_back(bf)) return oom();
    return !failed();
}

inline bool reader::note_label(const token& t, std::string_view name, bool definition) noexcept {
    std::size_t mark = 0;
    for (std::size_t i = blocks_.size(); i > 0; --i)
        if (blocks_[i - 1].kind == blk::function) {
            mark = blocks_[i - 1].labels_mark;
            break;
        }
    for (std::size_t i = mark; i < labels_.size(); ++i) {
        if (labels_[i].name != name) continue;
        if (definition) {
            if (labels_[i].defined) return error(t, errc::duplicate_name, "label %.*s defined twice", int(name.size()), name.data());
            labels_[i].defined = true;
        }
        return true;
    }
    return labels_.push_back(label_use{name, t, definition}) || oom();
}

inline bool reader::close_block() noexcept {
    token rb = lx_.next();  // '}'
    for (;;) {
        block_frame bf = blocks_.back();
        const stmt_id* kids = stmts_.data() + bf.stmts_mark;
        std::size_t nk = stmts_.size() - bf.stmts_mark;
        stmt_id s = invalid_index;
        switch (bf.kind) {
        case blk::function: {
            // Labels used but never defined.
            for (std::size_t i = bf.labels_mark; i < labels_.size(); ++i)
                if (!labels_[i].defined)
                    return error(labels_[i].tk, errc::unknown_name, "label %.*s is not defined", int(labels_[i].name.size()),
                                 labels_[i].name.data());
            labels_.truncate(bf.labels_mark);
            s = b_.block(kids, nk, bf.pos);
            if (!built(s, rb)) return false;
            b_.set_body(bf.fn, s);
            if (!built(s, rb)) return false;
            stmts_.truncate(bf.stmts_mark);
            blocks_.pop_back();
            while (scope_marks_.size() > bf.scope_mark) pop_scope();
            pop_scope();  // the parameter scope
            if (m_.function_at(bf.fn).is_closure()) {
                stmt_id d = b_.closure_decl(bf.fn, bf.pos);
                if (!built(d, rb) || !add_stmt(d)) return false;
            }
            return true;
        }
        case blk::plain:
            s = b_.block(kids, nk, bf.pos);
            break;
        case blk::then_:
            if (lx_.at_ident("else")) {
                lx_.next();
                // keep the then-children in place; the else children follow them
                blocks_.back().kind = blk::else_;
                blocks_.back().then_mark = bf.stmts_mark;
                blocks_.back().then_count = nk;
                blocks_.back().stmts_mark = stmts_.size();
                while (scope_marks_.size() > bf.scope_mark) pop_scope();
                push_scope();
                if (lx_.at_ident("if")) {
                    token it = lx_.next();
                    blocks_.back().kind = blk::else_if;
                    expr_id cond = invalid_index;
                    if (!lx_.at(tok::lbrace)) {
                        cond = parse_expr();
                        if (cond == invalid_index) return false;
                    }
                    if (!expect(tok::lbrace, "'{'")) return false;
                    if (!open_block(blk::then_, it, pos_of(it))) return false;
                    blocks_.back().cond = cond;
                    return true;
                }
                if (!expect(tok::lbrace, "'{' or 'if' after 'else'")) return false;
                return true;
            }
            s = b_.if_(bf.cond, kids, nk, nullptr, 0, bf.pos);
            break;
        case blk::else_:
        case blk::else_if: {
            const stmt_id* then_kids = stmts_.data() + bf.then_mark;
            s = b_.if_(bf.cond, then_kids, bf.then_count, kids, nk, bf.pos);
            bf.stmts_mark = bf.then_mark;
            break;
        }
        case blk::loop:
            s = b_.loop(kids, nk, bf.pos);
            break;
        case blk::range:
            s = b_.range(bf.range_key, bf.range_value, bf.range_x, kids, nk, bf.range_define, bf.pos);
            break;
        }
        if (!built(s, rb)) return false;
        if (!bf.text.empty()) b_.set_stmt_text(s, bf.text);
        stmts_.truncate(bf.stmts_mark);
        blocks_.pop_back();
        while (scope_marks_.size() > bf.scope_mark) pop_scope();
        if (!add_stmt(s)) return false;
        // An `else if` frame ends with its single if statement.
        if (!blocks_.empty() && blocks_.back().kind == blk::else_if && bf.kind != blk::else_if) {
            if (bf.kind == blk::then_ || bf.kind == blk::else_ || bf.kind == blk::else_if) continue;
        }
        return true;
    }
}

inline bool reader::lookahead_define() noexcept {
    // IDENT [@..] (, IDENT [@..])* :=
    lexer::mark save = lx_.position();
    bool result = false;
    for (;;) {
        if (!lx_.at(tok::ident)) break;
        lx_.next();
        while (lx_.at(tok::at) || lx_.at(tok::integer) || lx_.at(tok::colon)) {
            if (lx_.at(tok::colon) && lx_.peek2().kind != tok::integer) break;
            lx_.next();
        }
        if (lx_.at(tok::define)) {
            result = true;
            break;
        }
        if (!lx_.at(tok::comma)) break;
        lx_.next();
    }
    lx_.seek(save);
    return result;
}

inline bool reader::parse_define(source_pos spos) noexcept {
    // a, b := values (every name is new, or _)
    struct nm {
        token tk;
        source_pos pos;
    };
    nm names[64];
    std::size_t n = 0;
    for (;;) {
        token t = lx_.next();
        if (n >= 64) return error(t, errc::limit_exceeded, "more than 64 targets");
        names[n] = nm{t, pos_of(t)};
        if (lx_.at(tok::at)) {
            lx_.next();
            if (!parse_pos_annotation(&names[n].pos)) return false;
        }
        ++n;
        if (lx_.at(tok::comma)) {
            lx_.next();
            continue;
        }
        break;
    }
    token dt = lx_.peek();
    if (!expect(tok::define, "':='")) return false;
    expr_list rhs(mem_);
    if (!parse_expr_list(&rhs)) return false;
    for (expr_id e : rhs)
        if (b_.type_of(e) == invalid_index) return error(dt, errc::type_error, "_ used as a value");
    // Result types: pairwise, or the tuple of one call.
    type_id types[64];
    if (rhs.size() == n) {
        for (std::size_t i = 0; i < n; ++i) types[i] = b_.type_of(rhs[i]);
    } else if (rhs.size() == 1 && m_.type_at(b_.type_of(rhs[0])).kind == type_kind::tuple && m_.type_at(b_.type_of(rhs[0])).count == n) {
        const type& tt = m_.type_at(b_.type_of(rhs[0]));
        for (std::size_t i = 0; i < n; ++i) types[i] = m_.func_params(b_.type_of(rhs[0]))[i];
        (void)tt;
    } else if (rhs.size() == 1 && n == 2) {
        types[0] = b_.type_of(rhs[0]);
        types[1] = b_.builtin(type_kind::bool_);
    } else {
        return error(dt, errc::arity_mismatch, "assignment of %u values to %u names", unsigned(rhs.size()), unsigned(n));
    }
    expr_id lhs[64];
    func_id fn = current_function();
    for (std::size_t i = 0; i < n; ++i) {
        const token& t = names[i].tk;
        if (t.text == "_") {
            lhs[i] = b_.blank(names[i].pos);
            if (!built(lhs[i], t)) return false;
            continue;
        }
        type_id ty = types[i];
        if (m_.type_at(ty).kind == type_kind::nil) return error(t, errc::type_error, "use of untyped nil in :=");
        var_id v = b_.local(fn, t.text, ty, names[i].pos);
        if (!built(v, t)) return false;
        stmt_id d = b_.declare(v, names[i].pos);
        if (!built(d, t) || !add_stmt(d)) return false;
        if (!bind(t, m_.variable_at(v).name, bk::variable, v)) return false;
        lhs[i] = b_.var_ref(v, names[i].pos);
        if (!built(lhs[i], t)) return false;
    }
    stmt_id s = b_.assign(lhs, n, rhs.data(), rhs.size(), assign_form::define, spos.known() ? spos : pos_of(dt));
    if (!built(s, dt)) return false;
    if (!pending_text_.empty()) b_.set_stmt_text(s, pending_text_);
    pending_text_ = {};
    if (!add_stmt(s)) return false;
    return end_of_statement();
}

inline bool reader::parse_var_statement(source_pos spos) noexcept {
    // var NAME TYPE [@pos] [= expr]
    lx_.next();
    token n = lx_.peek();
    if (n.kind != tok::ident) return unexpected("a variable name");
    lx_.next();
    type_id t = parse_type();
    if (t == invalid_index) return false;
    source_pos pos = pos_of(n);
    if (lx_.at(tok::at)) {
        lx_.next();
        if (!parse_pos_annotation(&pos)) return false;
    }
    func_id fn = current_function();
    var_id v = b_.local(fn, n.text, t, pos);
    if (!built(v, n)) return false;
    stmt_id d = b_.declare(v, pos);
    if (!built(d, n) || !add_stmt(d)) return false;
    if (lx_.at(tok::assign)) {
        token at = lx_.next();
        expr_id rhs = parse_expr();
        if (rhs == invalid_index) return false;
        expr_id lhs = b_.var_ref(v, pos);
        if (!built(lhs, n)) return false;
        stmt_id s = b_.assign(&lhs, 1, &rhs, 1, assign_form::define, spos.known() ? spos : pos_of(at));
        if (!built(s, at)) return false;
        if (!pending_text_.empty()) b_.set_stmt_text(s, pending_text_);
        if (!add_stmt(s)) return false;
    }
    pending_text_ = {};
    // bind after the initializer: `var x T = x` refers to an outer x
    if (!bind(n, m_.variable_at(v).name, bk::variable, v)) return false;
    return end_of_statement();
}

inline bool reader::parse_nested_function(source_pos spos) noexcept {
    (void)spos;
    lx_.next();  // func
    token n = lx_.peek();
    if (n.kind != tok::ident) return unexpected("the name of the function literal");
    func_id parent = current_function();
    func_id f = b_.function(n.text, pos_of(n), parent);
    if (!built(f, n)) return false;
    if (closures_used_.size() <= f && !closures_used_.resize(f + 1, 0)) return oom();
    // Default display: parent.name
    {
        char buf[256];
        std::string_view pd = m_.function_display(parent);
        std::snprintf(buf, sizeof buf, "%.*s.%.*s", int(pd.size()), pd.data(), int(n.text.size()), n.text.data());
        b_.set_display(f, buf);
    }
    // Parameters are scoped inside the literal; the header parser creates them.
    if (!parse_function_header(f, false, true, parent)) return false;
    if (!lx_.at(tok::lbrace)) return unexpected("'{' starting the function literal's body");
    token lb = lx_.next();
    // Bind the literal's name in the enclosing block (visible after its declaration).
    if (!bind(n, m_.function_at(f).name, bk::closure, f)) return false;
    push_scope();  // parameter scope
    for (var_id p : m_.params(f))
        if (!bind(n, m_.variable_at(p).name, bk::variable, p)) return false;
    for (var_id r : m_.results(f))
        if (!bind(n, m_.variable_at(r).name, bk::variable, r)) return false;
    block_frame bf;
    bf.kind = blk::function;
    bf.tk = lb;
    bf.pos = m_.function_at(f).pos;
    bf.stmts_mark = stmts_.size();
    bf.scope_mark = scope_marks_.size();
    bf.fn = f;
    bf.labels_mark = labels_.size();
    push_scope();
    if (!blocks_.push_back(bf)) return oom();
    if (lx_.at(tok::newline)) lx_.next();
    return !failed();
}

inline bool reader::parse_for(const token& ft, source_pos spos) noexcept {
    // for { | for range x { | for k[, v] := range x { | for k[, v] = range x {
    if (lx_.at(tok::lbrace)) {
        lx_.next();
        return open_block(blk::loop, ft, spos.known() ? spos : pos_of(ft));
    }
    expr_id key = invalid_index, value = invalid_index, x = invalid_index;
    bool define = false;
    source_pos pos = spos.known() ? spos : pos_of(ft);
    if (lx_.at_ident("range")) {
        lx_.next();
        x = parse_expr();
        if (x == invalid_index) return false;
    } else if (lookahead_define()) {
        define = true;
        token names[2];
        std::size_t n = 0;
        source_pos npos[2];
        for (;;) {
            if (n >= 2) return error_here(errc::syntax_error, "range has at most two variables");
            names[n] = lx_.next();
            npos[n] = pos_of(names[n]);
            if (lx_.at(tok::at)) {
                lx_.next();
                if (!parse_pos_annotation(&npos[n])) return false;
            }
            ++n;
            if (!lx_.at(tok::comma)) break;
            lx_.next();
        }
        if (!expect(tok::define, "':='")) return false;
        if (!lx_.at_ident("range")) return unexpected("'range'");
        lx_.next();
        x = parse_expr();
        if (x == invalid_index) return false;
        if (b_.type_of(x) == invalid_index) return error(ft, errc::type_error, "_ used as a value");
        // Declare the variables before the loop (one per loop, like Go 1.19).
        const type& xt = m_.type_at(b_.type_of(x));
        type_id kt = b_.builtin(type_kind::int_), vt = invalid_index;
        switch (xt.kind) {
        case type_kind::array:
        case type_kind::slice: vt = xt.elem; break;
        case type_kind::string: vt = b_.builtin(type_kind::int32); break;
        case type_kind::map: kt = xt.key; vt = xt.elem; break;
        case type_kind::chan: kt = xt.elem; break;
        case type_kind::pointer:
            if (m_.type_at(xt.elem).kind == type_kind::array) vt = m_.type_at(xt.elem).elem;
            break;
        default: break;
        }
        if (vt == invalid_index && n == 2) return error(names[1], errc::type_error, "this range has no value variable");
        expr_id* slots[2] = {&key, &value};
        type_id tys[2] = {kt, vt};
        func_id fn = current_function();
        for (std::size_t i = 0; i < n; ++i) {
            if (names[i].text == "_") {
                *slots[i] = b_.blank(npos[i]);
                if (!built(*slots[i], names[i])) return false;
                continue;
            }
            var_id v = b_.local(fn, names[i].text, tys[i], npos[i]);
            if (!built(v, names[i])) return false;
            stmt_id d = b_.declare(v, npos[i]);
            if (!built(d, names[i]) || !add_stmt(d)) return false;
            *slots[i] = b_.var_ref(v, npos[i]);
            if (!built(*slots[i], names[i])) return false;
        }
        // Bind after the block opens (below), so they are visible in the body only... Go scopes
        // them to the loop; we bind them in the enclosing block scope right away.
        for (std::size_t i = 0; i < n; ++i)
            if (names[i].text != "_" && !bind(names[i], names[i].text, bk::variable, m_.expr_at(*slots[i]).ref)) return false;
    } else {
        // k[, v] = range x
        expr_list targets(mem_);
        if (!parse_expr_list(&targets)) return false;
        if (targets.size() > 2) return error_here(errc::syntax_error, "range has at most two variables");
        if (!expect(tok::assign, "'=' or ':='")) return false;
        if (!lx_.at_ident("range")) return unexpected("'range'");
        lx_.next();
        key = targets[0];
        if (targets.size() == 2) value = targets[1];
        x = parse_expr();
        if (x == invalid_index) return false;
    }
    if (!expect(tok::lbrace, "'{'")) return false;
    if (!open_block(blk::range, ft, pos)) return false;
    block_frame& bf = blocks_.back();
    bf.range_key = key;
    bf.range_value = value;
    bf.range_x = x;
    bf.range_define = define;
    return true;
}

inline bool reader::parse_statement() noexcept {
    while (lx_.at(tok::newline)) lx_.next();
    if (failed()) return false;
    if (lx_.at(tok::eof)) {
        const block_frame& bf = blocks_.back();
        return error(bf.tk, errc::syntax_error, "'{' is never closed (end of file reached)");
    }
    // Leading annotations: statement position and display text.
    source_pos spos;
    for (;;) {
        if (lx_.at(tok::at)) {
            lx_.next();
            if (!parse_pos_annotation(&spos)) return false;
        } else if (lx_.at(tok::tilde)) {
            lx_.next();
            token s = lx_.peek();
            if (s.kind != tok::string) return unexpected("a display string after '~'");
            lx_.next();
            if (!string_value(s, &pending_text_)) return false;
        } else {
            break;
        }
    }
    token t = lx_.peek();
    source_pos pos = spos.known() ? spos : pos_of(t);
    if (t.kind == tok::rbrace) return close_block();
    if (t.kind == tok::lbrace) {
        lx_.next();
        return open_block(blk::plain, t, pos);
    }
    func_id fn = current_function();
    if (t.kind == tok::ident) {
        std::string_view w = t.text;
        if (w == "var" && lx_.peek2().kind == tok::ident) return parse_var_statement(spos);
        if (w == "file" && lx_.peek2().kind == tok::string) {
            // positions that follow refer to this file
            lx_.next();
            token fs = lx_.next();
            std::string_view name;
            if (!string_value(fs, &name)) return false;
            cur_file_ = b_.add_file(name);
            return built(cur_file_, fs) && end_of_statement();
        }
        if (w == "return") {
            lx_.next();
            expr_list values(mem_);
            if (!lx_.at(tok::newline) && !lx_.at(tok::eof) && !lx_.at(tok::rbrace) && !parse_expr_list(&values)) return false;
            stmt_id s = b_.ret(fn, values.data(), values.size(), pos);
            if (!built(s, t)) return false;
            if (!pending_text_.empty()) b_.set_stmt_text(s, pending_text_);
            pending_text_ = {};
            return add_stmt(s) && end_of_statement();
        }
        if (w == "if") {
            lx_.next();
            expr_id cond = invalid_index;
            if (!lx_.at(tok::lbrace)) {
                no_composite_ = true;
                cond = parse_expr();
                no_composite_ = false;
                if (cond == invalid_index) return false;
            }
            if (!expect(tok::lbrace, "'{'")) return false;
            if (!open_block(blk::then_, t, pos)) return false;
            blocks_.back().cond = cond;
            return true;
        }
        if (w == "for") {
            lx_.next();
            no_composite_ = true;
            bool ok = parse_for(t, spos);
            no_composite_ = false;
            return ok;
        }
        if (w == "go" || w == "defer") {
            lx_.next();
            expr_id c = parse_expr();
            if (c == invalid_index) return false;
            stmt_id s = b_.go_or_defer(w == "go", c, pos);
            if (!built(s, t)) return false;
            if (!pending_text_.empty()) b_.set_stmt_text(s, pending_text_);
            pending_text_ = {};
            return add_stmt(s) && end_of_statement();
        }
        if (w == "goto") {
            lx_.next();
            token l = lx_.peek();
            if (l.kind != tok::ident) return unexpected("a label");
            lx_.next();
            if (!note_label(l, l.text, false)) return false;
            stmt_id s = b_.goto_(l.text, pos);
            return built(s, t) && add_stmt(s) && end_of_statement();
        }
        if (w == "break" || w == "continue") {
            lx_.next();
            if (!inside_loop()) return error(t, errc::syntax_error, "%.*s outside a loop", int(w.size()), w.data());
            stmt_id s = b_.jump(w == "break", pos);
            return built(s, t) && add_stmt(s) && end_of_statement();
        }
        if (w == "func" && lx_.peek2().kind == tok::ident) return parse_nested_function(spos);
        if (lx_.peek2().kind == tok::colon && w != "_") {
            // label
            lx_.next();
            lx_.next();
            if (!note_label(t, w, true)) return false;
            stmt_id s = b_.label(w, pos);
            return built(s, t) && add_stmt(s) && end_of_statement();
        }
        if (lookahead_define()) return parse_define(spos);
    }
    // Simple statements: assignment, op-assignment, send, or an expression.
    expr_list lhs(mem_);
    if (!parse_expr_list(&lhs)) return false;
    token op = lx_.peek();
    stmt_id s = invalid_index;
    if (op.kind == tok::assign || op.kind == tok::op_assign) {
        lx_.next();
        expr_list rhs(mem_);
        if (!parse_expr_list(&rhs)) return false;
        if (op.kind == tok::op_assign && (lhs.size() != 1 || rhs.size() != 1))
            return error(op, errc::arity_mismatch, "an operator assignment has one target and one value");
        s = b_.assign(lhs.data(), lhs.size(), rhs.data(), rhs.size(), op.kind == tok::op_assign ? assign_form::op : assign_form::plain,
                      spos.known() ? spos : pos_of(op));
        if (!built(s, op)) return false;
    } else if (op.kind == tok::arrow) {
        lx_.next();
        if (lhs.size() != 1) return error(op, errc::syntax_error, "send needs one channel");
        expr_id v = parse_expr();
        if (v == invalid_index) return false;
        s = b_.send(lhs[0], v, spos.known() ? spos : pos_of(op));
        if (!built(s, op)) return false;
    } else {
        if (lhs.size() != 1) return unexpected("'=' after a list of targets");
        s = b_.eval(lhs[0], pos);
        if (!built(s, t)) return false;
    }
    if (!pending_text_.empty()) b_.set_stmt_text(s, pending_text_);
    pending_text_ = {};
    return add_stmt(s) && end_of_statement();
}

inline bool reader::parse_body(func_id f, const pending_func& pf) noexcept {
    lx_.seek(pf.body);
    cur_file_ = pf.file;
    token lb = lx_.next();  // '{'
    push_scope();           // parameters
    for (var_id p : m_.params(f))
        if (!bind(lb, m_.variable_at(p).name, bk::variable, p)) return false;
    for (var_id r : m_.results(f))
        if (!bind(lb, m_.variable_at(r).name, bk::variable, r)) return false;
    block_frame bf;
    bf.kind = blk::function;
    bf.tk = lb;
    // The body block has the function's position (as for function literals): the text form has no
    // annotation for the '{' itself, so this is what a written module reads back as.
    bf.pos = m_.function_at(f).pos;
    bf.stmts_mark = stmts_.size();
    bf.scope_mark = scope_marks_.size();
    bf.fn = f;
    bf.labels_mark = labels_.size();
    push_scope();
    if (!blocks_.push_back(bf)) return oom();
    if (lx_.at(tok::newline)) lx_.next();
    while (!blocks_.empty()) {
        if (!parse_statement()) return false;
    }
    // After the closing brace: end of line.
    if (!lx_.at(tok::newline) && !lx_.at(tok::eof)) return unexpected("end of line after '}'");
    return true;
}

inline bool reader::parse_bodies() noexcept {
    for (const pending_func& pf : funcs_) {
        if (!pf.has_body || pf.is_extern) continue;
        if (!parse_body(pf.id, pf)) return false;
    }
    // Every function literal is used exactly once.
    for (func_id f = 0; f < m_.function_count(); ++f) {
        const function& fn = m_.function_at(f);
        if (fn.is_closure() && (f >= closures_used_.size() || closures_used_[f] == 0))
            return error_at(fn.pos.line, fn.pos.column, errc::invalid_host_ir,
                            "function literal %.*s is never used (use its name once where the closure is created)", int(fn.name.size()),
                            fn.name.data());
    }
    return true;
}

inline status reader::run() noexcept {
    if (opt_.reserve) b_.reserve(text_size_ / 16);
    index_t f0 = b_.add_file(opt_.file_name);
    (void)f0;
    // Predeclared: error = interface { Error() string }, any = interface {}
    {
        type_id str = b_.builtin(type_kind::string);
        type_id sig = b_.func_type(nullptr, 0, &str, 1, false);
        interface_method em{"Error", sig};
        type_id et = b_.interface_type(&em, 1);
        error_type_ = b_.declare_named("error", {});
        b_.define_named(error_type_, et);
        any_type_ = b_.interface_type(nullptr, 0);
        if (b_.failed()) return b_.status();
    }
    push_scope();  // module scope
    bool ok = scan_declarations() && define_types() && declare_globals() && declare_functions() && parse_bodies();
    if (ok && !b_.finish()) ok = false;
    if (!err_.ok()) return err_;
    if (!ok && !b_.failed()) {
        // Every failing path records an error; reaching here is a reader bug, reported, not hidden.
        const token& t = lx_.peek();
        error(t, errc::syntax_error, "cannot parse this input (internal reader error)");
        return err_;
    }
    if (b_.failed()) {
        status s = b_.status();
        if (s.code() != errc::out_of_memory) {
            char file[status::max_file];
            copy_cstr(file, sizeof file, opt_.file_name);
            if (s.file()[0] == '\0') s.set_file(file);
        }
        return s;
    }
    return status::success();
}

}  // namespace detail

inline status read_text(std::string_view text, module& out, const read_options& options) noexcept {
    detail::reader r(text, out, options);
    return r.run();
}

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_READER_IMPL_HPP
