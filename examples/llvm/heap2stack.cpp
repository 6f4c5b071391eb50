// examples/llvm/heap2stack.cpp - an opt pass plugin that moves garbage-collected allocations to the stack.
//
//   opt-14 -load-pass-plugin=./EscapadeHeap2Stack.so -passes=escapade-heap2stack
//          -escapade-runtime=crystal [-escapade-closed-world] -pass-remarks=escapade
//          -pass-remarks-missed=escapade in.ll -S -o out.ll
//
// The user names the allocation functions of the language (-escapade-runtime=crystal|boehm|d, or
// -escapade-alloc=NAME:ARG for a runtime of one's own: argument ARG is the byte size). escapade
// decides every allocation site through cfg_traits over the module itself (escapade_llvm.hpp);
// each call whose site is `stack` becomes zero-initialised stack memory: one alloca in the entry
// block (its slot is reused by every execution of the call: the verdict allows it, see
// results.hpp) and a memset where the call was. Every decision is an optimization remark of pass
// "escapade": `-pass-remarks=escapade` shows the moves, `-pass-remarks-missed=escapade` the sites
// that stay and why. `-escapade-closed-world` says the module is the whole program (Crystal's
// modules are): indirect calls may then reach exactly the module's address-taken functions.
//
// Also registered: `escapade-mark-asan`, which adds sanitize_address to every function with a
// body, so that AddressSanitizer instruments the moved objects (`clang-14 -fsanitize=address -c` on
// the resulting bitcode) and its stack-use-after-return detection checks every stack verdict at run
// time (examples/llvm/README.md).
//
// `-escapade-report-only` decides and reports without changing the module (also: the allocation
// sites another compiler left in its output, examples/llvm/bench/ldc.py). `-escapade-max-size=N`
// (default 1024) is the largest object moved; `-escapade-stats` prints one summary line.
// `-escapade-work-limit=N` bounds the solver's work per call-graph SCC (edge relaxations; default 0,
// unlimited): a batch over it keeps all its sites on the heap, with reason "analysis budget exceeded".
//
// Test-only: `-escapade-plant-stack=FUNCTION:N` moves the N-th allocation site of FUNCTION (0-based)
// to the stack whatever the analysis says: the planted unsound verdict ASan must catch.
#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>
#include <vector>

#include <llvm/ADT/StringRef.h>
#include <llvm/Analysis/OptimizationRemarkEmitter.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/PassManager.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Passes/PassPlugin.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/raw_ostream.h>

#include "decide.hpp"

