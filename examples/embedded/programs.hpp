// examples/embedded/programs.hpp - the text-IR programs built into the firmware. The build
// generates their definitions (programs.cpp, by embed.cmake) from the .ir files; each text is
// stored in the .ir_programs section (mps2-an386.ld), apart from the code.
#ifndef ESCAPADE_EMBEDDED_PROGRAMS_HPP
#define ESCAPADE_EMBEDDED_PROGRAMS_HPP

#include <cstddef>

struct embedded_program {
    const char* name;  ///< the file name, as the host tool is given it (reports start with it)
    const char* text;
    std::size_t size;
};

extern const embedded_program embedded_programs[];
extern const std::size_t embedded_program_count;

#endif  // ESCAPADE_EMBEDDED_PROGRAMS_HPP
