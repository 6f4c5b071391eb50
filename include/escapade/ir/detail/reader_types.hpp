// escapade/ir/detail/reader_types.hpp - the text IR reader: type expressions.
//
// builtin_named and parse_type read a type expression: a builtin or named type, pointers, slices,
// arrays, maps, channels, function types (parse_func_type), structs (parse_struct_type) and
// interfaces (parse_interface_type). Types nest recursively, at most read_options::max_type_nesting
// levels (an error beyond), so native stack use is bounded.
//
// Cost: O(tokens of the type); recursion depth <= max_type_nesting.
#ifndef ESCAPADE_IR_DETAIL_READER_TYPES_HPP
#define ESCAPADE_IR_DETAIL_READER_TYPES_HPP

#include "reader.hpp"

namespace escapade::ir {
namespace detail {

inline type_id reader::builtin_named(word w) noexcept {
    const type_kind k = builtin_type(w);
    if (k != type_kind::invalid) return b_.builtin(k);
    if (w == word::any) return any_type_;
    if (w == word::error) return error_type_;
    return invalid_index;
}

inline bool reader::starts_type() noexcept {
    const token& t = lx_.peek();
    if (t.kind == tok::star || t.kind == tok::lbrack || t.kind == tok::arrow) return true;
    if (t.kind == tok::lparen) return true;
    if (t.kind != tok::ident) return false;
    if (t.kw == word::map || t.kw == word::chan || t.kw == word::func || t.kw == word::struct_ || t.kw == word::interface ||
        t.kw == word::unsafe)
        return true;
    if (builtin_named(t.kw) != invalid_index) return true;
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
        lx_.skip();
        type_id e = parse_type(depth + 1);
        if (e == invalid_index) return e;
        type_id r = b_.pointer_to(e);
        return built(r, t) ? r : invalid_index;
    }
    case tok::lparen: {
        lx_.skip();
        type_id e = parse_type(depth + 1);
        if (e == invalid_index || !expect(tok::rparen, "')'")) return invalid_index;
        return e;
    }
    case tok::lbrack: {
        lx_.skip();
        if (lx_.at(tok::rbrack)) {
            lx_.skip();
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
        lx_.skip();
        std::uint64_t len = 0;
        if (!to_u64(n, &len) || !expect(tok::rbrack, "']'")) return invalid_index;
        type_id e = parse_type(depth + 1);
        if (e == invalid_index) return e;
        type_id r = b_.array_of(e, len);
        if (r != invalid_index) b_.note_type_position(r, pos_of(t));  // for "array type too large"
        return built(r, t) ? r : invalid_index;
    }
    case tok::arrow: {  // <-chan T
        lx_.skip();
        if (!lx_.at_ident("chan")) {
            unexpected("'chan'");
            return invalid_index;
        }
        lx_.skip();
        type_id e = parse_type(depth + 1);
        if (e == invalid_index) return e;
        type_id r = b_.chan_of(e);
        return built(r, t) ? r : invalid_index;
    }
    case tok::ident: break;
    default: unexpected("a type"); return invalid_index;
    }
    lx_.skip();
    if (t.kw == word::map) {
        if (!expect(tok::lbrack, "'['")) return invalid_index;
        type_id k = parse_type(depth + 1);
        if (k == invalid_index || !expect(tok::rbrack, "']'")) return invalid_index;
        type_id v = parse_type(depth + 1);
        if (v == invalid_index) return v;
        type_id r = b_.map_of(k, v);
        return built(r, t) ? r : invalid_index;
    }
    if (t.kw == word::chan) {
        if (lx_.at(tok::arrow)) lx_.skip();  // chan<- T
        type_id e = parse_type(depth + 1);
        if (e == invalid_index) return e;
        type_id r = b_.chan_of(e);
        return built(r, t) ? r : invalid_index;
    }
    if (t.kw == word::func) return parse_func_type(depth + 1);
    if (t.kw == word::struct_) return parse_struct_type(depth + 1, t);
    if (t.kw == word::interface) return parse_interface_type(depth + 1, t);
    if (t.kw == word::unsafe) {
        if (!expect(tok::dot, "'.'")) return invalid_index;
        if (!lx_.at_ident("Pointer")) {
            unexpected("'Pointer'");
            return invalid_index;
        }
        lx_.skip();
        type_id r = b_.builtin(type_kind::unsafe_pointer);
        return built(r, t) ? r : invalid_index;
    }
    type_id bt = builtin_named(t.kw);
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
                lx_.skip();
            } else if (lx_.at(tok::ident) && (lx_.peek2().kind != tok::comma && lx_.peek2().kind != tok::rparen &&
                                              lx_.peek2().kind != tok::dot && lx_.peek2().kind != tok::lbrack)) {
                // `name T` where name happens to also be a type name: treat the first as a name
                // (but `func(...) R`, `chan T`, `map[...]`... are types, not names)
                const token& nx = lx_.peek2();
                std::string_view w = lx_.peek().text;
                bool keyword = w == "func" || w == "chan" || w == "map" || w == "struct" || w == "interface";
                if (!keyword && (nx.kind == tok::ident || nx.kind == tok::star || nx.kind == tok::ellipsis ||
                                 nx.kind == tok::lparen || nx.kind == tok::arrow))
                    lx_.skip();
            }
            if (lx_.at(tok::ellipsis)) {
                if (!allow_ddd) return error_here(errc::syntax_error, "'...' is only allowed on the last parameter");
                lx_.skip();
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
            if (lx_.at(tok::comma)) lx_.skip();
            else if (!lx_.at(tok::rparen)) return unexpected("',' or ')'");
        }
        lx_.skip();
        return true;
    };
    if (!list(ps, &np, true)) return invalid_index;
    if (lx_.at(tok::lparen)) {
        lx_.skip();
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
        while (lx_.at(tok::newline) || lx_.at(tok::comma)) lx_.skip();
        if (lx_.at(tok::rbrace)) {
            lx_.skip();
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
            lx_.skip();
            field f;
            f.name = fn.text;
            if (!fields.push_back(f)) return oom(), invalid_index;
            if (lx_.at(tok::comma) && lx_.peek2().kind == tok::ident) {
                // `a, b T` or `a T, b U`: decide by what follows the next identifier.
                lexer::mark save = lx_.position();
                lx_.skip();
                lx_.skip();
                bool more_names = lx_.at(tok::comma) || !(lx_.at(tok::newline) || lx_.at(tok::rbrace));
                bool shared = lx_.at(tok::comma) || (more_names && !lx_.at(tok::comma) && !lx_.at(tok::newline));
                lx_.seek(save);
                if (!shared) break;
                // Only a real "a, b T" list continues here: peek pattern ident then (ident|type start)
                lexer::mark save2 = lx_.position();
                lx_.skip();  // ','
                lx_.skip();  // ident
                bool is_list = lx_.at(tok::comma) || starts_type() || lx_.at(tok::star) || lx_.at(tok::lbrack);
                lx_.seek(save2);
                if (!is_list) break;
                // It is a list only if the identifier after the comma is followed by ',' or a type and
                // the current field has no type yet (we are before the type).
                lx_.skip();  // consume ','
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
        while (lx_.at(tok::newline) || lx_.at(tok::comma)) lx_.skip();
        if (lx_.at(tok::rbrace)) {
            lx_.skip();
            break;
        }
        token n = lx_.peek();
        if (n.kind != tok::ident) {
            unexpected("a method name or an embedded interface");
            return invalid_index;
        }
        lx_.skip();
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

}  // namespace detail
}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_READER_TYPES_HPP
