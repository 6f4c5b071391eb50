# cmake/toolchains/arm-none-eabi-cortex-m4.cmake - bare-metal Cortex-M4 (Debian's gcc-arm-none-eabi,
# libstdc++-arm-none-eabi-newlib, libnewlib-arm-none-eabi).
#
#   cmake --preset cortex-m4          # or: cmake -DCMAKE_TOOLCHAIN_FILE=<this file> ...
#
# Every C++ file is compiled with -mcpu=cortex-m4 -mthumb -fno-exceptions -fno-rtti (and
# -Os in the MinSizeRel build type the preset uses), one section per function and object so
# the linker drops what is unused. Linking a program needs a startup, a linker script and a C
# runtime: examples/embedded shows all three (newlib-nano with semihosting, QEMU mps2-an386).
# range-v3 comes from the host's /usr/include (host-header-libs.cmake).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
foreach(_tool IN ITEMS nm size objcopy objdump)
  string(TOUPPER "${_tool}" _var)
  find_program(ESCAPADE_ARM_${_var} arm-none-eabi-${_tool})
endforeach()

# No operating system: CMake's compiler checks build a static library instead of a program.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(ESCAPADE_CORTEX_M4_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=soft")
set(CMAKE_C_FLAGS_INIT "${ESCAPADE_CORTEX_M4_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT
  "${ESCAPADE_CORTEX_M4_FLAGS} -fno-exceptions -fno-rtti -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${ESCAPADE_CORTEX_M4_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

include("${CMAKE_CURRENT_LIST_DIR}/host-header-libs.cmake")
