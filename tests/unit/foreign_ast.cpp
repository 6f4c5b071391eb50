// A host compiler's own AST, adapted through escapade::ir_traits without copying it.
//
// The AST below is written the way a small compiler might write it: nodes are heap objects linked
// by pointers, statement lists are intrusive singly linked lists ending at a sentinel node, call
// arguments are a std::vector, and there is nothing escapade-specific in it. The traits
// specialisation maps it onto escapade's kinds; the verdicts come back keyed by the AST's own
// pointers (`result.find(toy_expr_pointer)`).
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include <range/v3/view/subrange.hpp>
#include <range/v3/view/transform.hpp>

#include <escapade/escapade.hpp>

namespace toy {

struct Func;
struct Type {
    enum Kind { Int, Ptr, Record, Iface } kind = Int;
    const Type* elem = nullptr;  // Ptr
    std::string name;
    std::vector<std::pair<std::string, Func*>> methods;  // Record: method table
};
struct Var {
    std::string name;
    const Type* type = nullptr;
    enum Role { Global, Param, Result, Local } role = Local;
    int line = 0, col = 0;
};
struct Expr {
    enum Op { Name, AddrOf, Load, New, Call, VirtCall, Box, Num } op = Num;
    const Type* type = nullptr;
    Var* var = nullptr;          // Name
    Func* callee = nullptr;      // Call
    std::string method;          // VirtCall
    std::vector<Expr*> args;     // operands (receiver first for VirtCall)
    int line = 0, col = 0;
};
// Statements form intrusive lists: `next` links siblings, the list ends at the owner's sentinel.
struct Stmt {
    enum Op { Sentinel, Let, Assign, Do, Ret } op = Sentinel;
    Stmt* next = nullptr;
    Var* declared = nullptr;     // Let
    Expr* lhs = nullptr;         // Assign
    Expr* rhs = nullptr;         // Let (initial value), Assign, Do, Ret
    int line = 0, col = 0;
};
struct Func {
    std::string name;
    std::vector<Var*> params, results;
    Stmt head;                   // sentinel: head.next is the first statement; the last points back to &head
    int line = 0;
    Func() { head.next = &head; }
};
struct Program {
    std::vector<Func*> funcs;
    std::vector<std::unique_ptr<Type>> types;
    std::vector<std::unique_ptr<Var>> vars;
    std::vector<std::unique_ptr<Expr>> exprs;
    std::vector<std::unique_ptr<Stmt>> stmts;
    std::vector<std::unique_ptr<Func>> owned;

    const Type* type(Type t) {
        types.push_back(std::make_unique<Type>(std::move(t)));
        return types.back().get();
    }
    Var* var(std::string n, const Type* t, Var::Role r, int line, int col) {
        vars.push_back(std::make_unique<Var>(Var{std::move(n), t, r, line, col}));
        return vars.back().get();
    }
    Expr* expr(Expr e) {
        exprs.push_back(std::make_unique<Expr>(std::move(e)));
        return exprs.back().get();
    }
    Func* func(std::string n, int line) {
        owned.push_back(std::make_unique<Func>());
        owned.back()->name = std::move(n);
        owned.back()->line = line;
        funcs.push_back(owned.back().get());
        return owned.back().get();
    }
    void append(Func* f, Stmt s) {
        stmts.push_back(std::make_unique<Stmt>(std::move(s)));
        Stmt* n = stmts.back().get();
        Stmt* last = &f->head;
        while (last->next != &f->head) last = last->next;
        last->next = n;
        n->next = &f->head;
    }
};

}  // namespace toy

// ---------------------------------------------------------------------------------------------
// The whole adaptation: one traits specialisation.
// ---------------------------------------------------------------------------------------------
template <>
struct escapade::ir_traits<toy::Program> {
    using P = toy::Program;
    using function_ref = const toy::Func*;
    using variable_ref = const toy::Var*;
    using stmt_ref = const toy::Stmt*;
    using expr_ref = const toy::Expr*;
    using type_ref = const toy::Type*;
    static constexpr escapade::optional_members provides = escapade::optional::has_body | escapade::optional::statement_label | escapade::optional::declared_closure | escapade::optional::is_spread | escapade::optional::type_name | escapade::optional::find_method;

    static auto functions(const P& p) { return ranges::subrange(p.funcs.begin(), p.funcs.end()) | ranges::views::transform([](toy::Func* f) -> function_ref { return f; }); }
    static std::string_view file_name(const P&, index_t) { return "toy.src"; }

