// tests/support/index_host.hpp - a small index-based host IR adapted through escapade::ir_traits.
//
// Programs are vectors of types, variables, expressions, statements and functions; handles are
// indices wrapped in tagged structs. Tests build programs node by node and break them one way at a
// time (bad_host_traits.cpp, host_contract.cpp, capacity_limits.cpp). The traits never crash on a
// bad program: an out-of-range handle reads as a harmless default, so whatever goes wrong is the
// library's to detect. Positions say which node an error names: functions are at line f+1 column 1,
// variables at v+1 column 2, statements at s+1 column 3, expressions at e+1 column 4 (file
// "host.src").
#ifndef ESCAPADE_TESTS_SUPPORT_INDEX_HOST_HPP
#define ESCAPADE_TESTS_SUPPORT_INDEX_HOST_HPP

#include <string>
#include <vector>

#include <range/v3/view/iota.hpp>
#include <range/v3/view/transform.hpp>

#include <escapade/escapade.hpp>

namespace bh {

using escapade::assign_form;
using escapade::expr_kind;
using escapade::size64;
using escapade::stmt_kind;
using escapade::type_kind;
using escapade::var_kind;

struct Type {
    type_kind kind;
    size64 size;
    bool ptrs, shaped;
    int elem;
    std::string name;
    std::vector<std::string> methods;  ///< an interface's methods
    std::vector<int> fields;           ///< a struct's field types
    Type(type_kind k = type_kind::int_, size64 sz = 8, bool p = false, bool sh = false, int e = -1, std::string n = "")
        : kind(k), size(sz), ptrs(p), shaped(sh), elem(e), name(std::move(n)) {}
};
struct Var {
    std::string name;
    int type = 0;
    var_kind kind = var_kind::local;
};
struct Expr {
    expr_kind kind;
    int type;
    std::vector<int> ops;
    int ref;
    std::string method;
    Expr(expr_kind k = expr_kind::constant, int t = 0, std::vector<int> o = {}, int r = -1, std::string m = "")
        : kind(k), type(t), ops(std::move(o)), ref(r), method(std::move(m)) {}
};
struct Stmt {
    stmt_kind kind;
    std::vector<int> kids, els, ops;
    std::size_t targets;
    assign_form form;
    int ref;
    Stmt(stmt_kind k = stmt_kind::block, std::vector<int> c = {}, std::vector<int> e = {}, std::vector<int> o = {}, std::size_t t = 0,
         assign_form f = assign_form::plain, int r = -1)
        : kind(k), kids(std::move(c)), els(std::move(e)), ops(std::move(o)), targets(t), form(f), ref(r) {}
};
struct Func {
    std::string name;
    std::vector<int> params, results, body, captures;
    bool closure, has_body;
    int parent;
    Func(std::string n = "", std::vector<int> p = {}, std::vector<int> r = {}, std::vector<int> b = {}, std::vector<int> c = {},
         bool cl = false, bool hb = true, int pa = -1)
        : name(std::move(n)), params(std::move(p)), results(std::move(r)), body(std::move(b)), captures(std::move(c)), closure(cl),
          has_body(hb), parent(pa) {}
};
struct Method {
    int type;
    std::string name;
    int fn;
};
struct Program {
    std::vector<Type> types;
    std::vector<Var> vars;
    std::vector<Expr> exprs;
    std::vector<Stmt> stmts;
    std::vector<Func> funcs;
    std::vector<Method> methods;
    std::vector<int> listed;  ///< what functions() returns
    size64 ptr_size = 8;      ///< the target's pointer size (pointer_size)

    int type(Type t) {
        types.push_back(std::move(t));
        return int(types.size() - 1);
    }
    int var(std::string n, int t, var_kind k = var_kind::local) {
        vars.push_back(Var{std::move(n), t, k});
        return int(vars.size() - 1);
    }
    int expr(Expr e) {
        exprs.push_back(std::move(e));
        return int(exprs.size() - 1);
    }
    int stmt(Stmt s) {
        stmts.push_back(std::move(s));
        return int(stmts.size() - 1);
    }
    int func(Func f) {
        funcs.push_back(std::move(f));
        listed.push_back(int(funcs.size() - 1));
        return int(funcs.size() - 1);
    }
};

template <class Tag>
struct handle {
    int id = -1;
    friend bool operator==(handle a, handle b) { return a.id == b.id; }
    friend bool operator!=(handle a, handle b) { return a.id != b.id; }
};

template <class V>
const typename V::value_type& at(const V& v, int i) {
    static const typename V::value_type fallback{};
    return i >= 0 && std::size_t(i) < v.size() ? v[std::size_t(i)] : fallback;
}

}  // namespace bh

template <>
struct escapade::ir_traits<bh::Program> {
    using P = bh::Program;
    using function_ref = bh::handle<struct f_tag>;
    using variable_ref = bh::handle<struct v_tag>;
    using stmt_ref = bh::handle<struct s_tag>;
    using expr_ref = bh::handle<struct e_tag>;
    using type_ref = bh::handle<struct t_tag>;
    static constexpr escapade::optional_members provides = escapade::optional::has_body | escapade::optional::statement_label | escapade::optional::declared_closure | escapade::optional::is_spread | escapade::optional::type_name | escapade::optional::find_method | escapade::optional::interface_method_count | escapade::optional::interface_method_name | escapade::optional::pointer_size;

