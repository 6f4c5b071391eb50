// escapade/detail/engine/validate.hpp - the host contract, checked on every run.
//
// What the engine would otherwise ignore or misread is an error, errc::invalid_host_ir, naming the
// node (its kind) and its position. The checks run in the reference scan (program.hpp:
// scan_references), the first walk over every body, before anything is analysed, so every run pays
// for them (O(1) per node, O(labels + gotos) per function) and no host needs a separate validate()
// step; the locals pre-pass adds the checks on declarations (prepass.hpp). A host's own tests need
// nothing more than running analyze() on its programs: a misuse is an error there.
//
//   statements   operands, children and an else branch only where the kind takes them: a loop, a
//                declare or a block takes no operand (a while condition is an if with a break in
//                the body; an initialiser is an assign of form define after the declare); an
//                assign has targets and as many values, or one call with several results (as
//                many as the targets, for a known callee), or a comma-ok form; a return as many
//                values as results or one call returning them; go/defer a call; a declare names
//                a local
//   expressions  each kind's operand count (kinds.hpp), and the operand types it needs: a method
//                call's receiver is an interface, a call through a value calls a function, to_iface
//                yields an interface, deref/field_ptr go through a pointer, index/index_ptr/
//                index_map/recv/type_assert/append/panic get what their kind says
//   values       a value assigned, returned, passed to a known callee, sent or stored into a slice
//                or array literal fits its target: into an interface only through to_iface (a
//                concrete value's box is an allocation the analysis must see), into a type with
//                pointers only from a type with pointers or nil (else one of the types is wrong
//                and the flow would be dropped)
//   control      labels unique in a function; each goto's label defined in the function, in the
//                goto's statement list or an enclosing one (a jump into a block makes a loop whose
//                depth the engine cannot derive); break and continue inside a loop
//
// Cost: O(1) per statement and expression (a few traits calls), O(labels + gotos) per function.
#ifndef ESCAPADE_DETAIL_ENGINE_VALIDATE_HPP
#define ESCAPADE_DETAIL_ENGINE_VALIDATE_HPP

#include <initializer_list>

#include "engine.hpp"

