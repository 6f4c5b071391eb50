// tests/support/cfg_ir_reader.hpp - the text form of the test CFG IR (cfg_ir.hpp).
//
//     ; a comment; "; EXPECT: stack" / "; EXPECT: heap" / "; EXPECT: heap (reason)" on the line of
//     ; an alloc is what the test expects of that site ("; EXPECT(closed): ..." in some modes only;
//     ; a comment line of expectations continues the previous instruction's); "[observable]" after
//     ; a heap expectation says some execution really reaches the object too late
//     global @g
//     extern @sink(%p)                              ; no body: leaks every parameter
//     extern @keep(%p, %q) declares %p heap 0, %q result 1   ; or exactly these leaks
//     func @f(%p, %n) {
//     entry:
//       %a = alloc 16                 ; allocation of a known size; "alloc ? %n": unknown size
//       %l = local                    ; frame storage the host owns (alloca)
//       store %a, %l                  ; store VALUE, POINTER
//       %v = load %l
//       %x = address %a, 8            ; getelementptr: base, indices
//       %c = cast %x
//       %s = select %n, %a, %c
//       %m = aggregate %a, %c         ; insertvalue / extractvalue
//       %o = opaque %n, 1             ; a scalar (no flow)
//       copy %a, %l, 16               ; memcpy DST, SRC, extras
//       %e = exchange %l, %a          ; atomic swap: POINTER, values
//       %i = toint %a
//       %j = fromint %i
//       %u = unknown %a
//       %r = call @keep(%a, %c)
//       %t = icall %v(%a) targets @f  ; through a function pointer (targets: the host's list)
//       %w = vcall %a.run(%c)         ; method run of %a's dynamic type
//       br loop, exit                 ; successors (conditions carry no flow)
//     loop:
//       %k = phi [%a, entry], [%k2, loop]
//       %k2 = alloc 8
//       br loop, exit
//     exit:
//       ret %a                        ; or "ret", or "unreachable"
//     }
//
// Operands: %name (a parameter or an instruction of the same function, defined anywhere in it),
// @name (a function, as a value, or a global), null, undef or an integer (constants). The reader
// checks syntax and names only: programs that break the host contract (a use its definition does
// not dominate, a phi whose blocks are not predecessors) are read as written, so tests can check
// that the analysis rejects them.
#ifndef ESCAPADE_TESTS_SUPPORT_CFG_IR_READER_HPP
#define ESCAPADE_TESTS_SUPPORT_CFG_IR_READER_HPP

#include <cctype>
#include <map>
#include <sstream>

#include "cfg_ir.hpp"

namespace cfgir {

class reader {
public:
    /// Parses text into m. False with error() set ("LINE:COL: message") on a syntax or name error.
    bool read(const std::string& text, module& m) {
        m_ = &m;
        std::istringstream in(text);
        std::string line;
        line_no_ = 0;
        while (std::getline(in, line)) {
            ++line_no_;
            if (!line_(line)) return false;
        }
        if (cur_fn_ != none) return fail(line_no_, 1, "missing '}' at the end of function @" + m.functions[cur_fn_].name);
        return resolve_globals();
    }
    const std::string& error() const { return error_; }

private:
    struct pending {
        value_id inst;      ///< instruction value
        std::size_t slot;   ///< operand position (none: callee / target)
        std::string name;
        char sigil;
        unsigned line, col;
        int role = 0;       ///< 0 operand, 1 callee, 2 target
    };
    struct pending_block {
        value_id inst;  ///< phi (none: successor of block `blk`)
        block_id blk;
        std::size_t slot;
        std::string name;
        unsigned line, col;
    };

    bool fail(unsigned line, unsigned col, const std::string& msg) {
        if (error_.empty()) error_ = std::to_string(line) + ":" + std::to_string(col) + ": " + msg;
        return false;
    }

    // ---- a line as tokens -------------------------------------------------------------------------
    struct token {
        std::string text;
        unsigned col;
    };
    static bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$'; }
    std::vector<token> tokenize(const std::string& s, std::string& comment) {
        std::vector<token> out;
        std::size_t i = 0;
        while (i < s.size()) {
            char c = s[i];
            if (c == ';') {
                comment = s.substr(i + 1);
                break;
            }
            if (std::isspace(static_cast<unsigned char>(c))) {
                ++i;
                continue;
            }
            std::size_t start = i;
            if (c == '%' || c == '@' || ident_char(c) || c == '-' || c == '?') {
                ++i;
                while (i < s.size() && ident_char(s[i])) ++i;
                // "%a.run(" : the method separator belongs to vcall's own parsing
            } else {
                ++i;  // punctuation: ( ) [ ] , = { } :
            }
            out.push_back(token{s.substr(start, i - start), static_cast<unsigned>(start + 1)});
        }
        return out;
    }

