// escapade/ir/module.hpp - escapade's own generic IR: the data model.
//
// A module holds types, globals, functions, statements and expressions in flat tables indexed by
// dense 32-bit ids (type_id, var_id, func_id, stmt_id, expr_id). Lists (a function's parameters, a
// block's statements, an expression's operands) are ranges in shared pools. Nothing points into
// another table: every reference is an id, so a module can be copied, serialised and checked.
//
// The IR keeps exactly what escape analysis and its soundness oracle need: value flow between
// variables and allocation sites (copy, address-of, load, store through pointers, fields, elements,
// calls of every kind, return, go/defer), structured control flow (block, if, loop, range, labels)
// for loop depth and execution, types (size, pointer-ness, method tables) and source positions.
// docs/ir.md documents the text form; reader.hpp and writer.hpp convert between the two.
//
// Memory: every table lives in a memory_resource given at construction.
#ifndef ESCAPADE_IR_MODULE_HPP
#define ESCAPADE_IR_MODULE_HPP

#include <string_view>

#include "../detail/hash_map.hpp"
#include "../detail/vector.hpp"
#include "../kinds.hpp"
#include "../status.hpp"

namespace escapade::ir {

using escapade::assign_form;
using escapade::expr_kind;
using escapade::stmt_kind;
using escapade::type_kind;
using escapade::var_kind;

using type_id = index_t;
using var_id = index_t;
using func_id = index_t;
using stmt_id = index_t;
using expr_id = index_t;

/// A view of `count` ids stored contiguously in a pool.
template <class Id>
struct id_span {
    const Id* first = nullptr;
    std::size_t count = 0;
    const Id* begin() const noexcept { return first; }
    const Id* end() const noexcept { return first + count; }
    std::size_t size() const noexcept { return count; }
    bool empty() const noexcept { return count == 0; }
    Id operator[](std::size_t i) const noexcept {
        ESCAPADE_ASSERT(i < count);
        return first[i];
    }
};

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------


struct field {
    std::string_view name;
    type_id type = invalid_index;
    size64 offset = 0;
    bool embedded = false;
};

/// A method an interface requires.
struct interface_method {
    std::string_view name;
    type_id signature = invalid_index;  ///< a func type without receiver
};

/// A named type's method: the receiver (T or *T) and the function that implements it.
struct method {
    type_id receiver = invalid_index;  ///< the named type T, or the pointer type *T
    std::string_view name;
    func_id function = invalid_index;
    index_t previous_named = invalid_index;  ///< the method declared before it with the same name (module::last_method_named)
};

/// The key of a module's method index: the named type a method belongs to (T for a receiver T or
/// *T) and the method's name, compared by content (names are not interned to one copy).
struct method_key {
    type_id named = invalid_index;
    std::string_view name;
    bool operator==(const method_key& o) const noexcept { return named == o.named && name == o.name; }
};
struct method_key_hash {
    std::uint64_t operator()(const method_key& k) const noexcept {
        return detail::mix64(detail::hash_bytes(k.name.data(), k.name.size()) ^ std::uint64_t(k.named));
    }
};

struct type {
    type_kind kind = type_kind::invalid;
    bool has_pointers = false;  ///< does a value of this type contain a pointer the GC must see?
    bool pointer_shaped = false;  ///< is the value one pointer word (stored directly in an interface)?
    bool variadic = false;        ///< func: the last parameter is ...T (its type is []T)
    bool laid_out = false;        ///< size, alignment and pointer-ness are computed
    std::uint32_t align = 1;
    size64 size = 0;
    std::string_view name;        ///< non-empty for named types (declared with `type NAME ...`)
    type_id elem = invalid_index;  ///< pointer, slice, array, map value, chan
    type_id key = invalid_index;   ///< map key
    size64 length = 0;             ///< array
    index_t first = 0;             ///< struct: fields; interface: methods; func/tuple: parameter types
    index_t count = 0;
    index_t results_first = 0;     ///< func: result types (in the type pool)
    index_t results_count = 0;
    source_pos pos;                ///< declaration, for named types
};

// ---------------------------------------------------------------------------------------------
// Variables and functions
// ---------------------------------------------------------------------------------------------


struct variable {
    std::string_view name;
    var_kind kind = var_kind::local;
    type_id type = invalid_index;
    func_id function = invalid_index;  ///< owner; invalid for globals
    source_pos pos;
};

/// A leak an external function declares for one of its parameters (docs/ir.md, "extern").
struct declared_leak {
    index_t param = 0;                 ///< parameter index (receiver included)
    index_t result = invalid_index;    ///< result index, or invalid_index for the heap
    std::int32_t derefs = 0;           ///< >= 0
    index_t subject = invalid_index;   ///< conditional: the parameter whose dynamic type decides (leak_declaration)
    std::string_view method;           ///< conditional: the method called on it (empty: a function value)
    index_t argument = 0;              ///< conditional: the argument kept (0 = receiver for methods)
    bool exact = true;                 ///< conditional: false when reached through an address
};

enum function_flags : std::uint8_t {
    fn_extern = 1u << 0,    ///< no body: the analysis uses its declared leaks (or assumes the worst)
    fn_summary = 1u << 1,   ///< extern with an explicit leak list (only the listed leaks happen)
    fn_closure = 1u << 2,   ///< a function literal nested in `parent`
    fn_wrapper = 1u << 3,   ///< compiler-generated: no diagnostics for it
    fn_method = 1u << 4,    ///< has a receiver (parameter 0)
};

struct function {
    std::string_view name;        ///< unique within its scope; closures are scoped in their parent
    std::string_view display;     ///< name in messages ("foo.func1", "(*T).M"); defaults to name
    std::uint8_t flags = 0;
    type_id signature = invalid_index;
    func_id parent = invalid_index;  ///< the enclosing function of a closure
    type_id receiver = invalid_index;
    index_t params_first = 0, params_count = 0;    ///< var ids in the variable pool
    index_t results_first = 0, results_count = 0;  ///< var ids in the variable pool
    index_t captures_first = 0, captures_count = 0;  ///< closures: outer variables used in the body
    index_t leaks_first = 0, leaks_count = 0;        ///< extern: declared leaks
    stmt_id body = invalid_index;    ///< a block statement; invalid for extern functions
    source_pos pos;
    bool is_extern() const noexcept { return (flags & fn_extern) != 0; }
    bool is_closure() const noexcept { return (flags & fn_closure) != 0; }
};

// ---------------------------------------------------------------------------------------------
// Positions of statements and expressions
// ---------------------------------------------------------------------------------------------

/// A statement's or an expression's source position in 8 bytes instead of source_pos' 12 (three
/// nodes a statement: 12 bytes a statement saved). When the file and the column are both below
/// 0xFFFF (every position of real programs' text, in practice) they are kept here as they are;
/// otherwise `file` is packed_pos::wide and `line` indexes the module's table of full positions.
/// Read it through module::stmt_pos / module::expr_pos / module::position, which give the
/// source_pos back exactly.
struct packed_pos {
    static constexpr std::uint16_t wide = 0xFFFF;
    std::uint32_t line = 0;    ///< the line, or (file == wide) the index of the full position
    std::uint16_t column = 0;
    std::uint16_t file = 0;
};

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------



struct stmt {
    stmt_kind kind = stmt_kind::block;
    assign_form form = assign_form::plain;
    index_t children_first = 0, children_count = 0;  ///< statements (block/if/loop/range body)
    index_t else_first = 0, else_count = 0;          ///< if: else branch
    index_t exprs_first = 0, exprs_count = 0;        ///< expressions (see below)
    index_t lhs_count = 0;  ///< assign/range: the first lhs_count exprs are targets, the rest values
    index_t ref = invalid_index;  ///< declare: var_id; label/goto: label number; closure: func_id
    packed_pos pos;               ///< module::stmt_pos(s) gives the source_pos
    index_t text_id = 0;          ///< optional display text ("b.buf = b.buf[1:]"): module::stmt_text (0: none)
    // exprs by kind: assign: targets then values; eval: [expr]; return_: values; if_: [cond];
    // range: targets (0-2, may be blank) then [x]; go/defer: [call]; send: [chan, value].
};

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------


enum expr_flags : std::uint8_t {
    ex_ddd = 1u << 0,           ///< call/append: the last argument is spread (f(xs...))
    ex_explicit_pos = 1u << 1,  ///< the position was given explicitly (text: @L:C)
    ex_slice_lo = 1u << 2,      ///< slice: operands hold a low bound
    ex_slice_hi = 1u << 3,      ///< slice: operands hold a high bound
    ex_slice_max = 1u << 4,     ///< slice: operands hold a max bound (x[lo:hi:max])
};

struct expr {
    expr_kind kind = expr_kind::opaque;
    std::uint8_t flags = 0;
    type_id type = invalid_index;  ///< the expression's type (tuple for multi-result calls)
    index_t ref = invalid_index;   ///< var/func/field/method-name id, by kind
    index_t operands_first = 0, operands_count = 0;
    packed_pos pos;                ///< module::expr_pos(e) gives the source_pos
    /// Display text for diagnostics ("&T{...}", "make([]byte, n)"): module::expr_text. An index
    /// into the module's text table (0: none), not a string_view: most nodes have none, and the
    /// index keeps an expression at 32 bytes and a statement at 48 (44 and 60 with a view).
    index_t text_id = 0;
};

static_assert(sizeof(expr) == 32 && sizeof(stmt) == 48, "ir::expr and ir::stmt are packed (no padding)");

// ---------------------------------------------------------------------------------------------
// Module
// ---------------------------------------------------------------------------------------------

/// A whole program (or package): the unit the analysis runs on.
class module {
public:
    explicit module(memory_resource& mem = default_resource()) noexcept
        : mem_(&mem),
          strings_(mem),
          files_(mem),
          types_(mem),
          fields_(mem),
          imethods_(mem),
          methods_(mem),
          method_index_(mem),
          method_names_(mem),
          named_pointers_(mem),
          type_pool_(mem),
          variables_(mem),
          var_pool_(mem),
          functions_(mem),
          leaks_(mem),
          stmts_(mem),
          stmt_pool_(mem),
          exprs_(mem),
          expr_pool_(mem),
          names_(mem),
          globals_(mem),
          top_functions_(mem),
          labels_(mem),
          texts_(mem),
          wide_positions_(mem) {}
    module(const module&) = delete;
    module& operator=(const module&) = delete;
    module(module&&) noexcept = default;