    static std::string_view function_name(const P&, function_ref f) { return f->name; }
    static source_pos function_position(const P&, function_ref f) { return {0, std::uint32_t(f->line), 1}; }
    static auto params(const P&, function_ref f) { return ranges::subrange(f->params.begin(), f->params.end()) | ranges::views::transform([](toy::Var* v) -> variable_ref { return v; }); }
    static auto results(const P&, function_ref f) { return ranges::subrange(f->results.begin(), f->results.end()) | ranges::views::transform([](toy::Var* v) -> variable_ref { return v; }); }
    static bool has_body(const P&, function_ref) { return true; }
    // The intrusive list, as a range: from the first statement to the sentinel.
    static auto body(const P&, function_ref f) { return escapade::intrusive_list(f->head.next, &f->head, &toy::Stmt::next); }
    static bool is_closure(const P&, function_ref) { return false; }
    static function_ref parent(const P&, function_ref) { return nullptr; }
    static auto captures(const P&, function_ref) { return ranges::subrange<const toy::Var* const*>(nullptr, nullptr); }

    static std::string_view variable_name(const P&, variable_ref v) { return v->name; }
    static source_pos variable_position(const P&, variable_ref v) { return {0, std::uint32_t(v->line), std::uint32_t(v->col)}; }
    static type_ref variable_type(const P&, variable_ref v) { return v->type; }
    static var_kind variable_kind(const P&, variable_ref v) {
        switch (v->role) {
        case toy::Var::Global: return var_kind::global;
        case toy::Var::Param: return var_kind::param;
        case toy::Var::Result: return var_kind::result;
        default: return var_kind::local;
        }
    }

    // A `let x = e` is a declaration plus its defining assignment: the toy AST has one node for
    // both, so the traits present the Let node as an assignment whose target is a synthetic name
    // expression stored next to it. To keep the example short, Let here only declares (rhs is an
    // initial value evaluated by a separate Assign the builder adds); see the program below.
    static stmt_kind statement_kind(const P&, stmt_ref s) {
        switch (s->op) {
        case toy::Stmt::Let: return stmt_kind::declare;
        case toy::Stmt::Assign: return stmt_kind::assign;
        case toy::Stmt::Do: return stmt_kind::eval;
        case toy::Stmt::Ret: return stmt_kind::return_;
        default: return stmt_kind::block;
        }
    }
    static source_pos statement_position(const P&, stmt_ref s) { return {0, std::uint32_t(s->line), std::uint32_t(s->col)}; }
    static auto statement_children(const P&, stmt_ref) { return escapade::intrusive_list<toy::Stmt>(nullptr, nullptr, &toy::Stmt::next); }
    static auto statement_else(const P&, stmt_ref) { return escapade::intrusive_list<toy::Stmt>(nullptr, nullptr, &toy::Stmt::next); }
    struct operand_list {
        const toy::Expr* const* items;
        std::size_t n;
        const toy::Expr* const* begin() const { return items; }
        const toy::Expr* const* end() const { return items + n; }
    };
    static auto statement_operands(const P&, stmt_ref s) {
        // Assign: [lhs, rhs]; Do and Ret: [rhs] (or nothing)
        const toy::Expr* const* first = s->op == toy::Stmt::Assign ? &s->lhs : &s->rhs;
        std::size_t n = s->op == toy::Stmt::Assign ? 2 : (s->rhs ? 1 : 0);
        return ranges::subrange<const toy::Expr* const*>(first, first + n);
    }
    static std::size_t statement_targets(const P&, stmt_ref s) { return s->op == toy::Stmt::Assign ? 1 : 0; }
    static assign_form statement_form(const P&, stmt_ref) { return assign_form::plain; }
    static variable_ref declared_variable(const P&, stmt_ref s) { return s->declared; }
    static index_t statement_label(const P&, stmt_ref) { return 0; }
    static function_ref declared_closure(const P&, stmt_ref) { return nullptr; }

    static expr_kind expression_kind(const P&, expr_ref e) {
        switch (e->op) {
        case toy::Expr::Name: return expr_kind::var;
        case toy::Expr::AddrOf: return expr_kind::addr;
        case toy::Expr::Load: return expr_kind::deref;
        case toy::Expr::New: return expr_kind::new_;
        case toy::Expr::Call: return expr_kind::call;
        case toy::Expr::VirtCall: return expr_kind::call_method;
        case toy::Expr::Box: return expr_kind::to_iface;
        default: return expr_kind::constant;
        }
    }
    static source_pos expression_position(const P&, expr_ref e) { return {0, std::uint32_t(e->line), std::uint32_t(e->col)}; }
    static type_ref expression_type(const P&, expr_ref e) { return e->type; }
    static auto expression_operands(const P&, expr_ref e) { return ranges::subrange(e->args.begin(), e->args.end()) | ranges::views::transform([](toy::Expr* x) -> expr_ref { return x; }); }
    static variable_ref referenced_variable(const P&, expr_ref e) { return e->var; }
    static function_ref referenced_function(const P&, expr_ref e) { return e->callee; }
    static std::string_view method_name(const P&, expr_ref e) { return e->method; }
    static bool is_spread(const P&, expr_ref) { return false; }