    template <class H>
    static auto handles(const std::vector<int>& ids) {
        return ranges::views::iota(std::size_t(0), ids.size()) |
               ranges::views::transform([&ids](std::size_t i) { return H{ids[i]}; });
    }

    static auto functions(const P& p) { return handles<function_ref>(p.listed); }
    static std::string_view file_name(const P&, index_t) { return "host.src"; }
    static std::string_view function_name(const P& p, function_ref f) { return bh::at(p.funcs, f.id).name; }
    static source_pos function_position(const P&, function_ref f) { return {0, std::uint32_t(f.id + 1), 1}; }
    static auto params(const P& p, function_ref f) { return handles<variable_ref>(bh::at(p.funcs, f.id).params); }
    static auto results(const P& p, function_ref f) { return handles<variable_ref>(bh::at(p.funcs, f.id).results); }
    static bool has_body(const P& p, function_ref f) { return bh::at(p.funcs, f.id).has_body; }
    static auto body(const P& p, function_ref f) { return handles<stmt_ref>(bh::at(p.funcs, f.id).body); }
    static bool is_closure(const P& p, function_ref f) { return bh::at(p.funcs, f.id).closure; }
    static function_ref parent(const P& p, function_ref f) { return {bh::at(p.funcs, f.id).parent}; }
    static auto captures(const P& p, function_ref f) { return handles<variable_ref>(bh::at(p.funcs, f.id).captures); }

    static std::string_view variable_name(const P& p, variable_ref v) { return bh::at(p.vars, v.id).name; }
    static source_pos variable_position(const P&, variable_ref v) { return {0, std::uint32_t(v.id + 1), 2}; }
    static type_ref variable_type(const P& p, variable_ref v) { return {bh::at(p.vars, v.id).type}; }
    static var_kind variable_kind(const P& p, variable_ref v) { return bh::at(p.vars, v.id).kind; }

    static stmt_kind statement_kind(const P& p, stmt_ref s) { return bh::at(p.stmts, s.id).kind; }
    static source_pos statement_position(const P&, stmt_ref s) { return {0, std::uint32_t(s.id + 1), 3}; }
    static auto statement_children(const P& p, stmt_ref s) { return handles<stmt_ref>(bh::at(p.stmts, s.id).kids); }
    static auto statement_else(const P& p, stmt_ref s) { return handles<stmt_ref>(bh::at(p.stmts, s.id).els); }
    static auto statement_operands(const P& p, stmt_ref s) { return handles<expr_ref>(bh::at(p.stmts, s.id).ops); }
    static std::size_t statement_targets(const P& p, stmt_ref s) { return bh::at(p.stmts, s.id).targets; }
    static assign_form statement_form(const P& p, stmt_ref s) { return bh::at(p.stmts, s.id).form; }
    static variable_ref declared_variable(const P& p, stmt_ref s) { return {bh::at(p.stmts, s.id).ref}; }
    static index_t statement_label(const P& p, stmt_ref s) { return index_t(bh::at(p.stmts, s.id).ref); }
    static function_ref declared_closure(const P& p, stmt_ref s) { return {bh::at(p.stmts, s.id).ref}; }

    static expr_kind expression_kind(const P& p, expr_ref e) { return bh::at(p.exprs, e.id).kind; }
    static source_pos expression_position(const P&, expr_ref e) { return {0, std::uint32_t(e.id + 1), 4}; }
    static type_ref expression_type(const P& p, expr_ref e) { return {bh::at(p.exprs, e.id).type}; }
    static auto expression_operands(const P& p, expr_ref e) { return handles<expr_ref>(bh::at(p.exprs, e.id).ops); }
    static variable_ref referenced_variable(const P& p, expr_ref e) { return {bh::at(p.exprs, e.id).ref}; }
    static function_ref referenced_function(const P& p, expr_ref e) { return {bh::at(p.exprs, e.id).ref}; }
    static std::string_view method_name(const P& p, expr_ref e) { return bh::at(p.exprs, e.id).method; }
    static bool is_spread(const P&, expr_ref) { return false; }

    static type_kind type_kind_of(const P& p, type_ref t) { return bh::at(p.types, t.id).kind; }
    static size64 type_size(const P& p, type_ref t) { return bh::at(p.types, t.id).size; }
    static bool type_has_pointers(const P& p, type_ref t) { return bh::at(p.types, t.id).ptrs; }
    static bool type_pointer_shaped(const P& p, type_ref t) { return bh::at(p.types, t.id).shaped; }
    static type_ref type_elem(const P& p, type_ref t) { return {bh::at(p.types, t.id).elem}; }
    static std::string_view type_name(const P& p, type_ref t) { return bh::at(p.types, t.id).name; }
    static bool find_method(const P& p, type_ref t, std::string_view name, function_ref* out) {
        for (const bh::Method& m : p.methods)
            if (m.type == t.id && m.name == name) {
                *out = {m.fn};
                return true;
            }
        return false;
    }
    static std::size_t interface_method_count(const P& p, type_ref t) { return bh::at(p.types, t.id).methods.size(); }
    static std::string_view interface_method_name(const P& p, type_ref t, std::size_t i) { return bh::at(p.types, t.id).methods[i]; }
    static size64 pointer_size(const P& p) { return p.ptr_size; }
};

#endif  // ESCAPADE_TESTS_SUPPORT_INDEX_HOST_HPP
