// tests/support/oracle_gen.hpp - the soundness oracle's random program generator (docs/soundness.md).
//
// generate(seed, options) returns a well-formed text-IR program: the same seed gives the same text
// on every platform. Programs use a fixed set of types (structs with pointer fields, a
// pointer-shaped struct, a struct that is boxed in an interface, an interface with three
// implementations, function values, slices, arrays, maps, strings) and exercise static calls,
// dynamic calls, function values, closures capturing by value and by reference (directly called or
// escaping), method values, loops, ranges, stores through pointers (also of a parameter into what
// another parameter points to), fields, globals, results,
// recursion, new/&T{}/make/literals, interface boxing, defer and go.
//
// Termination: loop trip counts and branches are chosen by the interpreter. Unconditional calls
// only go to functions later in a fixed order (a DAG); recursive, dynamic and function-value calls
// only appear where a call-free path exists (a then-branch without an else that calls, or a loop
// body); when the interpreter's fuel runs out it takes those paths (oracle_vm.hpp).
//
// Test-only code. The generator recurses over its own nesting, which is bounded by the options.
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_GEN_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_GEN_HPP

#include "oracle_common.hpp"

namespace escapade_oracle {

struct gen_options {
    std::uint32_t min_funcs = 2, max_funcs = 6;  ///< top-level functions besides main and methods
    std::uint32_t max_stmts = 7;                 ///< statements per block
    std::uint32_t max_nesting = 3;               ///< nested blocks (if/for/range) per function
    std::uint32_t max_expr_depth = 3;
    std::uint32_t max_closure_nesting = 2;
};

namespace gen_detail {

enum gt : std::uint8_t { Int, PInt, PPInt, S, PS, T, U, PU, SliceP, ArrP, I, Fn, MapP, Str, Bytes, Bool, num_types };

inline const char* type_text(gt t) {
    switch (t) {
    case Int: return "int";
    case PInt: return "*int";
    case PPInt: return "**int";
    case S: return "S";
    case PS: return "*S";
    case T: return "T";
    case U: return "U";
    case PU: return "*U";
    case SliceP: return "[]*int";
    case ArrP: return "[2]*int";
    case I: return "I";
    case Fn: return "func(*int) *int";
    case MapP: return "map[int]*int";
    case Str: return "string";
    case Bytes: return "[]byte";
    case Bool: return "bool";
    default: return "int";
    }
}

struct var {
    std::string name;
    gt type;
    bool global = false;
};

struct func_sig {
    std::string name;
    std::vector<gt> params;
    std::vector<gt> results;
    bool named_results = false;
    std::uint32_t order = 0;  ///< position in the call DAG
    bool method = false;
    std::string recv_type;    ///< "*S", "T", "U"
};

class generator {
public:
    generator(std::uint64_t seed, const gen_options& o) : r_(seed), o_(o) {}

