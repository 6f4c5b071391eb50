// examples/llvm/escapade_llvm.hpp - escapade::cfg_traits over LLVM 14's own classes.
//
// The program is a module_view: an llvm::Module plus the allocation functions of the language
// (alloc_spec: which function allocates on the garbage-collected heap and how its size reads).
// Handles are LLVM's pointers (const llvm::Function*, const llvm::BasicBlock*, const llvm::Value*):
// nothing of the IR is copied. Each LLVM instruction maps onto one inst_kind (classify()); the
// mapping is written for soundness first, instruction by instruction:
//
//   alloca -> local; load -> load; store -> store; cmpxchg, atomicrmw -> exchange;
//   getelementptr -> address; bitcast, addrspacecast, freeze -> cast; select -> select; phi -> phi;
//   insertvalue, extractvalue, vector element/shuffle ops -> aggregate;
//   ptrtoint -> to_integer (what it points to escapes); inttoptr -> from_integer;
//   integer and vector arithmetic, integer casts, anything producing a non-boolean, non-floating
//   value -> aggregate: an integer may hold pointer bits (a union slot loaded as i64, masked and
//   turned back into a pointer), so its operands flow into it;
//   comparisons and floating-point results -> opaque (no pointer is rebuilt from them);
//   a call of a configured allocation function -> alloc; memcpy/memmove -> copy_memory;
//   memset, lifetime, debug, assume, stacksave/restore and other intrinsics that neither keep
//   nor return a pointer -> opaque; overflow/bit intrinsics on integers -> aggregate;
//   a call of a function (also through a bitcast of it) -> call; through a pointer -> call_indirect;
//   inline assembly, landingpad, va_arg, callbr, resume, EH pads -> unknown;
//   br, switch, indirectbr -> branch; ret -> return_; unreachable -> unreachable.
//
// A declaration's summary comes from LLVM's own attributes (declared_leaks): a `nocapture`
// parameter keeps neither its address nor returns it, but may leak what it points to (level 1,
// to the heap and to the result); `nocapture readnone` leaks nothing; `returned` flows into the
// result. Run `-passes=inferattrs` first to have them on C library functions. Without attributes a
// declaration leaks every parameter (the library's default).
//
// Positions come from debug locations (line 0 when the IR has none); file names are interned in
// the view (the only state it owns besides the allocation table).
#ifndef ESCAPADE_EXAMPLES_LLVM_ESCAPADE_LLVM_HPP
#define ESCAPADE_EXAMPLES_LLVM_ESCAPADE_LLVM_HPP

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <llvm/ADT/ArrayRef.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/DebugLoc.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/InstrTypes.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/Module.h>

#include <escapade/cfg_traits.hpp>

