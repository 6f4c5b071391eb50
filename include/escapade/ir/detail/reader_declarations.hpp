// escapade/ir/detail/reader_declarations.hpp - the text IR reader's passes 1 and 2: top-level declarations.
//
// Pass 1 (scan_declarations) reads every top-level declaration's name and kind (module, file,
// type, var, func, extern), skipping bodies, so that pass 2 can define them in any order: named
// types (define_types, through reader_types.hpp), globals (declare_globals), and function
// signatures with their parameter lists and declared leaks (declare_functions,
// parse_function_header, parse_param_list, parse_declared_leaks). Bodies are pass 3
// (reader_statements.hpp).
//
// Cost: O(tokens of the declarations) plus O(1) expected per name bound.
#ifndef ESCAPADE_IR_DETAIL_READER_DECLARATIONS_HPP
#define ESCAPADE_IR_DETAIL_READER_DECLARATIONS_HPP

#include "reader.hpp"

namespace escapade::ir {
namespace detail {

inline bool reader::skip_to_line_end_balanced() noexcept {
    // Skips to the end of the current declaration: the end of line, unless braces are open.
    // Inside braces the lexer counts lines, `:=` and operand tokens (names and literals, not the
    // numbers of position annotations `@L:C` nor display texts `~"..."`): run() reserves the
    // module's tables from them. A byte-level scan (lexer::skip_balanced), not token by token.
    std::uint32_t line = 0, column = 0;
    switch (lx_.skip_balanced(counts_, &line, &column)) {
    case lexer::balance::ok: return true;
    case lexer::balance::unclosed: return error_at(line, column, errc::syntax_error, "'{' is never closed");
    case lexer::balance::unexpected_close: return error_at(line, column, errc::syntax_error, "unexpected '}'");
    }
    return true;
}

inline bool reader::scan_declarations() noexcept {
    for (;;) {
        while (lx_.at(tok::newline)) lx_.skip();
        if (lx_.at(tok::eof)) return true;
        token t = lx_.peek();
        if (t.kind != tok::ident) {
            char d[64];
            describe(t, d, sizeof d);
            return error(t, errc::syntax_error, "expected a declaration (type, var, func, extern, module or file), found %s", d);
        }
        if (t.text == "module") {
            lx_.skip();
            token n = lx_.peek();
            if (n.kind != tok::ident) return unexpected("a module name");
            lx_.skip();
            b_.set_module_name(n.text);
            if (!lx_.at(tok::newline) && !lx_.at(tok::eof)) return unexpected("end of line");
        } else if (t.text == "file") {
            lx_.skip();
            token s = lx_.peek();
            if (s.kind != tok::string) return unexpected("a file name string");
            lx_.skip();
            std::string_view name;
            if (!string_value(s, &name)) return false;
            cur_file_ = b_.add_file(name);
            if (!built(cur_file_, s)) return false;
            if (!lx_.at(tok::newline) && !lx_.at(tok::eof)) return unexpected("end of line");
        } else if (t.text == "type") {
            lx_.skip();
            token n = lx_.peek();
            if (n.kind != tok::ident) return unexpected("a type name");
            lx_.skip();
            source_pos pos = pos_of(n);
            if (lx_.at(tok::at)) {
                lx_.skip();
                if (!parse_pos_annotation(&pos)) return false;
            }
            if (builtin_named(n.kw) != invalid_index && !failed())
                return error(n, errc::duplicate_name, "'%.*s' is a predeclared type", int(n.text.size()), n.text.data());
            type_id id = b_.declare_named(n.text, pos);
            if (!built(id, n)) return false;
            if (!bind(n, m_.type_at(id).name, bk::type, id)) return false;
            if (!types_.push_back(pending_type{id, lx_.position(), cur_file_})) return oom();
            if (!skip_to_line_end_balanced()) return false;
        } else if (t.text == "var") {
            lx_.skip();
            token n = lx_.peek();
            if (n.kind != tok::ident) return unexpected("a variable name");
            lx_.skip();
            if (!globals_.push_back(pending_global{n, lx_.position(), cur_file_})) return oom();
            if (!skip_to_line_end_balanced()) return false;
        } else if (t.text == "func" || t.text == "extern") {
            bool is_extern = t.text == "extern";
            lx_.skip();
            if (is_extern) {
                if (!lx_.at_ident("func")) return unexpected("'func' after 'extern'");
                lx_.skip();
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
                    lx_.skip();
                } while (depth > 0);
            }
            token n = lx_.peek();
            if (n.kind != tok::ident) return unexpected("a function name");
            lx_.skip();
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
                            lx_.skip();
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
                lx_.skip();
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
            lx_.skip();
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
                    lx_.skip();
                    if (lx_.at(tok::comma)) {
                        lx_.skip();
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
                lx_.skip();
                names[count++] = pending{n, true};
                if (lx_.at(tok::comma) && lx_.peek2().kind == tok::ident) {
                    lexer::mark save = lx_.position();
                    lx_.skip();
                    lx_.skip();
                    bool list = lx_.at(tok::comma) || starts_type() || lx_.at(tok::ellipsis) || lx_.at(tok::at);
                    lx_.seek(save);
                    // "a, b T": after 'b' comes a type. "a T, b U" never reaches here (a is followed by T).
                    if (list) {
                        lx_.skip();
                        continue;
                    }
                }
                break;
            }
        }
        bool ddd = false;
        if (lx_.at(tok::ellipsis)) {
            if (results) return error_here(errc::syntax_error, "results cannot be variadic");
            lx_.skip();
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
            lx_.skip();
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
        if (lx_.at(tok::comma)) lx_.skip();
        else if (!lx_.at(tok::rparen)) return unexpected("',' or ')'");
    }
    lx_.skip();
    return true;
}

inline bool reader::parse_function_header(func_id f, bool is_extern, bool nested, func_id parent) noexcept {
    (void)parent;
    // [ '(' recv T ')' ] NAME [@pos] [~"display"] '(' params ')' [results]
    type_id recv_type = invalid_index;
    token recv_tok;
    if (lx_.at(tok::lparen)) {
        if (nested) return error_here(errc::syntax_error, "a function literal has no receiver");
        lx_.skip();
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
            lx_.skip();
            if (!parse_pos_annotation(&pos)) return false;
        } else if (lx_.at(tok::tilde)) {
            lx_.skip();
            token s = lx_.peek();
            if (s.kind != tok::string) return unexpected("a display string after '~'");
            lx_.skip();
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
        lx_.skip();
        bool dummy = false;
        if (!parse_param_list(f, true, &dummy)) return false;
    } else if (!lx_.at(tok::lbrace) && !lx_.at(tok::newline) && !lx_.at(tok::eof)) {
        token tt = lx_.peek();
        type_id t = parse_type();
        if (t == invalid_index) return false;
        source_pos rp = pos_of(tt);
        if (lx_.at(tok::at)) {
            lx_.skip();
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
    lx_.skip();  // '{'
    for (;;) {
        while (lx_.at(tok::newline)) lx_.skip();
        if (lx_.at(tok::rbrace)) {
            lx_.skip();
            // A summary block with no lines declares that nothing leaks.
            b_.set_flags(f, fn_summary);
            return true;
        }
        token p = lx_.peek();
        if (p.kind != tok::ident) return unexpected("a parameter name");
        lx_.skip();
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
        lx_.skip();
        if (d.text == "if") {
            // a conditional leak: SUBJECT.METHOD ARG LEVEL or SUBJECT() ARG LEVEL
            token sj = lx_.peek();
            if (sj.kind != tok::ident) return unexpected("the parameter the condition is on");
            lx_.skip();
            for (index_t i = 0; i < ps.size(); ++i)
                if (m_.variable_at(ps[i]).name == sj.text) leak.subject = i;
            if (leak.subject == invalid_index)
                return error(sj, errc::unknown_name, "'%.*s' is not a parameter of this function", int(sj.text.size()), sj.text.data());
            if (lx_.at(tok::dot)) {
                lx_.skip();
                token mt = lx_.peek();
                if (mt.kind != tok::ident) return unexpected("a method name");
                lx_.skip();
                leak.method = mt.text;
            } else {
                if (!expect(tok::lparen, "'.' and a method name, or '()'") || !expect(tok::rparen, "')'")) return false;
            }
            token a = lx_.peek();
            if (a.kind != tok::integer) return unexpected("the index of the argument kept");
            lx_.skip();
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
            lx_.skip();
            if (!to_u32(l, &level)) return false;
            if (level > 1000) return error(l, errc::limit_exceeded, "leak level too large");
        }
        leak.derefs = static_cast<std::int32_t>(level);
        if (leak.subject != invalid_index && lx_.at(tok::ident) && lx_.peek().text == "inexact") {
            lx_.skip();
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

}  // namespace detail
}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_READER_DECLARATIONS_HPP
