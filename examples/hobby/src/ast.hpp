// ast.hpp - the hobby language's own syntax tree.
//
// Nothing here knows about escapade. It is the tree a small compiler would have anyway: nodes live
// in arenas owned by the Program, lists (statements of a block, arguments of a call, elements of a
// literal) are intrusive singly linked lists through `next`, and the checker (check.cpp) resolves
// names and types in place. The escape pass (escape.cpp, the only file that includes escapade)
// writes its verdicts back into `Expr::stack` and `Var::heap`; the code generator reads them.
#ifndef HOBBY_AST_HPP
#define HOBBY_AST_HPP

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace hobby {

struct Pos {
    std::uint32_t line = 0, col = 0;
};

struct ClassDecl;
struct IfaceDecl;
struct Function;

enum class TK : std::uint8_t {
    Named,     // a type name not resolved yet (parser output only)
    Void,      // no value (the "type" of a call to a function without result)
    Int,       // 64-bit integer
    Bool,
    String,    // immutable bytes: pointer + length
    Nil,       // the literal nil before it is given the type it is assigned to
    ClassRef,  // a reference to an object of a class (elem = the object)
    Object,    // the object itself: a class-id header word and the fields
    Iface,     // a reference to an object of some class implementing the interface
    Array,     // [T]: pointer + length
    Fun        // fun(A, B): R: a reference to a closure record
};

struct Type {
    TK kind = TK::Void;
    std::string name;            // display name; the name to resolve for TK::Named
    Pos pos;                     // TK::Named: where it was written
    ClassDecl* cls = nullptr;    // ClassRef, Object
    IfaceDecl* iface = nullptr;  // Iface
    Type* elem = nullptr;        // ClassRef: its Object; Array: the element type
    std::vector<Type*> params;   // Fun
    Type* ret = nullptr;         // Fun (Void when it returns nothing)
    std::uint64_t size = 0;      // bytes, as laid out by the generated C
    bool has_pointers = false;
};

enum class VarKind : std::uint8_t { Global, Param, Result, Local };

struct Var {
    std::string name;
    Pos pos;
    Type* type = nullptr;
    VarKind kind = VarKind::Local;
    Function* owner = nullptr;  // the function declaring it (null for globals)
    std::uint32_t id = 0;
    bool captured = false;      // some closure uses it
    // Set by the escape pass: the variable is an allocation site (a closure captures it by
    // reference), and whether it must live on the heap.
    bool site = false;
    bool heap = false;
    bool by_ref = false;  // set by the escape pass: closures capture this variable by reference
};

enum class Op : std::uint8_t {
    Int, Str, Bool, Nil,  // literals (ival / text)
    Blank,                // the unnamed key of `for x in xs`
    Name,                 // an identifier, before the checker resolves it
    Var,                  // a variable (var)
    Func,                 // a top-level function used as a value (fn)
    Unary, Binary,        // arithmetic and comparisons (text = operator): a, b
    And, Or,              // short-circuit logic: a, b
    Field,                // a.name: after checking, a field read through the reference a (field)
    Index,                // a[b] on an array
    Substr,               // substr(a, i, j): a string sharing a's bytes; args = i, j
    New,                  // new C{...}: a = the ObjLit
    ObjLit,               // the field values of a new object, in field order (args)
    NewArray,             // new [T](a): a zeroed array of a elements
    ArrayLit,             // [x, y, ...] (args)
    Lambda,               // fun (...) {...}: a closure over fn
    ToIface,              // a class reference used as an interface value (inserted by the checker)
    Call,                 // a(args): parser output; the checker turns it into one of:
    CallStatic,           // fn(args): a function, or a class method with the receiver first in args
    CallIface,            // a.text(args) on an interface value
    CallValue,            // a(args) through a function value
    Builtin               // text(args): print, len, at, arg, assert
};

struct Expr {
    Op op = Op::Int;
    Pos pos;
    std::string_view src;        // the source text of the expression
    Type* type = nullptr;
    Expr* a = nullptr;           // first operand (receiver, callee, left side...)
    Expr* b = nullptr;           // second operand
    Expr* args = nullptr;        // list of further operands (through next)
    Expr* next = nullptr;        // the next element of the list this expression is in
    std::int64_t ival = 0;       // Int, Bool
    std::string text;            // Str bytes, Name/Field/method/builtin name, operator
    struct Var* var = nullptr;   // Var
    Function* fn = nullptr;      // Func, Lambda, CallStatic
    int field = -1;              // Field: index in the class
    // Set by the escape pass for allocating expressions (New, NewArray, ArrayLit, Lambda).
    bool site = false;
    bool stack = false;
};

enum class SOp : std::uint8_t {
    Var,       // declares var (its initialisation is the Assign that follows, with define = true)
    Assign,    // e0 = e1
    Expr,      // e0;
    Return,    // return e0?;
    If,        // if e0 { body } else { else_body }
    Loop,      // loop { body } then post (the parser lowers while and for-in-range to this)
    ForEach,   // for var in e2 { body }: e0 = a blank key, e1 = the variable, e2 = the array
    Break,
    Continue,
    Block      // { body }
};

struct Stmt {
    SOp op = SOp::Block;
    Pos pos;
    std::string_view src;
    Stmt* next = nullptr;       // the next statement of the enclosing list
    Expr* e0 = nullptr;
    Expr* e1 = nullptr;
    Expr* e2 = nullptr;
    Stmt* body = nullptr;       // list
    Stmt* else_body = nullptr;  // list (If)
    Stmt* post = nullptr;       // list run after each iteration of a Loop (the step of for-in-range)
    struct Var* var = nullptr;  // Var
    bool define = false;        // Assign: the defining assignment of a variable
};

struct Field {
    std::string name;
    Type* type = nullptr;
    Pos pos;
};

struct ClassDecl {
    std::string name;
    Pos pos;
    std::uint32_t id = 0;
    std::vector<Field> fields;
    std::vector<Function*> methods;
    std::vector<std::pair<std::string, Pos>> implements_names;
    std::vector<IfaceDecl*> implements;
    Type* ref = nullptr;  // ClassRef
    Type* obj = nullptr;  // Object
};

struct IfaceMethod {
    std::string name;
    Pos pos;
    std::vector<Type*> params;
    Type* ret = nullptr;
};

struct IfaceDecl {
    std::string name;
    Pos pos;
    std::vector<IfaceMethod> methods;
    Type* type = nullptr;
};

struct Function {
    std::string name;            // display name: f, Class.m, f.func1
    Pos pos;
    std::uint32_t id = 0;
    ClassDecl* cls = nullptr;    // methods: the receiver's class (params[0] is `this`)
    Function* parent = nullptr;  // closures: the enclosing function
    std::vector<Var*> params;
    std::vector<Var*> results;   // zero or one (an unnamed result variable)
    std::vector<Var*> captures;  // closures: variables of enclosing functions they use
    std::vector<Var*> locals;    // every local declared in the body (not in nested closures)
    Type* ret = nullptr;
    Type* fun_type = nullptr;    // the function's type as a value
    Stmt* body = nullptr;        // list
    std::uint32_t lambda_count = 0;
};

/// A parsed (and, after check(), resolved and typed) program. Owns every node.
struct Program {
    std::string file;
    std::string source;
    std::vector<Function*> functions;  // every function: top-level, methods, closures, the initialiser
    std::vector<ClassDecl*> classes;
    std::vector<IfaceDecl*> ifaces;
    std::vector<Var*> globals;
    Stmt* global_inits = nullptr;      // parser: `var g = e;` at top level, as Var + Assign pairs
    Function* init = nullptr;          // runs the global initialisers
    Function* main = nullptr;
    // well-known types
    Type *t_void = nullptr, *t_int = nullptr, *t_bool = nullptr, *t_string = nullptr, *t_nil = nullptr;

    template <class T>
    T* make() {
        if constexpr (std::is_same_v<T, Expr>) return &exprs.emplace_back();
        else if constexpr (std::is_same_v<T, Stmt>) return &stmts.emplace_back();
        else if constexpr (std::is_same_v<T, struct Var>) return &vars.emplace_back();
        else if constexpr (std::is_same_v<T, Function>) return &funcs.emplace_back();
        else if constexpr (std::is_same_v<T, Type>) return &types.emplace_back();
        else if constexpr (std::is_same_v<T, ClassDecl>) return &class_store.emplace_back();
        else return &iface_store.emplace_back();
    }

private:
    std::deque<Expr> exprs;
    std::deque<Stmt> stmts;
    std::deque<struct Var> vars;
    std::deque<Function> funcs;
    std::deque<Type> types;
    std::deque<ClassDecl> class_store;
    std::deque<IfaceDecl> iface_store;
};

/// An error with a source position; the first one stops compilation.
struct Diag {
    bool failed = false;
    Pos pos;
    std::string message;
    bool error(Pos p, std::string msg) {
        if (!failed) {
            failed = true;
            pos = p;
            message = std::move(msg);
        }
        return false;
    }
};

/// Parses `prog.source`. The parser's recursion is limited to kMaxNesting levels of blocks,
/// parentheses and types, and the finished tree to kMaxDepth levels, so the recursive walks of the
/// later passes are bounded too.
constexpr int kMaxNesting = 200;
constexpr int kMaxDepth = 1000;
bool parse(Program& prog, Diag& diag);
/// Resolves names, checks types, inserts interface conversions, computes closure captures.
bool check(Program& prog, Diag& diag);

}  // namespace hobby

#endif  // HOBBY_AST_HPP
