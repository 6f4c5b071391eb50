// escapade/ir/detail/reader.hpp - the text IR reader's declaration: its state and its passes.
//
// reader holds the lexer, the builder it fills, the scopes and the explicit stacks that replace
// recursion (expression frames, statement blocks), and declares every pass. Each pass is defined in
// a file of its own, which includes this one (this file includes none of them):
//   reader_declarations.hpp   passes 1 and 2: top-level declarations, signatures, declared leaks
//   reader_types.hpp          type expressions
//   reader_calls.hpp          expression items, conversions, annotations, calls
//   reader_expressions.hpp    expressions (explicit frame stack)
//   reader_statements.hpp     pass 3: statements and blocks (explicit block stack)
//   reader_run.hpp            the passes in order (run) and ir::read_text
// ir/reader.hpp includes them all. Declarations only: no cost of its own.
#ifndef ESCAPADE_IR_DETAIL_READER_HPP
#define ESCAPADE_IR_DETAIL_READER_HPP

#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include "../builder.hpp"
#include "../read_options.hpp"
#include "lexer.hpp"

namespace escapade::ir {
namespace detail {

using expr_list = escapade::detail::vector<expr_id>;


class reader {
public:
    reader(std::string_view text, module& m, const read_options& opt) noexcept
        : lx_(text), m_(m), b_(m, opt.limits), opt_(opt), mem_(m.resource()), text_size_(text.size()),
          scope_head_(mem_), bindings_(mem_), scope_marks_(mem_), types_(mem_), globals_(mem_), funcs_(mem_),
          frames_(mem_), items_(mem_), keys_(mem_), blocks_(mem_), stmts_(mem_), list0_(mem_), list1_(mem_), labels_(mem_), closures_used_(mem_) {}

    status run() noexcept;

private:
    // ---- errors --------------------------------------------------------------------------------
    bool failed() const noexcept { return !err_.ok() || b_.failed(); }
    bool error_at(std::uint32_t line, std::uint32_t col, errc code, const char* fmt, ...) noexcept
#if defined(__GNUC__) || defined(__clang__)
        __attribute__((format(printf, 5, 6)))
#endif
    {
        if (failed()) return false;
        char msg[status::max_message];
        std::va_list args;
        va_start(args, fmt);
        std::vsnprintf(msg, sizeof msg, fmt, args);
        va_end(args);
        char file[status::max_file];
        copy_cstr(file, sizeof file, opt_.file_name);
        err_ = status::error(code, file, line, col, "%s", msg);
        return false;
    }
    bool error(const token& t, errc code, const char* fmt, ...) noexcept
#if defined(__GNUC__) || defined(__clang__)
        __attribute__((format(printf, 4, 5)))
#endif
    {
        char msg[status::max_message];
        std::va_list args;
        va_start(args, fmt);
        std::vsnprintf(msg, sizeof msg, fmt, args);
        va_end(args);
        return error_at(t.line, t.column, code, "%s", msg);
    }
    bool error_here(errc code, const char* what) noexcept { return error(lx_.peek(), code, "%s", what); }
    bool unexpected(const char* wanted) noexcept {
        char d[64];
        describe(lx_.peek(), d, sizeof d);
        return error(lx_.peek(), lx_.at(tok::invalid) ? errc::syntax_error : errc::syntax_error, "expected %s, found %s", wanted, d);
    }
    bool expect(tok k, const char* what) noexcept {
        if (failed()) return false;
        if (!lx_.at(k)) return unexpected(what);
        lx_.skip();
        return true;
    }
    bool oom() noexcept {
        if (!failed()) err_ = status::error(errc::out_of_memory, nullptr, 0, 0, "out of memory while reading %.*s",
                                            int(opt_.file_name.size() > 100 ? 100 : opt_.file_name.size()), opt_.file_name.data());
        return false;
    }
    /// After a builder call: converts a builder error into a reader error at token t.
    bool built(index_t id, const token& t) noexcept {
        if (id != invalid_index && !b_.failed()) return true;
        if (!err_.ok()) return false;
        const status& s = b_.status();
        if (s.code() == errc::out_of_memory) return oom();
        // Builder errors about the IR text are reported at the token that caused them.
        return error_at(t.line, t.column, s.code(), "%s", s.message());
    }
    static void copy_cstr(char* dst, std::size_t size, std::string_view s) noexcept {
        std::size_t n = s.size() < size - 1 ? s.size() : size - 1;
        if (n) std::memcpy(dst, s.data(), n);
        dst[n] = '\0';
    }