    memory_resource& resource() const noexcept { return *mem_; }
    std::string_view name() const noexcept { return name_; }

    // --- tables -------------------------------------------------------------------------------
    std::size_t type_count() const noexcept { return types_.size(); }
    std::size_t variable_count() const noexcept { return variables_.size(); }
    std::size_t function_count() const noexcept { return functions_.size(); }
    std::size_t stmt_count() const noexcept { return stmts_.size(); }
    std::size_t expr_count() const noexcept { return exprs_.size(); }

    const ir::type& type_at(type_id t) const noexcept { return types_[t]; }
    const ir::variable& variable_at(var_id v) const noexcept { return variables_[v]; }
    const ir::function& function_at(func_id f) const noexcept { return functions_[f]; }
    const ir::stmt& stmt_at(stmt_id s) const noexcept { return stmts_[s]; }
    const ir::expr& expr_at(expr_id e) const noexcept { return exprs_[e]; }
    /// Display texts of an expression and of a statement (empty when they have none).
    std::string_view expr_text(expr_id e) const noexcept { return text_at(exprs_[e].text_id); }
    std::string_view stmt_text(stmt_id s) const noexcept { return text_at(stmts_[s].text_id); }
    std::string_view text_at(index_t text_id) const noexcept { return text_id == 0 ? std::string_view() : texts_[text_id - 1]; }
    /// Source positions of a statement and of an expression. O(1).
    source_pos stmt_pos(stmt_id s) const noexcept { return position(stmts_[s].pos); }
    source_pos expr_pos(expr_id e) const noexcept { return position(exprs_[e].pos); }
    source_pos position(packed_pos p) const noexcept {
        return p.file == packed_pos::wide ? wide_positions_[p.line] : source_pos{p.file, p.line, p.column};
    }
    const ir::field& field_at(type_id struct_type, index_t i) const noexcept {
        return fields_[types_[struct_type].first + i];
    }

