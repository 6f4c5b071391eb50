// This file must FAIL to compile: cfg_traits is specialised for my_cfg, but validate_cfg is called
// with a pointer to it. One static_assert must say that there is no specialisation for that type.
// EXPECT-ERROR: no escapade::cfg_traits specialisation
#include <escapade/cfg_validate.hpp>

struct my_cfg {};

int main() {
    my_cfg m;
    const my_cfg* p = &m;
    return escapade::validate_cfg(p).ok() ? 0 : 1;
}
