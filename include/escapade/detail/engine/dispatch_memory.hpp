// escapade/detail/engine/dispatch_memory.hpp - dispatch: type and callee sets through memory (fields
// and globals), solved over the whole program in rounds.
//
// Without this pass a value loaded from memory has an unknown set. With a closed world, dispatch
// closed or context and model gc, analyze() (analysis.hpp) runs the whole analysis in rounds over a
// memory_sets: round r reads the sets round r-1 collected and collects its own; when a round
// collects exactly what it read, the sets are a fixpoint and that round's results are the answer.
//
// Memory sets (keys; field-based, as VTA):
//   field  F(S, i): field i of struct type S when that field is an interface or a function. Every
//          write of such a field is seen: a struct literal's element i, an assignment whose target
//          is x.f or p.f (any assignment form, range and comma-ok targets included). A read p.f
//          holds F(S, i); a read x.f on a struct value holds the meet of x's own set and F(S, i)
//          (both sound: edge_field_base), plus context's "what the callers pass" elements of x.
//   global G(v): a global of interface or function type; every assignment whose target is v
//          (static initialisers are assignments of the static-data function).
// A key is unknown when:
//   - the field or global has its address taken anywhere (&x.f, &p.f, &v): a write through a
//     pointer is not a store the pass sees;
//   - (fields) S is *exposed*: reachable, through pointers, slices, arrays, channels, map values
//     and struct fields, from a type converted to an interface (reflection can write it), from
//     either side of a conversion (unsafe.Pointer, or between types of one underlying type), or
//     from a parameter or result of a body-less function (its writes are not seen);
//   - a stored value's set is unknown, holds what a caller passes (context's parameter elements:
//     a memory set cannot name a caller's argument), or its batch gave up;
//   - the set overflows (8 elements).
// An empty key (nothing but nil stored) reads as empty, which dynamic calls take as unknown
// (docs/dispatch.md, "No target is not nothing").
// Limits: slices, arrays, maps and channels elements, and *p, are unknown as before. Map keys and
// function parameters are not followed by the exposure walk (the traits have no map key or
// parameter types): a host whose reflection can write a struct type reachable only that way must
// convert it to an interface in the IR (the Go frontend converts every named type reachable from a
// converted type when the program links reflect). A host without field_index: fields stay unknown;
// without struct_field_count/struct_field_type (the exposure walk cannot follow fields): no memory
// sets at all. A global written under another name (a linker alias) or by code outside the IR
// without its address being taken in the IR is not seen: such a host must take its address.
//
// Keys are 64-bit hashes of the host's handles (exposure: of the structure); two keys with one hash share one set (a larger
// set, never a smaller one).
//
// Cost per round: O(1) per load, store or address-taking expression (plus O(8) per set copied),
// O(types) for the exposure walks (each type is walked once per round), O(stores x 8) after the
// batches; a round costs one whole analysis. Rounds are bounded (analysis.hpp: memory_rounds); a
// program whose sets do not converge within them is analysed once more without memory sets.
#ifndef ESCAPADE_DETAIL_ENGINE_DISPATCH_MEMORY_HPP
#define ESCAPADE_DETAIL_ENGINE_DISPATCH_MEMORY_HPP

#include "engine.hpp"

