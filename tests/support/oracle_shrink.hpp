// tests/support/oracle_shrink.hpp - minimises a failing text-IR program (docs/soundness.md).
//
// The text is split into a tree of lines by braces: a line ending in '{' opens a block whose lines
// follow up to the matching '}' (a '} else {' line starts the block's next segment). Shrinking is
// greedy delta debugging to a fixpoint over that tree: remove a line or a whole block (a statement,
// a function, a type), replace a block by the lines of one of its segments (unwrap an if, a loop,
// a branch), drop an else segment. A candidate is kept when `still_fails(text)` holds; candidates
// that do not parse simply fail the predicate. Deterministic; the predicate is called at most
// `max_tests` times.
//
// Test-only code. The tree is processed with explicit stacks.
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_SHRINK_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_SHRINK_HPP

#include <functional>
#include <string>
#include <vector>

namespace escapade_oracle {

namespace shrink_detail {

struct node {
    std::string head;                    ///< the line (trimmed)
    std::vector<std::vector<node>> segs;  ///< blocks: one or more segments of child lines
    std::vector<std::string> seg_heads;  ///< heads of segments after the first ("} else {")
    bool block = false;
};

inline std::string trim(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

/// Parses text into a forest of nodes. Returns false when the braces do not match.
inline bool parse(const std::string& text, std::vector<node>& out) {
    out.clear();
    std::vector<std::vector<node>*> stack{&out};
    std::vector<node*> open;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        std::string l = trim(text.substr(pos, nl - pos));
        pos = nl + 1;
        if (l.empty()) continue;
        if (l[0] == '}') {
            if (open.empty()) return false;
            if (l.size() > 1 && l.back() == '{') {  // "} else {" / "} else if c {"
                node* b = open.back();
                b->seg_heads.push_back(l);
                b->segs.emplace_back();
                stack.back() = &b->segs.back();
                continue;
            }
            open.pop_back();
            stack.pop_back();
            continue;
        }
        node n;
        n.head = l;
        if (l.back() == '{' && l.find(';') == std::string::npos) {
            n.block = true;
            n.segs.emplace_back();
            stack.back()->push_back(std::move(n));
            node* b = &stack.back()->back();
            open.push_back(b);
            stack.push_back(&b->segs.back());
        } else {
            stack.back()->push_back(std::move(n));
        }
    }
    return open.empty();
}

inline void print(const std::vector<node>& forest, std::string& out) {
    // Iterative pre-order with explicit stack of (list, index, depth).
    struct frame {
        const std::vector<node>* list;
        std::size_t i;
        int depth;
        const node* owner;
        std::size_t seg;
    };
    std::vector<frame> st{{&forest, 0, 0, nullptr, 0}};
    while (!st.empty()) {
        frame& f = st.back();
        if (f.i >= f.list->size()) {
            const node* owner = f.owner;
            std::size_t seg = f.seg;
            int depth = f.depth;
            st.pop_back();
            if (owner) {
                std::string ind(static_cast<std::size_t>(depth - 1) * 4, ' ');
                if (seg + 1 < owner->segs.size()) {
                    out += ind + owner->seg_heads[seg] + "\n";
                    st.push_back(frame{&owner->segs[seg + 1], 0, depth, owner, seg + 1});
                } else {
                    out += ind + "}\n";
                }
            }
            continue;
        }
        const node& n = (*f.list)[f.i++];
        std::string ind(static_cast<std::size_t>(f.depth) * 4, ' ');
        out += ind + n.head + "\n";
        if (n.block) {
            int d = f.depth + 1;
            st.push_back(frame{&n.segs[0], 0, d, &n, 0});
        }
    }
}

}  // namespace shrink_detail

struct shrink_stats {
    std::size_t tests = 0, kept = 0;
    std::size_t lines_before = 0, lines_after = 0;
};

inline std::size_t count_lines(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

/// Greedy delta debugging over the line tree of `text`; returns the smallest failing text found.
inline std::string shrink(const std::string& text, const std::function<bool(const std::string&)>& still_fails, shrink_stats* stats = nullptr,
                          std::size_t max_tests = 4000) {
    using namespace shrink_detail;
    // A position: the path of (node index, segment) pairs to a list, and an index in that list.
    struct position {
        std::vector<std::pair<std::size_t, std::size_t>> path;
        std::size_t index;
    };
    auto list_at = [](std::vector<node>& forest, const position& p) -> std::vector<node>& {
        std::vector<node>* l = &forest;
        for (const auto& step : p.path) l = &(*l)[step.first].segs[step.second];
        return *l;
    };
    auto collect = [](const std::vector<node>& forest) {
        // Pre-order: a block comes before its lines, so whole blocks are tried first.
        std::vector<position> out;
        struct item {
            const std::vector<node>* list;
            std::vector<std::pair<std::size_t, std::size_t>> path;
            std::size_t i;
        };
        std::vector<item> st{{&forest, {}, 0}};
        while (!st.empty()) {
            item& it = st.back();
            if (it.i >= it.list->size()) {
                st.pop_back();
                continue;
            }
            std::size_t i = it.i++;
            out.push_back(position{it.path, i});
            const node& n = (*it.list)[i];
            std::vector<std::pair<std::size_t, std::size_t>> base = it.path;
            const std::vector<node>* list = it.list;
            for (std::size_t s = n.segs.size(); s > 0; --s) {
                std::vector<std::pair<std::size_t, std::size_t>> p = base;
                p.push_back({i, s - 1});
                st.push_back(item{&(*list)[i].segs[s - 1], p, 0});
            }
        }
        return out;
    };
    std::vector<node> forest;
    if (!parse(text, forest)) return text;
    std::string best;
    print(forest, best);
    std::size_t tests = 0, kept = 0;
    auto test = [&](const std::vector<node>& f) {
        std::string t;
        print(f, t);
        if (t == best) return false;
        ++tests;
        if (still_fails(t)) {
            best = t;
            ++kept;
            return true;
        }
        return false;
    };
    if (!still_fails(best)) {
        // The canonical re-indentation changed the outcome: keep the original.
        if (stats) stats->tests = 1;
        return text;
    }
    std::size_t start = 0;
    for (;;) {
        if (tests >= max_tests) break;
        std::vector<position> all = collect(forest);
        bool changed = false;
        // 1. Remove a node (a line, or a whole block with its lines).
        for (std::size_t k = start; k < all.size() && tests < max_tests && !changed; ++k) {
            std::vector<node> cand = forest;
            std::vector<node>& list = list_at(cand, all[k]);
            if (list[all[k].index].head.rfind("module", 0) == 0) continue;
            list.erase(list.begin() + static_cast<std::ptrdiff_t>(all[k].index));
            if (test(cand)) {
                forest = std::move(cand);
                start = k;
                changed = true;
            }
        }
        if (changed) continue;
        // 2. Unwrap a block into one of its segments, or drop its later segments.
        for (std::size_t k = 0; k < all.size() && tests < max_tests && !changed; ++k) {
            if (all[k].path.empty()) continue;  // keep functions and types as declarations
            const node& n = list_at(forest, all[k])[all[k].index];
            if (!n.block) continue;
            std::size_t nsegs = n.segs.size();
            for (std::size_t s = 0; s < nsegs && !changed; ++s) {
                std::vector<node> cand = forest;
                std::vector<node>& list = list_at(cand, all[k]);
                std::vector<node> repl = list[all[k].index].segs[s];
                list.erase(list.begin() + static_cast<std::ptrdiff_t>(all[k].index));
                list.insert(list.begin() + static_cast<std::ptrdiff_t>(all[k].index), repl.begin(), repl.end());
                if (test(cand)) {
                    forest = std::move(cand);
                    changed = true;
                }
            }
            if (!changed && nsegs > 1) {
                std::vector<node> cand = forest;
                node& m = list_at(cand, all[k])[all[k].index];
                m.segs.resize(1);
                m.seg_heads.clear();
                if (test(cand)) {
                    forest = std::move(cand);
                    changed = true;
                }
            }
        }
        if (!changed) break;
        start = 0;
    }
    if (stats) {
        stats->tests = tests;
        stats->kept = kept;
        stats->lines_before = count_lines(text);
        stats->lines_after = count_lines(best);
    }
    return best;
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_SHRINK_HPP
