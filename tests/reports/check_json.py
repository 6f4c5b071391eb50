#!/usr/bin/env python3
"""tests/reports/check_json.py - every JSON report of a corpus validates and says what the text report says.

    check_json.py --escapade BIN --schema docs/report.schema.json FILE.ir...

For each (model, dispatch) pair (open world; closed world too for closed and context dispatch) with
--explain, and once without, runs `escapade --format=json` on all the
files at once, validates the document against the schema (Debian's python3-jsonschema), checks the
invariants the schema cannot express (totals, unique ids, capture references), and rebuilds from the
JSON alone every line `escapade --format=text` prints for the same files (sites with reasons,
callees and explanation lines, parameter summaries with conditions, notes): the two must be equal
as multisets. Explanation paths (version 2): the first path of every heap site, rendered in gc's
words, must be the start of its explanation lines; each path must be a chain from the site (each
step's `to` the next step's `from`) along which the site's address reaches the last location (the
walk's transfer: an address stored stops being one); stack sites carry their scope. Version 3: a
loop scope names its statement, whose position in the source must be a `for` (loop), a `for ...
range` (range) or a label (a looping label) at or before the site's line, and a function scope the
site's function, at its name; handles (the generic IR's node ids) are unique per kind among the
sites, each path step's from_handle is the site's handle or the previous step's to_handle, and
every variable, parameter, result or allocation location of a step has one. One more run
asks for up to 3 paths per site (--explain-paths=3) and checks every path the same way, distinct
from the site's others. Files the reader rejects (tests/ir/bad) make both runs fail alike and appear in
neither output. Exit status 0 when everything holds, 1 otherwise (each failure is printed).
"""
import argparse
import collections
import json
import re
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("check_json.py: the Python module jsonschema is missing (Debian: python3-jsonschema; tools/install-deps installs it)")

# (model, dispatch, world): every pair in the open world, and the closed world where it matters
MODES = [(m, d, "open") for m in ("gc", "precise") for d in ("conservative", "closed", "context")] + \
        [(m, d, "closed") for m, d in (("gc", "closed"), ("gc", "context"), ("precise", "context"))]


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def pos(x):
    return f"{x['file']}:{x['line']}:{x['column']}: "


def param_text(p):
    """The text format's parameter line (escapade/report.hpp), from the JSON parameter."""
    s = pos(p) + f"{p['function']}: {p['name']}: param "
    heap = p.get("heap")
    if heap is None and not p["results"]:
        s += "does not escape"
    else:
        first = True
        if heap is not None:
            s += "leaks to heap" if heap == 0 else f"content leaks to heap (level {heap})"
            first = False
        for r in p["results"]:
            s += ("leaks to result " if first else "; to result ") + f"{r['name']} (level {r['level']})"
            first = False
    for c in p.get("conditions", []):
        s += "; leaks if " + c["subject"]
        if "method" in c:
            s += "." + c["method"]
        s += " keeps its receiver" if c.get("receiver") else f" keeps argument {c['argument']}"
        if not c["exact"]:
            s += " (through an address)"
        elif c["level"] > 0:
            s += f" (level {c['level']})"
    return s


def text_lines_from_json(doc, explain):
    lines = []
    for prog in doc["programs"]:
        for s in prog["sites"]:
            line = pos(s) + f"{s['function']}: {s['name']}: {s['verdict']}"
            if s["verdict"] == "heap":
                line += " (" + s["reason_text"]
                if "callee" in s:
                    line += " " + s["callee"]
                if "via" in s:
                    line += ", via " + s["via"]
                line += ")"
            lines.append(line)
            lines.extend(pos(s) + e for e in s.get("explanation", []))
        for p in prog["parameters"]:
            if p["named"] and p["has_pointers"] and p["reported"]:
                lines.append(param_text(p))
        for n in prog["notes"] if explain else []:  # the text format prints notes with --explain only
            if n["kind"] == "self_assignment":
                lines.append(pos(n) + f"{n['function']}: note: ignoring self-assignment in {n['text']}")
            else:
                lines.append(pos(n) + f"{n['function']}: note: {n['text']}")
    return lines


