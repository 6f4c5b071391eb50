// tests/support/oracle_compiler.hpp - the oracle interpreter's compiler: IR functions to bytecode.
//
// compiler turns each function body of an ir::module into bytecode with an explicit work stack
// of tasks (no recursion over the IR): run lays out the variables, compile_function expands the
// body's statements (oracle_compile_stmt.hpp) and expressions (oracle_compile_expr.hpp) and
// resolves labels. Declared here with the small members; compile() is the entry point.
//
// Cost: O(size of the module).
// Test-only code (oracle_vm.hpp says what the interpreter and the checker are).
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_COMPILER_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_COMPILER_HPP

#include "oracle_bytecode.hpp"

namespace escapade_oracle {

class compiler {
public:
    compiler(const ir::module& m, layout& lay, program_code& out) : m_(m), lay_(lay), out_(out) {}

    bool run();

private:
    enum class tk : std::uint8_t { expr, stmt, emit, label, loop_push, loop_pop };
    enum mode : std::uint8_t { V, A, D, OK };
    struct task {
        tk k;
        std::uint8_t md = V;
        std::uint32_t id = 0;  // expr, stmt or label id
        instr in{};
        std::int32_t l1 = 0, l2 = 0;  // loop labels (top, exit)
    };

    bool unsup(std::string why);
    std::int64_t tslots(ir::type_id t) { return lay_.slots(t); }
    std::int64_t eslots(ir::expr_id e) { return lay_.slots(m_.expr_at(e).type); }
    const ir::type& ty(ir::type_id t) const { return m_.type_at(t); }
    const ir::type& ety(ir::expr_id e) const { return m_.type_at(m_.expr_at(e).type); }

    std::int32_t new_label();
    void emit(const instr& in) { code().push_back(in); }
    std::vector<instr>& code() { return out_.fns[cur_].code; }

    static task T_expr(ir::expr_id e, mode md);
    static task T_stmt(ir::stmt_id s);
    static task T_emit(op o, std::int32_t a = 0, std::int32_t b = 0, std::int32_t c = 0, std::int32_t d = 0, std::uint32_t e = none,
                       std::int64_t k = 0);
    static task T_label(std::int32_t l);

    /// Variable access: where (0 local, 1 global, 2 capture) and index.
    bool var_where(ir::var_id v, std::int32_t* where, std::int32_t* index);

    bool addressable(ir::expr_id e) const;

    /// Statements in `list` (and nested blocks, not closure bodies) contain a call, go or defer.
    bool has_call(ir::id_span<ir::stmt_id> list) const;

    bool compile_function(ir::func_id f);

    bool expand_stmt(ir::stmt_id s, std::vector<task>& seq);

    static bool builderish_scalar(type_kind k) { return k >= type_kind::bool_ && k <= type_kind::complex128; }

    /// Pushes the tasks that evaluate an assignment target (an address, a map element or blank).
    bool target(ir::expr_id t, std::vector<task>& seq);

    bool expand_expr(ir::expr_id e, mode md, std::vector<task>& seq);