    bool line_(const std::string& s) {
        std::string comment;
        std::vector<token> t = tokenize(s, comment);
        std::vector<expectation> ex;
        if (!expectations(comment, ex)) return false;
        if (t.empty()) {
            // a comment line of expectations continues the previous instruction's
            if (!ex.empty()) {
                if (last_inst_ == none) return fail(line_no_, 1, "an expectation before any instruction");
                for (expectation& e : ex) m_->inst(last_inst_).expect.push_back(e);
            }
            return true;
        }
        if (cur_fn_ == none) return top_level(t);
        if (t[0].text == "}" && t.size() == 1) return end_function();
        if (t.size() == 2 && t[1].text == ":") return new_block(t[0]);
        if (cur_block_ == none) return fail(line_no_, t[0].col, "an instruction before the first block label");
        return instruction_(t, ex);
    }

    /// "EXPECT: text" or "EXPECT(mode,mode): text" in a comment.
    bool expectations(const std::string& comment, std::vector<expectation>& out) {
        std::size_t k = comment.find("EXPECT");
        if (k == std::string::npos) return true;
        std::size_t colon = comment.find(':', k);
        if (colon == std::string::npos) return fail(line_no_, 1, "EXPECT without ':'");
        expectation e;
        e.line = line_no_;
        std::string head = comment.substr(k + 6, colon - k - 6);
        if (!head.empty()) {
            if (head.front() != '(' || head.back() != ')') return fail(line_no_, 1, "expected EXPECT(mode,...):");
            std::string modes = head.substr(1, head.size() - 2);
            std::stringstream ss(modes);
            std::string mode;
            while (std::getline(ss, mode, ',')) e.modes.push_back(mode);
        }
        std::string rest = comment.substr(colon + 1);
        std::size_t a = rest.find_first_not_of(" \t"), b = rest.find_last_not_of(" \t\r");
        e.text = a == std::string::npos ? std::string() : rest.substr(a, b - a + 1);
        const std::string tag = "[observable]";
        if (e.text.size() >= tag.size() && e.text.compare(e.text.size() - tag.size(), tag.size(), tag) == 0) {
            e.observable = true;
            e.text = e.text.substr(0, e.text.find_last_not_of(" \t", e.text.size() - tag.size() - 1) + 1);
        }
        out.push_back(e);
        return true;
    }

    bool top_level(const std::vector<token>& t) {
        const std::string& kw = t[0].text;
        if (kw == "global") {
            if (t.size() != 2 || t[1].text[0] != '@') return fail(line_no_, t[0].col, "expected: global @name");
            std::string name = t[1].text.substr(1);
            if (names_.count(name)) return fail(line_no_, t[1].col, "@" + name + " declared twice");
            value_id v = m_->add_value(value_kind::global, name, static_cast<std::uint32_t>(m_->globals.size()), pos(t[1].col));
            m_->globals.push_back(v);
            names_[name] = v;
            return true;
        }
        if (kw != "func" && kw != "extern") return fail(line_no_, t[0].col, "expected global, extern or func");
        if (t.size() < 4 || t[1].text[0] != '@' || t[2].text != "(") return fail(line_no_, t[0].col, "expected: " + kw + " @name(...)");
        function f;
        f.name = t[1].text.substr(1);
        f.pos = pos(t[1].col);
        f.body = kw == "func";
        if (fn_names_.count(f.name) || names_.count(f.name)) return fail(line_no_, t[1].col, "@" + f.name + " declared twice");
        func_id id = static_cast<func_id>(m_->functions.size());
        std::size_t i = 3;
        std::map<std::string, index_t> pidx;
        while (i < t.size() && t[i].text != ")") {
            if (t[i].text[0] != '%') return fail(line_no_, t[i].col, "expected a parameter %name");
            std::string pn = t[i].text.substr(1);
            if (pidx.count(pn)) return fail(line_no_, t[i].col, "parameter %" + pn + " declared twice");
            pidx[pn] = static_cast<index_t>(f.params.size());
            f.params.push_back(m_->add_value(value_kind::parameter, pn, id, pos(t[i].col)));
            ++i;
            if (i < t.size() && t[i].text == ",") ++i;
        }
        if (i >= t.size()) return fail(line_no_, t[0].col, "missing ')'");
        ++i;
        if (i < t.size() && t[i].text == "variadic") {
            f.variadic = true;
            ++i;
        }
        if (!f.body && i < t.size() && t[i].text == "declares") {
            f.declares = true;
            ++i;
            while (i < t.size()) {
                if (i + 2 >= t.size() || t[i].text[0] != '%' || !pidx.count(t[i].text.substr(1)))
                    return fail(line_no_, t[i].col, "expected: %param heap|result LEVEL");
                leak l;
                l.param = pidx[t[i].text.substr(1)];
                if (t[i + 1].text != "heap" && t[i + 1].text != "result") return fail(line_no_, t[i + 1].col, "expected heap or result");
                l.to_result = t[i + 1].text == "result";
                l.derefs = std::atoi(t[i + 2].text.c_str());
                f.leaks.push_back(l);
                escapade::leak_declaration d;
                d.param = l.param;
                d.result = l.to_result ? 0 : escapade::invalid_index;
                d.derefs = l.derefs;
                f.leak_decls.push_back(d);
                i += 3;
                if (i < t.size() && t[i].text == ",") ++i;
            }
        }
        if (f.body) {
            if (i >= t.size() || t[i].text != "{" || i + 1 != t.size()) return fail(line_no_, t[0].col, "expected '{' at the end of the line");
            cur_fn_ = id;
            locals_.clear();
            blocks_.clear();
            for (auto& [n, k] : pidx) locals_[n] = f.params[k];
        } else if (i != t.size()) {
            return fail(line_no_, t[i].col, "unexpected '" + t[i].text + "'");
        }
        fn_names_[f.name] = id;
        m_->functions.push_back(std::move(f));
        m_->order.push_back(id);
        return true;
    }

