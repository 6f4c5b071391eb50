// escapade/detail/engine/dispatch_types.hpp - the data of dispatch=closed/context that does not
// depend on the host: type-set elements and facts, conditional flows and sinks, implementations of
// a method, and what a resolution round has applied.
//
// Internal: the engine (engine.hpp) derives from dispatch_types, so the files that propagate and
// resolve (dispatch_*.hpp, precise.hpp) name these types as the engine's own. Declarations only;
// the costs are those of the files that use them (type sets: capped_set, O(8) per operation).
#ifndef ESCAPADE_DETAIL_ENGINE_DISPATCH_TYPES_HPP
#define ESCAPADE_DETAIL_ENGINE_DISPATCH_TYPES_HPP

#include <cstdint>
#include <string_view>

#include "../../config.hpp"
#include "../../lattice.hpp"
#include "../hash_map.hpp"

namespace escapade::detail {

struct dispatch_types {
    /// Type-set elements: a dynamic type, a function, or "whatever the callers pass for this
    /// parameter" (context), packed as kind << 30 | index.
    using type_set = capped_set<std::uint32_t, 8>;
    static constexpr std::uint32_t el_type = 0u << 30, el_func = 1u << 30, el_param = 2u << 30, el_loc = 3u << 30;
    static constexpr std::uint32_t el_kind_mask = 3u << 30, el_index_mask = ~(3u << 30);
    static constexpr std::uint32_t el_top = 0xFFFFFFFFu;
    struct fact {
        index_t loc;
        std::uint32_t elem;  ///< or el_top
    };
    /// A conditional flow of a parameter: it reaches argument `arg` (0 = receiver for methods) of
    /// method `method` of the dynamic type of parameter `subject` (or of the function value
    /// `subject` when method is empty) after `derefs` dereferences; inexact = only "some part of
    /// the parameter reaches it", so a resolved leak at any level means a leak at level 0.
    struct cond_leak {
        index_t subject;
        std::string_view method;
        index_t arg;
        std::int32_t derefs;
        bool exact;
    };
    /// A conditional sink: the argument `arg` of a dynamic call inside function `fn` whose target
    /// depends on parameter `subject` of fn.
    struct sink_info {
        index_t fn;
        index_t subject;  ///< index in fn's parameter list
        std::string_view method;
        index_t arg;
    };
    /// What a pending call (engine::pending_call) waits for: a method's or a function value's
    /// targets, the conditions of a static callee's summary, or (model=precise) a store's pointees.
    enum class pending_kind : std::uint8_t { method, value, conditions, store };
    struct impl_t {
        index_t type;  ///< dyn_types_ index
        index_t fn;
        bool deref;    ///< method of T called through a *T: the receiver is dereferenced
    };
    /// dispatch=context, pass B: a conditional flow found for a parameter (params_ index).
    struct found_cond {
        index_t param;
        cond_leak c;
    };
    /// A store into a field or a global (dispatch_memory.hpp): the value went through the
    /// temporary `loc`, whose converged set joins the memory set `key`.
    struct memory_store {
        std::uint64_t key;
        index_t loc;
    };
    /// What resolve_pending has applied: (slot << 32 | element) pairs; the slot counter of the
    /// current round; whether the round applied anything new.
    struct resolution_round {
        explicit resolution_round(memory_resource& mem) noexcept : applied(mem) {}
        hash_map<std::uint64_t, std::uint8_t> applied;
        std::uint64_t slot = 0;
        bool added = false;
    };
};

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_DISPATCH_TYPES_HPP
