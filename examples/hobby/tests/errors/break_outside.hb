// EXPECT error: break_outside.hb:4:25: error: break or continue outside a loop
fun main() {
    while true {
        var f = fun() { break; };
        f();
    }
}
