// tests/main.cpp - the one translation unit that holds Catch2's main and runner.
//
// Built once (the OBJECT library escapade_test_main) with the same flags as the tests, which
// matters for -fno-exceptions -fno-rtti: the distribution's prebuilt Catch2WithMain was compiled
// with exceptions. Write no TEST_CASE here; this file is slow to compile and should never change.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
