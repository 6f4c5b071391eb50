# tests/oracle.cmake - the soundness oracle (docs/soundness.md): the escapade-oracle driver, its CTest
# entries, and the libFuzzer targets. Included from tests/CMakeLists.txt after escapade_tests is
# defined:
#
#   include("${CMAKE_CURRENT_SOURCE_DIR}/oracle.cmake")
#
#   escapade-oracle       tools/escapade-oracle.cpp (+ tests/support/oracle_*.hpp); -O2 in every
#                         build type, because CI mode checks 20,000 programs in every mode
#   oracle_regressions    every tests/regressions/*.ir through the oracle (also run by the unit test
#                         tests/unit/oracle_regressions.cpp inside escapade_tests)
#   oracle_corpus         tests/ir/{gc,dispatch,precise}/*.ir and examples/seed/*.ir through the oracle
#   oracle_ci             `escapade-oracle --ci` (ESCAPADE_ORACLE_CI, default ON; label "slow"). The
#                         presets turn it on in `default` only: under ASan it takes over 10 minutes,
#                         under QEMU longer, and the analysis it checks is the same in every preset
#   fuzz_reader, fuzz_pipeline   libFuzzer targets (ESCAPADE_BUILD_FUZZERS=ON, clang only;
#                         tests/fuzz/README.md has the command to run them)

find_package(Threads REQUIRED)

# The oracle's unit tests (tests/unit/oracle_*.cpp, globbed into escapade_tests) run the driver on
# threads.
target_link_libraries(escapade_tests PRIVATE Threads::Threads)

add_executable(escapade-oracle "${PROJECT_SOURCE_DIR}/tools/escapade-oracle.cpp")
target_include_directories(escapade-oracle PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
target_link_libraries(escapade-oracle PRIVATE escapade_under_test escapade_warnings Threads::Threads)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(escapade-oracle PRIVATE -O2)
endif()

file(GLOB oracle_regression_files CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/regressions/*.ir")
add_test(NAME oracle_regressions COMMAND escapade-oracle --quiet ${oracle_regression_files})
set_tests_properties(oracle_regressions PROPERTIES LABELS "oracle")

# The hand-written corpora through the oracle too: every text-IR test program (gc, dispatch,
# precise) and the seed programs, in every model and dispatch policy. Programs the interpreter
# cannot execute (goto, channels, unsafe) are reported and skipped.
file(GLOB oracle_corpus_files CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/ir/gc/*.ir"
  "${CMAKE_CURRENT_SOURCE_DIR}/ir/dispatch/*.ir" "${CMAKE_CURRENT_SOURCE_DIR}/ir/precise/*.ir"
  "${PROJECT_SOURCE_DIR}/examples/seed/*.ir")
add_test(NAME oracle_corpus COMMAND escapade-oracle --quiet ${oracle_corpus_files})
set_tests_properties(oracle_corpus PROPERTIES LABELS "oracle")

option(ESCAPADE_ORACLE_CI "Register the soundness oracle's CI mode (20,000 generated programs) as a test" ON)
if(ESCAPADE_ORACLE_CI)
  add_test(NAME oracle_ci COMMAND escapade-oracle --ci --quiet)
  set_tests_properties(oracle_ci PROPERTIES TIMEOUT 900 LABELS "oracle;slow")
endif()

option(ESCAPADE_BUILD_FUZZERS "Build the libFuzzer targets of tests/fuzz (needs clang)" OFF)
if(ESCAPADE_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "ESCAPADE_BUILD_FUZZERS=ON needs clang (libFuzzer)")
  endif()
  foreach(target IN ITEMS reader pipeline)
    add_executable(fuzz_${target} "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_${target}.cpp")
    target_link_libraries(fuzz_${target} PRIVATE escapade_under_test)
    target_compile_options(fuzz_${target} PRIVATE -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
    target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer,address,undefined)
  endforeach()
endif()
