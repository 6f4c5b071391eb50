// examples/llvm/bench/d/textstats.d - a D program of real size that leans on Phobos: ranges and
// algorithms (std.algorithm, std.range), string building (std.array.appender, std.format,
// std.conv), associative arrays, std.json (build, print, parse back), classes behind an interface,
// and closures. Its input is generated (a fixed linear congruential sequence), so its output is
// the same bytes on every run: the output two builds of it must agree on.
import std.algorithm : filter, map, sort, sum, splitter, count, max, min;
import std.array : appender, array, join, split;
import std.conv : to;
import std.format : format, formattedWrite;
import std.json : JSONValue, parseJSON, JSONType;
import std.range : iota, chunks;
import std.stdio : write, writeln, writefln;
import std.string : strip, toUpper, indexOf;

struct Lcg {
    ulong state;
    uint next() {
        state = state * 6364136223846793005UL + 1442695040888963407UL;
        return cast(uint)(state >> 33);
    }
}

immutable string[] syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "shu", "an", "or"];

/// A text of `words` pseudo-words, one sentence per 12 words.
string makeText(size_t words, ref Lcg rng) {
    auto b = appender!string();
    foreach (i; 0 .. words) {
        auto parts = 1 + rng.next() % 3;
        foreach (k; 0 .. parts) b.put(syllables[rng.next() % syllables.length]);
        b.put(i % 12 == 11 ? ".\n" : " ");
    }
    return b.data;
}

/// Word frequencies, the top ones formatted.
string wordStats(string text) {
    size_t[string] freq;
    foreach (line; text.splitter('\n')) {
        foreach (w; line.strip.splitter(' ')) {
            if (w.length == 0) continue;
            if (w[$ - 1] == '.') w = w[0 .. $ - 1];
            freq[w]++;
        }
    }
    auto words = freq.keys;
    sort!((a, b) => freq[a] > freq[b] || (freq[a] == freq[b] && a < b))(words);
    auto b = appender!string();
    b.formattedWrite("distinct %d\n", words.length);
    foreach (w; words[0 .. min(10, words.length)]) b.formattedWrite("%-12s %6d %s\n", w, freq[w], w.toUpper);
    return b.data;
}

interface Shape {
    double area() const;
    string name() const;
}

class Rect : Shape {
    double w, h;
    this(double w, double h) { this.w = w; this.h = h; }
    double area() const { return w * h; }
    string name() const { return format("rect %.1fx%.1f", w, h); }
}

class Circle : Shape {
    double r;
    this(double r) { this.r = r; }
    double area() const { return 3.141592653589793 * r * r; }
    string name() const { return "circle " ~ r.to!string; }
}

/// Shapes made per iteration and measured: most of them never leave their iteration.
double shapes(int n, ref Lcg rng) {
    double total = 0;
    size_t longest = 0;
    foreach (i; 0 .. n) {
        Shape s;
        if (rng.next() & 1) s = new Rect(rng.next() % 10, rng.next() % 7);
        else s = new Circle(rng.next() % 5);
        total += s.area();
        if (i % 64 == 0) longest = max(longest, s.name().length);
    }
    return total + longest;
}

/// Records through std.json: built, printed, parsed back and summed.
string jsonRoundTrip(int n, ref Lcg rng) {
    JSONValue[] items;
    foreach (i; 0 .. n) {
        JSONValue item = ["id": JSONValue(i), "score": JSONValue(cast(long)(rng.next() % 1000))];
        item["tags"] = JSONValue(iota(0, 1 + i % 4).map!(k => format("t%d", (i + k) % 9)).array);
        items ~= item;
    }
    JSONValue doc = ["items": JSONValue(items)];
    string text = doc.toString();
    JSONValue back = parseJSON(text);
    long scores = 0;
    size_t tags = 0;
    foreach (item; back["items"].array) {
        scores += item["score"].integer;
        tags += item["tags"].array.length;
    }
    return format("json %d bytes, %d items, scores %d, tags %d", text.length, back["items"].array.length, scores, tags);
}

/// Number crunching through ranges and closures over locals.
string ranges(int n) {
    int threshold = n / 3;
    auto evens = iota(0, n).filter!(x => x % 2 == 0 && x > threshold).map!(x => cast(long) x * x);
    long s = evens.sum;
    auto csv = iota(0, 40).map!(x => (x * 7 % 13).to!string).join(",");
    long fields = 0;
    foreach (row; csv.split(",").chunks(5)) fields += row.map!(f => f.to!long).sum;
    auto pos = csv.indexOf("12");
    return format("ranges %d %d %d %d", s, fields, pos, iota(0, n).count!(x => x % threshold == 1));
}

/// Many short formatted strings, each used once.
long formatting(int n) {
    long total = 0;
    foreach (i; 0 .. n) {
        string s = format("%05d:%x:%s", i, i * 31, i % 3 == 0 ? "fizz" : "buzz");
        total += s.length + s[$ - 1];
    }
    return total;
}

void main() {
    auto rng = Lcg(42);
    string text = makeText(200_000, rng);
    writeln("text ", text.length);
    write(wordStats(text));
    writefln("shapes %.3f", shapes(300_000, rng));
    writeln(jsonRoundTrip(3_000, rng));
    writeln(ranges(1_000_000));
    writeln("formatting ", formatting(200_000));
}
