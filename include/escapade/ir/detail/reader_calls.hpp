// escapade/ir/detail/reader_calls.hpp - the text IR reader: expression items, conversions, annotations and calls.
//
// What parse_expr (reader_expressions.hpp) builds from: constants (constant_of), items made
// into expressions (materialize), conversions, `@...` annotations on an expression
// (apply_annotations), and call frames: open_call pushes a frame for `f(`, finish_call checks the
// arguments against the callee's signature and builds the call, a builtin or a conversion,
// packing a variadic call's trailing arguments (pack_variadic).
//
// Cost: O(arguments) per call; O(1) per item otherwise.
#ifndef ESCAPADE_IR_DETAIL_READER_CALLS_HPP
#define ESCAPADE_IR_DETAIL_READER_CALLS_HPP

#include "reader.hpp"

namespace escapade::ir {
namespace detail {

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
            lx_.skip();
            source_pos p;
            if (!parse_pos_annotation(&p)) return false;
            const expr& x = m_.expr_at(e);
            // The implicit `... argument` of a variadic call sits at the call's position and has no
            // spelling of its own: it moves with the call's annotation.
            if ((x.kind == expr_kind::call || x.kind == expr_kind::call_value || x.kind == expr_kind::call_method) &&
                x.operands_count > 0) {
                const expr_id li = m_.operands(e)[x.operands_count - 1];
                const expr& last = m_.expr_at(li);
                if ((last.kind == expr_kind::slice_lit || last.kind == expr_kind::constant) && m_.text_at(last.text_id) == "... argument" &&
                    m_.expr_pos(li) == m_.expr_pos(e))
                    b_.set_expr_pos(li, p);
            }
            b_.set_expr_pos(e, p);
            b_.set_explicit_pos(e);
            if (failed()) return built(invalid_index, lx_.peek());
        } else if (lx_.at(tok::tilde)) {
            lx_.skip();
            token s = lx_.peek();
            if (s.kind != tok::string) return unexpected("a display string after '~'");
            lx_.skip();
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

}  // namespace detail
}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_READER_CALLS_HPP
