// tests/compiled/build_layout.cpp - the second declaration-only TU of the test `compiled_mode`
// (use_analysis.cpp says why): it calls ir::builder's members, defined in the implementation TU.
// The layout is reasoned from the types: {int8, *int, int8} on a 64-bit target puts the pointer
// at offset 8 (its alignment) and pads the struct to 24 bytes; an array of 4 of them is 96.
#include <escapade/escapade.hpp>

bool check_builder_layout() {
    using namespace escapade;
    ir::module m;
    ir::builder b(m);
    ir::type_id i8 = b.builtin(type_kind::int8);
    ir::type_id pi = b.pointer_to(b.builtin(type_kind::int_));
    ir::field fs[] = {{"a", i8, 0, false}, {"p", pi, 0, false}, {"b", i8, 0, false}};
    ir::type_id st = b.struct_type(fs, 3);
    ir::type_id arr = b.array_of(st, 4);
    if (!b.finish()) return false;
    if (sizeof(void*) != 8) return m.type_at(st).has_pointers;  // 32-bit hosts: the pointer-ness only
    return m.type_at(st).size == 24 && m.type_at(st).align == 8 && m.field_at(st, 1).offset == 8 &&
           m.type_at(st).has_pointers && m.type_at(arr).size == 96;
}