    std::string run() {
        out_.clear();
        line("module gen");
        line("");
        line("type S struct {");
        line("    p *int");
        line("    q *S");
        line("    n int");
        line("}");
        line("");
        line("type T struct {");
        line("    p *int");
        line("}");
        line("");
        line("type U struct {");
        line("    a [2]*int");
        line("    n int");
        line("}");
        line("");
        line("type I interface {");
        line("    M(p *int) *int");
        line("}");
        line("");
        const gt gtypes[] = {Int, PInt, PPInt, PS, S, SliceP, ArrP, I, Fn, MapP, Str, Bytes};
        int gi = 0;
        for (gt t : gtypes) {
            globals_.push_back(var{strf("G%d", gi++), t, true});
            line(strf("var %s %s", globals_.back().name.c_str(), type_text(t)));
        }
        line("");
        // Signatures: main first, then functions and the three methods of I in a random order.
        std::uint32_t nf = o_.min_funcs + r_.below(o_.max_funcs - o_.min_funcs + 1);
        std::vector<func_sig> fs;
        for (std::uint32_t i = 0; i < nf; ++i) {
            func_sig f;
            f.name = strf("f%u", i);
            std::uint32_t np = r_.below(4);
            for (std::uint32_t k = 0; k < np; ++k) f.params.push_back(value_type());
            std::uint32_t nr = r_.below(10) < 3 ? 0 : (r_.below(10) < 7 ? 1 : 2);
            for (std::uint32_t k = 0; k < nr; ++k) f.results.push_back(value_type());
            f.named_results = nr > 0 && r_.below(3) == 0;
            fs.push_back(f);
        }
        for (const char* rt : {"*S", "T", "U"}) {
            func_sig f;
            f.name = "M";
            f.method = true;
            f.recv_type = rt;
            f.params = {PInt};
            f.results = {PInt};
            fs.push_back(f);
        }
        for (std::size_t i = fs.size(); i > 1; --i) std::swap(fs[i - 1], fs[r_.below(static_cast<std::uint32_t>(i))]);
        func_sig mainf;
        mainf.name = "main";
        funcs_.push_back(mainf);
        for (func_sig& f : fs) funcs_.push_back(f);
        for (std::size_t i = 0; i < funcs_.size(); ++i) funcs_[i].order = static_cast<std::uint32_t>(i);
        // init: every global starts non-nil (fewer nil dereferences in the runs). Its own order is
        // after every function, so it makes no calls.
        line("func init() {");
        indent_ = 1;
        for (const var& g : globals_) {
            std::string e;
            switch (g.type) {
            case PInt: e = "new(int)"; break;
            case PPInt: e = "new(*int)"; break;
            case PS: e = "&S{p: new(int), q: &S{p: new(int)}}"; break;
            case S: e = "S{p: new(int), q: &S{}}"; break;
            case SliceP: e = "[]*int{new(int), new(int)}"; break;
            case ArrP: e = "[2]*int{new(int), new(int)}"; break;
            case I: e = "I(&S{p: new(int)})"; break;
            case MapP: e = "map[int]*int{0: new(int), 1: new(int)}"; break;
            case Bytes: e = "[]byte(\"abc\")"; break;
            default: break;
            }
            if (!e.empty()) emit(g.name + " = " + e);
        }
        emit("*" + global_of(PPInt) + " = new(int)");
        indent_ = 0;
        line("}");
        line("");
        for (std::size_t i = 0; i < funcs_.size(); ++i) function(i);
        return out_;
    }

private:
    // ---- output ------------------------------------------------------------------------------------
    void line(const std::string& s) {
        out_ += s;
        out_ += '\n';
    }
    std::string ind() const { return std::string(static_cast<std::size_t>(indent_) * 4, ' '); }
    void emit(const std::string& s) { line(ind() + s); }

    gt value_type() {
        static const gt pool[] = {PInt, PInt, PInt, PS, PS, S, Int, SliceP, I, I, Fn, PPInt, ArrP, MapP, T, U, PU, Str, Bytes};
        return pool[r_.below(sizeof pool / sizeof pool[0])];
    }

    // ---- scopes ------------------------------------------------------------------------------------
    struct scope {
        std::vector<var> vars;
    };
    std::vector<var> visible(gt t) const {
        std::vector<var> vs;
        for (const var& g : globals_)
            if (g.type == t) vs.push_back(g);
        for (const scope& sc : scopes_)
            for (const var& v : sc.vars)
                if (v.type == t) vs.push_back(v);
        return vs;
    }
    bool pick_var(gt t, std::string* out, bool locals_first = true) {
        std::vector<var> vs = visible(t);
        if (vs.empty()) return false;
        if (locals_first) {
            std::vector<var> ls;
            for (const var& v : vs)
                if (!v.global) ls.push_back(v);
            if (!ls.empty() && r_.below(4) != 0) vs = ls;
        }
        *out = vs[r_.below(static_cast<std::uint32_t>(vs.size()))].name;
        return true;
    }
    std::string global_of(gt t) const {
        for (const var& g : globals_)
            if (g.type == t) return g.name;
        return "_";
    }
    std::string fresh(const char* prefix) { return strf("%s%u", prefix, counter_++); }
    void declare(const std::string& name, gt t) { scopes_.back().vars.push_back(var{name, t, false}); }

    // ---- calls ---------------------------------------------------------------------------------------
    /// May a call to function index `callee` be made here?
    bool call_ok(std::size_t callee) const {
        if (no_calls_) return false;
        if (guarded_) return true;
        return funcs_[callee].order > cur_order_ && !funcs_[callee].method;
    }
    bool dynamic_ok() const { return !no_calls_ && guarded_; }

