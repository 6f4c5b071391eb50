// escapade/ir/builder.hpp - the API that creates and checks generic-IR modules.
//
// Every node of a module is made here; the text reader is a client of this API. Each call checks
// its operands (types, arity, addressability) and computes the result type, so a module built
// without an error is well formed. The first error is kept (status()); after it, calls return
// invalid_index and do nothing.
//
// Order of use:
//   1. types: builtin(), pointer_to(), ..., declare_named() + define_named() for named types
//   2. globals and functions: global(), function(), param(), result(), add_method()
//   3. bodies: expressions bottom-up (operands first), then statements, then blocks from lists of
//      statement ids; set_body() attaches a block to its function
//   4. finish(): lays out every type (size, alignment, pointer-ness), computes closure captures and
//      checks what can only be checked on the whole module.
//
// Complexity: every call is O(1) amortised plus the length of the lists it copies; interning a
// type is O(length of its field list); finish() is O(size of the module).
#ifndef ESCAPADE_IR_BUILDER_HPP
#define ESCAPADE_IR_BUILDER_HPP

#include <algorithm>

#include "module.hpp"

namespace escapade::ir {

/// Limits the builder enforces; beyond them input is rejected with errc::limit_exceeded.
struct builder_limits {
    size64 max_type_size = size64(1) << 50;  ///< bytes; larger types are rejected, never wrapped
    /// Entries of any one table or pool of the module (types, variables, functions, statements,
    /// expressions, fields and the id pools). Ids and ranges are 32-bit: the default keeps every id
    /// and every first + count below invalid_index. Lower it to bound a module's size.
    std::uint32_t max_table_entries = 0xFFFFFFFEu;
};

class builder {
public:
    explicit builder(module& m, builder_limits limits = {}) noexcept : m_(m), limits_(limits), intern_(m.resource()), chain_(m.resource()) {}

    const escapade::status& status() const noexcept { return status_; }
    bool failed() const noexcept { return !status_.ok(); }
    module& target() noexcept { return m_; }

    /// Records an error at pos (the first error wins). Returns invalid_index for convenience.
    index_t fail(errc code, source_pos pos, const char* fmt, ...) noexcept
#if defined(__GNUC__) || defined(__clang__)
        __attribute__((format(printf, 4, 5)))
#endif
    {
        if (!failed()) {
            char msg[escapade::status::max_message];
            std::va_list args;
            va_start(args, fmt);
            std::vsnprintf(msg, sizeof msg, fmt, args);
            va_end(args);
            std::string_view file = m_.file_name(pos.file);
            char fname[escapade::status::max_file];
            std::size_t n = file.size() < sizeof fname - 1 ? file.size() : sizeof fname - 1;
            if (n) std::memcpy(fname, file.data(), n);
            fname[n] = '\0';
            status_ = escapade::status::error(code, n ? fname : nullptr, pos.line, pos.column, "%s", msg);
        }
        return invalid_index;
    }
    index_t oom() noexcept { return fail(errc::out_of_memory, {}, "out of memory while building the module"); }
    /// Whether a table or pool of `size` entries may grow by n (builder_limits::max_table_entries);
    /// records limit_exceeded otherwise, so 32-bit ids never wrap.
    bool room(std::size_t size, std::size_t n, source_pos pos = {}) noexcept {
        if (size <= limits_.max_table_entries && n <= limits_.max_table_entries - size) return true;
        fail(errc::limit_exceeded, pos, "module too large: a table would exceed %u entries", unsigned(limits_.max_table_entries));
        return false;
    }

    /// Reserves table capacity for about `stmts` statements (a hint; failure is ignored: the tables
    /// then grow as needed). Avoids repeated growth when the size is known (the reader estimates it
    /// from the text's length).
    void reserve(std::size_t stmts) noexcept {
        (void)m_.stmts_.reserve(stmts);
        (void)m_.stmt_pool_.reserve(stmts);
        (void)m_.exprs_.reserve(stmts * 2);
        (void)m_.expr_pool_.reserve(stmts * 2);
        (void)m_.variables_.reserve(stmts / 2);
        (void)m_.var_pool_.reserve(stmts / 8);
    }

    // --- strings and files ----------------------------------------------------------------------
    bool intern(std::string_view s, std::string_view* out) noexcept {
        if (failed()) return false;
        if (!m_.strings_.intern(s, out)) return oom(), false;
        return true;
    }
    void set_module_name(std::string_view name) noexcept {
        std::string_view s;
        if (intern(name, &s)) m_.name_ = s;
    }
    /// Adds a file name to the file table; returns its index (positions refer to it).
    index_t add_file(std::string_view name) noexcept {
        for (std::size_t i = 0; i < m_.files_.size(); ++i)
            if (m_.files_[i] == name) return static_cast<index_t>(i);
        std::string_view s;
        if (!intern(name, &s)) return invalid_index;
        if (!m_.files_.push_back(s)) return oom();
        return static_cast<index_t>(m_.files_.size() - 1);
    }
    /// Interns a method or builtin name; returns its index in the module's name table.
    index_t name_index(std::string_view name) noexcept {
        if (failed()) return invalid_index;
        if (const index_t* p = names_.find(name)) return *p;
        std::string_view s;
        if (!intern(name, &s)) return invalid_index;
        if (!m_.names_.push_back(s)) return oom();
        index_t id = static_cast<index_t>(m_.names_.size() - 1);
        if (!names_.insert(s, id)) return oom();
        return id;
    }
    index_t label_index(std::string_view name) noexcept {
        if (failed()) return invalid_index;
        for (std::size_t i = 0; i < m_.labels_.size(); ++i)
            if (m_.labels_[i] == name) return static_cast<index_t>(i);
        std::string_view s;
        if (!intern(name, &s)) return invalid_index;
        if (!m_.labels_.push_back(s)) return oom();
        return static_cast<index_t>(m_.labels_.size() - 1);
    }