    // --- lists ----------------------------------------------------------------------------------
    id_span<var_id> params(func_id f) const noexcept {
        return var_span(functions_[f].params_first, functions_[f].params_count);
    }
    id_span<var_id> results(func_id f) const noexcept {
        return var_span(functions_[f].results_first, functions_[f].results_count);
    }
    id_span<var_id> captures(func_id f) const noexcept {
        return var_span(functions_[f].captures_first, functions_[f].captures_count);
    }
    const declared_leak* leaks_begin(func_id f) const noexcept { return leaks_.data() + functions_[f].leaks_first; }
    std::size_t leaks_count(func_id f) const noexcept { return functions_[f].leaks_count; }
    id_span<stmt_id> children(stmt_id s) const noexcept {
        return stmt_span(stmts_[s].children_first, stmts_[s].children_count);
    }
    id_span<stmt_id> else_children(stmt_id s) const noexcept {
        return stmt_span(stmts_[s].else_first, stmts_[s].else_count);
    }
    id_span<expr_id> stmt_exprs(stmt_id s) const noexcept {
        return expr_span(stmts_[s].exprs_first, stmts_[s].exprs_count);
    }
    id_span<expr_id> operands(expr_id e) const noexcept {
        return expr_span(exprs_[e].operands_first, exprs_[e].operands_count);
    }
    id_span<type_id> func_params(type_id t) const noexcept { return type_span(types_[t].first, types_[t].count); }
    id_span<type_id> func_results(type_id t) const noexcept {
        return type_span(types_[t].results_first, types_[t].results_count);
    }
    const interface_method* interface_methods(type_id t) const noexcept { return imethods_.data() + types_[t].first; }
    std::size_t method_count() const noexcept { return methods_.size(); }
    const ir::method& method_at(index_t i) const noexcept { return methods_[i]; }
    /// Globals and top-level functions in declaration order.
    id_span<var_id> globals() const noexcept { return {globals_.data(), globals_.size()}; }
    id_span<func_id> top_level_functions() const noexcept { return {top_functions_.data(), top_functions_.size()}; }