namespace escapade::detail {

/// The memory sets of two rounds: what the current round reads (`in`) and collects (`out`).
struct memory_sets {
    using type_set = dispatch_types::type_set;
    struct table {
        explicit table(memory_resource& mem) noexcept : index(mem), keys(mem), sets(mem), exposed(mem), exposed_count(0) {}
        hash_map<std::uint64_t, index_t> index;
        vector<std::uint64_t> keys;
        vector<type_set> sets;
        hash_map<std::uint64_t, std::uint8_t> exposed;  ///< struct types (by hash) whose fields are unknown
        std::size_t exposed_count;
        void clear() noexcept {
            index.clear();
            keys.clear();
            sets.clear();
            exposed.clear();
            exposed_count = 0;
        }
        const type_set* find(std::uint64_t key) const noexcept {
            const index_t* i = index.find(key);
            return i ? &sets[*i] : nullptr;
        }
        /// The set of `key`, created empty. Null when memory runs out.
        type_set* at(std::uint64_t key) noexcept {
            bool inserted = false;
            index_t* i = index.insert(key, static_cast<index_t>(keys.size()), &inserted);
            if (i == nullptr) return nullptr;
            if (inserted && (!keys.push_back(key) || !sets.push_back(type_set::bottom()))) return nullptr;
            return &sets[*i];
        }
        bool expose(std::uint64_t type_hash) noexcept {
            bool inserted = false;
            if (!exposed.insert(type_hash, 1, &inserted)) return false;
            if (inserted) ++exposed_count;
            return true;
        }
    };
    explicit memory_sets(memory_resource& mem) noexcept : in(mem), out(mem), out_exposed_list(mem) {}
    table in, out;
    bool failed = false;  ///< out of memory while collecting: the round cannot be trusted
    std::size_t rounds = 0;

