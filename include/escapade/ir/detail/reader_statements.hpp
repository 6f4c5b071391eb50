// escapade/ir/detail/reader_statements.hpp - the text IR reader's pass 3: statements and blocks.
//
// parse_statement reads one statement of a body: var and := declarations, assignments, calls,
// if/else, for and range loops, labels, goto/break/continue, go/defer, return, `file` lines and
// nested function literals (parse_nested_function). Blocks nest through an explicit block stack
// (open_block, close_block) instead of native recursion; labels are checked when their block
// closes (note_label).
//
// Cost: O(tokens of the statement) plus O(1) expected per name bound.
#ifndef ESCAPADE_IR_DETAIL_READER_STATEMENTS_HPP
#define ESCAPADE_IR_DETAIL_READER_STATEMENTS_HPP

#include "reader.hpp"

namespace escapade::ir {
namespace detail {

inline bool reader::end_of_statement() noexcept {
    if (lx_.at(tok::newline)) {
        lx_.skip();
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
                lx_.skip();
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
    // Most statements are decided by the token after the first name (peek2, usually lexed
    // already and kept for next()): `x :=` is a definition; `x =`, `x.f`, `x(`, `x[` are not. Only
    // a name followed by '@', a number, ':' or ',' needs the scan below (the same answer: the
    // scan's first step looks at that same token).
    if (!lx_.at(tok::ident)) return false;
    const tok second = lx_.peek2().kind;
    if (second == tok::define) return true;
    if (second != tok::at && second != tok::integer && second != tok::colon && second != tok::comma) return false;
    const lexer::snapshot_t save = lx_.snapshot();
    bool result = false;
    for (;;) {
        if (!lx_.at(tok::ident)) break;
        lx_.skip();
        while (lx_.at(tok::at) || lx_.at(tok::integer) || lx_.at(tok::colon)) {
            if (lx_.at(tok::colon) && lx_.peek2().kind != tok::integer) break;
            lx_.skip();
        }
        if (lx_.at(tok::define)) {
            result = true;
            break;
        }
        if (!lx_.at(tok::comma)) break;
        lx_.skip();
    }
    lx_.restore(save);
    return result;
}

inline bool reader::parse_define(source_pos spos) noexcept {
    // a, b := values (every name is new, or _)
    define_name* names = define_names_;  // a member: 64 tokens constructed once, not per statement
    std::size_t n = 0;
    for (;;) {
        token t = lx_.next();
        if (n >= 64) return error(t, errc::limit_exceeded, "more than 64 targets");
        names[n] = define_name{t, pos_of(t)};
        if (lx_.at(tok::at)) {
            lx_.skip();
            if (!parse_pos_annotation(&names[n].pos)) return false;
        }
        ++n;
        if (lx_.at(tok::comma)) {
            lx_.skip();
            continue;
        }
        break;
    }
    token dt = lx_.peek();
    if (!expect(tok::define, "':='")) return false;
    expr_list& rhs = scratch_list(0);
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
        if (t.kw == word::blank) {
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
    lx_.skip();
    token n = lx_.peek();
    if (n.kind != tok::ident) return unexpected("a variable name");
    lx_.skip();
    type_id t = parse_type();
    if (t == invalid_index) return false;
    source_pos pos = pos_of(n);
    if (lx_.at(tok::at)) {
        lx_.skip();
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
    lx_.skip();  // func
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
    if (lx_.at(tok::newline)) lx_.skip();
    return !failed();
}

inline bool reader::parse_for(const token& ft, source_pos spos) noexcept {
    // for { | for range x { | for k[, v] := range x { | for k[, v] = range x {
    if (lx_.at(tok::lbrace)) {
        lx_.skip();
        return open_block(blk::loop, ft, spos.known() ? spos : pos_of(ft));
    }
    expr_id key = invalid_index, value = invalid_index, x = invalid_index;
    bool define = false;
    source_pos pos = spos.known() ? spos : pos_of(ft);
    if (lx_.at_ident("range")) {
        lx_.skip();
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
                lx_.skip();
                if (!parse_pos_annotation(&npos[n])) return false;
            }
            ++n;
            if (!lx_.at(tok::comma)) break;
            lx_.skip();
        }
        if (!expect(tok::define, "':='")) return false;
        if (!lx_.at_ident("range")) return unexpected("'range'");
        lx_.skip();
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
            if (names[i].kw == word::blank) {
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
        expr_list& targets = scratch_list(0);
        if (!parse_expr_list(&targets)) return false;
        if (targets.size() > 2) return error_here(errc::syntax_error, "range has at most two variables");
        if (!expect(tok::assign, "'=' or ':='")) return false;
        if (!lx_.at_ident("range")) return unexpected("'range'");
        lx_.skip();
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
    while (lx_.at(tok::newline)) lx_.skip();
    if (failed()) return false;
    if (lx_.at(tok::eof)) {
        const block_frame& bf = blocks_.back();
        return error(bf.tk, errc::syntax_error, "'{' is never closed (end of file reached)");
    }
    // Leading annotations: statement position and display text.
    source_pos spos;
    for (;;) {
        if (lx_.at(tok::at)) {
            lx_.skip();
            if (!parse_pos_annotation(&spos)) return false;
        } else if (lx_.at(tok::tilde)) {
            lx_.skip();
            token s = lx_.peek();
            if (s.kind != tok::string) return unexpected("a display string after '~'");
            lx_.skip();
            if (!string_value(s, &pending_text_)) return false;
        } else {
            break;
        }
    }
    token t = lx_.peek();
    source_pos pos = spos.known() ? spos : pos_of(t);
    if (t.kind == tok::rbrace) return close_block();
    if (t.kind == tok::lbrace) {
        lx_.skip();
        return open_block(blk::plain, t, pos);
    }
    func_id fn = current_function();
    if (t.kind == tok::ident) {
        std::string_view w = t.text;
        const word kw = t.kw;
        if (kw == word::var_ && lx_.peek2().kind == tok::ident) return parse_var_statement(spos);
        if (kw == word::file && lx_.peek2().kind == tok::string) {
            // positions that follow refer to this file
            lx_.skip();
            token fs = lx_.next();
            std::string_view name;
            if (!string_value(fs, &name)) return false;
            cur_file_ = b_.add_file(name);
            return built(cur_file_, fs) && end_of_statement();
        }
        if (kw == word::return_) {
            lx_.skip();
            expr_list& values = scratch_list(0);
            if (!lx_.at(tok::newline) && !lx_.at(tok::eof) && !lx_.at(tok::rbrace) && !parse_expr_list(&values)) return false;
            stmt_id s = b_.ret(fn, values.data(), values.size(), pos);
            if (!built(s, t)) return false;
            if (!pending_text_.empty()) b_.set_stmt_text(s, pending_text_);
            pending_text_ = {};
            return add_stmt(s) && end_of_statement();
        }
        if (kw == word::if_) {
            lx_.skip();
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
        if (kw == word::for_) {
            lx_.skip();
            no_composite_ = true;
            bool ok = parse_for(t, spos);
            no_composite_ = false;
            return ok;
        }
        if (kw == word::go || kw == word::defer) {
            lx_.skip();
            expr_id c = parse_expr();
            if (c == invalid_index) return false;
            stmt_id s = b_.go_or_defer(kw == word::go, c, pos);
            if (!built(s, t)) return false;
            if (!pending_text_.empty()) b_.set_stmt_text(s, pending_text_);
            pending_text_ = {};
            return add_stmt(s) && end_of_statement();
        }
        if (kw == word::goto_) {
            lx_.skip();
            token l = lx_.peek();
            if (l.kind != tok::ident) return unexpected("a label");
            lx_.skip();
            if (!note_label(l, l.text, false)) return false;
            stmt_id s = b_.goto_(l.text, pos);
            return built(s, t) && add_stmt(s) && end_of_statement();
        }
        if (kw == word::break_ || kw == word::continue_) {
            lx_.skip();
            if (!inside_loop()) return error(t, errc::syntax_error, "%.*s outside a loop", int(w.size()), w.data());
            stmt_id s = b_.jump(kw == word::break_, pos);
            return built(s, t) && add_stmt(s) && end_of_statement();
        }
        if (kw == word::func && lx_.peek2().kind == tok::ident) return parse_nested_function(spos);
        if (lx_.peek2().kind == tok::colon && kw != word::blank) {
            // label
            lx_.skip();
            lx_.skip();
            if (!note_label(t, w, true)) return false;
            stmt_id s = b_.label(w, pos);
            return built(s, t) && add_stmt(s) && end_of_statement();
        }
        if (lookahead_define()) return parse_define(spos);
    }
    // Simple statements: assignment, op-assignment, send, or an expression.
    expr_list& lhs = scratch_list(0);
    if (!parse_expr_list(&lhs)) return false;
    token op = lx_.peek();
    stmt_id s = invalid_index;
    if (op.kind == tok::assign || op.kind == tok::op_assign) {
        lx_.skip();
        expr_list& rhs = scratch_list(1);
        if (!parse_expr_list(&rhs)) return false;
        if (op.kind == tok::op_assign && (lhs.size() != 1 || rhs.size() != 1))
            return error(op, errc::arity_mismatch, "an operator assignment has one target and one value");
        s = b_.assign(lhs.data(), lhs.size(), rhs.data(), rhs.size(), op.kind == tok::op_assign ? assign_form::op : assign_form::plain,
                      spos.known() ? spos : pos_of(op));
        if (!built(s, op)) return false;
    } else if (op.kind == tok::arrow) {
        lx_.skip();
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

}  // namespace detail
}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_READER_STATEMENTS_HPP