    std::string args_for(const func_sig& f, std::uint32_t depth) {
        std::string s;
        for (std::size_t i = 0; i < f.params.size(); ++i) {
            if (i) s += ", ";
            s += expr(f.params[i], depth + 1);
        }
        return s;
    }

    // ---- expressions ---------------------------------------------------------------------------------
    std::string int_lit() { return strf("%u", r_.below(3)); }

    std::string lvalue(gt t) {
        // Assignable expressions of type t.
        std::string v;
        for (int attempt = 0; attempt < 6; ++attempt) {
            switch (r_.below(7)) {
            case 0:
            case 1:
            case 2:
                if (pick_var(t, &v)) return v;
                break;
            case 3:
                if (t == PInt) {
                    if (pick_var(PPInt, &v)) return "*" + v;
                    if (pick_var(S, &v)) return v + ".p";
                    if (pick_var(PS, &v)) return v + ".p";
                    if (pick_var(T, &v)) return v + ".p";
                } else if (t == Int) {
                    if (pick_var(PInt, &v)) return "*" + v;
                    if (pick_var(PS, &v)) return v + ".n";
                } else if (t == PS) {
                    if (pick_var(PS, &v)) return v + ".q";
                    if (pick_var(S, &v)) return v + ".q";
                } else if (t == S) {
                    if (pick_var(PS, &v)) return "*" + v;
                }
                break;
            case 4:
                if (t == PInt) {
                    if (pick_var(SliceP, &v)) return v + "[" + int_lit() + "]";
                    if (pick_var(ArrP, &v)) return v + "[" + int_lit() + "]";
                }
                break;
            case 5:
                if (t == PInt) {
                    if (pick_var(MapP, &v)) return v + "[" + int_lit() + "]";
                    if (pick_var(U, &v)) return v + ".a[" + int_lit() + "]";
                    if (pick_var(PU, &v)) return v + ".a[" + int_lit() + "]";
                }
                break;
            default:
                if (t == PInt && pick_var(PS, &v)) return v + ".q.p";
                break;
            }
        }
        if (pick_var(t, &v)) return v;
        return "_";
    }

    /// A closure literal of type func(*int) *int, declared before the current statement; returns its name.
    std::string closure_literal(std::uint32_t depth) {
        if (closure_nesting_ >= o_.max_closure_nesting) return std::string();
        std::string name = fresh("c");
        std::string pname = fresh("cp");
        emit(strf("func %s(%s *int) *int {", name.c_str(), pname.c_str()));
        ++indent_;
        ++closure_nesting_;
        bool saved_guard = guarded_, saved_nocalls = no_calls_, saved_named = named_results_;
        std::uint32_t saved_nesting = nesting_;
        std::vector<gt> saved_results = results_;
        results_ = {PInt};
        named_results_ = false;
        guarded_ = false;
        no_calls_ = false;
        nesting_ = 0;
        scopes_.push_back(scope{});
        declare(pname, PInt);
        block_body(1 + r_.below(3));
        emit("return " + expr(PInt, depth + 1));
        scopes_.pop_back();
        nesting_ = saved_nesting;
        results_ = saved_results;
        named_results_ = saved_named;
        guarded_ = saved_guard;
        no_calls_ = saved_nocalls;
        --closure_nesting_;
        --indent_;
        emit("}");
        return name;
    }

    std::string call_expr(gt t, std::uint32_t depth) {
        // A call returning exactly one value of type t: static, dynamic, function value, closure.
        std::vector<std::size_t> cands;
        for (std::size_t i = 0; i < funcs_.size(); ++i)
            if (!funcs_[i].method && funcs_[i].results.size() == 1 && funcs_[i].results[0] == t && call_ok(i)) cands.push_back(i);
        std::uint32_t k = r_.below(5);
        std::string v;
        if (t == PInt && k == 1 && dynamic_ok() && pick_var(I, &v)) return v + ".M(" + expr(PInt, depth + 1) + ")";
        if (t == PInt && k == 2 && dynamic_ok() && pick_var(Fn, &v)) return v + "(" + expr(PInt, depth + 1) + ")";
        if (t == PInt && k == 3 && !no_calls_) {
            // A closure called directly (gc's ClosureCalled); its body follows the same rules.
            std::string c = closure_literal(depth);
            if (!c.empty()) return c + "(" + expr(PInt, depth + 1) + ")";
        }
        if (t == PInt && k == 4 && dynamic_ok()) {
            // Static method calls (the reader adjusts the receiver: &x or *p).
            std::uint32_t w = r_.below(4);
            if (w == 0 && pick_var(PS, &v)) return v + ".M(" + expr(PInt, depth + 1) + ")";
            if (w == 1 && pick_var(S, &v)) return v + ".M(" + expr(PInt, depth + 1) + ")";
            if (w == 2 && pick_var(T, &v)) return v + ".M(" + expr(PInt, depth + 1) + ")";
            if (w == 3 && pick_var(PU, &v)) return v + ".M(" + expr(PInt, depth + 1) + ")";
        }
        if (cands.empty()) return std::string();
        const func_sig& f = funcs_[cands[r_.below(static_cast<std::uint32_t>(cands.size()))]];
        return f.name + "(" + args_for(f, depth) + ")";
    }

