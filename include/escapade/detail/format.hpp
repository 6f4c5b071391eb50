// escapade/detail/format.hpp - short gc-style text for types and expressions seen through traits.
//
// Used for the names of allocation sites ("&T{...}", "make([]byte, n)", "new(int)", "func literal")
// when the host gives no text of its own. Output goes to a fixed buffer (truncated, never
// overflowing). Nesting is followed at most `max_depth` levels, then elided as "...", so the
// recursion is bounded by a constant, not by the input.
#ifndef ESCAPADE_DETAIL_FORMAT_HPP
#define ESCAPADE_DETAIL_FORMAT_HPP

#include <cstdio>
#include <cstring>
#include <string_view>

#include "../traits.hpp"

namespace escapade::detail {

/// A bounded string builder over a caller buffer.
class text_buffer {
public:
    text_buffer(char* buf, std::size_t size) noexcept : buf_(buf), size_(size) {
        if (size_) buf_[0] = '\0';
    }
    text_buffer& put(std::string_view s) noexcept {
        for (char c : s) {
            if (len_ + 1 >= size_) break;
            buf_[len_++] = c;
        }
        if (size_) buf_[len_ < size_ ? len_ : size_ - 1] = '\0';
        return *this;
    }
    text_buffer& put_uint(std::uint64_t v) noexcept {
        char tmp[24];
        return put(format_u64(tmp, v));  // not snprintf("%llu"): see status.hpp
    }
    text_buffer& put_int(std::int64_t v) noexcept {
        char tmp[24];
        return put(format_i64(tmp, v));
    }
    std::string_view view() const noexcept { return std::string_view(buf_, len_); }
    std::size_t size() const noexcept { return len_; }

private:
    char* buf_;
    std::size_t size_;
    std::size_t len_ = 0;
};

template <class P, class T>
struct formatter {
    using expr_ref = typename T::expr_ref;
    using type_ref = typename T::type_ref;
    static constexpr int max_depth = 6;

    const P& p;

    void type(text_buffer& out, type_ref t, int depth = 0) const noexcept {
        if constexpr (has_type_name<T, P>::value) {
            std::string_view n = T::type_name(p, t);
            if (!n.empty()) {
                out.put(n);
                return;
            }
        }
        if (depth > max_depth) {
            out.put("...");
            return;
        }
        switch (T::type_kind_of(p, t)) {
        case type_kind::bool_: out.put("bool"); return;
        case type_kind::int_: out.put("int"); return;
        case type_kind::int8: out.put("int8"); return;
        case type_kind::int16: out.put("int16"); return;
        case type_kind::int32: out.put("int32"); return;
        case type_kind::int64: out.put("int64"); return;
        case type_kind::uint: out.put("uint"); return;
        case type_kind::uint8: out.put("byte"); return;
        case type_kind::uint16: out.put("uint16"); return;
        case type_kind::uint32: out.put("uint32"); return;
        case type_kind::uint64: out.put("uint64"); return;
        case type_kind::uintptr: out.put("uintptr"); return;
        case type_kind::float32: out.put("float32"); return;
        case type_kind::float64: out.put("float64"); return;
        case type_kind::complex64: out.put("complex64"); return;
        case type_kind::complex128: out.put("complex128"); return;
        case type_kind::string: out.put("string"); return;
        case type_kind::unsafe_pointer: out.put("unsafe.Pointer"); return;
        case type_kind::nil: out.put("nil"); return;
        case type_kind::pointer: out.put("*"); type(out, T::type_elem(p, t), depth + 1); return;
        case type_kind::slice: out.put("[]"); type(out, T::type_elem(p, t), depth + 1); return;
        case type_kind::array: {
            out.put("[");
            size64 es = T::type_size(p, T::type_elem(p, t));
            if (es != 0) out.put_uint(T::type_size(p, t) / es);
            out.put("]");
            type(out, T::type_elem(p, t), depth + 1);
            return;
        }
        case type_kind::map: out.put("map[...]"); type(out, T::type_elem(p, t), depth + 1); return;
        case type_kind::chan: out.put("chan "); type(out, T::type_elem(p, t), depth + 1); return;
        case type_kind::func: out.put("func(...)"); return;
        case type_kind::struct_: out.put("struct {...}"); return;
        case type_kind::interface: out.put("interface {...}"); return;
        case type_kind::tuple: out.put("(...)"); return;
        case type_kind::invalid: out.put("?"); return;
        }
    }

    std::string_view given_text(expr_ref e) const noexcept {
        if constexpr (has_expression_text<T, P>::value) return T::expression_text(p, e);
        return {};
    }

    void args(text_buffer& out, expr_ref e, std::size_t skip, int depth) const noexcept {
        std::size_t i = 0;
        bool first = true;
        for (auto&& a : T::expression_operands(p, e)) {
            if (i++ < skip) continue;
            if (!first) out.put(", ");
            first = false;
            expr(out, a, depth + 1);
        }
    }