namespace escapade_llvm {

/// How an allocation function's size reads.
enum class size_form : std::uint8_t {
    argument,       ///< argument `arg` is the size in bytes (GC_malloc, __crystal_malloc64, _d_allocmemory)
    ldc_typeinfo,   ///< argument `arg` is a D TypeInfo whose type LDC records in !llvm.ldc.typeinfo.NAME (_d_newitemT)
    ldc_classinfo,  ///< argument `arg` is a D ClassInfo whose instance type LDC records in !llvm.ldc.classinfo.NAME (_d_allocclass)
    ldc_array       ///< D array: argument `arg` the array's TypeInfo, `count_arg` the length; returns {length, ptr} (_d_newarrayT/U)
};

struct alloc_spec {
    std::string name;
    size_form form = size_form::argument;
    unsigned arg = 0;
    unsigned count_arg = 1;  ///< ldc_array
};

/// The allocation functions of a few runtimes, by name (the pass's -escapade-runtime=).
inline std::vector<alloc_spec> runtime_allocs(std::string_view runtime) {
    if (runtime == "boehm") return {{"GC_malloc", size_form::argument, 0, 1}, {"GC_malloc_atomic", size_form::argument, 0, 1}};
    if (runtime == "crystal")
        return {{"__crystal_malloc64", size_form::argument, 0, 1},
                {"__crystal_malloc_atomic64", size_form::argument, 0, 1},
                {"GC_malloc", size_form::argument, 0, 1},
                {"GC_malloc_atomic", size_form::argument, 0, 1}};
    if (runtime == "d")
        return {{"_d_allocmemory", size_form::argument, 0, 1},
                {"_d_newitemT", size_form::ldc_typeinfo, 0, 1},
                {"_d_allocclass", size_form::ldc_classinfo, 0, 1},
                {"_d_newarrayT", size_form::ldc_array, 0, 1},
                {"_d_newarrayU", size_form::ldc_array, 0, 1}};
    return {};
}

class module_view {
public:
    module_view(const llvm::Module& m, const std::vector<alloc_spec>& allocs) : m_(m), files_{"<unknown>"} {
        for (const alloc_spec& a : allocs) {
            const llvm::Function* f = m.getFunction(a.name);
            if (f != nullptr && f->isDeclaration()) specs_.emplace(f, a);
        }
    }
    const llvm::Module& module() const noexcept { return m_; }
    const llvm::DataLayout& layout() const noexcept { return m_.getDataLayout(); }
    /// The allocation function a call calls, or nullptr.
    const alloc_spec* alloc_of(const llvm::CallBase* call) const noexcept {
        const llvm::Function* f = llvm::dyn_cast_or_null<llvm::Function>(call->getCalledOperand()->stripPointerCasts());
        if (f == nullptr) return nullptr;
        auto it = specs_.find(f);
        return it == specs_.end() ? nullptr : &it->second;
    }
    /// The byte size an allocation call allocates, when it is a known constant.
    bool constant_size(const llvm::CallBase* call, escapade::size64* out) const noexcept;
    std::string_view file_name(escapade::index_t i) const noexcept { return i < files_.size() ? files_[i] : std::string_view(); }
    escapade::source_pos position(const llvm::Instruction* i) const {
        const llvm::DebugLoc& dl = i->getDebugLoc();
        if (!dl) return escapade::source_pos{};
        const auto* scope = llvm::dyn_cast<llvm::DIScope>(dl.getScope());
        std::string file = scope ? scope->getFilename().str() : std::string("<unknown>");
        auto it = file_index_.find(file);
        if (it == file_index_.end()) {
            it = file_index_.emplace(file, static_cast<escapade::index_t>(files_.size())).first;
            files_.push_back(file);
        }
        return escapade::source_pos{it->second, dl.getLine() == 0 ? 1 : dl.getLine(), dl.getCol()};
    }

private:
    const llvm::Module& m_;
    std::unordered_map<const llvm::Function*, alloc_spec> specs_;
    mutable std::vector<std::string> files_;
    mutable std::unordered_map<std::string, escapade::index_t> file_index_;
};

// ---- ranges over LLVM's lists, yielding pointers -------------------------------------------------

/// Adapts an iterator over T& (an ilist) to one over const T*.
template <class It, class T>
class pointer_iterator {
public:
    using value_type = const T*;
    using reference = const T*;
    using pointer = void;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::forward_iterator_tag;
    pointer_iterator() = default;
    explicit pointer_iterator(It it) : it_(it) {}
    const T* operator*() const { return &*it_; }
    pointer_iterator& operator++() {
        ++it_;
        return *this;
    }
    pointer_iterator operator++(int) {
        pointer_iterator old = *this;
        ++it_;
        return old;
    }
    friend bool operator==(const pointer_iterator& a, const pointer_iterator& b) { return a.it_ == b.it_; }
    friend bool operator!=(const pointer_iterator& a, const pointer_iterator& b) { return !(a == b); }

private:
    It it_{};
};
template <class It, class T>
struct pointer_range {
    pointer_iterator<It, T> b, e;
    pointer_iterator<It, T> begin() const { return b; }
    pointer_iterator<It, T> end() const { return e; }
};
template <class T, class R>
pointer_range<decltype(std::declval<R&>().begin()), T> pointers(R&& r) {
    using It = decltype(std::declval<R&>().begin());
    return {pointer_iterator<It, T>(r.begin()), pointer_iterator<It, T>(r.end())};
}

/// Operands: an optional leading value, then the values of a run of uses.
class value_iterator {
public:
    using value_type = const llvm::Value*;
    using reference = const llvm::Value*;
    using pointer = void;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::forward_iterator_tag;
    value_iterator() = default;
    value_iterator(const llvm::Value* lead, const llvm::Use* use) : lead_(lead), use_(use) {}
    const llvm::Value* operator*() const { return lead_ ? lead_ : use_->get(); }
    value_iterator& operator++() {
        if (lead_) lead_ = nullptr;
        else ++use_;
        return *this;
    }
    value_iterator operator++(int) {
        value_iterator old = *this;
        ++*this;
        return old;
    }
    friend bool operator==(const value_iterator& a, const value_iterator& b) { return a.lead_ == b.lead_ && a.use_ == b.use_; }
    friend bool operator!=(const value_iterator& a, const value_iterator& b) { return !(a == b); }

private:
    const llvm::Value* lead_ = nullptr;
    const llvm::Use* use_ = nullptr;
};
struct value_range {
    value_iterator b, e;
    value_iterator begin() const { return b; }
    value_iterator end() const { return e; }
};
inline value_range uses(const llvm::Use* first, const llvm::Use* last, const llvm::Value* lead = nullptr) {
    return value_range{value_iterator(lead, first), value_iterator(nullptr, last)};
}

/// A block's successors, by index into its terminator (LLVM's own successor iterator is not a
/// forward iterator in range-v3's sense).
class successor_iterator {
public:
    using value_type = const llvm::BasicBlock*;
    using reference = const llvm::BasicBlock*;
    using pointer = void;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::forward_iterator_tag;
    successor_iterator() = default;
    successor_iterator(const llvm::Instruction* term, unsigned i) : term_(term), i_(i) {}
    const llvm::BasicBlock* operator*() const { return term_->getSuccessor(i_); }
    successor_iterator& operator++() {
        ++i_;
        return *this;
    }
    successor_iterator operator++(int) {
        successor_iterator old = *this;
        ++i_;
        return old;
    }
    friend bool operator==(const successor_iterator& a, const successor_iterator& b) { return a.i_ == b.i_; }
    friend bool operator!=(const successor_iterator& a, const successor_iterator& b) { return a.i_ != b.i_; }

private:
    const llvm::Instruction* term_ = nullptr;
    unsigned i_ = 0;
};
struct successor_range {
    successor_iterator b, e;
    successor_iterator begin() const { return b; }
    successor_iterator end() const { return e; }
};
inline successor_range successors_of(const llvm::BasicBlock* bb) {
    const llvm::Instruction* t = bb->getTerminator();
    unsigned n = t ? t->getNumSuccessors() : 0;
    return successor_range{successor_iterator(t, 0), successor_iterator(t, n)};
}

// ---- classification -------------------------------------------------------------------------------

/// The function a call calls directly (also through a bitcast of the function), or nullptr.
inline const llvm::Function* direct_callee(const llvm::CallBase* call) {
    return llvm::dyn_cast<llvm::Function>(call->getCalledOperand()->stripPointerCasts());
}

/// Intrinsics that neither keep, return nor write a pointer anywhere it could be found again.
inline bool harmless_intrinsic(llvm::Intrinsic::ID id) {
    switch (id) {
    case llvm::Intrinsic::memset:
    case llvm::Intrinsic::lifetime_start:
    case llvm::Intrinsic::lifetime_end:
    case llvm::Intrinsic::dbg_declare:
    case llvm::Intrinsic::dbg_value:
    case llvm::Intrinsic::dbg_label:
    case llvm::Intrinsic::dbg_addr:
    case llvm::Intrinsic::assume:
    case llvm::Intrinsic::experimental_noalias_scope_decl:
    case llvm::Intrinsic::prefetch:
    case llvm::Intrinsic::objectsize:
    case llvm::Intrinsic::stacksave:
    case llvm::Intrinsic::stackrestore:
    case llvm::Intrinsic::trap:
    case llvm::Intrinsic::debugtrap:
    case llvm::Intrinsic::invariant_start:
    case llvm::Intrinsic::invariant_end:
    case llvm::Intrinsic::donothing:
    case llvm::Intrinsic::sideeffect:
    case llvm::Intrinsic::pseudoprobe:
    case llvm::Intrinsic::instrprof_increment:
    case llvm::Intrinsic::eh_typeid_for:
    case llvm::Intrinsic::frameaddress:
    case llvm::Intrinsic::returnaddress:
    case llvm::Intrinsic::read_register:
        return true;
    default:
        return false;
    }
}

inline bool scalar_result(const llvm::Type* t) {
    if (t->isVoidTy() || t->isFloatingPointTy() || t->isIntegerTy(1)) return true;
    if (const auto* v = llvm::dyn_cast<llvm::VectorType>(t)) return scalar_result(v->getElementType());
    return false;
}

inline escapade::inst_kind classify(const module_view& mv, const llvm::Instruction* i) {
    using escapade::inst_kind;
    using namespace llvm;
    switch (i->getOpcode()) {
    case Instruction::Alloca: return inst_kind::local;
    case Instruction::Load: return inst_kind::load;
    case Instruction::Store: return inst_kind::store;
    case Instruction::AtomicCmpXchg:
    case Instruction::AtomicRMW: return inst_kind::exchange;
    case Instruction::GetElementPtr: return inst_kind::address;
    case Instruction::BitCast:
    case Instruction::AddrSpaceCast:
    case Instruction::Freeze: return inst_kind::cast;
    case Instruction::Select: return inst_kind::select;
    case Instruction::PHI: return inst_kind::phi;
    case Instruction::ExtractValue:
    case Instruction::InsertValue:
    case Instruction::ExtractElement:
    case Instruction::InsertElement:
    case Instruction::ShuffleVector: return inst_kind::aggregate;
    case Instruction::PtrToInt: return inst_kind::to_integer;
    case Instruction::IntToPtr: return inst_kind::from_integer;
    case Instruction::Ret: return inst_kind::return_;
    case Instruction::Br:
    case Instruction::Switch:
    case Instruction::IndirectBr: return inst_kind::branch;
    case Instruction::Unreachable: return inst_kind::unreachable;
    case Instruction::Fence: return inst_kind::opaque;
    case Instruction::Call:
    case Instruction::Invoke: {
        const auto* call = cast<CallBase>(i);
        if (call->isInlineAsm()) return inst_kind::unknown;
        if (mv.alloc_of(call)) return inst_kind::alloc;
        const Function* f = direct_callee(call);
        if (f == nullptr) return inst_kind::call_indirect;
        if (f->isIntrinsic()) {
            Intrinsic::ID id = f->getIntrinsicID();
            if (id == Intrinsic::memcpy || id == Intrinsic::memmove || id == Intrinsic::memcpy_inline) return inst_kind::copy_memory;
            if (harmless_intrinsic(id)) return inst_kind::opaque;
            // integer intrinsics (overflow arithmetic, bswap, ctpop, min/max...): a flow like `add`
            bool integers = !call->getType()->isVoidTy();
            for (const Use& a : call->args()) integers = integers && !a->getType()->isPointerTy();
            if (integers) return scalar_result(call->getType()) ? inst_kind::opaque : inst_kind::aggregate;
        }
        return inst_kind::call;
    }
    case Instruction::ICmp:
    case Instruction::FCmp: return inst_kind::opaque;
    case Instruction::LandingPad:
    case Instruction::VAArg:
    case Instruction::CallBr:
    case Instruction::Resume:
    case Instruction::CatchPad:
    case Instruction::CleanupPad:
    case Instruction::CatchSwitch:
    case Instruction::CatchRet:
    case Instruction::CleanupRet: return inst_kind::unknown;
    default:
        // Arithmetic, integer and float conversions, unary operators: a value made of its operands
        // unless no pointer can survive in the result.
        return scalar_result(i->getType()) ? inst_kind::opaque : inst_kind::aggregate;
    }
}

inline bool module_view::constant_size(const llvm::CallBase* call, escapade::size64* out) const noexcept {
    const alloc_spec* spec = alloc_of(call);
    if (spec == nullptr || spec->arg >= call->arg_size()) return false;
    const llvm::Value* a = call->getArgOperand(spec->arg);
    if (spec->form == size_form::argument) {
        const auto* c = llvm::dyn_cast<llvm::ConstantInt>(a);
        if (c == nullptr || c->getValue().getActiveBits() > 40) return false;
        *out = c->getZExtValue();
        return true;
    }
    // LDC records the LLVM type behind a TypeInfo / ClassInfo global in named metadata.
    const auto* g = llvm::dyn_cast<llvm::GlobalVariable>(a->stripPointerCasts());
    if (g == nullptr) return false;
    const char* prefix = spec->form == size_form::ldc_classinfo ? "llvm.ldc.classinfo." : "llvm.ldc.typeinfo.";
    const llvm::NamedMDNode* md = m_.getNamedMetadata(std::string(prefix) + g->getName().str());
    if (md == nullptr || md->getNumOperands() == 0) return false;
    const llvm::MDNode* node = md->getOperand(0);
    // typeinfo: !{T undef}; classinfo: !{%Class undef, i1 flag}. A class whose flag is set (it has
    // a destructor the GC would run) is never moved: the stack would not run it.
    if (node->getNumOperands() < 1) return false;
    const auto* tv = llvm::dyn_cast<llvm::ConstantAsMetadata>(node->getOperand(0));
    if (tv == nullptr) return false;
    if (spec->form == size_form::ldc_classinfo) {
        if (node->getNumOperands() < 2) return false;
        const auto* flag = llvm::dyn_cast<llvm::ConstantAsMetadata>(node->getOperand(1));
        const auto* ci = flag ? llvm::dyn_cast<llvm::ConstantInt>(flag->getValue()) : nullptr;
        if (ci == nullptr || !ci->isZero()) return false;
    }
    llvm::Type* t = tv->getValue()->getType();
    if (spec->form == size_form::ldc_array) {
        // {length, ptr} arrays: TypeInfo_Array's type is the element's slice type; its element is
        // what the array holds. The size is element size x constant length.
        const auto* st = llvm::dyn_cast<llvm::StructType>(t);
        if (st == nullptr || st->getNumElements() != 2 || !st->getElementType(1)->isPointerTy()) return false;
        llvm::Type* elem = st->getElementType(1)->getPointerElementType();
        if (!elem->isSized() || spec->count_arg >= call->arg_size()) return false;
        const auto* n = llvm::dyn_cast<llvm::ConstantInt>(call->getArgOperand(spec->count_arg));
        if (n == nullptr || n->getValue().getActiveBits() > 32) return false;
        *out = layout().getTypeAllocSize(elem).getFixedSize() * n->getZExtValue();
        return true;
    }
    if (!t->isSized()) return false;
    *out = layout().getTypeAllocSize(t).getFixedSize();
    return true;
}

}  // namespace escapade_llvm