    std::string expr(gt t, std::uint32_t depth) {
        std::string v;
        bool leaf = depth >= o_.max_expr_depth;
        for (int attempt = 0; attempt < 8; ++attempt) {
            std::uint32_t k = leaf ? r_.below(3) : r_.below(12);
            if (k <= 1 && pick_var(t, &v)) return v;
            if (k == 2 && leaf) break;
            if (k >= 9) {
                std::string c = call_expr(t, depth);
                if (!c.empty()) return c;
                continue;
            }
            std::string e = form(t, depth);
            if (!e.empty()) return e;
        }
        return zero(t, depth);
    }

    /// The simplest value of type t.
    std::string zero(gt t, std::uint32_t depth) {
        switch (t) {
        case Int: return int_lit();
        case Bool: return r_.below(2) ? "true" : "false";
        case PInt: return r_.below(3) == 0 ? "nil" : "new(int)";
        case PPInt: return "new(*int)";
        case S: return "S{}";
        case PS: return "&S{}";
        case T: return "T{}";
        case U: return "U{}";
        case PU: return "&U{}";
        case SliceP: return "[]*int{}";
        case ArrP: return "[2]*int{}";
        case I: return depth < o_.max_expr_depth ? "I(&S{})" : "nil";
        case Fn: return "nil";
        case MapP: return "make(map[int]*int)";
        case Str: return "\"s\"";
        case Bytes: return "[]byte(\"ab\")";
        default: return "0";
        }
    }

