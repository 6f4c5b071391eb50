// tests/fuzz/fuzz_reader.cpp - libFuzzer target: the text-IR reader on arbitrary bytes.
//
// Any byte sequence must give either a module or a status error with a message; never a crash,
// undefined behaviour, a leak or a hang. See tests/fuzz/README.md for the command.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <escapade/escapade.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    escapade::ir::module m;
    escapade::ir::read_options ro;
    ro.file_name = "fuzz.ir";
    escapade::status st = escapade::ir::read_text(text, m, ro);
    if (!st.ok()) {
        // Every error carries a message.
        if (st.message()[0] == '\0') std::abort();
        char buf[600];
        st.format(buf, sizeof buf);
    }
    return 0;
}