    // ---- positions -------------------------------------------------------------------------------
    source_pos pos_of(const token& t) const noexcept { return {0, t.line, t.column}; }
    /// Parses `@LINE[:COL]` (the '@' already consumed) into a position in the current file.
    bool parse_pos_annotation(source_pos* out) noexcept {
        token l = lx_.peek();
        if (l.kind != tok::integer) return unexpected("a line number after '@'");
        lx_.skip();
        std::uint32_t line = 0, col = 0;
        if (!to_u32(l, &line)) return false;
        if (lx_.at(tok::colon)) {
            lx_.skip();
            token c = lx_.peek();
            if (c.kind != tok::integer) return unexpected("a column number");
            lx_.skip();
            if (!to_u32(c, &col)) return false;
        } else if (lx_.at(tok::floating)) {
            return unexpected("':' between line and column");
        }
        *out = source_pos{cur_file_, line, col};
        return true;
    }
    bool to_u32(const token& t, std::uint32_t* out) noexcept {
        std::uint64_t v = 0;
        if (!to_u64(t, &v)) return false;
        if (v > 0xFFFFFFFFull) return error(t, errc::limit_exceeded, "number too large");
        *out = static_cast<std::uint32_t>(v);
        return true;
    }
    bool to_u64(const token& t, std::uint64_t* out) noexcept {
        std::uint64_t v = 0;
        std::string_view s = t.text;
        int base = 10;
        std::size_t i = 0;
        if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
            base = 16;
            i = 2;
        }
        if (i == s.size()) return error(t, errc::syntax_error, "malformed number");
        for (; i < s.size(); ++i) {
            char c = s[i];
            if (c == '_') continue;
            unsigned d;
            if (c >= '0' && c <= '9') d = unsigned(c - '0');
            else if (base == 16 && c >= 'a' && c <= 'f') d = unsigned(c - 'a' + 10);
            else if (base == 16 && c >= 'A' && c <= 'F') d = unsigned(c - 'A' + 10);
            else return error(t, errc::syntax_error, "malformed number");
            if (v > (0xFFFFFFFFFFFFFFFFull - d) / unsigned(base)) return error(t, errc::limit_exceeded, "number too large");
            v = v * unsigned(base) + d;
        }
        *out = v;
        return true;
    }
    /// Decodes a string literal token (escapes \n \t \\ \" \xHH) into a pooled string.
    bool string_value(const token& t, std::string_view* out) noexcept {
        std::string_view s = t.text;
        if (s.size() < 2) return error(t, errc::syntax_error, "malformed string");
        s = s.substr(1, s.size() - 2);
        if (t.text[0] == '`' || s.find('\\') == std::string_view::npos) return b_.intern(s, out) || oom();
        char buf[1024];
        std::size_t n = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (n >= sizeof buf) return error(t, errc::limit_exceeded, "string literal longer than 1024 bytes");
            char c = s[i];
            if (c != '\\' || i + 1 >= s.size()) {
                buf[n++] = c;
                continue;
            }
            char e = s[++i];
            switch (e) {
            case 'n': buf[n++] = '\n'; break;
            case 't': buf[n++] = '\t'; break;
            case 'r': buf[n++] = '\r'; break;
            case '0': buf[n++] = '\0'; break;
            case '\\': buf[n++] = '\\'; break;
            case '"': buf[n++] = '"'; break;
            case '\'': buf[n++] = '\''; break;
            case 'x': {
                if (i + 2 >= s.size() + 0 && i + 2 > s.size()) return error(t, errc::syntax_error, "malformed \\x escape");
                unsigned v = 0;
                for (int k = 0; k < 2; ++k) {
                    if (i + 1 >= s.size()) return error(t, errc::syntax_error, "malformed \\x escape");
                    char h = s[++i];
                    unsigned d = h >= '0' && h <= '9' ? unsigned(h - '0') : h >= 'a' && h <= 'f' ? unsigned(h - 'a' + 10)
                                 : h >= 'A' && h <= 'F' ? unsigned(h - 'A' + 10) : 99u;
                    if (d == 99u) return error(t, errc::syntax_error, "malformed \\x escape");
                    v = v * 16 + d;
                }
                buf[n++] = static_cast<char>(v);
                break;
            }
            default: buf[n++] = e; break;
            }
        }
        return b_.intern(std::string_view(buf, n), out) || oom();
    }

