// escapade/scope.hpp - the statement whose lifetime bounds each stack object (for reports).
//
// A stack site's storage lasts until the end of the innermost loop iteration around the allocation,
// or the end of the function outside loops (results.hpp); the analysis keeps that as a depth
// (analysis_result::site::loop_depth, 1 = outermost loop). site_scopes finds the statement itself,
// so a report can say where the bound is: a `loop` or `range` statement, or a looping label (a
// label with a later goto to it, gc's walkFunc rule; it raises the depth for the rest of its list).
//
//     escapade::site_scopes<Program> scopes(result.resource());
//     scopes.build(program, result);
//     if (const auto* sc = scopes.find(result, site)) ... sc->statement, sc->kind, sc->pos ...
//
// How: one walk per function that has a stack site with loop_depth > 0, over its statements and
// their expression trees in the order the analysis lowers them (statement operands before children;
// a range statement's ranged value outside its loop, its key and value targets inside), keeping the
// stack of enclosing loops. A variable site is met at its declare statement, an expression site at
// its node; the loop recorded for it is the stack's entry number loop_depth, and only when the
// stack is exactly loop_depth deep (the depth the analysis gave the location): otherwise find()
// answers nullptr rather than a guess. Closure bodies are their own functions (walked when they
// have such sites). Hosts whose functions are control-flow graphs (cfg_traits) have no loop
// statements: find() is always nullptr for them.
//
// Cost: O(statements + expressions) of the functions walked, with explicit stacks (no recursion
// that grows with the input; each walk bounded by analysis_options::max_body_nodes), plus O(sites)
// memory from the given resource.
#ifndef ESCAPADE_SCOPE_HPP
#define ESCAPADE_SCOPE_HPP

#include <algorithm>

#include "detail/cfg/host.hpp"
#include "detail/engine/body_walk.hpp"
#include "detail/hash_map.hpp"
#include "detail/vector.hpp"
#include "results.hpp"

namespace escapade {

template <class Program, class Traits = ir_traits<Program>>
class site_scopes {
public:
    using result_type = analysis_result<Program, Traits>;
    using site = typename result_type::site;
    using stmt_ref = typename result_type::stmt_ref;

    /// The loop whose iteration bounds a stack object.
    struct loop_scope {
        stmt_ref statement{};
        stmt_kind kind = stmt_kind::loop;  ///< loop, range or label (a looping label)
        source_pos pos;                    ///< the statement's position
    };

    explicit site_scopes(memory_resource& mem = default_resource()) noexcept
        : mem_(&mem), scopes_(mem), found_(mem), loops_(mem), tasks_(mem), labels_(mem), done_(mem) {}

    /// Finds the loop of every stack site of `r` (computed on `p`) with loop_depth > 0. false: out
    /// of memory or a body larger than r.options().max_body_nodes (find() then answers what was
    /// found before).
    bool build(const Program& p, const result_type& r) noexcept {
        scopes_.clear();
        found_.clear();
        if constexpr (detail::is_cfg_host<Traits>::value || !usable_stmt) {
            (void)p;
            (void)r;
            return true;
        } else {
            if (!scopes_.resize(r.site_count()) || !found_.resize(r.site_count(), 0)) return false;
            done_.clear();
            for (const site& s : r.sites()) {
                if (s.verdict != verdict::stack || s.loop_depth <= 0) continue;
                bool inserted = false;
                if (done_.insert(s.function, 1, &inserted) == nullptr) return false;
                if (inserted && !walk(p, r, s.function)) return false;
            }
            return true;
        }
    }

    /// The loop bounding site s of r (the result build() read), or nullptr: s is bounded by its
    /// function's frame, is on the heap, or its loop was not found.
    const loop_scope* find(const result_type& r, const site& s) const noexcept {
        std::size_t i = static_cast<std::size_t>(&s - r.sites().begin());
        return i < found_.size() && found_[i] ? &scopes_[i] : nullptr;
    }

private:
    static constexpr bool usable_stmt = !std::is_same_v<stmt_ref, detail::missing_handle>;
    using T = Traits;
    using expr_ref = typename T::expr_ref;
    enum class task_kind : std::uint8_t { stmt, expr, enter_loop, restore };
    struct task {
        task_kind kind;
        stmt_ref s;
        expr_ref e;
        std::size_t depth;  ///< restore: the loop stack's size to go back to
    };

    /// Records the loop of the site of a node met at the current loop depth.
    void record(const result_type& r, const site* s, typename T::function_ref f, const Program& p) noexcept {
        if (s == nullptr || s->verdict != verdict::stack || s->loop_depth <= 0 || !(s->function == f)) return;
        if (static_cast<std::size_t>(s->loop_depth) != loops_.size()) return;  // not the depth the analysis saw: no guess
        std::size_t i = static_cast<std::size_t>(s - r.sites().begin());
        stmt_ref l = loops_[loops_.size() - 1];
        scopes_[i].statement = l;
        scopes_[i].kind = T::statement_kind(p, l);
        scopes_[i].pos = T::statement_position(p, l);
        found_[i] = 1;
    }