namespace escapade::detail {

template <class P, class T>
template <class R>
std::size_t engine<P, T>::count_of(R&& r) noexcept {
    std::size_t n = 0;
    for (auto it = adl_begin(r); it != adl_end(r); ++it) ++n;
    return n;
}

/// The statement shapes of the host contract (file comment). f: the function whose body holds s;
/// list: the statement list holding s (body_walk.hpp).
template <class P, class T>
bool engine<P, T>::check_statement(index_t f, stmt_ref s, stmt_kind k, index_t list) noexcept {
    const std::size_t n = count_of(T::statement_operands(p_, s));
    const std::size_t children = count_of(T::statement_children(p_, s));
    const std::size_t el = count_of(T::statement_else(p_, s));
    // The position only when a check fails (a host may compute it; the generic IR unpacks it).
    const auto pos = [&]() noexcept { return T::statement_position(p_, s); };
    const char* kn = to_string(k);
    bool takes_body = k == stmt_kind::block || k == stmt_kind::if_ || k == stmt_kind::loop || k == stmt_kind::range;
    if (children != 0 && !takes_body)
        return fail(errc::invalid_host_ir, pos(), "a %s statement has %zu children (only block, if, loop and range statements have a body)",
                    kn, children);
    if (el != 0 && k != stmt_kind::if_)
        return fail(errc::invalid_host_ir, pos(), "a %s statement has an else branch of %zu statements (only an if has one)", kn, el);
    auto operands = [&](std::size_t want, const char* why) {
        if (n == want) return true;
        return fail(errc::invalid_host_ir, pos(), "a %s statement has %zu operands, not %zu (%s)", kn, n, want, why);
    };
    auto nth = [&](std::size_t i) {
        expr_ref e{};
        std::size_t j = 0;
        for (auto&& o : T::statement_operands(p_, s))
            if (j++ == i) {
                e = o;
                break;
            }
        return e;
    };
    auto is_call = [&](expr_ref e) {
        expr_kind ek = T::expression_kind(p_, e);
        return ek == expr_kind::call || ek == expr_kind::call_method || ek == expr_kind::call_value;
    };
    switch (k) {
    case stmt_kind::block: return operands(0, "a block takes none");
    case stmt_kind::declare: {
        if (!operands(0, "a declare takes none: an initialiser is an assign of form define after the declare")) return false;
        variable_ref v = T::declared_variable(p_, s);
        if (T::variable_kind(p_, v) != var_kind::local)
            return fail(errc::invalid_host_ir, pos(), "a declare statement declares '%.*s', which is not a local variable",
                        int(T::variable_name(p_, v).size()), T::variable_name(p_, v).data());
        return true;
    }
    case stmt_kind::assign: {
        std::size_t t = T::statement_targets(p_, s);
        if (t == 0 || t >= n)
            return fail(errc::invalid_host_ir, pos(), "an assign statement has %zu targets among %zu operands (it needs targets, then values)",
                        t, n);
        std::size_t nv = n - t;
        if (nv == t) {
            std::size_t i = 0;
            for (auto&& dst : T::statement_operands(p_, s)) {
                if (i >= t) break;
                if (T::expression_kind(p_, dst) != expr_kind::blank &&
                    !check_value_fits(T::expression_type(p_, dst), nth(t + i), "an assign statement"))
                    return false;
                ++i;
            }
            return true;
        }
        if (nv != 1)
            return fail(errc::invalid_host_ir, pos(), "an assign statement assigns %zu values to %zu targets", nv, t);
        expr_ref v = nth(t);
        expr_kind vk = T::expression_kind(p_, v);
        if (T::type_kind_of(p_, T::expression_type(p_, v)) == type_kind::tuple) {
            if (!is_call(v))
                return fail(errc::invalid_host_ir, pos(), "an assign statement assigns a %s expression of tuple type to %zu targets (only a call has several results)",
                            to_string(vk), t);
            if (vk == expr_kind::call) {
                index_t g = fn_of(T::referenced_function(p_, v));
                if (g != invalid_index && fns_[g].results_count != t)
                    return fail(errc::invalid_host_ir, pos(), "an assign statement assigns the %u results of a call of '%.*s' to %zu targets",
                                unsigned(fns_[g].results_count), int(T::function_name(p_, fns_[g].ref).size()),
                                T::function_name(p_, fns_[g].ref).data(), t);
            }
            return true;
        }
        if (t == 2 && (vk == expr_kind::type_assert || vk == expr_kind::index_map || vk == expr_kind::recv)) return true;  // comma-ok
        return fail(errc::invalid_host_ir, pos(),
                    "an assign statement assigns one %s value to %zu targets (that takes a call with as many results, or a comma-ok form)",
                    to_string(vk), t);
    }
    case stmt_kind::eval:
        if (n > 1) return fail(errc::invalid_host_ir, pos(), "an eval statement has %zu operands (it evaluates one expression)", n);
        return true;
    case stmt_kind::return_: {
        const fn_info& fi = fns_[f];
        if (n == 0) return true;
        if (n == fi.results_count) {
            std::size_t i = 0;
            for (auto&& v : T::statement_operands(p_, s))
                if (!check_value_fits(T::variable_type(p_, params_[fi.results_first + i++].var), v, "a return statement")) return false;
            return true;
        }
        expr_ref v = nth(0);
        if (n == 1 && fi.results_count > 1 && is_call(v)) {
            if (T::expression_kind(p_, v) == expr_kind::call) {
                index_t g = fn_of(T::referenced_function(p_, v));
                if (g != invalid_index && fns_[g].results_count != fi.results_count)
                    return fail(errc::invalid_host_ir, pos(), "a return statement returns the %u results of a call from a function with %u results",
                                unsigned(fns_[g].results_count), unsigned(fi.results_count));
            }
            return true;
        }
        return fail(errc::invalid_host_ir, pos(), "return with %u values in a function with %u results", unsigned(n), unsigned(fi.results_count));
    }
    case stmt_kind::if_:
        if (n > 1) return fail(errc::invalid_host_ir, pos(), "an if statement has %zu operands (it takes its condition, or none)", n);
        return true;
    case stmt_kind::loop: return operands(0, "a loop takes none: its condition is an if with a break inside the body");
    case stmt_kind::range: return operands(3, "a range takes the key, the value and the ranged value");
    case stmt_kind::go:
    case stmt_kind::defer: {
        if (!operands(1, "go and defer take one call")) return false;
        expr_kind ck = T::expression_kind(p_, nth(0));
        if (!is_call(nth(0)) && ck != expr_kind::builtin && ck != expr_kind::panic && ck != expr_kind::copy)
            return fail(errc::invalid_host_ir, pos(), "a %s statement's operand is a %s expression, not a call", kn, to_string(ck));
        return true;
    }
    case stmt_kind::send: {
        if (!operands(2, "a send takes the channel and the value")) return false;
        type_ref ct = T::expression_type(p_, nth(0));
        if (T::type_kind_of(p_, ct) != type_kind::chan)
            return fail(errc::invalid_host_ir, pos(), "a send statement sends on a value that is not a channel");
        return check_value_fits(T::type_elem(p_, ct), nth(1), "a send statement");
    }
    case stmt_kind::label: {
        if (!operands(0, "a label takes none")) return false;
        index_t label = traits_statement_label<P, T>(p_, s);
        bool inserted = false;
        if (!contract_.labels.insert(label, list, &inserted)) return oom();
        if (!inserted)
            return fail(errc::invalid_host_ir, pos(), "label %u is defined twice in '%.*s' (statement_label must tell labels apart)",
                        unsigned(label), int(T::function_name(p_, fns_[f].ref).size()), T::function_name(p_, fns_[f].ref).data());
        return true;
    }
    case stmt_kind::goto_:
        if (!operands(0, "a goto takes none")) return false;
        return contract_.gotos.push_back(goto_use{s, traits_statement_label<P, T>(p_, s), list}) || oom();
    case stmt_kind::break_:
    case stmt_kind::continue_:
        if (!operands(0, "break and continue take none")) return false;
        if (!walker_.list(list).in_loop)
            return fail(errc::invalid_host_ir, pos(), "a %s statement is not inside a loop or range statement", kn);
        return true;
    case stmt_kind::closure: return operands(0, "a closure statement takes none");
    }
    return true;
}

/// After the walk of f's body: every goto's label exists and is in the goto's statement list or an
/// enclosing one.
template <class P, class T>
bool engine<P, T>::check_gotos(index_t f) noexcept {
    for (const goto_use& g : contract_.gotos) {
        const index_t* list = contract_.labels.find(g.label);
        source_pos pos = T::statement_position(p_, g.s);
        if (list == nullptr)
            return fail(errc::invalid_host_ir, pos, "a goto statement jumps to label %u, which '%.*s' does not define", unsigned(g.label),
                        int(T::function_name(p_, fns_[f].ref).size()), T::function_name(p_, fns_[f].ref).data());
        if (!walker_.encloses(*list, g.list))
            return fail(errc::invalid_host_ir, pos,
                        "a goto statement jumps into a block (label %u is in a statement list that does not enclose the goto): "
                        "the loop it may make has no depth the engine can derive",
                        unsigned(g.label));
    }
    return true;
}

/// The operand counts and operand types of the host contract (file comment).
template <class P, class T>
bool engine<P, T>::check_expression(expr_ref e, expr_kind k) noexcept {
    const std::size_t n = count_of(T::expression_operands(p_, e));
    const auto pos = [&]() noexcept { return T::expression_position(p_, e); };
    std::size_t lo = 0, hi = static_cast<std::size_t>(-1);
    switch (k) {
    case expr_kind::var:
    case expr_kind::func_ref:
    case expr_kind::constant:
    case expr_kind::blank:
    case expr_kind::new_:
    case expr_kind::closure: hi = 0; break;
    case expr_kind::addr:
    case expr_kind::deref:
    case expr_kind::field:
    case expr_kind::field_ptr:
    case expr_kind::convert:
    case expr_kind::to_iface:
    case expr_kind::type_assert:
    case expr_kind::recv:
    case expr_kind::ptr_lit:
    case expr_kind::method_value:
    case expr_kind::string_conv:
    case expr_kind::panic: lo = hi = 1; break;
    case expr_kind::index:
    case expr_kind::index_ptr:
    case expr_kind::index_map:
    case expr_kind::copy:
    case expr_kind::unsafe_add: lo = hi = 2; break;
    case expr_kind::slice: lo = 1, hi = 4; break;
    case expr_kind::make_slice: lo = 1, hi = 2; break;
    case expr_kind::make_map:
    case expr_kind::make_chan: hi = 1; break;
    case expr_kind::call_method:
    case expr_kind::call_value:
    case expr_kind::append: lo = 1; break;
    case expr_kind::opaque:
    case expr_kind::struct_lit:
    case expr_kind::array_lit:
    case expr_kind::slice_lit:
    case expr_kind::map_lit:
    case expr_kind::concat:
    case expr_kind::call:
    case expr_kind::builtin: break;
    }
    if (n < lo || n > hi) {
        if (lo == hi) return fail(errc::invalid_host_ir, pos(), "a %s expression has %zu operands, not %zu", to_string(k), n, lo);
        if (n < lo) return fail(errc::invalid_host_ir, pos(), "a %s expression has %zu operands, fewer than %zu", to_string(k), n, lo);
        return fail(errc::invalid_host_ir, pos(), "a %s expression has %zu operands, more than %zu", to_string(k), n, hi);
    }
    if (k == expr_kind::map_lit && n % 2 != 0)
        return fail(errc::invalid_host_ir, pos(), "a map_lit expression has %zu operands (keys and values come in pairs)", n);
    expr_ref first{};
    first_of(T::expression_operands(p_, e), &first);
    auto operand_is = [&](std::initializer_list<type_kind> kinds, const char* what) {
        type_kind ok = T::type_kind_of(p_, T::expression_type(p_, first));
        for (type_kind want : kinds)
            if (ok == want) return true;
        return fail(errc::invalid_host_ir, pos(), "a %s expression's operand is not %s", to_string(k), what);
    };
    switch (k) {
    case expr_kind::deref: return operand_is({type_kind::pointer}, "a pointer");
    case expr_kind::field_ptr: return operand_is({type_kind::pointer}, "a pointer (to a struct)");
    case expr_kind::field: return operand_is({type_kind::struct_}, "a struct (through a pointer, that is field_ptr)");
    case expr_kind::index: return operand_is({type_kind::array}, "an array (a slice, string or pointer to an array is index_ptr)");
    case expr_kind::index_ptr: return operand_is({type_kind::slice, type_kind::string, type_kind::pointer}, "a slice, a string or a pointer to an array");
    case expr_kind::index_map: return operand_is({type_kind::map}, "a map");
    case expr_kind::slice: return operand_is({type_kind::slice, type_kind::string, type_kind::pointer}, "a slice, a string or a pointer to an array");
    case expr_kind::recv: return operand_is({type_kind::chan}, "a channel");
    case expr_kind::type_assert: return operand_is({type_kind::interface}, "an interface");
    case expr_kind::panic: return operand_is({type_kind::interface}, "an interface (panic takes an interface value: convert with to_iface)");
    case expr_kind::append: return operand_is({type_kind::slice}, "a slice");
    case expr_kind::call_method:
        if (T::method_name(p_, e).empty()) return fail(errc::invalid_host_ir, pos(), "a call_method expression has no method name");
        return operand_is({type_kind::interface}, "an interface (a method of a concrete type is a static call)");
    case expr_kind::call_value: return operand_is({type_kind::func}, "a function");
    case expr_kind::to_iface:
        if (T::type_kind_of(p_, T::expression_type(p_, e)) != type_kind::interface)
            return fail(errc::invalid_host_ir, pos(), "a to_iface expression's type is not an interface");
        return true;
    case expr_kind::call: {
        index_t g = fn_of(T::referenced_function(p_, e));
        if (g == invalid_index) return true;  // scan_references reports it
        const fn_info& gi = fns_[g];
        if (n != gi.params_count)
            return fail(errc::invalid_host_ir, pos(), "call with %u arguments of a function with %u parameters", unsigned(n), unsigned(gi.params_count));
        std::size_t i = 0;
        for (auto&& a : T::expression_operands(p_, e))
            if (!check_value_fits(T::variable_type(p_, params_[gi.params_first + i++].var), a, "a call argument")) return false;
        return true;
    }
    case expr_kind::slice_lit:
    case expr_kind::array_lit: {
        type_ref elem = T::type_elem(p_, T::expression_type(p_, e));
        for (auto&& a : T::expression_operands(p_, e))
            if (!check_value_fits(elem, a, "a literal element")) return false;
        return true;
    }
    default: return true;
    }
}

/// A value going into a target of type `to` (an assignment target, a result, a parameter, a channel's
/// or a literal's element) must fit it: into an interface only through to_iface, into a type with
/// pointers only from a type with pointers. nil fits anything.
template <class P, class T>
bool engine<P, T>::check_value_fits(type_ref to, expr_ref value, const char* where) noexcept {
    type_ref from = T::expression_type(p_, value);
    type_kind fk = T::type_kind_of(p_, from);
    if (fk == type_kind::nil) return true;
    type_kind tk = T::type_kind_of(p_, to);
    char tb_buf[128], fb_buf[128];
    text_buffer tb(tb_buf, sizeof tb_buf), fb(fb_buf, sizeof fb_buf);
    if (tk == type_kind::interface && fk != type_kind::interface) {
        formatter<P, T>{p_}.type(tb, to);
        formatter<P, T>{p_}.type(fb, from);
        return fail(errc::invalid_host_ir, T::expression_position(p_, value),
                    "%s puts a %s value of type %.*s into interface type %.*s without to_iface (a conversion to an interface is explicit)",
                    where, to_string(T::expression_kind(p_, value)), int(fb.view().size()), fb.view().data(), int(tb.view().size()),
                    tb.view().data());
    }
    if (T::type_has_pointers(p_, to) && !T::type_has_pointers(p_, from)) {
        formatter<P, T>{p_}.type(tb, to);
        formatter<P, T>{p_}.type(fb, from);
        return fail(errc::invalid_host_ir, T::expression_position(p_, value),
                    "%s puts a %s value of type %.*s, without pointers, into type %.*s, with pointers (one of the types is wrong)", where,
                    to_string(T::expression_kind(p_, value)), int(fb.view().size()), fb.view().data(), int(tb.view().size()),
                    tb.view().data());
    }
    return true;
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_VALIDATE_HPP
