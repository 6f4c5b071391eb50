// escapade/ir/write_options.hpp - the options of ir::write_text (ir/writer.hpp).
#ifndef ESCAPADE_IR_WRITE_OPTIONS_HPP
#define ESCAPADE_IR_WRITE_OPTIONS_HPP

namespace escapade::ir {

struct write_options {
    bool positions = false;  ///< write every position explicitly
};

}  // namespace escapade::ir

#endif  // ESCAPADE_IR_WRITE_OPTIONS_HPP
