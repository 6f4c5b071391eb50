#!/usr/bin/env python3
"""examples/llvm/bench/crystal.py - Crystal programs through escapade-heap2stack, measured.

For each program: `crystal build --release --no-debug --emit llvm-ir` gives the whole program and
its standard library as one LLVM module (a closed world). Two variants are built from that same
module with the same pipeline, differing only in the pass:
    base: opt -passes='default<O2>'                       ; llc -O3 ; cc (Crystal's own link line)
    esc:  opt -passes='escapade-heap2stack,default<O2>'   ; llc -O3 ; cc
both linked with gc_count.c (wrapping GC_malloc/GC_malloc_atomic/GC_realloc) so each run reports
its GC allocation counts and bytes. Each variant runs RUNS times: the output must be identical,
run time is the best of the runs. With --asan a third variant is instrumented by AddressSanitizer
(escapade-mark-asan, then clang-14 -fsanitize=address on the bitcode) and runs with
detect_stack_use_after_return=1 and
GC_DONT_GC=1 (ASan's fake stacks are invisible to Boehm's stack scan).

    examples/llvm/bench/crystal.py --plugin build/default/examples/llvm/EscapadeHeap2Stack.so \
        --out /tmp/escapade-crystal [--runs 5] [--asan] [--only binary-trees,havlak]

Prints a markdown table (and writes results.json in --out). Programs come from crystal-samples
(/usr/share/doc/crystal/examples), the compiler examples that link the compiler's own parser, and
bench/crystal/points.cr (temporaries in a loop).
"""
import argparse
import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = "/usr/share/doc/crystal/examples"

# name -> (source, args, stdin text or None[, edits: (old, new) replacements that shrink the workload])
PROGRAMS = {
    "binary-trees": ("binary-trees.cr", ["16"], None),
    "fannkuch-redux": ("fannkuch-redux.cr", ["9"], None),
    "havlak": ("havlak.cr", [], None),
    # havlak with a smaller workload (150 dummy loops instead of 15,000, 2 loop trees instead of
    # 10, 3 iterations instead of 50): small enough for the ASan run, which runs without GC
    "havlak-small": ("havlak.cr", [], None, [("15000.times", "150.times"), ("10.times do |parlooptrees|", "2.times do |parlooptrees|"),
                                            ("50.times do |i|", "3.times do |i|")]),
    "mandelbrot": ("mandelbrot.cr", [], None),
    "matmul": ("matmul.cr", ["200"], None),
    "meteor": ("meteor.cr", ["2098"], None),
    "nbodies": ("nbodies.cr", ["200000"], None),
    "neural_net": ("neural_net.cr", [], None),
    "noise": ("noise.cr", [], None),
    "red_black_tree": ("red_black_tree.cr", [], None),
    "sieve": ("sieve.cr", [], None),
    "spectral-norm": ("spectral-norm.cr", ["300"], None),
    "sudoku": ("sudoku.cr", [], None),
    "text_raytracer": ("text_raytracer.cr", [], None),
    "tree": ("tree.cr", [], None),
    "conway": ("conway.cr", [], None),
    "channel_primes": ("channel_primes.cr", [], None),
    "degree_days": ("degree_days.cr", [], None),
    "quine": ("quine.cr", [], None),
    "pretty_json": ("pretty_json.cr", [], "json"),
    "wordcount": ("wordcount.cr", ["@text"], None),
    "points": ("@bench/crystal/points.cr", [], None),
    "format_corpus": ("@bench/crystal/format_corpus.cr", [], None),
    "formatter_example": ("compiler/formatter_example.cr", [], None),
    "visitor_example": ("compiler/visitor_example.cr", [], None),
    "transformer_example": ("compiler/transformer_example.cr", [], None),
}


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def must(cmd, what, **kw):
    r = run(cmd, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{what} failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-3000:]}")
    return r


