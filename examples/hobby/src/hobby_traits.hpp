// hobby_traits.hpp - escapade's view of the hobby AST: the whole adapter between the two.
//
// Handles are the AST's own node pointers, so the verdicts come back keyed by `Expr*` and `Var*`.
// Lists in the AST are intrusive (`next` pointers) and a node keeps its operands in fields (a, b)
// followed by a list (args); the `nodes` view turns both into the ranges escapade reads. (It is a
// hand-written range-v3 view because views::concat does not compile with g++ -fno-exceptions.)
// Included by escape.cpp only: the rest of the compiler never sees escapade.
#ifndef HOBBY_TRAITS_HPP
#define HOBBY_TRAITS_HPP

#include <iterator>

#include <escapade/escapade.hpp>
#include <range/v3/view/all.hpp>
#include <range/v3/view/facade.hpp>

#include "ast.hpp"

namespace hobby {

/// What a syntax node points to, as a forward range: up to three fields (null ones are skipped),
/// then the elements of up to two intrusive lists linked through Node::next.
template <class Node>
class nodes : public ranges::view_facade<nodes<Node>, ranges::unknown> {
    friend ranges::range_access;
    static constexpr int fields = 3, parts = 5;
    Node* part_[parts] = {};
    struct cursor {
        Node* part[parts] = {};
        int i = 0;  // the part `node` comes from; `parts` at the end
        Node* node = nullptr;
        void seek(int from) {
            for (i = from, node = nullptr; i < parts && !(node = part[i]); ++i) {}
        }
        Node* read() const { return node; }
        void next() {
            if (i >= fields && node->next) node = node->next;
            else seek(i + 1);
        }
        bool equal(ranges::default_sentinel_t) const { return i == parts; }
        bool equal(const cursor& other) const { return i == other.i && node == other.node; }
    };
    cursor begin_cursor() const {
        cursor c{{part_[0], part_[1], part_[2], part_[3], part_[4]}};
        c.seek(0);
        return c;
    }

public:
    nodes() = default;
    nodes(Node* a, Node* b, Node* c, Node* list, Node* list2 = nullptr) : part_{a, b, c, list, list2} {}
};

/// The elements of one intrusive list, then those of a second one.
template <class Node>
nodes<Node> list(Node* head, Node* then = nullptr) {
    return nodes<Node>(nullptr, nullptr, nullptr, head, then);
}

}  // namespace hobby

template <>
struct escapade::ir_traits<hobby::Program> {
    using P = hobby::Program;
    using function_ref = hobby::Function*;
    using variable_ref = hobby::Var*;
    using stmt_ref = hobby::Stmt*;
    using expr_ref = hobby::Expr*;
    using type_ref = hobby::Type*;
    static constexpr escapade::optional_members provides = escapade::optional::has_body | escapade::optional::statement_text | escapade::optional::statement_label | escapade::optional::declared_closure | escapade::optional::expression_text | escapade::optional::is_spread | escapade::optional::field_index | escapade::optional::integer_constant | escapade::optional::type_name | escapade::optional::find_method;

    static source_pos pos(hobby::Pos p) { return {0, p.line, p.col}; }

    // program and functions
    static auto functions(const P& p) { return ranges::views::all(p.functions); }
    static std::string_view file_name(const P& p, index_t) { return p.file; }
    static std::string_view function_name(const P&, function_ref f) { return f->name; }
    static source_pos function_position(const P&, function_ref f) { return pos(f->pos); }
    static auto params(const P&, function_ref f) { return ranges::views::all(f->params); }
    static auto results(const P&, function_ref f) { return ranges::views::all(f->results); }
    static bool has_body(const P&, function_ref) { return true; }
    static auto body(const P&, function_ref f) { return hobby::list(f->body); }
    static bool is_closure(const P&, function_ref f) { return f->parent != nullptr; }
    static function_ref parent(const P&, function_ref f) { return f->parent; }
    static auto captures(const P&, function_ref f) { return ranges::views::all(f->captures); }

    // variables
    static std::string_view variable_name(const P&, variable_ref v) { return v->name; }
    static source_pos variable_position(const P&, variable_ref v) { return pos(v->pos); }
    static type_ref variable_type(const P&, variable_ref v) { return v->type; }
    static var_kind variable_kind(const P&, variable_ref v) {
        constexpr var_kind kinds[] = {var_kind::global, var_kind::param, var_kind::result, var_kind::local};
        return kinds[static_cast<int>(v->kind)];
    }

