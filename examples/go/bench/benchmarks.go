// benchmarks.go - the benchmark bodies, in a non-test file so that both `go test -bench` (bench_test.go)
// and the whole program allocbench (a main package: its world is closed, so escapade's closed
// mode applies to it; testing.Benchmark runs them) share them. Each is listed in Benchmarks.
package bench

import (
	"fmt"
	"io"
	"net"
	"os"
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

func benchNotOkPipe(b *testing.B) {
	a, c := net.Pipe()
	go writer(a)
	defer a.Close()
	defer c.Close()
	readAll(b, c)
}

func benchNotOkTCP(b *testing.B) {
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

// tempFile opens a fresh temporary file of 64 payloads; the file is already unlinked.
func tempFile(b *testing.B) *os.File {
	f, err := os.CreateTemp("", "escapade-bench")
	if err != nil {
		b.Fatal(err)
	}
	os.Remove(f.Name())
	if _, err := f.Write([]byte(strings.Repeat(string(payload), 64))); err != nil {
		b.Fatal(err)
	}
	return f
}

func benchOkFile(b *testing.B) {
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

func benchOkPtrFile(b *testing.B) {
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

func benchIoReadFull(b *testing.B) {
	r := strings.NewReader(strings.Repeat("x", 64))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r.Seek(0, io.SeekStart)
		ReadFull(r)
	}
}

func benchIoWriteString(b *testing.B) {
	d := &Discard{}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		WriteString(d, "short string")
	}
}

func benchFmtBuilder(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Format(i, "x")
	}
}

func benchBufioScanner(b *testing.B) {
	text := strings.Repeat("one two three four ", 8)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Scan(text)
	}
}

func benchBufioWriter(b *testing.B) {
	lines := []string{"alpha\n", "beta\n", "gamma\n"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		BufWrite(lines)
	}
}

func benchSortSort(b *testing.B) {
	words := strings.Fields("the quick brown fox jumps over the lazy dog again and again")
	s := make([]string, len(words))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		copy(s, words)
		SortByLen(s)
	}
}

func benchContainerHeap(b *testing.B) {
	xs := []int{5, 3, 8, 1, 9, 2, 7}
	storage := make([]int, 0, 16)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		HeapSum(xs, storage)
	}
}

func benchJSONEncode(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		EncodeJSON(i, 2*i)
	}
}

// Benchmarks lists the benchmarks, named as `go test -bench` names them (without "Benchmark").
var Benchmarks = []struct {
	Name string
	F    func(*testing.B)
}{
	{"NotOkPipe", benchNotOkPipe},
	{"NotOkTCP", benchNotOkTCP},
	{"OkFile", benchOkFile},
	{"OkPtrFile", benchOkPtrFile},
	{"IoReadFull", benchIoReadFull},
	{"IoWriteString", benchIoWriteString},
	{"FmtBuilder", benchFmtBuilder},
	{"BufioScanner", benchBufioScanner},
	{"BufioWriter", benchBufioWriter},
	{"SortSort", benchSortSort},
	{"ContainerHeap", benchContainerHeap},
	{"JSONEncode", benchJSONEncode},
}

// CheckWorkloads runs each workload once on known input and returns what came out wrong (the
// workloads compute the right thing, also under the stack-moving check).
func CheckWorkloads() []string {
	var errs []string
	if n := ReadFull(strings.NewReader(strings.Repeat("a", 64))); n != 64*'a' {
		errs = append(errs, fmt.Sprintf("ReadFull = %d", n))
	}
	d := &Discard{}
	WriteString(d, "hello")
	if d.N != 5 {
		errs = append(errs, fmt.Sprintf("WriteString wrote %d", d.N))
	}
	if n := Format(12, "ab"); n != len("12:ab") {
		errs = append(errs, fmt.Sprintf("Format = %d", n))
	}
	if n := Scan("a b  c\nd"); n != 4 {
		errs = append(errs, fmt.Sprintf("Scan = %d", n))
	}
	if n := BufWrite([]string{"ab", "c"}); n != 3 {
		errs = append(errs, fmt.Sprintf("BufWrite = %d", n))
	}
	s := []string{"ccc", "a", "bb"}
	SortByLen(s)
	if strings.Join(s, ",") != "a,bb,ccc" {
		errs = append(errs, fmt.Sprintf("SortByLen = %v", s))
	}
	if n := HeapSum([]int{3, 1, 2}, make([]int, 0, 4)); n != 6 {
		errs = append(errs, fmt.Sprintf("HeapSum = %d", n))
	}
	if n := EncodeJSON(1, 2); n != len(`{"X":1,"Y":2,"Name":"p"}`+"\n") {
		errs = append(errs, fmt.Sprintf("EncodeJSON = %d", n))
	}
	return errs
}
