// check.cpp - name resolution and type checking, in place on the parser's tree.
//
// After check(): every Expr has a type; names are Var or Func nodes; calls are CallStatic,
// CallIface, CallValue or Builtin (a method call's receiver is the first argument of CallStatic);
// a class reference used where an interface is expected is wrapped in ToIface; `new C{...}` has an
// ObjLit with one value per field in declaration order; every closure lists the variables of
// enclosing functions it uses (transitively: a closure also captures what its nested closures
// need). prog.functions lists every function: the initialiser, top-level functions, methods and
// closures. Recursion follows the tree, whose depth the parser bounded.
#include <unordered_map>

#include "ast.hpp"

namespace hobby {
namespace {

const char* const kBuiltins[] = {"print", "len", "at", "arg", "assert", "substr"};

bool is_ref(const Type* t) {
    return t->kind == TK::ClassRef || t->kind == TK::Iface || t->kind == TK::Array || t->kind == TK::Fun;
}

class Checker {
public:
    Checker(Program& p, Diag& d) : prog_(p), diag_(d) {}

    bool run() {
        std::vector<Function*> top = prog_.functions;
        prog_.functions.clear();
        declare_globals_and_types(top);
        if (!ok()) return false;
        // The initialiser runs the global initialisations. Its body is checked with the Var nodes
        // (they give globals without a written type their type); only the Assigns are kept.
        Function* init = prog_.make<Function>();
        init->name = "init";
        init->ret = prog_.t_void;
        init->fun_type = fun_type({}, prog_.t_void);
        init->body = prog_.global_inits;
        prog_.init = init;
        add_function(init);
        for (Function* f : top) add_function(f);
        for (ClassDecl* c : prog_.classes)
            for (Function* m : c->methods) add_function(m);
        // Bodies: the initialiser first (it gives globals without a written type their type).
        body(init);
        Stmt** tail = &init->body;
        for (Stmt* s = prog_.global_inits; s; s = s->next)
            if (s->op == SOp::Assign) {
                *tail = s;
                tail = &s->next;
            }
        *tail = nullptr;
        for (std::size_t i = 1; i < prog_.functions.size() && ok(); ++i)
            if (!prog_.functions[i]->parent) body(prog_.functions[i]);
        if (ok() && !prog_.main) diag_.error(Pos{1, 1}, "the program has no `fun main()`");
        return ok();
    }

private:
    bool ok() const { return !diag_.failed; }
    bool error(Pos p, const std::string& m) { return diag_.error(p, m); }

    // --- types -----------------------------------------------------------------------------------
    Type* array_of(Type* elem) {
        Type*& t = arrays_[elem];
        if (!t) {
            t = prog_.make<Type>();
            t->kind = TK::Array;
            t->elem = elem;
            t->name = "[" + elem->name + "]";
            t->size = 16;
            t->has_pointers = true;
        }
        return t;
    }
    Type* fun_type(const std::vector<Type*>& params, Type* ret) {
        std::string key = "fun(";
        for (std::size_t i = 0; i < params.size(); ++i) key += (i ? ", " : "") + params[i]->name;
        key += ")";
        if (ret->kind != TK::Void) key += ": " + ret->name;
        Type*& t = funs_[key];
        if (!t) {
            t = prog_.make<Type>();
            t->kind = TK::Fun;
            t->name = key;
            t->params = params;
            t->ret = ret;
            t->size = 8;
            t->has_pointers = true;
        }
        return t;
    }
    /// The canonical type for a type written in the source.
    Type* resolve(Type* t) {
        if (!t || !ok()) return prog_.t_void;
        switch (t->kind) {
        case TK::Named: {
            if (t->name == "int") return prog_.t_int;
            if (t->name == "bool") return prog_.t_bool;
            if (t->name == "string") return prog_.t_string;
            auto c = classes_.find(t->name);
            if (c != classes_.end()) return c->second->ref;
            auto i = ifaces_.find(t->name);
            if (i != ifaces_.end()) return i->second->type;
            error(t->pos, "unknown type '" + t->name + "'");
            return prog_.t_void;
        }
        case TK::Array: return array_of(resolve(t->elem));
        case TK::Fun: {
            std::vector<Type*> ps;
            for (Type* p : t->params) ps.push_back(resolve(p));
            return fun_type(ps, resolve(t->ret));
        }
        default: return t;
        }
    }
    Type* value_type(Type* t, Pos p) {
        Type* r = resolve(t);
        if (r->kind == TK::Void) error(p, "void is not a value type");
        return r;
    }

