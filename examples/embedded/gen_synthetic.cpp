// examples/embedded/gen_synthetic.cpp - writes bench/synthetic.hpp's module to a file (a host tool
// of the embedded build): gen_synthetic STATEMENTS SEED OUT.ir
#include <cstdio>
#include <cstdlib>

#include "synthetic.hpp"

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: gen_synthetic STATEMENTS SEED OUT.ir\n");
        return 2;
    }
    std::string text = synthetic::make_module(std::strtoul(argv[1], nullptr, 10), std::strtoull(argv[2], nullptr, 10));
    std::FILE* f = std::fopen(argv[3], "wb");
    if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0) {
        std::fprintf(stderr, "gen_synthetic: cannot write %s\n", argv[3]);
        return 1;
    }
    return 0;
}
