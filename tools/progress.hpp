// tools/progress.hpp - progress of a long run on stderr, for people watching a terminal.
//
//   escapade_tools::progress p("packages", total, quiet);
//   for (...) { ...; p.step(); }         // or p.step(n); any thread may call step()
//   p.finish();                          // (also done by the destructor)
//
// While the run lasts, one line is redrawn in place ("\r"), at most ten times a second:
//
//   packages: 12/40 (30%), 3.2 s
//
// (the first step is drawn at once) and finish() ends it with the final count and the elapsed time and a newline. Nothing is written
// when the stream is not a terminal (a log, a pipe, CI) or when `quiet` is set: output that others
// read stays exactly as it was. ESCAPADE_PROGRESS=1 in the environment forces it on (=0 off), for
// tests and for terminals isatty() misjudges. A total of 0 means unknown ("12 done, 3.2 s").
// Cost: one relaxed atomic add per step, plus a clock read (the line is redrawn only by the thread
// that wins a try-lock, so steps never wait).
#ifndef ESCAPADE_TOOLS_PROGRESS_HPP
#define ESCAPADE_TOOLS_PROGRESS_HPP

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace escapade_tools {

class progress {
public:
    /// `what` must outlive the object. `out` is the stream to draw on (stderr unless a test says).
    progress(const char* what, std::uint64_t total, bool quiet = false, std::FILE* out = stderr)
        : what_(what), out_(out), total_(total), start_(clock::now()), last_(start_ - std::chrono::seconds(1)) {
        enabled_ = !quiet && wanted(out);
    }
    progress(const progress&) = delete;
    progress& operator=(const progress&) = delete;
    ~progress() { finish(); }

    bool enabled() const { return enabled_; }
    void set_total(std::uint64_t total) { total_ = total; }

    /// Counts n more done items; redraws the line if the last drawing is 100 ms old.
    void step(std::uint64_t n = 1) {
        std::uint64_t done = done_.fetch_add(n, std::memory_order_relaxed) + n;
        if (!enabled_) return;
        std::unique_lock<std::mutex> lock(draw_, std::try_to_lock);
        if (!lock.owns_lock()) return;
        clock::time_point now = clock::now();
        if (now - last_ < std::chrono::milliseconds(100) && done != total_) return;
        last_ = now;
        draw(done, now, false);
    }

    /// The final line (once); nothing when disabled.
    void finish() {
        if (!enabled_ || finished_) return;
        finished_ = true;
        std::lock_guard<std::mutex> lock(draw_);
        draw(done_.load(std::memory_order_relaxed), clock::now(), true);
    }

    std::uint64_t done() const { return done_.load(std::memory_order_relaxed); }

    /// Whether progress would be drawn on `out`: ESCAPADE_PROGRESS=1/0 decides, else isatty.
    static bool wanted(std::FILE* out) {
        if (const char* env = std::getenv("ESCAPADE_PROGRESS")) return std::strcmp(env, "0") != 0 && env[0] != '\0';
        return out != nullptr && isatty(fileno(out)) == 1;
    }

private:
    using clock = std::chrono::steady_clock;

    void draw(std::uint64_t done, clock::time_point now, bool final) {
        double s = std::chrono::duration<double>(now - start_).count();
        unsigned long long d = static_cast<unsigned long long>(done), t = static_cast<unsigned long long>(total_);
        if (total_ > 0)
            std::fprintf(out_, "\r%s: %llu/%llu (%llu%%), %.1f s", what_, d, t, d >= t ? 100ull : d * 100 / t, s);
        else
            std::fprintf(out_, "\r%s: %llu done, %.1f s", what_, d, s);
        std::fputs(final ? "\033[K\n" : "\033[K", out_);  // erase what a longer earlier line left
        std::fflush(out_);
    }

    const char* what_;
    std::FILE* out_;
    std::uint64_t total_;
    std::atomic<std::uint64_t> done_{0};
    clock::time_point start_, last_;
    std::mutex draw_;
    bool enabled_ = false;
    bool finished_ = false;
};

}  // namespace escapade_tools

#endif  // ESCAPADE_TOOLS_PROGRESS_HPP
