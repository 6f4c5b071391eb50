// escapade/ir/detail/builder.hpp - the IR builder's declaration: ir::builder and its limits.
//
// The public API (ir/builder.hpp says how to use it): every member is declared here with what it
// does; the members longer than a line are defined in a file per concern, each of which includes
// this one (this file includes none of them):
//   builder_types.hpp         types, interned
//   builder_declarations.hpp  globals, functions, parameters, signatures, methods, declared leaks
//   builder_expressions.hpp   expressions, checked
//   builder_statements.hpp    statements, checked
//   builder_checks.hpp        the checks, interning and table appends every call uses
//   builder_finish.hpp        finish(): type layout, closure captures
// ir/builder.hpp includes them all. Declarations only: no cost of its own.
#ifndef ESCAPADE_IR_DETAIL_BUILDER_HPP
#define ESCAPADE_IR_DETAIL_BUILDER_HPP

#include <algorithm>

#include "../../detail/string_set.hpp"
#include "../module.hpp"

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

    /// Reserves table capacity for about `stmts` statements, `exprs` expressions and `variables`
    /// variables (a hint; failure is ignored: the tables then grow as needed). Avoids repeated
    /// growth when the sizes are known (the reader estimates them in its first pass); finish()
    /// gives back what is left unused where the memory resource can.
    void reserve(std::size_t stmts, std::size_t exprs, std::size_t variables) noexcept {
        (void)m_.stmts_.reserve(stmts);
        (void)m_.stmt_pool_.reserve(stmts);
        (void)m_.exprs_.reserve(exprs);
        (void)m_.expr_pool_.reserve(exprs);
        (void)m_.variables_.reserve(variables);
    }

    // --- strings and files ----------------------------------------------------------------------
    /// Copies s into the module's string pool once: equal strings (a name declared in every
    /// function, a display text repeated) share one copy. O(|s|) expected (a hash lookup).
    bool intern(std::string_view s, std::string_view* out) noexcept {
        if (failed()) return false;
        if (const std::string_view* have = pooled_.find(s)) {
            *out = *have;
            return true;
        }
        if (!m_.strings_.intern(s, out)) return oom(), false;
        if (!pooled_.add(*out)) return oom(), false;
        return true;
    }
    /// Sets a node's display text: interned, then a new entry of the module's text table (or
    /// the node's entry replaced when it has one already). An empty text clears it.
    void store_text(index_t* text_id, std::string_view text) noexcept {
        if (text.empty()) {
            *text_id = 0;
            return;
        }
        std::string_view s;
        if (!intern(text, &s)) return;
        if (*text_id != 0) {
            m_.texts_[*text_id - 1] = s;
            return;
        }
        if (m_.texts_.size() >= invalid_index - 1) return (void)fail(errc::limit_exceeded, {}, "more than 2^32 - 2 display texts");
        if (!m_.texts_.push_back(s)) return (void)oom();
        *text_id = static_cast<index_t>(m_.texts_.size());
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
    type_id builtin(type_kind k) noexcept;
    type_id pointer_to(type_id elem) noexcept { return composite(type_kind::pointer, elem); }
    type_id slice_of(type_id elem) noexcept { return composite(type_kind::slice, elem); }
    type_id chan_of(type_id elem) noexcept { return composite(type_kind::chan, elem); }
    type_id array_of(type_id elem, size64 length) noexcept;
    type_id map_of(type_id key, type_id value) noexcept;
    type_id func_type(const type_id* params, std::size_t np, const type_id* results, std::size_t nr,
                      bool variadic) noexcept;
    type_id tuple_of(const type_id* elems, std::size_t n) noexcept;
    /// An unnamed struct type. Field names must be distinct.
    type_id struct_type(const field* fields, std::size_t n, source_pos pos = {}) noexcept;
    type_id interface_type(const interface_method* methods, std::size_t n, source_pos pos = {}) noexcept;
    /// Declares a named type; its structure comes with define_named (so types can refer to
    /// themselves: `type T *T`, `type List struct { next *List }`).
    type_id declare_named(std::string_view name, source_pos pos) noexcept;
    /// Gives named type `named` the structure of the (usually unnamed) type `like`.
    bool define_named(type_id named, type_id like) noexcept;

    // --- declarations ---------------------------------------------------------------------------
    var_id global(std::string_view name, type_id t, source_pos pos) noexcept;
    /// A function (top level, or a closure when parent is valid). Params and results follow.
    func_id function(std::string_view name, source_pos pos, func_id parent = invalid_index) noexcept;
    void set_display(func_id f, std::string_view display) noexcept;
    void set_flags(func_id f, std::uint8_t flags) noexcept;
    /// Parameters must be added before results, all before set_signature/finish.
    var_id param(func_id f, std::string_view name, type_id t, source_pos pos) noexcept;
    var_id result(func_id f, std::string_view name, type_id t, source_pos pos) noexcept;
    /// A local variable of f (declare it with a declare statement where it comes into scope).
    var_id local(func_id f, std::string_view name, type_id t, source_pos pos) noexcept;
    /// Computes f's signature from its parameters and results (call after adding them). With a
    /// receiver, parameter 0 is the receiver and is not part of the signature.
    type_id set_signature(func_id f, bool variadic, type_id receiver = invalid_index) noexcept;
    /// Registers f as method `name` of receiver type recv (T or *T for a named T; a named T may
    /// have any underlying type, a pointer too: a Go host's shape types of generic code).
    bool add_method(type_id recv, std::string_view name, func_id f, source_pos pos) noexcept;
    bool add_declared_leak(func_id f, declared_leak leak) noexcept;
    void set_body(func_id f, stmt_id body) noexcept;

    // --- expressions ----------------------------------------------------------------------------
    expr_id var_ref(var_id v, source_pos pos) noexcept;
    expr_id func_ref(func_id f, source_pos pos) noexcept;
    expr_id constant(type_id t, source_pos pos) noexcept;
    expr_id blank(source_pos pos) noexcept { return add_expr(expr_kind::blank, invalid_index, invalid_index, nullptr, 0, pos); }
    /// A scalar of type t computed from the operands (their values are discarded).
    expr_id opaque(type_id t, const expr_id* ops, std::size_t n, source_pos pos) noexcept;
    expr_id addr(expr_id x, source_pos pos) noexcept;
    expr_id deref(expr_id p, source_pos pos) noexcept;
    /// x.f (struct value) or p.f (pointer to struct) by field index.
    expr_id field_of(expr_id x, index_t field_index, source_pos pos) noexcept;
    /// Finds a field by name in struct type st (or *st); returns invalid_index if absent.
    index_t find_field(type_id st, std::string_view name) const noexcept;
    /// x[i]: array value, slice, pointer to array, string or map.
    expr_id index(expr_id x, expr_id i, source_pos pos) noexcept;
    /// x[lo:hi:max] (absent bounds are invalid_index) on a slice, string or pointer to array.
    expr_id slice(expr_id x, expr_id lo, expr_id hi, expr_id max, source_pos pos) noexcept;
    /// T(x): a conversion that keeps the value's pointers (including unsafe.Pointer/uintptr).
    expr_id convert(type_id t, expr_id x, source_pos pos) noexcept;
    expr_id to_iface(type_id iface, expr_id x, source_pos pos) noexcept;
    expr_id type_assert(expr_id x, type_id t, source_pos pos) noexcept;
    expr_id recv(expr_id ch, source_pos pos) noexcept;
    expr_id new_(type_id t, source_pos pos) noexcept;
    /// make(T, args...): T a slice (len[, cap]), map ([hint]) or chan ([size]) type.
    expr_id make(type_id t, const expr_id* args, std::size_t n, source_pos pos) noexcept;
    /// A composite literal of type t: struct (elements by field, in order; fewer than the fields
    /// means the rest are zero), array, slice or map (keys and values alternate).
    expr_id composite(type_id t, const expr_id* elems, std::size_t n, source_pos pos) noexcept;
    /// &T{...}: the address of a fresh composite literal (struct or array).
    expr_id ptr_lit(expr_id lit, source_pos pos) noexcept;
    expr_id closure(func_id f, source_pos pos) noexcept;
    /// x.M as a value (a method value). x may be an interface or have a method M.
    expr_id method_value(expr_id x, std::string_view name, source_pos pos) noexcept;
    expr_id string_conv(type_id t, expr_id x, source_pos pos) noexcept;
    expr_id concat(const expr_id* ops, std::size_t n, source_pos pos) noexcept;
    /// A static call of f with args (a method's receiver is args[0]).
    expr_id call(func_id f, const expr_id* args, std::size_t n, source_pos pos, bool ddd = false) noexcept;
    /// recv.M(args) on an interface value.
    expr_id call_method(expr_id recv, std::string_view name, const expr_id* args, std::size_t n, source_pos pos,
                        bool ddd = false) noexcept;
    /// fv(args) through a function value (a closure literal here marks a direct closure call).
    expr_id call_value(expr_id fv, const expr_id* args, std::size_t n, source_pos pos, bool ddd = false) noexcept;
    /// append(s, elems...) or, with ddd, append(s, other...).
    expr_id append(const expr_id* args, std::size_t n, source_pos pos, bool ddd) noexcept;
    expr_id copy(expr_id dst, expr_id src, source_pos pos) noexcept;
    expr_id panic(expr_id x, source_pos pos) noexcept;
    /// A builtin whose arguments do not flow anywhere (len, cap, print, delete, close, recover...).
    /// result may be invalid_index for no result.
    expr_id builtin_call(std::string_view name, type_id result, const expr_id* args, std::size_t n, source_pos pos) noexcept;
    /// unsafe.Add(p, n) (result type of p) or unsafe.Slice(p, n) (result []T for p *T).
    expr_id unsafe_add(expr_id p, expr_id n, type_id result, source_pos pos) noexcept;
    /// Records where an unnamed type is first written, so that layout errors about it ("array type
    /// too large") name a line and column. Named types keep their declaration position.
    void note_type_position(type_id t, source_pos pos) noexcept;
    void set_text(expr_id e, std::string_view text) noexcept;
    void set_explicit_pos(expr_id e) noexcept;
    /// Moves an expression to another position (the reader's `@L:C` after an expression).
    void set_expr_pos(expr_id e, source_pos pos) noexcept;

    // --- statements -------------------------------------------------------------------------------
    stmt_id block(const stmt_id* children, std::size_t n, source_pos pos) noexcept;
    stmt_id declare(var_id v, source_pos pos) noexcept;
    /// lhs... = rhs...: pairwise, or several targets from one multi-result call, or a comma-ok form.
    stmt_id assign(const expr_id* lhs, std::size_t nl, const expr_id* rhs, std::size_t nr, assign_form form,
                   source_pos pos) noexcept;
    stmt_id eval(expr_id e, source_pos pos) noexcept;
    /// return values... for function f (checked against its results; an empty list with named
    /// results returns their current values).
    stmt_id ret(func_id f, const expr_id* values, std::size_t n, source_pos pos) noexcept;
    stmt_id if_(expr_id cond, const stmt_id* then_, std::size_t nt, const stmt_id* else_, std::size_t ne, source_pos pos) noexcept;
    stmt_id loop(const stmt_id* body, std::size_t n, source_pos pos) noexcept;
    /// for key, value = range x { body } (key/value may be blank or invalid_index).
    stmt_id range(expr_id key, expr_id value, expr_id x, const stmt_id* body, std::size_t n, bool define, source_pos pos) noexcept;
    stmt_id go_or_defer(bool is_go, expr_id call_expr, source_pos pos) noexcept;
    stmt_id send(expr_id ch, expr_id value, source_pos pos) noexcept;
    stmt_id label(std::string_view name, source_pos pos) noexcept;
    stmt_id goto_(std::string_view name, source_pos pos) noexcept;
    stmt_id jump(bool is_break, source_pos pos) noexcept;
    /// The statement that declares nested function literal f inside its parent's body.
    stmt_id closure_decl(func_id f, source_pos pos) noexcept;
    void set_stmt_text(stmt_id s, std::string_view text) noexcept;

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
    /// The method function for receiver type t (T or *T), looking at both T and *T declarations:
    /// t's own method, else (t a pointer) its element's, else the first declared method `name` of
    /// a pointer type whose element is t: the unnamed *t, or a named pointer type (`type P *t`,
    /// indexed under P). Expected O(1 + named pointer types) through the module's method index.
    func_id lookup_method(type_id t, std::string_view name) const noexcept {
        func_id f = m_.find_method(t, name);
        if (f != invalid_index) return f;
        const type& ty = m_.types_[t];
        if (ty.kind == type_kind::pointer) return m_.find_method(ty.elem, name);
        index_t first = invalid_index;  // methods_ index: the first declared wins
        auto consider = [&](index_t i) {
            if (i == invalid_index) return;
            const type& rt = m_.types_[m_.methods_[i].receiver];
            if (rt.kind == type_kind::pointer && rt.elem == t && (first == invalid_index || i < first)) first = i;
        };
        consider(m_.method_index(t, name));  // a method of the unnamed *t is indexed under t
        for (type_id p : m_.named_pointers_) {
            index_t i = m_.method_index(p, name);
            if (i != invalid_index && m_.methods_[i].receiver == p) consider(i);
        }
        return first == invalid_index ? invalid_index : m_.methods_[first].function;
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
    bool valid_type(type_id t) noexcept;
    bool valid_var(var_id v) noexcept;
    bool valid_func(func_id f) noexcept;
    bool valid_stmt(stmt_id s) noexcept;
    bool valid_expr(expr_id e) noexcept;
    /// An expression usable as a value (not blank, not a multi-value tuple).
    bool valid_value(expr_id e) noexcept;
    bool valid_exprs(const expr_id* es, std::size_t n) noexcept;
    bool check_assignable(type_id dst, expr_id src, source_pos pos) noexcept;
    bool check_call_args(type_id sig, const expr_id* args, std::size_t n, source_pos pos) noexcept;
    bool addressable(expr_id e) const noexcept;
    bool assignable_target(expr_id e) const noexcept;
    bool is_comma_ok(expr_id e) const noexcept;
    type_id result_type(type_id sig) noexcept;
    /// A method used as a value (T.M) has the receiver as first parameter.
    type_id method_value_type(func_id f) noexcept;
    type_id composite(type_kind k, type_id elem) noexcept;
    type_id add_type(const type& t) noexcept;
    std::uint64_t type_hash(const type& t, const type_id* a, std::size_t na, const type_id* b, std::size_t nb) const noexcept;
    /// Unnamed pointer/slice/array/map/chan/func/tuple/basic types are unique by structure.
    type_id intern_type(type t, const type_id* a, std::size_t na, const type_id* b, std::size_t nb) noexcept;
    var_id add_variable(std::string_view name, var_kind k, type_id t, func_id f, source_pos pos) noexcept;
    /// Appends v to a function's parameter/result list, which must be the last list in the pool.
    bool append_to_list(index_t& first, index_t& count, var_id v) noexcept;
    expr_id add_expr(expr_kind k, type_id t, index_t ref, const expr_id* ops, std::size_t n, source_pos pos) noexcept;
    bool copy_stmts(const stmt_id* ss, std::size_t n, index_t* first) noexcept;
    stmt_id add_stmt(stmt_kind k, const stmt_id* children, std::size_t nc, const expr_id* es, std::size_t ne, index_t ref,
                     source_pos pos) noexcept;

    bool layout_all() noexcept;
    bool compute_captures() noexcept;

    module& m_;
    builder_limits limits_;
    escapade::status status_;
    detail::hash_map<std::uint64_t, index_t> intern_;
    detail::vector<type_id> chain_;  ///< next type with the same structural hash
    detail::hash_map<std::string_view, index_t> names_{m_.resource()};
    /// intern's table: each distinct string's pooled copy (the key views the copy itself).
    detail::string_set pooled_{m_.resource()};
    /// builtin(k)'s id once interned (types are never removed, so it stays valid): the reader asks
    /// for `int` or `bool` at most statements, and a hash lookup each time cost ~130 instructions.
    type_id builtin_ids_[static_cast<std::size_t>(type_kind::tuple) + 1] = {
        invalid_index, invalid_index, invalid_index, invalid_index, invalid_index, invalid_index, invalid_index, invalid_index,
        invalid_index, invalid_index, invalid_index, invalid_index, invalid_index, invalid_index, invalid_index, invalid_index,
        invalid_index, invalid_index, invalid_index, invalid_index, invalid_index, invalid_index, invalid_index, invalid_index,
        invalid_index, invalid_index, invalid_index, invalid_index, invalid_index};
};

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_DETAIL_BUILDER_HPP