    // --- declarations ------------------------------------------------------------------------------
    bool reserved(const std::string& n, Pos p) {
        for (const char* b : kBuiltins)
            if (n == b) return error(p, "'" + n + "' is a builtin function");
        return true;
    }
    bool unique(const std::string& n, Pos p) {
        if (!reserved(n, p)) return false;
        if (!names_.emplace(n, 0).second) return error(p, "'" + n + "' is declared twice");
        return true;
    }

    void declare_globals_and_types(const std::vector<Function*>& top) {
        std::uint32_t cid = 1;
        for (ClassDecl* c : prog_.classes) {
            unique(c->name, c->pos);
            c->id = cid++;
            c->obj = prog_.make<Type>();
            c->obj->kind = TK::Object;
            c->obj->cls = c;
            c->obj->name = c->name + "{}";
            c->ref = prog_.make<Type>();
            c->ref->kind = TK::ClassRef;
            c->ref->cls = c;
            c->ref->elem = c->obj;
            c->ref->name = c->name;
            c->ref->size = 8;
            c->ref->has_pointers = true;
            classes_[c->name] = c;
        }
        for (IfaceDecl* d : prog_.ifaces) {
            unique(d->name, d->pos);
            d->type = prog_.make<Type>();
            d->type->kind = TK::Iface;
            d->type->iface = d;
            d->type->name = d->name;
            d->type->size = 8;
            d->type->has_pointers = true;
            ifaces_[d->name] = d;
        }
        for (IfaceDecl* d : prog_.ifaces) {
            std::unordered_map<std::string, int> seen;
            for (IfaceMethod& m : d->methods) {
                if (!seen.emplace(m.name, 0).second) error(m.pos, "method '" + m.name + "' declared twice");
                for (Type*& p : m.params) p = value_type(p, m.pos);
                m.ret = resolve(m.ret);
            }
        }
        for (ClassDecl* c : prog_.classes) {
            std::unordered_map<std::string, int> members;
            c->obj->size = 8;  // the class-id header
            for (Field& f : c->fields) {
                if (!members.emplace(f.name, 0).second) error(f.pos, "'" + f.name + "' declared twice in class " + c->name);
                f.type = value_type(f.type, f.pos);
                c->obj->size += f.type->size;
                c->obj->has_pointers |= f.type->has_pointers;
            }
            for (Function* m : c->methods) {
                std::string short_name = m->name.substr(c->name.size() + 1);
                if (!members.emplace(short_name, 0).second) error(m->pos, "'" + short_name + "' declared twice in class " + c->name);
                m->params[0]->type = c->ref;
                signature(m);
            }
            for (auto& [name, pos] : c->implements_names) {
                auto it = ifaces_.find(name);
                if (it == ifaces_.end()) {
                    error(pos, "unknown interface '" + name + "'");
                    continue;
                }
                IfaceDecl* d = it->second;
                c->implements.push_back(d);
                for (const IfaceMethod& im : d->methods) {
                    Function* m = find_method(c, im.name);
                    bool same = m && m->params.size() == im.params.size() + 1 && m->ret == im.ret;
                    for (std::size_t i = 0; same && i < im.params.size(); ++i) same = m->params[i + 1]->type == im.params[i];
                    if (!same) error(pos, "class " + c->name + " does not implement " + d->name + "." + im.name + " with the same signature");
                }
            }
        }
        for (Function* f : top) {
            unique(f->name, f->pos);
            functions_[f->name] = f;
            signature(f);
            if (f->name == "main") {
                if (!f->params.empty() || f->ret->kind != TK::Void) error(f->pos, "main takes no parameters and returns nothing");
                prog_.main = f;
            }
        }
        for (Var* g : prog_.globals) {
            unique(g->name, g->pos);
            number(g);
            if (g->type) g->type = value_type(g->type, g->pos);
            globals_[g->name] = g;
        }
    }

