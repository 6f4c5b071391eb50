# cmake/toolchains/linux-cross.cmake - shared part of the Linux cross toolchain files
# (aarch64-linux-gnu.cmake, arm-linux-gnueabihf.cmake). The including file sets
# ESCAPADE_CROSS_TRIPLE (Debian's compiler prefix), CMAKE_SYSTEM_PROCESSOR and ESCAPADE_CROSS_QEMU
# (the qemu-user binary).
#
# Debian's cross compilers (g++-<triple>) and their libraries (/usr/<triple>); ctest runs every test
# executable through CMAKE_CROSSCOMPILING_EMULATOR (qemu-<arch> -L /usr/<triple>, Debian's
# qemu-user), so the host needs no binfmt setup. range-v3 and Catch2 come from the host's
# /usr/include (host-header-libs.cmake).
set(CMAKE_SYSTEM_NAME Linux)

set(CMAKE_C_COMPILER ${ESCAPADE_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${ESCAPADE_CROSS_TRIPLE}-g++)
set(ESCAPADE_CROSS_SYSROOT "/usr/${ESCAPADE_CROSS_TRIPLE}")

find_program(ESCAPADE_CROSS_QEMU_PATH ${ESCAPADE_CROSS_QEMU})
if(ESCAPADE_CROSS_QEMU_PATH)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${ESCAPADE_CROSS_QEMU_PATH};-L;${ESCAPADE_CROSS_SYSROOT}")
endif()

# Libraries and headers of the target only; programs (cmake, ninja) of the host.
set(CMAKE_FIND_ROOT_PATH "${ESCAPADE_CROSS_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

include("${CMAKE_CURRENT_LIST_DIR}/host-header-libs.cmake")
