// src/compiled.cpp - the compiled mode's implementation translation unit (config.hpp's
// ESCAPADE_COMPILED): the generic IR's reader, writer, builder, analyze() and text report, compiled
// once. CMake builds it as the escapade::compiled library; without CMake, compile it (or a file
// like it) into the program, and build every other file with -DESCAPADE_COMPILED=1.
#define ESCAPADE_IMPLEMENTATION 1
#include <escapade/escapade.hpp>
