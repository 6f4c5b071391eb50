// tests/support/ir_equal.hpp - structural equality of two generic-IR modules (for round-trip tests).
//
//   std::string why;
//   bool same = ir_equal::equal(a, b, &why);   // why: the first difference, with a path to it
//
// Two modules are equal when they have the same name, the same named types (by name and
// structure), the same globals and top-level functions in the same order, and, function by
// function, the same signatures, parameters, results, captures, declared leaks, flags, display
// names and bodies: statement by statement (kind, assignment form, target count, text, position,
// children, else branch, expressions) and expression by expression (kind, flags, type, text,
// position, operands and the entity each one refers to).
//
// Ids may differ between the modules (types are interned in parse order, for example), so
// references are compared by meaning: types structurally; variables and functions through a
// one-to-one mapping built at their definitions (globals and top-level functions in order,
// parameters and results with their function, locals at their declare statements, function
// literals at their closure statements); fields and struct-literal field counts by index; method,
// builtin and label names by their text. Positions are compared by file NAME, line and column.
// Unnamed types carry no position of their own in the text form and are compared without it, and
// the expression flag ex_explicit_pos (whether the text spelled the position out) is ignored.
#ifndef ESCAPADE_TESTS_SUPPORT_IR_EQUAL_HPP
#define ESCAPADE_TESTS_SUPPORT_IR_EQUAL_HPP

#include <set>
#include <string>
#include <utility>
#include <vector>

#include <escapade/escapade.hpp>

namespace ir_equal {

namespace detail {

using namespace escapade;
using namespace escapade::ir;

class comparer {
public:
    comparer(const module& a, const module& b) noexcept
        : a_(a), b_(b), var_ab_(a.variable_count(), invalid_index), var_ba_(b.variable_count(), invalid_index),
          fn_ab_(a.function_count(), invalid_index), fn_ba_(b.function_count(), invalid_index) {}

    bool run(std::string* why) {
        bool ok = modules();
        if (!ok && why) *why = why_;
        return ok;
    }

private:
    const module& a_;
    const module& b_;
    std::vector<index_t> var_ab_, var_ba_, fn_ab_, fn_ba_;
    std::set<std::pair<type_id, type_id>> types_done_;
    std::string why_;
    std::vector<std::string> path_;

    bool fail(const std::string& what) {
        std::string p;
        for (const std::string& s : path_) p += s + " > ";
        why_ = p + what;
        return false;
    }
    template <class T>
    static std::string str(const T& v) {
        return std::to_string(v);
    }
    static std::string sv(std::string_view s) { return std::string(s); }
    struct scope {
        comparer& c;
        scope(comparer& cc, std::string s) : c(cc) { c.path_.push_back(std::move(s)); }
        ~scope() { c.path_.pop_back(); }
    };

    // ---- positions --------------------------------------------------------------------------
    static std::string pos_str(const module& m, source_pos p) {
        if (!p.known()) return "?";
        return sv(m.file_name(p.file)) + ":" + str(p.line) + ":" + str(p.column);
    }
    bool same_pos(source_pos pa, source_pos pb, const char* what) {
        bool eq = pa.known() == pb.known() &&
                  (!pa.known() || (pa.line == pb.line && pa.column == pb.column && a_.file_name(pa.file) == b_.file_name(pb.file)));
        if (!eq) return fail(std::string(what) + " position " + pos_str(a_, pa) + " vs " + pos_str(b_, pb));
        return true;
    }

