#!/usr/bin/env python3
"""tests/reports/check_go.py - escapade-go's JSON and SARIF outputs validate and say what its -m lines say.

    check_go.py --escapade-go BIN --schema docs/report.schema.json --sarif-schema sarif-2.1.0-rtm.5.json
                [--arg=OPTION]... GO-PACKAGE-OR-FILES...

For gc/conservative, gc/context and precise/context, each at -m and -m=2, runs escapade-go on the
package with --format=json (and --ir=FILE) and with its default gc format, validates the JSON
against the report schema, and rebuilds from the JSON alone every line the gc format printed:
"moved to heap: x", "&T{...} escapes to heap", "new(int) does not escape", "leaking param: p",
"leaking param content: p", "leaking param: p to result ~r0 level=0", "p does not escape",
"F ignoring self-assignment in S", gc's devirtualization messages, and under -m=2 the flow lines
and notes; the lowerer's own gc messages (";gc-message" lines of the IR) complete the set. The two
must be equal as multisets (after, for a whole-program module, the printer's join of sites that share a position and text). The SARIF log (gc/context) must validate against the SARIF 2.1.0 schema
and carry one result per reported heap site of the JSON. Exit status 0 when all holds, else 1.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    sys.exit("check_go.py: the Python module jsonschema is missing (Debian: python3-jsonschema; tools/install-deps installs it)")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_sarif  # noqa: E402  (check_log: SARIF results against a JSON report)
from check_json import check_paths  # noqa: E402  (explanation paths: chains that render the explanation)

MODES = [("gc", "conservative"), ("gc", "context"), ("precise", "context")]



def join_instance_sites(lines):
    """The rule escapade-go's gc printer applies to a whole-program module (join_instance_sites in
    examples/go/escapade-go.cpp): one site gets one line however many sites of the JSON share its
    position and text (a generic body lowered per instantiation, a function literal of a
    package-level variable lowered twice), and "X does not escape" goes where "X escapes to heap"
    is printed at the same position. Explanation lines (-m=2, leading space) and gc's "ignoring
    self-assignment" notes stay as they are."""
    def note(l):  # "file:line:col:   flow: ..." (an explanation line) or a gc note
        at = l.find(": ")
        return at < 0 or l[at + 2:].startswith(" ") or " ignoring self-assignment in " in l
    heap_at = {l[:-len(" escapes to heap")] for l in lines if l.endswith(" escapes to heap") and not note(l)}
    seen, out = set(), []
    for l in lines:
        if note(l):
            out.append(l)
            continue
        if l.endswith(" does not escape") and l[:-len(" does not escape")] in heap_at:
            continue
        if l in seen:
            continue
        seen.add(l)
        out.append(l)
    return out

def pos(x):
    return f"{x['file']}:{x['line']}:{x['column']}: "


