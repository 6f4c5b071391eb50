// ir_traits::method_receivers (optional; traits.hpp): the closed world's implementations of a
// method name found from the receivers the host lists give the same answers as the scan of every
// converted type a host without the member gets. The generic IR's list is checked against
// find_method over every type; then the same programs are analysed through ir::module's traits
// and through a host that is ir::module without method_receivers, and the reports (with
// explanations: every resolved target is named) must be identical, in dispatch=closed and
// context, with and without the callers' sets: the IR corpus of dispatch programs and a program
// whose implementations are reached each way the engine knows (a value receiver through *T, a
// pointer receiver, a named pointer type's own method, a value converted as such). In that
// program a dynamic call with unknown targets reaches one implementation that keeps its argument
// per method name, so a candidate left out (a *T whose T has the method, a method missing from
// the host's list) reports that argument `stack` in one host and `heap` in the other.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "escapade/escapade.hpp"
#include "escapade/ir/reader.hpp"
#include "escapade/ir/traits.hpp"
#include "support/corpus.hpp"

namespace {

/// The generic IR without method_receivers: the engine falls back to asking find_method of every
/// converted type.
struct without_receivers : escapade::ir::module {};

}  // namespace

template <>
struct escapade::ir_traits<without_receivers> : escapade::ir_traits<escapade::ir::module> {
    static constexpr escapade::optional_members provides{escapade::ir_traits<escapade::ir::module>::provides.bits &
                                                         ~escapade::optional::method_receivers.bits};
    static void method_receivers() = delete;  // hides the base's member: not detected
};

namespace {

static_assert(escapade::detail::has_method_receivers<escapade::ir_traits<escapade::ir::module>, escapade::ir::module>::value);
static_assert(!escapade::detail::has_method_receivers<escapade::ir_traits<without_receivers>, without_receivers>::value);
static_assert(escapade::is_ir_traits_v<without_receivers>);

const char* const reached_each_way = R"(module reached_each_way

type A interface {
    Put(p *int)
}

type B interface {
    Get(p *int)
}

type C interface {
    Run(p *int)
}

type Val struct {
    n int
}

type Ptr struct {
    n int
}

type Named struct {
    n int
}

type W struct {
    n int
}

type PNamed *Named

var kept *int

func (v Val) Put(p *int) {
    kept = p
}

func (q *Ptr) Put(p *int) {
}

func (b PNamed) Get(p *int) {
    kept = p
}

func (b *Named) Get(p *int) {
}

func (w W) Run(p *int) {
    kept = p
}

func (q *Ptr) Run(p *int) {
}

var ga A
var gb B
var gc C

func install() {
    ga = A(&Val{})
    ga = A(&Ptr{})
    gb = B(PNamed(&Named{}))
    gb = B(&Named{})
    gc = C(W{})
    gc = C(&Ptr{})
}

func useA(a A) {
    x := 0
    a.Put(&x)
}

func useB(b B) {
    y := 0
    b.Get(&y)
}

func useC(c C) {
    z := 0
    c.Run(&z)
}
)";

template <class M>
bool report(const std::string& text, const std::string& name, const escapade::analysis_options& o, std::vector<std::string>& out) {
    M m;
    escapade::ir::read_options ro;
    ro.file_name = name;
    if (!escapade::ir::read_text(text, m, ro).ok()) return false;
    escapade::analysis_result<M> r;
    escapade::status st = escapade::analyze(m, r, o);
    char buf[512];
    out.clear();
    if (!st.ok()) {
        out.push_back(std::string("error: ") + st.format(buf, sizeof buf));
        return true;
    }
    escapade::write_report(m, r, escapade::report_format::text, true, [&](std::string_view l) {
        out.emplace_back(l);
        return true;
    });
    return true;
}

std::vector<escapade::analysis_options> closed_modes() {
    std::vector<escapade::analysis_options> v;
    for (escapade::dispatch d : {escapade::dispatch::closed, escapade::dispatch::context})
        for (bool sets : {false, true}) {
            escapade::analysis_options o;
            o.dispatch = d;
            o.world = escapade::world::closed;
            o.caller_sets = sets;
            v.push_back(o);
        }
    return v;
}