    /// gc's rendering of an expression, elided below max_depth.
    void expr(text_buffer& out, expr_ref e, int depth = 0) const noexcept {
        std::string_view given = given_text(e);
        expr_kind k = T::expression_kind(p, e);
        if (!given.empty() && k != expr_kind::slice_lit) {
            out.put(given);
            return;
        }
        if (depth > max_depth) {
            out.put("...");
            return;
        }
        auto operand = [&](std::size_t i) -> expr_ref {
            std::size_t j = 0;
            for (auto&& a : T::expression_operands(p, e))
                if (j++ == i) return a;
            return expr_ref{};
        };
        auto count = [&]() -> std::size_t {
            std::size_t n = 0;
            for (auto&& a : T::expression_operands(p, e)) {
                (void)a;
                ++n;
            }
            return n;
        };
        switch (k) {
        case expr_kind::var: out.put(T::variable_name(p, T::referenced_variable(p, e))); return;
        case expr_kind::func_ref: out.put(T::function_name(p, T::referenced_function(p, e))); return;
        case expr_kind::constant: {
            std::int64_t v;
            if constexpr (has_integer_constant<T, P>::value) {
                if (T::integer_constant(p, e, &v)) {
                    out.put_int(v);
                    return;
                }
            }
            out.put(T::type_kind_of(p, T::expression_type(p, e)) == type_kind::nil ? "nil" : "const");
            return;
        }
        case expr_kind::blank: out.put("_"); return;
        case expr_kind::opaque: out.put("op("); args(out, e, 0, depth); out.put(")"); return;
        case expr_kind::addr: out.put("&"); expr(out, operand(0), depth + 1); return;
        case expr_kind::deref: out.put("*"); expr(out, operand(0), depth + 1); return;
        case expr_kind::field:
        case expr_kind::field_ptr: expr(out, operand(0), depth + 1); out.put(".field"); return;
        case expr_kind::index:
        case expr_kind::index_ptr:
        case expr_kind::index_map:
            expr(out, operand(0), depth + 1);
            out.put("[");
            expr(out, operand(1), depth + 1);
            out.put("]");
            return;
        case expr_kind::slice: expr(out, operand(0), depth + 1); out.put("[:]"); return;
        case expr_kind::convert:
        case expr_kind::string_conv:
            type(out, T::expression_type(p, e));
            out.put("(");
            expr(out, operand(0), depth + 1);
            out.put(")");
            return;
        case expr_kind::to_iface: expr(out, operand(0), depth + 1); return;
        case expr_kind::type_assert:
            expr(out, operand(0), depth + 1);
            out.put(".(");
            type(out, T::expression_type(p, e));
            out.put(")");
            return;
        case expr_kind::recv: out.put("<-"); expr(out, operand(0), depth + 1); return;
        case expr_kind::new_: out.put("new("); type(out, T::type_elem(p, T::expression_type(p, e))); out.put(")"); return;
        case expr_kind::make_slice:
        case expr_kind::make_map:
        case expr_kind::make_chan:
            out.put("make(");
            type(out, T::expression_type(p, e));
            if (count() > 0) {
                out.put(", ");
                args(out, e, 0, depth);
            }
            out.put(")");
            return;
        case expr_kind::ptr_lit: out.put("&"); expr(out, operand(0), depth + 1); return;
        case expr_kind::struct_lit:
        case expr_kind::array_lit:
        case expr_kind::slice_lit:
        case expr_kind::map_lit:
            if (!given.empty()) {  // "... argument"
                out.put(given);
                return;
            }
            type(out, T::expression_type(p, e));
            out.put("{...}");
            return;
        case expr_kind::closure: out.put("func literal"); return;
        case expr_kind::method_value:
            expr(out, operand(0), depth + 1);
            out.put(".");
            out.put(T::method_name(p, e));
            return;
        case expr_kind::concat: {
            bool first = true;
            for (auto&& a : T::expression_operands(p, e)) {
                if (!first) out.put(" + ");
                first = false;
                expr(out, a, depth + 1);
            }
            return;
        }
        case expr_kind::call:
            out.put(T::function_name(p, T::referenced_function(p, e)));
            out.put("(");
            args(out, e, 0, depth);
            out.put(")");
            return;
        case expr_kind::call_method:
            expr(out, operand(0), depth + 1);
            out.put(".");
            out.put(T::method_name(p, e));
            out.put("(");
            args(out, e, 1, depth);
            out.put(")");
            return;
        case expr_kind::call_value:
            expr(out, operand(0), depth + 1);
            out.put("(");
            args(out, e, 1, depth);
            out.put(")");
            return;
        case expr_kind::append: out.put("append("); args(out, e, 0, depth); out.put(")"); return;
        case expr_kind::copy: out.put("copy("); args(out, e, 0, depth); out.put(")"); return;
        case expr_kind::panic: out.put("panic("); args(out, e, 0, depth); out.put(")"); return;
        case expr_kind::builtin: out.put(T::method_name(p, e)); out.put("("); args(out, e, 0, depth); out.put(")"); return;
        case expr_kind::unsafe_add: out.put("unsafe.Add("); args(out, e, 0, depth); out.put(")"); return;
        }
    }
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_FORMAT_HPP
