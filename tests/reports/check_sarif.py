#!/usr/bin/env python3
"""tests/reports/check_sarif.py - every SARIF log of a corpus validates and carries every reported heap site.

    check_sarif.py --escapade BIN --schema sarif-2.1.0-rtm.5.json [--multitool PROG] FILE.ir...

For each (model, dispatch) pair (open world; closed world too for closed and context) runs `escapade --format=sarif --explain` on all the files at once
(from the directory of this repository's root, --sarif-root = that directory) and
  - validates the log against the SARIF 2.1.0 JSON schema (draft 4, Debian's python3-jsonschema);
  - checks it against the JSON report of the same run: one result per heap site with reported=true,
    at its position, of the rule of its reason (rule ids resolve through ruleIndex), with one
    thread flow per explanation path (JSON site.paths): a location per step at the step's position
    (the site's when it has none) saying "flow: TO = &FROM:", one per note at the note's node, and
    in the first thread flow then the site's remaining explanation lines (resolution notes), so its
    messages are the explanation lines one for one; without paths, one location per line;
  - checks that every artifact URI, resolved against SRCROOT, names an existing file;
  - checks the log against the limits GitHub code scanning sets on what it accepts (its "SARIF
    results exceed limit" page: at most 20 runs per file, 25,000 results and 25,000 rules per run,
    10,000 thread flow locations and 1,000 locations per result, 20 tags per rule) and on what it
    displays (5,000 results, 1,000 thread flow locations, 100 locations), and that every result
    and flow location has a physical location with a start line and column (what a viewer opens);
  - with --multitool, runs Microsoft's SARIF multitool `validate` on the log (its errors fail the
    test; its warnings and notes are printed).
A self-test plants faults in one log (a result without ruleId, a wrong rule, a lost flow step, a
column of 0) and requires each to be caught. Exit status 0 when everything holds, 1 otherwise.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_json import render_path  # noqa: E402  (the engine's rendering of a path, in gc's words)

try:
    import jsonschema
except ImportError:
    sys.exit("check_sarif.py: the Python module jsonschema is missing (Debian: python3-jsonschema; tools/install-deps installs it)")

MODES = [(m, d, "open") for m in ("gc", "precise") for d in ("conservative", "closed", "context")] + \
        [(m, d, "closed") for m, d in (("gc", "closed"), ("gc", "context"), ("precise", "context"))]
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def kebab(code):
    return code.replace("_", "-")


def resolve(run_, loc):
    """(absolute path, line, column) of a physicalLocation."""
    art = loc["artifactLocation"]
    uri = art["uri"]
    if "uriBaseId" in art:
        uri = run_["originalUriBaseIds"][art["uriBaseId"]]["uri"] + uri
    parsed = urllib.parse.urlparse(uri)
    path = urllib.parse.unquote(parsed.path)
    region = loc.get("region", {})
    return path, region.get("startLine", 0), region.get("startColumn", 0)


def step_position(text, site):
    """Where an explanation line says it is: '... at FILE:LINE:COL', else at the site."""
    at = text.rfind(" at ")
    if at >= 0:
        rest = text[at + 4:]
        parts = rest.rsplit(":", 2)
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            return os.path.normpath(os.path.join(REPO, parts[0])), int(parts[1]), int(parts[2])
    return os.path.normpath(os.path.join(REPO, site["file"])), site["line"], site["column"]


def viewer_limits(log, where, fail):
    """What a code-scanning view accepts and shows in full (GitHub's documented limits), and that
    every result and flow step can be opened at a line and column."""
    if len(log["runs"]) > 20:
        fail(f"{where}: {len(log['runs'])} runs in one file (at most 20)")
    for run_ in log["runs"]:
        rules = run_["tool"]["driver"].get("rules", [])
        if len(run_["results"]) > 5000 or len(rules) > 25000:
            fail(f"{where}: {len(run_['results'])} results, {len(rules)} rules in a run (shown in full: 5,000 results; at most 25,000 rules)")
        if any(len(r.get("properties", {}).get("tags", [])) > 10 for r in rules):
            fail(f"{where}: a rule has more than 10 tags")
        for res in run_["results"]:
            tfl = [t for f in res.get("codeFlows", []) for tf in f["threadFlows"] for t in tf["locations"]]
            if len(tfl) > 1000 or len(res["locations"]) > 100:
                fail(f"{where}: a result with {len(tfl)} thread flow locations and {len(res['locations'])} locations (shown in full: 1,000 and 100)")
            for loc in res["locations"] + [t["location"] for t in tfl]:
                region = loc.get("physicalLocation", {}).get("region", {})
                if region.get("startLine", 0) < 1 or region.get("startColumn", 0) < 1 or "artifactLocation" not in loc.get("physicalLocation", {}):
                    fail(f"{where}: a location a viewer cannot open: {json.dumps(loc)[:200]}")


def check_log(log, doc, where, fail):
    """log must say exactly what doc (the JSON report of the same run) says about heap sites."""
    viewer_limits(log, where, fail)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    expected = {}
    doc_options = {}
    for prog in doc["programs"]:
        doc_options[prog.get("program")] = prog["options"]
        for s in prog["sites"]:
            s["_program"] = prog.get("program")
            if s["verdict"] == "heap" and s["reported"]:
                key = (os.path.normpath(os.path.join(REPO, s["file"])), s["line"], s["column"], s["name"])
                expected.setdefault(key, []).append(s)
    seen = 0
    for res in run_["results"]:
        if "ruleId" not in res or rules[res["ruleIndex"]]["id"] != res["ruleId"]:
            fail(f"{where}: ruleIndex {res['ruleIndex']} is not rule {res.get('ruleId')}")
            continue
        path, line, col = resolve(run_, res["locations"][0]["physicalLocation"])
        key = (path, line, col, res["properties"]["site"])
        candidates = expected.get(key)
        if not candidates:
            fail(f"{where}: result {res['ruleId']} at {path}:{line}:{col} is no reported heap site")
            continue
        s = candidates.pop(0)
        seen += 1
        if res["ruleId"] != "heap/" + kebab(s["reason"]):
            fail(f"{where}: {s['name']} at {line}:{col}: rule {res['ruleId']}, reason {s['reason']}")
        opts = doc_options.get(s.get("_program"), {})
        for k in ("model", "dispatch", "world"):
            if res["properties"].get(k) != opts.get(k):
                fail(f"{where}: {s['name']} at {line}:{col}: property {k} is {res['properties'].get(k)}, the run's is {opts.get(k)}")
        if not os.path.isfile(path):
            fail(f"{where}: artifact {path} does not exist")
        flows = [tf["locations"] for f in res.get("codeFlows", []) for tf in f["threadFlows"]]
        lines = s.get("explanation", [])
        site_pos = (os.path.normpath(os.path.join(REPO, s["file"])), s["line"], s["column"])
        wanted = []  # per thread flow: (message, position) of each location
        paths = s.get("paths", [])
        for i, p in enumerate(paths):
            w = []
            for st in p["steps"]:
                w.append((render_path({"steps": [dict(st, notes=[])], "truncated": False})[0].lstrip(" "),
                          (os.path.normpath(os.path.join(REPO, st["file"])), st["line"], st["column"]) if "file" in st else site_pos))
                for n in st["notes"]:
                    w.append((f"from {n['text']} ({n['why']}) at {n['file']}:{n['line']}:{n['column']}",
                              (os.path.normpath(os.path.join(REPO, n["file"])), n["line"], n["column"])))
            if p["truncated"]:
                w.append(("warning: truncated explanation due to assignment cycle", site_pos))
            if i == 0:
                w += [(l.lstrip(" "), step_position(l.lstrip(" "), s)) for l in lines[len(render_path(p)):]]
            wanted.append(w)
        if not paths and lines:
            wanted.append([(l.lstrip(" "), step_position(l.lstrip(" "), s)) for l in lines])
        if wanted and [m for m, _ in wanted[0]] != [l.lstrip(" ") for l in lines]:
            fail(f"{where}: {s['name']} at {line}:{col}: the first thread flow is not the explanation")
        if len(flows) != len(wanted):
            fail(f"{where}: {s['name']} at {line}:{col}: {len(flows)} thread flows for {len(wanted)} paths")
            continue
        for locs, w in zip(flows, wanted):
            if len(locs) != len(w):
                fail(f"{where}: {s['name']} at {line}:{col}: {len(locs)} flow steps for {len(w)} explanation lines")
                continue
            for t, (text, position) in zip(locs, w):
                step = t["location"]
                if step["message"]["text"] != text:
                    fail(f"{where}: {s['name']}: flow step '{step['message']['text']}' is not '{text}'")
                if resolve(run_, step["physicalLocation"]) != position:
                    fail(f"{where}: {s['name']}: flow step '{text}' at {resolve(run_, step['physicalLocation'])}, not {position}")
    missing = sum(len(v) for v in expected.values())
    if missing:
        fail(f"{where}: {missing} reported heap sites have no result")
    return seen


def self_test(log, doc, validator, fail):
    def caught(mutate):
        bad = json.loads(json.dumps(log))
        mutate(bad["runs"][0]["results"][0])
        if any(True for _ in validator.iter_errors(bad)):
            return True
        found = []
        check_log(bad, doc, "self-test", found.append)
        return bool(found)

    def drop_step(r):
        r["codeFlows"][0]["threadFlows"][0]["locations"].pop()

    def move_step(r):
        region = r["codeFlows"][0]["threadFlows"][0]["locations"][0]["location"]["physicalLocation"]["region"]
        region["startLine"] += 1

    mutations = {
        "a flow step moved by a line": move_step,
        "a result without ruleId": lambda r: r.pop("ruleId"),
        "a result of the wrong rule": lambda r: r.__setitem__("ruleId", "heap/stored-in-global" if r["ruleId"] != "heap/stored-in-global" else "heap/returned"),
        "a lost flow step": drop_step,
        "101 locations in a result": lambda r: r.__setitem__("locations", r["locations"] * 101),
        "a column of 0": lambda r: r["locations"][0]["physicalLocation"]["region"].__setitem__("startColumn", 0),
        "a result moved by a line": lambda r: r["locations"][0]["physicalLocation"]["region"].__setitem__(
            "startLine", r["locations"][0]["physicalLocation"]["region"]["startLine"] + 1),
    }
    results = log["runs"][0]["results"]
    if not results or "codeFlows" not in results[0]:
        fail("self-test: the first result has no code flow")
        return
    missed = [name for name, m in mutations.items() if not caught(m)]
    for name in missed:
        fail(f"self-test: planted fault not caught: {name}")
    print(f"check_sarif: self-test: {len(mutations) - len(missed)} of {len(mutations)} planted faults caught")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--escapade", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--multitool")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    with open(a.schema, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema)
    files = [os.path.relpath(os.path.abspath(f), REPO) for f in a.files]
    failures = []

    def fail(msg):
        failures.append(msg)
        print("FAIL:", msg)

    results = 0
    for model, dispatch, world in MODES + [("gc", "context", "open+paths")]:
        opts = [f"--model={model}", f"--dispatch={dispatch}", f"--world={world.split('+')[0]}", "--explain"]
        if world.endswith("+paths"):
            opts.append("--explain-paths=3")
        where = " ".join(opts)
        rc_s, out_s, _ = run([a.escapade, "--format=sarif", "--sarif-root=."] + opts + files)
        rc_j, out_j, _ = run([a.escapade, "--format=json"] + opts + files)
        log, doc = json.loads(out_s), json.loads(out_j)
        errors = list(validator.iter_errors(log))
        for e in errors[:10]:
            fail(f"{where}: SARIF schema: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        if errors:
            continue
        if log["runs"][0]["invocations"][0]["executionSuccessful"] != (rc_s == 0) or rc_s != rc_j:
            fail(f"{where}: executionSuccessful does not match the exit status {rc_s}")
        results += check_log(log, doc, where, fail)
        if (model, dispatch, world) == ("gc", "conservative", "open"):
            self_test(log, doc, validator, fail)
        if a.multitool and (model, dispatch, world) == ("gc", "context", "open"):
            with tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, "corpus.sarif")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(out_s)
                p = subprocess.run([a.multitool, "validate", "--level", "Error;Warning", path], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
                out = p.stdout.decode("utf-8", "replace")
                diagnostics = [l for l in out.splitlines() if ": error " in l or ": warning " in l]
                for l in diagnostics:
                    print("multitool:", l.replace(tmp + "/", ""))
                if p.returncode != 0 or any(": error " in l for l in diagnostics):
                    fail(f"{where}: the SARIF multitool rejects the log (exit {p.returncode})")
                else:
                    print(f"check_sarif: the SARIF multitool validates the log ({len(diagnostics)} warnings)")
    print(f"check_sarif: {len(MODES) + 1} logs, {results} results: "
          f"{'all valid and equal to the JSON reports' if not failures else str(len(failures)) + ' failures'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