    // ---- scopes ------------------------------------------------------------------------------------
    enum class bk : std::uint8_t { type, variable, function, closure, label };
    struct binding {
        std::string_view name;
        bk kind;
        index_t id;
        index_t prev;  ///< previous binding of the same name, or invalid_index
    };
    void push_scope() noexcept {
        if (!scope_marks_.push_back(bindings_.size())) oom();
    }
    void pop_scope() noexcept {
        if (scope_marks_.empty()) return;
        std::size_t mark = scope_marks_.back();
        scope_marks_.pop_back();
        while (bindings_.size() > mark) {
            const binding& bd = bindings_.back();
            index_t* head = scope_head_.find(bd.name);
            if (head) *head = bd.prev;
            bindings_.pop_back();
        }
    }
    /// Binds name in the innermost scope; an existing binding in the same scope is an error.
    bool bind(const token& t, std::string_view name, bk kind, index_t id) noexcept {
        if (name == "_") return true;
        index_t* head = scope_head_.find(name);
        std::size_t mark = scope_marks_.empty() ? 0 : scope_marks_.back();
        if (head && *head != invalid_index && *head >= mark)
            return error(t, errc::duplicate_name, "'%.*s' is already declared in this scope", int(name.size()), name.data());
        index_t prev = head ? *head : invalid_index;
        if (!bindings_.push_back(binding{name, kind, id, prev})) return oom();
        index_t idx = static_cast<index_t>(bindings_.size() - 1);
        if (head) *head = idx;
        else if (!scope_head_.insert(name, idx)) return oom();
        return true;
    }
    const binding* lookup(std::string_view name) const noexcept {
        const index_t* head = scope_head_.find(name);
        if (!head || *head == invalid_index) return nullptr;
        return &bindings_[*head];
    }

    // ---- declarations --------------------------------------------------------------------------
    struct pending_type {
        type_id id;
        lexer::mark start;
        index_t file;
    };
    struct pending_global {
        token name;
        lexer::mark start;
        index_t file;
    };
    struct pending_func {
        func_id id;
        lexer::mark header;  ///< at the first token after `func`
        lexer::mark body;    ///< at '{' of the body, or offset npos
        bool has_body;
        bool is_extern;
        index_t file;
    };

    bool scan_declarations() noexcept;
    bool skip_to_line_end_balanced() noexcept;
    bool define_types() noexcept;
    bool declare_globals() noexcept;
    bool declare_functions() noexcept;
    bool parse_function_header(func_id f, bool is_extern, bool nested, func_id parent) noexcept;
    bool parse_param_list(func_id f, bool results, bool* variadic) noexcept;
    bool parse_declared_leaks(func_id f) noexcept;
    bool parse_bodies() noexcept;

    // ---- types ---------------------------------------------------------------------------------
    type_id parse_type(std::uint32_t depth = 0) noexcept;
    type_id parse_func_type(std::uint32_t depth) noexcept;
    type_id parse_struct_type(std::uint32_t depth, const token& start) noexcept;
    type_id parse_interface_type(std::uint32_t depth, const token& start) noexcept;
    bool starts_type() noexcept;
    type_id builtin_named(word w) noexcept;  ///< a predeclared type (keywords.hpp), or invalid_index

    // ---- expressions ---------------------------------------------------------------------------
    enum class ik : std::uint8_t { value, function, closure_fn, type };
    struct item {
        ik kind = ik::value;
        index_t id = invalid_index;
        token tk;  ///< first token (for messages and default position)
    };
    enum class fk : std::uint8_t { prefix, paren, call, index, composite, builtin, make, conv };
    enum class callee : std::uint8_t { static_fn, method_static, method_iface, value, none };
    struct frame {
        fk kind;
        tok op = tok::eof;
        token tk;                ///< the token that opened the frame
        std::size_t args_mark = 0;
        callee how = callee::none;
        index_t fn = invalid_index;
        expr_id recv = invalid_index;
        std::string_view name;   ///< method or builtin name
        type_id type = invalid_index;
        bool ddd = false;
        bool is_slice = false;
        int part = 0;            ///< index/slice: which bound is being parsed
        expr_id bounds[3] = {invalid_index, invalid_index, invalid_index};
        index_t key = invalid_index;  ///< composite: field of the element being parsed (`field: value`)
    };
    expr_id parse_expr() noexcept;
    bool parse_expr_list(escapade::detail::vector<expr_id>* out) noexcept;
    bool parse_primary(item* out) noexcept;
    bool parse_suffixes(item* it, bool* progressed) noexcept;
    bool reduce(item* it) noexcept;
    expr_id materialize(item& it) noexcept;
    bool apply_annotations(expr_id e) noexcept;
    bool open_call(item& it, const token& lp) noexcept;
    bool close_call_like(frame& f, item* out) noexcept;
    bool finish_call(frame& f, const token& closing, item* out) noexcept;
    expr_id conversion(type_id t, expr_id x, const token& tk) noexcept;
    expr_id constant_of(const token& t) noexcept;
    bool pack_variadic(func_id f, type_id sig, std::size_t args_mark, bool ddd, const token& tk) noexcept;

