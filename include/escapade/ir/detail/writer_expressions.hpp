// escapade/ir/detail/writer_expressions.hpp - the text IR writer: expressions, without recursion.
//
// write_expr writes an expression tree with an explicit work stack (no recursion on the IR's
// depth): each kind in the text form's syntax (docs/ir.md), with its `@L:C` position when
// write_options::positions asks for it.
//
// Cost: O(nodes of the expression); the work stack holds at most their number.
#ifndef ESCAPADE_IR_DETAIL_WRITER_EXPRESSIONS_HPP
#define ESCAPADE_IR_DETAIL_WRITER_EXPRESSIONS_HPP

#include "writer.hpp"

namespace escapade::ir {
namespace detail {

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
            if (opt_.positions && m_.expr_pos(pc.e).known()) pos_annotation(m_.expr_pos(pc.e));
            if (has_display_text(pc.e)) {
                put("~");
                put_quoted(m_.text_at(x.text_id));
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
            std::string_view text = m_.text_at(x.text_id);
            if (!text.empty()) {
                if (text == "zero") {
                    const type& ct = m_.type_at(x.type);
                    emit(lit(builder::nilable(ct.kind) ? "nil" : ct.kind == type_kind::string ? "\"\"" : ct.kind == type_kind::bool_ ? "false" : "0"));
                } else {
                    emit(view(text));
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

}  // namespace detail
}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_WRITER_EXPRESSIONS_HPP