    bool new_block(const token& label) {
        if (!ident_char(label.text[0])) return fail(line_no_, label.col, "bad block label");
        if (blocks_.count(label.text)) return fail(line_no_, label.col, "block " + label.text + " declared twice");
        block b;
        b.name = label.text;
        b.fn = cur_fn_;
        block_id id = static_cast<block_id>(m_->blocks.size());
        m_->blocks.push_back(b);
        m_->functions[cur_fn_].blocks.push_back(id);
        blocks_[label.text] = id;
        cur_block_ = id;
        terminated_ = false;
        return true;
    }

    // operand parsing --------------------------------------------------------------------------------
    bool operand(const token& tk, value_id inst, std::size_t slot, int role = 0) {
        const std::string& s = tk.text;
        if (s == "null" || s == "undef" || std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-') {
            if (role != 0) return fail(line_no_, tk.col, "expected a name");
            m_->inst(inst).ops[slot] = constant();
            return true;
        }
        if (s[0] != '%' && s[0] != '@') return fail(line_no_, tk.col, "expected an operand, got '" + s + "'");
        if (s.size() < 2) return fail(line_no_, tk.col, "empty name");
        refs_.push_back(pending{inst, slot, s.substr(1), s[0], line_no_, tk.col, role});
        return true;
    }
    value_id constant() {
        if (const_ == none) const_ = m_->add_value(value_kind::constant, "", none, source_pos{});
        return const_;
    }
    /// Comma-separated operands from t[i] up to `stop` (or the end).
    bool operand_list(const std::vector<token>& t, std::size_t& i, value_id inst, const char* stop) {
        while (i < t.size() && (stop == nullptr || t[i].text != stop)) {
            instruction& in = m_->inst(inst);
            in.ops.push_back(none);
            if (!operand(t[i], inst, in.ops.size() - 1)) return false;
            ++i;
            if (i < t.size() && t[i].text == ",") ++i;
        }
        return true;
    }