    // --- types ------------------------------------------------------------------------------------
    type_id builtin(type_kind k) noexcept {
        type t;
        t.kind = k;
        return intern_type(t, nullptr, 0, nullptr, 0);
    }
    type_id pointer_to(type_id elem) noexcept { return composite(type_kind::pointer, elem); }
    type_id slice_of(type_id elem) noexcept { return composite(type_kind::slice, elem); }
    type_id chan_of(type_id elem) noexcept { return composite(type_kind::chan, elem); }
    type_id array_of(type_id elem, size64 length) noexcept {
        if (!valid_type(elem)) return invalid_index;
        type t;
        t.kind = type_kind::array;
        t.elem = elem;
        t.length = length;
        return intern_type(t, nullptr, 0, nullptr, 0);
    }
    type_id map_of(type_id key, type_id value) noexcept {
        if (!valid_type(key) || !valid_type(value)) return invalid_index;
        type t;
        t.kind = type_kind::map;
        t.key = key;
        t.elem = value;
        return intern_type(t, nullptr, 0, nullptr, 0);
    }
    type_id func_type(const type_id* params, std::size_t np, const type_id* results, std::size_t nr,
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
    type_id tuple_of(const type_id* elems, std::size_t n) noexcept {
        type t;
        t.kind = type_kind::tuple;
        return intern_type(t, elems, n, nullptr, 0);
    }
    /// An unnamed struct type. Field names must be distinct.
    type_id struct_type(const field* fields, std::size_t n, source_pos pos = {}) noexcept {
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
    type_id interface_type(const interface_method* methods, std::size_t n, source_pos pos = {}) noexcept {
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
    /// Declares a named type; its structure comes with define_named (so types can refer to
    /// themselves: `type T *T`, `type List struct { next *List }`).
    type_id declare_named(std::string_view name, source_pos pos) noexcept {
        type t;
        t.kind = type_kind::invalid;
        t.pos = pos;
        if (!intern(name, &t.name)) return invalid_index;
        return add_type(t);
    }
    /// Gives named type `named` the structure of the (usually unnamed) type `like`.
    bool define_named(type_id named, type_id like) noexcept {
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

    // --- declarations ---------------------------------------------------------------------------
    var_id global(std::string_view name, type_id t, source_pos pos) noexcept {
        var_id v = add_variable(name, var_kind::global, t, invalid_index, pos);
        if (v != invalid_index && !m_.globals_.push_back(v)) return oom();
        return v;
    }
    /// A function (top level, or a closure when parent is valid). Params and results follow.
    func_id function(std::string_view name, source_pos pos, func_id parent = invalid_index) noexcept {
        if (failed()) return invalid_index;
        if (parent != invalid_index && parent >= m_.functions_.size())
            return fail(errc::invalid_reference, pos, "closure parent %u does not exist", unsigned(parent));
        ir::function f;
        if (!intern(name, &f.name)) return invalid_index;
        f.pos = pos;
        f.parent = parent;
        if (parent != invalid_index) f.flags |= fn_closure;
        if (!room(m_.functions_.size(), 1, pos)) return invalid_index;
        if (!m_.functions_.push_back(f)) return oom();
        func_id id = static_cast<func_id>(m_.functions_.size() - 1);
        if (parent == invalid_index && !m_.top_functions_.push_back(id)) return oom();
        return id;
    }
    void set_display(func_id f, std::string_view display) noexcept {
        if (!valid_func(f)) return;
        std::string_view s;
        if (intern(display, &s)) m_.functions_[f].display = s;
    }
    void set_flags(func_id f, std::uint8_t flags) noexcept {
        if (valid_func(f)) m_.functions_[f].flags |= flags;
    }
    /// Parameters must be added before results, all before set_signature/finish.
    var_id param(func_id f, std::string_view name, type_id t, source_pos pos) noexcept {
        if (!valid_func(f)) return invalid_index;
        var_id v = add_variable(name, var_kind::param, t, f, pos);
        if (v == invalid_index) return v;
        return append_to_list(m_.functions_[f].params_first, m_.functions_[f].params_count, v) ? v : invalid_index;
    }
    var_id result(func_id f, std::string_view name, type_id t, source_pos pos) noexcept {
        if (!valid_func(f)) return invalid_index;
        var_id v = add_variable(name, var_kind::result, t, f, pos);
        if (v == invalid_index) return v;
        return append_to_list(m_.functions_[f].results_first, m_.functions_[f].results_count, v) ? v : invalid_index;
    }
    /// A local variable of f (declare it with a declare statement where it comes into scope).
    var_id local(func_id f, std::string_view name, type_id t, source_pos pos) noexcept {
        if (!valid_func(f)) return invalid_index;
        return add_variable(name, var_kind::local, t, f, pos);
    }
    /// Computes f's signature from its parameters and results (call after adding them). With a
    /// receiver, parameter 0 is the receiver and is not part of the signature.
    type_id set_signature(func_id f, bool variadic, type_id receiver = invalid_index) noexcept {
        if (!valid_func(f)) return invalid_index;
        ir::function& fn = m_.functions_[f];
        std::size_t skip = receiver != invalid_index ? 1 : 0;
        if (skip && fn.params_count == 0) return fail(errc::arity_mismatch, fn.pos, "method without receiver parameter");
        type_id ps[64];
        type_id rs[64];
        if (fn.params_count - skip > 64 || fn.results_count > 64)
            return fail(errc::limit_exceeded, fn.pos, "more than 64 parameters or results");
        for (index_t i = static_cast<index_t>(skip); i < fn.params_count; ++i)
            ps[i - skip] = m_.variables_[m_.var_pool_[fn.params_first + i]].type;
        for (index_t i = 0; i < fn.results_count; ++i) rs[i] = m_.variables_[m_.var_pool_[fn.results_first + i]].type;
        if (variadic) {
            if (fn.params_count == skip) return fail(errc::type_error, fn.pos, "variadic function without parameters");
            if (m_.types_[ps[fn.params_count - skip - 1]].kind != type_kind::slice)
                return fail(errc::type_error, fn.pos, "the variadic parameter must have a slice type");
        }
        type_id sig = func_type(ps, fn.params_count - skip, rs, fn.results_count, variadic);
        if (sig == invalid_index) return sig;
        m_.functions_[f].signature = sig;
        if (receiver != invalid_index) {
            m_.functions_[f].receiver = receiver;
            m_.functions_[f].flags |= fn_method;
        }
        return sig;
    }
    /// Registers f as method `name` of receiver type recv (T or *T for a named T; a named T may
    /// have any underlying type, a pointer too: a Go host's shape types of generic code).
    bool add_method(type_id recv, std::string_view name, func_id f, source_pos pos) noexcept {
        if (!valid_type(recv) || !valid_func(f)) return false;
        type_id named = recv;
        if (m_.types_[recv].kind == type_kind::pointer && m_.types_[recv].name.empty()) named = m_.types_[recv].elem;
        if (m_.types_[named].name.empty())
            return fail(errc::type_error, pos, "method receiver must be a named type or a pointer to one"), false;
        for (const method& mm : m_.methods_) {
            type_id other = mm.receiver;
            if (m_.types_[other].kind == type_kind::pointer && m_.types_[other].name.empty()) other = m_.types_[other].elem;
            if (other == named && mm.name == name)
                return fail(errc::duplicate_name, pos, "method %.*s.%.*s declared twice", int(m_.types_[named].name.size()),
                            m_.types_[named].name.data(), int(name.size()), name.data()),
                       false;
        }
        method mm;
        mm.receiver = recv;
        mm.function = f;
        if (!intern(name, &mm.name)) return false;
        if (!m_.methods_.push_back(mm)) return oom(), false;
        return true;
    }
    bool add_declared_leak(func_id f, declared_leak leak) noexcept {
        if (!valid_func(f)) return false;
        ir::function& fn = m_.functions_[f];
        if (leak.param >= fn.params_count) return fail(errc::invalid_reference, fn.pos, "leak of parameter %u, which does not exist", unsigned(leak.param)), false;
        if (leak.result != invalid_index && leak.result >= fn.results_count)
            return fail(errc::invalid_reference, fn.pos, "leak to result %u, which does not exist", unsigned(leak.result)), false;
        if (leak.derefs < 0) return fail(errc::invalid_argument, fn.pos, "negative level in a declared leak"), false;
        if (leak.subject != invalid_index) {
            if (leak.subject >= fn.params_count)
                return fail(errc::invalid_reference, fn.pos, "condition on parameter %u, which does not exist", unsigned(leak.subject)), false;
            if (leak.result != invalid_index)
                return fail(errc::invalid_argument, fn.pos, "a conditional leak goes to the heap, not to a result"), false;
            if (!intern(leak.method, &leak.method)) return false;
        }
        // Declared leaks of one function are contiguous: they are added right after its header.
        if (fn.leaks_count == 0) fn.leaks_first = static_cast<index_t>(m_.leaks_.size());
        else if (fn.leaks_first + fn.leaks_count != m_.leaks_.size())
            return fail(errc::invalid_argument, fn.pos, "declared leaks of a function must be added together"), false;
        if (!m_.leaks_.push_back(leak)) return oom(), false;
        ++fn.leaks_count;
        fn.flags |= fn_summary;
        return true;
    }
    void set_body(func_id f, stmt_id body) noexcept {
        if (!valid_func(f) || !valid_stmt(body)) return;
        if (m_.stmts_[body].kind != stmt_kind::block) {
            fail(errc::invalid_host_ir, m_.stmts_[body].pos, "a function body must be a block");
            return;
        }
        m_.functions_[f].body = body;
    }

    // --- expressions ----------------------------------------------------------------------------
    expr_id var_ref(var_id v, source_pos pos) noexcept {
        if (!valid_var(v)) return invalid_index;
        return add_expr(expr_kind::var, m_.variables_[v].type, v, nullptr, 0, pos);
    }
    expr_id func_ref(func_id f, source_pos pos) noexcept {
        if (!valid_func(f)) return invalid_index;
        if (m_.functions_[f].is_closure()) return fail(errc::type_error, pos, "a function literal is used with a closure expression");
        if (m_.functions_[f].signature == invalid_index) return fail(errc::invalid_reference, pos, "function has no signature yet");
        return add_expr(expr_kind::func_ref, method_value_type(f), f, nullptr, 0, pos);
    }
    expr_id constant(type_id t, source_pos pos) noexcept {
        if (!valid_type(t)) return invalid_index;
        return add_expr(expr_kind::constant, t, invalid_index, nullptr, 0, pos);
    }
    expr_id blank(source_pos pos) noexcept { return add_expr(expr_kind::blank, invalid_index, invalid_index, nullptr, 0, pos); }
    /// A scalar of type t computed from the operands (their values are discarded).
    expr_id opaque(type_id t, const expr_id* ops, std::size_t n, source_pos pos) noexcept {
        if (!valid_type(t) || !valid_exprs(ops, n)) return invalid_index;
        return add_expr(expr_kind::opaque, t, invalid_index, ops, n, pos);
    }
    expr_id addr(expr_id x, source_pos pos) noexcept {
        if (!valid_value(x)) return invalid_index;
        if (!addressable(x)) return fail(errc::type_error, pos, "cannot take the address of this expression");
        return add_expr(expr_kind::addr, pointer_to(type_of(x)), invalid_index, &x, 1, pos);
    }
    expr_id deref(expr_id p, source_pos pos) noexcept {
        if (!valid_value(p)) return invalid_index;
        const type& t = m_.types_[type_of(p)];
        if (t.kind != type_kind::pointer) return fail(errc::type_error, pos, "cannot dereference a non-pointer");
        return add_expr(expr_kind::deref, t.elem, invalid_index, &p, 1, pos);
    }
    /// x.f (struct value) or p.f (pointer to struct) by field index.
    expr_id field_of(expr_id x, index_t field_index, source_pos pos) noexcept {
        if (!valid_value(x)) return invalid_index;
        type_id st = type_of(x);
        expr_kind k = expr_kind::field;
        if (m_.types_[st].kind == type_kind::pointer) {
            st = m_.types_[st].elem;
            k = expr_kind::field_ptr;
        }
        if (m_.types_[st].kind != type_kind::struct_) return fail(errc::type_error, pos, "field access on a non-struct");
        if (field_index >= m_.types_[st].count) return fail(errc::invalid_reference, pos, "field %u does not exist", unsigned(field_index));
        return add_expr(k, m_.fields_[m_.types_[st].first + field_index].type, field_index, &x, 1, pos);
    }
    /// Finds a field by name in struct type st (or *st); returns invalid_index if absent.
    index_t find_field(type_id st, std::string_view name) const noexcept {
        if (st >= m_.types_.size()) return invalid_index;
        if (m_.types_[st].kind == type_kind::pointer) st = m_.types_[st].elem;
        const type& t = m_.types_[st];
        if (t.kind != type_kind::struct_) return invalid_index;
        for (index_t i = 0; i < t.count; ++i)
            if (m_.fields_[t.first + i].name == name) return i;
        return invalid_index;
    }
    /// x[i]: array value, slice, pointer to array, string or map.
    expr_id index(expr_id x, expr_id i, source_pos pos) noexcept {
        if (!valid_value(x) || !valid_value(i)) return invalid_index;
        type_id xt = type_of(x);
        const type& t = m_.types_[xt];
        expr_id ops[2] = {x, i};
        switch (t.kind) {
        case type_kind::array: return add_expr(expr_kind::index, t.elem, invalid_index, ops, 2, pos);
        case type_kind::slice: return add_expr(expr_kind::index_ptr, t.elem, invalid_index, ops, 2, pos);
        case type_kind::string: return add_expr(expr_kind::index_ptr, builtin(type_kind::uint8), invalid_index, ops, 2, pos);
        case type_kind::map: return add_expr(expr_kind::index_map, t.elem, invalid_index, ops, 2, pos);
        case type_kind::pointer:
            if (m_.types_[t.elem].kind == type_kind::array)
                return add_expr(expr_kind::index_ptr, m_.types_[t.elem].elem, invalid_index, ops, 2, pos);
            break;
        default: break;
        }
        return fail(errc::type_error, pos, "cannot index this type");
    }
    /// x[lo:hi:max] (absent bounds are invalid_index) on a slice, string or pointer to array.
    expr_id slice(expr_id x, expr_id lo, expr_id hi, expr_id max, source_pos pos) noexcept {
        if (!valid_value(x)) return invalid_index;
        expr_id ops[4] = {x};
        std::size_t n = 1;
        std::uint8_t flags = 0;
        const expr_id bounds[3] = {lo, hi, max};
        const std::uint8_t bits[3] = {ex_slice_lo, ex_slice_hi, ex_slice_max};
        for (int i = 0; i < 3; ++i) {
            if (bounds[i] == invalid_index) continue;
            if (!valid_value(bounds[i])) return invalid_index;
            ops[n++] = bounds[i];
            flags |= bits[i];
        }
        if (max != invalid_index && hi == invalid_index) return fail(errc::syntax_error, pos, "a 3-index slice needs a high bound");
        type_id xt = type_of(x);
        const type& t = m_.types_[xt];
        type_id rt = invalid_index;
        if (t.kind == type_kind::slice || t.kind == type_kind::string) rt = xt;
        else if (t.kind == type_kind::pointer && m_.types_[t.elem].kind == type_kind::array)
            rt = slice_of(m_.types_[t.elem].elem);
        else return fail(errc::type_error, pos, "cannot slice this type (slice an array through its address: (&a)[lo:hi])");
        expr_id e = add_expr(expr_kind::slice, rt, invalid_index, ops, n, pos);
        if (e != invalid_index) m_.exprs_[e].flags |= flags;
        return e;
    }
    /// T(x): a conversion that keeps the value's pointers (including unsafe.Pointer/uintptr).
    expr_id convert(type_id t, expr_id x, source_pos pos) noexcept {
        if (!valid_type(t) || !valid_value(x)) return invalid_index;
        if (m_.types_[t].kind == type_kind::interface && m_.types_[type_of(x)].kind != type_kind::interface)
            return fail(errc::type_error, pos, "conversion to an interface must use to_iface");
        return add_expr(expr_kind::convert, t, invalid_index, &x, 1, pos);
    }
    expr_id to_iface(type_id iface, expr_id x, source_pos pos) noexcept {
        if (!valid_type(iface) || !valid_value(x)) return invalid_index;
        if (m_.types_[iface].kind != type_kind::interface) return fail(errc::type_error, pos, "to_iface needs an interface type");
        return add_expr(expr_kind::to_iface, iface, invalid_index, &x, 1, pos);
    }
    expr_id type_assert(expr_id x, type_id t, source_pos pos) noexcept {
        if (!valid_value(x) || !valid_type(t)) return invalid_index;
        if (m_.types_[type_of(x)].kind != type_kind::interface) return fail(errc::type_error, pos, "type assertion on a non-interface");
        return add_expr(expr_kind::type_assert, t, invalid_index, &x, 1, pos);
    }
    expr_id recv(expr_id ch, source_pos pos) noexcept {
        if (!valid_value(ch)) return invalid_index;
        const type& t = m_.types_[type_of(ch)];
        if (t.kind != type_kind::chan) return fail(errc::type_error, pos, "receive from a non-channel");
        return add_expr(expr_kind::recv, t.elem, invalid_index, &ch, 1, pos);
    }
    expr_id new_(type_id t, source_pos pos) noexcept {
        if (!valid_type(t)) return invalid_index;
        return add_expr(expr_kind::new_, pointer_to(t), invalid_index, nullptr, 0, pos);
    }
    /// make(T, args...): T a slice (len[, cap]), map ([hint]) or chan ([size]) type.
    expr_id make(type_id t, const expr_id* args, std::size_t n, source_pos pos) noexcept {
        if (!valid_type(t) || !valid_exprs(args, n)) return invalid_index;
        switch (m_.types_[t].kind) {
        case type_kind::slice:
            if (n < 1 || n > 2) return fail(errc::arity_mismatch, pos, "make of a slice takes a length and an optional capacity");
            return add_expr(expr_kind::make_slice, t, invalid_index, args, n, pos);
        case type_kind::map:
            if (n > 1) return fail(errc::arity_mismatch, pos, "make of a map takes an optional size hint");
            return add_expr(expr_kind::make_map, t, invalid_index, args, n, pos);
        case type_kind::chan:
            if (n > 1) return fail(errc::arity_mismatch, pos, "make of a channel takes an optional buffer size");
            return add_expr(expr_kind::make_chan, t, invalid_index, args, n, pos);
        default: return fail(errc::type_error, pos, "make needs a slice, map or channel type");
        }
    }
    /// A composite literal of type t: struct (elements by field, in order; fewer than the fields
    /// means the rest are zero), array, slice or map (keys and values alternate).
    expr_id composite(type_id t, const expr_id* elems, std::size_t n, source_pos pos) noexcept {
        if (!valid_type(t) || !valid_exprs(elems, n)) return invalid_index;
        const type& ty = m_.types_[t];
        switch (ty.kind) {
        case type_kind::struct_:
            if (n > ty.count) return fail(errc::arity_mismatch, pos, "too many elements in struct literal");
            for (std::size_t i = 0; i < n; ++i)
                if (!check_assignable(m_.fields_[ty.first + i].type, elems[i], pos)) return invalid_index;
            return add_expr(expr_kind::struct_lit, t, static_cast<index_t>(n), elems, n, pos);
        case type_kind::array:
            if (n > ty.length) return fail(errc::arity_mismatch, pos, "too many elements in array literal");
            for (std::size_t i = 0; i < n; ++i)
                if (!check_assignable(ty.elem, elems[i], pos)) return invalid_index;
            return add_expr(expr_kind::array_lit, t, invalid_index, elems, n, pos);
        case type_kind::slice:
            for (std::size_t i = 0; i < n; ++i)
                if (!check_assignable(ty.elem, elems[i], pos)) return invalid_index;
            return add_expr(expr_kind::slice_lit, t, invalid_index, elems, n, pos);
        case type_kind::map:
            if (n % 2 != 0) return fail(errc::arity_mismatch, pos, "map literal needs key: value pairs");
            for (std::size_t i = 0; i < n; i += 2)
                if (!check_assignable(ty.key, elems[i], pos) || !check_assignable(ty.elem, elems[i + 1], pos)) return invalid_index;
            return add_expr(expr_kind::map_lit, t, invalid_index, elems, n, pos);
        default: return fail(errc::type_error, pos, "composite literal of a type that is not a struct, array, slice or map");
        }
    }
    /// &T{...}: the address of a fresh composite literal (struct or array).
    expr_id ptr_lit(expr_id lit, source_pos pos) noexcept {
        if (!valid_value(lit)) return invalid_index;
        expr_kind k = m_.exprs_[lit].kind;
        if (k != expr_kind::struct_lit && k != expr_kind::array_lit)
            return fail(errc::type_error, pos, "&T{...} needs a struct or array literal");
        return add_expr(expr_kind::ptr_lit, pointer_to(type_of(lit)), invalid_index, &lit, 1, pos);
    }
    expr_id closure(func_id f, source_pos pos) noexcept {
        if (!valid_func(f)) return invalid_index;
        if (!m_.functions_[f].is_closure()) return fail(errc::type_error, pos, "closure of a function that is not a function literal");
        if (m_.functions_[f].signature == invalid_index) return fail(errc::invalid_reference, pos, "function literal has no signature yet");
        return add_expr(expr_kind::closure, m_.functions_[f].signature, f, nullptr, 0, pos);
    }
    /// x.M as a value (a method value). x may be an interface or have a method M.
    expr_id method_value(expr_id x, std::string_view name, source_pos pos) noexcept {
        if (!valid_value(x)) return invalid_index;
        type_id sig = method_signature(type_of(x), name, pos);
        if (sig == invalid_index) return invalid_index;
        index_t ni = name_index(name);
        if (ni == invalid_index) return invalid_index;
        return add_expr(expr_kind::method_value, sig, ni, &x, 1, pos);
    }
    expr_id string_conv(type_id t, expr_id x, source_pos pos) noexcept {
        if (!valid_type(t) || !valid_value(x)) return invalid_index;
        return add_expr(expr_kind::string_conv, t, invalid_index, &x, 1, pos);
    }
    expr_id concat(const expr_id* ops, std::size_t n, source_pos pos) noexcept {
        if (!valid_exprs(ops, n)) return invalid_index;
        if (n < 2) return fail(errc::arity_mismatch, pos, "concatenation needs two or more operands");
        return add_expr(expr_kind::concat, builtin(type_kind::string), invalid_index, ops, n, pos);
    }
    /// A static call of f with args (a method's receiver is args[0]).
    expr_id call(func_id f, const expr_id* args, std::size_t n, source_pos pos, bool ddd = false) noexcept {
        if (!valid_func(f) || !valid_exprs(args, n)) return invalid_index;
        const ir::function& fn = m_.functions_[f];
        if (fn.is_closure()) return fail(errc::type_error, pos, "call a function literal through a closure value");
        if (fn.params_count != n)
            return fail(errc::arity_mismatch, pos, "call of %.*s with %u arguments, want %u", int(fn.name.size()), fn.name.data(),
                        unsigned(n), unsigned(fn.params_count));
        for (std::size_t i = 0; i < n; ++i)
            if (!check_assignable(m_.variables_[m_.var_pool_[fn.params_first + i]].type, args[i], pos)) return invalid_index;
        expr_id e = add_expr(expr_kind::call, result_type(fn.signature), f, args, n, pos);
        if (e != invalid_index && ddd) m_.exprs_[e].flags |= ex_ddd;
        return e;
    }
    /// recv.M(args) on an interface value.
    expr_id call_method(expr_id recv, std::string_view name, const expr_id* args, std::size_t n, source_pos pos,
                        bool ddd = false) noexcept {
        if (!valid_value(recv) || !valid_exprs(args, n)) return invalid_index;
        if (m_.types_[type_of(recv)].kind != type_kind::interface)
            return fail(errc::type_error, pos, "dynamic method call on a value that is not an interface");
        type_id sig = method_signature(type_of(recv), name, pos);
        if (sig == invalid_index || !check_call_args(sig, args, n, pos)) return invalid_index;
        index_t ni = name_index(name);
        if (ni == invalid_index) return invalid_index;
        expr_id ops[65];
        if (n > 64) return fail(errc::limit_exceeded, pos, "more than 64 arguments");
        ops[0] = recv;
        for (std::size_t i = 0; i < n; ++i) ops[i + 1] = args[i];
        expr_id e = add_expr(expr_kind::call_method, result_type(sig), ni, ops, n + 1, pos);
        if (e != invalid_index && ddd) m_.exprs_[e].flags |= ex_ddd;
        return e;
    }
    /// fv(args) through a function value (a closure literal here marks a direct closure call).
    expr_id call_value(expr_id fv, const expr_id* args, std::size_t n, source_pos pos, bool ddd = false) noexcept {
        if (!valid_value(fv) || !valid_exprs(args, n)) return invalid_index;
        // A call through a named function value is a static call (gc resolves it the same way).
        if (m_.exprs_[fv].kind == expr_kind::func_ref) return call(m_.exprs_[fv].ref, args, n, pos, ddd);
        type_id sig = type_of(fv);
        if (m_.types_[sig].kind != type_kind::func) return fail(errc::type_error, pos, "call of a value that is not a function");
        if (!check_call_args(sig, args, n, pos)) return invalid_index;
        expr_id ops[65];
        if (n > 64) return fail(errc::limit_exceeded, pos, "more than 64 arguments");
        ops[0] = fv;
        for (std::size_t i = 0; i < n; ++i) ops[i + 1] = args[i];
        expr_id e = add_expr(expr_kind::call_value, result_type(sig), invalid_index, ops, n + 1, pos);
        if (e != invalid_index && ddd) m_.exprs_[e].flags |= ex_ddd;
        return e;
    }
    /// append(s, elems...) or, with ddd, append(s, other...).
    expr_id append(const expr_id* args, std::size_t n, source_pos pos, bool ddd) noexcept {
        if (!valid_exprs(args, n)) return invalid_index;
        if (n < 1 || m_.types_[type_of(args[0])].kind != type_kind::slice)
            return fail(errc::type_error, pos, "append needs a slice as first argument");
        if (ddd && n != 2) return fail(errc::arity_mismatch, pos, "append(s, t...) takes exactly two arguments");
        type_id elem = m_.types_[type_of(args[0])].elem;
        if (!ddd)
            for (std::size_t i = 1; i < n; ++i)
                if (!check_assignable(elem, args[i], pos)) return invalid_index;
        expr_id e = add_expr(expr_kind::append, type_of(args[0]), invalid_index, args, n, pos);
        if (e != invalid_index && ddd) m_.exprs_[e].flags |= ex_ddd;
        return e;
    }
    expr_id copy(expr_id dst, expr_id src, source_pos pos) noexcept {
        if (!valid_value(dst) || !valid_value(src)) return invalid_index;
        expr_id ops[2] = {dst, src};
        return add_expr(expr_kind::copy, builtin(type_kind::int_), invalid_index, ops, 2, pos);
    }
    expr_id panic(expr_id x, source_pos pos) noexcept {
        if (!valid_value(x)) return invalid_index;
        return add_expr(expr_kind::panic, tuple_of(nullptr, 0), invalid_index, &x, 1, pos);
    }
    /// A builtin whose arguments do not flow anywhere (len, cap, print, delete, close, recover...).
    /// result may be invalid_index for no result.
    expr_id builtin_call(std::string_view name, type_id result, const expr_id* args, std::size_t n, source_pos pos) noexcept {
        if (!valid_exprs(args, n)) return invalid_index;
        if (result == invalid_index) result = tuple_of(nullptr, 0);
        if (!valid_type(result)) return invalid_index;
        index_t ni = name_index(name);
        if (ni == invalid_index) return invalid_index;
        return add_expr(expr_kind::builtin, result, ni, args, n, pos);
    }
    /// unsafe.Add(p, n) (result type of p) or unsafe.Slice(p, n) (result []T for p *T).
    expr_id unsafe_add(expr_id p, expr_id n, type_id result, source_pos pos) noexcept {
        if (!valid_value(p) || !valid_value(n) || !valid_type(result)) return invalid_index;
        expr_id ops[2] = {p, n};
        return add_expr(expr_kind::unsafe_add, result, invalid_index, ops, 2, pos);
    }
    /// Records where an unnamed type is first written, so that layout errors about it ("array type
    /// too large") name a line and column. Named types keep their declaration position.
    void note_type_position(type_id t, source_pos pos) noexcept {
        if (valid_type(t) && m_.types_[t].name.empty() && !m_.types_[t].pos.known()) m_.types_[t].pos = pos;
    }
    void set_text(expr_id e, std::string_view text) noexcept {
        if (!valid_expr(e)) return;
        std::string_view s;
        if (intern(text, &s)) m_.exprs_[e].text = s;
    }
    void set_explicit_pos(expr_id e) noexcept {
        if (valid_expr(e)) m_.exprs_[e].flags |= ex_explicit_pos;
    }

    // --- statements -------------------------------------------------------------------------------
    stmt_id block(const stmt_id* children, std::size_t n, source_pos pos) noexcept {
        return add_stmt(stmt_kind::block, children, n, nullptr, 0, invalid_index, pos);
    }
    stmt_id declare(var_id v, source_pos pos) noexcept {
        if (!valid_var(v)) return invalid_index;
        if (m_.variables_[v].kind != var_kind::local) return fail(errc::type_error, pos, "only local variables are declared by statements");
        return add_stmt(stmt_kind::declare, nullptr, 0, nullptr, 0, v, pos);
    }
    /// lhs... = rhs...: pairwise, or several targets from one multi-result call, or a comma-ok form.
    stmt_id assign(const expr_id* lhs, std::size_t nl, const expr_id* rhs, std::size_t nr, assign_form form,
                   source_pos pos) noexcept {
        if (!valid_exprs(lhs, nl) || !valid_exprs(rhs, nr)) return invalid_index;
        if (nl == 0) return fail(errc::arity_mismatch, pos, "assignment without targets");
        for (std::size_t i = 0; i < nl; ++i)
            if (!assignable_target(lhs[i])) return fail(errc::type_error, m_.exprs_[lhs[i]].pos, "cannot assign to this expression");
        if (nl == nr) {
            for (std::size_t i = 0; i < nl; ++i)
                if (m_.exprs_[lhs[i]].kind != expr_kind::blank && !check_assignable(type_of(lhs[i]), rhs[i], pos)) return invalid_index;
        } else if (nr == 1 && is_call(rhs[0]) && m_.types_[type_of(rhs[0])].kind == type_kind::tuple) {
            const type& tt = m_.types_[type_of(rhs[0])];
            if (tt.count != nl) return fail(errc::arity_mismatch, pos, "assignment of %u values to %u targets", unsigned(tt.count), unsigned(nl));
            for (std::size_t i = 0; i < nl; ++i)
                if (m_.exprs_[lhs[i]].kind != expr_kind::blank && !assignable(type_of(lhs[i]), m_.type_pool_[tt.first + i]))
                    return fail(errc::type_error, pos, "result %u of the call is not assignable to target %u", unsigned(i), unsigned(i));
            if (form == assign_form::plain || form == assign_form::pair) form = assign_form::call;
        } else if (nl == 2 && nr == 1 && is_comma_ok(rhs[0])) {
            // `i, ok = x.(T)` / `m[k]` / `<-ch` into an interface i keeps the concrete value: Go
            // (gc's order, after escape analysis) converts it only afterwards, so the flow is that
            // of the unconverted value (no box). Other targets must be assignable.
            if (m_.exprs_[lhs[0]].kind != expr_kind::blank) {
                bool into_iface = m_.types_[type_of(lhs[0])].kind == type_kind::interface;
                if (!into_iface && !check_assignable(type_of(lhs[0]), rhs[0], pos)) return invalid_index;
            }
            expr_kind k = m_.exprs_[rhs[0]].kind;
            if (form != assign_form::define)
                form = k == expr_kind::type_assert ? assign_form::comma_ok_type
                       : k == expr_kind::index_map ? assign_form::comma_ok_map
                                                   : assign_form::comma_ok_recv;
        } else {
            return fail(errc::arity_mismatch, pos, "assignment of %u values to %u targets", unsigned(nr), unsigned(nl));
        }
        if (form == assign_form::plain && nl > 1) form = assign_form::pair;
        expr_id ops[130];
        if (nl + nr > 128) return fail(errc::limit_exceeded, pos, "more than 128 operands in one assignment");
        for (std::size_t i = 0; i < nl; ++i) ops[i] = lhs[i];
        for (std::size_t i = 0; i < nr; ++i) ops[nl + i] = rhs[i];
        stmt_id s = add_stmt(stmt_kind::assign, nullptr, 0, ops, nl + nr, invalid_index, pos);
        if (s != invalid_index) {
            m_.stmts_[s].lhs_count = static_cast<index_t>(nl);
            m_.stmts_[s].form = form;
        }
        return s;
    }
    stmt_id eval(expr_id e, source_pos pos) noexcept {
        if (!valid_expr(e)) return invalid_index;
        return add_stmt(stmt_kind::eval, nullptr, 0, &e, 1, invalid_index, pos);
    }
    /// return values... for function f (checked against its results; an empty list with named
    /// results returns their current values).
    stmt_id ret(func_id f, const expr_id* values, std::size_t n, source_pos pos) noexcept {
        if (!valid_func(f) || !valid_exprs(values, n)) return invalid_index;
        const ir::function& fn = m_.functions_[f];
        if (n == fn.results_count) {
            for (std::size_t i = 0; i < n; ++i)
                if (!check_assignable(m_.variables_[m_.var_pool_[fn.results_first + i]].type, values[i], pos)) return invalid_index;
        } else if (n == 1 && is_call(values[0]) && m_.types_[type_of(values[0])].kind == type_kind::tuple &&
                   m_.types_[type_of(values[0])].count == fn.results_count) {
        } else if (n != 0) {
            return fail(errc::arity_mismatch, pos, "return of %u values from a function with %u results", unsigned(n),
                        unsigned(fn.results_count));
        }
        return add_stmt(stmt_kind::return_, nullptr, 0, values, n, invalid_index, pos);
    }
    stmt_id if_(expr_id cond, const stmt_id* then_, std::size_t nt, const stmt_id* else_, std::size_t ne, source_pos pos) noexcept {
        if (cond != invalid_index && !valid_value(cond)) return invalid_index;
        if (cond == invalid_index) {
            cond = opaque(builtin(type_kind::bool_), nullptr, 0, pos);
            if (cond == invalid_index) return invalid_index;
        }
        stmt_id s = add_stmt(stmt_kind::if_, then_, nt, &cond, 1, invalid_index, pos);
        if (s == invalid_index) return s;
        index_t first;
        if (!copy_stmts(else_, ne, &first)) return invalid_index;
        m_.stmts_[s].else_first = first;
        m_.stmts_[s].else_count = static_cast<index_t>(ne);
        return s;
    }
    stmt_id loop(const stmt_id* body, std::size_t n, source_pos pos) noexcept {
        return add_stmt(stmt_kind::loop, body, n, nullptr, 0, invalid_index, pos);
    }
    /// for key, value = range x { body } (key/value may be blank or invalid_index).
    stmt_id range(expr_id key, expr_id value, expr_id x, const stmt_id* body, std::size_t n, bool define, source_pos pos) noexcept {
        if (!valid_value(x)) return invalid_index;
        if (key == invalid_index && (key = blank(pos)) == invalid_index) return invalid_index;
        if (value == invalid_index && (value = blank(pos)) == invalid_index) return invalid_index;
        if (!valid_expr(key) || !valid_expr(value)) return invalid_index;
        const type& xt = m_.types_[type_of(x)];
        type_id kt = builtin(type_kind::int_), vt = invalid_index;
        switch (xt.kind) {
        case type_kind::array:
        case type_kind::slice: vt = xt.elem; break;
        case type_kind::string: vt = builtin(type_kind::int32); break;
        case type_kind::map: kt = xt.key; vt = xt.elem; break;
        case type_kind::chan: kt = xt.elem; break;
        case type_kind::pointer:
            if (m_.types_[xt.elem].kind == type_kind::array) {
                vt = m_.types_[xt.elem].elem;
                break;
            }
            return fail(errc::type_error, pos, "cannot range over this type");
        default: return fail(errc::type_error, pos, "cannot range over this type");
        }
        if (!assignable_target(key) || !assignable_target(value)) return fail(errc::type_error, pos, "cannot assign to range variable");
        // `for k, v = range x` into interface variables keeps the concrete elements, as the
        // comma-ok forms do: Go (gc's walk, after escape analysis) converts them only afterwards.
        auto into_iface = [&](expr_id target) { return m_.types_[type_of(target)].kind == type_kind::interface; };
        if (m_.exprs_[key].kind != expr_kind::blank && !assignable(type_of(key), kt) && !(!define && into_iface(key)))
            return fail(errc::type_error, pos, "range key has the wrong type");
        if (m_.exprs_[value].kind != expr_kind::blank &&
            (vt == invalid_index || (!assignable(type_of(value), vt) && !(!define && into_iface(value)))))
            return fail(errc::type_error, pos, "range value has the wrong type");
        expr_id ops[3] = {key, value, x};
        stmt_id s = add_stmt(stmt_kind::range, body, n, ops, 3, invalid_index, pos);
        if (s != invalid_index) {
            m_.stmts_[s].lhs_count = 2;
            m_.stmts_[s].form = define ? assign_form::define : assign_form::plain;
        }
        return s;
    }
    stmt_id go_or_defer(bool is_go, expr_id call_expr, source_pos pos) noexcept {
        if (!valid_expr(call_expr)) return invalid_index;
        if (!is_call(call_expr) && m_.exprs_[call_expr].kind != expr_kind::builtin && m_.exprs_[call_expr].kind != expr_kind::panic &&
            m_.exprs_[call_expr].kind != expr_kind::copy)
            return fail(errc::type_error, pos, "go and defer need a call");
        return add_stmt(is_go ? stmt_kind::go : stmt_kind::defer, nullptr, 0, &call_expr, 1, invalid_index, pos);
    }
    stmt_id send(expr_id ch, expr_id value, source_pos pos) noexcept {
        if (!valid_value(ch) || !valid_value(value)) return invalid_index;
        if (m_.types_[type_of(ch)].kind != type_kind::chan) return fail(errc::type_error, pos, "send on a non-channel");
        if (!check_assignable(m_.types_[type_of(ch)].elem, value, pos)) return invalid_index;
        expr_id ops[2] = {ch, value};
        return add_stmt(stmt_kind::send, nullptr, 0, ops, 2, invalid_index, pos);
    }
    stmt_id label(std::string_view name, source_pos pos) noexcept {
        index_t l = label_index(name);
        if (l == invalid_index) return l;
        return add_stmt(stmt_kind::label, nullptr, 0, nullptr, 0, l, pos);
    }
    stmt_id goto_(std::string_view name, source_pos pos) noexcept {
        index_t l = label_index(name);
        if (l == invalid_index) return l;
        return add_stmt(stmt_kind::goto_, nullptr, 0, nullptr, 0, l, pos);
    }
    stmt_id jump(bool is_break, source_pos pos) noexcept {
        return add_stmt(is_break ? stmt_kind::break_ : stmt_kind::continue_, nullptr, 0, nullptr, 0, invalid_index, pos);
    }
    /// The statement that declares nested function literal f inside its parent's body.
    stmt_id closure_decl(func_id f, source_pos pos) noexcept {
        if (!valid_func(f)) return invalid_index;
        return add_stmt(stmt_kind::closure, nullptr, 0, nullptr, 0, f, pos);
    }
    void set_stmt_text(stmt_id s, std::string_view text) noexcept {
        if (!valid_stmt(s)) return;
        std::string_view t;
        if (intern(text, &t)) m_.stmts_[s].text = t;
    }

    // --- queries used by clients (reader) ------------------------------------------------------
    type_id type_of(expr_id e) const noexcept { return m_.exprs_[e].type; }
    const ir::type& type_at(type_id t) const noexcept { return m_.types_[t]; }
    bool is_call(expr_id e) const noexcept {
        expr_kind k = m_.exprs_[e].kind;
        return k == expr_kind::call || k == expr_kind::call_method || k == expr_kind::call_value;
    }
    /// Signature of method `name` on type t: an interface method, or a method of T / *T.
    type_id method_signature(type_id t, std::string_view name, source_pos pos) noexcept {
        const type& ty = m_.types_[t];
        if (ty.kind == type_kind::interface) {
            for (index_t i = 0; i < ty.count; ++i)
                if (m_.imethods_[ty.first + i].name == name) return m_.imethods_[ty.first + i].signature;
            return fail(errc::unknown_name, pos, "interface has no method %.*s", int(name.size()), name.data());
        }
        func_id f = lookup_method(t, name);
        if (f == invalid_index) return fail(errc::unknown_name, pos, "type has no method %.*s", int(name.size()), name.data());
        return m_.functions_[f].signature;
    }
    /// The method function for receiver type t (T or *T), looking at both T and *T declarations.
    func_id lookup_method(type_id t, std::string_view name) const noexcept {
        func_id f = m_.find_method(t, name);
        if (f != invalid_index) return f;
        const type& ty = m_.types_[t];
        if (ty.kind == type_kind::pointer) return m_.find_method(ty.elem, name);
        for (const method& mm : m_.methods_)
            if (mm.name == name && m_.types_[mm.receiver].kind == type_kind::pointer && m_.types_[mm.receiver].elem == t)
                return mm.function;
        return invalid_index;
    }
    /// Go's assignability, restricted to what the IR needs: identical types, nil to a nilable type,
    /// scalar to scalar, interface to interface, or identical structure when one side is unnamed.
    bool assignable(type_id dst, type_id src) const noexcept {
        if (dst == src) return true;
        if (dst >= m_.types_.size() || src >= m_.types_.size()) return false;
        const type& d = m_.types_[dst];
        const type& s = m_.types_[src];
        if (s.kind == type_kind::nil) return nilable(d.kind);
        if (scalar(d.kind) && scalar(s.kind)) return true;
        if (d.kind == type_kind::interface && s.kind == type_kind::interface) return true;
        if (d.kind != s.kind || (!d.name.empty() && !s.name.empty())) return false;
        switch (d.kind) {
        case type_kind::pointer:
        case type_kind::slice:
        case type_kind::chan: return d.elem == s.elem;
        case type_kind::array: return d.elem == s.elem && d.length == s.length;
        case type_kind::map: return d.key == s.key && d.elem == s.elem;
        case type_kind::func:
        case type_kind::struct_:
        case type_kind::interface: return d.first == s.first && d.count == s.count && d.results_first == s.results_first;
        case type_kind::string:
        case type_kind::unsafe_pointer: return true;
        default: return false;
        }
    }
    static bool nilable(type_kind k) noexcept {
        return k == type_kind::pointer || k == type_kind::slice || k == type_kind::map || k == type_kind::chan ||
               k == type_kind::func || k == type_kind::interface || k == type_kind::unsafe_pointer || k == type_kind::nil;
    }
    static bool scalar(type_kind k) noexcept {
        return (k >= type_kind::bool_ && k <= type_kind::complex128);
    }

    // --- finish ---------------------------------------------------------------------------------
    /// Lays out all types and computes closure captures. Call once, after the last node.
    bool finish() noexcept;

private:
    bool valid_type(type_id t) noexcept {
        if (failed()) return false;
        if (t >= m_.types_.size()) return fail(errc::invalid_reference, {}, "type id %u does not exist", unsigned(t)), false;
        return true;
    }
    bool valid_var(var_id v) noexcept {
        if (failed()) return false;
        if (v >= m_.variables_.size()) return fail(errc::invalid_reference, {}, "variable id %u does not exist", unsigned(v)), false;
        return true;
    }
    bool valid_func(func_id f) noexcept {
        if (failed()) return false;
        if (f >= m_.functions_.size()) return fail(errc::invalid_reference, {}, "function id %u does not exist", unsigned(f)), false;
        return true;
    }
    bool valid_stmt(stmt_id s) noexcept {
        if (failed()) return false;
        if (s >= m_.stmts_.size()) return fail(errc::invalid_reference, {}, "statement id %u does not exist", unsigned(s)), false;
        return true;
    }
    bool valid_expr(expr_id e) noexcept {
        if (failed()) return false;
        if (e >= m_.exprs_.size()) return fail(errc::invalid_reference, {}, "expression id %u does not exist", unsigned(e)), false;
        return true;
    }
    /// An expression usable as a value (not blank, not a multi-value tuple).
    bool valid_value(expr_id e) noexcept {
        if (!valid_expr(e)) return false;
        const expr& x = m_.exprs_[e];
        if (x.kind == expr_kind::blank) return fail(errc::type_error, x.pos, "_ used as a value"), false;
        if (x.type == invalid_index || m_.types_[x.type].kind == type_kind::tuple)
            return fail(errc::type_error, x.pos, "expression has no single value"), false;
        return true;
    }
    bool valid_exprs(const expr_id* es, std::size_t n) noexcept {
        for (std::size_t i = 0; i < n; ++i)
            if (!valid_expr(es[i])) return false;
        return !failed();
    }
    bool check_assignable(type_id dst, expr_id src, source_pos pos) noexcept {
        if (!valid_value(src)) return false;
        if (assignable(dst, type_of(src))) return true;
        const type& d = m_.types_[dst];
        if (d.kind == type_kind::interface)
            return fail(errc::type_error, pos, "a concrete value stored into an interface needs an explicit conversion I(x)"), false;
        return fail(errc::type_error, pos, "value of the wrong type"), false;
    }
    bool check_call_args(type_id sig, const expr_id* args, std::size_t n, source_pos pos) noexcept {
        const type& s = m_.types_[sig];
        if (s.count != n) return fail(errc::arity_mismatch, pos, "call with %u arguments, want %u", unsigned(n), unsigned(s.count)), false;
        for (std::size_t i = 0; i < n; ++i)
            if (!check_assignable(m_.type_pool_[s.first + i], args[i], pos)) return false;
        return true;
    }
    bool addressable(expr_id e) const noexcept {
        const expr& x = m_.exprs_[e];
        switch (x.kind) {
        case expr_kind::var:
        case expr_kind::deref:
        case expr_kind::field_ptr:
        case expr_kind::index_ptr: return true;
        case expr_kind::field:
        case expr_kind::index: return addressable(m_.expr_pool_[x.operands_first]);
        default: return false;
        }
    }
    bool assignable_target(expr_id e) const noexcept {
        const expr& x = m_.exprs_[e];
        if (x.kind == expr_kind::blank || x.kind == expr_kind::index_map) return true;
        if (x.kind == expr_kind::index_ptr && m_.types_[type_of(m_.expr_pool_[x.operands_first])].kind == type_kind::string) return false;
        return addressable(e);
    }
    bool is_comma_ok(expr_id e) const noexcept {
        expr_kind k = m_.exprs_[e].kind;
        return k == expr_kind::type_assert || k == expr_kind::index_map || k == expr_kind::recv;
    }
    type_id result_type(type_id sig) noexcept {
        const type& s = m_.types_[sig];
        if (s.results_count == 1) return m_.type_pool_[s.results_first];
        index_t first = s.results_first, count = s.results_count;
        type_id rs[64];
        for (index_t i = 0; i < count && i < 64; ++i) rs[i] = m_.type_pool_[first + i];
        return tuple_of(rs, count);
    }
    /// A method used as a value (T.M) has the receiver as first parameter.
    type_id method_value_type(func_id f) noexcept {
        const ir::function& fn = m_.functions_[f];
        if (!(fn.flags & fn_method)) return fn.signature;
        type_id ps[65];
        type_id rs[64];
        if (fn.params_count > 65 || fn.results_count > 64) return fail(errc::limit_exceeded, fn.pos, "too many parameters");
        for (index_t i = 0; i < fn.params_count; ++i) ps[i] = m_.variables_[m_.var_pool_[fn.params_first + i]].type;
        for (index_t i = 0; i < fn.results_count; ++i) rs[i] = m_.variables_[m_.var_pool_[fn.results_first + i]].type;
        return func_type(ps, fn.params_count, rs, fn.results_count, m_.types_[fn.signature].variadic);
    }
    type_id composite(type_kind k, type_id elem) noexcept {
        if (!valid_type(elem)) return invalid_index;
        type t;
        t.kind = k;
        t.elem = elem;
        return intern_type(t, nullptr, 0, nullptr, 0);
    }
    type_id add_type(const type& t) noexcept {
        if (failed() || !room(m_.types_.size(), 1, t.pos)) return invalid_index;
        if (!m_.types_.push_back(t)) return oom();
        if (!chain_.push_back(invalid_index)) return oom();
        return static_cast<type_id>(m_.types_.size() - 1);
    }
    std::uint64_t type_hash(const type& t, const type_id* a, std::size_t na, const type_id* b, std::size_t nb) const noexcept {
        std::uint64_t h = detail::mix64(static_cast<std::uint64_t>(t.kind) * 31 + t.variadic);
        h = detail::mix64(h ^ t.elem) + detail::mix64(t.key + 0x9e37ull) + detail::mix64(t.length + 7);
        for (std::size_t i = 0; i < na; ++i) h = detail::mix64(h ^ (a[i] + 1));
        h = detail::mix64(h ^ 0xabcdefull);
        for (std::size_t i = 0; i < nb; ++i) h = detail::mix64(h ^ (b[i] + 1));
        return h;
    }
    /// Unnamed pointer/slice/array/map/chan/func/tuple/basic types are unique by structure.
    type_id intern_type(type t, const type_id* a, std::size_t na, const type_id* b, std::size_t nb) noexcept {
        if (failed()) return invalid_index;
        std::uint64_t h = type_hash(t, a, na, b, nb);
        if (const index_t* head = intern_.find(h)) {
            for (type_id c = *head; c != invalid_index; c = chain_[c]) {
                const type& o = m_.types_[c];
                if (o.kind != t.kind || o.elem != t.elem || o.key != t.key || o.length != t.length || o.variadic != t.variadic ||
                    o.count != na || o.results_count != nb || !o.name.empty())
                    continue;
                bool same = true;
                for (std::size_t i = 0; same && i < na; ++i) same = m_.type_pool_[o.first + i] == a[i];
                for (std::size_t i = 0; same && i < nb; ++i) same = m_.type_pool_[o.results_first + i] == b[i];
                if (same) return c;
            }
        }
        if (!room(m_.type_pool_.size(), na) || !room(m_.type_pool_.size() + na, nb)) return invalid_index;
        t.first = static_cast<index_t>(m_.type_pool_.size());
        t.count = static_cast<index_t>(na);
        if (na && !m_.type_pool_.append(a, na)) return oom();
        t.results_first = static_cast<index_t>(m_.type_pool_.size());
        t.results_count = static_cast<index_t>(nb);
        if (nb && !m_.type_pool_.append(b, nb)) return oom();
        type_id id = add_type(t);
        if (id == invalid_index) return id;
        bool inserted = false;
        index_t* head = intern_.insert(h, id, &inserted);
        if (head == nullptr) return oom();
        if (!inserted) {
            chain_[id] = *head;
            *head = id;
        }
        return id;
    }
    var_id add_variable(std::string_view name, var_kind k, type_id t, func_id f, source_pos pos) noexcept {
        if (!valid_type(t)) return invalid_index;
        variable v;
        if (!intern(name, &v.name)) return invalid_index;
        v.kind = k;
        v.type = t;
        v.function = f;
        v.pos = pos;
        if (!room(m_.variables_.size(), 1, pos)) return invalid_index;
        if (!m_.variables_.push_back(v)) return oom();
        return static_cast<var_id>(m_.variables_.size() - 1);
    }
    /// Appends v to a function's parameter/result list, which must be the last list in the pool.
    bool append_to_list(index_t& first, index_t& count, var_id v) noexcept {
        if (!room(m_.var_pool_.size(), 1, m_.variables_[v].pos)) return false;
        if (count == 0) first = static_cast<index_t>(m_.var_pool_.size());
        else if (first + count != m_.var_pool_.size()) {
            fail(errc::invalid_argument, m_.variables_[v].pos, "parameters and results of a function must be added together");
            return false;
        }
        if (!m_.var_pool_.push_back(v)) return oom(), false;
        ++count;
        return true;
    }
    expr_id add_expr(expr_kind k, type_id t, index_t ref, const expr_id* ops, std::size_t n, source_pos pos) noexcept {
        if (failed()) return invalid_index;
        if (t == invalid_index && k != expr_kind::blank) return fail(errc::type_error, pos, "expression without a type");
        expr x;
        x.kind = k;
        x.type = t;
        x.ref = ref;
        x.pos = pos;
        if (!room(m_.exprs_.size(), 1, pos) || !room(m_.expr_pool_.size(), n, pos)) return invalid_index;
        x.operands_first = static_cast<index_t>(m_.expr_pool_.size());
        x.operands_count = static_cast<index_t>(n);
        if (n && !m_.expr_pool_.append(ops, n)) return oom();
        if (!m_.exprs_.push_back(x)) return oom();
        return static_cast<expr_id>(m_.exprs_.size() - 1);
    }
    bool copy_stmts(const stmt_id* ss, std::size_t n, index_t* first) noexcept {
        for (std::size_t i = 0; i < n; ++i)
            if (!valid_stmt(ss[i])) return false;
        if (!room(m_.stmt_pool_.size(), n)) return false;
        *first = static_cast<index_t>(m_.stmt_pool_.size());
        if (n && !m_.stmt_pool_.append(ss, n)) return oom(), false;
        return true;
    }
    stmt_id add_stmt(stmt_kind k, const stmt_id* children, std::size_t nc, const expr_id* es, std::size_t ne, index_t ref,
                     source_pos pos) noexcept {
        if (failed()) return invalid_index;
        stmt s;
        s.kind = k;
        s.ref = ref;
        s.pos = pos;
        if (!copy_stmts(children, nc, &s.children_first)) return invalid_index;
        s.children_count = static_cast<index_t>(nc);
        if (!room(m_.stmts_.size(), 1, pos) || !room(m_.expr_pool_.size(), ne, pos)) return invalid_index;
        s.exprs_first = static_cast<index_t>(m_.expr_pool_.size());
        s.exprs_count = static_cast<index_t>(ne);
        if (ne && !m_.expr_pool_.append(es, ne)) return oom();
        if (!m_.stmts_.push_back(s)) return oom();
        return static_cast<stmt_id>(m_.stmts_.size() - 1);
    }

    bool layout_all() noexcept;
    bool compute_captures() noexcept;

    module& m_;
    builder_limits limits_;
    escapade::status status_;
    detail::hash_map<std::uint64_t, index_t> intern_;
    detail::vector<type_id> chain_;  ///< next type with the same structural hash
    detail::hash_map<std::string_view, index_t> names_{m_.resource()};
};

// ---------------------------------------------------------------------------------------------
// finish(): type layout and closure captures
// ---------------------------------------------------------------------------------------------

inline bool builder::layout_all() noexcept {
    // Iterative post-order over the "contains by value" relation (array elements, struct fields);
    // pointers, slices, maps, chans, funcs and interfaces break cycles. A cycle through values is
    // an invalid recursive type. O(types + fields).
    enum : std::uint8_t { fresh, active, done };
    detail::vector<std::uint8_t> state(m_.resource());
    if (!state.resize(m_.types_.size(), fresh)) return oom(), false;
    detail::vector<type_id> stack(m_.resource());
    for (type_id root = 0; root < m_.types_.size(); ++root) {
        if (state[root] == done) continue;
        if (!stack.push_back(root)) return oom(), false;
        while (!stack.empty()) {
            type_id t = stack.back();
            type& ty = m_.types_[t];
            if (state[t] == done) {
                stack.pop_back();
                continue;
            }
            // Children stored by value must be laid out first.
            bool pending = false;
            auto need = [&](type_id c) -> bool {
                if (state[c] == done) return true;
                if (state[c] == active) {
                    const type& ct = m_.types_[c];
                    fail(errc::type_error, ct.pos, "invalid recursive type %.*s (contains itself by value)", int(ct.name.size()),
                         ct.name.data());
                    return false;
                }
                if (!stack.push_back(c)) return oom(), false;
                pending = true;
                return true;
            };
            state[t] = active;
            if (ty.kind == type_kind::invalid) {
                return fail(errc::unknown_name, ty.pos, "type %.*s is declared but never defined", int(ty.name.size()), ty.name.data()), false;
            }
            if (ty.kind == type_kind::array) {
                if (!need(ty.elem)) return false;
            } else if (ty.kind == type_kind::struct_) {
                for (index_t i = 0; i < ty.count; ++i)
                    if (!need(m_.fields_[ty.first + i].type)) return false;
            }
            if (pending) {
                state[t] = fresh;  // revisit after the children
                // A child pushed above is on top; mark t active again when popped back.
                // To detect cycles we keep t "active" while its children are processed:
                state[t] = active;
                continue;
            }
            // All by-value children are done: compute the layout.
            switch (ty.kind) {
            case type_kind::bool_:
            case type_kind::int8:
            case type_kind::uint8: ty.size = 1; ty.align = 1; break;
            case type_kind::int16:
            case type_kind::uint16: ty.size = 2; ty.align = 2; break;
            case type_kind::int32:
            case type_kind::uint32:
            case type_kind::float32: ty.size = 4; ty.align = 4; break;
            case type_kind::int_:
            case type_kind::int64:
            case type_kind::uint:
            case type_kind::uint64:
            case type_kind::uintptr:
            case type_kind::float64:
            case type_kind::complex64: ty.size = 8; ty.align = 8; break;
            case type_kind::complex128: ty.size = 16; ty.align = 8; break;
            case type_kind::string: ty.size = 16; ty.align = 8; ty.has_pointers = true; break;
            case type_kind::interface: ty.size = 16; ty.align = 8; ty.has_pointers = true; break;
            case type_kind::slice: ty.size = 24; ty.align = 8; ty.has_pointers = true; break;
            case type_kind::unsafe_pointer:
            case type_kind::pointer:
            case type_kind::map:
            case type_kind::chan:
            case type_kind::func:
                ty.size = 8;
                ty.align = 8;
                ty.has_pointers = true;
                ty.pointer_shaped = true;
                break;
            case type_kind::nil: ty.size = 8; ty.align = 8; ty.has_pointers = true; ty.pointer_shaped = true; break;
            case type_kind::tuple: ty.size = 0; ty.align = 1; break;
            case type_kind::array: {
                const type& e = m_.types_[ty.elem];
                char limit[24];
                if (e.size != 0 && ty.length > limits_.max_type_size / e.size)
                    return fail(errc::limit_exceeded, ty.pos, "array type too large (more than %s bytes)",
                                escapade::detail::format_u64(limit, limits_.max_type_size)), false;
                ty.size = e.size * ty.length;
                ty.align = e.align;
                ty.has_pointers = ty.length > 0 && e.has_pointers;
                ty.pointer_shaped = ty.length == 1 && e.pointer_shaped;
                break;
            }
            case type_kind::struct_: {
                size64 off = 0;
                std::uint32_t align = 1;
                bool ptrs = false;
                for (index_t i = 0; i < ty.count; ++i) {
                    field& f = m_.fields_[ty.first + i];
                    const type& ft = m_.types_[f.type];
                    off = (off + ft.align - 1) / ft.align * ft.align;
                    f.offset = off;
                    if (ft.size > limits_.max_type_size - off)
                        return fail(errc::limit_exceeded, ty.pos, "struct type too large"), false;
                    off += ft.size;
                    if (ft.align > align) align = ft.align;
                    ptrs = ptrs || ft.has_pointers;
                }
                // Like gc: a trailing zero-size field gets a byte so its address stays inside.
                if (ty.count > 0 && m_.types_[m_.fields_[ty.first + ty.count - 1].type].size == 0 && off > 0) off += 1;
                ty.size = (off + align - 1) / align * align;
                ty.align = align;
                ty.has_pointers = ptrs;
                ty.pointer_shaped = ty.count == 1 && m_.types_[m_.fields_[ty.first].type].pointer_shaped;
                break;
            }
            default: break;
            }
            ty.laid_out = true;
            state[t] = done;
            stack.pop_back();
        }
    }
    return true;
}

inline bool builder::compute_captures() noexcept {
    // For each closure, the variables of enclosing functions its body (or a nested closure's body)
    // refers to, in first-use order. Walks each body with an explicit stack: O(size of the module).
    detail::vector<index_t> seen(m_.resource());  // var -> last closure that recorded it + 1
    if (!seen.resize(m_.variables_.size(), 0)) return oom(), false;
    detail::vector<stmt_id> stmts(m_.resource());
    detail::vector<expr_id> exprs(m_.resource());
    detail::vector<var_id> found(m_.resource());
    for (func_id f = 0; f < m_.functions_.size(); ++f) {
        if (!m_.functions_[f].is_closure() || m_.functions_[f].body == invalid_index) continue;
        found.clear();
        stmts.clear();
        if (!stmts.push_back(m_.functions_[f].body)) return oom(), false;
        while (!stmts.empty()) {
            stmt_id s = stmts.back();
            stmts.pop_back();
            const stmt& st = m_.stmts_[s];
            for (index_t i = 0; i < st.children_count; ++i)
                if (!stmts.push_back(m_.stmt_pool_[st.children_first + i])) return oom(), false;
            for (index_t i = 0; i < st.else_count; ++i)
                if (!stmts.push_back(m_.stmt_pool_[st.else_first + i])) return oom(), false;
            if (st.kind == stmt_kind::closure) {
                const ir::function& inner = m_.functions_[st.ref];
                if (inner.body != invalid_index && !stmts.push_back(inner.body)) return oom(), false;
            }
            for (index_t i = 0; i < st.exprs_count; ++i)
                if (!exprs.push_back(m_.expr_pool_[st.exprs_first + i])) return oom(), false;
            while (!exprs.empty()) {
                expr_id e = exprs.back();
                exprs.pop_back();
                const expr& x = m_.exprs_[e];
                for (index_t i = 0; i < x.operands_count; ++i)
                    if (!exprs.push_back(m_.expr_pool_[x.operands_first + i])) return oom(), false;
                if (x.kind != expr_kind::var) continue;
                const variable& v = m_.variables_[x.ref];
                if (v.kind == var_kind::global) continue;
                // Is v owned by f or by a closure nested in f? Then it is not a capture of f.
                bool inner = false;
                for (func_id g = v.function; g != invalid_index; g = m_.functions_[g].parent)
                    if (g == f) {
                        inner = true;
                        break;
                    }
                if (inner || seen[x.ref] == f + 1) continue;
                // v must belong to an enclosing function of f.
                bool outer = false;
                for (func_id g = m_.functions_[f].parent; g != invalid_index; g = m_.functions_[g].parent)
                    if (g == v.function) {
                        outer = true;
                        break;
                    }
                if (!outer)
                    return fail(errc::invalid_reference, x.pos, "variable %.*s belongs to another function", int(v.name.size()),
                                v.name.data()),
                           false;
                seen[x.ref] = f + 1;
                if (!found.push_back(x.ref)) return oom(), false;
            }
        }
        // Deterministic order: by variable id (declaration order).
        std::sort(found.begin(), found.end());
        if (!room(m_.var_pool_.size(), found.size(), m_.functions_[f].pos)) return false;
        m_.functions_[f].captures_first = static_cast<index_t>(m_.var_pool_.size());
        m_.functions_[f].captures_count = static_cast<index_t>(found.size());
        if (!found.empty() && !m_.var_pool_.append(found.data(), found.size())) return oom(), false;
    }
    return true;
}

inline bool builder::finish() noexcept {
    if (failed()) return false;
    if (!layout_all()) return false;
    for (func_id f = 0; f < m_.functions_.size(); ++f) {
        const ir::function& fn = m_.functions_[f];
        if (fn.signature == invalid_index)
            return fail(errc::invalid_host_ir, fn.pos, "function %.*s has no signature", int(fn.name.size()), fn.name.data()), false;
        if (fn.body == invalid_index && !fn.is_extern())
            return fail(errc::invalid_host_ir, fn.pos, "function %.*s has no body (declare it extern)", int(fn.name.size()),
                        fn.name.data()),
                   false;
    }
    return compute_captures();
}

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_BUILDER_HPP