    std::string form(gt t, std::uint32_t d) {
        std::string v;
        std::uint32_t k = r_.below(8);
        switch (t) {
        case Int:
            switch (k) {
            case 0: return int_lit();
            case 1: if (pick_var(PInt, &v)) return "*" + v; break;
            case 2: if (pick_var(S, &v)) return v + ".n"; break;
            case 3: if (pick_var(PS, &v)) return v + ".n"; break;
            case 4: if (pick_var(SliceP, &v)) return "len(" + v + ")"; break;
            case 5: return "op(" + expr(Int, d + 1) + ", " + int_lit() + ")";
            case 6: if (pick_var(MapP, &v)) return "len(" + v + ")"; break;
            default: if (pick_var(U, &v)) return v + ".n"; break;
            }
            return std::string();
        case PInt:
            switch (k) {
            case 0: if (pick_var(Int, &v)) return "&" + v; break;
            case 1: return "new(int)";
            case 2:
                if (pick_var(S, &v)) return r_.below(2) ? v + ".p" : "&" + v + ".n";
                break;
            case 3:
                if (pick_var(PS, &v)) return r_.below(2) ? v + ".p" : "&" + v + ".n";
                break;
            case 4:
                if (pick_var(PPInt, &v)) return "*" + v;
                if (pick_var(T, &v)) return v + ".p";
                break;
            case 5:
                if (pick_var(SliceP, &v)) return v + "[" + int_lit() + "]";
                if (pick_var(ArrP, &v)) return v + "[" + int_lit() + "]";
                break;
            case 6:
                if (pick_var(MapP, &v)) return v + "[" + int_lit() + "]";
                if (pick_var(U, &v)) return v + ".a[" + int_lit() + "]";
                break;
            default:
                if (pick_var(PU, &v)) return v + ".a[" + int_lit() + "]";
                if (pick_var(PS, &v)) return v + ".q.p";
                break;
            }
            return std::string();
        case PPInt:
            switch (k) {
            case 0: if (pick_var(PInt, &v)) return "&" + v; break;
            case 1: return "new(*int)";
            case 2: if (pick_var(S, &v)) return "&" + v + ".p"; break;
            case 3: if (pick_var(PS, &v)) return "&" + v + ".p"; break;
            case 4: if (pick_var(SliceP, &v)) return "&" + v + "[" + int_lit() + "]"; break;
            case 5: if (pick_var(ArrP, &v)) return "&" + v + "[" + int_lit() + "]"; break;
            default: if (pick_var(U, &v)) return "&" + v + ".a[" + int_lit() + "]"; break;
            }
            return std::string();
        case S:
            switch (k) {
            case 0:
            case 1: return "S{p: " + expr(PInt, d + 1) + ", q: " + expr(PS, d + 1) + "}";
            case 2: return "S{" + expr(PInt, d + 1) + ", " + expr(PS, d + 1) + ", " + expr(Int, d + 1) + "}";
            case 3: if (pick_var(PS, &v)) return "*" + v; break;
            default: return "S{n: " + int_lit() + "}";
            }
            return std::string();
        case PS:
            switch (k) {
            case 0:
            case 1: return "&S{p: " + expr(PInt, d + 1) + ", q: " + expr(PS, d + 1) + "}";
            case 2: return "new(S)";
            case 3: if (pick_var(S, &v)) return "&" + v; break;
            case 4: if (pick_var(PS, &v)) return v + ".q"; break;
            case 5: if (pick_var(S, &v)) return v + ".q"; break;
            case 6: if (pick_var(I, &v)) return v + ".(*S)"; break;
            default: return "&S{q: " + expr(PS, d + 1) + "}";
            }
            return std::string();
        case T:
            switch (k) {
            case 0:
            case 1:
            case 2: return "T{p: " + expr(PInt, d + 1) + "}";
            case 3: if (pick_var(I, &v)) return v + ".(T)"; break;
            default: return "T{" + expr(PInt, d + 1) + "}";
            }
            return std::string();
        case U:
            switch (k) {
            case 0:
            case 1:
            case 2: return "U{a: " + expr(ArrP, d + 1) + ", n: " + int_lit() + "}";
            case 3: if (pick_var(PU, &v)) return "*" + v; break;
            case 4: if (pick_var(I, &v)) return v + ".(U)"; break;
            default: return "U{}";
            }
            return std::string();
        case PU:
            switch (k) {
            case 0:
            case 1: return "&U{a: " + expr(ArrP, d + 1) + "}";
            case 2: return "new(U)";
            case 3: if (pick_var(U, &v)) return "&" + v; break;
            case 4: if (pick_var(I, &v)) return v + ".(*U)"; break;
            default: return "&U{}";
            }
            return std::string();
        case SliceP:
            switch (k) {
            case 0: return "[]*int{" + expr(PInt, d + 1) + ", " + expr(PInt, d + 1) + "}";
            case 1: return strf("make([]*int, %u)", 1 + r_.below(3));
            case 2:
                if (pick_var(Int, &v)) return "make([]*int, " + v + ")";
                return strf("make([]*int, 1, %u)", 2 + r_.below(3));
            case 3: if (pick_var(SliceP, &v)) return v + "[" + int_lit() + ":]"; break;
            case 4: if (pick_var(ArrP, &v)) return v + "[:]"; break;
            case 5: if (pick_var(SliceP, &v)) return "append(" + v + ", " + expr(PInt, d + 1) + ")"; break;
            case 6:
                if (pick_var(SliceP, &v)) {
                    std::string w;
                    if (pick_var(SliceP, &w)) return "append(" + v + ", " + w + "...)";
                }
                break;
            default: if (pick_var(U, &v)) return v + ".a[:]"; break;
            }
            return std::string();
        case ArrP:
            switch (k) {
            case 0:
            case 1:
            case 2: return "[2]*int{" + expr(PInt, d + 1) + ", " + expr(PInt, d + 1) + "}";
            case 3: if (pick_var(U, &v)) return v + ".a"; break;
            case 4: if (pick_var(PU, &v)) return v + ".a"; break;
            default: return "[2]*int{" + expr(PInt, d + 1) + "}";
            }
            return std::string();
        case I:
            switch (k) {
            case 0:
            case 1: return "I(" + expr(PS, d + 1) + ")";
            case 2: return "I(" + expr(T, d + 1) + ")";
            case 3: return "I(" + expr(U, d + 1) + ")";
            case 4: return "I(" + expr(PU, d + 1) + ")";
            case 5: if (pick_var(S, &v)) return "I(&" + v + ")"; break;
            default: return "I(" + zero(PS, d) + ")";
            }
            return std::string();
        case Fn: {
            std::vector<std::size_t> fs;
            for (std::size_t i = 1; i < funcs_.size(); ++i)
                if (!funcs_[i].method && funcs_[i].params.size() == 1 && funcs_[i].params[0] == PInt && funcs_[i].results.size() == 1 &&
                    funcs_[i].results[0] == PInt)
                    fs.push_back(i);
            switch (k) {
            case 0:
            case 1: {
                std::string c = closure_literal(d);
                if (!c.empty()) return c;
                break;
            }
            case 2: if (!fs.empty()) return funcs_[fs[r_.below(static_cast<std::uint32_t>(fs.size()))]].name; break;
            case 3: if (pick_var(PS, &v)) return v + ".M"; break;
            case 4: if (pick_var(S, &v)) return v + ".M"; break;  // Go binds &v
            case 5: if (pick_var(I, &v)) return v + ".M"; break;
            case 6:
                if (pick_var(T, &v)) return v + ".M";
                if (pick_var(U, &v)) return v + ".M";
                break;
            default: if (pick_var(PU, &v)) return v + ".M"; break;  // the U value is copied
            }
            return std::string();
        }
        case MapP:
            switch (k) {
            case 0:
            case 1: return "make(map[int]*int)";
            case 2:
            case 3: return "map[int]*int{" + int_lit() + ": " + expr(PInt, d + 1) + "}";
            default: return "make(map[int]*int, " + int_lit() + ")";
            }
        case Str:
            switch (k) {
            case 0: return "\"abc\"";
            case 1:
            case 2: return "concat(" + expr(Str, d + 1) + ", " + expr(Str, d + 1) + ")";
            case 3: if (pick_var(Bytes, &v)) return "string(" + v + ")"; break;
            case 4: if (pick_var(Str, &v)) return v + "[" + int_lit() + ":]"; break;
            default: return "\"x\"";
            }
            return std::string();
        case Bytes:
            switch (k) {
            case 0:
            case 1: return "[]byte(" + expr(Str, d + 1) + ")";
            case 2: return strf("make([]byte, %u)", 1 + r_.below(4));
            case 3: if (pick_var(Bytes, &v)) return v + "[" + int_lit() + ":]"; break;
            case 4: if (pick_var(Bytes, &v)) return "append(" + v + ", " + int_lit() + ")"; break;
            default: return "[]byte{" + int_lit() + "}";
            }
            return std::string();
        default: return std::string();
        }
        return std::string();
    }