def source_path(rel, work, edits=()):
    if edits:
        src = source_path(rel, work)
        with open(src) as f:
            text = f.read()
        for old, new in edits:
            if old not in text:
                raise RuntimeError(f"{rel}: {old!r} not found")
            text = text.replace(old, new)
        dst = os.path.join(work, "edited_" + os.path.basename(rel))
        with open(dst, "w") as g:
            g.write(text)
        return dst
    if rel.startswith("@bench/"):
        return os.path.join(HERE, rel[len("@bench/"):])
    src = os.path.join(SAMPLES, rel)
    if rel.startswith("compiler/"):
        # the compiler examples require "../../src/compiler/...", a source checkout's layout; Debian
        # installs the compiler's sources on Crystal's path (/usr/lib/crystal/lib/compiler)
        dst = os.path.join(work, os.path.basename(rel))
        with open(src) as f, open(dst, "w") as g:
            g.write(f.read().replace('require "../../src/compiler/', 'require "compiler/'))
        return dst
    if os.path.exists(src):
        return src
    if os.path.exists(src + ".gz"):
        dst = os.path.join(work, os.path.basename(rel))
        with gzip.open(src + ".gz", "rt") as f, open(dst, "w") as g:
            g.write(f.read())
        return dst
    raise FileNotFoundError(src)


def inputs(work):
    """A JSON document and a text for the programs that read one."""
    text = os.path.join(work, "input.txt")
    if not os.path.exists(text):
        with open(text, "w") as f:
            for i in range(20000):
                f.write(f"the quick brown fox {i % 97} jumps over the lazy dog {i % 13} again\n")
    js = os.path.join(work, "input.json")
    if not os.path.exists(js):
        items = [{"id": i, "name": f"item{i}", "tags": ["a", "b", str(i % 7)], "nested": {"x": i * 1.5, "ok": i % 2 == 0}}
                 for i in range(3000)]
        with open(js, "w") as f:
            json.dump({"items": items}, f)
    return {"text": text, "json": js}


def gc_stats(path):
    try:
        with open(path) as f:
            return {k: int(v) for k, v in (x.split("=") for x in f.read().split())}
    except FileNotFoundError:
        return None