    // ---- types --------------------------------------------------------------------------------
    bool types(type_id ta, type_id tb) {
        if ((ta == invalid_index) != (tb == invalid_index)) return fail("type present vs absent");
        if (ta == invalid_index) return true;
        if (types_done_.count({ta, tb})) return true;  // equal, or being compared further up (recursive types)
        types_done_.insert({ta, tb});
        const type& x = a_.type_at(ta);
        const type& y = b_.type_at(tb);
        scope sc(*this, "type " + (x.name.empty() ? std::string("#") + str(ta) : sv(x.name)));
        if (x.kind != y.kind) return fail("kind " + str(int(x.kind)) + " vs " + str(int(y.kind)));
        if (x.name != y.name) return fail("name '" + sv(x.name) + "' vs '" + sv(y.name) + "'");
        if (x.has_pointers != y.has_pointers || x.pointer_shaped != y.pointer_shaped || x.variadic != y.variadic ||
            x.laid_out != y.laid_out)
            return fail("flags differ");
        if (x.size != y.size || x.align != y.align) return fail("size/alignment " + str(x.size) + "/" + str(x.align) + " vs " +
                                                                 str(y.size) + "/" + str(y.align));
        if (x.length != y.length) return fail("array length");
        if (!x.name.empty() && !same_pos(x.pos, y.pos, "named type")) return false;
        if (!types(x.elem, y.elem) || !types(x.key, y.key)) return false;
        if (x.count != y.count || x.results_count != y.results_count) return fail("member counts differ");
        switch (x.kind) {
        case type_kind::struct_:
            for (index_t i = 0; i < x.count; ++i) {
                const field& fa = a_.field_at(ta, i);
                const field& fb = b_.field_at(tb, i);
                scope f(*this, "field " + sv(fa.name));
                if (fa.name != fb.name || fa.offset != fb.offset || fa.embedded != fb.embedded) return fail("field differs");
                if (!types(fa.type, fb.type)) return false;
            }
            break;
        case type_kind::interface:
            for (index_t i = 0; i < x.count; ++i) {
                const interface_method& ma = a_.interface_methods(ta)[i];
                const interface_method& mb = b_.interface_methods(tb)[i];
                scope f(*this, "method " + sv(ma.name));
                if (ma.name != mb.name) return fail("method name '" + sv(mb.name) + "'");
                if (!types(ma.signature, mb.signature)) return false;
            }
            break;
        case type_kind::func:
        case type_kind::tuple: {
            id_span<type_id> pa = a_.func_params(ta), pb = b_.func_params(tb);
            for (std::size_t i = 0; i < pa.size(); ++i)
                if (!types(pa[i], pb[i])) return false;
            id_span<type_id> ra = a_.func_results(ta), rb = b_.func_results(tb);
            for (std::size_t i = 0; i < ra.size(); ++i)
                if (!types(ra[i], rb[i])) return false;
            break;
        }
        default: break;
        }
        return true;
    }

    // ---- variables and functions ------------------------------------------------------------------
    bool bind_var(var_id va, var_id vb) {
        if (va == invalid_index || vb == invalid_index) return fail("variable missing");
        if (var_ab_[va] == vb && var_ba_[vb] == va) return true;
        if (var_ab_[va] != invalid_index || var_ba_[vb] != invalid_index) return fail("variable defined twice");
        var_ab_[va] = vb;
        var_ba_[vb] = va;
        const variable& x = a_.variable_at(va);
        const variable& y = b_.variable_at(vb);
        scope sc(*this, "variable " + sv(x.name));
        if (x.name != y.name) return fail("name '" + sv(y.name) + "'");
        if (x.kind != y.kind) return fail("kind");
        if ((x.function == invalid_index) != (y.function == invalid_index) ||
            (x.function != invalid_index && !ref_fn(x.function, y.function)))
            return fail("owner function");
        if (!same_pos(x.pos, y.pos, "variable")) return false;
        return types(x.type, y.type);
    }
    bool ref_var(var_id va, var_id vb) {
        if (va >= var_ab_.size() || vb >= var_ba_.size() || var_ab_[va] != vb)
            return fail("refers to another variable (" + (va < a_.variable_count() ? sv(a_.variable_at(va).name) : std::string("?")) +
                        " vs " + (vb < b_.variable_count() ? sv(b_.variable_at(vb).name) : std::string("?")) + ")");
        return true;
    }
    bool bind_fn(func_id fa, func_id fb) {
        if (fa >= fn_ab_.size() || fb >= fn_ba_.size()) return fail("function id out of range");
        if (fn_ab_[fa] == fb && fn_ba_[fb] == fa) return true;
        if (fn_ab_[fa] != invalid_index || fn_ba_[fb] != invalid_index) return fail("function bound twice");
        fn_ab_[fa] = fb;
        fn_ba_[fb] = fa;
        return true;
    }
    bool ref_fn(func_id fa, func_id fb) {
        if (fa >= fn_ab_.size() || fb >= fn_ba_.size() || fn_ab_[fa] != fb)
            return fail("refers to another function (" + (fa < a_.function_count() ? sv(a_.function_at(fa).name) : std::string("?")) +
                        " vs " + (fb < b_.function_count() ? sv(b_.function_at(fb).name) : std::string("?")) + ")");
        return true;
    }
    bool var_lists(id_span<var_id> xa, id_span<var_id> xb, bool bind, const char* what) {
        if (xa.size() != xb.size()) return fail(std::string(what) + " count " + str(xa.size()) + " vs " + str(xb.size()));
        for (std::size_t i = 0; i < xa.size(); ++i)
            if (!(bind ? bind_var(xa[i], xb[i]) : ref_var(xa[i], xb[i]))) return false;
        return true;
    }
    bool function(func_id fa, func_id fb) {
        if (!bind_fn(fa, fb)) return false;
        const ir::function& x = a_.function_at(fa);
        const ir::function& y = b_.function_at(fb);
        scope sc(*this, "func " + sv(a_.function_display(fa)));
        if (x.name != y.name) return fail("name '" + sv(y.name) + "'");
        if (a_.function_display(fa) != b_.function_display(fb)) return fail("display '" + sv(b_.function_display(fb)) + "'");
        if (x.flags != y.flags) return fail("flags " + str(int(x.flags)) + " vs " + str(int(y.flags)));
        if (!same_pos(x.pos, y.pos, "function")) return false;
        if (!types(x.signature, y.signature) || !types(x.receiver, y.receiver)) return false;
        if ((x.parent == invalid_index) != (y.parent == invalid_index) || (x.parent != invalid_index && !ref_fn(x.parent, y.parent)))
            return fail("parent");
        if (!var_lists(a_.params(fa), b_.params(fb), true, "parameter") || !var_lists(a_.results(fa), b_.results(fb), true, "result"))
            return false;
        if (!var_lists(a_.captures(fa), b_.captures(fb), false, "capture")) return false;
        if (a_.leaks_count(fa) != b_.leaks_count(fb)) return fail("declared leak count");
        for (std::size_t i = 0; i < a_.leaks_count(fa); ++i) {
            const declared_leak& la = a_.leaks_begin(fa)[i];
            const declared_leak& lb = b_.leaks_begin(fb)[i];
            if (la.param != lb.param || la.result != lb.result || la.derefs != lb.derefs) return fail("declared leak " + str(i));
        }
        if ((x.body == invalid_index) != (y.body == invalid_index)) return fail("body present vs absent");
        if (x.body == invalid_index) return true;
        return stmt(x.body, y.body);
    }

