// bintree.hb - a binary search tree: insertion, lookup, a recursive walk and an in-order walk
// with an explicit stack.
//
//   hobbyc --run bintree.hb -- N        (N = keys inserted, 2000 by default)
//
// Heap accounting (Node = class id + key + 2 references = 32 bytes; Tree = 24 B; Stats = 40 B;
// [Node](256) = 2048 B; heap cell = 8 B; the visitor's record = 8 + 3 references = 32 B):
//   analysis off - every site allocates, captured variables live in heap cells:
//     N nodes (insert allocates before looking for a duplicate); the tree 1; stats 1; the
//     walk's stack array 1; prev, count and sorted in cells 3; the visitor's record 1
//     = N + 7 allocations, 32N + 2168 bytes
//   analysis on - only the nodes: insert stores each one through a pointer into the tree. The
//     tree header, stats and the array are only used through their fields and elements, the
//     visitor is only called, and the variables it captures by reference live in main's frame
//     = N allocations, 32N bytes
// EXPECT off: N+7 allocations, 32N+2168 bytes
// EXPECT on: N allocations, 32N bytes
// EXPECT N = 2000

class Node {
    key: int;
    left: Node;
    right: Node;
}

class Tree {
    root: Node;
    size: int;

    fun insert(k: int) {
        var n = new Node{key: k};  //! heap: stored through a pointer into the tree
        if this.root == nil {
            this.root = n;
            this.size = this.size + 1;
            return;
        }
        var cur = this.root;
        while true {
            if k < cur.key {
                if cur.left == nil {
                    cur.left = n;
                    this.size = this.size + 1;
                    return;
                }
                cur = cur.left;
            } else if k > cur.key {
                if cur.right == nil {
                    cur.right = n;
                    this.size = this.size + 1;
                    return;
                }
                cur = cur.right;
            } else {
                return;  // already there: n is garbage
            }
        }
    }

    fun contains(k: int): bool {
        var cur = this.root;
        while cur != nil {
            if k == cur.key {
                return true;
            }
            if k < cur.key {
                cur = cur.left;
            } else {
                cur = cur.right;
            }
        }
        return false;
    }
}

class Stats {
    count: int;
    sum: int;
    maxDepth: int;
    leaves: int;
}

// Recursive: st is only written through, in every call of the recursion.
fun walk(n: Node, depth: int, st: Stats) {
    if n == nil {
        return;
    }
    st.count = st.count + 1;
    st.sum = st.sum + n.key;
    if depth > st.maxDepth {
        st.maxDepth = depth;
    }
    if n.left == nil && n.right == nil {
        st.leaves = st.leaves + 1;
    }
    walk(n.left, depth + 1, st);
    walk(n.right, depth + 1, st);
}

// In-order traversal with an explicit stack of constant size.
fun inorder(t: Tree, visit: fun(int)) {
    var stack = new [Node](256);  //! stack: only indexed
    var sp = 0;
    var cur = t.root;
    while cur != nil || sp > 0 {
        while cur != nil {
            stack[sp] = cur;
            sp = sp + 1;
            cur = cur.left;
        }
        sp = sp - 1;
        cur = stack[sp];
        visit(cur.key);
        cur = cur.right;
    }
}

var seed = 12345;

fun random(bound: int): int {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % bound;
}

fun main() {
    var n = arg(1, 2000);
    var t = new Tree{};  //! stack: insert writes through it but never stores it
    for i in 0 .. n {
        t.insert(random(4 * n));
    }
    var st = new Stats{};  //! stack
    walk(t.root, 1, st);
    print("size", t.size, "count", st.count, "sum", st.sum, "depth", st.maxDepth, "leaves", st.leaves);

    var prev = -1;  //! stack: captured by reference by a visitor that is only called
    var count = 0;  //! stack
    var sorted = true;  //! stack
    inorder(t, fun(k: int) {  //! stack: the visitor
        if k <= prev {
            sorted = false;
        }
        prev = k;
        count = count + 1;
    });
    print("inorder", count, sorted, prev);

    var hits = 0;
    for k in 0 .. 100 {
        if t.contains(k) {
            hits = hits + 1;
        }
    }
    print("hits", hits);
}