template <>
struct escapade::cfg_traits<escapade_llvm::module_view> {
    using P = escapade_llvm::module_view;
    using function_ref = const llvm::Function*;
    using block_ref = const llvm::BasicBlock*;
    using value_ref = const llvm::Value*;

    static auto functions(const P& p) { return escapade_llvm::pointers<llvm::Function>(p.module().functions()); }
    static std::string_view file_name(const P& p, index_t f) { return p.file_name(f); }
    static std::string_view function_name(const P&, function_ref f) {
        llvm::StringRef n = f->getName();
        return std::string_view(n.data(), n.size());
    }
    static source_pos function_position(const P&, function_ref) { return source_pos{}; }
    static bool has_body(const P&, function_ref f) { return !f->isDeclaration(); }
    static auto params(const P&, function_ref f) { return escapade_llvm::pointers<llvm::Argument>(f->args()); }
    static auto blocks(const P&, function_ref f) { return escapade_llvm::pointers<llvm::BasicBlock>(*f); }
    static auto instructions(const P&, block_ref b) { return escapade_llvm::pointers<llvm::Instruction>(*b); }
    static escapade_llvm::successor_range successors(const P&, block_ref b) { return escapade_llvm::successors_of(b); }
    static value_kind value_kind_of(const P&, value_ref v) {
        if (llvm::isa<llvm::Instruction>(v)) return value_kind::instruction;
        if (llvm::isa<llvm::Argument>(v)) return value_kind::parameter;
        if (llvm::isa<llvm::Function>(v)) return value_kind::function;
        if (llvm::isa<llvm::GlobalValue>(v)) return value_kind::global;  // variables, aliases, ifuncs
        if (const auto* ce = llvm::dyn_cast<llvm::ConstantExpr>(v)) {
            if (llvm::isa<llvm::Function>(ce->stripPointerCastsAndAliases())) return value_kind::function;
            // Anything else built from an address (a getelementptr into a global, inttoptr of a
            // constant: an absolute address) is static storage: writing through it is a heap write.
            if (ce->getType()->isPointerTy()) return value_kind::global;
            return value_kind::constant;
        }
        return value_kind::constant;  // ints, floats, null, undef, aggregates of constants, metadata, blocks
    }
    static inst_kind instruction_kind(const P& p, value_ref v) {
        return escapade_llvm::classify(p, llvm::cast<llvm::Instruction>(v));
    }
    static escapade_llvm::value_range operands(const P& p, value_ref v) {
        const auto* i = llvm::cast<llvm::Instruction>(v);
        switch (escapade_llvm::classify(p, i)) {
        case inst_kind::call:
        case inst_kind::alloc:
        case inst_kind::copy_memory: {
            const auto* call = llvm::cast<llvm::CallBase>(i);
            return escapade_llvm::uses(call->arg_begin(), call->arg_end());
        }
        case inst_kind::call_indirect: {
            const auto* call = llvm::cast<llvm::CallBase>(i);
            return escapade_llvm::uses(call->arg_begin(), call->arg_end(), call->getCalledOperand());
        }
        case inst_kind::branch:
        case inst_kind::opaque:
        case inst_kind::unreachable:
        case inst_kind::local:
            return escapade_llvm::uses(nullptr, nullptr);
        default:
            return escapade_llvm::uses(i->op_begin(), i->op_end());
        }
    }
    static source_pos instruction_position(const P& p, value_ref v) { return p.position(llvm::cast<llvm::Instruction>(v)); }
    static auto incoming_blocks(const P&, value_ref v) {
        if (const auto* phi = llvm::dyn_cast<llvm::PHINode>(v)) return llvm::ArrayRef<llvm::BasicBlock*>(phi->block_begin(), phi->block_end());
        return llvm::ArrayRef<llvm::BasicBlock*>();
    }
    static function_ref callee(const P&, value_ref v) { return escapade_llvm::direct_callee(llvm::cast<llvm::CallBase>(v)); }
    static function_ref value_function(const P&, value_ref v) { return llvm::cast<llvm::Function>(v->stripPointerCastsAndAliases()); }
    static bool allocation_size(const P& p, value_ref v, size64* out) { return p.constant_size(llvm::cast<llvm::CallBase>(v), out); }
    // optional
    static std::string_view value_name(const P&, value_ref v) {
        llvm::StringRef n = v->getName();
        return std::string_view(n.data(), n.size());
    }
    static std::string_view block_name(const P&, block_ref b) {
        llvm::StringRef n = b->getName();
        return std::string_view(n.data(), n.size());
    }
    static bool is_address_taken(const P&, function_ref f) { return f->hasAddressTaken(); }
    static bool is_variadic(const P&, function_ref f) { return f->isVarArg(); }
    static bool has_declared_leaks(const P&, function_ref f) {
        if (!f->isDeclaration() || f->isIntrinsic()) return false;
        if (f->doesNotAccessMemory()) return true;
        for (const llvm::Argument& a : f->args())
            if (a.hasNoCaptureAttr() || a.hasReturnedAttr()) return true;
        return false;
    }
    /// From LLVM's attributes (see the file's header). A function that accesses no memory cannot
    /// store an argument anywhere but may return it (or bits of it).
    static std::vector<leak_declaration> declared_leaks(const P&, function_ref f) {
        std::vector<leak_declaration> out;
        auto leak = [&](index_t k, index_t result, std::int32_t derefs) {
            out.push_back(leak_declaration{k, result, derefs, invalid_index, {}, 0, true});
        };
        bool pure = f->doesNotAccessMemory();
        for (const llvm::Argument& a : f->args()) {
            index_t k = a.getArgNo();
            bool pointer = a.getType()->isPointerTy();
            if (a.hasReturnedAttr()) leak(k, 0, 0);
            if (pointer && a.hasNoCaptureAttr()) {
                // neither kept nor returned; what it points to may be (unless never read)
                if (pure || a.hasAttribute(llvm::Attribute::ReadNone)) continue;
                leak(k, invalid_index, 1);
                leak(k, 0, 1);
            } else if (pure) {
                leak(k, 0, 0);
            } else {
                leak(k, invalid_index, 0);
            }
        }
        return out;
    }
};

#endif  // ESCAPADE_EXAMPLES_LLVM_ESCAPADE_LLVM_HPP
