// The whole-program type flow (detail/engine/dispatch_params.hpp): each planted fault that drops
// one of its soundness rules makes tests/ir/dispatch/type_flow.ir (captured_sets.ir and
// result_sets_meet.ir for captured variables and result sets) fail its inline expectations (a
// site of a real leak reported `stack`), so the corpus catches the unsound version of every rule;
// without a fault the program passes. With --memory-rounds=0 the one solve also gives the batches
// the sets of fields and globals: memory_fields.ir and memory_globals.ir hold without rounds, and no
// round is counted.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "escapade/escapade.hpp"
#include "escapade/ir/reader.hpp"
#include "escapade/ir/traits.hpp"
#include "support/corpus.hpp"

namespace {

std::string ir_file(const char* name) { return std::string(ESCAPADE_TEST_IR_DIR) + "/dispatch/" + name; }

bool passes(const char* name, std::uint32_t faults, bool seeded = false) {
    std::vector<std::string> extra;
    if (faults != 0) extra.push_back("--faults=" + std::to_string(faults));
    if (seeded) {
        extra.push_back("--caller-sets");
        extra.push_back("--memory-rounds=0");
    }
    return corpus::run_file(ir_file(name), extra).ok;
}

}  // namespace

TEST_CASE("type flow: every planted fault of the solve is caught by its IR program", "[type-flow]") {
    namespace uf = escapade::unsound_fault;
    CHECK(passes("type_flow.ir", 0));
    CHECK(!passes("type_flow.ir", uf::flow_unknown_results));
    CHECK(!passes("type_flow.ir", uf::flow_first_targets));
    CHECK(!passes("type_flow.ir", uf::flow_assert_nothing));
    CHECK(!passes("type_flow.ir", uf::flow_ignore_exposure));
    CHECK(!passes("type_flow.ir", uf::flow_ignore_address));
    CHECK(!passes("type_flow.ir", uf::flow_ignore_entries));
}

TEST_CASE("type flow: captured variables and result sets, each planted fault caught", "[type-flow]") {
    namespace uf = escapade::unsound_fault;
    CHECK(passes("captured_sets.ir", 0));
    CHECK(!passes("captured_sets.ir", uf::flow_ignore_closure_writes));
    CHECK(!passes("captured_sets.ir", uf::capture_hides_address));
    CHECK(passes("result_sets_meet.ir", 0));
    CHECK(!passes("result_sets_meet.ir", uf::flow_unknown_results));
}

TEST_CASE("type flow: the memory programs hold with the one solve's sets (no rounds)", "[type-flow]") {
    namespace uf = escapade::unsound_fault;
    CHECK(passes("memory_fields.ir", 0, true));
    CHECK(passes("memory_globals.ir", 0, true));
    CHECK(!passes("memory_fields.ir", uf::flow_ignore_exposure, true));
    CHECK(!passes("memory_fields.ir", uf::flow_ignore_address, true));
    CHECK(!passes("memory_globals.ir", uf::flow_ignore_address, true));
}

TEST_CASE("type flow: no round is counted when the solve gives the memory sets", "[type-flow]") {
    std::string text;
    REQUIRE(corpus::read_file(ir_file("memory_fields.ir"), text));
    escapade::ir::module m;
    REQUIRE(escapade::ir::read_text(text, m).ok());
    escapade::analysis_options o;
    o.dispatch = escapade::dispatch::closed;
    o.world = escapade::world::closed;
    o.caller_sets = true;
    o.memory_rounds = 0;
    escapade::analysis_result<escapade::ir::module> r;
    REQUIRE(escapade::analyze(m, r, o).ok());
    CHECK(r.stats().memory_rounds == 0);
}
