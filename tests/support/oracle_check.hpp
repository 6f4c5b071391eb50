// tests/support/oracle_check.hpp - checks one program (text IR) against the lifetime definition in
// every (model, dispatch) pair: read, analyse, compile for the interpreter, execute several seeded
// runs from several entry functions, report the first violation per mode (docs/soundness.md).
//
// Test-only code: not part of the library.
#ifndef ESCAPADE_TESTS_SUPPORT_ORACLE_CHECK_HPP
#define ESCAPADE_TESTS_SUPPORT_ORACLE_CHECK_HPP

#include "oracle_vm.hpp"

namespace escapade_oracle {

/// One (model, dispatch, world) combination. A generated program is a whole program, so the
/// closed world is true of it; the open world (the program analysed as a library) must be sound too.
struct mode {
    escapade::model model = escapade::model::gc;
    escapade::dispatch dispatch = escapade::dispatch::conservative;
    escapade::world world = escapade::world::closed;
    /// analysis_options::max_dispatch_cycle; 0 splits every cycle through dynamic calls into the
    /// static call graph's batches (the path whole programs take), so that small generated programs
    /// exercise it too ("/split").
    std::size_t max_dispatch_cycle = escapade::analysis_options{}.max_dispatch_cycle;
    /// analysis_options::caller_sets ("/callers"): parameters get sets from their callers, so the
    /// runs enter only at functions no code of the program calls (entry_functions). These modes run
    /// with memory_rounds = 0, as escapade-go does: the one whole-program type flow gives the sets
    /// of results, fields and globals (dispatch_params.hpp); the other closed-world modes run the
    /// memory rounds.
    bool caller_sets = false;
    std::string name() const {
        std::string n = std::string(escapade::to_string(model)) + "/" + escapade::to_string(dispatch);
        if (dispatch != escapade::dispatch::conservative && world == escapade::world::open) n += "@open";
        if (max_dispatch_cycle == 0) n += "/split";
        if (caller_sets) n += "/callers";
        return n;
    }
};

inline std::vector<mode> all_modes() {
    std::vector<mode> ms;
    for (escapade::model md : {escapade::model::gc, escapade::model::precise}) {
        for (escapade::dispatch dp : {escapade::dispatch::conservative, escapade::dispatch::closed, escapade::dispatch::context})
            ms.push_back(mode{md, dp, escapade::world::closed});
        for (escapade::dispatch dp : {escapade::dispatch::closed, escapade::dispatch::context})
            ms.push_back(mode{md, dp, escapade::world::open});
    }
    for (escapade::dispatch dp : {escapade::dispatch::closed, escapade::dispatch::context})
        ms.push_back(mode{escapade::model::gc, dp, escapade::world::closed, 0});
    for (escapade::dispatch dp : {escapade::dispatch::closed, escapade::dispatch::context})
        ms.push_back(mode{escapade::model::gc, dp, escapade::world::closed, escapade::analysis_options{}.max_dispatch_cycle, true});
    return ms;
}

struct check_options {
    std::uint32_t runs = 4;            ///< executions per program and mode (each with its own seed and entry)
    std::uint64_t seed = 1;            ///< base seed of the runs
    std::uint32_t unsound_faults = 0;  ///< forwarded to analysis_options (the oracle's self-test)
    exec_options exec{};
};

struct mode_outcome {
    mode md;
    bool supported = false;      ///< analyze() did not return errc::unsupported
    bool analysis_error = false; ///< analyze() failed otherwise (a finding by itself)
    std::string error;
    std::uint32_t runs = 0, completed = 0, panicked = 0, out_of_fuel = 0, unsupported_runs = 0;
    std::uint64_t steps = 0, checks = 0, forgiven = 0;
    std::size_t sites = 0, stack_sites = 0;
    bool violated = false;
    violation v;
    std::uint32_t violating_run = 0;
    std::string first_unsupported;  ///< why the first unsupported run stopped
    ir::func_id violating_entry = invalid_index;
};

struct program_outcome {
    bool read_ok = false;
    std::string read_error;
    std::string unsupported;  ///< the interpreter cannot execute this program (skipped)
    std::vector<mode_outcome> modes;
    bool any_violation() const {
        for (const mode_outcome& m : modes)
            if (m.violated || m.analysis_error) return true;
        return false;
    }
};

/// Entry functions: `main` first if there is one, then every top-level function with a body. With
/// `roots_only` (modes with caller_sets, whose contract is that the IR shows every call of a
/// function but those of the entry points) only the functions that no static call of the program
/// calls.
inline std::vector<ir::func_id> entry_functions(const ir::module& m, bool roots_only = false) {
    std::vector<char> called(m.function_count(), 0);
    if (roots_only)
        for (std::size_t e = 0; e < m.expr_count(); ++e) {
            const ir::expr& x = m.expr_at(static_cast<ir::expr_id>(e));
            if (x.kind == escapade::expr_kind::call && x.ref < called.size()) called[x.ref] = 1;
        }
    std::vector<ir::func_id> es;
    for (ir::func_id f : m.top_level_functions())
        if (m.function_at(f).body != invalid_index && m.function_at(f).name == "main" && !called[f]) es.push_back(f);
    for (ir::func_id f : m.top_level_functions())
        if (m.function_at(f).body != invalid_index && m.function_at(f).name != "main" && m.function_at(f).name != "init" && !called[f])
            es.push_back(f);
    return es;
}

/// Checks a parsed module in the given modes.
inline void check_module(const ir::module& m, const std::vector<mode>& modes, const check_options& co, program_outcome& out,
                         escapade::memory_resource& mem) {
    layout lay(m);
    program_code code;
    compile(m, lay, code);
    out.unsupported = code.unsupported;
    std::vector<ir::func_id> all_entries = entry_functions(m), root_entries = entry_functions(m, true);
    for (const mode& md : modes) {
        const std::vector<ir::func_id>& entries = md.caller_sets ? root_entries : all_entries;
        mode_outcome mo;
        mo.md = md;
        escapade::analysis_options opt;
        opt.model = md.model;
        opt.dispatch = md.dispatch;
        opt.world = md.world;
        opt.max_dispatch_cycle = md.max_dispatch_cycle;
        opt.caller_sets = md.caller_sets;
        if (md.caller_sets) opt.memory_rounds = 0;
        opt.unsound_faults = co.unsound_faults;
        escapade::analysis_result<ir::module> r(mem);
        escapade::status st = escapade::analyze(m, r, opt, mem);
        if (!st.ok()) {
            if (st.code() == escapade::errc::unsupported) {
                out.modes.push_back(std::move(mo));
                continue;
            }
            mo.supported = true;
            mo.analysis_error = true;
            char buf[600];
            mo.error = st.format(buf, sizeof buf);
            out.modes.push_back(std::move(mo));
            continue;
        }
        mo.supported = true;
        mo.sites = r.site_count();
        mo.stack_sites = r.site_count() - r.heap_count();
        if (!code.unsupported.empty() || entries.empty()) {
            out.modes.push_back(std::move(mo));
            continue;
        }
        verdict_table vt;
        vt.fill(m, r);
        vm machine(m, lay, code, vt);
        for (std::uint32_t run = 0; run < co.runs; ++run) {
            exec_options eo = co.exec;
            eo.seed = mix_seed(co.seed, run);
            ir::func_id entry = entries[run % entries.size()];
            exec_result er = machine.run(entry, eo);
            ++mo.runs;
            mo.steps += er.steps;
            mo.checks += er.checks;
            mo.forgiven += er.forgiven;
            switch (er.status) {
            case exec_result::completed: ++mo.completed; break;
            case exec_result::panicked: ++mo.panicked; break;
            case exec_result::out_of_fuel: ++mo.out_of_fuel; break;
            case exec_result::unsupported:
                if (mo.unsupported_runs++ == 0) mo.first_unsupported = er.detail;
                break;
            case exec_result::found_violation:
                mo.violated = true;
                mo.v = er.v;
                mo.violating_run = run;
                mo.violating_entry = entry;
                break;
            }
            if (mo.violated) break;
        }
        out.modes.push_back(std::move(mo));
    }
}

/// Reads `text` and checks it. `name` is the file name used in positions.
inline program_outcome check_text(std::string_view text, std::string_view name, const std::vector<mode>& modes, const check_options& co,
                                  escapade::memory_resource& mem) {
    program_outcome out;
    ir::module m(mem);
    ir::read_options ro;
    ro.file_name = name;
    escapade::status st = ir::read_text(text, m, ro);
    if (!st.ok()) {
        char buf[600];
        out.read_error = st.format(buf, sizeof buf);
        return out;
    }
    out.read_ok = true;
    check_module(m, modes, co, out, mem);
    return out;
}

}  // namespace escapade_oracle

#endif  // ESCAPADE_TESTS_SUPPORT_ORACLE_CHECK_HPP