def measure(binary, args, stdin_path, runs, env_extra=None, timeout=600):
    best = None
    best_cpu = None  # user + system time of the run: steadier than wall time on a shared machine
    out = None
    stats = None
    for i in range(runs):
        sf = binary + ".gcstats"
        if os.path.exists(sf):
            os.remove(sf)
        env = dict(os.environ, ESCAPADE_GC_STATS=sf)
        if env_extra:
            env.update(env_extra)
        stdin = open(stdin_path) if stdin_path else subprocess.DEVNULL
        t0 = time.perf_counter()
        u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = subprocess.run([binary] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=stdin, env=env, timeout=timeout)
        dt = time.perf_counter() - t0
        u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime)
        if stdin_path:
            stdin.close()
        if r.returncode != 0:
            return {"ok": False, "rc": r.returncode, "stderr": r.stderr.decode(errors="replace")[-4000:]}
        if out is None:
            out = r.stdout
        elif out != r.stdout:
            return {"ok": False, "rc": 0, "stderr": "output differs between runs of the same binary"}
        best = dt if best is None else min(best, dt)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
        stats = gc_stats(sf)
    return {"ok": True, "time": best, "cpu": best_cpu, "stdout": out, "gc": stats}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("--asan-max-bytes", type=int, default=2 << 30,
                    help="skip the ASan run of a program whose base run allocates more (it runs without GC)")
    ap.add_argument("--only", default="")
    ap.add_argument("--opt", default="opt-14")
    ap.add_argument("--llc", default="llc-14")
    ap.add_argument("--extra", default="", help="extra arguments for the pass")
    ap.add_argument("--plant", default="", help="FUNCTION:N planted stack verdict (ASan self-test)")
    a = ap.parse_args()
    plugin = os.path.abspath(a.plugin)
    os.makedirs(a.out, exist_ok=True)
    work = os.path.abspath(a.out)
    data = inputs(work)
    shim = os.path.join(work, "gc_count.o")
    must(["cc", "-O2", "-c", os.path.join(HERE, "gc_count.c"), "-o", shim], "cc gc_count.c")
    names = [n for n in PROGRAMS if not a.only or n in a.only.split(",")]
    results = []
    for name in names:
        rel, args, stdin_kind = PROGRAMS[name][:3]
        edits = PROGRAMS[name][3] if len(PROGRAMS[name]) > 3 else ()
        d = os.path.join(work, name)
        os.makedirs(d, exist_ok=True)
        args = [data["text"] if x == "@text" else x for x in args]
        stdin_path = data[stdin_kind] if stdin_kind else None
        res = {"program": name}
        try:
            src = source_path(rel, d, edits)
            # crystal writes the module next to the binary, named after the source
            ll = os.path.join(d, os.path.splitext(os.path.basename(src))[0] + ".ll")
            link_file = os.path.join(d, "link.txt")
            if not (os.path.exists(ll) and os.path.exists(link_file)):  # reuse a previous campaign's module
                t0 = time.perf_counter()
                must(["crystal", "build", "--release", "--no-debug", "--emit", "llvm-ir", src, "-o", os.path.join(d, "crystal")],
                     "crystal build", cwd=d)
                res["crystal_build_s"] = time.perf_counter() - t0
                # the link line only: it is the same without --release, which saves a second optimisation
                cross = must(["crystal", "build", "--no-debug", "--cross-compile", "--target", "x86_64-linux-gnu",
                              src, "-o", os.path.join(d, "cross")], "crystal --cross-compile", cwd=d)
                with open(link_file, "w") as f:
                    f.write(cross.stdout.strip().splitlines()[-1])
            with open(link_file) as f:
                link = f.read().split()
            k = link.index("-o")
            flags = link[k + 2:]
            res["instructions"] = None
            variants = [("base", "default<O2>", []), ("esc", "escapade-heap2stack,default<O2>", ["-escapade-runtime=crystal",
                        "-escapade-closed-world", "-escapade-stats"] + (a.extra.split() if a.extra else []))]
            if a.asan:
                asan_extra = ["-escapade-runtime=crystal", "-escapade-closed-world"] + (a.extra.split() if a.extra else [])
                if a.plant:
                    asan_extra.append("-escapade-plant-stack=" + a.plant)
                variants.append(("asan", "escapade-heap2stack,default<O2>,escapade-mark-asan", asan_extra))
            for v, passes, extra in variants:
                bc = os.path.join(d, v + ".bc")
                t0 = time.perf_counter()
                u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                r = must([a.opt, "-load=" + plugin, "-load-pass-plugin=" + plugin, "-passes=" + passes] + extra + [ll, "-o", bc],
                         "opt " + v)
                res[v + "_opt_s"] = time.perf_counter() - t0
                u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                res[v + "_opt_cpu_s"] = (u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime)
                m = re.search(r"escapade: (\d+) allocation sites, (\d+) moved to the stack \((\d+) in loops, (\d+) bytes of slots\), "
                              r"(\d+) stay; (\d+) instructions analysed in ([\d.]+) ms(?: \(([\d.]+) ms CPU\))?", r.stderr)
                if m:
                    res["sites"], res["moved"], res["moved_in_loops"] = int(m.group(1)), int(m.group(2)), int(m.group(3))
                    res["instructions"], res["analysis_ms"] = int(m.group(6)), float(m.group(7))
                    if m.group(8):
                        res["analysis_cpu_ms"] = float(m.group(8))
                obj = os.path.join(d, v + ".o")
                if v == "asan":
                    # clang's pipeline runs ASan's passes with its options (opt-14's bare asan passes
                    # give binaries that crash at startup here, even for a plain C program)
                    must(["clang-14", "-fsanitize=address", "-fno-sanitize-address-use-after-scope", "-mllvm", "-no-stack-coloring",
                          "-O1", "-fPIC", "-c", bc, "-o", obj], "clang -fsanitize=address")
                else:
                    must([a.llc, "-O3", "-no-stack-coloring", "-filetype=obj", "-relocation-model=pic", bc, "-o", obj], "llc " + v)
                exe = os.path.join(d, v)
                wrap = ["-Wl,--wrap=GC_malloc,--wrap=GC_malloc_atomic,--wrap=GC_realloc"]
                cmd = ["cc", obj, shim, "-o", exe] + wrap + flags
                if v == "asan":
                    cmd = ["clang-14", "-fsanitize=address", obj, shim, "-o", exe] + wrap + flags
                must(cmd, "link " + v)
                # static GC call sites left in the final module
                dis = must(["llvm-dis-14", bc, "-o", "-"], "llvm-dis")
                res[v + "_gc_sites"] = len(re.findall(r"(?:call|invoke) [^\n]*@GC_malloc(?:_atomic)?\(", dis.stdout))
            for v in ("base", "esc"):
                res[v] = measure(os.path.join(d, v), args, stdin_path, a.runs)
            # the binary crystal itself built from the module: a third opinion on the expected output
            res["crystal"] = measure(os.path.join(d, "crystal"), args, stdin_path, 1)
            if a.asan:
                total = ((res["base"].get("gc") or {}).get("total_bytes") or 0) if res["base"]["ok"] else 0
                if total > a.asan_max_bytes:
                    # without collection, the run would hold every byte it ever allocated
                    res["asan"] = {"ok": False, "skipped": f"allocates {total:,} bytes: too many without GC (--asan-max-bytes)"}
                else:
                    res["asan"] = measure(os.path.join(d, "asan"), args, stdin_path, 1,
                                          {"ASAN_OPTIONS": "detect_stack_use_after_return=1:detect_leaks=0", "GC_DONT_GC": "1"},
                                          timeout=1800)
            ok = res["base"]["ok"] and res["esc"]["ok"]
            res["same_output"] = ok and res["base"]["stdout"] == res["esc"]["stdout"]
            res["same_as_crystal"] = ok and res["crystal"]["ok"] and res["crystal"]["stdout"] == res["base"]["stdout"]
            if a.asan:
                res["asan_clean"] = res["asan"]["ok"] and res["asan"]["stdout"] == res["base"].get("stdout")
        except Exception as e:  # one program's failure is a row, not the end of the campaign
            res["error"] = str(e)[-3000:]
        for v in ("base", "esc", "asan", "crystal"):
            if v in res and "stdout" in res[v]:
                res[v]["stdout_bytes"] = len(res[v]["stdout"])
                del res[v]["stdout"]
        results.append(res)
        print(json.dumps(res), flush=True)
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print_table(results, a.asan)
    return 0


