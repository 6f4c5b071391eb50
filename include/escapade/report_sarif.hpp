// escapade/report_sarif.hpp - heap verdicts as a SARIF 2.1.0 log, for code-scanning views.
//
//   write_sarif(program, result, sink, options)      one log, one run, one program
//   sarif_report<Sink> log(sink, options); log.begin(); log.add(program, result); ...; log.end();
//
// Mapping (docs/formats.md): one run; the tool's rules are the heap reasons (rule id
// "heap/<reason>", e.g. heap/dynamic-call), each with a description and a default level; every
// heap site gc would report (site.reported) is a result of its reason's rule, at the site's
// position, with the function as its logical location and the callee / location responsible as
// properties. When the analysis ran with `explain`, the site's explanation is a code flow: one
// thread flow whose locations are the explanation lines in order ("flow: {heap} = &x:" at nesting
// level 0, each "from ... at FILE:LINE:COL" step at level 1, at the position it names). Stack
// verdicts and parameter summaries are not results (JSON carries them).
//
// Artifact locations: a file name is made absolute against options.base (the directory relative
// names are relative to, e.g. the working directory) and lexically normalised; under options.root
// it becomes a URI relative to the uriBaseId "SRCROOT" (whose absolute file: URI is in the run's
// originalUriBaseIds), elsewhere an absolute file: URI. Names are percent-encoded. Columns are the
// results' byte columns (equal to SARIF's default UTF-16 columns on ASCII lines).
//
// Output goes to a sink `bool(std::string_view piece)` as in report_json.hpp; nothing is allocated
// (paths are normalised in fixed 1 KiB buffers: a longer one is written as it is; a sarif_report
// object holds about 5 KiB of buffers, the last file's URI among them).
// Complexity: O(heap sites + explanation lines + total path length of the files that change
// between consecutive locations).
#ifndef ESCAPADE_REPORT_SARIF_HPP
#define ESCAPADE_REPORT_SARIF_HPP

#include "detail/json.hpp"
#include "report_json.hpp"
#include "results.hpp"