    void signature(Function* f) {
        std::vector<Type*> ps;
        for (std::size_t i = 0; i < f->params.size(); ++i) {
            Var* p = f->params[i];
            p->owner = f;
            if (!(f->cls && i == 0)) {
                p->type = value_type(p->type, p->pos);
                ps.push_back(p->type);
            }
        }
        f->ret = resolve(f->ret);
        f->fun_type = fun_type(ps, f->ret);
        if (f->ret->kind != TK::Void) {
            Var* r = prog_.make<Var>();
            r->name = "~r0";
            r->pos = f->pos;
            r->type = f->ret;
            r->kind = VarKind::Result;
            r->owner = f;
            f->results.push_back(r);
        }
    }

    void add_function(Function* f) {
        f->id = static_cast<std::uint32_t>(prog_.functions.size());
        prog_.functions.push_back(f);
        for (Var* v : f->params) number(v);
        for (Var* v : f->results) number(v);
    }
    void number(Var* v) { v->id = next_var_id_++; }

    static Function* find_method(ClassDecl* c, const std::string& name) {
        for (Function* m : c->methods)
            if (m->name.size() == c->name.size() + 1 + name.size() && m->name.compare(c->name.size() + 1, name.size(), name) == 0) return m;
        return nullptr;
    }

    // --- bodies ------------------------------------------------------------------------------------
    struct Frame {
        Function* fn;
        std::size_t scope_base;  // first scope entry of this function
        int loops;
    };

    void body(Function* f) {
        Frame fr{f, scope_.size(), 0};
        frames_.push_back(fr);
        for (Var* p : f->params) scope_.push_back(p);
        stmts(f->body);
        scope_.resize(fr.scope_base);
        frames_.pop_back();
    }

    Var* lookup_local(const std::string& n) {
        for (std::size_t i = scope_.size(); i > 0; --i)
            if (scope_[i - 1]->name == n) return scope_[i - 1];
        return nullptr;
    }

    /// A use of v inside the current function: closures between here and v's owner capture it.
    void use(Var* v) {
        if (v->kind == VarKind::Global) return;
        for (std::size_t i = frames_.size(); i > 0; --i) {
            Function* f = frames_[i - 1].fn;
            if (f == v->owner) break;
            v->captured = true;
            bool present = false;
            for (Var* c : f->captures) present |= c == v;
            if (!present) f->captures.push_back(v);
        }
    }

    void stmts(Stmt* s) {
        std::size_t mark = scope_.size();
        for (; s && ok(); s = s->next) stmt(s);
        scope_.resize(mark);
    }

    void declare(Var* v) {
        v->owner = frames_.back().fn;
        number(v);
        frames_.back().fn->locals.push_back(v);
        scope_.push_back(v);
    }