    static escapade::type_kind type_kind_of(const P&, type_ref t) {
        switch (t->kind) {
        case toy::Type::Ptr: return escapade::type_kind::pointer;
        case toy::Type::Record: return escapade::type_kind::struct_;
        case toy::Type::Iface: return escapade::type_kind::interface;
        default: return escapade::type_kind::int_;
        }
    }
    static size64 type_size(const P&, type_ref t) { return t->kind == toy::Type::Iface ? 16 : 8; }
    static bool type_has_pointers(const P&, type_ref t) { return t->kind != toy::Type::Int && t->kind != toy::Type::Record; }
    static bool type_pointer_shaped(const P&, type_ref t) { return t->kind == toy::Type::Ptr; }
    static type_ref type_elem(const P&, type_ref t) { return t->elem; }
    // optional: names for messages ("new(S)") and method tables for closed/context dispatch
    static std::string_view type_name(const P&, type_ref t) { return t->name; }
    static bool find_method(const P&, type_ref t, std::string_view name, function_ref* out) {
        for (const auto& m : t->methods)
            if (m.first == name) {
                *out = m.second;
                return true;
            }
        return false;
    }
};

static_assert(escapade::is_ir_traits_v<toy::Program>, "the toy traits are complete");

namespace {

/// The article's point 4 in the toy language:
///   record S; method (s *S) M1(i int) { s.n = i }   -- does not keep s
///   f1(s I) { s.M1(42) }     f2(s *S) { s.M1(42) }
///   g() { let s1: S; let s2: S; f1(box(&s1)); f2(&s2) }
struct seed {
    toy::Program p;
    toy::Expr* addr_s1 = nullptr;
    toy::Var* s1 = nullptr;
    toy::Var* s2 = nullptr;
    toy::Var* f1_s = nullptr;
    toy::Expr* fresh = nullptr;
};

void build(seed& sd) {
    toy::Program& p = sd.p;
    const toy::Type* num = p.type({toy::Type::Int, nullptr, "int", {}});
    toy::Type rec;
    rec.kind = toy::Type::Record;
    rec.name = "S";
    const toy::Type* S = p.type(rec);
    const toy::Type* PS = p.type({toy::Type::Ptr, S, "", {}});
    toy::Type iface;
    iface.kind = toy::Type::Iface;
    iface.name = "I";
    const toy::Type* I = p.type(iface);

    // method M1 of *S: does not keep its receiver
    toy::Func* m1 = p.func("(*S).M1", 3);
    m1->params = {p.var("s", PS, toy::Var::Param, 3, 10), p.var("i", num, toy::Var::Param, 3, 18)};
    const_cast<toy::Type*>(PS)->methods.push_back({"M1", m1});

    toy::Func* f1 = p.func("f1", 5);
    sd.f1_s = p.var("s", I, toy::Var::Param, 5, 9);
    f1->params = {sd.f1_s};
    {
        toy::Expr* recv = p.expr({toy::Expr::Name, I, sd.f1_s, nullptr, "", {}, 6, 5});
        toy::Expr* k = p.expr({toy::Expr::Num, num, nullptr, nullptr, "", {}, 6, 10});
        toy::Expr* call = p.expr({toy::Expr::VirtCall, num, nullptr, nullptr, "M1", {recv, k}, 6, 7});
        p.append(f1, {toy::Stmt::Do, nullptr, nullptr, nullptr, call, 6, 5});
    }
    toy::Func* f2 = p.func("f2", 8);
    toy::Var* f2s = p.var("s", PS, toy::Var::Param, 8, 9);
    f2->params = {f2s};
    {
        toy::Expr* recv = p.expr({toy::Expr::Name, PS, f2s, nullptr, "", {}, 9, 5});
        toy::Expr* k = p.expr({toy::Expr::Num, num, nullptr, nullptr, "", {}, 9, 10});
        toy::Expr* call = p.expr({toy::Expr::Call, num, nullptr, m1, "", {recv, k}, 9, 7});
        p.append(f2, {toy::Stmt::Do, nullptr, nullptr, nullptr, call, 9, 5});
    }
    toy::Func* g = p.func("g", 11);
    sd.s1 = p.var("s1", S, toy::Var::Local, 12, 9);
    sd.s2 = p.var("s2", S, toy::Var::Local, 13, 9);
    p.append(g, {toy::Stmt::Let, nullptr, sd.s1, nullptr, nullptr, 12, 5});
    p.append(g, {toy::Stmt::Let, nullptr, sd.s2, nullptr, nullptr, 13, 5});
    {
        toy::Expr* n1 = p.expr({toy::Expr::Name, S, sd.s1, nullptr, "", {}, 14, 12});
        sd.addr_s1 = p.expr({toy::Expr::AddrOf, PS, nullptr, nullptr, "", {n1}, 14, 11});
        toy::Expr* boxed = p.expr({toy::Expr::Box, I, nullptr, nullptr, "", {sd.addr_s1}, 14, 8});
        toy::Expr* call = p.expr({toy::Expr::Call, num, nullptr, f1, "", {boxed}, 14, 7});
        p.append(g, {toy::Stmt::Do, nullptr, nullptr, nullptr, call, 14, 5});
        toy::Expr* n2 = p.expr({toy::Expr::Name, S, sd.s2, nullptr, "", {}, 15, 9});
        toy::Expr* a2 = p.expr({toy::Expr::AddrOf, PS, nullptr, nullptr, "", {n2}, 15, 8});
        toy::Expr* call2 = p.expr({toy::Expr::Call, num, nullptr, f2, "", {a2}, 15, 7});
        p.append(g, {toy::Stmt::Do, nullptr, nullptr, nullptr, call2, 15, 5});
        // and an allocation that is returned: new S goes to the heap
        toy::Var* r = p.var("~r0", PS, toy::Var::Result, 11, 10);
        g->results = {r};
        sd.fresh = p.expr({toy::Expr::New, PS, nullptr, nullptr, "", {}, 16, 12});
        p.append(g, {toy::Stmt::Ret, nullptr, nullptr, nullptr, sd.fresh, 16, 5});
    }
}

}  // namespace

