// Statements' and expressions' positions are packed in 8 bytes (ir::packed_pos): file and column
// in 16 bits each when they fit, otherwise an index into the module's table of full positions.
// These tests give positions on both sides of that boundary, through the builder and through the
// text reader and writer, and check that each comes back exactly.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <escapade/escapade.hpp>

namespace {

using escapade::source_pos;
namespace ir = escapade::ir;

bool has_stmt_at(const ir::module& m, source_pos p) {
    for (std::size_t s = 0; s < m.stmt_count(); ++s)
        if (m.stmt_pos(static_cast<ir::stmt_id>(s)) == p) return true;
    return false;
}
bool has_expr_at(const ir::module& m, source_pos p) {
    for (std::size_t e = 0; e < m.expr_count(); ++e)
        if (m.expr_pos(static_cast<ir::expr_id>(e)) == p) return true;
    return false;
}

}  // namespace

TEST_CASE("packed positions: the builder keeps every file, line and column", "[ir]") {
    static_assert(sizeof(ir::expr) == 32 && sizeof(ir::stmt) == 48, "");
    ir::module m;
    ir::builder b(m);
    const escapade::type_kind int_kind = escapade::type_kind::int_;
    ir::func_id f = b.function("f", source_pos{0, 1, 1});
    REQUIRE(f != escapade::invalid_index);
    ir::type_id it = b.builtin(int_kind);
    const source_pos positions[] = {
        {0, 2, 3},                       // fits
        {65534, 3, 65534},               // the largest file and column that fit
        {65535, 4, 1},                   // file past 16 bits
        {1, 5, 65535},                   // column past 16 bits
        {70000, 4000000000u, 123456789u}, // all large
        {0, 0, 0},                       // unknown
    };
    std::vector<ir::expr_id> refs;
    std::vector<ir::stmt_id> decls;
    for (const source_pos& p : positions) {
        ir::var_id v = b.local(f, "v" + std::to_string(decls.size()), it, p);
        REQUIRE(v != escapade::invalid_index);
        decls.push_back(b.declare(v, p));
        refs.push_back(b.var_ref(v, p));
        REQUIRE(decls.back() != escapade::invalid_index);
        REQUIRE(refs.back() != escapade::invalid_index);
    }
    for (std::size_t i = 0; i < decls.size(); ++i) {
        INFO("position " << i);
        CHECK(m.stmt_pos(decls[i]) == positions[i]);
        CHECK(m.expr_pos(refs[i]) == positions[i]);
        CHECK(m.expr_pos(refs[i]).known() == positions[i].known());
    }
    // The two that fit are packed in place, the three that do not share the wide table.
    CHECK(m.expr_at(refs[0]).pos.file == 0);
    CHECK(m.expr_at(refs[1]).pos.column == 65534);
    CHECK(m.expr_at(refs[2]).pos.file == ir::packed_pos::wide);
    CHECK(m.expr_at(refs[3]).pos.file == ir::packed_pos::wide);
    CHECK(m.expr_at(refs[4]).pos.file == ir::packed_pos::wide);
}

TEST_CASE("packed positions: @L:C annotations read, written and read again", "[ir][reader]") {
    const std::string text =
        "module m\n"
        "func f(b *int) *int {\n"
        "    var x int\n"
        "    @10:65534 p := &x\n"
        "    @11:65535 q := p\n"
        "    q = b @12:70000\n"
        "    @4000000000:4000000001 return q\n"
        "}\n";
    ir::module m;
    ir::read_options ro;
    escapade::status st = ir::read_text(text, m, ro);
    INFO(st.message());
    REQUIRE(st.ok());
    CHECK(has_stmt_at(m, source_pos{0, 10, 65534}));
    CHECK(has_stmt_at(m, source_pos{0, 11, 65535}));
    CHECK(has_expr_at(m, source_pos{0, 12, 70000}));
    CHECK(has_stmt_at(m, source_pos{0, 4000000000u, 4000000001u}));
    CHECK_FALSE(has_expr_at(m, source_pos{0, 12, 70000 - 65536}));  // no truncation to 16 bits

    std::string out;
    REQUIRE(ir::write_text(m, [&](std::string_view chunk) { out.append(chunk); return true; }, ir::write_options{true}));
    CHECK(out.find("@12:70000") != std::string::npos);
    CHECK(out.find("@4000000000:4000000001") != std::string::npos);
    ir::module again;
    st = ir::read_text(out, again, ro);
    INFO(out);
    REQUIRE(st.ok());
    CHECK(has_stmt_at(again, source_pos{0, 11, 65535}));
    CHECK(has_expr_at(again, source_pos{0, 12, 70000}));
    CHECK(has_stmt_at(again, source_pos{0, 4000000000u, 4000000001u}));
}

TEST_CASE("packed positions: an analysis reports a wide position exactly", "[ir][analysis]") {
    const std::string text =
        "module m\n"
        "var g *int\n"
        "func f() {\n"
        "    g = new(int) @5:99999\n"
        "}\n";
    ir::module m;
    REQUIRE(ir::read_text(text, m, ir::read_options{}).ok());
    escapade::analysis_result<ir::module> r;
    REQUIRE(escapade::analyze(m, r).ok());
    bool found = false;
    for (const auto& s : r.sites())
        if (s.pos.line == 5 && s.pos.column == 99999) found = true;
    CHECK(found);
}
