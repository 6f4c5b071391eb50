// escape.hpp - the escape pass as the rest of the compiler sees it (no escapade types here).
#ifndef HOBBY_ESCAPE_HPP
#define HOBBY_ESCAPE_HPP

#include <string>
#include <vector>

#include "ast.hpp"

namespace hobby {

struct Site {
    Pos pos;
    std::string name;    // the expression's source text or the variable's name
    std::string reason;  // why it is on the heap (empty for stack sites)
    bool heap = false;
    bool variable = false;
};

struct EscapeResult {
    bool ok = false;
    std::string dispatch;  // the dispatch mode the analysis ran with
    std::string note;      // e.g. why another dispatch mode than the requested one was used
    std::string error;
    double seconds = 0;    // time spent in escapade::analyze
    std::vector<Site> sites;
};

/// Runs escapade over the checked program and stores the verdicts in the AST: Expr::site/stack for
/// allocating expressions, Var::site/heap for variables captured by reference. Asks for
/// context-sensitive dispatch when `context` is set and falls back to conservative dispatch when
/// this build of escapade does not support it.
EscapeResult analyze_escapes(Program& prog, bool context);

}  // namespace hobby

#endif  // HOBBY_ESCAPE_HPP
