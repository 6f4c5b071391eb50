// Package bench holds allocation benchmarks for escapade's verdicts in real binaries (run with
// `escapade-go-build bench ./bench`, README.md "Real binaries"): the article's NotOk over a real
// net.Conn (net.Pipe, loopback TCP) and Ok over an *os.File, and small workloads whose hot paths
// go through interfaces of the standard library (bufio, fmt, encoding/json, io, sort,
// container/heap, strings.Builder). Each workload has a local object whose address reaches an
// interface call: gc moves it to the heap, a whole-program analysis that sees every
// implementation can keep it on the stack.
package bench

import (
	"bufio"
	"container/heap"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// OkPtr is the article's Ok with a pointer receiver (*os.File): a static call.
func OkPtr(f *os.File) []byte {
	var x [128]byte
	b := x[:]
	n, _ := f.Read(b)
	r := make([]byte, n)
	copy(r, b[:n])
	return r
}

// ReadFull reads a 64-byte record through io.ReadFull into a local array.
func ReadFull(r io.Reader) int {
	var rec [64]byte
	n, _ := io.ReadFull(r, rec[:])
	sum := 0
	for _, c := range rec[:n] {
		sum += int(c)
	}
	return sum
}

// WriteString writes a short string through io.WriteString (the []byte conversion of a writer
// without WriteString).
func WriteString(w io.Writer, s string) {
	io.WriteString(w, s)
}

// Discard is an io.Writer without WriteString.
type Discard struct{ N int }

func (d *Discard) Write(p []byte) (int, error) {
	d.N += len(p)
	return len(p), nil
}

// Format formats through fmt.Fprintf into a local strings.Builder and returns the length.
func Format(i int, s string) int {
	var b strings.Builder
	fmt.Fprintf(&b, "%d:%s", i, s)
	return b.Len()
}

// Scan counts the words of a text through a bufio.Scanner over a strings.Reader.
func Scan(text string) int {
	var r strings.Reader
	r.Reset(text)
	sc := bufio.NewScanner(&r)
	sc.Split(bufio.ScanWords)
	n := 0
	for sc.Scan() {
		n++
	}
	return n
}

// BufWrite writes through a bufio.Writer wrapping a local Discard.
func BufWrite(lines []string) int {
	var d Discard
	w := bufio.NewWriterSize(&d, 256)
	for _, l := range lines {
		w.WriteString(l)
	}
	w.Flush()
	return d.N
}

type byLen []string

func (s byLen) Len() int           { return len(s) }
func (s byLen) Less(i, j int) bool { return len(s[i]) < len(s[j]) }
func (s byLen) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

// SortByLen sorts through sort.Sort (the conversion of byLen to sort.Interface).
func SortByLen(s []string) {
	sort.Sort(byLen(s))
}

type intHeap []int

func (h intHeap) Len() int            { return len(h) }
func (h intHeap) Less(i, j int) bool  { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)       { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x interface{}) { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() interface{} {
	old := *h
	n := len(old)
	x := old[n-1]
	*h = old[:n-1]
	return x
}

// HeapSum pushes into and pops from a local container/heap (the heap's header is local).
func HeapSum(xs []int, storage []int) int {
	h := intHeap(storage[:0])
	for _, x := range xs {
		heap.Push(&h, x)
	}
	s := 0
	for h.Len() > 0 {
		s += heap.Pop(&h).(int)
	}
	return s
}

// Point is encoded by EncodeJSON.
type Point struct {
	X, Y int
	Name string
}

// EncodeJSON encodes a local Point through json.NewEncoder on a local Discard.
func EncodeJSON(x, y int) int {
	var d Discard
	p := Point{X: x, Y: y, Name: "p"}
	json.NewEncoder(&d).Encode(&p)
	return d.N
}
