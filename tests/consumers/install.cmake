# tests/consumers/install.cmake - installs the build tree BUILD_DIR into a fresh PREFIX.
#   cmake -DBUILD_DIR=<build> -DPREFIX=<dir> -P install.cmake
# The prefix is emptied first, so a file the install rules forgot cannot linger from an earlier run.
cmake_minimum_required(VERSION 3.21)
foreach(var BUILD_DIR PREFIX)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed (exit ${rc})")
endif()
