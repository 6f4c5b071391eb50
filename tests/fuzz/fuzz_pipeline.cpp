// tests/fuzz/fuzz_pipeline.cpp - libFuzzer target: read, analyse (every model and dispatch policy)
// and report (both formats, with explanations) on arbitrary bytes.
//
// Inputs that read successfully are analysed in each (model, dispatch) pair; errc::unsupported is
// fine (a policy not built yet), any other error must carry a message. Reports are written to a
// sink that checks each line is non-empty. See tests/fuzz/README.md for the command.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <escapade/escapade.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    escapade::ir::module m;
    escapade::ir::read_options ro;
    ro.file_name = "fuzz.ir";
    if (!escapade::ir::read_text(text, m, ro).ok()) return 0;
    const escapade::model models[] = {escapade::model::gc, escapade::model::precise};
    const escapade::dispatch dispatches[] = {escapade::dispatch::conservative, escapade::dispatch::closed,
                                             escapade::dispatch::context};
    for (escapade::model md : models) {
        for (escapade::dispatch dp : dispatches) {
            for (int explain = 0; explain < 2; ++explain) {
                escapade::analysis_options opt;
                opt.model = md;
                opt.dispatch = dp;
                opt.explain = explain != 0;
                // A small budget on odd inputs exercises the give-up path as well.
                if (size % 7 == 3) opt.batch_work_limit = 50;
                escapade::analysis_result<escapade::ir::module> r;
                escapade::status st = escapade::analyze(m, r, opt);
                if (!st.ok()) {
                    if (st.message()[0] == '\0') std::abort();
                    continue;
                }
                // Every site is findable by its handle and has a consistent verdict/reason.
                for (const auto& s : r.sites()) {
                    const auto* f = s.kind == escapade::site_kind::variable ? r.find(s.variable) : r.find(s.expression);
                    if (f == nullptr) std::abort();
                    if ((s.verdict == escapade::verdict::stack) != (s.reason == escapade::reason::none)) std::abort();
                }
                std::size_t lines = 0;
                auto sink = [&](std::string_view line) {
                    if (line.empty()) std::abort();
                    ++lines;
                    return true;
                };
                escapade::write_report(m, r, escapade::report_format::text, opt.explain, sink);
                escapade::write_report(m, r, escapade::report_format::gc, opt.explain, sink);
            }
        }
    }
    return 0;
}