namespace {

using namespace llvm;

cl::list<std::string> runtimes("escapade-runtime", cl::desc("allocation functions of a runtime: crystal, boehm, d"),
                               cl::CommaSeparated);
cl::list<std::string> extra_allocs("escapade-alloc", cl::desc("an allocation function: NAME:ARG (ARG: the size argument)"));
cl::opt<bool> closed_world("escapade-closed-world", cl::desc("the module is the whole program"), cl::init(false));
cl::opt<unsigned long long> max_size("escapade-max-size", cl::desc("largest object moved to the stack, in bytes"),
                                     cl::init(1024));
cl::opt<unsigned long long> work_limit("escapade-work-limit",
                                       cl::desc("edge relaxations per call-graph SCC batch before its sites stay on the heap "
                                                "(0: unlimited)"),
                                       cl::init(0));
cl::opt<bool> print_stats("escapade-stats", cl::desc("print a summary line to stderr"), cl::init(false));
cl::opt<bool> report_only("escapade-report-only", cl::desc("decide and emit the remarks, but change nothing"), cl::init(false));
cl::list<std::string> plant("escapade-plant-stack", cl::desc("testing: FUNCTION:N moves that site to the stack unconditionally"),
                            cl::Hidden);

std::vector<escapade_llvm::alloc_spec> alloc_specs() {
    std::vector<escapade_llvm::alloc_spec> out;
    for (const std::string& r : runtimes) {
        std::vector<escapade_llvm::alloc_spec> s = escapade_llvm::runtime_allocs(r);
        if (s.empty()) report_fatal_error("escapade: unknown -escapade-runtime=" + Twine(r) + " (crystal, boehm, d)");
        out.insert(out.end(), s.begin(), s.end());
    }
    for (const std::string& a : extra_allocs) {
        StringRef name, arg;
        std::tie(name, arg) = StringRef(a).rsplit(':');
        unsigned k = 0;
        if (name.empty() || arg.getAsInteger(10, k)) report_fatal_error("escapade: -escapade-alloc wants NAME:ARG, got " + Twine(a));
        out.push_back(escapade_llvm::alloc_spec{name.str(), escapade_llvm::size_form::argument, k, 1});
    }
    return out;
}

/// Where an allocation is in the source: the outermost frame of its inlining chain (a runtime's
/// allocation wrapper is usually inlined, so the call's own location is inside the runtime).
std::string source_of(const Instruction* i) {
    const DILocation* loc = i->getDebugLoc().get();
    if (loc == nullptr) return std::string();
    while (loc->getInlinedAt() != nullptr) loc = loc->getInlinedAt();
    return (Twine(loc->getFilename()) + ":" + Twine(loc->getLine()) + ":" + Twine(loc->getColumn())).str();
}

/// Replaces the allocation call with zeroed stack memory: an alloca of `size` bytes at the top of
/// the entry block and a memset at the call.
void promote(CallBase* call, std::uint64_t size, const escapade_llvm::alloc_spec& spec, const DataLayout& dl) {
    Function* f = call->getFunction();
    BasicBlock& entry = f->getEntryBlock();
    IRBuilder<> top(&entry, entry.getFirstInsertionPt());
    Type* bytes = ArrayType::get(top.getInt8Ty(), size == 0 ? 1 : size);
    AllocaInst* slot = top.CreateAlloca(bytes, dl.getAllocaAddrSpace(), nullptr, call->getName() + ".stack");
    slot->setAlignment(Align(16));
    IRBuilder<> at(call);
    Value* raw = at.CreateBitCast(slot, at.getInt8PtrTy(dl.getAllocaAddrSpace()));
    if (size != 0) at.CreateMemSet(raw, at.getInt8(0), size, Align(16));
    Value* result = nullptr;
    if (spec.form == escapade_llvm::size_form::ldc_array) {
        // {length, ptr}
        Type* rt = call->getType();
        Value* agg = at.CreateInsertValue(UndefValue::get(rt), call->getArgOperand(spec.count_arg), 0);
        result = at.CreateInsertValue(agg, at.CreateBitCast(raw, cast<StructType>(rt)->getElementType(1)), 1);
    } else {
        result = at.CreateBitCast(raw, call->getType());
    }
    call->replaceAllUsesWith(result);
    if (auto* inv = dyn_cast<InvokeInst>(call)) {
        BranchInst::Create(inv->getNormalDest(), inv);
        inv->getUnwindDest()->removePredecessor(inv->getParent());
    }
    call->eraseFromParent();
    // A `tail` call promises the callee reads no alloca of the caller, and LLVM relies on it (dead
    // store elimination drops the stores into the slot before such a call): with a slot of its own,
    // the function's calls lose the marker. (Functions with a `musttail` call are never given one:
    // has_musttail.)
    for (BasicBlock& b : *f)
        for (Instruction& i : b)
            if (auto* c = dyn_cast<CallInst>(&i))
                if (c->isTailCall() && !c->isMustTailCall()) c->setTailCallKind(CallInst::TCK_None);
}

/// A `musttail` call passes the caller's frame on: no stack slot may be handed to it.
bool has_musttail(const Function& f) {
    for (const BasicBlock& b : f)
        for (const Instruction& i : b)
            if (const auto* c = dyn_cast<CallInst>(&i))
                if (c->isMustTailCall()) return true;
    return false;
}

struct Heap2Stack : PassInfoMixin<Heap2Stack> {
    PreservedAnalyses run(Module& m, ModuleAnalysisManager&) {
        auto t0 = std::chrono::steady_clock::now();
        std::clock_t c0 = std::clock();  // CPU time: steadier than wall time on a shared machine
        escapade_llvm::module_view view(m, alloc_specs());
        escapade_llvm::decide_options opt;
        opt.closed_world = closed_world;
        opt.max_size = max_size;
        opt.batch_work_limit = work_limit;
        std::vector<escapade_llvm::site> sites;
        escapade_llvm::decide_status st = escapade_llvm::decide(view, opt, sites);
        if (!st.ok) report_fatal_error("escapade: " + Twine(st.message));
        // planted verdicts (testing)
        for (const std::string& p : plant) {
            StringRef fn, nth;
            std::tie(fn, nth) = StringRef(p).rsplit(':');
            unsigned k = 0;
            if (nth.getAsInteger(10, k)) report_fatal_error("escapade: -escapade-plant-stack wants FUNCTION:N");
            unsigned seen = 0;
            for (escapade_llvm::site& s : sites)
                if (s.call->getFunction()->getName() == fn && seen++ == k) {
                    s.stack = true;
                    s.planted = true;
                }
        }
        auto t1 = std::chrono::steady_clock::now();
        std::clock_t c1 = std::clock();
        std::size_t moved = 0, moved_in_loops = 0, stays = 0, over_budget = 0;
        std::uint64_t moved_bytes = 0;
        for (escapade_llvm::site& s : sites) {
            CallBase* call = s.call;
            if (s.stack && has_musttail(*call->getFunction())) {
                s.stack = false;
                s.reason = "its function makes a musttail call";
            }
            OptimizationRemarkEmitter ore(call->getFunction());
            if (s.stack) {
                ++moved;
                moved_bytes += s.size;
                if (s.in_loop) ++moved_in_loops;
                std::string where = source_of(call);
                ore.emit([&] {
                    return OptimizationRemark("escapade", "HeapToStack", call)
                           << "moved to the stack: " << ore::NV("Callee", s.spec->name) << " of " << ore::NV("Bytes", s.size)
                           << " bytes" << (s.in_loop ? " (slot reused by each loop iteration)" : "")
                           << (s.planted ? " [planted by -escapade-plant-stack: not a verdict]" : "") << " in "
                           << ore::NV("Function", call->getFunction()->getName()) << (where.empty() ? "" : " from " + where);
                });
                if (!report_only) promote(call, s.size, *s.spec, m.getDataLayout());
            } else {
                ++stays;
                if (s.reason.rfind(escapade::to_string(escapade::reason::budget), 0) == 0) ++over_budget;
                std::string where = source_of(call);
                ore.emit([&] {
                    return OptimizationRemarkMissed("escapade", "StaysOnHeap", call)
                           << "stays on the heap: " << ore::NV("Callee", s.spec->name) << ": " << ore::NV("Reason", s.reason) << " in "
                           << ore::NV("Function", call->getFunction()->getName()) << (where.empty() ? "" : " from " + where);
                });
            }
        }
        if (print_stats) {
            double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
            errs() << "escapade: " << sites.size() << " allocation sites, " << moved << " moved to the stack (" << moved_in_loops
                   << " in loops, " << moved_bytes << " bytes of slots), " << stays << " stay; " << st.instructions
                   << " instructions analysed in " << format("%.1f", ms) << " ms ("
                   << format("%.1f", 1000.0 * double(c1 - c0) / CLOCKS_PER_SEC) << " ms CPU)";
            if (work_limit != 0) errs() << "; " << over_budget << " sites over the work limit";
            errs() << "\n";
        }
        return moved && !report_only ? PreservedAnalyses::none() : PreservedAnalyses::all();
    }
};

struct MarkAsan : PassInfoMixin<MarkAsan> {
    PreservedAnalyses run(Module& m, ModuleAnalysisManager&) {
        for (Function& f : m)
            if (!f.isDeclaration()) f.addFnAttr(Attribute::SanitizeAddress);
        return PreservedAnalyses::all();
    }
};

}  // namespace

extern "C" LLVM_ATTRIBUTE_WEAK __attribute__((visibility("default"))) PassPluginLibraryInfo llvmGetPassPluginInfo() {
    return {LLVM_PLUGIN_API_VERSION, "EscapadeHeap2Stack", "0.1", [](PassBuilder& pb) {
                pb.registerPipelineParsingCallback([](StringRef name, ModulePassManager& mpm, ArrayRef<PassBuilder::PipelineElement>) {
                    if (name == "escapade-heap2stack") {
                        mpm.addPass(Heap2Stack());
                        return true;
                    }
                    if (name == "escapade-mark-asan") {
                        mpm.addPass(MarkAsan());
                        return true;
                    }
                    return false;
                });
            }};
}