    template <class R>
    bool push_list(R&& stmts) noexcept {
        if (!tasks_.push_back(task{task_kind::restore, stmt_ref{}, expr_ref{}, loops_.size()})) return false;
        std::size_t mark = tasks_.size();
        for (auto&& s : stmts)
            if (!tasks_.push_back(task{task_kind::stmt, s, expr_ref{}, 0})) return false;
        std::reverse(tasks_.begin() + mark, tasks_.end());
        return true;
    }

    bool walk(const Program& p, const result_type& r, typename T::function_ref f) noexcept {
        const std::size_t max_nodes = r.options().max_body_nodes;
        // Looping labels (gc's walkFunc, as the analysis' label pre-pass): a goto follows the label.
        labels_.clear();
        detail::body_walker<Program, T> bw(*mem_);
        auto on_stmt = [&](stmt_ref s, stmt_kind sk, index_t) {
            if (sk == stmt_kind::label || sk == stmt_kind::goto_) {
                index_t key = detail::traits_statement_label<Program, T>(p, s);
                std::uint8_t* state = labels_.find(key);
                if (sk == stmt_kind::label) {
                    if (state == nullptr && labels_.insert(key, 1) == nullptr) return detail::visit::stop;
                } else if (state != nullptr && *state == 1) {
                    *state = 2;
                }
            }
            return sk == stmt_kind::closure ? detail::visit::skip : detail::visit::descend;
        };
        if (bw.walk_statements(p, T::body(p, f), detail::stmt_order::source, max_nodes, on_stmt) != detail::walk_result::done)
            return false;
        // The walk in the analysis' order, with the stack of enclosing loops.
        loops_.clear();
        tasks_.clear();
        if (!push_list(T::body(p, f))) return false;
        std::size_t visited = 0;
        while (!tasks_.empty()) {
            task t = tasks_.back();
            tasks_.pop_back();
            switch (t.kind) {
            case task_kind::restore: loops_.truncate(t.depth); continue;
            case task_kind::enter_loop:
                if (!loops_.push_back(t.s)) return false;
                continue;
            case task_kind::expr: {
                if (++visited > max_nodes) return false;
                if (T::expression_kind(p, t.e) != expr_kind::var) record(r, r.find_expression(t.e), f, p);
                for (auto&& o : T::expression_operands(p, t.e))
                    if (!tasks_.push_back(task{task_kind::expr, stmt_ref{}, o, 0})) return false;
                continue;
            }
            case task_kind::stmt: break;
            }
            if (++visited > max_nodes) return false;
            stmt_ref s = t.s;
            stmt_kind sk = T::statement_kind(p, s);
            if (sk == stmt_kind::closure) continue;  // its body is its own function
            if (sk == stmt_kind::declare) record(r, r.find_variable(T::declared_variable(p, s)), f, p);
            if (sk == stmt_kind::label) {
                const std::uint8_t* state = labels_.find(detail::traits_statement_label<Program, T>(p, s));
                if (state != nullptr && *state == 2 && !loops_.push_back(s)) return false;  // until the end of its list
            }
            // LIFO: pushed last, walked first. The else list, the children, then the operands.
            if (!push_list(T::statement_else(p, s)) || !push_list(T::statement_children(p, s))) return false;
            if (sk == stmt_kind::loop) {
                if (!tasks_.push_back(task{task_kind::enter_loop, s, expr_ref{}, 0})) return false;
                continue;
            }
            if (sk == stmt_kind::range) {
                // for k, v = range x: x outside the loop, then (inside) the targets k and v
                expr_ref ops[3];
                std::size_t n = 0;
                for (auto&& e : T::statement_operands(p, s))
                    if (n < 3) ops[n++] = e;
                if (n == 3) {
                    if (!tasks_.push_back(task{task_kind::expr, stmt_ref{}, ops[1], 0}) ||
                        !tasks_.push_back(task{task_kind::expr, stmt_ref{}, ops[0], 0}) ||
                        !tasks_.push_back(task{task_kind::enter_loop, s, expr_ref{}, 0}) ||
                        !tasks_.push_back(task{task_kind::expr, stmt_ref{}, ops[2], 0}))
                        return false;
                    continue;
                }
            }
            for (auto&& e : T::statement_operands(p, s))  // the order does not matter for depths
                if (!tasks_.push_back(task{task_kind::expr, stmt_ref{}, e, 0})) return false;
        }
        return true;
    }

    memory_resource* mem_;
    detail::vector<loop_scope> scopes_;   ///< per site index
    detail::vector<std::uint8_t> found_;  ///< per site index: scopes_[i] is set
    detail::vector<stmt_ref> loops_;      ///< the loops around the node being walked, outermost first
    detail::vector<task> tasks_;
    detail::hash_map<index_t, std::uint8_t> labels_;  ///< label -> 1 seen, 2 looping
    detail::hash_map<typename T::function_ref, std::uint8_t, detail::handle_hash<typename T::function_ref>> done_;
};

}  // namespace escapade

#endif  // ESCAPADE_SCOPE_HPP
