package main

// Summaries of imported functions taken from gc's own diagnostics of the imported packages
// (`go build -gcflags=all=-m`): the tags gc stored in their export data, which is what gc uses when
// it compiles the package we analyse. (escapade-go --deps=gc.) gc computed them with inlining
// enabled, which escapade does not model; --deps (escapade's own analysis of the dependencies)
// is the alternative.

import (
	"bufio"
	"go/build"
	"go/types"
	"os"
	"regexp"
	"strconv"
	"strings"
)

type gcTag struct {
	line   int
	name   string
	heap   int // -1: no heap leak
	result string
	level  int
}

var (
	gcLeakRx     = regexp.MustCompile(`^(.*):(\d+):(\d+): leaking param: (\S+)$`)
	gcContentRx  = regexp.MustCompile(`^(.*):(\d+):(\d+): leaking param content: (\S+)$`)
	gcResultRx   = regexp.MustCompile(`^(.*):(\d+):(\d+): leaking param: (\S+) to result (\S+) level=(\d+)$`)
	gcNoEscapeRx = regexp.MustCompile(`^(.*):(\d+):(\d+): (\S+) does not escape$`)
	gcMovedRx    = regexp.MustCompile(`^(.*):(\d+):(\d+): moved to heap: (\S+)$`)
)

// readGCTags reads gc -m output: file -> tags in order.
func (l *lowerer) readGCTags(path string) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	if l.gcTags == nil {
		l.gcTags = map[string][]gcTag{}
	}
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		s := sc.Text()
		var t gcTag
		var file string
		if m := gcResultRx.FindStringSubmatch(s); m != nil {
			file, t.name, t.heap, t.result = m[1], m[4], -1, m[5]
			t.line, _ = strconv.Atoi(m[2])
			t.level, _ = strconv.Atoi(m[6])
		} else if m := gcLeakRx.FindStringSubmatch(s); m != nil {
			file, t.name, t.heap = m[1], m[4], 0
			t.line, _ = strconv.Atoi(m[2])
		} else if m := gcContentRx.FindStringSubmatch(s); m != nil {
			file, t.name, t.heap = m[1], m[4], 1 // gc does not print the level of a content leak
			t.line, _ = strconv.Atoi(m[2])
		} else if m := gcNoEscapeRx.FindStringSubmatch(s); m != nil {
			file, t.name, t.heap = m[1], m[4], -1
			t.line, _ = strconv.Atoi(m[2])
		} else if m := gcMovedRx.FindStringSubmatch(s); m != nil {
			file, t.name, t.heap = m[1], m[4], 0 // a parameter whose address escapes: assume the worst
			t.line, _ = strconv.Atoi(m[2])
		} else {
			continue
		}
		l.gcTags[file] = append(l.gcTags[file], t)
	}
	return sc.Err()
}

// gcSummary builds the summary of imported function fn from gc's diagnostics: each parameter's
// message is the first with its name on the function's line or the few lines after it (the
// signature). Export data gives declarations line positions only.
func (l *lowerer) gcSummary(fn *types.Func) *summary {
	if l.gcTags == nil {
		return nil
	}
	pos := l.fset.Position(fn.Pos())
	file := strings.Replace(pos.Filename, "$GOROOT", build.Default.GOROOT, 1)
	tags := l.gcTags[file]
	if len(tags) == 0 {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	var params []*types.Var
	if r := sig.Recv(); r != nil {
		params = append(params, r)
	}
	for i := 0; i < sig.Params().Len(); i++ {
		params = append(params, sig.Params().At(i))
	}
	s := &summary{}
	found := false
	for i, p := range params {
		if p.Name() == "" || p.Name() == "_" {
			continue
		}
		for _, t := range tags {
			if t.name != p.Name() || t.line < pos.Line || t.line > pos.Line+8 {
				continue
			}
			found = true
			if t.heap >= 0 {
				s.leaks = append(s.leaks, leak{param: i, result: -1, derefs: t.heap})
			}
			if t.result != "" {
				for k := 0; k < sig.Results().Len(); k++ {
					rn := sig.Results().At(k).Name()
					if rn == "" {
						rn = "~r" + strconv.Itoa(k)
					}
					if rn == t.result {
						s.leaks = append(s.leaks, leak{param: i, result: k, derefs: t.level})
					}
				}
			}
			break
		}
	}
	if !found {
		return nil
	}
	return s
}
