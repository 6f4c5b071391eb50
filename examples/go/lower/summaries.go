package main

// Escape summaries (gc's parameter tags) of imported functions.
//
// A function of another package is declared to the analysis as `extern func`. Without a summary
// every pointer parameter leaks to the heap (what gc assumes of a body-less function); with one,
// only the listed leaks happen. Summaries come from the built-in table below (the functions of
// unsafe-adjacent packages Go's escape tests use: sync/atomic, runtime/internal/atomic, reflect,
// fmt, strings, os, runtime, hash/maphash; each entry is the tag gc 1.19 computes for it) and from
// summary files written by `escapade-go --write-summaries` (analysing the dependency's source).
//
// Summary file format, one function per line:
//
//	KEY LEAK...
//
// KEY is "pkg/path.Func", "pkg/path.T.M" or "pkg/path.(*T).M"; each LEAK is "I>heap:D" or
// "I>rK:D": argument I (the receiver of a method is 0, its parameters follow; a function's
// parameters start at 0) leaks to the heap or to result K after D dereferences. A line with a key
// and no leaks declares that nothing leaks (gc's //go:noescape). A conditional leak (what
// dispatch=context computes) is "I>if:S.M:A:D" or "I>if:S():A:D", with "~" appended when inexact:
// argument I leaks to the heap after D dereferences if method M of the dynamic type of argument S
// (numbered like I) keeps its argument A (0 = its receiver), or if the function value S keeps its
// argument A (0 = its first); the IR's `p -> if s.M A D [inexact]` (docs/ir.md).

import (
	"bufio"
	"fmt"
	"go/types"
	"os"
	"strconv"
	"strings"
)

type leak struct {
	param  int // receiver first for methods
	result int // -1: heap
	derefs int
	cond   *leakCond // a conditional leak to the heap (result -1)
}

// leakCond: the leak happens if method of the dynamic type of argument subject (or the function
// value subject, method "") keeps its argument arg.
type leakCond struct {
	subject int
	method  string
	arg     int
	exact   bool
}

// paramIRName names argument idx of an extern declaration (the receiver "r", parameters pnames).
func paramIRName(sig *types.Signature, pnames []string, idx int) (string, bool) {
	if sig.Recv() != nil {
		if idx == 0 {
			return "r", true
		}
		idx--
	}
	if idx < 0 || idx >= len(pnames) {
		return "", false
	}
	return pnames[idx], true
}

// writeCondLeak writes a conditional leak declaration; an unknown subject makes it a leak.
func writeCondLeak(b *strings.Builder, sig *types.Signature, pnames []string, pn string, lk leak) {
	subj, ok := paramIRName(sig, pnames, lk.cond.subject)
	if !ok {
		fmt.Fprintf(b, "    %s -> heap 0\n", pn)
		return
	}
	inexact := ""
	if !lk.cond.exact {
		inexact = " inexact"
	}
	if lk.cond.method == "" {
		fmt.Fprintf(b, "    %s -> if %s() %d %d%s\n", pn, subj, lk.cond.arg, lk.derefs, inexact)
	} else {
		fmt.Fprintf(b, "    %s -> if %s.%s %d %d%s\n", pn, subj, lk.cond.method, lk.cond.arg, lk.derefs, inexact)
	}
}

type summary struct {
	leaks []leak
}

