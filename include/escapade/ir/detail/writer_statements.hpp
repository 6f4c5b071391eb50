// escapade/ir/detail/writer_statements.hpp - the text IR writer: statements and blocks.
//
// drain writes the statement lists of a function body with an explicit frame stack (no recursion
// on the IR's depth): leading writes a statement's `~"text"` prefix, write_simple one statement
// or the folded form several make together (a declaration and its defining assignment, for
// instance), and blocks, ifs, loops and ranges open frames.
//
// Cost: O(statements + expressions of the body); the frame stack holds at most its nesting.
#ifndef ESCAPADE_IR_DETAIL_WRITER_STATEMENTS_HPP
#define ESCAPADE_IR_DETAIL_WRITER_STATEMENTS_HPP

#include "writer.hpp"

namespace escapade::ir {
namespace detail {

template <class Sink>
void writer<Sink>::leading(stmt_id s) noexcept {
    const stmt& st = m_.stmt_at(s);
    if (opt_.positions && m_.stmt_pos(s).known()) {
        pos_annotation(m_.stmt_pos(s));
        put(" ");
    }
    if (st.text_id != 0) {
        put("~");
        put_quoted(m_.text_at(st.text_id));
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
                            if (opt_.positions && m_.expr_pos(es[t]).known()) {
                                put(" ");
                                pos_annotation(m_.expr_pos(es[t]));
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
        file_directive(m_.stmt_pos(s), depth);
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
                            if (opt_.positions && m_.expr_pos(es[t]).known()) {
                                put(" ");
                                pos_annotation(m_.expr_pos(es[t]));
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

}  // namespace detail
}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_WRITER_STATEMENTS_HPP
