// EXPECT error: type_mismatch.hb:4:19: error: cannot use "seven" (string) as int
class P { x: int; }
fun main() {
    var p = new P{x: "seven"};
    print(p.x);
}