    void stmt(Stmt* s) {
        Function* fn = frames_.back().fn;
        switch (s->op) {
        case SOp::Var: {
            Var* v = s->var;
            Stmt* init = s->next;
            if (!init || init->op != SOp::Assign || !init->define) {  // the variable of a for-each loop
                declare(v);
                return;
            }
            // The initialiser is checked before the variable is in scope.
            init->e1 = expr(init->e1);
            if (!ok()) return;
            if (v->kind == VarKind::Global) {
                if (v->type == nullptr) v->type = init->e1->type;
            } else {
                v->type = v->type ? value_type(v->type, v->pos) : init->e1->type;
                declare(v);
            }
            if (v->type->kind == TK::Nil) error(v->pos, "cannot infer the type of '" + v->name + "' from nil; write its type");
            if (v->type->kind == TK::Void) error(v->pos, "'" + v->name + "' is initialised with a call that returns nothing");
            init->e0->op = Op::Var;
            init->e0->var = v;
            init->e0->type = v->type;
            init->e1 = coerce(init->e1, v->type, init->e1->pos);
            return;
        }
        case SOp::Assign: {
            if (s->define) return;  // checked with its Var
            s->e0 = expr(s->e0);
            if (!ok()) return;
            Op op = s->e0->op;
            if (op != Op::Var && op != Op::Field && op != Op::Index) {
                error(s->e0->pos, "cannot assign to this expression");
                return;
            }
            s->e1 = coerce(expr(s->e1), s->e0->type, s->e1->pos);
            return;
        }
        case SOp::Expr: {
            s->e0 = expr(s->e0);
            if (!ok()) return;
            Op op = s->e0->op;
            if (op != Op::CallStatic && op != Op::CallIface && op != Op::CallValue && op != Op::Builtin)
                error(s->pos, "an expression statement must be a call");
            return;
        }
        case SOp::Return:
            if (s->e0) {
                if (fn->ret->kind == TK::Void) {
                    error(s->pos, "return with a value in a function without result");
                    return;
                }
                s->e0 = coerce(expr(s->e0), fn->ret, s->e0->pos);
            } else if (fn->ret->kind != TK::Void) {
                error(s->pos, "return without a value in a function returning " + fn->ret->name);
            }
            return;
        case SOp::If:
            s->e0 = coerce(expr(s->e0), prog_.t_bool, s->e0->pos);
            stmts(s->body);
            stmts(s->else_body);
            return;
        case SOp::Loop:
            ++frames_.back().loops;
            stmts(s->body);
            --frames_.back().loops;
            stmts(s->post);
            return;
        case SOp::ForEach: {
            s->e2 = expr(s->e2);
            if (!ok()) return;
            if (s->e2->type->kind != TK::Array) {
                error(s->e2->pos, "for-in needs an array or a range a .. b");
                return;
            }
            s->e0->type = prog_.t_int;
            std::size_t mark = scope_.size();
            s->body->var->type = s->e2->type->elem;
            stmt(s->body);  // declares the per-iteration variable
            s->e1->op = Op::Var;
            s->e1->var = s->body->var;
            s->e1->type = s->body->var->type;
            ++frames_.back().loops;
            stmts(s->body->next);
            --frames_.back().loops;
            scope_.resize(mark);
            return;
        }
        case SOp::Break:
        case SOp::Continue:
            if (frames_.back().loops == 0) error(s->pos, "break or continue outside a loop");
            return;
        case SOp::Block: stmts(s->body); return;
        }
    }

    // --- expressions -------------------------------------------------------------------------------
    Expr* node(Op op, Pos p, Type* t, std::string_view src) {
        Expr* e = prog_.make<Expr>();
        e->op = op;
        e->pos = p;
        e->type = t;
        e->src = src;
        return e;
    }

    Expr* coerce(Expr* e, Type* to, Pos p) {
        if (!ok() || !e) return e;
        if (e->type == to) return e;
        if (e->type->kind == TK::Nil && is_ref(to)) {
            e->type = to;
            return e;
        }
        if (e->type->kind == TK::ClassRef && to->kind == TK::Iface) {
            for (IfaceDecl* d : e->type->cls->implements)
                if (d == to->iface) {
                    Expr* c = node(Op::ToIface, e->pos, to, e->src);
                    c->a = e;
                    return c;
                }
        }
        error(p, "cannot use " + std::string(e->src) + " (" + e->type->name + ") as " + to->name);
        return e;
    }

    /// Checks the list starting at head against param types; returns the new head.
    Expr* call_args(Expr* head, const std::vector<Type*>& types, Pos p, const std::string& what) {
        std::size_t n = 0;
        for (Expr* a = head; a; a = a->next) ++n;
        if (n != types.size()) {
            error(p, what + " takes " + std::to_string(types.size()) + " arguments, not " + std::to_string(n));
            return head;
        }
        Expr* out = nullptr;
        Expr** tail = &out;
        std::size_t i = 0;
        for (Expr* a = head; a && ok();) {
            Expr* rest = a->next;
            Expr* c = coerce(expr(a), types[i++], a->pos);
            c->next = nullptr;
            *tail = c;
            tail = &c->next;
            a = rest;
        }
        return out;
    }