// builtinSummaries: gc 1.19's tags, as `go build -gcflags=PKG=-m PKG` prints them.
var builtinSummaries = []string{
	// sync/atomic: assembly without //go:noescape, every pointer leaks: no entry (the default).
	// runtime/internal/atomic: Loadp is Go code returning *ptr; StorepNoWB and Casp1 have no
	// //go:noescape (atomic_pointer.go explains why): the default.
	"runtime/internal/atomic.Loadp 0>r0:1",
	"runtime/internal/atomic.Load 0>r0:1",
	"runtime/internal/atomic.Load64 0>r0:1",
	"runtime/internal/atomic.Xadd",
	"runtime/internal/atomic.Xadd64",
	"runtime/internal/atomic.Store",
	"runtime/internal/atomic.Store64",
	"runtime/internal/atomic.Cas",
	"runtime/internal/atomic.Cas64",
	// reflect
	"reflect.ValueOf 0>heap:0",
	"reflect.Value.Pointer",
	"reflect.Value.UnsafeAddr",
	"reflect.Value.Elem 0>r0:0",
	"reflect.TypeOf 0>r0:1",
	// reflect's functions that make values and calls (lower/reflect.go): gc 1.19's tags
	"reflect.New 0>heap:0",
	"reflect.Zero 0>heap:0",
	"reflect.Indirect 0>r0:0",
	"reflect.Append 0>heap:0 1>heap:1",
	"reflect.Copy 0>heap:0 1>heap:0",
	"reflect.MakeFunc 0>heap:0 1>heap:0",
	"reflect.Value.Addr 0>heap:0",
	"reflect.Value.Call 0>heap:0 1>heap:1",
	"reflect.Value.Field 0>r0:0",
	"reflect.Value.Index 0>r0:0",
	"reflect.Value.Interface 0>heap:0",
	"reflect.Value.Method 0>r0:0",
	"reflect.Value.MethodByName 0>heap:0",
	"reflect.Value.Set 0>heap:0 1>heap:0",
	// unsafe has only builtins (unsafe.Pointer conversions, Add, Slice), lowered directly.
	// fmt
	"fmt.Printf 1>heap:1",
	"fmt.Sprintf 1>heap:1",
	"fmt.Fprintf 0>heap:0 2>heap:1",
	"fmt.Println 0>heap:1",
	"fmt.Print 0>heap:1",
	"fmt.Sprint 0>heap:1",
	"fmt.Sprintln 0>heap:1",
	"fmt.Fprintln 0>heap:0 1>heap:1",
	"fmt.Fprint 0>heap:0 1>heap:1",
	"fmt.Errorf 1>heap:1",
	// strings
	"strings.HasPrefix",
	"strings.HasSuffix",
	"strings.Index",
	"strings.IndexByte",
	"strings.Contains",
	"strings.SplitAfterN 0>heap:0",
	"strings.SplitN 0>heap:0",
	"strings.Split 0>heap:0",
	// os
	"os.Environ",
	"os.Getenv",
	// runtime
	"runtime.KeepAlive",
	"runtime.GC",
	"runtime.Gosched",
	// hash/maphash: the hash state stays with the caller
	"hash/maphash.(*Hash).WriteString",
	"hash/maphash.(*Hash).Write",
	"hash/maphash.(*Hash).WriteByte",
	"hash/maphash.(*Hash).Sum64",
	"hash/maphash.(*Hash).Reset",
	"hash/maphash.(*Hash).SetSeed",
	"hash/maphash.(*Hash).Seed",
}

func (l *lowerer) addBuiltinSummaries() {
	saved := l.summaries
	l.summaries = map[string]*summary{}
	for _, s := range builtinSummaries {
		if err := l.addSummaryLine(s); err != nil {
			panic(err)
		}
	}
	l.builtinSums = l.summaries
	l.summaries = saved
}

func (l *lowerer) readSummaries(path string) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := l.addSummaryLine(line); err != nil {
			return fmt.Errorf("%s:%d: %v", path, n, err)
		}
	}
	return sc.Err()
}

func (l *lowerer) addSummaryLine(line string) error {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return nil
	}
	s := &summary{}
	for _, f := range fields[1:] {
		gt := strings.IndexByte(f, '>')
		if gt > 0 && strings.HasPrefix(f[gt+1:], "if:") {
			p, err := strconv.Atoi(f[:gt])
			c, d, err2 := parseCond(f[gt+4:])
			if err != nil || err2 != nil || p < 0 {
				return fmt.Errorf("bad leak %q", f)
			}
			s.leaks = append(s.leaks, leak{param: p, result: -1, derefs: d, cond: c})
			continue
		}
		colon := strings.LastIndexByte(f, ':')
		if gt < 0 || colon < gt {
			return fmt.Errorf("bad leak %q", f)
		}
		p, err1 := strconv.Atoi(f[:gt])
		d, err2 := strconv.Atoi(f[colon+1:])
		if err1 != nil || err2 != nil {
			return fmt.Errorf("bad leak %q", f)
		}
		dst := f[gt+1 : colon]
		lk := leak{param: p, result: -1, derefs: d}
		if dst != "heap" {
			if !strings.HasPrefix(dst, "r") {
				return fmt.Errorf("bad leak %q", f)
			}
			r, err := strconv.Atoi(dst[1:])
			if err != nil {
				return fmt.Errorf("bad leak %q", f)
			}
			lk.result = r
		}
		s.leaks = append(s.leaks, lk)
	}
	l.summaries[fields[0]] = s
	return nil
}

// parseCond parses "S.M:A:D" or "S():A:D", with an optional trailing "~" (inexact).
func parseCond(s string) (*leakCond, int, error) {
	c := &leakCond{exact: true}
	if strings.HasSuffix(s, "~") {
		c.exact = false
		s = strings.TrimSuffix(s, "~")
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return nil, 0, fmt.Errorf("want SUBJECT.METHOD:ARG:LEVEL")
	}
	subj := parts[0]
	if strings.HasSuffix(subj, "()") {
		subj = strings.TrimSuffix(subj, "()")
	} else if dot := strings.IndexByte(subj, '.'); dot > 0 && dot < len(subj)-1 {
		c.method = subj[dot+1:]
		subj = subj[:dot]
	} else {
		return nil, 0, fmt.Errorf("bad subject %q", parts[0])
	}
	var err1, err2, err3 error
	c.subject, err1 = strconv.Atoi(subj)
	c.arg, err2 = strconv.Atoi(parts[1])
	d, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || c.subject < 0 || c.arg < 0 || d < 0 {
		return nil, 0, fmt.Errorf("bad numbers in %q", s)
	}
	return c, d, nil
}
