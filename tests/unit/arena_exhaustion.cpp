// Memory from the caller: every allocation of the reader, the builder, the analysis, its results
// and the report goes through the memory_resource the caller passes, and running out of it ends
// the operation with errc::out_of_memory - never a crash, an abort, a leak or a wrong answer.
//
//  - every arena size from 0 up to what each seed program needs (read + analyse + report) fails
//    cleanly; the first size that succeeds prints the same report as an unconstrained run
//    (examples/embedded/pipeline.hpp, the code the Cortex-M4 firmware runs);
//  - the same at every byte limit of a limited_resource over malloc: on every failure path the
//    library gives back every byte it took (and ASan/LSan, in the asan-ubsan preset, see no leak);
//  - nothing is taken from the default resource or from global operator new: this file replaces
//    operator new/delete to count calls, and installs a default resource that refuses everything.
//
// The sweeps do not run every size one by one: a failing run at capacity S shows which requests it
// granted (ends <= S) and the smallest capacity F > S that would have granted a refused one; every
// capacity in [S, F) makes the same run, so the sweep jumps to F (see sweep_arena_sizes). Set
// ESCAPADE_SWEEP_EVERY_SIZE=1 to run each size instead (slow: minutes; it checks the jumps).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include <escapade/escapade.hpp>

#include "../../bench/synthetic.hpp"
#include "../../examples/embedded/pipeline.hpp"

// ---- global operator new/delete, counted ---------------------------------------------------------
namespace {
std::size_t global_news = 0;
void* counted_malloc(std::size_t n) noexcept {
    ++global_news;
    return std::malloc(n == 0 ? 1 : n);
}
void* counted_aligned(std::size_t n, std::size_t align) noexcept {
    ++global_news;
    std::size_t size = n == 0 ? align : (n + align - 1) / align * align;  // aligned_alloc wants a multiple
    return std::aligned_alloc(align, size);
}
}  // namespace

