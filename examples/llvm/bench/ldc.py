#!/usr/bin/env python3
"""examples/llvm/bench/ldc.py - D allocation sites removed by LDC's GC2Stack, by escapade, by both.

For each D input (a program, or a Phobos module compiled with its unittests), LDC 1.30 compiles it
twice at -O2 with debug locations:
    off: ldc2 -O2 -g --disable-gc2stack --output-ll     (the module escapade starts from)
    on:  ldc2 -O2 -g --output-ll                        (LDC's own GC2Stack in its pipeline)
escapade runs on `off` (-escapade-runtime=d, open world: druntime and Phobos are outside the
module) and reports each site it moves; run with -escapade-report-only on `on`, it lists the sites
LDC left. Sites are matched by source position (file:line:col of the allocating call, the
innermost debug location): per position, removed_by_ldc = off - on, removed_by_escapade = moved,
by_both = min of the two. Inlining duplicates a position; counting per position keeps those
copies as a multiset, which is exact when both compilations inline alike (the pipeline before
GC2Stack is the same).

    examples/llvm/bench/ldc.py --plugin build/default/examples/llvm/EscapadeHeap2Stack.so \
        --out /tmp/escapade-ldc [--only json,array] [--max-size 1024]
"""
import argparse
import collections
import json
import os
import re
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PHOBOS = "/usr/lib/ldc/x86_64-linux-gnu/include/d"

# name -> (path, extra ldc2 flags)
INPUTS = {
    "programs": (os.path.join(HERE, "d", "programs.d"), []),
    "textstats": (os.path.join(HERE, "d", "textstats.d"), []),
    "std.json": (PHOBOS + "/std/json.d", ["-unittest", "-c"]),
    "std.array": (PHOBOS + "/std/array.d", ["-unittest", "-c"]),
    "std.string": (PHOBOS + "/std/string.d", ["-unittest", "-c"]),
    "std.container.rbtree": (PHOBOS + "/std/container/rbtree.d", ["-unittest", "-c"]),
    "std.uri": (PHOBOS + "/std/uri.d", ["-unittest", "-c"]),
    "std.csv": (PHOBOS + "/std/csv.d", ["-unittest", "-c"]),
}

REMARK = re.compile(r"^remark: (\S+?):(\d+):(\d+): (moved to the stack|stays on the heap): (\S+?)(?: of| :|:)")


def must(cmd, what, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{what} failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-3000:]}")
    return r