    /// Method names, interned: expr::ref of call_method/method_value indexes this table.
    std::string_view name_at(index_t i) const noexcept { return names_[i]; }
    std::size_t name_count() const noexcept { return names_.size(); }
    std::string_view label_name(index_t i) const noexcept { return labels_[i]; }
    std::size_t label_count() const noexcept { return labels_.size(); }
    std::string_view file_name(index_t i) const noexcept { return i < files_.size() ? files_[i] : std::string_view(); }
    std::size_t file_count() const noexcept { return files_.size(); }

    /// The function implementing method `name` for dynamic type `t` (T or *T), or invalid_index.
    /// Expected O(1): the method index holds one entry per (named type, name), which add_method
    /// keeps unique (a method of T and one of *T with the same name are a duplicate).
    func_id find_method(type_id t, std::string_view name) const noexcept {
        index_t i = method_index(t, name);
        return i != invalid_index && methods_[i].receiver == t ? methods_[i].function : invalid_index;
    }
    /// The methods_ index of the method `name` of the named type t belongs to (t itself, or T
    /// for an unnamed pointer type *T), whichever of T and *T declares it; invalid_index if none.
    index_t method_index(type_id t, std::string_view name) const noexcept {
        if (t >= types_.size()) return invalid_index;
        const index_t* i = method_index_.find(method_key{method_owner(t), name});
        return i != nullptr ? *i : invalid_index;
    }
    /// The methods_ index of the last method declared with name `name` (any receiver), or
    /// invalid_index; method_at(i).previous_named leads to the one declared before it, down to
    /// invalid_index: every method of that name, each once. Expected O(1).
    index_t last_method_named(std::string_view name) const noexcept {
        const index_t* i = method_names_.find(name);
        return i != nullptr ? *i : invalid_index;
    }
    /// The named type whose method set a method of receiver type t belongs to: T for an unnamed
    /// pointer type *T, t itself otherwise.
    type_id method_owner(type_id t) const noexcept {
        const ir::type& ty = types_[t];
        return ty.kind == type_kind::pointer && ty.name.empty() ? ty.elem : t;
    }