    bool printable(const Type* t) { return t->kind == TK::Int || t->kind == TK::Bool || t->kind == TK::String; }

    Expr* builtin(Expr* call, const std::string& name) {
        call->op = Op::Builtin;
        call->text = name;
        call->a = nullptr;
        Expr* out = nullptr;
        Expr** tail = &out;
        std::size_t n = 0;
        for (Expr* a = call->args; a && ok();) {
            Expr* rest = a->next;
            Expr* c = expr(a);
            c->next = nullptr;
            *tail = c;
            tail = &c->next;
            a = rest;
            ++n;
        }
        call->args = out;
        if (!ok()) return call;
        auto want = [&](std::size_t k) {
            if (n != k) error(call->pos, name + " takes " + std::to_string(k) + " arguments");
            return n == k;
        };
        Expr* x = call->args;
        if (name == "print") {
            call->type = prog_.t_void;
            for (Expr* a = x; a; a = a->next)
                if (!printable(a->type)) error(a->pos, "print takes int, bool and string values, not " + a->type->name);
        } else if (name == "len") {
            call->type = prog_.t_int;
            if (want(1) && x->type->kind != TK::Array && x->type->kind != TK::String) error(x->pos, "len takes an array or a string");
        } else if (name == "at") {
            call->type = prog_.t_int;
            if (want(2)) {
                call->args = coerce(x, prog_.t_string, x->pos);
                call->args->next = coerce(x->next, prog_.t_int, x->next->pos);
            }
        } else if (name == "arg") {
            call->type = prog_.t_int;
            if (want(2)) {
                call->args = coerce(x, prog_.t_int, x->pos);
                call->args->next = coerce(x->next, prog_.t_int, x->next->pos);
            }
        } else if (name == "assert") {
            call->type = prog_.t_void;
            if (want(1)) call->args = coerce(x, prog_.t_bool, x->pos);
        } else {  // substr(s, i, j): shares s's bytes
            call->op = Op::Substr;
            call->type = prog_.t_string;
            if (want(3)) {
                call->a = coerce(x, prog_.t_string, x->pos);
                Expr* i = coerce(x->next, prog_.t_int, x->next->pos);
                Expr* j = coerce(x->next->next, prog_.t_int, x->next->next->pos);
                call->a->next = nullptr;
                i->next = j;
                j->next = nullptr;
                call->args = i;
            }
        }
        return call;
    }

    Expr* call(Expr* e) {
        Expr* callee = e->a;
        if (callee->op == Op::Name && !lookup_local(callee->text)) {
            for (const char* b : kBuiltins)
                if (callee->text == b) return builtin(e, callee->text);
            auto f = functions_.find(callee->text);
            if (f != functions_.end()) {
                e->op = Op::CallStatic;
                e->fn = f->second;
                e->a = nullptr;
                e->type = f->second->ret;
                e->args = call_args(e->args, f->second->fun_type->params, e->pos, f->second->name);
                return e;
            }
        }
        if (callee->op == Op::Field) {
            Expr* recv = expr(callee->a);
            if (!ok()) return e;
            if (recv->type->kind == TK::ClassRef) {
                if (Function* m = find_method(recv->type->cls, callee->text)) {
                    e->op = Op::CallStatic;
                    e->fn = m;
                    e->a = nullptr;
                    e->type = m->ret;
                    e->args = call_args(e->args, m->fun_type->params, e->pos, m->name);
                    recv->next = e->args;
                    e->args = recv;
                    return e;
                }
            } else if (recv->type->kind == TK::Iface) {
                for (const IfaceMethod& im : recv->type->iface->methods)
                    if (im.name == callee->text) {
                        e->op = Op::CallIface;
                        e->a = recv;
                        e->text = im.name;
                        e->type = im.ret;
                        e->args = call_args(e->args, im.params, e->pos, recv->type->name + "." + im.name);
                        return e;
                    }
                error(callee->pos, "interface " + recv->type->name + " has no method '" + callee->text + "'");
                return e;
            }
            callee->a = recv;  // a field holding a function value
        }
        Expr* f = callee->op == Op::Field ? field(callee) : expr(callee);
        if (!ok()) return e;
        if (f->type->kind != TK::Fun) {
            error(e->pos, std::string(f->src) + " is not a function");
            return e;
        }
        e->op = Op::CallValue;
        e->a = f;
        e->type = f->type->ret;
        e->args = call_args(e->args, f->type->params, e->pos, std::string(f->src));
        return e;
    }