def render_path(path):
    """The explanation lines of a path, as the engine renders them (gc's -m=2 words)."""
    lines = []
    for st in path["steps"]:
        amp = "&" if st["derefs"] < 0 else "*" * min(st["derefs"], 16)
        lines.append(f"  flow: {st['to']} = {amp}{st['from']}:")
        for n in st["notes"]:
            lines.append(f"    from {n['text']} ({n['why']}) at {n['file']}:{n['line']}:{n['column']}")
    if path["truncated"]:
        lines.append("  warning: truncated explanation due to assignment cycle")
    return lines


def check_paths(site, where, fail):
    """A heap site's paths: the text explanation starts with the first one's lines; each path is a
    chain from the site along which its address reaches the last location. Returns the path count."""
    paths = site.get("paths", [])
    name = f"{where}: {site['file']}:{site['line']}:{site['column']} {site['name']}"
    if not paths:
        return 0
    lines = site.get("explanation", [])
    first = render_path(paths[0])
    if lines[:len(first)] != first:
        fail(f"{name}: the first path renders {first[:3]}..., the explanation says {lines[:3]}...")
    for extra in lines[len(first):]:
        if extra.startswith("  flow:") or extra.startswith("    from"):
            fail(f"{name}: explanation line '{extra}' is in no step of the first path")
    want_from = site["name"] if site["kind"] == "variable" else "{storage for " + site["name"] + "}"
    want_kinds = ("variable", "parameter", "result") if site["kind"] == "variable" else ("allocation",)
    seen = set()
    for i, p in enumerate(paths):
        steps = p["steps"]
        key = json.dumps(steps, sort_keys=True)
        if key in seen:
            fail(f"{name}: path {i} repeats another")
        seen.add(key)
        if not steps:
            if not p["truncated"]:
                fail(f"{name}: path {i} has no step and is not truncated")
            continue
        if steps[0]["from"] != want_from or steps[0]["from_kind"] not in want_kinds:
            fail(f"{name}: path {i} starts at {steps[0]['from']} ({steps[0]['from_kind']}), not at the site")
        for a, b in zip(steps, steps[1:]):
            if (a["to"], a["to_kind"]) != (b["from"], b["from_kind"]):
                fail(f"{name}: path {i}: step to {a['to']} is followed by a step from {b['from']}")
        if not p["truncated"]:
            d = 0  # the walk's value from the last location back to the site
            for st in reversed(steps):
                d = max(d, 0) + st["derefs"]
            if d >= 0:
                fail(f"{name}: path {i}: the site's address does not reach {steps[-1]['to']} (value {d})")
    return len(paths)


SOURCES = {}


def source_line(file, line):
    if file not in SOURCES:
        try:
            with open(file, encoding="utf-8") as f:
                SOURCES[file] = f.read().splitlines()
        except OSError:
            SOURCES[file] = []
    lines = SOURCES[file]
    return lines[line - 1] if 0 < line <= len(lines) else None


def check_scope(s, name, fail):
    """A stack site's scope (version 3): the loop statement or the function, where the source says."""
    sc = s["scope"]
    what = f"{name}: {s['file']}:{s['line']}:{s['column']} {s['name']}: scope {sc}"
    if sc["kind"] == "loop":
        if "statement" not in sc:
            fail(f"{what}: the loop's statement is missing")
            return
        text = source_line(sc["file"], sc["line"])
        at = text[sc["column"] - 1:] if text is not None else ""
        ok = {"loop": at.startswith("for") and " range " not in at,
              "range": at.startswith("for") and " range " in at,
              "label": re.match(r"[A-Za-z_]\w*:", at) is not None}[sc["statement"]]
        if not ok or sc["file"] != s["file"] or sc["line"] > s["line"] or (sc["line"] == s["line"] and sc["column"] > s["column"]):
            fail(f"{what}: the source there is '{at.strip()}'")
    else:
        text = source_line(sc["file"], sc["line"])
        short = re.sub(r"^\(\*?[\w.]+\)\.", "", s["function"]).split(".")[-1]
        if sc["function"] != s["function"] or text is None or not text[sc["column"] - 1:].startswith(short):
            fail(f"{what}: not the site's function {s['function']} at its name")