    // ---- statements ---------------------------------------------------------------------------------------
    void block_body(std::uint32_t n) {
        for (std::uint32_t i = 0; i < n; ++i) statement();
    }

    void nested_block(bool guard, bool nocalls, std::uint32_t n) {
        bool sg = guarded_, sn = no_calls_;
        guarded_ = guarded_ || guard;
        no_calls_ = no_calls_ || nocalls;
        ++indent_;
        ++nesting_;
        scopes_.push_back(scope{});
        block_body(n);
        scopes_.pop_back();
        --nesting_;
        --indent_;
        guarded_ = sg;
        no_calls_ = sn;
    }

    void statement() {
        std::uint32_t k = r_.below(100);
        bool can_nest = nesting_ < o_.max_nesting;
        if (k < 22) {  // declaration
            gt t = value_type();
            std::string name = fresh("x");
            std::uint32_t form = r_.below(6) == 0 ? 0 : 1 + r_.below(2);
            if (form == 0) {
                emit(strf("var %s %s", name.c_str(), type_text(t)));
            } else {
                std::string e = expr(t, 0);
                if (form == 1 && e != "nil") emit(name + " := " + e);
                else emit(strf("var %s %s = %s", name.c_str(), type_text(t), e.c_str()));
            }
            declare(name, t);
            return;
        }
        if (k < 50) {  // assignment
            gt t = value_type();
            if (r_.below(3) == 0) t = PInt;
            std::string lv = lvalue(t);
            std::string e = expr(t, 0);
            emit(lv + " = " + e);
            return;
        }
        if (k < 58) {  // call statement
            std::vector<std::size_t> cs;
            for (std::size_t i = 1; i < funcs_.size(); ++i)
                if (!funcs_[i].method && call_ok(i)) cs.push_back(i);
            std::string v;
            if (dynamic_ok() && r_.below(3) == 0 && pick_var(I, &v)) {
                emit(v + ".M(" + expr(PInt, 1) + ")");
                return;
            }
            if (dynamic_ok() && r_.below(3) == 0 && pick_var(Fn, &v)) {
                emit(v + "(" + expr(PInt, 1) + ")");
                return;
            }
            if (cs.empty()) return;
            const func_sig& f = funcs_[cs[r_.below(static_cast<std::uint32_t>(cs.size()))]];
            std::string call = f.name + "(" + args_for(f, 0) + ")";
            if (f.results.size() >= 2 && r_.below(2) == 0) {
                std::string a = fresh("x"), b = fresh("x");
                emit(a + ", " + b + " := " + call);
                declare(a, f.results[0]);
                declare(b, f.results[1]);
            } else {
                emit(call);
            }
            return;
        }
        if (k < 68 && can_nest) {  // if / if-else
            emit("if {");
            nested_block(true, false, 1 + r_.below(o_.max_stmts / 2 + 1));
            if (r_.below(3) == 0 && !results_.empty() && r_.below(2) == 0) {
                ++indent_;
                emit(return_stmt());
                --indent_;
            }
            if (r_.below(2) == 0) {
                emit("} else {");
                nested_block(false, true, 1 + r_.below(3));
            }
            emit("}");
            return;
        }
        if (k < 76 && can_nest) {  // loop
            emit("for {");
            nested_block(true, false, 1 + r_.below(o_.max_stmts / 2 + 1));
            if (r_.below(3) == 0) {
                ++indent_;
                emit("if {");
                ++indent_;
                emit(r_.below(2) ? "break" : "continue");
                --indent_;
                emit("}");
                --indent_;
            }
            emit("}");
            return;
        }
        if (k < 82 && can_nest) {  // range
            std::string v;
            std::uint32_t w = r_.below(3);
            std::string a = fresh("x"), b = fresh("x");
            gt kt = Int;
            if (w == 0 && pick_var(SliceP, &v)) {
            } else if (w == 1 && pick_var(MapP, &v)) {
            } else if (pick_var(ArrP, &v)) {
                w = 2;
            } else {
                return;
            }
            emit("for " + a + ", " + b + " := range " + v + " {");
            scopes_.push_back(scope{});
            declare(a, kt);
            declare(b, PInt);
            nested_block(true, false, 1 + r_.below(3));
            scopes_.pop_back();
            emit("}");
            return;
        }
        if (k < 86) {  // closure value
            std::string c = closure_literal(0);
            if (c.empty()) return;
            std::string v;
            std::uint32_t w = r_.below(3);
            if (w == 0) emit(global_of(Fn) + " = " + c);
            else if (w == 1 && pick_var(Fn, &v)) emit(v + " = " + c);
            else {
                std::string name = fresh("x");
                emit(name + " := " + c);
                declare(name, Fn);
            }
            return;
        }
        if (k < 89 && !no_calls_) {  // defer / go
            std::vector<std::size_t> cs;
            for (std::size_t i = 1; i < funcs_.size(); ++i)
                if (!funcs_[i].method && call_ok(i)) cs.push_back(i);
            if (cs.empty()) return;
            const func_sig& f = funcs_[cs[r_.below(static_cast<std::uint32_t>(cs.size()))]];
            emit(std::string(r_.below(3) == 0 ? "go " : "defer ") + f.name + "(" + args_for(f, 0) + ")");
            return;
        }
        if (k < 94) {  // append / copy through slices
            std::string v;
            if (pick_var(SliceP, &v)) {
                if (r_.below(3) == 0) {
                    std::string w;
                    if (pick_var(SliceP, &w)) {
                        emit("copy(" + v + ", " + w + ")");
                        return;
                    }
                }
                emit(v + " = append(" + v + ", " + expr(PInt, 1) + ")");
            }
            return;
        }
        if (k < 97) {  // map update / delete
            std::string v;
            if (pick_var(MapP, &v)) {
                if (r_.below(3) == 0) emit("delete(" + v + ", " + int_lit() + ")");
                else emit(v + "[" + int_lit() + "] = " + expr(PInt, 1));
            }
            return;
        }
        // a return in the middle of the body is written by the if-branches; here a plain store
        std::string v;
        if (pick_var(PPInt, &v)) emit("*" + v + " = " + expr(PInt, 1));
    }