def sites(stderr):
    """Positions of the sites a run of the pass reported: (moved, stayed) multisets."""
    moved, stayed = collections.Counter(), collections.Counter()
    for line in stderr.splitlines():
        m = REMARK.match(line)
        if not m:
            continue
        key = (os.path.basename(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(5))
        (moved if m.group(4).startswith("moved") else stayed)[key] += 1
    return moved, stayed


def run_variants(a, plugin, d, lls):
    """A program: three binaries from the same module pipeline - LDC's GC2Stack (on), neither
    (off), escapade (esc) - each run with the runtime's allocation calls counted (d_count.c) and
    the GC's own profile (collections, GC time). Output must be identical."""
    shim = os.path.join(d, "d_count.o")
    must(["cc", "-O2", "-c", os.path.join(HERE, "d_count.c"), "-o", shim], "cc d_count.c")
    wrap = "-Wl,--wrap=_d_allocclass,--wrap=_d_newitemT,--wrap=_d_newarrayT,--wrap=_d_newarrayU,--wrap=_d_allocmemory"
    out = {}
    for v, src, passes in (("off", lls["off"], "default<O2>"), ("on", lls["on"], "default<O2>"),
                           ("esc", lls["off"], "escapade-heap2stack,default<O2>")):
        bc = os.path.join(d, v + ".bc")
        must(["opt-14", "-load=" + plugin, "-load-pass-plugin=" + plugin, "-passes=" + passes, "-escapade-runtime=d",
              "-escapade-max-size=" + a.max_size, src, "-o", bc], "opt " + v)
        obj = os.path.join(d, v + ".o")
        must(["llc-14", "-O3", "-filetype=obj", "-relocation-model=pic", bc, "-o", obj], "llc " + v)
        exe = os.path.join(d, v)
        must(["ldc2", obj, shim, "-L" + wrap, "-of=" + exe], "link " + v)
        stats = os.path.join(d, v + ".gcstats")
        best, best_cpu, text, prof = None, None, None, ""
        for _ in range(3):
            t0 = time.perf_counter()
            u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            r = subprocess.run([exe, "--DRT-gcopt=profile:1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, ESCAPADE_GC_STATS=stats))
            dt = time.perf_counter() - t0
            u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime)
            best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
            if r.returncode != 0:
                raise RuntimeError(f"{v} failed: {r.stderr[-500:]}")
            program_out = r.stdout.split("\tNumber of collections")[0]
            text = program_out if text is None else text
            best = dt if best is None else min(best, dt)
            prof = r.stdout[len(program_out):]
        with open(stats) as f:
            counts = {k: int(x) for k, x in (w.split("=") for w in f.read().split())}
        m = re.search(r"Number of collections:\s+(\d+)", prof)
        g = re.search(r"Grand total GC time:\s+(\d+)", prof)
        out[v] = {"time": best, "cpu": best_cpu, "allocations": sum(counts.values()), "counts": counts,
                  "collections": int(m.group(1)) if m else None, "gc_ms": int(g.group(1)) if g else None, "stdout": text}
    same = out["off"]["stdout"] == out["on"]["stdout"] == out["esc"]["stdout"]
    for v in out:
        del out[v]["stdout"]
    out["same_output"] = same
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", default="")
    ap.add_argument("--max-size", default="1024")
    a = ap.parse_args()
    plugin = os.path.abspath(a.plugin)
    os.makedirs(a.out, exist_ok=True)
    rows = []
    for name, (path, flags) in INPUTS.items():
        if a.only and name not in a.only.split(","):
            continue
        d = os.path.join(os.path.abspath(a.out), name)
        os.makedirs(d, exist_ok=True)
        row = {"input": name}
        try:
            lls = {}
            for v, extra in (("off", ["--disable-gc2stack"]), ("on", [])):
                ll = os.path.join(d, v + ".ll")
                if not os.path.exists(ll):
                    t0 = time.perf_counter()
                    must(["ldc2", "-O2", "-g", "--output-ll"] + extra + flags + [path, "-of=" + ll], "ldc2 " + v, cwd=d)
                    row["ldc_" + v + "_s"] = time.perf_counter() - t0
                lls[v] = ll
            base = ["opt-14", "-load=" + plugin, "-load-pass-plugin=" + plugin, "-passes=escapade-heap2stack",
                    "-escapade-runtime=d", "-escapade-max-size=" + a.max_size, "-escapade-stats",
                    "-pass-remarks=escapade", "-pass-remarks-missed=escapade"]
            t0 = time.perf_counter()
            r = must(base + [lls["off"], "-o", os.devnull], "escapade on off")
            row["escapade_s"] = time.perf_counter() - t0
            moved, stayed = sites(r.stderr)
            off = moved + stayed
            m = re.search(r"(\d+) instructions analysed in ([\d.]+) ms(?: \(([\d.]+) ms CPU\))?", r.stderr)
            if m:
                row["instructions"], row["analysis_ms"] = int(m.group(1)), float(m.group(2))
                if m.group(3):
                    row["analysis_cpu_ms"] = float(m.group(3))
            r = must(base + ["-escapade-report-only", lls["on"], "-o", os.devnull], "escapade report on on")
            m2, s2 = sites(r.stderr)
            on = m2 + s2
            by_ldc = collections.Counter({k: off[k] - on.get(k, 0) for k in off if off[k] > on.get(k, 0)})
            both = collections.Counter({k: min(by_ldc[k], moved[k]) for k in by_ldc if moved.get(k)})
            row.update({"sites": sum(off.values()), "left_by_ldc": sum(on.values()), "removed_by_ldc": sum(by_ldc.values()),
                        "removed_by_escapade": sum(moved.values()), "by_both": sum(both.values()),
                        "ldc_only": sorted(f"{k[0]}:{k[1]}:{k[2]} {k[3]}" for k in by_ldc if by_ldc[k] > moved.get(k, 0)),
                        "escapade_only": sorted(f"{k[0]}:{k[1]}:{k[2]} {k[3]}" for k in moved if moved[k] > by_ldc.get(k, 0))})
            # sites only `on` has (GC2Stack's pipeline inlined differently): reported, not matched
            row["unmatched_in_on"] = sum(max(0, on[k] - off.get(k, 0)) for k in on)
            if "-c" not in flags:
                row["runs"] = run_variants(a, plugin, d, lls)
        except Exception as e:  # one input's failure is a row
            row["error"] = str(e)[-2000:]
        rows.append(row)
        print(json.dumps(row), flush=True)
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(rows, f, indent=1)
    print("| input | GC sites | removed by GC2Stack | removed by escapade | by both | instructions | analysis ms (CPU) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        if "error" in r:
            print(f"| {r['input']} | error: {r['error'].splitlines()[0][:80]} |")
            continue
        print(f"| {r['input']} | {r['sites']} | {r['removed_by_ldc']} | {r['removed_by_escapade']} | {r['by_both']} | "
              f"{r.get('instructions', '-'):,} | {r.get('analysis_ms', '-')} ({r.get('analysis_cpu_ms', '-')}) |")
    runs = [r for r in rows if "runs" in r]
    if runs:
        print()
        print("| program | allocations off / GC2Stack / escapade | collections | GC ms | time (s) | CPU (s) | same output |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for r in runs:
            x = r["runs"]
            print(f"| {r['input']} | {x['off']['allocations']:,} / {x['on']['allocations']:,} / {x['esc']['allocations']:,} | "
                  f"{x['off']['collections']} / {x['on']['collections']} / {x['esc']['collections']} | "
                  f"{x['off']['gc_ms']} / {x['on']['gc_ms']} / {x['esc']['gc_ms']} | "
                  f"{x['off']['time']:.3f} / {x['on']['time']:.3f} / {x['esc']['time']:.3f} | "
                  f"{x['off']['cpu']:.3f} / {x['on']['cpu']:.3f} / {x['esc']['cpu']:.3f} | {'yes' if x['same_output'] else 'NO'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
