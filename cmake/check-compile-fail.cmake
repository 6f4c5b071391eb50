# cmake/check-compile-fail.cmake - a ctest driver for tests/compile_fail/*.cpp.
#
#   cmake -DBUILD_DIR=<build> -DTARGET=<target> -DSOURCE=<file.cpp> -P check-compile-fail.cmake
#
# Builds TARGET (an EXCLUDE_FROM_ALL object library holding SOURCE) and passes when
#   1. the build fails,
#   2. the compiler reports exactly one error (a library misuse must produce one readable
#      static_assert, not a cascade from inside the library), and
#   3. that output matches every `// EXPECT-ERROR: <regex>` line of SOURCE, or, if SOURCE has
#      none, the static-assertion wording of g++ or clang++.
cmake_minimum_required(VERSION 3.21)

foreach(var BUILD_DIR TARGET SOURCE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check-compile-fail.cmake: -D${var}=... is required")
  endif()
endforeach()

file(STRINGS "${SOURCE}" expect_lines REGEX "^[ \t]*//[ \t]*EXPECT-ERROR:")
set(expected "")
foreach(line IN LISTS expect_lines)
  string(REGEX REPLACE "^[ \t]*//[ \t]*EXPECT-ERROR:[ \t]*" "" pattern "${line}")
  string(STRIP "${pattern}" pattern)
  list(APPEND expected "${pattern}")
endforeach()
if(NOT expected)
  # g++: "static assertion failed: ..."; clang 14: "static_assert failed due to requirement ...".
  set(expected "static.assert(ion)? failed")
endif()

execute_process(
  COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target "${TARGET}"
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE out)

get_filename_component(name "${SOURCE}" NAME)
if(rc EQUAL 0)
  message(FATAL_ERROR "${name} compiled, but it must not:\n${out}")
endif()

# Count the compiler's error diagnostics ("file:line:col: error: ..."; also "fatal error:").
# Semicolons would split the CMake list, so they are masked first.
string(REPLACE ";" "<semicolon>" masked "${out}")
string(REGEX MATCHALL "[^\n]*: (fatal )?error: [^\n]*" errors "${masked}")
list(LENGTH errors n_errors)
if(NOT n_errors EQUAL 1)
  message(FATAL_ERROR "${name}: expected exactly one compiler error, got ${n_errors}:\n${out}")
endif()

foreach(pattern IN LISTS expected)
  if(NOT out MATCHES "${pattern}")
    message(FATAL_ERROR "${name}: the compiler output does not match `${pattern}`:\n${out}")
  endif()
endforeach()
string(REPLACE "<semicolon>" ";" errors "${errors}")
message(STATUS "${name} fails to compile as expected: ${errors}")
