# cmake/toolchains/arm-linux-gnueabihf.cmake - 32-bit ARM Linux (ARMv7, hard float): Debian's
# g++-arm-linux-gnueabihf, tests under qemu-arm (qemu-user). The 32-bit build of the whole test
# suite: size_t and pointers of 4 bytes, 8-byte aligned 64-bit integers. `cmake --preset armhf`, or
# -DCMAKE_TOOLCHAIN_FILE=<this file>. See linux-cross.cmake.
set(CMAKE_SYSTEM_PROCESSOR arm)
set(ESCAPADE_CROSS_TRIPLE arm-linux-gnueabihf)
set(ESCAPADE_CROSS_QEMU qemu-arm)
include("${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake")

# GCC notes that the ABI of some std::vector iterator arguments changed in GCC 7.1 (-Wpsabi): true
# and irrelevant here (everything is built with one compiler); keep the build log quiet.
set(CMAKE_CXX_FLAGS_INIT "-Wno-psabi")
