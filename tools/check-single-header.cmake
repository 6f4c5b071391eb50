# tools/check-single-header.cmake - fails when single_include/ does not match include/.
#
#   cmake [-DROOT=<repo>] [-DSCRATCH=<file>] -P tools/check-single-header.cmake
#
# Regenerates the single header into SCRATCH (default: a file in the current directory) with
# tools/amalgamate.cmake and compares it byte for byte with the committed
# single_include/escapade/escapade.hpp. ctest runs this as `single_header_up_to_date`, and
# tools/run-tests runs it before building anything.

cmake_minimum_required(VERSION 3.21)

if(NOT DEFINED ROOT)
  get_filename_component(ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
endif()
get_filename_component(ROOT "${ROOT}" ABSOLUTE)
if(NOT DEFINED SCRATCH)
  set(SCRATCH "${CMAKE_CURRENT_BINARY_DIR}/escapade-amalgamated.hpp")
endif()
get_filename_component(SCRATCH "${SCRATCH}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")

set(committed "${ROOT}/single_include/escapade/escapade.hpp")

execute_process(
  COMMAND "${CMAKE_COMMAND}" "-DROOT=${ROOT}" "-DOUT=${SCRATCH}" -P "${ROOT}/tools/amalgamate.cmake"
  RESULT_VARIABLE rc
  OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check-single-header: tools/amalgamate.cmake failed (exit ${rc})")
endif()

set(fix
  "Regenerate it from the repository root with\n"
  "    cmake -P tools/amalgamate.cmake\n"
  "(or `cmake --build <build-dir> --target amalgamate`) and commit the result. "
  "Never edit single_include/ by hand.")

if(NOT EXISTS "${committed}")
  message(FATAL_ERROR "single_include/escapade/escapade.hpp is missing.\n" ${fix})
endif()

execute_process(
  COMMAND "${CMAKE_COMMAND}" -E compare_files "${SCRATCH}" "${committed}"
  RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR
    "single_include/escapade/escapade.hpp is stale: it differs from what tools/amalgamate.cmake "
    "makes of include/escapade/. To see the difference:\n"
    "    diff -u ${committed} ${SCRATCH}\n" ${fix})
endif()
message(STATUS "single_include/escapade/escapade.hpp is up to date")
