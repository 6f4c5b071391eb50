// parse.cpp - lexer and recursive-descent parser for the hobby language.
//
// The parser recurses over nested blocks, parenthesised expressions and types. Every recursive
// entry counts the nesting depth and stops with a clean error past kMaxNesting; check_depth() then
// bounds the depth of the finished tree (kMaxDepth), so the later passes, which recurse over it,
// cannot overflow the native stack either.
//
// Two constructs are lowered here, so that later passes see fewer statement forms:
//   while c { B }              Loop { if c {} else { break }  B }
//   for i in a .. b { B }      { var i = a; var $end = b; Loop { if i < $end {} else { break }  B } post { i = i + 1 } }
//   var x = e;                 Var x; Assign x = e (define)
#include <cctype>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "ast.hpp"

namespace hobby {
namespace {

enum class T : std::uint8_t { End, Ident, Int, Str, Punct, Keyword };

struct Token {
    T kind = T::End;
    std::string_view text;  // punctuation, keyword or identifier spelling; literal source
    std::string value;      // string literal bytes after escapes
    std::int64_t ival = 0;
    Pos pos;
    std::size_t offset = 0;
};

const char* const kKeywords[] = {"class", "interface", "implements", "fun", "var", "if", "else", "while", "for",
                                 "in", "return", "break", "continue", "new", "nil", "true", "false", "this"};

bool lex(const std::string& src, std::vector<Token>& out, Diag& diag) {
    std::size_t i = 0, n = src.size();
    std::uint32_t line = 1, col = 1;
    auto advance = [&](std::size_t k) {
        for (std::size_t j = 0; j < k && i < n; ++j, ++i) {
            if (src[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
    };
    while (true) {
        // whitespace and comments
        while (i < n) {
            char c = src[i];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                advance(1);
            } else if (c == '/' && i + 1 < n && src[i + 1] == '/') {
                while (i < n && src[i] != '\n') advance(1);
            } else if (c == '/' && i + 1 < n && src[i + 1] == '*') {
                Pos at{line, col};
                advance(2);
                while (i < n && !(src[i] == '*' && i + 1 < n && src[i + 1] == '/')) advance(1);
                if (i >= n) return diag.error(at, "unterminated comment");
                advance(2);
            } else {
                break;
            }
        }
        Token t;
        t.pos = {line, col};
        t.offset = i;
        if (i >= n) {
            out.push_back(t);
            return true;
        }
        char c = src[i];
        std::size_t start = i;
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            while (i < n && (std::isalnum(static_cast<unsigned char>(src[i])) || src[i] == '_')) advance(1);
            t.text = std::string_view(src).substr(start, i - start);
            t.kind = T::Ident;
            for (const char* k : kKeywords)
                if (t.text == k) t.kind = T::Keyword;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            std::int64_t v = 0;
            while (i < n && std::isdigit(static_cast<unsigned char>(src[i]))) {
                int d = src[i] - '0';
                if (v > (INT64_MAX - d) / 10) return diag.error(t.pos, "integer literal too large");
                v = v * 10 + d;
                advance(1);
            }
            t.kind = T::Int;
            t.ival = v;
            t.text = std::string_view(src).substr(start, i - start);
        } else if (c == '"') {
            advance(1);
            while (true) {
                if (i >= n || src[i] == '\n') return diag.error(t.pos, "unterminated string literal");
                char d = src[i];
                if (d == '"') break;
                if (d == '\\') {
                    if (i + 1 >= n) return diag.error(t.pos, "unterminated string literal");
                    char e = src[i + 1];
                    if (e == 'n') t.value += '\n';
                    else if (e == 't') t.value += '\t';
                    else if (e == '\\' || e == '"') t.value += e;
                    else return diag.error(Pos{line, col}, "unknown escape sequence");
                    advance(2);
                } else {
                    t.value += d;
                    advance(1);
                }
            }
            advance(1);
            t.kind = T::Str;
            t.text = std::string_view(src).substr(start, i - start);
        } else {
            static const char* const two[] = {"==", "!=", "<=", ">=", "&&", "||", ".."};
            t.kind = T::Punct;
            std::size_t len = 0;
            for (const char* p : two)
                if (i + 1 < n && src[i] == p[0] && src[i + 1] == p[1]) len = 2;
            if (len == 0) {
                if (!std::strchr("+-*/%<>=!(){}[],:;.", c)) return diag.error(t.pos, std::string("unexpected character '") + c + "'");
                len = 1;
            }
            advance(len);
            t.text = std::string_view(src).substr(start, len);
        }
        out.push_back(std::move(t));
    }
}

class Parser {
public:
    Parser(Program& p, Diag& d, std::vector<Token>& toks) : prog_(p), diag_(d), toks_(toks) {}

    bool program() {
        Stmt** global_tail = &prog_.global_inits;
        while (!at_end() && ok()) {
            if (is_kw("class")) {
                class_decl();
            } else if (is_kw("interface")) {
                iface_decl();
            } else if (is_kw("fun")) {
                Function* f = function_decl(nullptr);
                if (f) prog_.functions.push_back(f);
            } else if (is_kw("var")) {
                Stmt* decl = var_stmt(VarKind::Global);
                if (!decl) break;
                prog_.globals.push_back(decl->var);
                *global_tail = decl;
                global_tail = &decl->next->next;
            } else {
                error(cur().pos, "expected a declaration (class, interface, fun or var)");
            }
        }
        return ok();
    }

private:
    // --- tokens ---------------------------------------------------------------------------------
    const Token& cur() const { return toks_[pos_]; }
    bool at_end() const { return cur().kind == T::End; }
    bool ok() const { return !diag_.failed; }
    bool is(std::string_view p) const { return cur().kind == T::Punct && cur().text == p; }
    bool is_kw(std::string_view k) const { return cur().kind == T::Keyword && cur().text == k; }
    bool error(Pos p, const std::string& m) { return diag_.error(p, m); }
    void next() {
        if (!at_end()) ++pos_;
    }
    bool accept(std::string_view p) {
        if (is(p) || is_kw(p)) {
            next();
            return true;
        }
        return false;
    }
    bool expect(std::string_view p) {
        if (accept(p)) return true;
        return error(cur().pos, "expected '" + std::string(p) + "'" + found());
    }
    std::string found() const {
        if (at_end()) return " at end of file";
        return " before '" + std::string(cur().text) + "'";
    }
    std::string ident() {
        if (cur().kind != T::Ident) {
            error(cur().pos, "expected a name" + found());
            return std::string();
        }
        std::string s(cur().text);
        next();
        return s;
    }
    std::string_view span_from(std::size_t start_tok) const {
        std::size_t b = toks_[start_tok].offset;
        std::size_t e = pos_ > 0 ? toks_[pos_ - 1].offset + toks_[pos_ - 1].text.size() : b;
        return std::string_view(prog_.source).substr(b, e > b ? e - b : 0);
    }
    // --- nesting limit ---------------------------------------------------------------------------
    struct Nest {
        Parser& p;
        explicit Nest(Parser& pp) : p(pp) {
            if (++p.depth_ > kMaxNesting) p.error(p.cur().pos, "nesting too deep (limit " + std::to_string(kMaxNesting) + ")");
        }
        ~Nest() { --p.depth_; }
    };

    // --- nodes ---------------------------------------------------------------------------------
    Expr* expr_node(Op op, Pos p) {
        Expr* e = prog_.make<Expr>();
        e->op = op;
        e->pos = p;
        return e;
    }
    Stmt* stmt_node(SOp op, Pos p) {
        Stmt* s = prog_.make<Stmt>();
        s->op = op;
        s->pos = p;
        return s;
    }
    Expr* name_expr(const std::string& n, Pos p) {
        Expr* e = expr_node(Op::Name, p);
        e->text = n;
        return e;
    }

    // --- types -----------------------------------------------------------------------------------
    Type* type() {
        Nest guard(*this);
        if (!ok()) return nullptr;
        Type* t = prog_.make<Type>();
        t->pos = cur().pos;
        if (accept("[")) {
            t->kind = TK::Array;
            t->elem = type();
            expect("]");
        } else if (accept("fun")) {
            t->kind = TK::Fun;
            expect("(");
            if (!is(")")) {
                do t->params.push_back(type());
                while (ok() && accept(","));
            }
            expect(")");
            t->ret = accept(":") ? type() : prog_.t_void;
        } else {
            t->kind = TK::Named;
            t->name = ident();
        }
        return t;
    }

    // --- declarations ------------------------------------------------------------------------------
    void class_decl() {
        next();
        ClassDecl* c = prog_.make<ClassDecl>();
        c->pos = cur().pos;
        c->name = ident();
        if (accept("implements")) {
            do {
                Pos p = cur().pos;
                c->implements_names.emplace_back(ident(), p);
            } while (ok() && accept(","));
        }
        expect("{");
        while (ok() && !is("}") && !at_end()) {
            if (is_kw("fun")) {
                Function* m = function_decl(c);
                if (m) c->methods.push_back(m);
            } else {
                Field f;
                f.pos = cur().pos;
                f.name = ident();
                expect(":");
                f.type = type();
                expect(";");
                c->fields.push_back(f);
            }
        }
        expect("}");
        prog_.classes.push_back(c);
    }

    void iface_decl() {
        next();
        IfaceDecl* d = prog_.make<IfaceDecl>();
        d->pos = cur().pos;
        d->name = ident();
        expect("{");
        while (ok() && !is("}") && !at_end()) {
            IfaceMethod m;
            expect("fun");
            m.pos = cur().pos;
            m.name = ident();
            expect("(");
            if (!is(")")) {
                do {
                    ident();
                    expect(":");
                    m.params.push_back(type());
                } while (ok() && accept(","));
            }
            expect(")");
            m.ret = accept(":") ? type() : prog_.t_void;
            expect(";");
            d->methods.push_back(m);
        }
        expect("}");
        prog_.ifaces.push_back(d);
    }

    Var* new_var(const std::string& name, Pos p, Type* t, VarKind k) {
        Var* v = prog_.make<Var>();
        v->name = name;
        v->pos = p;
        v->type = t;
        v->kind = k;
        return v;
    }

    void params(Function* f) {
        expect("(");
        if (!is(")")) {
            do {
                Pos p = cur().pos;
                std::string n = ident();
                expect(":");
                f->params.push_back(new_var(n, p, type(), VarKind::Param));
            } while (ok() && accept(","));
        }
        expect(")");
        f->ret = accept(":") ? type() : prog_.t_void;
    }

    /// fun name(params): R { body } - a top-level function or, with cls, a method.
    Function* function_decl(ClassDecl* cls) {
        next();
        Function* f = prog_.make<Function>();
        f->pos = cur().pos;
        f->name = ident();
        f->cls = cls;
        if (cls) {
            f->params.push_back(new_var("this", f->pos, nullptr, VarKind::Param));
            f->name = cls->name + "." + f->name;
        }
        params(f);
        f->body = block_body();
        return ok() ? f : nullptr;
    }

    // --- statements --------------------------------------------------------------------------------
    /// `{ stmts }` as a list.
    Stmt* block_body() {
        Nest guard(*this);
        expect("{");
        Stmt* head = nullptr;
        Stmt** tail = &head;
        while (ok() && !is("}") && !at_end()) {
            Stmt* s = statement();
            if (!s) break;
            *tail = s;
            while (s->next) s = s->next;  // var statements are two nodes
            tail = &s->next;
        }
        expect("}");
        return head;
    }

    /// var x (: T)? = e;  ->  Var x; Assign x = e (define). Returns the Var node.
    Stmt* var_stmt(VarKind kind) {
        std::size_t start = pos_;
        next();
        Pos p = cur().pos;
        std::string n = ident();
        Type* t = accept(":") ? type() : nullptr;
        expect("=");
        Expr* init = expr();
        expect(";");
        if (!ok()) return nullptr;
        Stmt* decl = stmt_node(SOp::Var, p);
        decl->var = new_var(n, p, t, kind);
        decl->src = span_from(start);
        Stmt* as = stmt_node(SOp::Assign, p);
        as->e0 = name_expr(n, p);
        as->e0->src = std::string_view(prog_.source).substr(toks_[start + 1].offset, n.size());
        as->e1 = init;
        as->define = true;
        as->src = decl->src;
        decl->next = as;
        return decl;
    }

    Stmt* statement() {
        Nest guard(*this);
        if (!ok()) return nullptr;
        std::size_t start = pos_;
        Pos p = cur().pos;
        Stmt* s = nullptr;
        if (is_kw("var")) return var_stmt(VarKind::Local);
        if (is("{")) {
            s = stmt_node(SOp::Block, p);
            s->body = block_body();
        } else if (is_kw("if")) {
            s = if_stmt();
        } else if (accept("while")) {
            s = stmt_node(SOp::Loop, p);
            Expr* cond = expr();
            Stmt* body = block_body();
            s->body = guard_stmt(cond, p);
            s->body->next = body;
        } else if (accept("for")) {
            s = for_stmt(p);
        } else if (accept("return")) {
            s = stmt_node(SOp::Return, p);
            if (!is(";")) s->e0 = expr();
            expect(";");
        } else if (accept("break")) {
            s = stmt_node(SOp::Break, p);
            expect(";");
        } else if (accept("continue")) {
            s = stmt_node(SOp::Continue, p);
            expect(";");
        } else {
            Expr* e = expr();
            if (accept("=")) {
                s = stmt_node(SOp::Assign, p);
                s->e0 = e;
                s->e1 = expr();
            } else {
                s = stmt_node(SOp::Expr, p);
                s->e0 = e;
            }
            expect(";");
        }
        if (s && !s->src.size()) s->src = span_from(start);
        return ok() ? s : nullptr;
    }

    /// `if cond {} else { break; }`: the check at the top of a lowered loop.
    Stmt* guard_stmt(Expr* cond, Pos p) {
        Stmt* g = stmt_node(SOp::If, p);
        g->e0 = cond;
        g->else_body = stmt_node(SOp::Break, p);
        g->src = cond ? cond->src : std::string_view();
        return g;
    }

    Stmt* if_stmt() {
        Nest guard(*this);
        Stmt* s = stmt_node(SOp::If, cur().pos);
        next();
        s->e0 = expr();
        s->body = block_body();
        if (accept("else")) {
            if (is_kw("if")) s->else_body = if_stmt();
            else s->else_body = block_body();
        }
        return s;
    }

    Stmt* for_stmt(Pos p) {
        Pos vp = cur().pos;
        std::string n = ident();
        expect("in");
        Expr* first = expr();
        if (accept("..")) {
            Expr* last = expr();
            Stmt* body = block_body();
            if (!ok()) return nullptr;
            // { var n = first; var $end = last; loop { if n < $end {} else break; body } post { n = n + 1 } }
            Stmt* blk = stmt_node(SOp::Block, p);
            Stmt* dv = synth_var(n, vp, first);
            Stmt* de = synth_var("$end", vp, last);
            dv->next->next = de;
            Stmt* loop = stmt_node(SOp::Loop, p);
            de->next->next = loop;
            Expr* cmp = expr_node(Op::Binary, vp);
            cmp->text = "<";
            cmp->a = name_expr(n, vp);
            cmp->b = name_expr("$end", vp);
            cmp->src = "for-in-range condition";
            loop->body = guard_stmt(cmp, vp);
            loop->body->next = body;
            Stmt* step = stmt_node(SOp::Assign, vp);
            step->e0 = name_expr(n, vp);
            Expr* inc = expr_node(Op::Binary, vp);
            inc->text = "+";
            inc->a = name_expr(n, vp);
            inc->b = expr_node(Op::Int, vp);
            inc->b->ival = 1;
            step->e1 = inc;
            loop->post = step;
            blk->body = dv;
            return blk;
        }
        // for n in xs { body }: ForEach with a per-iteration variable declared first in the body.
        Stmt* body = block_body();
        if (!ok()) return nullptr;
        Stmt* s = stmt_node(SOp::ForEach, p);
        s->e0 = expr_node(Op::Blank, vp);
        s->e1 = name_expr(n, vp);
        s->e2 = first;
        Stmt* decl = stmt_node(SOp::Var, vp);
        decl->var = new_var(n, vp, nullptr, VarKind::Local);
        decl->next = body;
        s->body = decl;
        return s;
    }

    Stmt* synth_var(const std::string& n, Pos p, Expr* init) {
        Stmt* decl = stmt_node(SOp::Var, p);
        decl->var = new_var(n, p, nullptr, VarKind::Local);
        Stmt* as = stmt_node(SOp::Assign, p);
        as->e0 = name_expr(n, p);
        as->e1 = init;
        as->define = true;
        decl->next = as;
        return decl;
    }

    // --- expressions -------------------------------------------------------------------------------
    static int precedence(std::string_view op) {
        if (op == "||") return 1;
        if (op == "&&") return 2;
        if (op == "==" || op == "!=") return 3;
        if (op == "<" || op == "<=" || op == ">" || op == ">=") return 4;
        if (op == "+" || op == "-") return 5;
        if (op == "*" || op == "/" || op == "%") return 6;
        return 0;
    }

    Expr* expr() { return binary(1); }

    /// Precedence climbing: iterative over operators of one level, recursive over levels (at most 6
    /// per nesting level, which primary() counts).
    Expr* binary(int min_prec) {
        std::size_t start = pos_;
        Expr* lhs = unary();
        while (ok() && cur().kind == T::Punct) {
            int prec = precedence(cur().text);
            if (prec == 0 || prec < min_prec) break;
            std::string op(cur().text);
            Pos p = cur().pos;
            next();
            Expr* rhs = binary(prec + 1);
            Expr* e = expr_node(op == "&&" ? Op::And : op == "||" ? Op::Or : Op::Binary, p);
            e->text = op;
            e->a = lhs;
            e->b = rhs;
            e->src = span_from(start);
            lhs = e;
        }
        return lhs;
    }

    Expr* unary() {
        Nest guard(*this);
        if (!ok()) return nullptr;
        std::size_t start = pos_;
        if (is("-") || is("!")) {
            Expr* e = expr_node(Op::Unary, cur().pos);
            e->text = std::string(cur().text);
            next();
            e->a = unary();
            e->src = span_from(start);
            return e;
        }
        return postfix();
    }

    Expr* postfix() {
        std::size_t start = pos_;
        Expr* e = primary();
        while (ok()) {
            Pos p = cur().pos;
            if (accept(".")) {
                Expr* f = expr_node(Op::Field, p);
                f->a = e;
                f->text = ident();
                e = f;
            } else if (accept("(")) {
                Expr* c = expr_node(Op::Call, p);
                c->a = e;
                c->args = arg_list(")");
                e = c;
            } else if (accept("[")) {
                Expr* ix = expr_node(Op::Index, p);
                ix->a = e;
                ix->b = expr();
                expect("]");
                e = ix;
            } else {
                break;
            }
            e->src = span_from(start);
        }
        return e;
    }

    /// Comma-separated expressions up to `close`, as a list.
    Expr* arg_list(std::string_view close) {
        Expr* head = nullptr;
        Expr** tail = &head;
        if (!is(close)) {
            do {
                Expr* a = expr();
                if (!a) break;
                *tail = a;
                tail = &a->next;
            } while (ok() && accept(","));
        }
        expect(close);
        return head;
    }

    Expr* primary() {
        Nest guard(*this);
        if (!ok()) return nullptr;
        std::size_t start = pos_;
        const Token& t = cur();
        Pos p = t.pos;
        Expr* e = nullptr;
        if (t.kind == T::Int) {
            e = expr_node(Op::Int, p);
            e->ival = t.ival;
            next();
        } else if (t.kind == T::Str) {
            e = expr_node(Op::Str, p);
            e->text = t.value;
            next();
        } else if (t.kind == T::Ident) {
            e = name_expr(std::string(t.text), p);
            next();
        } else if (accept("true") || accept("false")) {
            e = expr_node(Op::Bool, p);
            e->ival = toks_[pos_ - 1].text == "true";
        } else if (accept("nil")) {
            e = expr_node(Op::Nil, p);
        } else if (accept("this")) {
            e = name_expr("this", p);
        } else if (accept("(")) {
            e = expr();
            expect(")");
            return e;
        } else if (accept("[")) {
            e = expr_node(Op::ArrayLit, p);
            e->args = arg_list("]");
            if (!e->args) error(p, "an array literal needs at least one element (use new [T](0) for an empty array)");
        } else if (accept("new")) {
            if (accept("[")) {
                e = expr_node(Op::NewArray, p);
                Type* arr = prog_.make<Type>();
                arr->kind = TK::Array;
                arr->pos = p;
                arr->elem = type();
                e->type = arr;  // resolved by the checker
                expect("]");
                expect("(");
                e->a = expr();
                expect(")");
            } else {
                e = expr_node(Op::New, p);
                Expr* lit = expr_node(Op::ObjLit, p);
                e->a = lit;
                lit->text = ident();  // the class name, resolved by the checker
                expect("{");
                Expr** tail = &lit->args;
                if (!is("}")) {
                    do {
                        // field: value, kept as Field nodes (a = value) until the checker orders them
                        Expr* init = expr_node(Op::Field, cur().pos);
                        init->text = ident();
                        expect(":");
                        init->a = expr();
                        *tail = init;
                        tail = &init->next;
                    } while (ok() && accept(","));
                }
                expect("}");
                lit->src = span_from(start);
            }
        } else if (accept("fun")) {
            e = expr_node(Op::Lambda, p);
            Function* f = prog_.make<Function>();
            f->pos = p;
            params(f);
            f->body = block_body();
            e->fn = f;
        } else {
            error(p, "expected an expression" + found());
            return nullptr;
        }
        if (e) e->src = span_from(start);
        return e;
    }

    Program& prog_;
    Diag& diag_;
    std::vector<Token>& toks_;
    std::size_t pos_ = 0;
    int depth_ = 0;
};

/// The parser's recursion is bounded by kMaxNesting, but left-associative chains (a + b + c ...,
/// a.b.c...) are built by loops and can still make a deep tree. Later passes recurse over the tree,
/// so its depth is checked here, iteratively, against kMaxDepth.
bool check_depth(Program& prog, Diag& diag) {
    struct Item {
        const Expr* e;
        const Stmt* s;
        int depth;
    };
    std::vector<Item> todo;
    auto stmts = [&](const Stmt* s, int d) {
        for (; s; s = s->next) todo.push_back({nullptr, s, d});
    };
    stmts(prog.global_inits, 1);
    for (const Function* f : prog.functions) stmts(f->body, 1);
    for (const ClassDecl* c : prog.classes)
        for (const Function* m : c->methods) stmts(m->body, 1);
    while (!todo.empty()) {
        Item it = todo.back();
        todo.pop_back();
        Pos at = it.e ? it.e->pos : it.s->pos;
        if (it.depth > kMaxDepth) return diag.error(at, "program nested too deeply (limit " + std::to_string(kMaxDepth) + " levels)");
        if (it.e) {
            for (const Expr* x : {it.e->a, it.e->b})
                if (x) todo.push_back({x, nullptr, it.depth + 1});
            for (const Expr* x = it.e->args; x; x = x->next) todo.push_back({x, nullptr, it.depth + 1});
            if (it.e->op == Op::Lambda) stmts(it.e->fn->body, it.depth + 1);
        } else {
            for (const Expr* x : {it.s->e0, it.s->e1, it.s->e2})
                if (x) todo.push_back({x, nullptr, it.depth + 1});
            stmts(it.s->body, it.depth + 1);
            stmts(it.s->else_body, it.depth + 1);
            stmts(it.s->post, it.depth + 1);
        }
    }
    return true;
}

}  // namespace

bool parse(Program& prog, Diag& diag) {
    auto basic = [&](TK k, const char* name, std::uint64_t size, bool ptrs) {
        Type* t = prog.make<Type>();
        t->kind = k;
        t->name = name;
        t->size = size;
        t->has_pointers = ptrs;
        return t;
    };
    prog.t_void = basic(TK::Void, "void", 0, false);
    prog.t_int = basic(TK::Int, "int", 8, false);
    prog.t_bool = basic(TK::Bool, "bool", 8, false);
    prog.t_string = basic(TK::String, "string", 16, true);
    prog.t_nil = basic(TK::Nil, "nil", 8, false);
    std::vector<Token> toks;
    if (!lex(prog.source, toks, diag)) return false;
    Parser p(prog, diag, toks);
    return p.program() && check_depth(prog, diag);
}

}  // namespace hobby
