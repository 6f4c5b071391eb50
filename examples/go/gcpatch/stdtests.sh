#!/bin/sh
# stdtests.sh - the stack-moving check on the tests of standard packages, each test binary compiled
# with escapade's whole-program verdicts (escapade-go --test), in several modes with gc's own
# verdicts as the control (ctest go_gcpatch_std, opt-in: ESCAPADE_TEST_GO_BINARIES; README.md,
# "Real binaries").
#
#   stdtests.sh ESCAPADE-GO-BUILD [MODES [LIST]]
#
# MODES defaults to go,gc,closed,context,precise; LIST to std-tests.txt next to this script: one
# package a line ('#' comments), optionally followed by
#   -check-skip=PKGS   escapade-go-build's option (those packages compiled without the stack-moving
#                      hook: a test setup that calls them millions of times)
#   exclude=A|B|...    tests left out: go test -run gets every other Test/Example/Fuzz function
#                      `go test -list` names (Go 1.19 has no -skip)
# The packages without options are checked in one go test run per mode (-count=1 -short
# -timeout=10m); each package with options in a run of its own. Prints one table; exit status 1
# when a run fails (a test failing in a mode whose control passes is a soundness bug).
set -u
tool=$1
modes=${2:-go,gc,closed,context,precise}
here=$(cd "$(dirname "$0")" && pwd)
list=${3:-$here/std-tests.txt}
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
common="-count=1 -short -timeout=10m"
status=0
plain=""
n=0
run() { # run OUT ARGS...
	out=$1
	shift
	echo "stdtests: escapade-go-build check -modes=$modes $*" >&2
	"$tool" check -modes="$modes" "$@" >"$out" 2>"$out.err" || status=1
	grep -E '^(ok|FAIL|---|panic)' "$out" | head -40 >&2
}
while read -r pkg opts; do
	case $pkg in '' | '#'*) continue ;; esac
	if [ -z "$opts" ]; then
		plain="$plain $pkg"
		continue
	fi
	n=$((n + 1))
	skip=""
	runre=""
	for o in $opts; do
		case $o in
		-check-skip=*) skip=$o ;;
		exclude=*)
			ex=${o#exclude=}
			tests=$(go test -list '.*' "$pkg" | grep -E '^(Test|Example|Fuzz)' | grep -Ev "^($ex)\$" | paste -sd'|' -)
			runre="-run=^($tests)\$"
			;;
		*) echo "stdtests: $pkg: unknown option $o" >&2; exit 2 ;;
		esac
	done
	# shellcheck disable=SC2086
	run "$work/t$n" $skip $common ${runre:+"$runre"} "$pkg"
done <"$list"
if [ -n "$plain" ]; then
	# shellcheck disable=SC2086
	run "$work/t0" $common $plain
fi
first=1
for f in "$work"/t*; do
	case $f in *.err) continue ;; esac
	if [ $first -eq 1 ]; then
		grep -E '^\| (package|---) ' "$f"
		first=0
	fi
	grep '^| ' "$f" | grep -Ev '^\| (package|---) '
done
echo
echo "(to stack / to heap: sites of the package's test build, \"pkg [pkg.test]\" and \"pkg_test [pkg.test]\", whose verdict differs from gc's)"
exit $status
