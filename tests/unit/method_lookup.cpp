// The generic IR's method tables: module::find_method and builder::lookup_method answer through
// the module's method index exactly what a scan of every declared method answers (the definitions
// they had before the index: the first declared method that matches), including methods of named
// pointer types, duplicates, unknown names and type ids.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include <escapade/escapade.hpp>

namespace {

using namespace escapade;
using escapade::ir::func_id;
using escapade::ir::type_id;

// The reference definitions: scans over module::method_at in declaration order.
func_id scan_find(const ir::module& m, type_id t, std::string_view name) {
    for (std::size_t i = 0; i < m.method_count(); ++i)
        if (m.method_at(index_t(i)).receiver == t && m.method_at(index_t(i)).name == name) return m.method_at(index_t(i)).function;
    return invalid_index;
}

func_id scan_lookup(const ir::module& m, type_id t, std::string_view name) {
    func_id f = scan_find(m, t, name);
    if (f != invalid_index) return f;
    const ir::type& ty = m.type_at(t);
    if (ty.kind == type_kind::pointer) return scan_find(m, ty.elem, name);
    for (std::size_t i = 0; i < m.method_count(); ++i) {
        const ir::method& mm = m.method_at(index_t(i));
        if (mm.name == name && m.type_at(mm.receiver).kind == type_kind::pointer && m.type_at(mm.receiver).elem == t) return mm.function;
    }
    return invalid_index;
}

type_id named_struct(ir::builder& b, std::string_view name) {
    type_id t = b.declare_named(name, {});
    ir::field f{"n", b.builtin(type_kind::int_), 0, false};
    b.define_named(t, b.struct_type(&f, 1));
    return t;
}

}  // namespace

TEST_CASE("method lookup: T, *T, named pointer types, first declared wins", "[ir][methods]") {
    for (bool pointer_first : {false, true}) {
        ir::module m;
        ir::builder b(m);
        type_id box = named_struct(b, "Box");
        type_id pbox = b.declare_named("PBox", {});
        REQUIRE(b.define_named(pbox, b.pointer_to(box)));
        type_id ptr = b.pointer_to(box);
        func_id fp = b.function("PBox.Put", {});
        func_id fq = b.function("(*Box).Put", {});
        func_id fg = b.function("Box.Get", {});
        if (pointer_first) {
            REQUIRE(b.add_method(ptr, "Put", fq, {}));
            REQUIRE(b.add_method(pbox, "Put", fp, {}));
        } else {
            REQUIRE(b.add_method(pbox, "Put", fp, {}));
            REQUIRE(b.add_method(ptr, "Put", fq, {}));
        }
        REQUIRE(b.add_method(box, "Get", fg, {}));
        INFO("*Box.Put declared " << (pointer_first ? "first" : "second"));
        CHECK(m.find_method(pbox, "Put") == fp);
        CHECK(m.find_method(ptr, "Put") == fq);
        CHECK(m.find_method(box, "Put") == invalid_index);  // a method of *Box is not one of Box
        CHECK(m.find_method(box, "Get") == fg);
        CHECK(m.find_method(ptr, "Get") == invalid_index);  // find_method: the receiver type exactly
        CHECK(m.find_method(box, "Missing") == invalid_index);
        CHECK(m.find_method(type_id(m.type_count() + 5), "Put") == invalid_index);
        // lookup_method: a pointer method of Box is found from Box, the first declared wins
        CHECK(b.lookup_method(box, "Put") == (pointer_first ? fq : fp));
        CHECK(b.lookup_method(ptr, "Get") == fg);
        CHECK(b.lookup_method(pbox, "Put") == fp);
        CHECK(b.lookup_method(box, "Missing") == invalid_index);
        // Box.Put would be a duplicate of (*Box).Put; PBox.Get is not one of Box.Get
        CHECK_FALSE(b.add_method(box, "Put", fg, {}));
        CHECK(b.status().code() == errc::duplicate_name);
    }
}

TEST_CASE("method lookup agrees with a scan of every method on a generated module", "[ir][methods]") {
    ir::module m;
    ir::builder b(m);
    std::vector<type_id> types;
    const int named = 40;
    for (int i = 0; i < named; ++i) types.push_back(named_struct(b, "T" + std::to_string(i)));
    for (int i = 0; i < named; ++i) types.push_back(b.pointer_to(types[std::size_t(i)]));
    for (int i = 0; i < 6; ++i) {  // named pointer types, to some of the structs
        type_id p = b.declare_named("P" + std::to_string(i), {});
        REQUIRE(b.define_named(p, b.pointer_to(types[std::size_t(i * 5)])));
        types.push_back(p);
    }
    const char* names[] = {"Read", "Write", "String", "Close", "Len", "Put"};
    std::uint32_t seed = 12345;
    auto next = [&seed]() {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    int added = 0, refused = 0;
    for (int k = 0; k < 400; ++k) {
        type_id recv = types[next() % types.size()];
        std::string_view name = names[next() % 6];
        func_id f = b.function("m" + std::to_string(k), {});
        REQUIRE(f != invalid_index);
        // a second method of the same name of T or *T is refused (and fails the builder): skip it
        bool duplicate = false;
        for (std::size_t i = 0; i < m.method_count(); ++i) {
            const ir::method& mm = m.method_at(index_t(i));
            if (m.method_owner(mm.receiver) == m.method_owner(recv) && mm.name == name) duplicate = true;
        }
        if (duplicate) {
            ++refused;
            continue;
        }
        REQUIRE(b.add_method(recv, name, f, {}));
        ++added;
    }
    CHECK(added > 50);
    CHECK(refused > 50);
    for (type_id t = 0; t < m.type_count(); ++t)
        for (const char* name : names) {
            INFO("type " << t << " method " << name);
            CHECK(m.find_method(t, name) == scan_find(m, t, name));
            CHECK(b.lookup_method(t, name) == scan_lookup(m, t, name));
        }
}
