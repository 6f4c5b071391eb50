#!/bin/sh
# planted.sh - proves that the stack-moving check can fail (ctest go_gcpatch_planted).
#
#   planted.sh ESCAPADE-GO-BUILD WORKDIR
#
# testdata/planted holds two objects that escape (x: stored in a global, read after its frame;
# v: stored in a global, read in its own frame after the stack moved). The script
#   1. writes escapade's verdicts for the program (mode gc) and checks that escapade calls both
#      x and v heap (anything else is an unsound verdict);
#   2. builds and runs the program with those verdicts under the check
#      (-d=maymorestack=runtime.mayMoreStackMove, GODEBUG=invalidptr=1,clobberfree=1): it must pass;
#   3. plants the unsound verdicts (x and v forced to stack in the verdict file), builds and runs it
#      without the check: "global" must fail (its frame was reused), "moved" passes (no stack move);
#   4. the planted verdicts under the check: "moved" must fail now (only because the check moved
#      the stack), and the program must exit with a failure.
# Exit status 0 when all of this holds; the program's output is shown either way.
set -u
tool=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
prog=$here/testdata/planted
dir=$(cd "$prog" && pwd -P)
mkdir -p "$work" || exit 2
fail=0
say() { printf 'planted: %s\n' "$*"; }

cd "$prog" || exit 2
"$tool" verdicts -mode=gc -verdicts="$work/real.v" . || { say "escapade-go-build verdicts failed"; exit 1; }
# The two sites, in the program's own section of the verdict file.
section() { awk -v d="dir $dir" '/^dir /{on = ($0 == d)} on' "$1"; }
xline=$(grep -n 'var x \[32\]int' main.go | cut -d: -f1)
vline=$(grep -n 'v := 1' main.go | cut -d: -f1)
for want in "$xline:6 v heap x" "$vline:2 v heap v"; do
	if section "$work/real.v" | grep -qx "$want"; then
		say "escapade: $want"
	else
		say "UNSOUND or missing: escapade does not say '$want':"
		section "$work/real.v"
		exit 1
	fi
done
# Plant: only those two records of the program's section change.
awk -v d="dir $dir" -v x="$xline:6 v heap x" -v v="$vline:2 v heap v" '
	/^dir /{on = ($0 == d)}
	on && $0 == x {sub(/ heap /, " stack ")}
	on && $0 == v {sub(/ heap /, " stack ")}
	{print}' "$work/real.v" >"$work/planted.v"
diff "$work/real.v" "$work/planted.v" | sed 's/^/planted: diff: /'

run() { # run NAME VERDICTS CHECK-FLAG
	"$tool" build -verdicts="$2" $3 -o "$work/$1" . 2>"$work/$1.build" || { cat "$work/$1.build"; say "$1: build failed"; exit 1; }
	GODEBUG=invalidptr=1,clobberfree=1 "$work/$1" >"$work/$1.out" 2>&1
	status=$?
	sed "s/^/planted: $1: /" "$work/$1.out" | head -20
	say "$1: exit status $status"
}
expect() { # expect NAME LINE
	if grep -qx "$2" "$work/$1.out"; then :; else say "FAIL: $1: expected '$2'"; fail=1; fi
}

run real-check "$work/real.v" -check
[ "$status" -eq 0 ] || { say "FAIL: escapade's real verdicts fail the check"; fail=1; }
expect real-check "global ok"
expect real-check "moved ok"

run planted-nocheck "$work/planted.v" ""
expect planted-nocheck "global WRONG VALUE"
expect planted-nocheck "moved ok"

run planted-check "$work/planted.v" -check
[ "$status" -ne 0 ] || { say "FAIL: the planted unsound verdicts pass the check"; fail=1; }
# "global" under the check is not asserted: by then the stack has moved and fill's old frame may
# lie in a stack that nothing reused.
expect planted-check "moved WRONG VALUE"

if [ $fail -eq 0 ]; then say "PASS: the check passes escapade's verdicts and catches both planted ones"; fi
exit $fail