    // ---- statements ----------------------------------------------------------------------------
    enum class blk : std::uint8_t { function, plain, then_, else_, else_if, loop, range };
    struct block_frame {
        blk kind;
        token tk;                 ///< opening token
        source_pos pos;           ///< statement position (explicit or token)
        std::size_t stmts_mark;   ///< start in stmts_
        std::size_t scope_mark;   ///< bindings to pop when closed
        func_id fn;               ///< the function this block belongs to
        expr_id cond = invalid_index;          ///< if
        stmt_id then_block = invalid_index;    ///< else: the finished then-list is kept in then_*
        std::size_t then_mark = 0, then_count = 0;
        expr_id range_key = invalid_index, range_value = invalid_index, range_x = invalid_index;
        bool range_define = false;
        std::size_t labels_mark = 0;  ///< function: its labels in labels_
        std::string_view text;
    };
    bool parse_body(func_id f, const pending_func& pf) noexcept;
    bool parse_statement() noexcept;
    bool close_block() noexcept;
    bool add_stmt(stmt_id s) noexcept { return s != invalid_index && (stmts_.push_back(s) || oom()); }
    bool end_of_statement() noexcept;
    bool open_block(blk kind, const token& tk, source_pos pos) noexcept;
    func_id current_function() const noexcept {
        for (std::size_t i = blocks_.size(); i > 0; --i)
            if (blocks_[i - 1].kind == blk::function) return blocks_[i - 1].fn;
        return invalid_index;
    }
    bool inside_loop() const noexcept {
        for (std::size_t i = blocks_.size(); i > 0; --i) {
            if (blocks_[i - 1].kind == blk::function) return false;
            if (blocks_[i - 1].kind == blk::loop || blocks_[i - 1].kind == blk::range) return true;
        }
        return false;
    }
    /// Scratch lists for a statement's targets (0) and values (1), kept between statements so
    /// that reading a statement allocates nothing of its own. Statements are not parsed
    /// recursively (explicit block stack), so one statement owns them at a time.
    expr_list& scratch_list(int i) noexcept {
        expr_list& l = i == 0 ? list0_ : list1_;
        l.clear();
        return l;
    }
    bool parse_var_statement(source_pos spos) noexcept;
    bool parse_define(source_pos spos) noexcept;
    bool parse_nested_function(source_pos spos) noexcept;
    bool parse_for(const token& ft, source_pos spos) noexcept;
    bool lookahead_define() noexcept;
    bool note_label(const token& t, std::string_view name, bool definition) noexcept;

    lexer lx_;
    module& m_;
    builder b_;
    read_options opt_;
    memory_resource& mem_;
    std::size_t text_size_;
    status err_;
    index_t cur_file_ = 0;

    escapade::detail::hash_map<std::string_view, index_t> scope_head_;
    escapade::detail::vector<binding> bindings_;
    escapade::detail::vector<std::size_t> scope_marks_;
    escapade::detail::vector<pending_type> types_;
    escapade::detail::vector<pending_global> globals_;
    escapade::detail::vector<pending_func> funcs_;
    escapade::detail::vector<frame> frames_;
    escapade::detail::vector<expr_id> items_;  ///< arguments of open call-like frames
    escapade::detail::vector<index_t> keys_;   ///< struct literal field of each argument (or invalid)
    escapade::detail::vector<block_frame> blocks_;
    escapade::detail::vector<stmt_id> stmts_;
    expr_list list0_, list1_;  ///< scratch_list
    struct define_name {
        token tk;
        source_pos pos;
    };
    define_name define_names_[64];  ///< parse_define's targets
    struct label_use {
        std::string_view name;
        token tk;
        bool defined;
    };
    escapade::detail::vector<label_use> labels_;
    escapade::detail::vector<std::uint8_t> closures_used_;  ///< per function id: closure uses
    /// Pass 1's counts inside braces (skip_to_line_end_balanced), from which run() reserves the
    /// module's tables: a statement is about a line (a `:=` line is two: declare and assign), an
    /// expression about an operand token (measured: 1.03-1.13 on the synthetic benchmark and on
    /// lowered Go; finish() gives back what is not used).
    lexer::balance_counts counts_;
    type_id error_type_ = invalid_index;
    type_id any_type_ = invalid_index;
    bool no_composite_ = false;     ///< in `if`/`for` headers, `T {` starts the block (as in Go)
    bool empty_bound_ = false;      ///< the next slice bound is absent (x[:], x[a:])
    std::string_view pending_text_;        ///< ~"text" given before a statement
};

}  // namespace detail
}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_READER_HPP
