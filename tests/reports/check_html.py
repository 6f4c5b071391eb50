#!/usr/bin/env python3
"""tests/reports/check_html.py - the HTML report of the article's programs, as headless Chromium shows it.

    check_html.py --escapade BIN --chromium PROG --work DIR [--screenshots DIR] --seed --arg=--world=closed examples/seed/*.ir
    check_html.py --escapade ESCAPADE-GO --explain-flag=-m=2 --chromium PROG --work DIR PACKAGE-DIR

Writes `escapade --dispatch=context --html=DIR/site FILE...` (mode B = gc, context, compared with
mode A = gc, conservative; or the same with escapade-go and a Go package), loads its pages in headless Chromium (--dump-dom: the DOM after the
page's script ran) and checks what a person sees against what escapade says in JSON for the same
files under both modes (itself checked against the text report by check_json.py):
  - the totals (sites, heap under A and under B, saved, lost) and the rows per package, function
    and file;
  - the list of sites B decides differently;
  - on every file page, each site's mark at its line (heap / stack / saved / lost) and both
    verdicts in its summary; the source lines are all there;
  - each heap verdict's explanation paths step by step in its entry: one ordered list per path and
    mode, one item per flow (from, to, weight, edge) equal to the JSON's paths;
and (--seed) against the programs' own `; EXPECT` annotations for the two modes (reasoned by hand and
cross-checked with gc; a test program is a whole program, so its context verdicts hold with
--world=closed): e.g. seed 4's s1 is on the heap under A (leaked by callee f1) and saved by
context. Following a link to a site (files/N.html#sM) opens its explanation (the DOM shows the
<details> open, with the explanation lines of both modes and A's path, s1 -&-> {heap}; seed 5's
NotOk buffer x opens on its path under A, x -&-> b -> {heap}, each step shown). Screenshots of the index, of seed 4's
page (g, f1, s1 opened) and of seed 5's (NotOk's buffer x opened) are taken and decoded: they must
have the window's size and show the colours of the heap and saved marks, and seed 5's the
violet of the path's steps (drawn only for a path). Exit status 0 when everything holds, 1 otherwise.
"""
import argparse
import collections
import concurrent.futures
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WINDOW = (1280, 1000)


class Dom(html.parser.HTMLParser):
    """Elements with their attributes and text content (the text of all their descendants)."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.stack = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        e = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(e)
        if tag not in ("meta", "link", "br", "img", "input"):
            self.stack.append(e)

    def handle_endtag(self, tag):
        while self.stack:
            e = self.stack.pop()
            if e["tag"] == tag:
                break

    def handle_data(self, data):
        for e in self.stack:
            e["text"] += data

    def by_id(self, i):
        return next((e for e in self.elements if e["attrs"].get("id") == i), None)

    def find(self, tag=None, **attrs):
        return [e for e in self.elements if (tag is None or e["tag"] == tag)
                and all(e["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items())]


def chromium(prog, profile, *args, size=WINDOW):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--user-data-dir=" + profile, f"--window-size={size[0]},{size[1]}"]
    p = subprocess.run([prog] + flags + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def png_pixels(path):
    """(width, height, rows of RGB(A) tuples) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    at, idat = 8, b""
    while at < len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        at += 12 + n
    if depth != 8 or ctype not in (2, 6):
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {ctype})")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        ft, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ft == 1:
                line[x] = (line[x] + a) & 255
            elif ft == 2:
                line[x] = (line[x] + b) & 255
            elif ft == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def colour_counts(path, colours, tolerance=12):
    """(width, height, {name: pixels within tolerance of that RGB colour})."""
    w, h, bpp, rows = png_pixels(path)
    n = {name: 0 for name in colours}
    for row in rows:
        for x in range(0, w * bpp, bpp):
            r, g, b = row[x], row[x + 1], row[x + 2]
            for name, c in colours.items():
                if abs(r - c[0]) <= tolerance and abs(g - c[1]) <= tolerance and abs(b - c[2]) <= tolerance:
                    n[name] += 1
    return w, h, n


EXPECT = re.compile(r"EXPECT(?:\(([^)]*)\))?:\s*([^;]+)")