def invariants(doc, where, fail):
    for prog in doc["programs"]:
        name = f"{where} {prog.get('program', '?')}"
        sites = prog["sites"]
        t = prog["totals"]
        heap = sum(1 for s in sites if s["verdict"] == "heap")
        if (t["sites"], t["heap"], t["stack"], t["parameters"]) != (len(sites), heap, len(sites) - heap, len(prog["parameters"])):
            fail(f"{name}: totals {t} do not match the lists")
        ids = [s["id"] for s in sites]
        if len(set(ids)) != len(ids):
            fail(f"{name}: duplicate site ids")
        handles = [(s["kind"], s.get("handle")) for s in sites]
        if any(h is None for _, h in handles) or len(set(handles)) != len(handles):
            fail(f"{name}: site handles missing or repeated")
        node_kinds = ("variable", "parameter", "result", "allocation")
        for s in sites:
            if s["verdict"] == "heap":
                check_paths(s, name, fail)
                for i, p in enumerate(s.get("paths", [])):
                    prev = s.get("handle")
                    for st in p["steps"]:
                        for end in ("from", "to"):
                            if (st[end + "_kind"] in node_kinds) != (end + "_handle" in st):
                                fail(f"{name}: {s['name']}: path {i}: a {st[end + '_kind']} location with{'out' if end + '_handle' not in st else ''} {end}_handle")
                        if st.get("from_handle") != prev:
                            fail(f"{name}: {s['name']}: path {i}: step from {st['from']} has handle {st.get('from_handle')}, the chain says {prev}")
                        prev = st.get("to_handle")
                        if any("handle" not in n for n in st["notes"]):
                            fail(f"{name}: {s['name']}: path {i}: a note without handle")
            else:
                check_scope(s, name, fail)
                if s.get("explanation") and any(l.startswith("  flow:") for l in s["explanation"]):
                    fail(f"{name}: stack site {s['name']} has a flow path")
        by_id = {s["id"]: s for s in sites}
        for c in prog["captures"]:
            if c["closure"] is not None and by_id.get(c["closure"], {}).get("expression_kind") != "closure":
                fail(f"{name}: capture of {c['variable']} refers to site {c['closure']}, which is not a closure")


