# examples/embedded/run_firmware.cmake - the embedded_firmware test.
#   cmake -DQEMU=qemu-system-arm -DFIRMWARE=escapade_firmware.elf -DHOST_TOOL=escapade
#         -DPROGRAM_DIR=<dir> -DPROGRAMS="a.ir;b.ir" -DOUT_DIR=<dir> -P run_firmware.cmake
# Runs the host tool on the programs (from PROGRAM_DIR, so reports name them as the firmware does)
# and the firmware under QEMU; the firmware must exit with 0 and print exactly the host's lines
# (its '#' lines are measurements and are shown, not compared). Both outputs stay in OUT_DIR.
cmake_minimum_required(VERSION 3.21)
foreach(var QEMU FIRMWARE HOST_TOOL PROGRAM_DIR PROGRAMS OUT_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run_firmware.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT EXISTS "${QEMU}")
  message(FATAL_ERROR "qemu-system-arm not found (Debian: apt-get install qemu-system-arm)")
endif()
file(MAKE_DIRECTORY "${OUT_DIR}")

execute_process(COMMAND "${HOST_TOOL}" --format=text ${PROGRAMS}
  WORKING_DIRECTORY "${PROGRAM_DIR}"
  OUTPUT_FILE "${OUT_DIR}/host.txt"
  RESULT_VARIABLE host_rc)
if(NOT host_rc EQUAL 0)
  message(FATAL_ERROR "the host tool failed (exit ${host_rc}): ${HOST_TOOL} --format=text ${PROGRAMS}")
endif()

execute_process(COMMAND "${QEMU}" -M mps2-an386 -nographic -monitor none -serial null -semihosting
    -kernel "${FIRMWARE}"
  OUTPUT_FILE "${OUT_DIR}/firmware.txt"
  ERROR_VARIABLE qemu_err
  RESULT_VARIABLE qemu_rc
  TIMEOUT 300)
file(STRINGS "${OUT_DIR}/firmware.txt" measurements REGEX "^#")
foreach(line IN LISTS measurements)
  message(STATUS "firmware ${line}")
endforeach()
if(NOT qemu_rc STREQUAL "0")
  message(FATAL_ERROR "the firmware did not exit with 0 (${qemu_rc}); output in ${OUT_DIR}/firmware.txt\n${qemu_err}")
endif()

# Compare the report lines (file(READ) keeps empty lines and every byte; '#' lines are dropped).
file(READ "${OUT_DIR}/host.txt" expected)
file(READ "${OUT_DIR}/firmware.txt" actual)
string(REGEX REPLACE "(^|\n)#[^\n]*" "" actual "${actual}")
string(REGEX REPLACE "^\n" "" actual "${actual}")
file(WRITE "${OUT_DIR}/firmware-report.txt" "${actual}")
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "the firmware's report differs from the host tool's:\n"
    "    diff -u ${OUT_DIR}/host.txt ${OUT_DIR}/firmware-report.txt")
endif()
string(REGEX MATCHALL "\n" newlines "${expected}")
list(LENGTH newlines n)
list(LENGTH PROGRAMS programs)
message(STATUS "the firmware printed the host tool's ${n} lines for ${programs} programs")
