#!/bin/sh
# testbin.sh - test binaries as whole programs under the stack-moving check (ctest go_gcpatch_testbin,
# opt-in: ESCAPADE_TEST_GO_BINARIES).
#
#   testbin.sh ESCAPADE-GO-BUILD ESCAPADE-GO WORKDIR
#
# testdata/testbin: package tp is linked by the test binaries of tpa and tpb. tp.Run hands &v to
# its Sink argument; tpa's test passes a Sink that keeps nothing, tpb's one that keeps the pointer
# in a global (and adds to v through it after calls that move the stack). The script
#   1. analyses each test binary as a whole program (escapade-go --dispatch=closed --test) and
#      checks that escapade calls v stack in tpa's program and heap in tpb's (the test files and
#      the test main are part of the program: without tpb_test.go, v would be stack there too);
#   2. tests tpa alone with its verdicts under the check: v is compiled on the stack (the patched
#      compiler's statistics say so) and the test passes;
#   3. tests tpa and tpb in one go test run (tp is compiled once for both binaries): the verdicts
#      of the two programs are merged and v is joined to heap; both pass;
#   4. plants tpa's verdicts into tpb's binary (v on the stack where a global keeps its address):
#      under the check tpb's test must fail ("tp.Run read a stale value": keeper wrote to the old stack).
# Exit status 0 when all of this holds.
set -u
tool=$1
esc=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
mod=$here/testdata/testbin
tpdir=$(cd "$mod/tp" && pwd -P)
mkdir -p "$work" || exit 2
say() { printf 'testbin: %s\n' "$*"; }
fail=0
cd "$mod" || exit 2
vline=$(grep -n 'v := 1' tp/tp.go | cut -d: -f1)
section() { awk -v d="dir $tpdir" '/^dir /{on = ($0 == d)} on' "$1"; }

# 1. The two programs' verdicts for v.
for p in tpa tpb; do
	"$esc" --dispatch=closed --test -q --verdicts="$work/$p.v" ./$p >/dev/null || { say "escapade-go --test ./$p failed"; exit 1; }
done
for want in "tpa stack" "tpb heap"; do
	set -- $want
	if section "$work/$1.v" | grep -qx "$vline:2 v $2 v"; then
		say "escapade (closed, $1's test binary): v $2"
	else
		say "FAIL: escapade does not say v $2 in $1's test binary:"
		section "$work/$1.v"
		fail=1
	fi
done

# 2. tpa alone: v on the stack, the test passes under the check.
"$tool" test -mode=closed -check -stats=2 -count=1 ./tpa >"$work/tpa.out" 2>&1
status=$?
sed 's/^/testbin: tpa: /' "$work/tpa.out" | grep -v ' escapade: ' | tail -3
if [ $status -ne 0 ]; then say "FAIL: tpa's test fails with escapade's verdicts (exit $status)"; fail=1; fi
if grep -q "tp.go:$vline:2: escapade: v: gc heap, escapade stack" "$work/tpa.out"; then
	say "tpa: v compiled on the stack (gc: heap)"
else
	say "FAIL: tpa: v was not compiled on the stack (the run tests no stack verdict)"; fail=1
fi

# 3. Both in one go test run: the merged verdicts join v to heap; both pass.
"$tool" check -modes=go,closed -count=1 ./tpa ./tpb >"$work/both.out" 2>&1
status=$?
grep '^|' "$work/both.out" | sed 's/^/testbin: both: /'
if [ $status -ne 0 ]; then say "FAIL: tpa and tpb together fail (exit $status)"; cat "$work/both.out"; fail=1; fi

# 4. tpa's verdicts planted into tpb's binary: the check must catch the stale read.
"$tool" test -verdicts="$work/tpa.v" -check -count=1 ./tpb >"$work/planted.out" 2>&1
status=$?
sed 's/^/testbin: planted: /' "$work/planted.out" | grep -v '^testbin: planted: escapade-go-build:' | head -8
if [ $status -eq 0 ]; then say "FAIL: tpb passes with v planted on the stack"; fail=1; fi
if ! grep -q "tp.Run read a stale value" "$work/planted.out"; then say "FAIL: tpb did not fail by reading a stale v"; fail=1; fi

if [ $fail -eq 0 ]; then say "PASS: whole test binaries' verdicts pass the check, are joined across binaries, and a planted one is caught"; fi
exit $fail
