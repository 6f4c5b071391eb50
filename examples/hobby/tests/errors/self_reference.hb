// A variable is not in scope in its own initialiser: a closure cannot capture the variable it is
// being assigned to (declare it first, then assign).
// EXPECT error: self_reference.hb:5:30: error: unknown name 'loop'
fun main() {
    var loop = fun(n: int) { loop(n - 1); };
    loop(3);
}
