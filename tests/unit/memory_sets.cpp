// Memory sets (detail/engine/dispatch_memory.hpp): each planted fault that drops one of the pass's
// soundness rules makes tests/ir/dispatch/memory_globals.ir or memory_fields.ir fail its inline
// expectations (a site of a real leak reported `stack`), so the corpus catches the unsound version
// of every rule; without a fault both programs pass. Also: the memory sets converge in a few rounds,
// and world open, dispatch conservative and model precise run no rounds.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "escapade/escapade.hpp"
#include "escapade/ir/reader.hpp"
#include "escapade/ir/traits.hpp"
#include "support/corpus.hpp"

namespace {

std::string ir_file(const char* name) { return std::string(ESCAPADE_TEST_IR_DIR) + "/dispatch/" + name; }

bool passes(const char* name, std::uint32_t faults) {
    std::vector<std::string> extra;
    if (faults != 0) extra.push_back("--faults=" + std::to_string(faults));
    return corpus::run_file(ir_file(name), extra).ok;
}

}  // namespace

TEST_CASE("memory sets: every planted fault of the pass is caught by its IR programs", "[memory-sets]") {
    namespace uf = escapade::unsound_fault;
    CHECK(passes("memory_globals.ir", 0));
    CHECK(passes("memory_fields.ir", 0));
    CHECK(!passes("memory_globals.ir", uf::memory_ignore_address));
    CHECK(!passes("memory_fields.ir", uf::memory_ignore_address));
    CHECK(!passes("memory_fields.ir", uf::memory_ignore_exposure));
    CHECK(!passes("memory_globals.ir", uf::memory_ignore_unknown));
    CHECK(!passes("memory_fields.ir", uf::memory_ignore_unknown));
    CHECK(!passes("memory_fields.ir", uf::memory_ignore_literals));
}

TEST_CASE("memory sets: rounds only in the closed world with dispatch closed/context and model gc", "[memory-sets]") {
    std::string text;
    REQUIRE(corpus::read_file(ir_file("memory_fields.ir"), text));
    escapade::ir::module m;
    REQUIRE(escapade::ir::read_text(text, m).ok());
    struct mode {
        escapade::model model;
        escapade::dispatch dispatch;
        escapade::world world;
        bool rounds;
    };
    const mode modes[] = {{escapade::model::gc, escapade::dispatch::closed, escapade::world::closed, true},
                          {escapade::model::gc, escapade::dispatch::context, escapade::world::closed, true},
                          {escapade::model::gc, escapade::dispatch::context, escapade::world::open, false},
                          {escapade::model::gc, escapade::dispatch::conservative, escapade::world::closed, false},
                          {escapade::model::precise, escapade::dispatch::closed, escapade::world::closed, false}};
    for (const mode& md : modes) {
        escapade::analysis_options o;
        o.model = md.model;
        o.dispatch = md.dispatch;
        o.world = md.world;
        escapade::analysis_result<escapade::ir::module> r;
        REQUIRE(escapade::analyze(m, r, o).ok());
        if (md.rounds) {
            // round 1 reads nothing and collects every set (no stored value is read from
            // memory); round 2 reads them, collects the same and confirms the fixpoint
            CHECK(r.stats().memory_rounds == 2);
        } else {
            CHECK(r.stats().memory_rounds == 0);
        }
    }
    // no rounds allowed: the closed world's answer without memory sets
    escapade::analysis_options o;
    o.dispatch = escapade::dispatch::closed;
    o.world = escapade::world::closed;
    o.memory_rounds = 0;
    escapade::analysis_result<escapade::ir::module> r;
    REQUIRE(escapade::analyze(m, r, o).ok());
    CHECK(r.stats().memory_rounds == 0);
}
