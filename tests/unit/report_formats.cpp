// The machine-readable reports: the JSON writer (escaping, UTF-8 repair, structure checks, pieces
// larger than its buffer, a refusing sink), write_json on the article's interface program under gc
// and context, and write_sarif's rules, artifact URIs and flow steps. The corpus-wide checks (schema
// validation of every output, equality with the text report) are tests/reports/check_*.py.
#include <catch2/catch.hpp>

#include <string>

#include <escapade/escapade.hpp>
#include <escapade/report_json.hpp>
#include <escapade/report_sarif.hpp>

namespace {

struct collect {
    std::string text;
    std::size_t calls = 0;
    std::size_t refuse_after = ~std::size_t(0);
    bool operator()(std::string_view piece) {
        if (calls++ >= refuse_after) return false;
        text.append(piece.data(), piece.size());
        return true;
    }
};

std::string json_string(std::string_view s) {
    collect c;
    escapade::detail::json_out<collect> out(c);
    out.string(s);
    REQUIRE(out.flush());
    return c.text;
}

// The article's fourth program (examples/seed/04_iface.ir): s1 reaches (*S).M1 through I in f1.
const char* iface = R"(module seed_iface
type S struct {
    s1 int
}
type I interface {
    M1(int)
}
func (s *S) M1(i int) {
    s.s1 = i
}
func f1(s I) {
    s.M1(42)
}
func f2(s *S) {
    s.M1(42)
}
func g() {
    var s1 S
    var s2 S
    f1(I(&s1))
    f2(&s2)
}
)";

struct analysed {
    escapade::ir::module m;
    escapade::analysis_result<escapade::ir::module> r;
    explicit analysed(escapade::dispatch d, bool explain = true) {
        REQUIRE(escapade::ir::read_text(iface, m, {"seed/04_iface.ir"}).ok());
        escapade::analysis_options o;
        o.dispatch = d;
        o.explain = explain;
        REQUIRE(escapade::analyze(m, r, o).ok());
    }
};

