// escapade/detail/engine/body_walk.hpp - the one walk over a function body's trees, bounded.
//
// Every pass that looks at a host's statement and expression trees outside graph construction (the
// reference scan with the host contract checks, dispatch's inventory of conversions and function
// values, the call-graph edges to dynamic targets, the pre-pass over locals, the looping-label
// pre-pass) goes through body_walker::walk. The walk uses explicit stacks (no recursion that grows
// with the input) and counts every statement and expression it visits: beyond
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
// Statement lists. Each statement is visited with the number of the list that holds it: 0 for the
// body, then one per children or else list, numbered as the walk enters them. list(n) says, after
// the walk, which list encloses list n, whether it is (inside) the body of a loop or range
// statement, and when the walk entered and left it, so that encloses(a, b) (is list b list a or
// nested in it?) is O(1): the host contract checks use it for gotos and break/continue.
//
// Callbacks return visit::descend (go on below), visit::skip (not below this node: for a
// statement neither its children nor its operands) or visit::stop (end the walk; the callback has
// recorded why).
//
// Cost: O(statements + expressions of the body) time; the stacks and the list table hold at most
// that many entries.
#ifndef ESCAPADE_DETAIL_ENGINE_BODY_WALK_HPP
#define ESCAPADE_DETAIL_ENGINE_BODY_WALK_HPP

#include <algorithm>

#include "../../traits.hpp"
#include "../vector.hpp"

namespace escapade::detail {

enum class stmt_order : std::uint8_t { source, mirrored };
enum class visit : std::uint8_t { descend, skip, stop };
enum class walk_result : std::uint8_t { done, stopped, out_of_memory, too_many_nodes };

/// A statement list met by the walk (list 0 is the body).
struct stmt_list {
    index_t parent = invalid_index;  ///< the list holding the statement this list belongs to
    std::uint32_t enter = 0, leave = 0;  ///< when the walk entered and left it (nested lists nest)
    bool in_loop = false;            ///< the children of a loop or range statement, or nested in them
};

template <class P, class T>
class body_walker {
public:
    using stmt_ref = typename T::stmt_ref;
    using expr_ref = typename T::expr_ref;

    explicit body_walker(memory_resource& mem) noexcept : stack_(mem), exprs_(mem), lists_(mem) {}

    /// Walks `stmts` (a function's body): on_stmt(stmt_ref, stmt_kind, list) for each statement,
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
    /// The lists of the last walk.
    const stmt_list& list(index_t n) const noexcept { return lists_[n]; }
    /// Whether list `inner` is list `outer` or nested in it (both of the last walk).
    bool encloses(index_t outer, index_t inner) const noexcept {
        const stmt_list& o = lists_[outer];
        const stmt_list& i = lists_[inner];
        return o.enter <= i.enter && i.leave <= o.leave;
    }

private:
    enum class entry_kind : std::uint8_t { statement, enter, leave };
    struct entry {
        stmt_ref s;
        index_t list;
        entry_kind kind;
    };

    /// Pushes one list of statements (with its enter and leave markers) so that it is popped in
    /// `order`. false: out of memory.
    template <class R>
    bool push_list(R&& stmts, index_t parent, bool in_loop, stmt_order order) noexcept {
        index_t id = static_cast<index_t>(lists_.size());
        if (!lists_.push_back(stmt_list{parent, 0, 0, in_loop})) return false;
        if (!stack_.push_back(entry{stmt_ref{}, id, entry_kind::leave})) return false;
        std::size_t mark = stack_.size();
        for (auto&& s : stmts)
            if (!stack_.push_back(entry{s, id, entry_kind::statement})) return false;
        if (order == stmt_order::source) std::reverse(stack_.begin() + mark, stack_.end());
        return stack_.push_back(entry{stmt_ref{}, id, entry_kind::enter});
    }

    template <bool Exprs, class R, class OnStmt, class OnExpr>
    walk_result run(const P& p, R& body, stmt_order order, std::size_t max_nodes, OnStmt& on_stmt, OnExpr& on_expr) noexcept {
        stack_.clear();
        exprs_.clear();
        lists_.clear();
        std::size_t visited = 0;
        std::uint32_t clock = 0;
        if (!push_list(body, invalid_index, false, order)) return walk_result::out_of_memory;
        while (!stack_.empty()) {
            entry top = stack_.back();
            stack_.pop_back();
            if (top.kind == entry_kind::enter) {
                lists_[top.list].enter = ++clock;
                continue;
            }
            if (top.kind == entry_kind::leave) {
                lists_[top.list].leave = ++clock;
                continue;
            }
            if (++visited > max_nodes) return walk_result::too_many_nodes;
            stmt_ref s = top.s;
            stmt_kind sk = T::statement_kind(p, s);
            visit v = on_stmt(s, sk, top.list);
            if (v == visit::stop) return walk_result::stopped;
            if (v == visit::skip) continue;
            // The branch popped first is pushed last.
            bool loop_body = sk == stmt_kind::loop || sk == stmt_kind::range || lists_[top.list].in_loop;
            bool in_loop = lists_[top.list].in_loop;
            if (order == stmt_order::source) {
                if (!push_nonempty(T::statement_else(p, s), top.list, in_loop, order) ||
                    !push_nonempty(T::statement_children(p, s), top.list, loop_body, order))
                    return walk_result::out_of_memory;
            } else {
                if (!push_nonempty(T::statement_children(p, s), top.list, loop_body, order) ||
                    !push_nonempty(T::statement_else(p, s), top.list, in_loop, order))
                    return walk_result::out_of_memory;
            }
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

    template <class R>
    bool push_nonempty(R&& stmts, index_t parent, bool in_loop, stmt_order order) noexcept {
        if (adl_begin(stmts) == adl_end(stmts)) return true;
        return push_list(stmts, parent, in_loop, order);
    }

    vector<entry> stack_;
    vector<expr_ref> exprs_;
    vector<stmt_list> lists_;
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_BODY_WALK_HPP