    // ---- statements and expressions ----------------------------------------------------------------
    bool stmt_lists(id_span<stmt_id> la, id_span<stmt_id> lb, const char* what) {
        if (la.size() != lb.size()) return fail(std::string(what) + " count " + str(la.size()) + " vs " + str(lb.size()));
        for (std::size_t i = 0; i < la.size(); ++i) {
            scope sc(*this, std::string(what) + " " + str(i));
            if (!stmt(la[i], lb[i])) return false;
        }
        return true;
    }
    bool stmt(stmt_id sa, stmt_id sb) {
        const ir::stmt& x = a_.stmt_at(sa);
        const ir::stmt& y = b_.stmt_at(sb);
        scope sc(*this, "stmt@" + pos_str(a_, a_.stmt_pos(sa)) + " kind " + str(int(x.kind)));
        if (x.kind != y.kind) return fail("kind " + str(int(y.kind)));
        if (x.form != y.form) return fail("form " + str(int(x.form)) + " vs " + str(int(y.form)));
        if (x.lhs_count != y.lhs_count) return fail("target count");
        if (a_.text_at(x.text_id) != b_.text_at(y.text_id))
            return fail("text '" + sv(a_.text_at(x.text_id)) + "' vs '" + sv(b_.text_at(y.text_id)) + "'");
        if (!same_pos(a_.stmt_pos(sa), b_.stmt_pos(sb), "statement")) return false;
        switch (x.kind) {
        case stmt_kind::declare:
            if (!bind_var(x.ref, y.ref)) return false;
            break;
        case stmt_kind::label:
        case stmt_kind::goto_:
            if (a_.label_name(x.ref) != b_.label_name(y.ref)) return fail("label '" + sv(b_.label_name(y.ref)) + "'");
            break;
        case stmt_kind::closure:
            if (!function(x.ref, y.ref)) return false;
            break;
        default:
            if ((x.ref == invalid_index) != (y.ref == invalid_index)) return fail("ref present vs absent");
            break;
        }
        // Expressions before children: a range's variables are declared before it; its x and its
        // body are compared in order of evaluation.
        id_span<expr_id> ea = a_.stmt_exprs(sa), eb = b_.stmt_exprs(sb);
        if (ea.size() != eb.size()) return fail("expression count " + str(ea.size()) + " vs " + str(eb.size()));
        for (std::size_t i = 0; i < ea.size(); ++i)
            if (!expr(ea[i], eb[i])) return false;
        return stmt_lists(a_.children(sa), b_.children(sb), "child") && stmt_lists(a_.else_children(sa), b_.else_children(sb), "else");
    }
    bool expr(expr_id ea, expr_id eb) {
        const ir::expr& x = a_.expr_at(ea);
        const ir::expr& y = b_.expr_at(eb);
        scope sc(*this, "expr@" + pos_str(a_, a_.expr_pos(ea)) + " kind " + str(int(x.kind)));
        if (x.kind != y.kind) return fail("kind " + str(int(y.kind)));
        // ex_explicit_pos says how the position was spelled in the text (`@L:C` or implied by the
        // token), not what it is: a positions=true write spells every position out.
        const std::uint8_t mask = static_cast<std::uint8_t>(~ex_explicit_pos);
        if ((x.flags & mask) != (y.flags & mask)) return fail("flags " + str(int(x.flags)) + " vs " + str(int(y.flags)));
        if (a_.text_at(x.text_id) != b_.text_at(y.text_id))
            return fail("text '" + sv(a_.text_at(x.text_id)) + "' vs '" + sv(b_.text_at(y.text_id)) + "'");
        if (!same_pos(a_.expr_pos(ea), b_.expr_pos(eb), "expression")) return false;
        if (!types(x.type, y.type)) return false;
        switch (x.kind) {
        case expr_kind::var:
            if (!ref_var(x.ref, y.ref)) return false;
            break;
        case expr_kind::func_ref:
        case expr_kind::call:
        case expr_kind::closure:
            if (!ref_fn(x.ref, y.ref)) return false;
            break;
        case expr_kind::call_method:
        case expr_kind::method_value:
        case expr_kind::builtin:
            if (a_.name_at(x.ref) != b_.name_at(y.ref)) return fail("name '" + sv(a_.name_at(x.ref)) + "' vs '" + sv(b_.name_at(y.ref)) + "'");
            break;
        default:
            if (x.ref != y.ref) return fail("ref " + str(x.ref) + " vs " + str(y.ref));
            break;
        }
        id_span<expr_id> oa = a_.operands(ea), ob = b_.operands(eb);
        if (oa.size() != ob.size()) return fail("operand count " + str(oa.size()) + " vs " + str(ob.size()));
        for (std::size_t i = 0; i < oa.size(); ++i)
            if (!expr(oa[i], ob[i])) return false;
        return true;
    }

