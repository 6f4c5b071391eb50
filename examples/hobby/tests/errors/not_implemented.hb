// EXPECT error: not_implemented.hb:3:25: error: class Square does not implement Shape.area with the same signature
interface Shape { fun area(): int; }
class Square implements Shape { side: int; fun area(scale: int): int { return this.side * scale; } }
fun main() {
    var s: Shape = new Square{side: 2};
    print(s.area());
}