def gc_lines_from_json(doc, explain):
    """What escapade-go's gc format prints (escapade/report.hpp, report_format::gc), from the JSON."""
    lines = []
    for prog in doc["programs"]:
        for s in prog["sites"]:
            if not s["reported"] or (s["kind"] == "variable" and s["verdict"] == "stack"):
                continue
            if s["kind"] == "variable":
                lines.append(pos(s) + "moved to heap: " + s["name"])
            else:
                lines.append(pos(s) + s["name"] + (" escapes to heap" if s["verdict"] == "heap" else " does not escape"))
            if explain:
                lines.extend(pos(s) + e for e in s.get("explanation", []))
        for p in prog["parameters"]:
            if not (p["named"] and p["has_pointers"] and p["reported"]) or p["moved_to_heap"]:
                continue
            if "heap" not in p and not p["results"]:
                lines.append(pos(p) + p["name"] + " does not escape")
                continue
            if "heap" in p:
                lines.append(pos(p) + ("leaking param: " if p["heap"] == 0 else "leaking param content: ") + p["name"])
            for r in p["results"]:
                lines.append(pos(p) + f"leaking param: {p['name']} to result {r['name']} level={r['level']}")
        for n in prog["notes"]:
            if n["kind"] == "self_assignment":
                lines.append(pos(n) + f"{n['function']} ignoring self-assignment in {n['text']}")
            elif n["kind"] == "gc_devirtualization":
                lines.append(pos(n) + n["text"])
            elif explain:
                lines.append(pos(n) + f"{n['function']}: note: {n['text']}")
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--escapade-go", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--sarif-schema", required=True)
    ap.add_argument("--arg", action="append", default=[], help="one more escapade-go option (e.g. --arg=--deps=gc)")
    ap.add_argument("inputs", nargs="+")
    a = ap.parse_args()
    with open(a.schema, encoding="utf-8") as f:
        validator = jsonschema.Draft7Validator(json.load(f))
    with open(a.sarif_schema, encoding="utf-8") as f:
        sarif_validator = jsonschema.Draft4Validator(json.load(f))
    failures = []

    def fail(msg):
        failures.append(msg)
        print("FAIL:", msg)

    lines_checked = results = 0
    with tempfile.TemporaryDirectory() as tmp:
        ir = os.path.join(tmp, "lowered.ir")
        for model, dispatch in MODES:
            for level in ("-m", "-m=2"):
                opts = [f"--model={model}", f"--dispatch={dispatch}", level] + a.arg
                where = " ".join(opts)
                pj = subprocess.run([a.escapade_go, "--format=json", "--ir=" + ir] + opts + a.inputs, stdout=subprocess.PIPE,
                                    cwd=check_sarif.REPO)
                pg = subprocess.run([a.escapade_go] + opts + a.inputs, stdout=subprocess.PIPE, cwd=check_sarif.REPO)
                if pj.returncode != 0 or pg.returncode != 0:
                    fail(f"{where}: escapade-go exited {pj.returncode} (json), {pg.returncode} (gc)")
                    continue
                doc = json.loads(pj.stdout)
                errors = list(validator.iter_errors(doc))
                for e in errors[:10]:
                    fail(f"{where}: schema: {'/'.join(map(str, e.absolute_path))}: {e.message}")
                if errors:
                    continue
                # (string constants of a whole program may hold any bytes; the directives read here are text)
                with open(ir, encoding="utf-8", errors="surrogateescape") as f:
                    ir_lines = f.read().splitlines()
                gc_messages = [l[len(";gc-message "):] for l in ir_lines if l.startswith(";gc-message ")]
                # a whole-program module (escapade-go's default) prints the files it names in
                # ";escapade-print" directives only
                printed = {json.loads(l[len(";escapade-print "):]) for l in ir_lines if l.startswith(";escapade-print ")}
                if printed:
                    gc_messages = [m for m in gc_messages if m.split(":", 1)[0] in printed]
                for prog in doc["programs"]:
                    for s in prog["sites"]:
                        if s["verdict"] == "heap":
                            check_paths(s, where, fail)
                got_lines = gc_lines_from_json(doc, level == "-m=2") + gc_messages
                if printed:
                    got_lines = join_instance_sites(got_lines)
                got = collections.Counter(got_lines)
                want = collections.Counter(pg.stdout.decode("utf-8").splitlines())
                for line in sorted((want - got).elements())[:10]:
                    fail(f"{where}: escapade-go prints, the JSON does not say: {line}")
                for line in sorted((got - want).elements())[:10]:
                    fail(f"{where}: the JSON says, escapade-go does not print: {line}")
                lines_checked += sum(want.values())
                if level == "-m=2" and (model, dispatch) == ("gc", "context"):
                    ps = subprocess.run([a.escapade_go, "--format=sarif", "--sarif-root=."] + opts + a.inputs, stdout=subprocess.PIPE,
                                        cwd=check_sarif.REPO)
                    log = json.loads(ps.stdout)
                    serrors = list(sarif_validator.iter_errors(log))
                    for e in serrors[:10]:
                        fail(f"{where}: SARIF schema: {'/'.join(map(str, e.absolute_path))}: {e.message}")
                    if not serrors:
                        results += check_sarif.check_log(log, doc, where + " sarif", fail)
    print(f"check_go: {len(MODES) * 2} runs, {lines_checked} -m lines rebuilt from the JSON, {results} SARIF results: "
          f"{'all valid and equal' if not failures else str(len(failures)) + ' failures'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