    bool instruction_(const std::vector<token>& t, const std::vector<expectation>& ex) {
        if (terminated_) return fail(line_no_, t[0].col, "an instruction after the block's terminator");
        std::size_t i = 0;
        std::string name;
        if (t.size() >= 3 && t[0].text[0] == '%' && t[1].text == "=") {
            name = t[0].text.substr(1);
            i = 2;
        }
        const std::string op = t[i].text;
        unsigned col = t[i].col;
        ++i;
        instruction in;
        in.block = cur_block_;
        in.expect = ex;
        std::uint32_t idx = static_cast<std::uint32_t>(m_->insts.size());
        m_->insts.push_back(in);
        value_id v = m_->add_value(value_kind::instruction, name, idx, pos(col));
        m_->blocks[cur_block_].insts.push_back(v);
        last_inst_ = v;
        if (!name.empty()) {
            if (locals_.count(name)) return fail(line_no_, t[0].col, "%" + name + " defined twice");
            locals_[name] = v;
        }
        instruction& I = m_->insts[idx];
        auto need_name = [&](bool want) { return want == !name.empty() || fail(line_no_, col, op + (want ? " needs a result name" : " has no result")); };
        if (op == "alloc") {
            I.kind = inst_kind::alloc;
            if (i >= t.size()) return fail(line_no_, col, "alloc needs a size or '?'");
            if (t[i].text == "?") {
                ++i;
            } else {
                I.size = std::strtoull(t[i].text.c_str(), nullptr, 10);
                I.size_known = true;
                ++i;
            }
            return need_name(true) && operand_list(t, i, v, nullptr);
        }
        static const std::map<std::string, inst_kind> simple = {
            {"local", inst_kind::local},       {"load", inst_kind::load},         {"exchange", inst_kind::exchange},
            {"address", inst_kind::address},   {"cast", inst_kind::cast},         {"select", inst_kind::select},
            {"aggregate", inst_kind::aggregate}, {"opaque", inst_kind::opaque},   {"toint", inst_kind::to_integer},
            {"fromint", inst_kind::from_integer}, {"unknown", inst_kind::unknown}};
        static const std::map<std::string, std::size_t> arity = {{"local", 0}, {"load", 1}, {"cast", 1}, {"select", 3},
                                                                 {"toint", 1}, {"fromint", 1}};
        auto it = simple.find(op);
        if (it != simple.end()) {
            I.kind = it->second;
            if (!operand_list(t, i, v, nullptr)) return false;
            auto a = arity.find(op);
            if (a != arity.end() && m_->inst(v).ops.size() != a->second)
                return fail(line_no_, col, op + " takes " + std::to_string(a->second) + " operands");
            if ((op == "exchange" || op == "address") && m_->inst(v).ops.empty()) return fail(line_no_, col, op + " needs a pointer");
            return op == "unknown" || op == "opaque" || need_name(true);
        }
        if (op == "store" || op == "copy") {
            I.kind = op == "store" ? inst_kind::store : inst_kind::copy_memory;
            if (!operand_list(t, i, v, nullptr)) return false;
            if (op == "store" ? m_->inst(v).ops.size() != 2 : m_->inst(v).ops.size() < 2)
                return fail(line_no_, col, op + " takes " + (op == "store" ? "two operands" : "at least two operands"));
            return need_name(false);
        }
        if (op == "phi") {
            I.kind = inst_kind::phi;
            while (i < t.size()) {
                if (t[i].text != "[" || i + 4 >= t.size() || t[i + 2].text != "," || t[i + 4].text != "]")
                    return fail(line_no_, t[i].col, "expected [value, block]");
                instruction& P = m_->inst(v);
                P.ops.push_back(none);
                P.incoming.push_back(none);
                if (!operand(t[i + 1], v, P.ops.size() - 1)) return false;
                block_refs_.push_back(pending_block{v, cur_block_, P.incoming.size() - 1, t[i + 3].text, line_no_, t[i + 3].col});
                i += 5;
                if (i < t.size() && t[i].text == ",") ++i;
            }
            return need_name(true);
        }
        if (op == "call" || op == "icall" || op == "vcall") {
            I.kind = op == "call" ? inst_kind::call : op == "icall" ? inst_kind::call_indirect : inst_kind::call_virtual;
            if (i >= t.size()) return fail(line_no_, col, op + " needs a callee");
            token callee = t[i];
            if (op == "vcall") {
                std::size_t dot = callee.text.find('.');
                if (callee.text[0] != '%' || dot == std::string::npos) return fail(line_no_, callee.col, "expected %receiver.method");
                I.method = callee.text.substr(dot + 1);
                callee.text = callee.text.substr(0, dot);
            }
            ++i;
            if (i >= t.size() || t[i].text != "(") return fail(line_no_, col, "expected '(' after the callee");
            ++i;
            if (op == "call") {
                if (callee.text[0] != '@') return fail(line_no_, callee.col, "call needs @function");
                refs_.push_back(pending{v, none, callee.text.substr(1), '@', line_no_, callee.col, 1});
            } else {
                m_->inst(v).ops.push_back(none);
                if (!operand(callee, v, 0)) return false;
            }
            if (!operand_list(t, i, v, ")")) return false;
            if (i >= t.size()) return fail(line_no_, col, "missing ')'");
            ++i;
            if (i < t.size() && t[i].text == "targets" && op != "call") {
                m_->inst(v).has_targets = true;
                ++i;
                while (i < t.size()) {
                    if (t[i].text[0] != '@') return fail(line_no_, t[i].col, "expected @function");
                    refs_.push_back(pending{v, none, t[i].text.substr(1), '@', line_no_, t[i].col, 2});
                    ++i;
                    if (i < t.size() && t[i].text == ",") ++i;
                }
            }
            if (i != t.size()) return fail(line_no_, t[i].col, "unexpected '" + t[i].text + "'");
            return true;
        }
        if (op == "ret" || op == "br" || op == "unreachable") {
            terminated_ = true;
            if (op == "ret") {
                I.kind = inst_kind::return_;
                if (!operand_list(t, i, v, nullptr)) return false;
                if (m_->inst(v).ops.size() > 1) return fail(line_no_, col, "ret takes at most one value");
            } else if (op == "br") {
                I.kind = inst_kind::branch;
                while (i < t.size()) {
                    block_refs_.push_back(pending_block{none, cur_block_, m_->blocks[cur_block_].succ.size(), t[i].text, line_no_, t[i].col});
                    m_->blocks[cur_block_].succ.push_back(none);
                    ++i;
                    if (i < t.size() && t[i].text == ",") ++i;
                }
            } else {
                I.kind = inst_kind::unreachable;
            }
            return need_name(false);
        }
        return fail(line_no_, col, "unknown instruction '" + op + "'");
    }

