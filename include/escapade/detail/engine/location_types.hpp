// escapade/detail/engine/location_types.hpp - the location graph's data, none of it host-specific:
// gc's location (a variable, an allocation or a temporary), the payload of an assignment edge, the
// hole an expression's value flows into, and what the backward walk carries to each location.
//
// Internal: the engine (engine.hpp) derives from location_types, so the files that build and
// solve the graph (locations.hpp, stmt.hpp ... solve.hpp) name these types as the engine's own.
// Declarations only; every operation on them is O(1) (locations.hpp).
#ifndef ESCAPADE_DETAIL_ENGINE_LOCATION_TYPES_HPP
#define ESCAPADE_DETAIL_ENGINE_LOCATION_TYPES_HPP

#include <cstddef>
#include <cstdint>

#include "../../config.hpp"
#include "../../graph.hpp"
#include "../../lattice.hpp"
#include "../../results.hpp"

namespace escapade::detail {

struct location_types {
    /// pointee (model=precise): what a parameter points to, storage of the callers that outlives
    /// the function (precise.hpp).
    enum class loc_kind : std::uint8_t { heap, blank, variable, allocation, temp, sink, pointee };
    /// gc's "location": a variable, an allocation, or a temporary.
    struct location {
        index_t fn = invalid_index;
        std::int32_t loop_depth = 1;
        loc_kind kind = loc_kind::temp;
        var_kind vkind = var_kind::local;
        index_t result_index = 0;       ///< 1-based for results
        bool escapes = false;
        bool transient = false;
        bool captured = false;
        bool reassigned = false;
        bool addrtaken = false;
        bool capture_addr = false;  ///< addrtaken only by by-reference closure captures (type sets ignore it: batch.hpp)
        bool queued = false;
        bool static_reassigned = false;  ///< syntactic reassignment (for static callee resolution)
        bool site = false;               ///< reported as an allocation site
        bool reported = true;
        reason why = reason::none;
        index_t why_via = invalid_index;  ///< escaping location the reason was inherited from
        index_t why_callee = invalid_index;  ///< function whose summary made it escape
        index_t expl_first = 0, expl_count = 0;
        index_t path_first = 0, path_count = 0;  ///< explain: into the result's paths
        index_t param = invalid_index;    ///< params_ index for parameters and results
        index_t sink = invalid_index;     ///< b_.sinks index for conditional sinks (dispatch=context)
        index_t pointee_of = invalid_index;  ///< loc_kind::pointee: the params_ index of its parameter
        index_t cond_root = invalid_index;  ///< pass B: escapes only into this conditional sink
        bool escaped_in_pass_a = false;     ///< the verdict, kept while pass B recomputes escapes
        leak_summary param_esc;
        size64 size = 0;                  ///< size of the variable / of the allocation (for limits)
        /// CFG hosts (cfg_build.hpp): the loop-forest scope of storage and header phis (loops.hpp);
        /// other SSA values are not scoped: they carry nothing from one iteration to the next
        index_t scope_pre = 0, scope_post = invalid_index;
        bool scoped = false;
    };
    /// An assignment edge's payload.
    struct flow_data {
        std::int32_t derefs = 0;
        index_t notes = invalid_index;
        reason cause = reason::none;
        index_t callee = invalid_index;  ///< leaked_by_callee / external_call: the function
        std::uint8_t flags = 0;          ///< edge_fallback, edge_inexact
        index_t mem_set = invalid_index; ///< edge_field_base: the field's memory set (batch_state::field_sets)
    };
    enum : std::uint8_t {
        edge_fallback = 1,  ///< closed-world stand-in for a conditional sink (pass A only)
        edge_inexact = 2,   ///< composes a conditional flow whose level is only a bound
        edge_no_types = 4,  ///< a concrete value boxed into an interface: carries no type set
        edge_on_path = 8,   ///< explain: on some site's explanation path (keep_graph highlights it)
        edge_field_base = 16  ///< the struct whose field is read: its set meets the field's memory set (dispatch_memory.hpp)
    };
    /// gc's "hole": the context an expression's value flows into.
    struct hole {
        index_t dst = invalid_index;
        std::int32_t derefs = 0;
        index_t notes = invalid_index;
        bool addrtaken = false;
        reason cause = reason::none;
        index_t callee = invalid_index;
        std::uint8_t flags = 0;
        index_t mem_set = invalid_index;  ///< with edge_field_base (dispatch_memory.hpp)
    };
    /// The holes a call's results flow into, in order (none for a call evaluated for its effects).
    struct result_holes {
        const hole* data = nullptr;
        std::size_t size = 0;
        const hole& operator[](std::size_t i) const noexcept { return data[i]; }
    };
    /// What the closest flow from a location to a walk's root carries (lattice.hpp's shortest_flow
    /// orders walk values by its dereference count alone).
    struct walk_info {
        reason cause = reason::none;     ///< the first reason on the path from the root
        index_t callee = invalid_index;  ///< with it, the callee responsible (leaked_by_callee, external_call)
        bool exact = true;               ///< no address was clamped and no inexact edge crossed on the path
    };
    using walk_value = shortest_flow<walk_info>;
    using graph_t = digraph<location, flow_data>;
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_LOCATION_TYPES_HPP
