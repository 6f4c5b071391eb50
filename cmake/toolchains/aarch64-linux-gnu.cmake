# cmake/toolchains/aarch64-linux-gnu.cmake - 64-bit ARM Linux: Debian's g++-aarch64-linux-gnu,
# tests under qemu-aarch64 (qemu-user). `cmake --preset aarch64`, or
# -DCMAKE_TOOLCHAIN_FILE=<this file>. See linux-cross.cmake.
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(ESCAPADE_CROSS_TRIPLE aarch64-linux-gnu)
set(ESCAPADE_CROSS_QEMU qemu-aarch64)
include("${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake")