    Expr* lambda(Expr* e) {
        Function* f = e->fn;
        Function* parent = frames_.back().fn;
        f->parent = parent;
        f->name = parent->name + ".func" + std::to_string(++parent->lambda_count);
        signature(f);
        add_function(f);
        e->type = f->fun_type;
        int loops = frames_.back().loops;
        frames_.back().loops = 0;
        Frame fr{f, scope_.size(), 0};
        frames_.push_back(fr);
        for (Var* p : f->params) scope_.push_back(p);
        stmts(f->body);
        scope_.resize(fr.scope_base);
        frames_.pop_back();
        frames_.back().loops = loops;
        return e;
    }

    Expr* expr(Expr* e) {
        if (!ok() || !e) return e;
        switch (e->op) {
        case Op::Int: e->type = prog_.t_int; return e;
        case Op::Str: e->type = prog_.t_string; return e;
        case Op::Bool: e->type = prog_.t_bool; return e;
        case Op::Nil: e->type = prog_.t_nil; return e;
        case Op::Name: {
            if (Var* v = lookup_local(e->text)) {
                use(v);
                e->op = Op::Var;
                e->var = v;
                e->type = v->type;
                return e;
            }
            auto g = globals_.find(e->text);
            if (g != globals_.end()) {
                if (!g->second->type) {
                    error(e->pos, "global '" + e->text + "' is used before its declaration");
                    return e;
                }
                e->op = Op::Var;
                e->var = g->second;
                e->type = g->second->type;
                return e;
            }
            auto f = functions_.find(e->text);
            if (f != functions_.end()) {
                e->op = Op::Func;
                e->fn = f->second;
                e->type = f->second->fun_type;
                return e;
            }
            error(e->pos, "unknown name '" + e->text + "'");
            return e;
        }
        case Op::Unary: {
            bool neg = e->text == "-";
            e->a = coerce(expr(e->a), neg ? prog_.t_int : prog_.t_bool, e->pos);
            e->type = neg ? prog_.t_int : prog_.t_bool;
            return e;
        }
        case Op::And:
        case Op::Or:
            e->a = coerce(expr(e->a), prog_.t_bool, e->pos);
            e->b = coerce(expr(e->b), prog_.t_bool, e->pos);
            e->type = prog_.t_bool;
            return e;
        case Op::Binary: {
            e->a = expr(e->a);
            e->b = expr(e->b);
            if (!ok()) return e;
            const std::string& o = e->text;
            if (o == "==" || o == "!=") {
                e->type = prog_.t_bool;
                Type *ta = e->a->type, *tb = e->b->type;
                if (ta->kind == TK::Nil && is_ref(tb)) e->a->type = tb;
                else if (tb->kind == TK::Nil && is_ref(ta)) e->b->type = ta;
                else if (ta != tb || ta->kind == TK::Nil) error(e->pos, "cannot compare " + ta->name + " with " + tb->name);
                return e;
            }
            e->a = coerce(e->a, prog_.t_int, e->a->pos);
            e->b = coerce(e->b, prog_.t_int, e->b->pos);
            bool cmp = o == "<" || o == "<=" || o == ">" || o == ">=";
            e->type = cmp ? prog_.t_bool : prog_.t_int;
            return e;
        }
        case Op::Field:
            e->a = expr(e->a);
            return field(e);
        case Op::Index:
            e->a = expr(e->a);
            e->b = coerce(expr(e->b), prog_.t_int, e->pos);
            if (!ok()) return e;
            if (e->a->type->kind != TK::Array) {
                error(e->pos, "only arrays can be indexed (use at(s, i) for the bytes of a string)");
                return e;
            }
            e->type = e->a->type->elem;
            return e;
        case Op::New: {
            Expr* lit = e->a;
            auto it = classes_.find(lit->text);
            if (it == classes_.end()) {
                error(lit->pos, "unknown class '" + lit->text + "'");
                return e;
            }
            ClassDecl* c = it->second;
            std::vector<Expr*> values(c->fields.size(), nullptr);
            for (Expr* init = lit->args; init && ok(); init = init->next) {
                std::size_t i = 0;
                while (i < c->fields.size() && c->fields[i].name != init->text) ++i;
                if (i == c->fields.size()) error(init->pos, "class " + c->name + " has no field '" + init->text + "'");
                else if (values[i]) error(init->pos, "field '" + init->text + "' given twice");
                else values[i] = coerce(expr(init->a), c->fields[i].type, init->pos);
            }
            if (!ok()) return e;
            Expr** tail = &lit->args;
            for (std::size_t i = 0; i < values.size(); ++i) {
                Expr* v = values[i];
                if (!v) v = zero(c->fields[i].type, lit->pos);
                v->next = nullptr;
                *tail = v;
                tail = &v->next;
            }
            *tail = nullptr;
            lit->type = c->obj;
            e->type = c->ref;
            return e;
        }
        case Op::NewArray:
            e->type = array_of(value_type(e->type->elem, e->pos));
            e->a = coerce(expr(e->a), prog_.t_int, e->pos);
            return e;
        case Op::ArrayLit: {
            Expr* first = expr(e->args);
            if (!ok()) return e;
            if (first->type->kind == TK::Nil) {
                error(first->pos, "the first element of an array literal gives its type and cannot be nil");
                return e;
            }
            Type* elem = first->type;
            Expr* rest = first->next;
            first->next = nullptr;
            e->args = first;
            Expr** tail = &first->next;
            while (rest && ok()) {
                Expr* r = rest->next;
                Expr* c = coerce(expr(rest), elem, rest->pos);
                c->next = nullptr;
                *tail = c;
                tail = &c->next;
                rest = r;
            }
            e->type = array_of(elem);
            return e;
        }
        case Op::Lambda: return lambda(e);
        case Op::Call: return call(e);
        default: error(e->pos, "internal error: unexpected expression"); return e;
        }
    }