    bool end_function() {
        function& f = m_->functions[cur_fn_];
        if (f.blocks.empty()) return fail(line_no_, 1, "function @" + f.name + " has no block");
        for (block_id b : f.blocks) {
            const block& bb = m_->blocks[b];
            if (bb.insts.empty()) return fail(line_no_, 1, "block " + bb.name + " is empty");
            inst_kind k = m_->inst(bb.insts.back()).kind;
            if (k != inst_kind::return_ && k != inst_kind::branch && k != inst_kind::unreachable)
                return fail(line_no_, 1, "block " + bb.name + " does not end with ret, br or unreachable");
        }
        for (const pending_block& pb : block_refs_) {
            auto it = blocks_.find(pb.name);
            if (it == blocks_.end()) return fail(pb.line, pb.col, "unknown block " + pb.name);
            if (pb.inst == none) m_->blocks[pb.blk].succ[pb.slot] = it->second;
            else m_->inst(pb.inst).incoming[pb.slot] = it->second;
        }
        block_refs_.clear();
        // local (%) references now; global (@) ones at the end of the file
        std::vector<pending> rest;
        for (const pending& r : refs_) {
            if (r.sigil == '@') {
                rest.push_back(r);
                continue;
            }
            auto it = locals_.find(r.name);
            if (it == locals_.end()) return fail(r.line, r.col, "unknown value %" + r.name);
            m_->inst(r.inst).ops[r.slot] = it->second;
        }
        refs_ = rest;
        cur_fn_ = none;
        cur_block_ = none;
        return true;
    }

    bool resolve_globals() {
        for (const pending& r : refs_) {
            auto fit = fn_names_.find(r.name);
            if (r.role != 0) {
                if (fit == fn_names_.end()) return fail(r.line, r.col, "unknown function @" + r.name);
                if (r.role == 1) m_->inst(r.inst).callee = fit->second;
                else m_->inst(r.inst).targets.push_back(fit->second);
                continue;
            }
            if (fit != fn_names_.end()) {
                auto vit = fn_values_.find(fit->second);
                if (vit == fn_values_.end())
                    vit = fn_values_.emplace(fit->second, m_->add_value(value_kind::function, r.name, fit->second, source_pos{})).first;
                m_->inst(r.inst).ops[r.slot] = vit->second;
                continue;
            }
            auto git = names_.find(r.name);
            if (git == names_.end()) return fail(r.line, r.col, "unknown name @" + r.name);
            m_->inst(r.inst).ops[r.slot] = git->second;
        }
        return true;
    }

    source_pos pos(unsigned col) const { return source_pos{0, line_no_, col}; }

    module* m_ = nullptr;
    std::string error_;
    unsigned line_no_ = 0;
    func_id cur_fn_ = none;
    block_id cur_block_ = none;
    bool terminated_ = false;
    value_id const_ = none;
    value_id last_inst_ = none;
    std::map<std::string, value_id> names_;      ///< globals
    std::map<std::string, func_id> fn_names_;
    std::map<func_id, value_id> fn_values_;
    std::map<std::string, value_id> locals_;
    std::map<std::string, block_id> blocks_;
    std::vector<pending> refs_;
    std::vector<pending_block> block_refs_;
};

/// Reads a file's text into m; false with `error` set.
inline bool read_text(const std::string& text, module& m, std::string& error) {
    reader r;
    bool ok = r.read(text, m);
    error = r.error();
    return ok;
}

}  // namespace cfgir

#endif  // ESCAPADE_TESTS_SUPPORT_CFG_IR_READER_HPP
