// escapade/ir/detail/reader_expressions.hpp - the text IR reader: expressions, without recursion.
//
// parse_expr reads an expression with an explicit frame stack (no native recursion that grows
// with the input): prefix operators (&, *, <-) and parse_primary read an operand (names,
// literals, composite literals, builtins, conversions), parse_suffixes its suffixes (fields,
// methods, index, slice, call, type assertion, annotations), and a finished operand completes the
// frame waiting for it (reader.hpp: struct frame). parse_expr_list reads a
// comma-separated list.
//
// Cost: O(tokens of the expression); the frame stack holds at most its nesting.
#ifndef ESCAPADE_IR_DETAIL_READER_EXPRESSIONS_HPP
#define ESCAPADE_IR_DETAIL_READER_EXPRESSIONS_HPP

#include "reader.hpp"

namespace escapade::ir {
namespace detail {

inline bool reader::parse_primary(item* out) noexcept {
    token t = lx_.peek();
    switch (t.kind) {
    case tok::integer:
    case tok::floating:
    case tok::string:
    case tok::character: {
        lx_.skip();
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
    const word w = t.kw;
    if (w == word::nil || w == word::true_ || w == word::false_) {
        lx_.skip();
        expr_id e = b_.constant(b_.builtin(w == word::nil ? type_kind::nil : type_kind::bool_), pos_of(t));
        if (!built(e, t)) return false;
        b_.set_text(e, n);
        *out = item{ik::value, e, t};
        return true;
    }
    if (w == word::blank) {
        lx_.skip();
        expr_id e = b_.blank(pos_of(t));
        if (!built(e, t)) return false;
        *out = item{ik::value, e, t};
        return true;
    }
    if (w == word::func) return error(t, errc::syntax_error, "function literals are declared as nested 'func NAME(...)' statements");
    if (w == word::map || w == word::chan || w == word::struct_ || w == word::interface) {
        type_id ty = parse_type();
        if (ty == invalid_index) return false;
        *out = item{ik::type, ty, t};
        return true;
    }
    if (w == word::unsafe && lx_.peek2().kind == tok::dot) {
        lx_.skip();
        lx_.skip();
        token m = lx_.peek();
        if (m.kind != tok::ident) return unexpected("an unsafe function or Pointer");
        lx_.skip();
        if (m.text == "Pointer") {
            *out = item{ik::type, b_.builtin(type_kind::unsafe_pointer), t};
            return !failed();
        }
        if (m.text == "Add" || m.text == "Slice" || m.text == "Sizeof" || m.text == "Alignof" || m.text == "Offsetof") {
            if (!lx_.at(tok::lparen)) return unexpected("'('");
            lx_.skip();
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
    if (w == word::op && bd == nullptr && lx_.peek2().kind == tok::lbrack) {
        // op[T](args): an opaque scalar of type T
        lx_.skip();
        lx_.skip();
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
        // append copy panic len cap print println delete close recover complex real imag min max clear op concat
        const bool is_builtin = builtin_function(w) || w == word::op;
        if (is_builtin && (bd == nullptr)) {
            lx_.skip();
            lx_.skip();  // '('
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
        if ((w == word::new_ || w == word::make) && bd == nullptr) {
            lx_.skip();
            lx_.skip();  // '('
            type_id ty = parse_type();
            if (ty == invalid_index) return false;
            if (w == word::new_) {
                if (!expect(tok::rparen, "')'")) return false;
                expr_id e = b_.new_(ty, pos_of(t));
                if (!built(e, t)) return false;
                *out = item{ik::value, e, t};
                return true;
            }
            if (lx_.at(tok::rparen)) {
                lx_.skip();
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
        type_id bt = builtin_named(w);
        if (bt != invalid_index) {
            if (w == word::any || w == word::error || true) {
                lx_.skip();
                *out = item{ik::type, bt, t};
                return true;
            }
        }
        if (failed()) return false;
        return error(t, errc::unknown_name, "unknown name '%.*s'", int(n.size()), n.data());
    }
    lx_.skip();
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
            lx_.skip();
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
            lx_.skip();
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
            lx_.skip();
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
                lx_.skip();
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
            lx_.skip();
            if (lx_.at(tok::lparen)) {
                // x.(T)
                lx_.skip();
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
            lx_.skip();
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
                    lx_.skip();
                    frame f;
                    f.kind = fk::prefix;
                    f.op = t.kind;
                    f.tk = t;
                    if (!frames_.push_back(f)) return oom(), invalid_index;
                    continue;
                }
                if (t.kind == tok::lparen) {
                    lx_.skip();
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
                    lx_.skip();
                    lx_.skip();
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
                        while (lx_.at(tok::newline)) lx_.skip();
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
                lx_.skip();
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
                    lx_.skip();
                    f.is_slice = true;
                    f.bounds[0] = v;
                    f.part = 1;
                } else {
                    f.bounds[f.part] = v;
                    if (lx_.at(tok::colon) && f.part < 2) {
                        lx_.skip();
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
                    while (lx_.at(tok::newline)) lx_.skip();
                    break;
                }
                if (lx_.at(tok::ellipsis)) {
                    if (f.kind != fk::call && f.kind != fk::builtin) return unexpected("',' or ')'"), invalid_index;
                    lx_.skip();
                    f.ddd = true;
                }
                tok close = f.kind == fk::composite ? tok::rbrace : tok::rparen;
                if (f.kind == fk::composite)
                    while (lx_.at(tok::newline)) lx_.skip();
                if (lx_.at(tok::comma)) {
                    lx_.skip();
                    if (f.kind == fk::composite)
                        while (lx_.at(tok::newline)) lx_.skip();
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
        lx_.skip();
    }
}

}  // namespace detail
}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_READER_EXPRESSIONS_HPP
