# run_program.cmake - builds and runs one hobby program in one MODE, and checks what it printed.
#
#   cmake -DHOBBYC=... -DCC=... -DPROGRAM=x.hb -DWORK=dir -DMODE=... -P run_program.cmake
#
# MODE
#   counts   build with the analysis off (--no-escape) and on (--dispatch=conservative, with
#            --check-verdicts: every `//!` annotation must match), run both; each must print
#            exactly x.out, and the runtime's heap counts must equal the program's `// EXPECT off:`
#            and `// EXPECT on:` lines (the difference is what escape analysis saved)
#   context  build with the default dispatch (context; hobbyc falls back to conservative where the
#            library does not support it) and --check-verdicts (`//!context` annotations override
#            `//!`), run: x.out again, and the heap counts of `// EXPECT context:` (default: those
#            of `// EXPECT on:`; `on` again if the build fell back to conservative)
#   asan     the three builds above with the C compiled with -fsanitize=address,undefined and run
#            with detect_stack_use_after_return=1: a stack object used after its frame is an error
#   unsound  build with --unsound-all-stack under ASan: the run MUST fail with an ASan report
#            (proves the asan mode can see a wrong stack verdict)
#   error    hobbyc must reject the program with the message in its `// EXPECT error:` line
#   deep     a generated program nested DEPTH levels deep must be rejected with a clean error
cmake_minimum_required(VERSION 3.21)

foreach(var HOBBYC MODE WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_program.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT DEFINED CC)
  set(CC cc)
endif()
file(MAKE_DIRECTORY "${WORK}")

set(asan_flags "-O0 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all")
set(asan_env "ASAN_OPTIONS=detect_stack_use_after_return=1:detect_leaks=1:detect_stack_use_after_scope=1"
             "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")

function(fail msg)
  message(FATAL_ERROR "${PROGRAM_NAME} [${MODE}]: ${msg}")
endfunction()

