// escapade/ir/read_options.hpp - the options of ir::read_text (ir/reader.hpp).
#ifndef ESCAPADE_IR_READ_OPTIONS_HPP
#define ESCAPADE_IR_READ_OPTIONS_HPP

#include <cstdint>
#include <string_view>

#include "builder.hpp"

namespace escapade::ir {

struct read_options {
    std::string_view file_name = "<input>";  ///< used in error messages and as file 0 of positions
    std::uint32_t max_type_nesting = 64;       ///< nesting limit for type expressions
    bool reserve = true;  ///< reserve table capacity from the first pass's counts (set false with small arenas)
    builder_limits limits{};
};

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_READ_OPTIONS_HPP