def self_test(doc, want, validator, explain, fail):
    """The checks above must catch planted faults: each mutation of a good document must fail."""
    def first(pred):
        for prog in doc["programs"]:
            for s in prog["sites"]:
                if pred(s):
                    return s
        return None

    def caught(mutate):
        d = json.loads(json.dumps(doc))
        mutate(d)
        if any(True for _ in validator.iter_errors(d)):
            return True
        found = []
        invariants(d, "self-test", found.append)
        return bool(found) or collections.Counter(text_lines_from_json(d, explain)) != want

    def site_of(d, pred):
        for prog in d["programs"]:
            for s in prog["sites"]:
                if pred(s):
                    return s

    heap = lambda s: s["verdict"] == "heap" and s.get("explanation")
    long_path = lambda s: s["verdict"] == "heap" and len(s.get("paths", [{}])[0].get("steps", [])) >= 2
    in_loop = lambda s: s["verdict"] == "stack" and s["scope"]["kind"] == "loop"
    in_frame = lambda s: s["verdict"] == "stack" and s["scope"]["kind"] == "function"

    def set_step(d, key, value):
        site_of(d, long_path)["paths"][0]["steps"][1][key] = value
    cond = lambda d: next(p for prog in d["programs"] for p in prog["parameters"] if p.get("conditions"))

    def same_handle(d):
        prog = next(p for p in d["programs"] if sum(s["kind"] == "variable" for s in p["sites"]) >= 2)
        a, b = [s for s in prog["sites"] if s["kind"] == "variable"][:2]
        b["handle"] = a["handle"]
    mutations = {
        "version 2": lambda d: d.__setitem__("version", 2),
        "a loop scope one line down": lambda d: site_of(d, in_loop)["scope"].__setitem__("line", site_of(d, in_loop)["scope"]["line"] + 1),
        "a loop scope without its statement": lambda d: site_of(d, in_loop)["scope"].pop("statement"),
        "a function scope one column right": lambda d: site_of(d, in_frame)["scope"].__setitem__("column", site_of(d, in_frame)["scope"]["column"] + 1),
        "a step's handle changed": lambda d: set_step(d, "from_handle", site_of(d, long_path)["paths"][0]["steps"][1].get("from_handle", 0) + 1),
        "two sites with one handle": same_handle,
        "a path step lost": lambda d: site_of(d, long_path)["paths"][0]["steps"].pop(0),
        "a step's derefs changed": lambda d: set_step(d, "derefs", site_of(d, long_path)["paths"][0]["steps"][1]["derefs"] + 1),
        "a step from another location": lambda d: set_step(d, "from", "elsewhere"),
        "a stack site without scope": lambda d: site_of(d, lambda s: s["verdict"] == "stack").pop("scope"),
        "a heap site without its reason": lambda d: site_of(d, heap).pop("reason"),
        "a heap site called stack": lambda d: site_of(d, heap).__setitem__("verdict", "stack"),
        "an explanation line lost": lambda d: site_of(d, heap)["explanation"].pop(),
        "a site moved by one column": lambda d: site_of(d, heap).__setitem__("column", site_of(d, heap)["column"] + 1),
        "a condition's receiver flag lost": lambda d: cond(d)["conditions"][0].pop("receiver", None) or cond(d)["conditions"][0].pop("argument"),
        "an unknown member": lambda d: site_of(d, heap).__setitem__("colour", "red"),
    }
    if first(heap) is None or first(long_path) is None or first(in_loop) is None or first(in_frame) is None:
        fail("self-test: the corpus has no heap site with an explanation path of two steps, or no stack site in a loop or in a frame")
        return
    missed = [name for name, mutate in mutations.items() if not caught(mutate)]
    for name in missed:
        fail(f"self-test: planted fault not caught: {name}")
    print(f"check_json: self-test: {len(mutations) - len(missed)} of {len(mutations)} planted faults caught")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--escapade", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    with open(a.schema, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    failures = []

    def fail(msg):
        failures.append(msg)
        print("FAIL:", msg)

    programs = sites = 0
    runs = [(m, d, w, True) for m, d, w in MODES] + [("gc", "conservative", "open", False), ("gc", "context", "open", 3)]
    more_paths = 0
    for model, dispatch, world, explain in runs:
        if True:
            opts = [f"--model={model}", f"--dispatch={dispatch}", f"--world={world}"] + (["--explain"] if explain else [])
            if explain is not True and explain:
                opts.append(f"--explain-paths={explain}")
            where = " ".join(opts)
            rc_j, out_j, err_j = run([a.escapade, "--format=json"] + opts + a.files)
            rc_t, out_t, err_t = run([a.escapade, "--format=text"] + opts + a.files)
            if rc_j != rc_t or err_j != err_t:
                fail(f"{where}: the JSON run (exit {rc_j}) and the text run (exit {rc_t}) disagree on errors")
            try:
                doc = json.loads(out_j)
            except ValueError as e:
                fail(f"{where}: not JSON: {e}")
                continue
            errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
            for e in errors[:10]:
                fail(f"{where}: schema: {'/'.join(map(str, e.absolute_path))}: {e.message}")
            if errors:
                continue
            invariants(doc, where, fail)
            got = collections.Counter(text_lines_from_json(doc, explain))
            want = collections.Counter(out_t.splitlines())
            for line in sorted((want - got).elements())[:10]:
                fail(f"{where}: the text report says, the JSON does not: {line}")
            for line in sorted((got - want).elements())[:10]:
                fail(f"{where}: the JSON says, the text report does not: {line}")
            if model == "gc" and dispatch == "context" and world == "open" and explain is True:
                self_test(doc, want, validator, explain, fail)
            if explain is not True and explain:
                more_paths = sum(len(s.get("paths", [])) > 1 for p in doc["programs"] for s in p["sites"])
                if more_paths == 0:
                    fail(f"{where}: no site has a second path")
            programs += len(doc["programs"])
            sites += sum(len(p["sites"]) for p in doc["programs"])
    print(f"check_json: {more_paths} sites with more than one path (--explain-paths=3)")
    print(f"check_json: {len(runs)} runs, {programs} program reports, {sites} sites: "
          f"{'all valid and equal to the text reports' if not failures else str(len(failures)) + ' failures'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