    /// Whether the round collected exactly what it read (a fixpoint).
    bool converged() const noexcept {
        if (failed || in.keys.size() != out.keys.size() || in.exposed_count != out.exposed_count) return false;
        for (std::size_t i = 0; i < out.keys.size(); ++i) {
            const type_set* s = in.find(out.keys[i]);
            if (s == nullptr || !same(*s, out.sets[i])) return false;
        }
        for (std::uint64_t h : out_exposed_list)
            if (in.exposed.find(h) == nullptr) return false;
        return true;
    }
    /// The next round reads what this one collected.
    bool advance() noexcept {
        in.clear();
        for (std::size_t i = 0; i < out.keys.size(); ++i) {
            type_set* s = in.at(out.keys[i]);
            if (s == nullptr) return false;
            *s = out.sets[i];
        }
        for (std::uint64_t h : out_exposed_list)
            if (!in.expose(h)) return false;
        out.clear();
        out_exposed_list.clear();
        failed = false;
        return true;
    }
    bool expose_out(std::uint64_t h) noexcept {
        std::size_t before = out.exposed_count;
        if (!out.expose(h)) return false;
        return out.exposed_count == before || out_exposed_list.push_back(h);
    }
    vector<std::uint64_t> out_exposed_list;  ///< out's exposed types, in insertion order

private:
    static bool same(const type_set& a, const type_set& b) noexcept {
        if (a.top || b.top) return a.top == b.top;
        if (a.size != b.size) return false;
        for (std::uint32_t el : a)
            if (!b.contains(el)) return false;
        return true;
    }
};

namespace memory_key {
inline std::uint64_t global(std::uint64_t var_hash) noexcept { return mix64(var_hash ^ 0x676c6f62616cull) << 1; }
inline std::uint64_t field(std::uint64_t type_hash, index_t i) noexcept { return (mix64(type_hash * 1000003ull + i) << 1) | 1u; }
}  // namespace memory_key

/// The memory keys of field i of struct type st (an interface or function field). Go assigns a
/// struct value between a named type and an unnamed one of identical structure without a
/// conversion, so a field has three keys: F (this named type), SU (every unnamed struct type of
/// this structure) and SA (every struct type of this structure). A write goes to F and SA (named)
/// or SU and SA (unnamed); a read holds F and SU (named) or SA (unnamed). The structure is the
/// list of field types (names are not in the traits: more types share a key, never fewer).
/// Without type_name every struct type counts as unnamed. Exposure is by structure too.
template <class P, class T>
typename engine<P, T>::field_keys engine<P, T>::memory_keys_of(type_ref st, index_t i) noexcept {
    field_keys k;
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    if constexpr (has_struct_field_count<T, P>::value && has_struct_field_type<T, P>::value) {
        std::size_t c = T::struct_field_count(p_, st);
        h = mix64(h ^ c);
        for (std::size_t j = 0; j < c; ++j) h = mix64(h ^ handle_hash<type_ref>{}(T::struct_field_type(p_, st, j)));
    } else {
        h = mix64(h ^ handle_hash<type_ref>{}(st));  // no structure: the type itself
    }
    bool named = false;
    if constexpr (has_type_name<T, P>::value) named = !T::type_name(p_, st).empty();
    std::uint64_t sa = memory_key::field(h ^ 0x5341ull, i), su = memory_key::field(h ^ 0x5355ull, i);
    k.structure = h;
    if (named) {
        std::uint64_t f = memory_key::field(handle_hash<type_ref>{}(st), i);
        k.write[0] = f, k.write[1] = sa, k.read[0] = f, k.read[1] = su;
    } else {
        k.write[0] = su, k.write[1] = sa, k.read[0] = sa, k.read[1] = sa;
    }
    return k;
}

/// The keys of a read or write of field e (field or field_ptr) of interface or function type.
/// False: no key (another type, no field_index).
template <class P, class T>
bool engine<P, T>::memory_field_key(expr_ref e, field_keys* out) noexcept {
    if constexpr (!has_field_index<T, P>::value) {
        (void)e, (void)out;
        return false;
    } else {
        expr_kind kind = T::expression_kind(p_, e);
        if (kind != expr_kind::field && kind != expr_kind::field_ptr) return false;
        type_kind fk = T::type_kind_of(p_, T::expression_type(p_, e));
        if (fk != type_kind::interface && fk != type_kind::func) return false;
        type_ref st{};
        bool found = false;
        for (auto&& o : T::expression_operands(p_, e)) {
            st = T::expression_type(p_, o);
            found = true;
            break;
        }
        if (!found) return false;
        if (kind == expr_kind::field_ptr) {
            if (T::type_kind_of(p_, st) != type_kind::pointer) return false;
            st = T::type_elem(p_, st);
        }
        if (T::type_kind_of(p_, st) != type_kind::struct_) return false;
        *out = memory_keys_of(st, T::field_index(p_, e));
        return true;
    }
}

template <class P, class T>
bool engine<P, T>::memory_global_key(variable_ref v, std::uint64_t* key) noexcept {
    if (T::variable_kind(p_, v) != var_kind::global) return false;
    type_kind k = T::type_kind_of(p_, T::variable_type(p_, v));
    if (k != type_kind::interface && k != type_kind::func) return false;
    *key = memory_key::global(handle_hash<variable_ref>{}(v));
    return true;
}

/// The keys an assignment to `target` writes, if any (a global: one key, twice).
template <class P, class T>
bool engine<P, T>::memory_target_key(expr_ref target, std::uint64_t* keys) noexcept {
    expr_kind kind = T::expression_kind(p_, target);
    if (kind == expr_kind::var) {
        if (!memory_global_key(T::referenced_variable(p_, target), &keys[0])) return false;
        keys[1] = keys[0];
        return true;
    }
    field_keys k;
    if (!memory_field_key(target, &k)) return false;
    keys[0] = k.write[0], keys[1] = k.write[1];
    return true;
}

/// The memory set a read of keys[0] and keys[1] holds this round (unknown when the structure is
/// exposed or either key is unknown; structure 0: a global).
template <class P, class T>
typename engine<P, T>::type_set engine<P, T>::memory_read_set(const std::uint64_t* keys, std::uint64_t structure) const noexcept {
    if (structure != 0 && msets_->in.exposed.find(structure) != nullptr) return type_set::unknown();
    type_set out = type_set::bottom();
    for (int j = 0; j < 2; ++j) {
        const type_set* s = msets_->in.find(keys[j]);
        if (s != nullptr) out.join(*s);
    }
    return out;
}

/// What a field read on a struct value holds, from the struct's set `at` and the field's memory set
/// `field`: their meet (both are sound; an unknown side leaves the other), plus context's "what the
/// callers pass" elements of `at` (conditions on a parameter's field). False: nothing.
template <class P, class T>
bool engine<P, T>::meet_field_set(const type_set& at, const type_set& field, type_set* out) noexcept {
    type_set r = type_set::bottom();
    if (at.top) {
        r = field;
    } else {
        for (std::uint32_t el : at)
            if ((el & el_kind_mask) == el_param || field.top || field.contains(el)) r.insert(el);
    }
    if (!r.top && r.size == 0) return false;
    *out = r;
    return true;
}

/// A field read on a struct value (kb: the hole the struct flows into): the struct's set meets
/// the field's memory set on the way (edge_field_base; propagate_types, record_fact).
template <class P, class T>
bool engine<P, T>::memory_field_base(hole* kb, const field_keys& fk) noexcept {
    if (!b_.field_sets.push_back(memory_read_set(fk.read, fk.structure))) return oom();
    kb->flags |= edge_field_base;
    kb->mem_set = static_cast<index_t>(b_.field_sets.size() - 1);
    return true;
}

/// A read of the memory sets keys[0] and keys[1] into k (structure: a field's struct structure,
/// whose exposure makes it unknown; 0 for a global).
template <class P, class T>
void engine<P, T>::memory_facts(hole k, const std::uint64_t* keys, std::uint64_t structure) noexcept {
    if (structure != 0 && msets_->in.exposed.find(structure) != nullptr) {
        record_fact(k, el_top);
        return;
    }
    for (int j = 0; j < 2; ++j) {
        if (j == 1 && keys[1] == keys[0]) break;
        const type_set* s = msets_->in.find(keys[j]);
        if (s == nullptr) continue;  // nothing stored (nil only, or not seen yet this round)
        if (s->top) {
            record_fact(k, el_top);
            return;
        }
        for (std::uint32_t el : *s) record_fact(k, el);
    }
}

/// A store into keys[0] and keys[1]: the value goes through a temporary whose set is collected
/// after the batch.
template <class P, class T>
typename engine<P, T>::hole engine<P, T>::memory_store_hole(hole h, const std::uint64_t* keys) noexcept {
    if (ps_seeded_) return h;  // the sets are the type flow's: nothing to collect
    index_t t = new_loc(loc_kind::temp, b_.cur_fn, false);
    if (t == invalid_index) return discard_hole();
    flow(h, t);
    if (!b_.mem_stores.push_back(memory_store{keys[0], t}) || (keys[1] != keys[0] && !b_.mem_stores.push_back(memory_store{keys[1], t}))) {
        oom();
        return discard_hole();
    }
    return loc_hole(t);
}

/// Element i of struct literal `lit` flowing into *k: a store into F(S, i) when that field is an
/// interface or a function.
template <class P, class T>
bool engine<P, T>::memory_struct_element(hole* k, expr_ref lit, std::size_t i) noexcept {
    if constexpr (!(has_struct_field_count<T, P>::value && has_struct_field_type<T, P>::value)) {
        (void)k, (void)lit, (void)i;
        return true;
    } else {
        type_ref st = T::expression_type(p_, lit);
        if (fault_planted(unsound_fault::memory_ignore_literals)) return true;
        if (T::type_kind_of(p_, st) != type_kind::struct_ || i >= T::struct_field_count(p_, st)) return true;
        type_kind fk = T::type_kind_of(p_, T::struct_field_type(p_, st, i));
        if (fk != type_kind::interface && fk != type_kind::func) return true;
        field_keys fk2 = memory_keys_of(st, static_cast<index_t>(i));
        *k = memory_store_hole(*k, fk2.write);
        return ok();
    }
}

/// &operand: a field or global of a key whose address is taken is unknown (written through
/// pointers the pass does not follow).
template <class P, class T>
void engine<P, T>::memory_address_taken(expr_ref operand) noexcept {
    if (ps_seeded_) return;
    if (fault_planted(unsound_fault::memory_ignore_address)) return;
    std::uint64_t keys[2];
    if (!memory_target_key(operand, keys)) return;
    for (std::uint64_t key : keys) {
        type_set* s = msets_->out.at(key);
        if (s == nullptr) {
            msets_->failed = true;
            oom();
            return;
        }
        *s = type_set::unknown();
    }
}

/// The exposure walk, one for both users (memory_expose here, ps_expose in dispatch_params.hpp):
/// every struct type reachable from t through pointers, slices, arrays, channels, map values and
/// struct fields gets on_struct(u) (false: stop, out of memory); `seen` holds the types walked
/// already (each type once per table). Iterative (expose_stack_). O(types reached).
template <class P, class T>
template <class F>
void engine<P, T>::expose_walk(type_ref t, hash_map<type_ref, std::uint8_t, handle_hash<type_ref>>& seen, F&& on_struct) noexcept {
    vector<type_ref>& stack = expose_stack_;
    stack.clear();
    if (!stack.push_back(t)) return oom(), void();
    while (!stack.empty()) {
        type_ref u = stack.back();
        stack.pop_back();
        bool inserted = false;
        if (!seen.insert(u, 1, &inserted)) return oom(), void();
        if (!inserted) continue;
        switch (T::type_kind_of(p_, u)) {
        case type_kind::pointer:
        case type_kind::slice:
        case type_kind::array:
        case type_kind::chan:
        case type_kind::map:
            if (!stack.push_back(T::type_elem(p_, u))) return oom(), void();
            break;
        case type_kind::struct_:
            if (!on_struct(u)) return;
            if constexpr (has_struct_field_count<T, P>::value && has_struct_field_type<T, P>::value) {
                std::size_t c = T::struct_field_count(p_, u);
                for (std::size_t i = 0; i < c; ++i)
                    if (!stack.push_back(T::struct_field_type(p_, u, i))) return oom(), void();
            }
            break;
        default: break;
        }
    }
}

/// Every struct type reachable from t (pointers, slices, arrays, channels, map values, fields) is
/// exposed: its fields' sets are unknown. Each type is walked once per round.
template <class P, class T>
void engine<P, T>::memory_expose(type_ref t) noexcept {
    if (ps_seeded_) return;
    if (fault_planted(unsound_fault::memory_ignore_exposure)) return;
    expose_walk(t, expose_seen_, [&](type_ref u) -> bool {
        if (msets_->expose_out(memory_keys_of(u, 0).structure)) return true;
        msets_->failed = true;
        return oom(), false;
    });
}

/// At the start of a round: the parameters and results of body-less functions are exposed.
template <class P, class T>
bool engine<P, T>::memory_setup() noexcept {
    // the exposure walk needs the fields of struct types: without them, no memory sets
    constexpr bool fields = has_struct_field_count<T, P>::value && has_struct_field_type<T, P>::value;
    memsets_ = fields && msets_ != nullptr && closed_ && world_closed_ && !precise_ && !is_cfg && (opt_.memory_rounds > 0 || ps_seeded_);
    if (!memsets_) return true;
    if (ps_seeded_) return true;  // the type flow's sets (dispatch_params.hpp): no round, nothing to expose
    ++msets_->rounds;
    for (const fn_info& fi : fns_) {
        if (fi.body) continue;
        for (auto&& v : T::params(p_, fi.ref)) memory_expose(T::variable_type(p_, v));
        for (auto&& v : T::results(p_, fi.ref)) memory_expose(T::variable_type(p_, v));
    }
    return ok();
}

/// After a batch's sets converged: each store's value set joins its key (unknown when the batch
/// gave up, or the value's set is unknown or names a caller's argument).
template <class P, class T>
bool engine<P, T>::collect_memory_stores() noexcept {
    if (!memsets_ || ps_seeded_) return true;
    for (const memory_store& st : b_.mem_stores) {
        type_set* out = msets_->out.at(st.key);
        if (out == nullptr) {
            msets_->failed = true;
            return oom();
        }
        if (out->top) continue;
        if (b_.budget_exceeded || st.loc >= b_.tsets.size()) {
            *out = type_set::unknown();
            continue;
        }
        const type_set& s = b_.tsets[st.loc];
        bool unknown_dropped = fault_planted(unsound_fault::memory_ignore_unknown);
        if (s.top) {
            if (!unknown_dropped) *out = type_set::unknown();
            continue;
        }
        for (std::uint32_t el : s) {
            std::uint32_t kind = el & el_kind_mask;
            if (kind == el_param || kind == el_loc) {
                if (unknown_dropped) continue;
                *out = type_set::unknown();
                break;
            }
            out->insert(el);
        }
    }
    return ok();
}

}  // namespace escapade::detail

#endif  // ESCAPADE_DETAIL_ENGINE_DISPATCH_MEMORY_HPP