def fmt_int(x):
    return "-" if x is None else f"{x:,}"


def print_table(results, asan):
    """allocs: calls of GC_malloc + GC_malloc_atomic + GC_realloc from the program; GC total: Boehm's
    GC_get_total_bytes at exit; as crystal: base's output equals that of the binary crystal built."""
    head = ("| program | instructions | sites | moved (loops) | GC sites left base/esc | allocs base -> esc | GC total bytes base -> esc "
            "| time base -> esc (s) | CPU base -> esc (s) | same output | as crystal |")
    if asan:
        head += " ASan |"
    print(head)
    print("|" + " --- |" * (head.count("|") - 1))
    for r in results:
        if "error" in r:
            print(f"| {r['program']} | error: {r['error'].splitlines()[0][:80]} |")
            continue
        b, e = r["base"], r["esc"]
        if not (b["ok"] and e["ok"]):
            print(f"| {r['program']} | run failed: base {b.get('rc')} esc {e.get('rc')} {e.get('stderr', '')[:80]!r} |")
            continue
        ga, ge = b["gc"] or {}, e["gc"] or {}
        na = ga.get("malloc", 0) + ga.get("atomic", 0) + ga.get("realloc", 0)
        ne = ge.get("malloc", 0) + ge.get("atomic", 0) + ge.get("realloc", 0)
        ta, te = ga.get("total_bytes", 0), ge.get("total_bytes", 0)
        pct = lambda x, y: f" ({100.0 * (y - x) / x:+.1f}%)" if x else ""
        row = (f"| {r['program']} | {fmt_int(r.get('instructions'))} | {fmt_int(r.get('sites'))} | {fmt_int(r.get('moved'))} "
               f"({fmt_int(r.get('moved_in_loops'))}) | {r.get('base_gc_sites')}/{r.get('esc_gc_sites')} | {na:,} -> {ne:,}{pct(na, ne)} | "
               f"{ta:,} -> {te:,}{pct(ta, te)} | {b['time']:.3f} -> {e['time']:.3f} | {b['cpu']:.3f} -> {e['cpu']:.3f} | {'yes' if r['same_output'] else 'NO'} | "
               f"{'yes' if r.get('same_as_crystal') else 'NO'} |")
        if asan:
            skipped = r.get("asan", {}).get("skipped")
            row += f" {'skipped' if skipped else 'clean' if r.get('asan_clean') else 'REPORT'} |"
        print(row)


if __name__ == "__main__":
    sys.exit(main())