    const ir::module& m_;
    layout& lay_;
    program_code& out_;
    ir::func_id cur_ = 0;
    std::vector<std::int32_t> labels_;
    std::vector<std::pair<std::int32_t, std::int32_t>> loops_;
};

inline bool compiler::run() {
    out_.local_index.assign(m_.variable_count(), -1);
    out_.global_index.assign(m_.variable_count(), -1);
    out_.fns.assign(m_.function_count(), fn_code{});
    std::int32_t g = 0;
    for (ir::var_id v : m_.globals()) out_.global_index[v] = g++;
    for (ir::var_id v = 0; v < m_.variable_count(); ++v) {
        const ir::variable& var = m_.variable_at(v);
        if (var.kind == var_kind::global || var.function >= m_.function_count()) continue;
        fn_code& fc = out_.fns[var.function];
        out_.local_index[v] = static_cast<std::int32_t>(fc.locals.size());
        fc.locals.push_back(v);
        if (lay_.slots(var.type) < 0) return unsup(strf("variable %.*s has a type too large for the interpreter",
                                                         int(var.name.size()), var.name.data()));
    }
    for (ir::func_id f = 0; f < m_.function_count(); ++f) {
        fn_code& fc = out_.fns[f];
        for (ir::var_id v : m_.params(f)) {
            fc.params.push_back(out_.local_index[v]);
            fc.param_slots += static_cast<std::int32_t>(lay_.slots(m_.variable_at(v).type));
        }
        for (ir::var_id v : m_.results(f)) {
            fc.results.push_back(out_.local_index[v]);
            fc.result_slots += static_cast<std::int32_t>(lay_.slots(m_.variable_at(v).type));
        }
    }
    for (ir::func_id f = 0; f < m_.function_count(); ++f) {
        if (m_.function_at(f).body == invalid_index) continue;
        if (!compile_function(f)) return false;
    }
    return true;
}

inline bool compiler::unsup(std::string why) {
    if (out_.unsupported.empty()) out_.unsupported = std::move(why);
    return false;
}

inline std::int32_t compiler::new_label() {
    labels_.push_back(-1);
    return static_cast<std::int32_t>(labels_.size() - 1);
}

inline compiler::task compiler::T_expr(ir::expr_id e, mode md) {
    task t{tk::expr};
    t.id = e;
    t.md = md;
    return t;
}

inline compiler::task compiler::T_stmt(ir::stmt_id s) {
    task t{tk::stmt};
    t.id = s;
    return t;
}

inline compiler::task compiler::T_emit(op o, std::int32_t a, std::int32_t b, std::int32_t c, std::int32_t d, std::uint32_t e,
                   std::int64_t k) {
    task t{tk::emit};
    t.in.o = o;
    t.in.a = a;
    t.in.b = b;
    t.in.c = c;
    t.in.d = d;
    t.in.e = e;
    t.in.k = k;
    return t;
}

inline compiler::task compiler::T_label(std::int32_t l) {
    task t{tk::label};
    t.id = static_cast<std::uint32_t>(l);
    return t;
}

inline bool compiler::var_where(ir::var_id v, std::int32_t* where, std::int32_t* index) {
    const ir::variable& var = m_.variable_at(v);
    if (var.kind == var_kind::global) {
        *where = 1;
        *index = out_.global_index[v];
        return *index >= 0 || unsup("global not in the module's global list");
    }
    if (var.function == cur_) {
        *where = 0;
        *index = out_.local_index[v];
        return true;
    }
    ir::id_span<ir::var_id> caps = m_.captures(cur_);
    for (std::size_t i = 0; i < caps.size(); ++i)
        if (caps[i] == v) {
            *where = 2;
            *index = static_cast<std::int32_t>(i);
            return true;
        }
    return unsup(strf("variable %.*s used outside its function and not captured", int(var.name.size()), var.name.data()));
}

inline bool compiler::addressable(ir::expr_id e) const {
    // Iterative: follow field/index chains down to a variable or a dereference.
    for (int guard = 0; guard < 100000; ++guard) {
        const ir::expr& x = m_.expr_at(e);
        switch (x.kind) {
        case expr_kind::var:
        case expr_kind::deref:
        case expr_kind::field_ptr: return true;
        case expr_kind::index_ptr: return m_.type_at(m_.expr_at(m_.operands(e)[0]).type).kind != type_kind::string;
        case expr_kind::field:
        case expr_kind::index: e = m_.operands(e)[0]; continue;
        default: return false;
        }
    }
    return false;
}

inline bool compiler::has_call(ir::id_span<ir::stmt_id> list) const {
    std::vector<ir::stmt_id> ss(list.begin(), list.end());
    std::vector<ir::expr_id> es;
    while (!ss.empty()) {
        ir::stmt_id s = ss.back();
        ss.pop_back();
        const ir::stmt& st = m_.stmt_at(s);
        if (st.kind == stmt_kind::go || st.kind == stmt_kind::defer) return true;
        if (st.kind == stmt_kind::closure) continue;
        for (ir::stmt_id c : m_.children(s)) ss.push_back(c);
        for (ir::stmt_id c : m_.else_children(s)) ss.push_back(c);
        for (ir::expr_id e : m_.stmt_exprs(s)) es.push_back(e);
        while (!es.empty()) {
            ir::expr_id e = es.back();
            es.pop_back();
            expr_kind k = m_.expr_at(e).kind;
            if (k == expr_kind::call || k == expr_kind::call_method || k == expr_kind::call_value) return true;
            for (ir::expr_id o : m_.operands(e)) es.push_back(o);
        }
    }
    return false;
}

inline bool compiler::compile_function(ir::func_id f) {
    cur_ = f;
    labels_.clear();
    loops_.clear();
    std::vector<task> work;
    // Body, then an implicit return.
    work.push_back(T_emit(op::ret));
    ir::id_span<ir::stmt_id> body = m_.children(m_.function_at(f).body);
    for (std::size_t i = body.size(); i > 0; --i) work.push_back(T_stmt(body[i - 1]));
    std::vector<task> seq;
    while (!work.empty()) {
        task t = work.back();
        work.pop_back();
        seq.clear();
        switch (t.k) {
        case tk::emit: emit(t.in); continue;
        case tk::label: labels_[t.id] = static_cast<std::int32_t>(code().size()); continue;
        case tk::loop_push: loops_.push_back({t.l1, t.l2}); continue;
        case tk::loop_pop: loops_.pop_back(); continue;
        case tk::stmt:
            if (!expand_stmt(t.id, seq)) return false;
            break;
        case tk::expr:
            if (!expand_expr(t.id, static_cast<mode>(t.md), seq)) return false;
            break;
        }
        for (std::size_t i = seq.size(); i > 0; --i) work.push_back(seq[i - 1]);
    }
    for (instr& in : code())
        if (is_jump(in.o)) in.a = labels_[static_cast<std::size_t>(in.a)];
    return true;
}

/// Compiles a module for the interpreter (once per module).
inline void compile(const ir::module& m, layout& lay, program_code& out) {
    compiler c(m, lay, out);
    c.run();
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_COMPILER_HPP