bool contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("JSON strings are escaped and always valid UTF-8", "[report][json]") {
    CHECK(json_string("a\"b\\c") == R"("a\"b\\c")");
    CHECK(json_string(std::string_view("\n\t\r\x01\x1f", 5)) == R"("\n\t\r\u0001\u001f")");
    CHECK(json_string("h\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == "\"h\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");  // é € 😀 kept
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(json_string("\xC0\x80") == "\"" + fffd + fffd + "\"");                // overlong NUL
    CHECK(json_string("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");     // a UTF-16 surrogate
    CHECK(json_string("x\xE2\x82") == "\"x" + fffd + fffd + "\"");              // truncated sequence
    CHECK(json_string("\xF5\x80\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\"");  // beyond U+10FFFF
    CHECK(json_string("\xFF") == "\"" + fffd + "\"");
}

TEST_CASE("the JSON writer checks its structure and inserts separators", "[report][json]") {
    collect c;
    escapade::detail::json_out<collect> out(c);
    out.begin_object().member("a", "x").key("b").begin_array().uvalue(1).ivalue(-2).boolean(true).null().end_array().end_object();
    REQUIRE(out.flush());
    CHECK(c.text == R"({"a":"x","b":[1,-2,true,null]})");

    collect bad;
    escapade::detail::json_out<collect> o2(bad);
    o2.begin_object().string("no key");
    CHECK_FALSE(o2.ok());
    collect bad2;
    escapade::detail::json_out<collect> o3(bad2);
    o3.begin_array().end_object();
    CHECK_FALSE(o3.ok());
    collect deep;
    escapade::detail::json_out<collect> o4(deep);
    for (int i = 0; i <= escapade::detail::json_out<collect>::max_depth; ++i) o4.begin_array();
    CHECK_FALSE(o4.ok());
}

TEST_CASE("JSON output longer than the buffer reaches the sink in pieces, and a refusing sink stops it", "[report][json]") {
    std::string big(5000, 'x');
    collect c;
    escapade::detail::json_out<collect> out(c);
    out.begin_array().string(big).string(big).end_array();
    REQUIRE(out.flush());
    CHECK(c.calls >= 10);  // 10,007 bytes through a 1 KiB buffer
    CHECK(c.text == "[\"" + big + "\",\"" + big + "\"]");

    analysed a(escapade::dispatch::conservative);
    collect refusing;
    refusing.refuse_after = 0;
    CHECK_FALSE(escapade::write_json(a.m, a.r, refusing));
}

TEST_CASE("write_json: the article's interface program under gc and under context", "[report][json]") {
    analysed gc(escapade::dispatch::conservative);
    collect c;
    escapade::json_options o;
    o.program = "seed/04_iface.ir";
    REQUIRE(escapade::write_json(gc.m, gc.r, c, o));
    const std::string& j = c.text;
    CHECK(contains(j, R"("format":"escapade-report")"));
    CHECK(contains(j, R"("version":3)"));
    CHECK(contains(j, R"("program":"seed/04_iface.ir")"));
    CHECK(contains(j, R"("options":{"model":"gc","dispatch":"conservative","world":"open","explain":true)"));
    CHECK(contains(j, R"("totals":{"sites":2,"heap":1,"stack":1,"parameters":4})"));
    // s1 (line 18, column 9): through I in f1, whose parameter leaks: heap, leaked by callee f1.
    // handles: the module's ids. Parameters are numbered first (the declarations pass: M1's s 0
    // and i 1, f1's s 2, f2's s 3), then locals (g's s1 4, s2 5); functions M1 0, f1 1, f2 2, g 3.
    CHECK(contains(j, R"({"id":0,"file":"seed/04_iface.ir","line":18,"column":9,"function":"g","name":"s1","kind":"variable",)"
                      R"("handle":4,"function_handle":3,"verdict":"heap","reason":"leaked_by_callee","reason_text":"leaked by callee","callee":"f1","type":"S","size":8,)"
                      R"("reported":true,"explanation":[)"));
    // s2 stays in g's frame (no loop around it); s1's one path: its address flows straight into
    // the heap (f1's summary), a flow into an escaping location with no note
    CHECK(contains(j, R"("name":"s2","kind":"variable","handle":5,"function_handle":3,"verdict":"stack","type":"S","size":8,"reported":true,)"
                      R"("scope":{"kind":"function","function":"g","file":"seed/04_iface.ir","line":17,"column":6,"handle":3}})"));
    CHECK(contains(j, R"("paths":[{"truncated":false,"steps":[{"from":"s1","from_kind":"variable","from_handle":4,"to":"{heap}","to_kind":"heap",)"
                      R"("derefs":-1,"edge":"escaping","notes":[]}]}])"));
    CHECK(contains(j, R"("function":"f1","name":"s","index":0,"handle":2,"function_handle":1,"escapes":true,"heap":0,"results":[])"));
    // (*S).M1's int parameter has nothing to leak: no summary.
    CHECK(contains(j, R"("function":"(*S).M1","name":"i","index":1,"handle":1,"function_handle":0,"escapes":false,"results":[],"moved_to_heap":false,"has_pointers":false)"));
    CHECK(j.back() == '\n');

    // dispatch=context: f1's parameter leaks only if s.M1 keeps its receiver; at g's call s.M1 is
    // (*S).M1, which does not, so s1 stays on the stack.
    analysed ctx(escapade::dispatch::context);
    collect c2;
    REQUIRE(escapade::write_json(ctx.m, ctx.r, c2));
    CHECK(contains(c2.text, R"("totals":{"sites":2,"heap":0,"stack":2,"parameters":4})"));
    CHECK(contains(c2.text, R"("function":"f1","name":"s","index":0,"handle":2,"function_handle":1,"escapes":true,"results":[],"conditions":[{"subject":"s","method":"M1","receiver":true,"level":0,"exact":true}])"));
    CHECK(contains(c2.text, R"("kind":"resolution","text":"f1's call s.M1 resolves at this call to (*S).M1, which does not keep its receiver"})"));
}

TEST_CASE("write_json: keep_file leaves out the facts of other files; output is deterministic", "[report][json]") {
    analysed a(escapade::dispatch::conservative);
    escapade::json_options o;
    o.keep_file = [](std::string_view file, void*) { return file != "seed/04_iface.ir"; };
    collect c;
    REQUIRE(escapade::write_json(a.m, a.r, c, o));
    CHECK(contains(c.text, R"("totals":{"sites":0,"heap":0,"stack":0,"parameters":0})"));
    CHECK(contains(c.text, R"("sites":[],)"));
    collect c1, c2;
    REQUIRE(escapade::write_json(a.m, a.r, c1));
    REQUIRE(escapade::write_json(a.m, a.r, c2));
    CHECK(c1.text == c2.text);
}

TEST_CASE("SARIF: one rule per heap reason, in the order of enum reason", "[report][sarif]") {
    std::size_t n = 0;
    const escapade::detail::sarif_rule* rules = escapade::detail::sarif_rules(&n);
    REQUIRE(n == static_cast<std::size_t>(escapade::reason::escapes));
    for (std::size_t i = 0; i < n; ++i) {
        CHECK(static_cast<std::size_t>(rules[i].why) == i + 1);
        std::string id = std::string("heap/") + escapade::detail::reason_code(rules[i].why);
        for (char& ch : id)
            if (ch == '_') ch = '-';
        CHECK(id == rules[i].id);
    }
}

TEST_CASE("SARIF: paths are made absolute, normalised and percent-encoded", "[report][sarif]") {
    escapade::detail::sarif_path p;
    REQUIRE(p.make("/a/b", "../c/./d.ir"));
    CHECK(p.view() == "/a/c/d.ir");
    REQUIRE(p.make("/a/b", "/x//y/../z.go"));
    CHECK(p.view() == "/x/z.go");
    REQUIRE(p.make("/", "../../q"));
    CHECK(p.view() == "/q");
    CHECK_FALSE(p.make("/a", std::string(2000, 'n')));
    char buf[64];
    escapade::detail::text_buffer out(buf, sizeof buf);
    escapade::detail::sarif_percent_encode(out, "my dir/a:b%\xC3\xA9.go");
    CHECK(out.view() == "my%20dir/a%3Ab%25%C3%A9.go");
    auto st = escapade::detail::parse_step_position("from &x (address-of) at dir/f.ir:11:7");
    REQUIRE(st.found);
    CHECK((st.file == "dir/f.ir" && st.line == 11 && st.column == 7));
    CHECK_FALSE(escapade::detail::parse_step_position("flow: {heap} = &x:").found);
    CHECK_FALSE(escapade::detail::parse_step_position("x at y:z:1").found);
}

TEST_CASE("write_sarif: heap sites are results with their explanation as a code flow", "[report][sarif]") {
    analysed gc(escapade::dispatch::conservative);
    escapade::sarif_options o;
    o.root = "/src/proj";
    o.base = "/src/proj/examples";
    collect c;
    REQUIRE(escapade::write_sarif(gc.m, gc.r, c, o));
    const std::string& s = c.text;
    CHECK(contains(s, R"("version":"2.1.0")"));
    CHECK(contains(s, R"j({"ruleId":"heap/leaked-by-callee","ruleIndex":5,"level":"note","message":{"text":"s1 is allocated on the heap: leaked by callee f1 (in g)"})j"));
    CHECK(contains(s, R"("artifactLocation":{"uri":"examples/seed/04_iface.ir","uriBaseId":"SRCROOT"},"region":{"startLine":18,"startColumn":9})"));
    CHECK(contains(s, R"("message":{"text":"flow: {heap} = &s1:"}},"nestingLevel":0,"properties":{"from":"s1","fromKind":"variable",)"
                      R"("to":"{heap}","toKind":"heap","derefs":-1,"edge":"escaping"}})"));
    CHECK(contains(s, R"("originalUriBaseIds":{"SRCROOT":{"uri":"file:///src/proj/"}})"));
    CHECK_FALSE(contains(s, R"("site":"s2")"));  // stack sites are no results

    // A file outside the root gets an absolute file: URI; context leaves no heap site at all.
    o.root = "/elsewhere";
    collect c2;
    REQUIRE(escapade::write_sarif(gc.m, gc.r, c2, o));
    CHECK(contains(c2.text, R"("artifactLocation":{"uri":"file:///src/proj/examples/seed/04_iface.ir"},)"));
    analysed ctx(escapade::dispatch::context);
    collect c3;
    REQUIRE(escapade::write_sarif(ctx.m, ctx.r, c3, o));
    CHECK(contains(c3.text, R"("results":[],)"));
}
