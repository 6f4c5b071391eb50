// escapade/ir/detail/writer_types.hpp - the text IR writer: type expressions.
//
// write_type writes a type as the reader reads it: a builtin or named type by name, composite
// types by structure (type_structure; struct_like for structs and interfaces, signature_tail for
// function types), recursing at most max_type_depth levels (deeper types are written as `?`).
//
// Cost: O(size of the type expression); recursion depth <= max_type_depth.
#ifndef ESCAPADE_IR_DETAIL_WRITER_TYPES_HPP
#define ESCAPADE_IR_DETAIL_WRITER_TYPES_HPP

#include "writer.hpp"

namespace escapade::ir {
namespace detail {

template <class Sink>
void writer<Sink>::write_type(type_id t, int depth) noexcept {
    const type& ty = m_.type_at(t);
    if (!ty.name.empty()) {
        put(ty.name);
        return;
    }
    if (depth > max_type_depth) {
        put("?");
        return;
    }
    switch (ty.kind) {
    case type_kind::bool_: put("bool"); return;
    case type_kind::int_: put("int"); return;
    case type_kind::int8: put("int8"); return;
    case type_kind::int16: put("int16"); return;
    case type_kind::int32: put("int32"); return;
    case type_kind::int64: put("int64"); return;
    case type_kind::uint: put("uint"); return;
    case type_kind::uint8: put("byte"); return;
    case type_kind::uint16: put("uint16"); return;
    case type_kind::uint32: put("uint32"); return;
    case type_kind::uint64: put("uint64"); return;
    case type_kind::uintptr: put("uintptr"); return;
    case type_kind::float32: put("float32"); return;
    case type_kind::float64: put("float64"); return;
    case type_kind::complex64: put("complex64"); return;
    case type_kind::complex128: put("complex128"); return;
    case type_kind::string: put("string"); return;
    case type_kind::unsafe_pointer: put("unsafe.Pointer"); return;
    case type_kind::pointer: put("*"); write_type(ty.elem, depth + 1); return;
    case type_kind::slice: put("[]"); write_type(ty.elem, depth + 1); return;
    case type_kind::array:
        put("[");
        put_uint(ty.length);
        put("]");
        write_type(ty.elem, depth + 1);
        return;
    case type_kind::map:
        put("map[");
        write_type(ty.key, depth + 1);
        put("]");
        write_type(ty.elem, depth + 1);
        return;
    case type_kind::chan: put("chan "); write_type(ty.elem, depth + 1); return;
    case type_kind::func:
    case type_kind::struct_:
    case type_kind::interface: struct_like(t); return;
    case type_kind::nil: put("nil"); return;
    case type_kind::tuple:
    case type_kind::invalid: put("?"); return;
    }
}

template <class Sink>
void writer<Sink>::type_structure(type_id t) noexcept {
    // Like type(), but ignoring t's own name (and writing the named type's structure).
    const type& ty = m_.type_at(t);
    switch (ty.kind) {
    case type_kind::pointer: put("*"); write_type(ty.elem, 1); return;
    case type_kind::slice: put("[]"); write_type(ty.elem, 1); return;
    case type_kind::array: put("["); put_uint(ty.length); put("]"); write_type(ty.elem, 1); return;
    case type_kind::map: put("map["); write_type(ty.key, 1); put("]"); write_type(ty.elem, 1); return;
    case type_kind::chan: put("chan "); write_type(ty.elem, 1); return;
    default: break;
    }
    if (ty.kind == type_kind::struct_ || ty.kind == type_kind::interface || ty.kind == type_kind::func) {
        struct_like(t);
        return;
    }
    // scalar kinds
    static const char* names[] = {"?", "bool", "int", "int8", "int16", "int32", "int64", "uint", "byte", "uint16", "uint32",
                                  "uint64", "uintptr", "float32", "float64", "complex64", "complex128", "string",
                                  "unsafe.Pointer", "nil"};
    std::size_t k = static_cast<std::size_t>(ty.kind);
    put(k < sizeof names / sizeof names[0] ? names[k] : "?");
}

template <class Sink>
void writer<Sink>::struct_like(type_id t) noexcept {
    const type& ty = m_.type_at(t);
    if (ty.kind == type_kind::struct_) {
        // `struct { A, b T }` would read back as two fields named A and b: an embedded field
        // followed by another field needs newline-separated fields.
        bool lines = false;
        for (index_t i = 0; i + 1 < ty.count; ++i) lines = lines || m_.field_at(t, i).embedded;
        put("struct {");
        for (index_t i = 0; i < ty.count; ++i) {
            const field& f = m_.field_at(t, i);
            put(lines ? "\n    " : i ? ", " : " ");
            if (!f.embedded) {
                put(f.name);
                put(" ");
            }
            write_type(f.type, 1);
        }
        put(lines ? "\n}" : ty.count ? " }" : "}");
        return;
    }
    if (ty.kind == type_kind::interface) {
        put("interface {");
        const interface_method* ims = m_.interface_methods(t);
        for (index_t i = 0; i < ty.count; ++i) {
            put(i ? ", " : " ");
            put(ims[i].name);
            signature_tail(ims[i].signature);
        }
        put(ty.count ? " }" : "}");
        return;
    }
    put("func");
    signature_tail(t);
}

template <class Sink>
void writer<Sink>::signature_tail(type_id sig) noexcept {
    const type& st = m_.type_at(sig);
    put("(");
    id_span<type_id> ps = m_.func_params(sig);
    for (std::size_t j = 0; j < ps.size(); ++j) {
        if (j) put(", ");
        if (st.variadic && j + 1 == ps.size()) {
            put("...");
            write_type(m_.type_at(ps[j]).elem, 1);
        } else {
            write_type(ps[j], 1);
        }
    }
    put(")");
    id_span<type_id> rs = m_.func_results(sig);
    if (rs.size() == 1) {
        put(" ");
        write_type(rs[0], 1);
    } else if (rs.size() > 1) {
        put(" (");
        for (std::size_t j = 0; j < rs.size(); ++j) {
            if (j) put(", ");
            write_type(rs[j], 1);
        }
        put(")");
    }
}

}  // namespace detail
}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_WRITER_TYPES_HPP
