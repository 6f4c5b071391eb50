#!/usr/bin/env python3
"""tests/reports/check_dot.py - `escapade --format=dot` drawn by Graphviz says what the flows are.

    check_dot.py --escapade BIN [--dot dot] [--svg-dir DIR]

Runs `escapade --format=dot` on small programs whose flows are reasoned below, renders each graph
with `dot -Tsvg` (Debian graphviz) and reads the SVG back (nodes, clusters, edges, colours):

  - two(): x's address reaches the global g through p and through q (a store into a global is a
    flow to the heap). The graph of two has exactly the nodes x, p, q (in a cluster "two") and
    {heap}; the edges x -&-> p, x -&-> q, p -=-> {heap}, q -=-> {heap}; x is a heap site; exactly
    one chain, from x to {heap} through p or q, is highlighted (x's first explanation path);
  - the article's NotOk (examples/seed/05_notok_closed.ir): under gc, x's address flows to b
    (b := x[:]) and b to the heap (c.Read(b) is a dynamic call): a highlighted chain from x to
    {heap}, x a heap site; under dispatch=context in the closed world nothing of x is highlighted
    and x is a stack site;
  - the article's g/f1 (examples/seed/04_iface.ir): under gc, s1 reaches the heap (f1's summary
    leaks its argument): highlighted chain from s1 to {heap}; under context s1 is a stack site;
  - the output is the same bytes on a second run.
With --svg-dir, writes the four SVGs of the article's programs there (docs/images/dot-*.svg).
Exit status 0 when everything holds, 1 otherwise.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SVG = "{http://www.w3.org/2000/svg}"
RED = "#cc0000"

TWO = """module paths
var g *int
func two() {
    var x int
    p := &x
    q := &x
    if {
        g = p
    } else {
        g = q
    }
}
func other() {
    var y int
    r := &y
    _ = r
}
"""


def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    if p.returncode != 0:
        raise SystemExit(f"check_dot.py: {' '.join(cmd)} failed ({p.returncode}): {p.stderr.decode('utf-8', 'replace')}")
    return p.stdout


class Graph:
    """What the SVG shows: nodes (id -> label lines, filled colour, cluster), edges (src, dst, label, red?)."""

    def __init__(self, svg):
        root = ET.fromstring(svg)
        self.nodes, self.edges, self.clusters = {}, [], {}
        for g in root.iter(SVG + "g"):
            cls = g.get("class")
            title = g.findtext(SVG + "title")
            texts = [t.text or "" for t in g.iter(SVG + "text")]
            if cls == "cluster":
                self.clusters[title] = texts
            elif cls == "node":
                shapes = [e for e in g if e.tag in (SVG + "polygon", SVG + "ellipse")]
                fill = shapes[0].get("fill") if shapes else None
                self.nodes[title] = {"label": texts, "fill": fill}
            elif cls == "edge":
                src, dst = title.split("->")
                path = next(g.iter(SVG + "path"), None)  # inside the tooltip's <a>
                self.edges.append({"src": src, "dst": dst, "label": "".join(texts), "red": path is not None and path.get("stroke") == RED})

    def named(self, name):
        ids = [i for i, n in self.nodes.items() if n["label"] and n["label"][0] == name]
        return ids

    def red_chain(self, start, end):
        """Is there a chain of highlighted edges from start to end?"""
        seen, todo = {start}, [start]
        while todo:
            n = todo.pop()
            if n == end:
                return True
            for e in self.edges:
                if e["red"] and e["src"] == n and e["dst"] not in seen:
                    seen.add(e["dst"])
                    todo.append(e["dst"])
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--escapade", required=True)
    ap.add_argument("--dot", default="dot")
    ap.add_argument("--svg-dir")
    a = ap.parse_args()
    failures = []

    def check(cond, msg):
        if not cond:
            failures.append(msg)
            print("FAIL:", msg)

    def graph(args):
        out = run([a.escapade, "--format=dot"] + args)
        again = run([a.escapade, "--format=dot"] + args)
        check(out == again, f"{args}: the output differs between two runs")
        return out, Graph(run([a.dot, "-Tsvg"], stdin=out))

    with tempfile.TemporaryDirectory() as tmp:
        prog = os.path.join(tmp, "two.ir")
        with open(prog, "w", encoding="utf-8") as f:
            f.write(TWO)
        _, g = graph(["--dot-function=two", prog])
        names = sorted(n["label"][0] for n in g.nodes.values())
        check(names == ["p", "q", "x", "{heap}"], f"two: nodes {names}, expected p, q, x, {{heap}}")
        check(list(g.clusters.values()) == [["two"]], f"two: clusters {list(g.clusters.values())}, expected one, two")
        ids = {n["label"][0]: i for i, n in g.nodes.items()}
        if len(ids) == 4:
            x, p, q, heap = ids["x"], ids["p"], ids["q"], ids["{heap}"]
            want = sorted([(x, p, "&"), (x, q, "&"), (p, heap, "="), (q, heap, "=")])
            got = sorted((e["src"], e["dst"], e["label"]) for e in g.edges)
            check(got == want, f"two: edges {got}, expected {want}")
            check(g.nodes[x]["label"][1:] == ["variable: heap"], f"two: x is labelled {g.nodes[x]['label']}")
            red = sorted((e["src"], e["dst"]) for e in g.edges if e["red"])
            check(red in (sorted([(x, p), (p, heap)]), sorted([(x, q), (q, heap)])), f"two: highlighted edges {red}")

    seeds = [("notok-gc", "05_notok_closed.ir", "NotOk", "x", ["--model=gc", "--dispatch=conservative"], True),
             ("notok-context", "05_notok_closed.ir", "NotOk", "x", ["--dispatch=context", "--world=closed"], False),
             ("iface-gc", "04_iface.ir", "g", "s1", ["--model=gc", "--dispatch=conservative"], True),
             ("iface-context", "04_iface.ir", "g", "s1", ["--dispatch=context", "--world=closed"], False)]
    for name, file, fn, var, opts, heap in seeds:
        extra = ["--dot-function=f1"] if fn == "g" else []
        out, g = graph(opts + [f"--dot-function={fn}"] + extra + [os.path.join("examples/seed", file)])
        where = f"{name} ({file} {' '.join(opts)})"
        xs = g.named(var)
        check(len(xs) == 1, f"{where}: {len(xs)} nodes named {var}")
        if len(xs) != 1:
            continue
        label = g.nodes[xs[0]]["label"]
        check(label[-1].endswith(": heap" if heap else ": stack"), f"{where}: {var} is labelled {label}")
        heaps = g.named("{heap}")
        chain = bool(heaps) and g.red_chain(xs[0], heaps[0])
        check(chain == heap, f"{where}: a highlighted chain from {var} to the heap: {chain}, expected {heap}")
        check(any(c and c[0] == fn for c in g.clusters.values()), f"{where}: no cluster {fn}")
        if a.svg_dir:
            with open(os.path.join(a.svg_dir, f"dot-{name}.svg"), "wb") as f:
                f.write(run([a.dot, "-Tsvg"], stdin=out))
    print(f"check_dot: 5 graphs, {'all as reasoned' if not failures else str(len(failures)) + ' failures'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