void* operator new(std::size_t n) {
    if (void* p = counted_malloc(n)) return p;
    std::abort();  // no exceptions in the -fno-exceptions presets; a test harness may stop here
}
void* operator new[](std::size_t n) {
    if (void* p = counted_malloc(n)) return p;
    std::abort();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
void* operator new(std::size_t n, std::align_val_t a) {
    if (void* p = counted_aligned(n, static_cast<std::size_t>(a))) return p;
    std::abort();
}
void* operator new[](std::size_t n, std::align_val_t a) {
    if (void* p = counted_aligned(n, static_cast<std::size_t>(a))) return p;
    std::abort();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {

struct program {
    std::string name;
    std::string text;
};

std::vector<program> seed_programs() {
    std::vector<program> out;
    for (const char* name : {"01_global.ir", "02_ok.ir", "03_notok.ir", "04_iface.ir", "05_notok_closed.ir", "06_notok_leaky.ir",
                             "07_iface_context.ir"}) {
        std::ifstream in(std::string(ESCAPADE_EXAMPLES_DIR) + "/seed/" + name, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        out.push_back(program{name, ss.str()});
    }
    return out;
}

bool every_size() {
    const char* v = std::getenv("ESCAPADE_SWEEP_EVERY_SIZE");
    return v != nullptr && v[0] == '1';
}

// One buffer for every arena of the sweeps: the same addresses in every run.
constexpr std::size_t buffer_size = 4u << 20;
alignas(std::max_align_t) unsigned char buffer[buffer_size];

/// Refuses and counts every request: installed as the default resource, it catches any code path
/// that forgets the caller's resource.
class refuse_all final : public escapade::memory_resource {
public:
    std::size_t requests = 0;

protected:
    void* do_allocate(std::size_t, std::size_t) noexcept override {
        ++requests;
        return nullptr;
    }
    void do_deallocate(void*, std::size_t, std::size_t) noexcept override {}
};

struct default_resource_guard {
    refuse_all tripwire;
    escapade::memory_resource& previous;
    default_resource_guard() : previous(escapade::set_default_resource(tripwire)) {}
    ~default_resource_guard() { escapade::set_default_resource(previous); }
};

/// Sits on top of a limited_resource and records, like probing_arena, the highest bytes in use
/// (of granted requests) and the smallest limit that would have granted a refused request.
class probing_limit final : public escapade::memory_resource {
public:
    explicit probing_limit(escapade::memory_resource& limited) noexcept : up_(&limited) {}
    std::size_t high_water() const noexcept { return peak_bytes(); }
    std::size_t smallest_refused_need() const noexcept { return need_; }
    std::size_t refusals() const noexcept { return refusals_; }

protected:
    void* do_allocate(std::size_t bytes, std::size_t align) noexcept override {
        std::size_t want = bytes > static_cast<std::size_t>(-1) - bytes_in_use() ? static_cast<std::size_t>(-1) : bytes_in_use() + bytes;
        void* p = up_->allocate(bytes, align);
        if (p != nullptr) {
            note_allocated(bytes);
        } else {
            ++refusals_;
            if (want < need_) need_ = want;
        }
        return p;
    }
    void do_deallocate(void* p, std::size_t bytes, std::size_t align) noexcept override {
        note_freed(bytes);
        up_->deallocate(p, bytes, align);
    }

private:
    escapade::memory_resource* up_;
    std::size_t need_ = static_cast<std::size_t>(-1);
    std::size_t refusals_ = 0;
};

}  // namespace

TEST_CASE("every arena size below a seed program's need ends with out_of_memory", "[memory][exhaustion]") {
    default_resource_guard guard;
    for (const program& p : seed_programs()) {
        INFO(p.name);
        REQUIRE_FALSE(p.text.empty());
        escapade_embedded::sweep_result r = escapade_embedded::sweep_arena_sizes(p.name, p.text, buffer, buffer_size, every_size());
        char msg[512];
        INFO("first bad run at " << r.first_bad_size << " bytes: " << r.first_bad.format(msg, sizeof msg));
        INFO("need " << r.need << " bytes, high water " << r.high_water << ", " << r.runs << " runs");
        CHECK(r.bad_runs == 0);
        CHECK(r.report_matches);
        CHECK(r.need > 0);
        // A bump arena behaves identically at any capacity >= the high water of an unconstrained
        // run, and the library has no fallback that would succeed with less.
        CHECK(r.need == r.high_water);
        CHECK(r.runs >= 2);
    }
    CHECK(guard.tripwire.requests == 0);
}

TEST_CASE("every byte limit below a seed program's need fails and gives every byte back", "[memory][exhaustion]") {
    default_resource_guard guard;
    escapade::malloc_resource heap;
    for (const program& p : seed_programs()) {
        INFO(p.name);
        // Unconstrained, for the reference report and the need.
        escapade_embedded::line_digest reference;
        std::size_t peak = 0;
        {
            escapade::limited_resource limited(heap, static_cast<std::size_t>(-1));
            probing_limit probe(limited);
            REQUIRE(escapade_embedded::run_pipeline(p.name, p.text, probe, reference).ok());
            peak = probe.high_water();
            REQUIRE(limited.bytes_in_use() == 0);
        }
        std::size_t limit = 0;
        std::size_t runs = 0;
        for (;;) {
            escapade::limited_resource limited(heap, limit);
            probing_limit probe(limited);
            escapade_embedded::line_digest lines;
            escapade::status st = escapade_embedded::run_pipeline(p.name, p.text, probe, lines);
            ++runs;
            INFO("limit " << limit << " bytes: " << st.message());
            REQUIRE(limited.bytes_in_use() == 0);  // everything given back, on success and on failure
            REQUIRE(heap.bytes_in_use() == 0);
            if (st.ok()) {
                CHECK(lines.h == reference.h);
                CHECK(lines.lines == reference.lines);
                CHECK(limit == peak);
                break;
            }
            REQUIRE(st.code() == escapade::errc::out_of_memory);
            REQUIRE(probe.refusals() > 0);
            REQUIRE(probe.high_water() <= limit);
            REQUIRE(probe.smallest_refused_need() > limit);
            limit = every_size() ? limit + 1 : probe.smallest_refused_need();
            REQUIRE(limit <= peak);
        }
        INFO(runs << " runs");
        CHECK(runs >= 2);
    }
    CHECK(guard.tripwire.requests == 0);
}

TEST_CASE("reading, analysing and reporting take nothing from operator new or the default resource", "[memory]") {
    std::vector<program> programs = seed_programs();
    programs.push_back(program{"synthetic_1000.ir", synthetic::make_module(1000, 1)});
    for (const program& p : programs) {
        INFO(p.name);
        for (int variant = 0; variant < 4; ++variant) {
            INFO("variant " << variant);
            escapade::analysis_options options;
            options.dispatch = variant == 1 ? escapade::dispatch::closed : variant >= 2 ? escapade::dispatch::context : escapade::dispatch::conservative;
            options.explain = variant == 3;
            escapade::report_format format = variant >= 2 ? escapade::report_format::gc : escapade::report_format::text;

            default_resource_guard guard;
            std::size_t news_before = global_news;
            escapade::status st;
            std::size_t lines = 0;
            {
                escapade::arena_resource arena(buffer, buffer_size);
                escapade::ir::module m(arena);
                escapade::ir::read_options ro;
                ro.file_name = p.name;
                ro.reserve = variant % 2 == 0;
                st = escapade::ir::read_text(p.text, m, ro);
                if (st.ok()) {
                    escapade::analysis_result<escapade::ir::module> r(arena);
                    st = escapade::analyze(m, r, options, arena);
                    if (st.ok() && !escapade::write_report(m, r, format, options.explain, [&](std::string_view) { return ++lines != 0; }, arena))
                        st = escapade::status::error(escapade::errc::out_of_memory, "report");
                }
            }
            std::size_t news = global_news - news_before;
            INFO(st.message());
            CHECK(st.ok());
            CHECK(lines > 0);
            CHECK(news == 0);
            CHECK(guard.tripwire.requests == 0);
        }
    }
}