def annotations(path):
    """{(line, name): {mode: 'heap (reason)' | 'stack'}} from a seed program's ; EXPECT comments."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"; MODES:([^\n]*)", text)
    modes = m.group(1).split() if m else ["conservative"]
    out = collections.defaultdict(dict)
    for ln, line in enumerate(text.splitlines(), 1):
        for qual, body in EXPECT.findall(line):
            name, _, verdict = body.strip().partition(": ")
            if not (verdict.startswith("heap") or verdict.startswith("stack")):
                continue  # a parameter summary
            for mode in (qual.split(",") if qual else modes):
                out[(ln, name)][mode.strip()] = verdict.strip()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--escapade", required=True, help="escapade or escapade-go")
    ap.add_argument("--explain-flag", default="--explain", help="the tool's flag for explanations (escapade-go: -m=2)")
    ap.add_argument("--chromium", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--screenshots")
    ap.add_argument("--seed", action="store_true", help="the inputs are examples/seed: check the annotations and seeds 4 and 5")
    ap.add_argument("--shot-prefix", default="report-")
    ap.add_argument("--arg", action="append", default=[], help="one more option for every run of the tool (e.g. --arg=--world=closed)")
    ap.add_argument("files", nargs="+", help="text-IR files, or a Go package directory")
    a = ap.parse_args()
    # paths inside the repository as relative names (the tools run from its root), others as given
    files = [f if not os.path.abspath(f).startswith(REPO + "/") else os.path.relpath(os.path.abspath(f), REPO) for f in a.files]
    failures = []

    def fail(msg):
        failures.append(msg)
        print("FAIL:", msg)

    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    site = os.path.join(a.work, "site")
    profile = os.path.join(a.work, "profile")
    shots = a.screenshots or a.work
    p = subprocess.run([a.escapade, "--dispatch=context", "--html=" + site] + a.arg + files, cwd=REPO)
    if p.returncode != 0:
        fail(f"escapade --html exited {p.returncode}")
        return 1

    # What escapade says in JSON under A and B: the expected content of the pages.
    docs = []
    for dispatch in ("conservative", "context"):
        out = subprocess.run([a.escapade, "--format=json", a.explain_flag, f"--dispatch={dispatch}"] + a.arg + files, cwd=REPO,
                             stdout=subprocess.PIPE, check=True).stdout
        docs.append(json.loads(out))
    expected = {}  # (file, line, column, name) -> [verdict text A, verdict text B]
    functions = {}
    paths = collections.defaultdict(lambda: [[], []])  # (file, line, column, name) -> per mode, per path, the steps
    for m, doc in enumerate(docs):
        for prog in doc["programs"]:
            for s in prog["sites"]:
                key = (s["file"], s["line"], s["column"], s["name"])
                text = f"heap ({s['reason_text']}{' ' + s['callee'] if 'callee' in s else ''}{', via ' + s['via'] if 'via' in s else ''})" \
                    if s["verdict"] == "heap" else "stack"
                expected.setdefault(key, [None, None])[m] = text
                functions[key] = s["function"]
                paths[key][m] = [[(st["from"], st["to"], str(st["derefs"]), st["edge"]) for st in p["steps"]] for p in s.get("paths", [])]

    def mark(v):
        a_heap, b_heap = v[0].startswith("heap"), v[1].startswith("heap")
        return ("heap" if b_heap else "stack") if a_heap == b_heap else ("saved" if a_heap else "lost")

    # The seed programs' own annotations agree with those verdicts (conservative = A, context = B).
    annotated = 0
    for f in files if a.seed else []:
        for (line, name), modes in annotations(os.path.join(REPO, f)).items():
            keys = [k for k in expected if k[0] == f and k[1] == line and k[3] == name]
            if len(keys) != 1:
                fail(f"{f}:{line}: annotated site {name} is not one site of the report")
                continue
            for m, mode in enumerate(("conservative", "context")):
                if mode in modes:
                    annotated += 1
                    if not expected[keys[0]][m].startswith(modes[mode]):
                        fail(f"{f}:{line}: {name} under {mode}: report {expected[keys[0]][m]}, annotation {modes[mode]}")

    # ---- index.html ---------------------------------------------------------------------------
    rc, dom_text = chromium(a.chromium, profile, "--dump-dom", "file://" + os.path.join(site, "index.html"))
    if rc != 0 or "<html" not in dom_text:
        fail(f"chromium could not load index.html (exit {rc})")
        return 1
    dom = Dom(dom_text)
    tally = collections.Counter()
    per_pkg, per_fn, per_file = (collections.defaultdict(collections.Counter) for _ in range(3))
    for key, v in expected.items():
        mk = mark(v)
        for c, d in ((tally, None), (per_pkg, os.path.dirname(key[0])), (per_fn, (functions[key], key[0])), (per_file, key[0])):
            counter = c if d is None else c[d]
            counter["sites"] += 1
            counter["heapA"] += v[0].startswith("heap")
            counter["heapB"] += v[1].startswith("heap")
            counter["saved"] += mk == "saved"
            counter["lost"] += mk == "lost"
    for ident, field in (("total-sites", "sites"), ("total-heap-a", "heapA"), ("total-heap-b", "heapB"), ("total-saved", "saved"),
                         ("total-lost", "lost")):
        e = dom.by_id(ident)
        if e is None or e["text"].strip() != str(tally[field]):
            fail(f"index: {ident} shows {e and e['text'].strip()}, expected {tally[field]}")

    # rows: the numbers are the last five cells of each data-package / data-function row
    rows = [e for e in dom.elements if e["tag"] == "tr"]
    def numbers(row):
        i = dom.elements.index(row)
        j = next((k for k in range(i + 1, len(dom.elements)) if dom.elements[k]["tag"] == "tr"), len(dom.elements))
        tds = [e["text"].strip() for e in dom.elements[i + 1:j] if e["tag"] == "td"]
        return [int(x) for x in tds[-5:]]
    for pkg, c in per_pkg.items():
        r = dom.find("tr", data_package=pkg)
        r = [x for x in r if "data-function" not in x["attrs"]]
        if len(r) != 1 or numbers(r[0]) != [c["sites"], c["heapA"], c["heapB"], c["saved"], c["lost"]]:
            fail(f"index: package {pkg}: {r and numbers(r[0])}, expected {[c['sites'], c['heapA'], c['heapB'], c['saved'], c['lost']]}")
    for (fn, f), c in per_fn.items():
        r = dom.find("tr", data_function=fn, data_file=f)
        if len(r) != 1 or numbers(r[0]) != [c["sites"], c["heapA"], c["heapB"], c["saved"], c["lost"]]:
            fail(f"index: function {fn} of {f}: {r and numbers(r[0])}, expected {[c['sites'], c['heapA'], c['heapB'], c['saved'], c['lost']]}")
    differences = sorted((k[0], k[1], k[2], k[3], mark(v)) for k, v in expected.items() if mark(v) in ("saved", "lost"))
    shown = []
    for r in rows:
        if "data-mark" in r["attrs"]:
            pos = re.match(r"\s*(\S+):(\d+):(\d+)", r["text"])
            shown.append((pos.group(1), int(pos.group(2)), int(pos.group(3)), r["attrs"]["data-name"], r["attrs"]["data-mark"]))
    if sorted(shown) != differences:
        fail(f"index: the differences list {sorted(shown)} is not {differences}")

    # ---- every file page ------------------------------------------------------------------------
    links = {e["text"].strip(): e["attrs"]["href"] for e in dom.elements if e["tag"] == "a" and e["attrs"].get("href", "").startswith("files/")
             and e["text"].strip() in per_file}
    if set(links) != set(per_file):
        fail(f"index: file links {sorted(links)} are not the files {sorted(per_file)}")
    checked_sites = checked_steps = 0

    def entry(page, d):
        """The elements of the site entry d (up to the next site's)."""
        i = page.elements.index(d)
        j = next((k for k in range(i + 1, len(page.elements)) if page.elements[k]["tag"] == "details"), len(page.elements))
        return page.elements[i + 1:j]

    def shown_paths(elems, mode):
        """The paths an entry shows for a mode: per list, the (from, to, derefs, edge) of its steps."""
        out, cur = [], None
        for e in elems:
            if e["tag"] == "ol" and e["attrs"].get("data-mode") == mode:
                cur = []
                out.append(cur)
            elif e["tag"] == "ol":
                cur = None
            elif e["tag"] == "li" and "data-from" in e["attrs"] and cur is not None:
                cur.append(tuple(e["attrs"].get(k) for k in ("data-from", "data-to", "data-derefs", "data-edge")))
        return out

    def dump(item):
        i, (f, href) = item
        return chromium(a.chromium, f"{profile}-{i % 3}", "--dump-dom", "file://" + os.path.join(site, href))[1]
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        pages = list(pool.map(dump, enumerate(sorted(links.items()))))
    for (f, href), page_text in zip(sorted(links.items()), pages):
        page = Dom(page_text)
        with open(os.path.join(REPO, f), encoding="utf-8") as src:
            nlines = len(src.read().splitlines())
        if len(page.find("td", **{"class": "ln"})) != nlines:
            fail(f"{f}: the page shows {len(page.find('td', **{'class': 'ln'}))} source lines, the file has {nlines}")
        for key, v in expected.items():
            if key[0] != f:
                continue
            d = [e for e in page.find("details", data_name=key[3], data_line=str(key[1]))]
            if len(d) != 1:
                fail(f"{f}:{key[1]}: {len(d)} details elements for {key[3]}")
                continue
            d = d[0]
            summary = next(e for e in page.elements[page.elements.index(d):] if e["tag"] == "summary")["text"]
            want = f"A: {v[0]} · B: {v[1]}"
            if d["attrs"].get("data-mark") != mark(v) or want not in summary:
                fail(f"{f}:{key[1]}: {key[3]}: mark {d['attrs'].get('data-mark')}, summary '{summary.strip()}'; expected {mark(v)}, '{want}'")
            elems = entry(page, d)
            for m, mode in enumerate("ab"):
                got = shown_paths(elems, mode)
                if got != [[tuple(st) for st in p] for p in paths[key][m]]:
                    fail(f"{f}:{key[1]}: {key[3]}: the entry shows the paths {got} under {mode.upper()}, the JSON says {paths[key][m]}")
                checked_steps += sum(len(p) for p in got)
            checked_sites += 1

    # ---- following a link opens the explanation (seed 4's s1; else the first saved site) -------------
    # the differences list links to it
    # (without differences: the first function's link, which leads to its first site)
    link = next((e["attrs"]["href"] for e in dom.elements if e["tag"] == "a" and e["attrs"].get("href", "").startswith("files/")
                 and "#s" in e["attrs"]["href"] and (not a.seed or "04_iface.ir:" in e["text"])), "")
    if not link:
        fail("index: no link to a site")
        return 1
    href, _, anchor = link.partition("#")
    target = f"file://{os.path.join(site, href)}#{anchor}"
    rc, opened_text = chromium(a.chromium, profile, "--dump-dom", target)
    opened = Dom(opened_text).by_id(anchor)
    if opened is None or "open" not in opened["attrs"]:
        fail(f"{target}: the link did not open the site's details")
    elif a.seed:
        if opened["attrs"].get("data-name") != "s1":
            fail(f"index: the link to seed 4's s1 ({link}) does not lead to s1")
        for needle in ("flow: {heap} = &s1:", "f1's call s.M1 resolves at this call to (*S).M1, which does not keep its receiver", "S, 8 bytes",
                       "How s1 escapes under A: it reaches {heap}"):
            if needle not in opened["text"]:
                fail(f"{href}: s1's details lack '{needle}'")
        opened_dom = Dom(opened_text)
        # under gc, f1's parameter leaks, so s1's address goes straight to the heap: one step
        if shown_paths(entry(opened_dom, opened_dom.by_id(anchor)), "a") != [[("s1", "{heap}", "-1", "escaping")]]:
            fail(f"{href}: s1's entry does not show its path s1 -&-> {{heap}} under A")
        marks = [e for e in Dom(opened_text).find("a") if e["attrs"].get("class") == "m saved" and e["text"] == "s1"]
        if len(marks) != 1:
            fail(f"{href}: s1 is not marked saved in the source")
    else:
        key = next((k for k in expected if opened["attrs"].get("data-name") == k[3] and str(k[1]) == opened["attrs"].get("data-line")), None)
        if key is None or opened["attrs"].get("data-mark") != mark(expected[key]):
            fail(f"{target}: the opened site is not the one the link names")
        elif expected[key][0].startswith("heap") and ("Why, under A, in gc's words:" not in opened["text"] or
                                                    not shown_paths(entry(Dom(opened_text), opened), "a")):
            fail(f"{target}: the opened heap site shows no explanation")

    # ---- screenshots ------------------------------------------------------------------------------
    # The file pages are shot from their top (a fragment's scroll leaves headless Chromium's picture
    # half painted), from a copy in which the site's <details> is open, as after a click on it.
    os.makedirs(shots, exist_ok=True)
    colours = {"heap red": (0xB3, 0x26, 0x1E), "saved blue": (0x0B, 0x57, 0xD0), "path violet": (0x6A, 0x3F, 0xB5)}
    notok = next((e["attrs"]["href"] for e in dom.elements if e["tag"] == "a" and "05_notok_closed.ir:31:" in e["text"]), "")
    if a.seed:
        # A click on NotOk's buffer x (its mark links to #sN) opens its path under gc: x's address
        # is sliced into b (b := x[:]), and b is passed to c.Read, an interface call: the heap.
        page, _, anchor = notok.partition("#")
        rc, notok_text = chromium(a.chromium, profile, "--dump-dom", f"file://{os.path.join(site, page)}#{anchor}")
        nd = Dom(notok_text)
        x = nd.by_id(anchor)
        if x is None or "open" not in x["attrs"] or x["attrs"].get("data-name") != "x":
            fail(f"{notok}: the link does not open x's entry")
        else:
            steps = shown_paths(entry(nd, x), "a")
            if len(steps) != 1 or [(st[0], st[1], st[2]) for st in steps[0]] != [("x", "b", "-1"), ("b", "{heap}", "0")]:
                fail(f"{notok}: x's entry shows the path {steps} under A, not x -&-> b -> {{heap}}")
            if shown_paths(entry(nd, x), "b"):
                fail(f"{notok}: x is on the stack under B, yet its entry shows a path")

    def opened_copy(link, name):
        page, _, anchor = link.partition("#")
        with open(os.path.join(site, page), encoding="utf-8") as f:
            text = f.read()
        text = text.replace(f'<details class="site saved" id="{anchor}"', f'<details open class="site saved" id="{anchor}"', 1)
        path = os.path.join(site, "files", name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return "file://" + path

    pages_to_shoot = [(a.shot_prefix + "index.png", "file://" + os.path.join(site, "index.html"), WINDOW)]
    if a.seed:
        pages_to_shoot += [("report-seed4.png", opened_copy(link, "shot-seed4.html"), (1280, 1250)),
                           ("report-seed5-notok.png", opened_copy(notok, "shot-seed5.html"), (1280, 1250))]
    for name, url, size in pages_to_shoot:
        out = os.path.join(shots, name)
        if os.path.exists(out):
            os.remove(out)
        chromium(a.chromium, profile, "--screenshot=" + out, "--hide-scrollbars", url, size=size)
        try:
            w, h, n = colour_counts(out, colours)
            if (w, h) != size or (n["saved blue"] < 50 and tally["saved"] > 0) or (n["heap red"] < 50 and tally["heapB"] > 0) or \
                    (name == "report-seed5-notok.png" and n["path violet"] < 100):
                fail(f"{name}: {w}x{h}, pixels {n}")
            print(f"check_html: {name}: {w}x{h}, pixels {n}")
        except (OSError, ValueError) as e:
            fail(f"{name}: {e}")
    print(f"check_html: {len(expected)} sites on {len(links)} pages, {checked_steps} path steps, {annotated} annotated verdicts: "
          f"{'the browser shows what escapade says' if not failures else str(len(failures)) + ' failures'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
