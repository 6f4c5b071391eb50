// escapade/ir/detail/reader_run.hpp - the text IR reader's driver: the passes in order, and read_text.
//
// run declares the predeclared types (error, any), then runs pass 1 (scan_declarations), pass 2
// (define_types, declare_globals, declare_functions) and pass 3 (parse_bodies: each function
// body in source order, then the check that every function literal is used once), and turns the
// first error, the reader's or the builder's, into the status read_text returns.
//
// Cost: O(input size) in all, plus O(1) expected per name lookup (ir/reader.hpp).
#ifndef ESCAPADE_IR_DETAIL_READER_RUN_HPP
#define ESCAPADE_IR_DETAIL_READER_RUN_HPP

#include "reader.hpp"

namespace escapade::ir {
namespace detail {

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
    if (lx_.at(tok::newline)) lx_.skip();
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
    bool ok = scan_declarations();
    if (ok && opt_.reserve) {
        std::size_t stmts = counts_.lines + counts_.defines + m_.function_count();
        b_.reserve(stmts, counts_.operands, stmts / 3);
    }
    ok = ok && define_types() && declare_globals() && declare_functions() && parse_bodies();
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

ESCAPADE_IR_INLINE status read_text(std::string_view text, module& out, const read_options& options) noexcept {
    detail::reader r(text, out, options);
    return r.run();
}

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_READER_RUN_HPP
