#!/usr/bin/env python3
"""tests/reports/check_json.py - every JSON report of a corpus validates and says what the text report says.

    check_json.py --escapade BIN --schema docs/report.schema.json FILE.ir...

For each (model, dispatch) pair (open world; closed world too for closed and context dispatch) with
--explain, and once without, runs `escapade --format=json` on all the
files at once, validates the document against the schema (Debian's python3-jsonschema), checks the
invariants the schema cannot express (totals, unique ids, capture references), and rebuilds from the
JSON alone every line `escapade --format=text` prints for the same files (sites with reasons,
callees and explanation lines, parameter summaries with conditions, notes): the two must be equal
as multisets. Files the reader rejects (tests/ir/bad) make both runs fail alike and appear in
neither output. Exit status 0 when everything holds, 1 otherwise (each failure is printed).
"""
import argparse
import collections
import json
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
        return collections.Counter(text_lines_from_json(d, explain)) != want

    def site_of(d, pred):
        for prog in d["programs"]:
            for s in prog["sites"]:
                if pred(s):
                    return s

    heap = lambda s: s["verdict"] == "heap" and s.get("explanation")
    cond = lambda d: next(p for prog in d["programs"] for p in prog["parameters"] if p.get("conditions"))
    mutations = {
        "version 2": lambda d: d.__setitem__("version", 2),
        "a heap site without its reason": lambda d: site_of(d, heap).pop("reason"),
        "a heap site called stack": lambda d: site_of(d, heap).__setitem__("verdict", "stack"),
        "an explanation line lost": lambda d: site_of(d, heap)["explanation"].pop(),
        "a site moved by one column": lambda d: site_of(d, heap).__setitem__("column", site_of(d, heap)["column"] + 1),
        "a condition's receiver flag lost": lambda d: cond(d)["conditions"][0].pop("receiver", None) or cond(d)["conditions"][0].pop("argument"),
        "an unknown member": lambda d: site_of(d, heap).__setitem__("colour", "red"),
    }
    if first(heap) is None:
        fail("self-test: the corpus has no heap site with an explanation")
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
    runs = [(m, d, w, True) for m, d, w in MODES] + [("gc", "conservative", "open", False)]
    for model, dispatch, world, explain in runs:
        if True:
            opts = [f"--model={model}", f"--dispatch={dispatch}", f"--world={world}"] + (["--explain"] if explain else [])
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
            if model == "gc" and dispatch == "context" and world == "open" and explain:
                self_test(doc, want, validator, explain, fail)
            programs += len(doc["programs"])
            sites += sum(len(p["sites"]) for p in doc["programs"])
    print(f"check_json: {len(runs)} runs, {programs} program reports, {sites} sites: "
          f"{'all valid and equal to the text reports' if not failures else str(len(failures)) + ' failures'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