bool has_line(const std::vector<std::string>& lines, const std::string& piece) {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(piece) != std::string::npos; });
}

}  // namespace

TEST_CASE("method_receivers: the generic IR lists exactly the types find_method answers for", "[dispatch][traits]") {
    using traits = escapade::ir_traits<escapade::ir::module>;
    std::vector<std::string> files{std::string(ESCAPADE_TEST_IR_DIR) + "/dispatch/named_pointer_receiver.ir",
                                   std::string(ESCAPADE_TEST_IR_DIR) + "/dispatch/impls_one_leaks.ir"};
    std::vector<std::string> texts{reached_each_way};
    for (const std::string& f : files) {
        std::string t;
        REQUIRE(corpus::read_file(f, t));
        texts.push_back(t);
    }
    for (const std::string& text : texts) {
        escapade::ir::module m;
        REQUIRE(escapade::ir::read_text(text, m).ok());
        REQUIRE(m.method_count() > 0);
        std::set<std::string_view> names;
        for (std::size_t i = 0; i < m.method_count(); ++i) names.insert(m.method_at(escapade::index_t(i)).name);
        names.insert("NoSuchMethod");
        for (std::string_view name : names) {
            std::multiset<escapade::index_t> listed, answered;
            for (auto t : traits::method_receivers(m, name)) listed.insert(t.id);
            for (escapade::index_t t = 0; t < m.type_count(); ++t) {
                traits::function_ref f{};
                if (traits::find_method(m, escapade::ir::type_handle{t}, name, &f)) answered.insert(t);
            }
            CHECK(listed == answered);
        }
    }
}

TEST_CASE("method_receivers: a host without it gets the same reports", "[dispatch][traits]") {
    std::vector<std::pair<std::string, std::string>> programs{{"reached_each_way.ir", reached_each_way}};
    for (const auto& entry : std::filesystem::directory_iterator(std::string(ESCAPADE_TEST_IR_DIR) + "/dispatch")) {
        if (entry.path().extension() != ".ir") continue;
        std::string text;
        REQUIRE(corpus::read_file(entry.path().string(), text));
        programs.emplace_back(entry.path().filename().string(), text);
    }
    std::sort(programs.begin(), programs.end());
    std::size_t compared = 0;
    for (const auto& [name, text] : programs) {
        for (const escapade::analysis_options& o : closed_modes()) {
            std::vector<std::string> with, without;
            if (!report<escapade::ir::module>(text, name, o, with)) continue;  // an IR error program
            REQUIRE(report<without_receivers>(text, name, o, without));
            INFO(name << " dispatch " << int(o.dispatch) << " caller_sets " << o.caller_sets);
            CHECK(with == without);
            ++compared;
        }
    }
    CHECK(compared >= 4 * 50);
}

TEST_CASE("method_receivers: every way to an implementation is taken", "[dispatch][traits]") {
    // install() converts *Val (Put through the value receiver; Val itself is never converted),
    // *Ptr, PNamed (its own Get) and *Named, and W itself (Run); useA/useB/useC call with no known
    // receiver: every implementation of the name is a target, and the one keeping its argument
    // (reached through *T, a named pointer's own method, a value) sends it to the heap.
    for (const escapade::analysis_options& o : closed_modes()) {
        if (o.dispatch != escapade::dispatch::closed) continue;
        std::vector<std::string> with, without;
        REQUIRE(report<escapade::ir::module>(reached_each_way, "r.ir", o, with));
        REQUIRE(report<without_receivers>(reached_each_way, "r.ir", o, without));
        CHECK(with == without);
        CHECK(has_line(with, "x: heap (leaked by callee Val.Put)"));
        CHECK(has_line(with, "y: heap (leaked by callee PNamed.Get)"));
        CHECK(has_line(with, "z: heap (leaked by callee W.Run)"));
    }
}
