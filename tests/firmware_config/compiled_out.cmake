# tests/firmware_config/compiled_out.cmake - the firmware_config_compiled_out test.
#   cmake -DCOMPILED_OUT=escapade_compiled_out -DHOST_TOOL=escapade -DPROGRAMS="a.ir;b.ir"
#         -DOUT_DIR=<dir> -P compiled_out.cmake
# Runs the default build's tool (`escapade --format=text`) and the firmware configuration
# (compiled_out.cpp) on the same programs: the second must exit with 0 (its refusal checks pass)
# and print exactly the first's lines.
cmake_minimum_required(VERSION 3.21)
foreach(var COMPILED_OUT HOST_TOOL PROGRAMS OUT_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "compiled_out.cmake: -D${var}=... is required")
  endif()
endforeach()
execute_process(COMMAND "${HOST_TOOL}" --format=text ${PROGRAMS}
  OUTPUT_FILE "${OUT_DIR}/default.txt" RESULT_VARIABLE host_rc)
if(NOT host_rc EQUAL 0)
  message(FATAL_ERROR "the escapade tool failed (exit ${host_rc})")
endif()
execute_process(COMMAND "${COMPILED_OUT}" ${PROGRAMS}
  OUTPUT_FILE "${OUT_DIR}/compiled_out.txt" ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "escapade_compiled_out failed (exit ${rc}):\n${err}")
endif()
file(READ "${OUT_DIR}/default.txt" expected)
file(READ "${OUT_DIR}/compiled_out.txt" actual)
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "the firmware configuration's reports differ from the default build's:\n"
    "    diff -u ${OUT_DIR}/default.txt ${OUT_DIR}/compiled_out.txt")
endif()
string(REGEX MATCHALL "\n" newlines "${expected}")
list(LENGTH newlines n)
list(LENGTH PROGRAMS programs)
message(STATUS "the firmware configuration printed the default build's ${n} lines for ${programs} programs; every compiled-out request was refused")
