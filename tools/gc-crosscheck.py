#!/usr/bin/env python3
"""Cross-check text-IR test programs against Go's gc (a developer tool; needs Go 1.19 and python3).

Each program under tests/ir/gc/ carries its Go equivalent in comment lines that start with ';go|'
and gc's diagnostics for it in lines that start with ';gc>'. For every FILE.ir given, this script
  1. extracts the Go code and runs `go tool compile -p p -m -l` on it (in a scratch directory);
  2. with --update, rewrites the file's ';gc>' lines with gc's output;
  3. runs `escapade --format=gc` (with the file's `; ARGS:`) on the program and compares the two
     multisets of messages with positions stripped (positions differ between the Go and IR texts).
A few purely cosmetic renderings are normalised first (gc prints map[K]V, ([]byte)(s) and
([]rune)(s); escapade prints map[...]V, []byte(s) and []int32(s)).

usage: tools/gc-crosscheck.py [--update] [--escapade=PATH] FILE.ir...
exit status 1 if any program differs (IR-only programs, which say so in their header, differ by
design).
"""
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter


def normalise(line):
    m = re.match(r"^.*?:\d+:\d+: (.*)$", line)
    s = m.group(1) if m else line
    s = re.sub(r"map\[[^\]]*\]", "map[...]", s)
    s = s.replace("([]byte)(", "[]byte(").replace("([]rune)(", "[]int32(").replace("[]rune", "[]int32")
    return s


def main():
    args = sys.argv[1:]
    update = "--update" in args
    escapade = os.environ.get("ESCAPADE", "escapade")
    files = []
    for a in args:
        if a.startswith("--escapade="):
            escapade = a.split("=", 1)[1]
        elif not a.startswith("--"):
            files.append(a)
    if not files:
        print(__doc__)
        return 2
    work = tempfile.mkdtemp(prefix="gc-crosscheck-")
    bad = 0
    for path in files:
        with open(path) as f:
            text = f.read().split("\n")
        go = [l[5:] if l.startswith(";go| ") else l[4:] for l in text if l.startswith(";go|")]
        stem = os.path.splitext(os.path.basename(path))[0]
        gc_msgs = []
        if go:
            gofile = stem + ".go"
            with open(os.path.join(work, gofile), "w") as f:
                f.write("\n".join(go) + "\n")
            r = subprocess.run(["go", "tool", "compile", "-p", "p", "-m", "-l", "-o", stem + ".o", gofile], cwd=work,
                               capture_output=True, text=True)
            out = (r.stdout + r.stderr).strip()
            gc_msgs = out.split("\n") if out else []
            if r.returncode != 0:
                print("== %s: go compile FAILED\n%s" % (path, out))
                bad += 1
                continue
            if update:
                new = [l for l in text if not l.startswith(";gc>")]
                last = max(i for i, l in enumerate(new) if l.startswith(";go|"))
                new[last + 1:last + 1] = [";gc> " + l for l in gc_msgs] if gc_msgs else [";gc> (no diagnostics)"]
                if new != text:
                    with open(path, "w") as f:
                        f.write("\n".join(new))
        fargs = []
        for l in text:
            if l.lstrip().startswith(";") and "ARGS:" in l:
                fargs += l.split("ARGS:", 1)[1].split()
        r = subprocess.run([escapade, "--format=gc"] + fargs + [path], capture_output=True, text=True)
        esc = r.stdout.strip().split("\n") if r.stdout.strip() else []
        if r.returncode != 0 and not esc:
            print("== %s: escapade FAILED: %s" % (path, r.stderr.strip()))
            bad += 1
            continue
        g = Counter(normalise(l) for l in gc_msgs)
        e = Counter(normalise(l) for l in esc)
        if g != e:
            bad += 1
            print("== %s: DIFFERENT" % path)
            for m in sorted((g - e).elements()):
                print("   gc only:       " + m)
            for m in sorted((e - g).elements()):
                print("   escapade only: " + m)
        else:
            print("== %s: same (%d messages)" % (path, sum(g.values())))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