# Runs hobbyc with the given arguments; fails the test if it fails.
function(hobbyc)
  execute_process(COMMAND "${HOBBYC}" ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    fail("hobbyc ${ARGN} failed (${rc}):\n${out}${err}")
  endif()
  set(hobbyc_stderr "${err}" PARENT_SCOPE)
endfunction()

# Runs exe (with env settings in ENV) and sets run_stdout, run_stderr, run_rc, and heap_allocs /
# heap_bytes from the runtime's closing line.
function(run_exe exe)
  cmake_parse_arguments(R "" "" "ENV" ${ARGN})
  execute_process(COMMAND "${CMAKE_COMMAND}" -E env ${R_ENV} "${exe}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(run_rc "${rc}" PARENT_SCOPE)
  set(run_stdout "${out}" PARENT_SCOPE)
  set(run_stderr "${err}" PARENT_SCOPE)
  if(err MATCHES "hobby-rt: heap allocations: ([0-9]+), heap bytes: ([0-9]+)")
    set(heap_allocs "${CMAKE_MATCH_1}" PARENT_SCOPE)
    set(heap_bytes "${CMAKE_MATCH_2}" PARENT_SCOPE)
  else()
    set(heap_allocs "" PARENT_SCOPE)
    set(heap_bytes "" PARENT_SCOPE)
  endif()
endfunction()

# Evaluates "3N+10", "72N", "N+7", "261" with the program's parameter (// EXPECT N = 1000).
function(eval_count text out)
  string(STRIP "${text}" e)
  if(DEFINED param_name)
    string(REGEX REPLACE "([0-9])${param_name}" "\\1*${param_value}" e "${e}")
    string(REPLACE "${param_name}" "${param_value}" e "${e}")
  endif()
  math(EXPR v "${e}")
  set(${out} "${v}" PARENT_SCOPE)
endfunction()

if(MODE STREQUAL "deep")
  # 5000 levels of parentheses, then a 5000-term left-associative sum: both must be refused.
  string(REPEAT "(" ${DEPTH} open)
  string(REPEAT ")" ${DEPTH} close)
  string(REPEAT " + 1" ${DEPTH} chain)
  set(PROGRAM_NAME deep)
  foreach(kind parens chain)
    if(kind STREQUAL "parens")
      set(body "var x = ${open}1${close};")
    else()
      set(body "var x = 1${chain};")
    endif()
    file(WRITE "${WORK}/deep_${kind}.hb" "fun main() {\n    ${body}\n    print(x);\n}\n")
    execute_process(COMMAND "${HOBBYC}" -q --emit-c "${WORK}/deep_${kind}.c" "${WORK}/deep_${kind}.hb"
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(rc EQUAL 0 OR NOT err MATCHES "nested too deeply|nesting too deep")
      fail("${kind}: expected a clean nesting error, got (${rc}): ${err}")
    endif()
    message(STATUS "${kind}: rejected as expected: ${err}")
  endforeach()
  return()
endif()

get_filename_component(PROGRAM_NAME "${PROGRAM}" NAME_WE)
get_filename_component(dir "${PROGRAM}" DIRECTORY)
file(READ "${PROGRAM}" source)

if(MODE STREQUAL "error")
  if(NOT source MATCHES "// EXPECT error: ([^\n]*)")
    fail("no `// EXPECT error:` line")
  endif()
  set(want "${CMAKE_MATCH_1}")
  execute_process(COMMAND "${HOBBYC}" -q --emit-c "${WORK}/${PROGRAM_NAME}.c" "${PROGRAM}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(FIND "${err}" "${want}" at)
  if(rc EQUAL 0 OR at EQUAL -1)
    fail("expected an error containing '${want}', got (${rc}): ${err}")
  endif()
  message(STATUS "rejected as expected: ${err}")
  return()
endif()

file(READ "${dir}/${PROGRAM_NAME}.out" expected_stdout)
if(source MATCHES "// EXPECT ([A-Z]) = ([0-9]+)")
  set(param_name "${CMAKE_MATCH_1}")
  set(param_value "${CMAKE_MATCH_2}")
endif()
foreach(which off on context)
  if(source MATCHES "// EXPECT ${which}: ([^,\n]+) allocations, ([^\n]+) bytes")
    eval_count("${CMAKE_MATCH_1}" want_${which}_allocs)
    eval_count("${CMAKE_MATCH_2}" want_${which}_bytes)
  elseif(which STREQUAL "context")
    set(want_context_allocs ${want_on_allocs})
    set(want_context_bytes ${want_on_bytes})
  else()
    fail("no `// EXPECT ${which}: A allocations, B bytes` line")
  endif()
endforeach()

set(out "${WORK}/${PROGRAM_NAME}")
if(MODE STREQUAL "unsound")
  hobbyc(-q --unsound-all-stack --cc=${CC} "--cflags=${asan_flags}" "${PROGRAM}" -o "${out}_unsound")
  run_exe("${out}_unsound" ENV ${asan_env})
  if(run_rc EQUAL 0 OR NOT run_stderr MATCHES "AddressSanitizer: stack-use-after-(return|scope)")
    fail("expected ASan to report a stack use after return or scope, got (${run_rc}):\n${run_stderr}")
  endif()
  string(REGEX MATCH "AddressSanitizer: [a-z-]+" what "${run_stderr}")
  message(STATUS "every object on the stack: ASan reports '${what}', as it must")
  return()
endif()

set(cflags -O2)
set(env "")
if(MODE STREQUAL "asan")
  set(cflags "${asan_flags}")
  set(env ${asan_env})
endif()

# Builds and runs one variant; checks output and exit status; sets got_allocs / got_bytes.
function(variant name)
  hobbyc(--cc=${CC} "--cflags=${cflags}" ${ARGN} "${PROGRAM}" -o "${out}_${name}")
  set(hobbyc_stderr "${hobbyc_stderr}" PARENT_SCOPE)
  run_exe("${out}_${name}" ENV ${env})
  if(NOT run_rc EQUAL 0)
    fail("${name}: the program failed (${run_rc}):\n${run_stderr}")
  endif()
  if(NOT run_stdout STREQUAL expected_stdout)
    file(WRITE "${out}_${name}.stdout" "${run_stdout}")
    fail("${name}: output differs from ${PROGRAM_NAME}.out (got ${out}_${name}.stdout)")
  endif()
  if(heap_allocs STREQUAL "")
    fail("${name}: the runtime printed no heap counts:\n${run_stderr}")
  endif()
  set(got_allocs "${heap_allocs}" PARENT_SCOPE)
  set(got_bytes "${heap_bytes}" PARENT_SCOPE)
endfunction()

# The default build: dispatch=context, or conservative where the library falls back.
function(context_variant)
  variant(context --check-verdicts)
  string(REGEX MATCH "dispatch=[a-z]+" used "${hobbyc_stderr}")
  set(want_a ${want_context_allocs})
  set(want_b ${want_context_bytes})
  if(NOT used STREQUAL "dispatch=context")
    set(want_a ${want_on_allocs})
    set(want_b ${want_on_bytes})
  endif()
  if(NOT got_allocs EQUAL want_a OR NOT got_bytes EQUAL want_b)
    fail("${used}: ${got_allocs} allocations, ${got_bytes} bytes; expected ${want_a}, ${want_b}")
  endif()
  message(STATUS "analysis on, ${used}: ${got_allocs} heap allocations, ${got_bytes} bytes "
    "(dispatch=conservative: ${want_on_allocs}, ${want_on_bytes})")
endfunction()

if(MODE STREQUAL "context")
  context_variant()
  return()
endif()

variant(off --no-escape)
if(NOT got_allocs EQUAL want_off_allocs OR NOT got_bytes EQUAL want_off_bytes)
  fail("analysis off: ${got_allocs} allocations, ${got_bytes} bytes; expected ${want_off_allocs}, ${want_off_bytes}")
endif()
set(off_allocs ${got_allocs})
set(off_bytes ${got_bytes})
variant(on --dispatch=conservative --check-verdicts)
if(NOT got_allocs EQUAL want_on_allocs OR NOT got_bytes EQUAL want_on_bytes)
  fail("analysis on: ${got_allocs} allocations, ${got_bytes} bytes; expected ${want_on_allocs}, ${want_on_bytes}")
endif()
math(EXPR saved_allocs "${off_allocs} - ${got_allocs}")
math(EXPR saved_bytes "${off_bytes} - ${got_bytes}")
message(STATUS "heap off: ${off_allocs} allocations, ${off_bytes} bytes; on (dispatch=conservative): ${got_allocs}, "
  "${got_bytes}; on the stack instead: ${saved_allocs} allocations, ${saved_bytes} bytes")
if(MODE STREQUAL "asan")
  context_variant()
endif()
