// Bad host input through escapade::ir_traits (issue 5, point 6): a small index-based host IR whose
// consistency the tests break one way at a time - dangling function references, calls of functions
// that do not exist, wrong arity, a method table naming a missing function, closure parent cycles,
// statement and expression cycles, malformed operand lists, absurd sizes. Each must give a status
// error with a message from analyze() in every (model, dispatch) pair, never a crash or a hang.
//
// The host's traits never crash themselves: an out-of-range handle reads as a harmless default, so
// whatever goes wrong is the library's to detect.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "support/index_host.hpp"

namespace {

using namespace bh;

/// A well-formed program:
///   type T struct{ p *int }  with  func (t *T) M(q *int) { G = q }     (f_m)
///   type I interface { M(*int) }
///   var G *int
///   func sink(q *int) { G = q }                                         (f_sink)
///   func main() { var x int; sink(&x); var t T; var i I = I(&t); i.M(&x); f := t.M }   (f_main)
struct fixture {
    Program p;
    int t_int, t_ptr, t_T, t_pT, t_I, t_fn;
    int v_G, v_q, v_x, v_t, v_i, v_recv, v_mq;
    int f_sink, f_main, f_m;
    int e_call, s_call, e_mv, s_body_block;

    fixture() {
        t_int = p.type(Type{type_kind::int_, 8, false, false, -1, ""});
        t_ptr = p.type(Type{type_kind::pointer, 8, true, true, t_int, ""});
        t_T = p.type(Type{type_kind::struct_, 8, true, true, -1, "T"});
        t_pT = p.type(Type{type_kind::pointer, 8, true, true, t_T, ""});
        t_I = p.type(Type{type_kind::interface, 16, true, false, -1, "I"});
        p.types[std::size_t(t_I)].methods = {"M"};
        t_fn = p.type(Type{type_kind::func, 8, true, true, -1, ""});
        v_G = p.var("G", t_ptr, var_kind::global);
        // sink
        v_q = p.var("q", t_ptr, var_kind::param);
        int gq = p.stmt(Stmt{stmt_kind::assign, {}, {}, {p.expr(Expr{expr_kind::var, t_ptr, {}, v_G}), p.expr(Expr{expr_kind::var, t_ptr, {}, v_q})}, 1});
        f_sink = p.func(Func{"sink", {v_q}, {}, {gq}});
        // (*T).M
        v_recv = p.var("t", t_pT, var_kind::param);
        v_mq = p.var("q", t_ptr, var_kind::param);
        int gm = p.stmt(Stmt{stmt_kind::assign, {}, {}, {p.expr(Expr{expr_kind::var, t_ptr, {}, v_G}), p.expr(Expr{expr_kind::var, t_ptr, {}, v_mq})}, 1});
        f_m = p.func(Func{"M", {v_recv, v_mq}, {}, {gm}});
        p.methods.push_back(Method{t_pT, "M", f_m});
        // main
        v_x = p.var("x", t_int);
        v_t = p.var("t", t_T);
        v_i = p.var("i", t_I);
        int d_x = p.stmt(Stmt{stmt_kind::declare, {}, {}, {}, 0, assign_form::plain, v_x});
        int addr_x = p.expr(Expr{expr_kind::addr, t_ptr, {p.expr(Expr{expr_kind::var, t_int, {}, v_x})}});
        e_call = p.expr(Expr{expr_kind::call, p.type(Type{type_kind::tuple, 0}), {addr_x}, f_sink});
        s_call = p.stmt(Stmt{stmt_kind::eval, {}, {}, {e_call}});
        int d_t = p.stmt(Stmt{stmt_kind::declare, {}, {}, {}, 0, assign_form::plain, v_t});
        int d_i = p.stmt(Stmt{stmt_kind::declare, {}, {}, {}, 0, assign_form::plain, v_i});
        int box = p.expr(Expr{expr_kind::to_iface, t_I, {p.expr(Expr{expr_kind::addr, t_pT, {p.expr(Expr{expr_kind::var, t_T, {}, v_t})}})}});
        int set_i = p.stmt(Stmt{stmt_kind::assign, {}, {}, {p.expr(Expr{expr_kind::var, t_I, {}, v_i}), box}, 1, assign_form::define});
        int addr_x2 = p.expr(Expr{expr_kind::addr, t_ptr, {p.expr(Expr{expr_kind::var, t_int, {}, v_x})}});
        int dyn = p.expr(Expr{expr_kind::call_method, p.type(Type{type_kind::tuple, 0}), {p.expr(Expr{expr_kind::var, t_I, {}, v_i}), addr_x2}, -1, "M"});
        int s_dyn = p.stmt(Stmt{stmt_kind::eval, {}, {}, {dyn}});
        int addr_t = p.expr(Expr{expr_kind::addr, t_pT, {p.expr(Expr{expr_kind::var, t_T, {}, v_t})}});
        e_mv = p.expr(Expr{expr_kind::method_value, t_fn, {addr_t}, -1, "M"});
        int s_mv = p.stmt(Stmt{stmt_kind::eval, {}, {}, {e_mv}});
        s_body_block = p.stmt(Stmt{stmt_kind::block, {s_mv}});
        f_main = p.func(Func{"main", {}, {}, {d_x, s_call, d_t, d_i, set_i, s_dyn, s_body_block}});
    }
};

std::vector<std::pair<escapade::model, escapade::dispatch>> modes() {
    std::vector<std::pair<escapade::model, escapade::dispatch>> ms;
    for (auto md : {escapade::model::gc, escapade::model::precise})
        for (auto dp : {escapade::dispatch::conservative, escapade::dispatch::closed, escapade::dispatch::context}) ms.push_back({md, dp});
    return ms;
}

/// analyze() in every mode: each must fail with a message (or succeed, when `may_succeed`).
void expect_error(const Program& p, const char* what, bool may_succeed = false, std::size_t max_body_nodes = 0) {
    for (auto [md, dp] : modes()) {
        INFO(what << " in " << escapade::to_string(md) << "/" << escapade::to_string(dp));
        escapade::analysis_options opt;
        opt.model = md;
        opt.dispatch = dp;
        opt.explain = true;
        if (max_body_nodes != 0) opt.max_body_nodes = max_body_nodes;
        escapade::analysis_result<Program> r;
        escapade::status st = escapade::analyze(p, r, opt);
        char buf[600];
        if (st.ok()) {
            CHECK(may_succeed);
            continue;
        }
        INFO(st.format(buf, sizeof buf));
        CHECK(st.message()[0] != '\0');
        CHECK(st.code() != escapade::errc::unsupported);
    }
}

}  // namespace