    std::string return_stmt() {
        if (results_.empty()) return "return";
        if (named_results_ && r_.below(3) == 0) return "return";
        std::string s = "return ";
        for (std::size_t i = 0; i < results_.size(); ++i) {
            if (i) s += ", ";
            s += expr(results_[i], 1);
        }
        return s;
    }

    /// Half of the functions with a fitting pair of parameters start by storing one into what the
    /// other points to (model=precise's store flows: the callers resolve them, precise.hpp).
    void param_store(const std::vector<var>& params) {
        if (params.size() < 2 || r_.below(2) != 0) return;
        std::size_t start = r_.below(static_cast<std::uint32_t>(params.size()));
        for (std::size_t n = 0; n < params.size(); ++n) {
            const var& a = params[(start + n) % params.size()];
            for (const var& b : params) {
                if (&a == &b) continue;
                if (a.type == PS && b.type == PInt) return emit(a.name + ".p = " + b.name);
                if (a.type == PS && b.type == PS) return emit(a.name + ".q = " + b.name);
                if (a.type == PPInt && b.type == PInt) return emit("*" + a.name + " = " + b.name);
                if (a.type == PPInt && b.type == PPInt) return emit("*" + a.name + " = *" + b.name);
            }
        }
    }

    void function(std::size_t fi) {
        const func_sig f = funcs_[fi];
        cur_order_ = f.order;
        scopes_.clear();
        scopes_.push_back(scope{});
        std::string head = "func ";
        if (f.method) {
            std::string rn = fresh("r");
            head += "(" + rn + " " + f.recv_type + ") ";
            gt rt = f.recv_type == "*S" ? PS : f.recv_type == "T" ? T : U;
            declare(rn, rt);
        }
        head += f.name + "(";
        std::vector<var> params;
        for (std::size_t i = 0; i < f.params.size(); ++i) {
            std::string pn = fresh("a");
            if (i) head += ", ";
            head += pn + " " + type_text(f.params[i]);
            declare(pn, f.params[i]);
            params.push_back(var{pn, f.params[i], false});
        }
        head += ")";
        results_ = f.results;
        named_results_ = f.named_results;
        if (f.results.size() == 1 && !f.named_results) {
            head += std::string(" ") + type_text(f.results[0]);
        } else if (!f.results.empty()) {
            head += " (";
            for (std::size_t i = 0; i < f.results.size(); ++i) {
                if (i) head += ", ";
                if (f.named_results) {
                    std::string rn = fresh("res");
                    head += rn + " ";
                    declare(rn, f.results[i]);
                }
                head += type_text(f.results[i]);
            }
            head += ")";
        }
        line(head + " {");
        indent_ = 1;
        guarded_ = false;
        no_calls_ = false;
        nesting_ = 0;
        closure_nesting_ = 0;
        param_store(params);
        block_body(1 + r_.below(o_.max_stmts));
        if (!f.results.empty() || r_.below(2) == 0) emit(return_stmt());
        indent_ = 0;
        line("}");
        line("");
    }

    rng r_;
    gen_options o_;
    std::string out_;
    std::vector<var> globals_;
    std::vector<func_sig> funcs_;
    std::vector<scope> scopes_;
    std::vector<gt> results_;
    bool named_results_ = false;
    std::uint32_t counter_ = 0, cur_order_ = 0, nesting_ = 0, closure_nesting_ = 0;
    int indent_ = 0;
    bool guarded_ = false, no_calls_ = false;
};

}  // namespace gen_detail

/// A random, well-formed, terminating text-IR program (deterministic in seed and options).
inline std::string generate(std::uint64_t seed, const gen_options& o = {}) {
    gen_detail::generator g(seed, o);
    return g.run();
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_GEN_HPP