    // ---- the module -------------------------------------------------------------------------------
    bool modules() {
        if (a_.name() != b_.name()) return fail("module name '" + sv(a_.name()) + "' vs '" + sv(b_.name()) + "'");
        // Named types, by name (both ways).
        for (int pass = 0; pass < 2; ++pass) {
            const module& m = pass ? b_ : a_;
            const module& o = pass ? a_ : b_;
            for (type_id t = 0; t < m.type_count(); ++t) {
                std::string_view n = m.type_at(t).name;
                if (n.empty()) continue;
                type_id u = invalid_index;
                for (type_id k = 0; k < o.type_count(); ++k)
                    if (o.type_at(k).name == n) u = k;
                if (u == invalid_index) return fail("named type " + sv(n) + " missing in the " + (pass ? "first" : "second") + " module");
                if (!(pass ? types(u, t) : types(t, u))) return false;
            }
        }
        if (!var_lists(a_.globals(), b_.globals(), true, "global")) return false;
        id_span<func_id> fa = a_.top_level_functions(), fb = b_.top_level_functions();
        if (fa.size() != fb.size()) return fail("top-level function count " + str(fa.size()) + " vs " + str(fb.size()));
        for (std::size_t i = 0; i < fa.size(); ++i)  // bind all first: bodies refer to later functions
            if (!bind_fn(fa[i], fb[i])) return false;
        for (std::size_t i = 0; i < fa.size(); ++i)
            if (!function(fa[i], fb[i])) return false;
        if (a_.function_count() != b_.function_count()) return fail("function count");
        for (func_id f = 0; f < a_.function_count(); ++f)
            if (fn_ab_[f] == invalid_index) return fail("function " + sv(a_.function_at(f).name) + " was never reached");
        if (a_.method_count() != b_.method_count()) return fail("method count");
        for (index_t i = 0; i < a_.method_count(); ++i) {
            const method& ma = a_.method_at(i);
            const method& mb = b_.method_at(i);
            scope sc(*this, "method " + sv(ma.name));
            if (ma.name != mb.name || !types(ma.receiver, mb.receiver) || !ref_fn(ma.function, mb.function)) return fail("differs");
        }
        if (a_.variable_count() != b_.variable_count()) return fail("variable count");
        return true;
    }
};

}  // namespace detail

/// True when a and b are structurally equal (see the header comment); else *why says where not.
inline bool equal(const escapade::ir::module& a, const escapade::ir::module& b, std::string* why = nullptr) {
    detail::comparer c(a, b);
    return c.run(why);
}

}  // namespace ir_equal

#endif  // ESCAPADE_TESTS_SUPPORT_IR_EQUAL_HPP