namespace escapade {

struct sarif_options {
    std::string_view tool = "escapade";
    std::string_view root;   ///< absolute directory whose files get SRCROOT-relative URIs; empty: none do
    std::string_view base;   ///< absolute directory relative file names are relative to; empty: root
    std::string_view level = "note";  ///< the results' and rules' level: "note", "warning" or "error"
    /// As json_options::keep_file: facts at positions in files it rejects are left out.
    bool (*keep_file)(std::string_view file, void* context) = nullptr;
    void* keep_file_context = nullptr;
};

namespace detail {

struct sarif_rule {
    reason why;
    const char* id;
    const char* name;
    const char* description;
};

/// The rules: one per heap reason, in the order of enum reason (ruleIndex = reason - 1).
inline const sarif_rule* sarif_rules(std::size_t* count) noexcept {
    static constexpr sarif_rule rules[] = {
        {reason::stored_in_global, "heap/stored-in-global", "StoredInGlobal", "The object's address is stored in a global variable, so it outlives every frame."},
        {reason::stored_through_pointer, "heap/stored-through-pointer", "StoredThroughPointer", "The object's address is stored through a pointer; gc's model sends such stores to the heap."},
        {reason::returned, "heap/returned", "Returned", "The object's address flows to a result of its function, so it outlives the frame."},
        {reason::dynamic_call, "heap/dynamic-call", "DynamicCall", "The object's address is passed to an interface-method or function-value call whose target is not known."},
        {reason::external_call, "heap/external-call", "ExternalCall", "The object's address is passed to a function without body or summary."},
        {reason::leaked_by_callee, "heap/leaked-by-callee", "LeakedByCallee", "A callee's summary says the argument carrying the object's address leaks to the heap."},
        {reason::loop_iteration, "heap/loop-iteration", "LoopIteration", "The object's address outlives the loop iteration that allocated it."},
        {reason::enclosing_variable, "heap/enclosing-variable", "EnclosingVariable", "A closure stores the object's address in a variable of an enclosing function."},
        {reason::too_large, "heap/too-large", "TooLarge", "The object is larger than the stack size limits."},
        {reason::non_constant_size, "heap/non-constant-size", "NonConstantSize", "The object's size is not a small constant (make with a computed length)."},
        {reason::goroutine, "heap/goroutine", "Goroutine", "The object's address is passed to a go statement."},
        {reason::deferred_in_loop, "heap/deferred-in-loop", "DeferredInLoop", "The object's address is passed to a defer inside a loop."},
        {reason::channel_send, "heap/channel-send", "ChannelSend", "The object's address is sent on a channel."},
        {reason::map_store, "heap/map-store", "MapStore", "The object's address is stored in a map."},
        {reason::slice_append, "heap/slice-append", "SliceAppend", "The object's address is appended or copied into a slice's backing store."},
        {reason::panic_value, "heap/panic-value", "PanicValue", "The object's address is passed to panic."},
        {reason::method_value, "heap/method-value", "MethodValue", "The object's address is reached through a method value's results."},
        {reason::unsafe_conversion, "heap/unsafe-conversion", "UnsafeConversion", "The object's address flows through an unsafe conversion gc treats as escaping."},
        {reason::budget, "heap/budget", "Budget", "The analysis exceeded its work budget and answered heap for the whole batch."},
        {reason::escapes, "heap/escapes", "Escapes", "The object's address reaches the heap another way."},
    };
    *count = sizeof rules / sizeof rules[0];
    return rules;
}

/// A path made absolute (against base) and lexically normalised, in a caller buffer.
class sarif_path {
public:
    /// False if the result does not fit (the caller then writes the name as it is).
    bool make(std::string_view base, std::string_view name) noexcept {
        len_ = 0;
        if (name.empty()) return false;
        if (name[0] != '/' && !append(base)) return false;
        return append(name);
    }
    std::string_view view() const noexcept { return std::string_view(buf_, len_); }

private:
    /// Appends the segments of s, resolving "." and ".." (".." at the root stays at the root).
    bool append(std::string_view s) noexcept {
        std::size_t i = 0;
        while (i < s.size()) {
            std::size_t j = s.find('/', i);
            if (j == std::string_view::npos) j = s.size();
            std::string_view seg = s.substr(i, j - i);
            i = j + 1;
            if (seg.empty() || seg == ".") continue;
            if (seg == "..") {
                while (len_ > 0 && buf_[len_ - 1] != '/') --len_;
                if (len_ > 0) --len_;
                continue;
            }
            if (len_ + 1 + seg.size() > sizeof buf_) return false;
            buf_[len_++] = '/';
            for (char c : seg) buf_[len_++] = c;
        }
        return true;
    }
    char buf_[1024];
    std::size_t len_ = 0;
};

/// Writes s percent-encoded (RFC 3986: everything but unreserved characters and '/').
inline void sarif_percent_encode(text_buffer& out, std::string_view s) noexcept {
    static const char hex[] = "0123456789ABCDEF";
    for (char ch : s) {
        unsigned char c = static_cast<unsigned char>(ch);
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                     c == '~' || c == '/';
        if (plain) {
            char one[2] = {static_cast<char>(c), '\0'};
            out.put(one);
        } else {
            char three[4] = {'%', hex[c >> 4], hex[c & 15], '\0'};
            out.put(three);
        }
    }
}

/// An explanation line's step position: "... at FILE:LINE:COL" at its end.
struct sarif_step {
    std::string_view file;
    std::uint32_t line = 0, column = 0;
    bool found = false;
};

inline sarif_step parse_step_position(std::string_view text) noexcept {
    sarif_step st;
    std::size_t at = text.rfind(" at ");
    if (at == std::string_view::npos) return st;
    std::string_view rest = text.substr(at + 4);
    std::size_t c2 = rest.rfind(':');
    if (c2 == std::string_view::npos || c2 == 0) return st;
    std::size_t c1 = rest.rfind(':', c2 - 1);
    if (c1 == std::string_view::npos || c1 == 0) return st;
    auto number = [](std::string_view d, std::uint32_t* out) {
        if (d.empty() || d.size() > 9) return false;
        std::uint32_t v = 0;
        for (char c : d) {
            if (c < '0' || c > '9') return false;
            v = v * 10 + static_cast<std::uint32_t>(c - '0');
        }
        *out = v;
        return true;
    };
    if (!number(rest.substr(c1 + 1, c2 - c1 - 1), &st.line) || !number(rest.substr(c2 + 1), &st.column)) return st;
    st.file = rest.substr(0, c1);
    st.found = true;
    return st;
}

}  // namespace detail

template <class Sink>
class sarif_report {
public:
    sarif_report(Sink& sink, const sarif_options& opt = {}) noexcept : out_(sink), opt_(opt) {}

