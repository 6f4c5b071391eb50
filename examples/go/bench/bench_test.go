package bench

import (
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"escapade/go/seed"
)

var payload = []byte(strings.Repeat("escapade", 16)) // 128 bytes

// writer keeps writing payload to w until it fails.
func writer(w io.Writer) {
	for {
		if _, err := w.Write(payload); err != nil {
			return
		}
	}
}

func readAll(b *testing.B, c net.Conn) {
	b.ReportAllocs()
	b.SetBytes(int64(len(payload)))
	n := 0
	for i := 0; i < b.N; i++ {
		n += len(seed.NotOk(c))
	}
	if n == 0 {
		b.Fatal("nothing read")
	}
}

func BenchmarkNotOkPipe(b *testing.B) {
	a, c := net.Pipe()
	go writer(a)
	defer a.Close()
	defer c.Close()
	readAll(b, c)
}

func BenchmarkNotOkTCP(b *testing.B) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Skip("no loopback TCP:", err)
	}
	defer l.Close()
	go func() {
		s, err := l.Accept()
		if err != nil {
			return
		}
		writer(s)
		s.Close()
	}()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	readAll(b, c)
}

func tempFile(b *testing.B) *os.File {
	name := filepath.Join(b.TempDir(), "data")
	if err := os.WriteFile(name, []byte(strings.Repeat(string(payload), 64)), 0o666); err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		b.Fatal(err)
	}
	return f
}

func BenchmarkOkFile(b *testing.B) {
	f := tempFile(b)
	defer f.Close()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if i%64 == 0 {
			f.Seek(0, io.SeekStart)
		}
		seed.Ok(*f)
	}
}

func BenchmarkOkPtrFile(b *testing.B) {
	f := tempFile(b)
	defer f.Close()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if i%64 == 0 {
			f.Seek(0, io.SeekStart)
		}
		OkPtr(f)
	}
}

func BenchmarkIoReadFull(b *testing.B) {
	r := strings.NewReader(strings.Repeat("x", 64))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r.Seek(0, io.SeekStart)
		ReadFull(r)
	}
}

func BenchmarkIoWriteString(b *testing.B) {
	d := &Discard{}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		WriteString(d, "short string")
	}
}

func BenchmarkFmtBuilder(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Format(i, "x")
	}
}

func BenchmarkBufioScanner(b *testing.B) {
	text := strings.Repeat("one two three four ", 8)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Scan(text)
	}
}

func BenchmarkBufioWriter(b *testing.B) {
	lines := []string{"alpha\n", "beta\n", "gamma\n"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		BufWrite(lines)
	}
}

func BenchmarkSortSort(b *testing.B) {
	words := strings.Fields("the quick brown fox jumps over the lazy dog again and again")
	s := make([]string, len(words))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		copy(s, words)
		SortByLen(s)
	}
}

func BenchmarkContainerHeap(b *testing.B) {
	xs := []int{5, 3, 8, 1, 9, 2, 7}
	storage := make([]int, 0, 16)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		HeapSum(xs, storage)
	}
}

func BenchmarkJSONEncode(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		EncodeJSON(i, 2*i)
	}
}

// The benchmarks' workloads compute the right thing (also under the stack-moving check).
func TestWorkloads(t *testing.T) {
	if n := ReadFull(strings.NewReader(strings.Repeat("a", 64))); n != 64*'a' {
		t.Errorf("ReadFull = %d", n)
	}
	d := &Discard{}
	WriteString(d, "hello")
	if d.N != 5 {
		t.Errorf("WriteString wrote %d", d.N)
	}
	if n := Format(12, "ab"); n != len("12:ab") {
		t.Errorf("Format = %d", n)
	}
	if n := Scan("a b  c\nd"); n != 4 {
		t.Errorf("Scan = %d", n)
	}
	if n := BufWrite([]string{"ab", "c"}); n != 3 {
		t.Errorf("BufWrite = %d", n)
	}
	s := []string{"ccc", "a", "bb"}
	SortByLen(s)
	if strings.Join(s, ",") != "a,bb,ccc" {
		t.Errorf("SortByLen = %v", s)
	}
	if n := HeapSum([]int{3, 1, 2}, make([]int, 0, 4)); n != 6 {
		t.Errorf("HeapSum = %d", n)
	}
	if n := EncodeJSON(1, 2); n != len(`{"X":1,"Y":2,"Name":"p"}`+"\n") {
		t.Errorf("EncodeJSON = %d", n)
	}
}
