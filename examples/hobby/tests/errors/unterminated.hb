// EXPECT error: unterminated.hb:3:11: error: unterminated string literal
fun main() {
    print("no end);
}