TEST_CASE("a foreign AST with intrusive lists gets verdicts keyed by its own nodes", "[traits][foreign]") {
    seed sd;
    build(sd);
    using result_t = escapade::analysis_result<toy::Program>;

    SECTION("gc: s1 goes to the heap through the interface call, s2 stays") {
        result_t r;
        REQUIRE(escapade::analyze(sd.p, r).ok());
        const auto* s1 = r.find(static_cast<const toy::Var*>(sd.s1));
        const auto* s2 = r.find(static_cast<const toy::Var*>(sd.s2));
        REQUIRE(s1 != nullptr);
        REQUIRE(s2 != nullptr);
        CHECK(s1->verdict == escapade::verdict::heap);
        CHECK(s1->reason == escapade::reason::leaked_by_callee);
        CHECK(s1->callee == "f1");
        CHECK(s2->verdict == escapade::verdict::stack);
        const auto* fresh = r.find(static_cast<const toy::Expr*>(sd.fresh));
        REQUIRE(fresh != nullptr);
        CHECK(fresh->verdict == escapade::verdict::heap);
        CHECK(fresh->reason == escapade::reason::returned);
        CHECK(fresh->name == "new(S)");
        const auto* ps = r.find_parameter(static_cast<const toy::Var*>(sd.f1_s));
        REQUIRE(ps != nullptr);
        CHECK(ps->leaks.heap() == 0);
    }
    SECTION("context: the call in f1 resolves to (*S).M1 at g's call site, so s1 stays on the stack") {
        result_t r;
        escapade::analysis_options o;
        o.dispatch = escapade::dispatch::context;
        REQUIRE(escapade::analyze(sd.p, r, o).ok());
        const auto* s1 = r.find(static_cast<const toy::Var*>(sd.s1));
        REQUIRE(s1 != nullptr);
        CHECK(s1->verdict == escapade::verdict::stack);
        const auto* ps = r.find_parameter(static_cast<const toy::Var*>(sd.f1_s));
        REQUIRE(ps != nullptr);
        CHECK(ps->leaks.empty());
        REQUIRE(r.conditions(*ps).size() == 1);
        CHECK(r.conditions(*ps).begin()->method == "M1");
    }
    SECTION("the result is a range over the host's handles") {
        result_t r;
        REQUIRE(escapade::analyze(sd.p, r).ok());
        std::size_t heap = 0;
        for (const auto& s : r.heap_sites()) {
            (void)s;
            ++heap;
        }
        CHECK(heap == r.heap_count());
        CHECK(heap == 2);  // s1 and new(S)
    }
}
