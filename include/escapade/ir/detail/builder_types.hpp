// escapade/ir/detail/builder_types.hpp - the IR builder: types.
//
// Builtin, composite, function, struct and interface types, interned so that structurally equal
// types get one id (intern_type, builder_checks.hpp); named types are declared, then defined
// (declare_named, define_named), so they may refer to themselves.
//
// Cost: O(1) amortised per type plus the length of its field, parameter or method list.
#ifndef ESCAPADE_IR_DETAIL_BUILDER_TYPES_HPP
#define ESCAPADE_IR_DETAIL_BUILDER_TYPES_HPP

#include "builder.hpp"

namespace escapade::ir {

ESCAPADE_IR_INLINE type_id builder::builtin(type_kind k) noexcept {
    const std::size_t i = static_cast<std::size_t>(k);
    if (i < sizeof builtin_ids_ / sizeof builtin_ids_[0] && builtin_ids_[i] != invalid_index && !failed()) return builtin_ids_[i];
    type t;
    t.kind = k;
    type_id id = intern_type(t, nullptr, 0, nullptr, 0);
    if (id != invalid_index && i < sizeof builtin_ids_ / sizeof builtin_ids_[0]) builtin_ids_[i] = id;
    return id;
}

ESCAPADE_IR_INLINE type_id builder::array_of(type_id elem, size64 length) noexcept {
    if (!valid_type(elem)) return invalid_index;
    type t;
    t.kind = type_kind::array;
    t.elem = elem;
    t.length = length;
    return intern_type(t, nullptr, 0, nullptr, 0);
}

ESCAPADE_IR_INLINE type_id builder::map_of(type_id key, type_id value) noexcept {
    if (!valid_type(key) || !valid_type(value)) return invalid_index;
    type t;
    t.kind = type_kind::map;
    t.key = key;
    t.elem = value;
    return intern_type(t, nullptr, 0, nullptr, 0);
}

ESCAPADE_IR_INLINE type_id builder::func_type(const type_id* params, std::size_t np, const type_id* results, std::size_t nr,
                  bool variadic) noexcept {
    for (std::size_t i = 0; i < np; ++i)
        if (!valid_type(params[i])) return invalid_index;
    for (std::size_t i = 0; i < nr; ++i)
        if (!valid_type(results[i])) return invalid_index;
    type t;
    t.kind = type_kind::func;
    t.variadic = variadic;
    return intern_type(t, params, np, results, nr);
}

ESCAPADE_IR_INLINE type_id builder::tuple_of(const type_id* elems, std::size_t n) noexcept {
    type t;
    t.kind = type_kind::tuple;
    return intern_type(t, elems, n, nullptr, 0);
}

ESCAPADE_IR_INLINE type_id builder::struct_type(const field* fields, std::size_t n, source_pos pos) noexcept {
    if (failed()) return invalid_index;
    for (std::size_t i = 0; i < n; ++i) {
        if (!valid_type(fields[i].type)) return invalid_index;
        for (std::size_t j = 0; j < i; ++j)
            if (fields[j].name == fields[i].name && fields[i].name != "_")
                return fail(errc::duplicate_name, pos, "duplicate field '%.*s'", int(fields[i].name.size()),
                            fields[i].name.data());
    }
    // Structs are not interned: the field pool entry is per type (identity by id).
    if (!room(m_.fields_.size(), n, pos)) return invalid_index;
    index_t first = static_cast<index_t>(m_.fields_.size());
    for (std::size_t i = 0; i < n; ++i) {
        field f = fields[i];
        if (!intern(f.name, &f.name)) return invalid_index;
        if (!m_.fields_.push_back(f)) return oom();
    }
    type t;
    t.kind = type_kind::struct_;
    t.first = first;
    t.count = static_cast<index_t>(n);
    t.pos = pos;
    return add_type(t);
}

ESCAPADE_IR_INLINE type_id builder::interface_type(const interface_method* methods, std::size_t n, source_pos pos) noexcept {
    if (failed() || !room(m_.imethods_.size(), n, pos)) return invalid_index;
    index_t first = static_cast<index_t>(m_.imethods_.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!valid_type(methods[i].signature)) return invalid_index;
        for (std::size_t j = 0; j < i; ++j)
            if (methods[j].name == methods[i].name)
                return fail(errc::duplicate_name, pos, "duplicate method '%.*s'", int(methods[i].name.size()),
                            methods[i].name.data());
        interface_method im = methods[i];
        if (!intern(im.name, &im.name)) return invalid_index;
        if (!m_.imethods_.push_back(im)) return oom();
    }
    type t;
    t.kind = type_kind::interface;
    t.first = first;
    t.count = static_cast<index_t>(n);
    t.pos = pos;
    return add_type(t);
}

ESCAPADE_IR_INLINE type_id builder::declare_named(std::string_view name, source_pos pos) noexcept {
    type t;
    t.kind = type_kind::invalid;
    t.pos = pos;
    if (!intern(name, &t.name)) return invalid_index;
    return add_type(t);
}

ESCAPADE_IR_INLINE bool builder::define_named(type_id named, type_id like) noexcept {
    if (!valid_type(named) || !valid_type(like)) return false;
    type& n = m_.types_[named];
    if (n.kind != type_kind::invalid) return fail(errc::duplicate_name, n.pos, "type %.*s defined twice", int(n.name.size()), n.name.data()), false;
    const type& l = m_.types_[like];
    if (l.kind == type_kind::invalid)
        return fail(errc::type_error, n.pos, "invalid recursive type %.*s", int(n.name.size()), n.name.data()), false;
    std::string_view name = n.name;
    source_pos pos = n.pos;
    n = l;
    n.name = name;
    n.pos = pos;
    n.laid_out = false;
    return true;
}

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_BUILDER_TYPES_HPP