    // statements: while and for-in-range are already lowered to Loop by the parser
    static stmt_kind statement_kind(const P&, stmt_ref s) {
        using k = stmt_kind;
        constexpr stmt_kind kinds[] = {k::declare, k::assign, k::eval,   k::return_,   k::if_,
                                       k::loop,    k::range,  k::break_, k::continue_, k::block};
        static_assert(std::size(kinds) == std::size_t(hobby::SOp::Block) + 1, "one entry per hobby::SOp");
        return kinds[static_cast<int>(s->op)];
    }
    static source_pos statement_position(const P&, stmt_ref s) { return pos(s->pos); }
    static auto statement_children(const P&, stmt_ref s) { return hobby::list(s->body, s->post); }  // a Loop's step too
    static auto statement_else(const P&, stmt_ref s) { return hobby::list(s->else_body); }
    static auto statement_operands(const P&, stmt_ref s) { return hobby::nodes<hobby::Expr>(s->e0, s->e1, s->e2, nullptr); }
    static std::size_t statement_targets(const P&, stmt_ref s) { return s->op == hobby::SOp::Assign ? 1 : 0; }
    static assign_form statement_form(const P&, stmt_ref s) { return s->define ? assign_form::define : assign_form::plain; }
    static std::string_view statement_text(const P&, stmt_ref s) { return s->src; }
    static variable_ref declared_variable(const P&, stmt_ref s) { return s->var; }
    static index_t statement_label(const P&, stmt_ref) { return 0; }                  // no goto
    static function_ref declared_closure(const P&, stmt_ref) { return nullptr; }      // closures are expressions

    // expressions
    static expr_kind expression_kind(const P&, expr_ref e) {
        using k = expr_kind;
        constexpr expr_kind kinds[] = {
            k::constant, k::constant,  k::constant,   k::constant,  // Int Str Bool Nil
            k::blank,    k::opaque,    k::var,        k::func_ref,  // Blank Name Var Func
            k::opaque,   k::opaque,    k::opaque,     k::opaque,    // Unary Binary And Or
            k::field_ptr, k::index_ptr, k::slice,     k::ptr_lit,   // Field Index Substr New
            k::struct_lit, k::make_slice, k::slice_lit, k::closure,  // ObjLit NewArray ArrayLit Lambda
            k::to_iface, k::opaque,    k::call,       k::call_method,  // ToIface Call CallStatic CallIface
            k::call_value, k::builtin};                               // CallValue Builtin
        static_assert(std::size(kinds) == std::size_t(hobby::Op::Builtin) + 1, "one entry per hobby::Op");
        return kinds[static_cast<int>(e->op)];
    }
    static source_pos expression_position(const P&, expr_ref e) { return pos(e->pos); }
    static type_ref expression_type(const P&, expr_ref e) { return e->type; }
    static auto expression_operands(const P&, expr_ref e) { return hobby::nodes<hobby::Expr>(e->a, e->b, nullptr, e->args); }
    static std::string_view expression_text(const P&, expr_ref e) { return e->src; }
    static variable_ref referenced_variable(const P&, expr_ref e) { return e->var; }
    static function_ref referenced_function(const P&, expr_ref e) { return e->fn; }
    static std::string_view method_name(const P&, expr_ref e) { return e->text; }
    static bool is_spread(const P&, expr_ref) { return false; }
    static index_t field_index(const P&, expr_ref e) { return static_cast<index_t>(e->field); }
    static bool integer_constant(const P&, expr_ref e, std::int64_t* out) {
        if (e->op != hobby::Op::Int) return false;
        *out = e->ival;
        return true;
    }

    // types
    static type_kind type_kind_of(const P&, type_ref t) {
        using k = type_kind;
        constexpr type_kind kinds[] = {k::invalid, k::tuple,   k::int64,     k::bool_,     k::string, k::nil,
                                       k::pointer, k::struct_, k::interface, k::slice,     k::func};
        static_assert(std::size(kinds) == std::size_t(hobby::TK::Fun) + 1, "one entry per hobby::TK");
        return kinds[static_cast<int>(t->kind)];
    }
    static size64 type_size(const P&, type_ref t) { return t->size; }
    static bool type_has_pointers(const P&, type_ref t) { return t->has_pointers; }
    static bool type_pointer_shaped(const P&, type_ref t) { return t->kind == hobby::TK::ClassRef || t->kind == hobby::TK::Fun; }
    static type_ref type_elem(const P&, type_ref t) { return t->elem; }
    static std::string_view type_name(const P&, type_ref t) { return t->name; }

    // the method tables, for dispatch=closed/context
    static bool find_method(const P&, type_ref t, std::string_view name, function_ref* out) {
        if (t->kind != hobby::TK::ClassRef) return false;
        for (hobby::Function* m : t->cls->methods)
            if (std::string_view(m->name).substr(t->cls->name.size() + 1) == name) return *out = m, true;
        return false;
    }
};

#endif  // HOBBY_TRAITS_HPP
