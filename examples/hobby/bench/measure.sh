#!/usr/bin/env bash
# bench/measure.sh - the numbers in README.md: heap counts and run times of the example programs
# with the analysis off and on, escapade's analysis time per program, and what including the
# single header costs the compiler's build.
#
#   examples/hobby/bench/measure.sh [BUILD_DIR]     (default: build/hobby-bench)
#
# Needs cmake, ninja, g++, cc and awk. Times are CPU seconds (user + system), single-threaded
# builds, best of 3 runs; they vary by machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/build/hobby-bench}"
mkdir -p "$out"
single="${HOBBY_SINGLE_INCLUDE:-$root/single_include}"

# CPU time (user + system, seconds, children included) of a command: steadier than wall time on
# a shared machine.
cpu() {
    local TIMEFORMAT='%3U %3S'
    { time "$@" > /dev/null 2>&1; } 2>&1 | awk '{ print $1 + $2 }'
}
# best of 3
best3() {
    local best="" d
    for _ in 1 2 3; do
        d=$(cpu "$@")
        if [[ -z "$best" ]] || awk "BEGIN { exit !($d < $best) }"; then best=$d; fi
    done
    printf '%.3f' "$best"
}

# ---- 1. compile time of hobbyc with and without the escapade TU ------------------------------
echo "== build time of hobbyc: CPU seconds of a clean build (g++, one job); the escape pass's TU alone in parentheses"
printf '| flags | without escapade | with escapade | added |\n| --- | --- | --- | --- |\n'
for opt in -O0 -O2; do
    declare -A t=()
    declare -A tu=()
    for with in OFF ON; do
        d="$out/build${opt}-${with}"
        cmake -S "$here" -B "$d" -G Ninja -DCMAKE_BUILD_TYPE= "-DCMAKE_CXX_FLAGS=$opt" \
            -DHOBBY_WITH_ESCAPADE=$with "-DHOBBY_SINGLE_INCLUDE=$single" > /dev/null
        cmake --build "$d" > /dev/null
        cmake --build "$d" --target clean > /dev/null
        t[$with]=$(cpu cmake --build "$d" -j 1)
        # the escape pass's TU alone, compiled again
        obj=$(cd "$d" && ninja -t targets all | grep -o 'CMakeFiles/hobbyc.dir/src/escape[a-z_]*.cpp.o' | head -1)
        rm -f "$d/$obj"
        tu[$with]=$(cpu cmake --build "$d" -j 1 --target "$obj")
    done
    printf '| %s | %.1f s (stub TU %.2f s) | %.1f s (escape.cpp %.1f s) | +%.1f s |\n' "$opt" "${t[OFF]}" "${tu[OFF]}" "${t[ON]}" "${tu[ON]}" \
        "$(awk "BEGIN { print ${t[ON]} - ${t[OFF]} }")"
done
hobbyc="$out/build-O2-ON/hobbyc"

# ---- 2. per program: heap counts, run time, analysis time ----------------------------------------
# program:benchmark argument (the tests use the programs' defaults)
programs=(vectors:10000000 closures:10000000 bintree:1000000 tokenizer:200000 evaluator:5000000 escapes:)
echo
echo "== programs (C compiled with cc -O2; run with the argument shown; CPU seconds, best of 3)"
printf '| program | argument | heap off: allocations / bytes | heap on, conservative | heap on, context | run time off | run time on (context) | analysis time |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- |\n'
for entry in "${programs[@]}"; do
    p=${entry%%:*}
    arg=${entry#*:}
    src="$here/programs/$p.hb"
    "$hobbyc" -q --no-escape "$src" -o "$out/$p-off"
    "$hobbyc" -q --dispatch=conservative "$src" -o "$out/$p-cons"
    "$hobbyc" -q "$src" -o "$out/$p-on"
    counts() { "$@" 2>&1 > /dev/null | sed -n 's/hobby-rt: heap allocations: \([0-9]*\), heap bytes: \([0-9]*\)/\1 \/ \2/p'; }
    c_off=$(counts "$out/$p-off" $arg)
    c_cons=$(counts "$out/$p-cons" $arg)
    c_on=$(counts "$out/$p-on" $arg)
    r_off=$(best3 "$out/$p-off" $arg)
    r_on=$(best3 "$out/$p-on" $arg)
    # analysis time: the best of 5 hobbyc --time runs
    a=$(for _ in 1 2 3 4 5; do "$hobbyc" -q --time --emit-c /dev/null "$src" 2>&1 | sed -n 's/.*escape analysis \([0-9.]*\) ms.*/\1/p'; done | sort -g | head -1)
    printf '| %s | %s | %s | %s | %s | %s s | %s s | %s ms |\n' "$p" "${arg:--}" "$c_off" "$c_cons" "$c_on" "$r_off" "$r_on" "$a"
done
