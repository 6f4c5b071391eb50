// escapade/report_format.hpp - the formats of the line report (report.hpp describes them), apart so
// that the compiled mode's declarations (compiled.hpp) name it without the report's templates.
#ifndef ESCAPADE_REPORT_FORMAT_HPP
#define ESCAPADE_REPORT_FORMAT_HPP

#include <cstdint>

namespace escapade {

enum class report_format : std::uint8_t { text, gc };

}  // namespace escapade

#endif  // ESCAPADE_REPORT_FORMAT_HPP
