// escapade/detail/engine/body_walk.hpp - the one walk over a function body's trees, bounded.
//
// Every pass that looks at a host's statement and expression trees outside graph construction (the
// reference scan and host contract checks, dispatch's inventory of conversions and function values,
// the call-graph edges to dynamic targets, the pre-pass over locals, the looping-label pre-pass)
// goes through body_walker::walk. The walk uses two explicit stacks (no recursion that grows with
// the input) and counts every statement and expression it visits: beyond
// analysis_options::max_body_nodes it stops with walk_result::too_many_nodes, so a host whose
// "tree" has a cycle gets an error instead of a hang, whichever pass meets it first.
//
// Order. Statements are visited in pre-order, a statement before its children and its else
// branch: with stmt_order::source in source order (the children, then the else branch, each first
// to last); with stmt_order::mirrored in the mirror image (the else branch last to first, then the
// children last to first; the body's statements last to first). Right after a statement, before any
// statement below it, come the expressions of its operands, in pre-order, always mirrored (the last
// operand's tree first). Orders are part of the analysis' determinism: a pass that numbers what it
// finds (dynamic types, call-graph edges, locations) must keep the order it was written with.
//
// Callbacks return visit::descend (go on below), visit::skip (not below this node: for a
// statement neither its children nor its operands) or visit::stop (end the walk; the callback has
// recorded why).
//
// Cost: O(statements + expressions of the body) time; the stacks hold at most that many handles.
#ifndef ESCAPADE_DETAIL_ENGINE_BODY_WALK_HPP
#define ESCAPADE_DETAIL_ENGINE_BODY_WALK_HPP

#include <algorithm>

#include "../../traits.hpp"
#include "../vector.hpp"

namespace escapade::detail {

enum class stmt_order : std::uint8_t { source, mirrored };
enum class visit : std::uint8_t { descend, skip, stop };
enum class walk_result : std::uint8_t { done, stopped, out_of_memory, too_many_nodes };

template <class P, class T>
class body_walker {
public:
    using stmt_ref = typename T::stmt_ref;
    using expr_ref = typename T::expr_ref;

    explicit body_walker(memory_resource& mem) noexcept : stmts_(mem), exprs_(mem) {}

    /// Walks `stmts` (a function's body): on_stmt(stmt_ref, stmt_kind) for each statement,
    /// on_expr(expr_ref, expr_kind) for each expression of its operands. Not re-entrant.
    template <class R, class OnStmt, class OnExpr>
    walk_result walk(const P& p, R&& stmts, stmt_order order, std::size_t max_nodes, OnStmt&& on_stmt, OnExpr&& on_expr) noexcept {
        return run<true>(p, stmts, order, max_nodes, on_stmt, on_expr);
    }
    /// The same without expressions (they are neither visited nor counted).
    template <class R, class OnStmt>
    walk_result walk_statements(const P& p, R&& stmts, stmt_order order, std::size_t max_nodes, OnStmt&& on_stmt) noexcept {
        auto none = [](expr_ref, expr_kind) { return visit::skip; };
        return run<false>(p, stmts, order, max_nodes, on_stmt, none);
    }

private:
    template <bool Exprs, class R, class OnStmt, class OnExpr>
    walk_result run(const P& p, R& body, stmt_order order, std::size_t max_nodes, OnStmt& on_stmt, OnExpr& on_expr) noexcept {
        stmts_.clear();
        exprs_.clear();
        std::size_t visited = 0;
        for (auto&& s : body)
            if (!stmts_.push_back(s)) return walk_result::out_of_memory;
        if (order == stmt_order::source) std::reverse(stmts_.begin(), stmts_.end());
        while (!stmts_.empty()) {
            if (++visited > max_nodes) return walk_result::too_many_nodes;
            stmt_ref s = stmts_.back();
            stmts_.pop_back();
            visit v = on_stmt(s, T::statement_kind(p, s));
            if (v == visit::stop) return walk_result::stopped;
            if (v == visit::skip) continue;
            std::size_t mark = stmts_.size();
            for (auto&& c : T::statement_children(p, s))
                if (!stmts_.push_back(c)) return walk_result::out_of_memory;
            for (auto&& c : T::statement_else(p, s))
                if (!stmts_.push_back(c)) return walk_result::out_of_memory;
            if (order == stmt_order::source) std::reverse(stmts_.begin() + mark, stmts_.end());
            if constexpr (Exprs) {
                for (auto&& e : T::statement_operands(p, s))
                    if (!exprs_.push_back(e)) return walk_result::out_of_memory;
                while (!exprs_.empty()) {
                    if (++visited > max_nodes) return walk_result::too_many_nodes;
                    expr_ref e = exprs_.back();
                    exprs_.pop_back();
                    visit ve = on_expr(e, T::expression_kind(p, e));
                    if (ve == visit::stop) return walk_result::stopped;
                    if (ve == visit::skip) continue;
                    for (auto&& o : T::expression_operands(p, e))
                        if (!exprs_.push_back(o)) return walk_result::out_of_memory;
                }
            }
        }
        return walk_result::done;
    }

    vector<stmt_ref> stmts_;
    vector<expr_ref> exprs_;
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_BODY_WALK_HPP
