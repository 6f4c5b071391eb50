// escapade/ir/detail/writer.hpp - the text IR writer's declaration: its state and its parts.
//
// writer<Sink> holds the module, the sink, the options and the explicit stacks that replace
// recursion (expression work items, statement frames), and declares every part. Each part is
// defined in a file of its own, which includes this one (this file includes none of them):
//   writer_types.hpp        type expressions
//   writer_expressions.hpp  expressions (explicit work stack)
//   writer_statements.hpp   statements and blocks (explicit frame stack)
//   writer_functions.hpp    functions and the module (run)
// ir/writer.hpp includes them all and defines ir::write_text. Declarations and the one-line
// members only: no cost of its own.
#ifndef ESCAPADE_IR_DETAIL_WRITER_HPP
#define ESCAPADE_IR_DETAIL_WRITER_HPP

#include <type_traits>

#include "../../detail/format.hpp"
#include "../builder.hpp"
#include "../module.hpp"
#include "../write_options.hpp"

namespace escapade::ir {
namespace detail {

template <class Sink>
class writer {
public:
    writer(const module& m, Sink& sink, const write_options& opt) noexcept
        : m_(m), sink_(sink), opt_(opt), work_(m.resource()), stack_(m.resource()) {}

    bool run() noexcept;

private:
    static constexpr int max_type_depth = 256;

    bool put(std::string_view s) noexcept {
        if (!ok_) return false;
        if (!sink_(s)) ok_ = false;
        return ok_;
    }
    bool put_uint(std::uint64_t v) noexcept {
        char b[24];
        return put(escapade::detail::format_u64(b, v));  // not snprintf("%llu"): see status.hpp
    }
    bool put_quoted(std::string_view s) noexcept {
        put("\"");
        std::size_t start = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(s[i]);
            const char* esc = nullptr;
            char hex[8];
            if (c == '"') esc = "\\\"";
            else if (c == '\\') esc = "\\\\";
            else if (c == '\n') esc = "\\n";
            else if (c == '\t') esc = "\\t";
            else if (c == '\r') esc = "\\r";
            else if (c < 0x20 || c == 0x7f) {
                std::snprintf(hex, sizeof hex, "\\x%02x", c);
                esc = hex;
            }
            if (esc) {
                put(s.substr(start, i - start));
                put(esc);
                start = i + 1;
            }
        }
        put(s.substr(start));
        return put("\"");
    }
    void indent(int n) noexcept {
        for (int i = 0; i < n; ++i) put("    ");
    }
    /// `@L:C` for pos, after switching files with a directive if needed (at statement level only).
    void pos_annotation(source_pos p) noexcept {
        if (!opt_.positions || !p.known()) return;
        put("@");
        put_uint(p.line);
        put(":");
        put_uint(p.column);
    }
    void file_directive(source_pos p, int depth) noexcept {
        if (!opt_.positions || !p.known() || p.file == cur_file_) return;
        indent(depth);
        put("file ");
        put_quoted(m_.file_name(p.file));
        put("\n");
        cur_file_ = p.file;
    }
    void write_type(type_id t, int depth = 0) noexcept;
    void write_expr(expr_id e) noexcept;
    void expr_list(id_span<expr_id> es, std::size_t from = 0, std::size_t to = static_cast<std::size_t>(-1)) noexcept {
        bool first = true;
        for (std::size_t i = from; i < es.size() && i < to; ++i) {
            if (!first) put(", ");
            first = false;
            write_expr(es[i]);
        }
    }
    void function_header(func_id f) noexcept;
    void params(id_span<var_id> ps, std::size_t skip, bool variadic) noexcept;
    std::string_view default_display(func_id f, char* buf, std::size_t size) const noexcept;
    void leading(stmt_id s) noexcept;
    std::size_t write_simple(const stmt_id* list, std::size_t n, std::size_t i, int depth) noexcept;
    bool write_function(func_id f, int depth) noexcept;
    bool drain() noexcept;
    void type_structure(type_id t) noexcept;
    void struct_like(type_id t) noexcept;
    void signature_tail(type_id sig) noexcept;
    source_pos first_pos_of_stmt(stmt_id s) const noexcept { return m_.stmt_pos(s); }
    bool prefix_form(expr_id e) const noexcept {
        expr_kind k = m_.expr_at(e).kind;
        return k == expr_kind::addr || k == expr_kind::deref || k == expr_kind::recv || k == expr_kind::ptr_lit;
    }
    bool annotated(expr_id e) const noexcept {
        return (opt_.positions && m_.expr_pos(e).known()) || has_display_text(e);
    }
    bool has_display_text(expr_id e) const noexcept {
        const expr& x = m_.expr_at(e);
        std::string_view text = m_.text_at(x.text_id);
        if (text.empty() || x.kind == expr_kind::constant) return false;
        if (x.kind == expr_kind::slice_lit && text == "... argument") return false;
        return true;
    }
    /// A call whose last argument is an implicitly packed variadic slice is written unpacked.
    bool packed_variadic_last(expr_id call, std::size_t first_arg) const noexcept {
        const expr& x = m_.expr_at(call);
        if (x.flags & ex_ddd) return false;
        id_span<expr_id> ops = m_.operands(call);
        if (ops.size() <= first_arg) return false;
        const expr& last = m_.expr_at(ops[ops.size() - 1]);
        return (last.kind == expr_kind::slice_lit || last.kind == expr_kind::constant) && m_.text_at(last.text_id) == "... argument";
    }

    const module& m_;
    Sink& sink_;
    write_options opt_;
    bool ok_ = true;
    index_t cur_file_ = invalid_index;

    // expression writer stack: a piece is either literal text or an expression to write
    struct piece {
        const char* text;     ///< literal (static storage) or nullptr
        std::string_view sv;  ///< literal view (when text == nullptr and e == invalid)
        expr_id e;
        bool paren_prefix;    ///< parenthesise e if it has prefix form or annotations
        std::uint8_t special; ///< 1: annotations of e; 2: type of e (for conversions etc.)
        type_id t;
    };
    escapade::detail::vector<piece> work_;
    struct frame {
        const stmt_id* list;
        std::size_t count;
        std::size_t next;
        int depth;
        std::uint8_t kind;  ///< 0 block, 1 if-then (else may follow), 2 else/loop/range, 3 function body
        index_t owner;
    };
    escapade::detail::vector<frame> stack_;
};

}  // namespace detail
}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_WRITER_HPP
