// examples/embedded/pipeline.hpp - one text-IR program read, analysed and reported with every byte
// taken from one caller-supplied memory resource, and the exhaustion sweep that runs it in arenas
// of every size too small for it.
//
// The firmware (firmware.cpp) runs run_pipeline on each embedded program inside a static arena and
// sweep_arena_sizes on the seed programs; the unit test tests/unit/arena_exhaustion.cpp runs both on
// the host (and, in the aarch64 preset, under qemu-aarch64). run_pipeline produces the lines
// `escapade --format=text FILE` prints (tools/escapade.cpp), through `sink`.
#ifndef ESCAPADE_EMBEDDED_PIPELINE_HPP
#define ESCAPADE_EMBEDDED_PIPELINE_HPP

#include <cstdint>
#include <string_view>

#include <escapade/analysis.hpp>
#include <escapade/ir/reader.hpp>
#include <escapade/ir/traits.hpp>
#include <escapade/report.hpp>

namespace escapade_embedded {

/// Peak bytes of the resources after each stage. With one resource for both, the peaks are
/// cumulative (each includes the stages before).
struct pipeline_stats {
    std::size_t statements = 0;     ///< statements of the module read
    std::size_t module_peak = 0;    ///< module_mem: the module and the reader's working memory
    std::size_t analysis_peak = 0;  ///< analysis_mem after the analysis: its results and per-batch graphs
    std::size_t report_peak = 0;    ///< analysis_mem after the report (its sort buffer)
    std::size_t lines = 0;          ///< report lines written
};

/// Reads `text` as the program `file_name` into a module in `module_mem`, analyses it with the
/// default options and writes the text report to `sink` (bool(std::string_view line)), the
/// analysis and the report taking their memory from `analysis_mem`. Every allocation comes from
/// those two resources; the caller resets their peaks before the call if it wants the stats.
/// Returns the first error: a syntax or name error from the reader, errc::out_of_memory from any
/// stage, or errc::io_error when the sink refused a line.
template <class Sink>
escapade::status run_pipeline(std::string_view file_name, std::string_view text, escapade::memory_resource& module_mem,
                              escapade::memory_resource& analysis_mem, Sink&& sink, pipeline_stats* stats = nullptr) noexcept {
    using namespace escapade;
    ir::module m(module_mem);
    ir::read_options ro;
    ro.file_name = file_name;
    ro.reserve = false;  // grow the tables as needed: reserving from the text's size overshoots small programs
    status st = ir::read_text(text, m, ro);
    if (stats) {
        stats->statements = m.stmt_count();
        stats->module_peak = module_mem.peak_bytes();
    }
    if (!st.ok()) return st;

    analysis_result<ir::module> r(analysis_mem);
    st = analyze(m, r, analysis_options{}, analysis_mem);
    if (stats) stats->analysis_peak = analysis_mem.peak_bytes();
    if (!st.ok()) return st;

    bool sink_refused = false;
    std::size_t lines = 0;
    bool ok = write_report(
        m, r, report_format::text, false,
        [&](std::string_view line) {
            if (!sink(line)) {
                sink_refused = true;
                return false;
            }
            ++lines;
            return true;
        },
        analysis_mem);
    if (stats) {
        stats->report_peak = analysis_mem.peak_bytes();
        stats->lines = lines;
    }
    if (!ok) {
        return sink_refused ? status::error(errc::io_error, "the report's sink refused a line")
                            : status::error(errc::out_of_memory, "out of memory while writing the report");
    }
    return status::success();
}

/// The same with one resource for everything.
template <class Sink>
escapade::status run_pipeline(std::string_view file_name, std::string_view text, escapade::memory_resource& mem, Sink&& sink,
                              pipeline_stats* stats = nullptr) noexcept {
    return run_pipeline(file_name, text, mem, mem, static_cast<Sink&&>(sink), stats);
}

// ---------------------------------------------------------------------------------------------
// Exhaustion sweep: every arena size from 0 up to what a program needs
// ---------------------------------------------------------------------------------------------

/// An arena_resource over a caller buffer that also records, for the sweep, the highest end
/// offset a granted request reached (high_water) and the smallest capacity that would have granted
/// a refused one (smallest_refused_need). The latter mirrors arena_resource::do_allocate's bump
/// arithmetic (align the current offset up, at least 1 byte); the unit test's every-size mode
/// (ESCAPADE_SWEEP_EVERY_SIZE=1) checks the sweep against plain one-by-one sizes.
class probing_arena final : public escapade::memory_resource {
public:
    probing_arena(unsigned char* buffer, std::size_t capacity) noexcept : base_(buffer), arena_(buffer, capacity) {}
    std::size_t high_water() const noexcept { return high_; }
    std::size_t smallest_refused_need() const noexcept { return need_; }
    std::size_t refusals() const noexcept { return refusals_; }

protected:
    void* do_allocate(std::size_t bytes, std::size_t align) noexcept override {
        void* p = arena_.allocate(bytes, align);
        if (p != nullptr) {
            note_allocated(bytes);
            if (arena_.used() > high_) high_ = arena_.used();
            return p;
        }
        ++refusals_;
        std::uintptr_t base = reinterpret_cast<std::uintptr_t>(base_);
        std::uintptr_t cur = base + arena_.used();
        std::uintptr_t aligned = (cur + align - 1) & ~static_cast<std::uintptr_t>(align - 1);
        std::size_t offset = static_cast<std::size_t>(aligned - base);
        std::size_t size = bytes == 0 ? 1 : bytes;
        std::size_t want = size > static_cast<std::size_t>(-1) - offset ? static_cast<std::size_t>(-1) : offset + size;
        if (want < need_) need_ = want;
        return nullptr;
    }
    void do_deallocate(void* p, std::size_t bytes, std::size_t align) noexcept override {
        note_freed(bytes);
        arena_.deallocate(p, bytes, align);
    }

private:
    unsigned char* base_;
    escapade::arena_resource arena_;
    std::size_t high_ = 0;
    std::size_t need_ = static_cast<std::size_t>(-1);
    std::size_t refusals_ = 0;
};

/// FNV-1a over the report lines (each followed by '\n'): compares reports without storing them.
struct line_digest {
    std::uint64_t h = 1469598103934665603ull;
    std::size_t lines = 0;
    bool operator()(std::string_view line) noexcept {
        for (char c : line) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        h = (h ^ static_cast<unsigned char>('\n')) * 1099511628211ull;
        ++lines;
        return true;
    }
};

struct sweep_result {
    std::size_t need = 0;         ///< the smallest arena that runs the whole pipeline
    std::size_t high_water = 0;   ///< the highest arena offset of an unconstrained run (>= need)
    std::size_t runs = 0;         ///< pipeline runs the sweep made
    std::size_t bad_runs = 0;     ///< runs below `need` that did not end with errc::out_of_memory
    bool report_matches = false;  ///< the report at `need` equals the one from an unconstrained arena
    escapade::status first_bad;   ///< the first bad run's status (ok if it "succeeded" too early)
    std::size_t first_bad_size = 0;
};

/// Runs run_pipeline on `text` in arenas of every capacity 0, 1, 2, ... up to the first that
/// succeeds, over `buffer` (at least `buffer_size` bytes, which must be enough for the program).
/// Every run below the need must fail with errc::out_of_memory, without crashing.
///
/// Sizes are covered without running each one: a run at capacity S that fails grants requests
/// whose ends reach at most high_water <= S and refuses requests that would need at least
/// smallest_refused_need = F > S. At any capacity in [S, F) every request gets the same answer,
/// so the run is identical (the library is deterministic: the buffer is the same, so even
/// addresses are), and the sweep continues at F. `every_size` runs each capacity instead.
inline sweep_result sweep_arena_sizes(std::string_view file_name, std::string_view text, unsigned char* buffer,
                                      std::size_t buffer_size, bool every_size = false) noexcept {
    sweep_result out;
    line_digest reference;
    {
        probing_arena big(buffer, buffer_size);
        escapade::status st = run_pipeline(file_name, text, big, reference);
        out.high_water = big.high_water();
        if (!st.ok()) {
            out.bad_runs = 1;
            out.first_bad = st;
            out.first_bad_size = buffer_size;
            return out;
        }
    }
    std::size_t size = 0;
    for (;;) {
        probing_arena arena(buffer, size);
        line_digest lines;
        escapade::status st = run_pipeline(file_name, text, arena, lines);
        ++out.runs;
        if (st.ok()) {
            out.need = size;
            out.report_matches = lines.h == reference.h && lines.lines == reference.lines;
            return out;
        }
        if (st.code() != escapade::errc::out_of_memory || arena.refusals() == 0 || arena.smallest_refused_need() <= size) {
            if (out.bad_runs++ == 0) {
                out.first_bad = st;
                out.first_bad_size = size;
            }
            ++size;  // cannot trust the probe: go on one by one
        } else {
            size = every_size ? size + 1 : arena.smallest_refused_need();
        }
        if (size > buffer_size) {
            out.need = size;
            return out;  // bad_runs > 0 or report_matches == false tells the caller
        }
    }
}

}  // namespace escapade_embedded

#endif  // ESCAPADE_EMBEDDED_PIPELINE_HPP
