# examples/llvm/run-test.cmake - runs one pass test: `cmake -DOPT=... -DFILECHECK=... -DPLUGIN=... -DTEST=x.ll -P run-test.cmake`.
#
# Every `; RUN-OPT: ARGS` line of the test runs `opt ARGS -load-pass-plugin=PLUGIN TEST -S` (remarks on
# stderr, the module on stdout, both checked); `; RUN-OPT(PREFIX): ARGS` checks with
# --check-prefix=PREFIX instead of CHECK. The test fails when opt fails or FileCheck does.
file(STRINGS "${TEST}" lines REGEX "^; RUN-OPT")
if(NOT lines)
  message(FATAL_ERROR "${TEST}: no '; RUN-OPT:' line")
endif()
get_filename_component(name "${TEST}" NAME_WE)
set(n 0)
foreach(line IN LISTS lines)
  math(EXPR n "${n} + 1")
  set(prefix CHECK)
  if(line MATCHES "^; RUN-OPT\\(([A-Za-z0-9_-]+)\\): (.*)$")
    set(prefix "${CMAKE_MATCH_1}")
    set(args "${CMAKE_MATCH_2}")
  elseif(line MATCHES "^; RUN-OPT: (.*)$")
    set(args "${CMAKE_MATCH_1}")
  else()
    message(FATAL_ERROR "${TEST}: bad RUN-OPT line: ${line}")
  endif()
  separate_arguments(args UNIX_COMMAND "${args}")
  execute_process(
    COMMAND "${OPT}" "-load=${PLUGIN}" "-load-pass-plugin=${PLUGIN}" ${args} "${TEST}" -S
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "opt failed (${rc}) on ${TEST}:\n${err}")
  endif()
  set(result "${CMAKE_CURRENT_BINARY_DIR}/${name}.${n}.out")
  file(WRITE "${result}" "${err}\n${out}")
  execute_process(COMMAND "${FILECHECK}" "${TEST}" "--check-prefix=${prefix}" "--input-file=${result}" RESULT_VARIABLE fc)
  if(NOT fc EQUAL 0)
    message(FATAL_ERROR "FileCheck failed on ${TEST} (prefix ${prefix}); output in ${result}")
  endif()
endforeach()