    /// Gives back the tables' unused capacity where the memory resource can resize blocks
    /// (memory_resource::resize); a no-op otherwise. O(number of tables). builder::finish calls it.
    void shrink_to_fit() noexcept {
        files_.shrink_to_fit();
        types_.shrink_to_fit();
        fields_.shrink_to_fit();
        imethods_.shrink_to_fit();
        methods_.shrink_to_fit();
        named_pointers_.shrink_to_fit();
        type_pool_.shrink_to_fit();
        variables_.shrink_to_fit();
        var_pool_.shrink_to_fit();
        functions_.shrink_to_fit();
        leaks_.shrink_to_fit();
        stmts_.shrink_to_fit();
        stmt_pool_.shrink_to_fit();
        exprs_.shrink_to_fit();
        expr_pool_.shrink_to_fit();
        names_.shrink_to_fit();
        globals_.shrink_to_fit();
        top_functions_.shrink_to_fit();
        labels_.shrink_to_fit();
        texts_.shrink_to_fit();
        wide_positions_.shrink_to_fit();
    }

    /// Display name of a function (its `display` or its name).
    std::string_view function_display(func_id f) const noexcept {
        const ir::function& fn = functions_[f];
        return fn.display.empty() ? fn.name : fn.display;
    }

private:
    friend class builder;
    id_span<var_id> var_span(index_t first, index_t count) const noexcept {
        return {var_pool_.data() + first, count};
    }
    id_span<stmt_id> stmt_span(index_t first, index_t count) const noexcept {
        return {stmt_pool_.data() + first, count};
    }
    id_span<expr_id> expr_span(index_t first, index_t count) const noexcept {
        return {expr_pool_.data() + first, count};
    }
    id_span<type_id> type_span(index_t first, index_t count) const noexcept {
        return {type_pool_.data() + first, count};
    }
    /// Packs a position (builder): in place, or as an index into wide_positions_ when its file or
    /// column does not fit 16 bits. False when out of memory or past 2^32 - 1 wide positions.
    bool pack(source_pos p, packed_pos* out) noexcept {
        if (p.file < packed_pos::wide && p.column < 0xFFFFu) {
            *out = packed_pos{p.line, static_cast<std::uint16_t>(p.column), static_cast<std::uint16_t>(p.file)};
            return true;
        }
        if (wide_positions_.size() >= invalid_index || !wide_positions_.push_back(p)) return false;
        *out = packed_pos{static_cast<std::uint32_t>(wide_positions_.size() - 1), 0, packed_pos::wide};
        return true;
    }

    memory_resource* mem_;
    std::string_view name_;
    detail::string_pool strings_;
    detail::vector<std::string_view> files_;
    detail::vector<ir::type> types_;
    detail::vector<ir::field> fields_;
    detail::vector<interface_method> imethods_;
    detail::vector<ir::method> methods_;
    detail::hash_map<method_key, index_t, method_key_hash> method_index_;  ///< (owner, name) -> methods_ index
    detail::hash_map<std::string_view, index_t> method_names_;  ///< name -> last methods_ index of that name (method::previous_named)
    detail::vector<type_id> named_pointers_;  ///< named types that are pointer types (`type P *T`): builder::lookup_method
    detail::vector<type_id> type_pool_;
    detail::vector<ir::variable> variables_;
    detail::vector<var_id> var_pool_;
    detail::vector<ir::function> functions_;
    detail::vector<declared_leak> leaks_;
    detail::vector<ir::stmt> stmts_;
    detail::vector<stmt_id> stmt_pool_;
    detail::vector<ir::expr> exprs_;
    detail::vector<expr_id> expr_pool_;
    detail::vector<std::string_view> names_;
    detail::vector<var_id> globals_;
    detail::vector<func_id> top_functions_;
    detail::vector<std::string_view> labels_;
    detail::vector<std::string_view> texts_;  ///< display texts: expr/stmt text_id - 1
    detail::vector<source_pos> wide_positions_;  ///< positions that do not fit a packed_pos
};

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_MODULE_HPP
