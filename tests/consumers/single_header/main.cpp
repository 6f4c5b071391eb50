#include <escapade/escapade.hpp>

int main() { return escapade::status::success().ok() ? 0 : 1; }