    /// a.name where a is checked: a field read through a class reference.
    Expr* field(Expr* e) {
        if (!ok()) return e;
        if (e->a->type->kind != TK::ClassRef) {
            error(e->pos, std::string(e->a->src) + " (" + e->a->type->name + ") has no fields");
            return e;
        }
        ClassDecl* c = e->a->type->cls;
        for (std::size_t i = 0; i < c->fields.size(); ++i)
            if (c->fields[i].name == e->text) {
                e->field = static_cast<int>(i);
                e->type = c->fields[i].type;
                return e;
            }
        if (find_method(c, e->text)) error(e->pos, "method values are not supported: call " + c->name + "." + e->text + " or wrap it in fun(...) {...}");
        else error(e->pos, "class " + c->name + " has no field '" + e->text + "'");
        return e;
    }

    Expr* zero(Type* t, Pos p) {
        Expr* z = node(Op::Int, p, t, "0");
        switch (t->kind) {
        case TK::Bool: z->op = Op::Bool; z->src = "false"; break;
        case TK::String: z->op = Op::Str; z->src = "\"\""; break;
        case TK::Int: break;
        default: z->op = Op::Nil; z->src = "nil"; break;
        }
        return z;
    }

    Program& prog_;
    Diag& diag_;
    std::unordered_map<std::string, int> names_;
    std::unordered_map<std::string, ClassDecl*> classes_;
    std::unordered_map<std::string, IfaceDecl*> ifaces_;
    std::unordered_map<std::string, Function*> functions_;
    std::unordered_map<std::string, Var*> globals_;
    std::unordered_map<Type*, Type*> arrays_;
    std::unordered_map<std::string, Type*> funs_;
    std::vector<Var*> scope_;
    std::vector<Frame> frames_;
    std::uint32_t next_var_id_ = 1;
};

}  // namespace

bool check(Program& prog, Diag& diag) {
    Checker c(prog, diag);
    return c.run();
}

}  // namespace hobby
