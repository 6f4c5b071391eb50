// EXPECT error: method_value.hb:5:14: error: method values are not supported
class C { fun m(): int { return 1; } }
fun main() {
    var c = new C{};
    var f = c.m;
    print(f());
}