TEST_CASE("bad host: the well-formed host program analyses in every mode", "[traits][bad_host]") {
    fixture fx;
    for (auto [md, dp] : modes()) {
        escapade::analysis_options opt;
        opt.model = md;
        opt.dispatch = dp;
        escapade::analysis_result<Program> r;
        escapade::status st = escapade::analyze(fx.p, r, opt);
        char buf[600];
        INFO(st.format(buf, sizeof buf));
        REQUIRE(st.ok());
        const auto* x = r.find(escapade::ir_traits<Program>::variable_ref{fx.v_x});
        REQUIRE(x != nullptr);
        CHECK(x->verdict == escapade::verdict::heap);  // passed to sink, which stores it in G
    }
}

TEST_CASE("bad host: a call of a function that is not among functions()", "[traits][bad_host]") {
    fixture fx;
    fx.p.listed.erase(std::find(fx.p.listed.begin(), fx.p.listed.end(), fx.f_sink));
    expect_error(fx.p, "unlisted callee");
}

TEST_CASE("bad host: a dangling function reference", "[traits][bad_host]") {
    fixture fx;
    fx.p.exprs[std::size_t(fx.e_call)].ref = 1000;
    expect_error(fx.p, "call of function #1000");
    fixture f2;
    f2.p.exprs[std::size_t(f2.e_call)].kind = expr_kind::func_ref;
    f2.p.exprs[std::size_t(f2.e_call)].ref = -5;
    expect_error(f2.p, "func_ref of function #-5");
}

TEST_CASE("bad host: a call with the wrong number of arguments", "[traits][bad_host]") {
    fixture fx;
    fx.p.exprs[std::size_t(fx.e_call)].ops.push_back(fx.p.expr(Expr{expr_kind::constant, fx.t_int}));
    expect_error(fx.p, "two arguments for one parameter");
    fixture f2;
    f2.p.exprs[std::size_t(f2.e_call)].ops.clear();
    expect_error(f2.p, "no argument for one parameter");
}