    /// The log's header, the tool and its rules; results follow.
    bool begin() noexcept {
        out_.begin_object(true);
        out_.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json").member("version", "2.1.0");
        out_.key("runs").begin_array(true).begin_object(true);
        out_.key("tool").begin_object(true).key("driver").begin_object(true);
        out_.member("name", opt_.tool).member("version", ESCAPADE_VERSION_STRING).member("semanticVersion", ESCAPADE_VERSION_STRING);
        std::size_t n = 0;
        const detail::sarif_rule* rules = detail::sarif_rules(&n);
        out_.key("rules").begin_array(true);
        for (std::size_t i = 0; i < n; ++i) {
            out_.begin_object().member("id", rules[i].id).member("name", rules[i].name);
            out_.key("shortDescription").begin_object().member("text", to_string(rules[i].why)).end_object();
            out_.key("fullDescription").begin_object().member("text", rules[i].description).end_object();
            out_.key("defaultConfiguration").begin_object().member("level", opt_.level).end_object();
            out_.end_object();
        }
        out_.end_array().end_object().end_object();
        out_.key("results").begin_array(true);
        return out_.ok();
    }

    /// One result per reported heap site of `r`.
    template <class Program, class Traits>
    bool add(const Program& program, const analysis_result<Program, Traits>& r) noexcept {
        for (const auto& s : r.sites()) {
            if (s.verdict != verdict::heap || !s.reported) continue;
            std::string_view file = r.file_name(s.pos.file);
            if (opt_.keep_file != nullptr && !opt_.keep_file(file, opt_.keep_file_context)) continue;
            std::size_t rule = static_cast<std::size_t>(s.reason) - 1;  // rules start at stored_in_global
            std::size_t nrules = 0;
            const detail::sarif_rule* rules = detail::sarif_rules(&nrules);
            if (rule >= nrules) rule = nrules - 1;  // (reason::none is never a heap reason)
            std::string_view function = Traits::function_name(program, s.function);
            out_.begin_object();
            out_.member("ruleId", rules[rule].id).member_uint("ruleIndex", rule).member("level", opt_.level);
            char buf[1024];
            detail::text_buffer msg(buf, sizeof buf);
            msg.put(s.name).put(" is allocated on the heap: ").put(to_string(s.reason));
            if (!s.callee.empty()) msg.put(" ").put(s.callee);
            if (!s.via.empty()) msg.put(", via ").put(s.via);
            msg.put(" (in ").put(function).put(")");
            out_.key("message").begin_object().member("text", msg.view()).end_object();
            out_.key("locations").begin_array().begin_object();
            physical(file, s.pos.line, s.pos.column);
            out_.key("logicalLocations").begin_array().begin_object();
            out_.member("fullyQualifiedName", function).member("kind", "function").end_object().end_array();
            out_.end_object().end_array();
            if (s.explanation_count > 0) {
                out_.key("codeFlows").begin_array().begin_object().key("threadFlows").begin_array().begin_object();
                out_.key("locations").begin_array();
                for (std::string_view line : r.explanation(s)) {
                    std::size_t indent = 0;
                    while (indent < line.size() && line[indent] == ' ') ++indent;
                    std::string_view text = line.substr(indent);
                    detail::sarif_step st = detail::parse_step_position(text);
                    out_.begin_object().key("location").begin_object();
                    if (st.found) physical(st.file, st.line, st.column);
                    else physical(file, s.pos.line, s.pos.column);
                    out_.key("message").begin_object().member("text", text).end_object();
                    out_.end_object();
                    out_.member_uint("nestingLevel", indent >= 4 ? 1 : 0).end_object();
                }
                out_.end_array().end_object().end_array().end_object().end_array();
            }
            out_.key("properties").begin_object();
            out_.member("site", s.name).member("kind", s.kind == site_kind::variable ? "variable" : "expression");
            out_.member("reason", detail::reason_code(s.reason));
            if (!s.callee.empty()) out_.member("callee", s.callee);
            if (!s.via.empty()) out_.member("via", s.via);
            out_.member("model", to_string(r.options().model)).member("dispatch", to_string(r.options().dispatch));
            out_.member("world", to_string(r.options().world));
            out_.end_object();
            out_.end_object();
            if (!out_.ok()) return false;
        }
        return out_.ok();
    }

    /// Closes the results, writes SRCROOT and whether the run succeeded, and flushes.
    bool end(bool successful = true) noexcept {
        out_.end_array();
        if (!opt_.root.empty()) {
            char buf[3 * sizeof(detail::sarif_path) + 16];
            detail::text_buffer uri(buf, sizeof buf);
            detail::sarif_path root;
            uri.put("file://");
            detail::sarif_percent_encode(uri, root.make(std::string_view("/"), opt_.root) ? root.view() : opt_.root);
            uri.put("/");
            out_.key("originalUriBaseIds").begin_object().key("SRCROOT").begin_object().member("uri", uri.view()).end_object().end_object();
        }
        out_.key("invocations").begin_array().begin_object().member_bool("executionSuccessful", successful).end_object().end_array();
        out_.end_object().end_array().end_object().newline();
        return out_.flush();
    }

private:
    void physical(std::string_view file, std::uint32_t line, std::uint32_t column) noexcept {
        out_.key("physicalLocation").begin_object();
        out_.key("artifactLocation").begin_object();
        if (!(cached_ && file == std::string_view(file_buf_, file_len_))) make_uri(file);
        out_.member("uri", std::string_view(uri_buf_, uri_len_));
        if (uri_relative_) out_.member("uriBaseId", "SRCROOT");
        out_.end_object();
        if (line > 0) {
            out_.key("region").begin_object().member_uint("startLine", line);
            if (column > 0) out_.member_uint("startColumn", column);
            out_.end_object();
        }
        out_.end_object();
    }

    /// The URI of `file` into uri_buf_ (and the cache, when the name is short enough to keep).
    void make_uri(std::string_view file) noexcept {
        detail::text_buffer uri(uri_buf_, sizeof uri_buf_);
        detail::sarif_path path, root;
        std::string_view base = opt_.base.empty() ? opt_.root : opt_.base;
        uri_relative_ = false;
        if (!base.empty() && path.make(base, file)) {
            std::string_view abs = path.view();
            if (!opt_.root.empty() && root.make(std::string_view("/"), opt_.root)) {
                std::string_view r = root.view();
                if (abs.size() > r.size() && abs.compare(0, r.size(), r) == 0 && abs[r.size()] == '/') {
                    detail::sarif_percent_encode(uri, abs.substr(r.size() + 1));
                    uri_relative_ = true;
                }
            }
            if (!uri_relative_) {
                uri.put("file://");
                detail::sarif_percent_encode(uri, abs);
            }
        } else {
            detail::sarif_percent_encode(uri, file);  // no base, or too long: the name as it is
        }
        uri_len_ = uri.size();
        cached_ = file.size() <= sizeof file_buf_;
        if (cached_) {
            for (std::size_t i = 0; i < file.size(); ++i) file_buf_[i] = file[i];
            file_len_ = file.size();
        }
    }

    detail::json_out<Sink> out_;
    sarif_options opt_;
    // The last file's URI: consecutive locations (a result and its flow steps) are mostly in one file.
    char uri_buf_[3 * sizeof(detail::sarif_path) + 16];  // room to percent-encode every byte of a path
    std::size_t uri_len_ = 0;
    bool uri_relative_ = false;
    char file_buf_[256];
    std::size_t file_len_ = 0;
    bool cached_ = false;
};

/// Writes a complete SARIF 2.1.0 log with the heap verdicts of `r`. Returns false if the sink
/// refused a piece.
template <class Program, class Traits, class Sink>
bool write_sarif(const Program& program, const analysis_result<Program, Traits>& r, Sink&& sink, const sarif_options& opt = {}) noexcept {
    sarif_report<std::remove_reference_t<Sink>> log(sink, opt);
    return log.begin() && log.add(program, r) && log.end();
}

}  // namespace escapade

#endif  // ESCAPADE_REPORT_SARIF_HPP