TEST_CASE("bad host: a method table naming a missing function", "[traits][bad_host]") {
    fixture fx;
    fx.p.methods[0].fn = 777;
    expect_error(fx.p, "method table entry naming function #777");
    fixture f2;
    f2.p.listed.erase(std::find(f2.p.listed.begin(), f2.p.listed.end(), f2.f_m));
    expect_error(f2.p, "method table entry naming an unlisted function");
}

TEST_CASE("bad host: closure parents that form a cycle or do not exist", "[traits][bad_host]") {
    fixture fx;
    int a = fx.p.func(Func{"a", {}, {}, {}, {}, true, true, -1});
    int b = fx.p.func(Func{"b", {}, {}, {}, {}, true, true, a});
    fx.p.funcs[std::size_t(a)].parent = b;
    expect_error(fx.p, "a <-> b parent cycle");
    fixture f2;
    int c = f2.p.func(Func{"c", {}, {}, {}, {}, true, true, -1});
    f2.p.funcs[std::size_t(c)].parent = c;
    expect_error(f2.p, "closure that is its own parent");
    fixture f3;
    f3.p.func(Func{"d", {}, {}, {}, {}, true, true, 4242});
    expect_error(f3.p, "closure whose parent does not exist");
    fixture f4;
    f4.p.func(Func{"e", {}, {}, {}, {}, true, false, f4.f_main});
    expect_error(f4.p, "closure without a body");
}

TEST_CASE("bad host: cycles in statement and expression trees", "[traits][bad_host]") {
    fixture fx;
    fx.p.stmts[std::size_t(fx.s_body_block)].kids.push_back(fx.s_body_block);  // a block inside itself
    // A small bound keeps the test fast; the default (2^24) behaves the same, only later.
    expect_error(fx.p, "statement cycle", false, 4096);
    fixture f2;
    int e = f2.p.expr(Expr{expr_kind::deref, f2.t_ptr, {}});
    f2.p.exprs[std::size_t(e)].ops.push_back(e);  // *(*(*...))
    f2.p.stmts[std::size_t(f2.s_body_block)].kids.push_back(f2.p.stmt(Stmt{stmt_kind::eval, {}, {}, {e}}));
    expect_error(f2.p, "expression cycle", false, 4096);
    // The error is the bound's, and names the function.
    escapade::analysis_options opt;
    opt.max_body_nodes = 4096;
    escapade::analysis_result<Program> r;
    escapade::status st = escapade::analyze(f2.p, r, opt);
    REQUIRE_FALSE(st.ok());
    CHECK(st.code() == escapade::errc::limit_exceeded);
    CHECK(std::string(st.message()).find("a cycle in the host's IR?") != std::string::npos);
}

TEST_CASE("bad host: malformed operand lists", "[traits][bad_host]") {
    auto with = [](Stmt s) {
        fixture fx;
        fx.p.stmts[std::size_t(fx.s_body_block)].kids.push_back(fx.p.stmt(std::move(s)));
        return fx;
    };
    fixture r = with(Stmt{stmt_kind::range, {}, {}, {}});
    expect_error(r.p, "range without operands");
    fixture a = with(Stmt{stmt_kind::assign, {}, {}, {}, 3});
    expect_error(a.p, "assignment with 3 targets and no operands");
    fixture s = with(Stmt{stmt_kind::send, {}, {}, {}});
    expect_error(s.p, "send without operands");
    fixture g = with(Stmt{stmt_kind::go, {}, {}, {}});
    expect_error(g.p, "go without a call");
    fixture d;
    int deref = d.p.expr(Expr{expr_kind::deref, d.t_int, {}});
    d.p.stmts[std::size_t(d.s_body_block)].kids.push_back(d.p.stmt(Stmt{stmt_kind::eval, {}, {}, {deref}}));
    expect_error(d.p, "dereference without an operand");
}

TEST_CASE("bad host: absurd sizes", "[traits][bad_host]") {
    const size64 absurd[] = {~size64(0), ~size64(0) - 7, size64(1) << 63};
    for (size64 sz : absurd) {
        fixture fx;
        fx.p.types[std::size_t(fx.t_int)].size = sz;  // x's type
        expect_error(fx.p, "a variable of absurd size");
        fixture f2;
        f2.p.types[std::size_t(f2.t_T)].size = sz;  // the method value's receiver (via t)
        f2.p.types[std::size_t(f2.t_pT)].size = sz;
        expect_error(f2.p, "a method-value receiver of absurd size");
    }
}
