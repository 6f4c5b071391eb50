// escapade.go - added to Go 1.19's cmd/compile/internal/escape by escapade's gcpatch
// (examples/go/gcpatch). It replaces gc's verdict of each allocation site with escapade's, read from
// the verdict file that `escapade-go --verdicts=FILE` writes (format: examples/go/README.md,
// "The verdict file"), named by $ESCAPADE_VERDICTS. Without that variable the compiler is gc.
//
// (*batch).finish calls escapadeApply first, after gc's solver and before the parameter tags are
// computed. For every location of the batch that represents a source site (a variable or an
// allocating expression), the site's key (file:line:col, kind v|e, and the name or expression text
// gc's -m prints) is looked up; a decided site takes escapade's verdict, everything else keeps gc's.
// gc keeps its own verdict for:
//   - packages compiled with base.Flag.CompilingRuntime (-+: the runtime), the packages the runtime
//     itself imports (escapadeGcOnlyPackages) and functions marked //go:nosplit, //go:systemstack,
//     //go:nowritebarrier or //go:nowritebarrierrec (their frames and allocations are constrained);
//   - sites that must live on the heap whatever the analysis says (HeapAllocReason: too large,
//     too aligned, non-constant make size: walk would fail on EscNone), variables of //go:notinheap
//     types; the compiler's go/defer wrapper closures are not looked up at all;
//   - positions inside inlined bodies or relative to //line directives (not source positions);
//   - keys that two locations of one batch share, unless escapade's verdict is heap.
//
// Then one invariant of gc is re-established, because the Go runtime depends on it: no heap object
// points into a stack (a stack move does not update such a pointer). From every location that ends
// on the heap (gc's abstract heap excepted: it stands for everything gc does not know, which is
// what escapade decides), gc's own data-flow graph is walked backwards; a location whose address
// reaches it goes to the heap too ("kept on heap by the invariant"), and a parameter whose value
// reaches it leaks to the heap in its tag. This is gc's walk (walkOne) restricted to heap roots.
//
// Parameter tags (export data, used by later batches and importing packages) are gc's, joined with
// the leaks that escapade's heap verdicts add: a tag never claims less than gc's analysis found,
// so undecided sites of callers (temporaries, other packages compiled by gc) stay sound.
// A site forced from heap to stack is never "transient" (order.go would reuse its storage within
// the statement; gc's walk does not compute transience through escaping locations).
//
// With $ESCAPADE_GCPATCH_STATS=1 the compiler prints one summary line per package on stdout
// (the go command shows and caches it with the package's output); =2 adds one line per site whose
// verdict differs from gc's, =3 also the sites gc reports that have no verdict. All in -m style:
// "FILE:LINE:COL: escapade: ...".
//
// Cost: reading the file once per process, O(size); per batch O(locations) lookups plus the walk,
// which is gc's walkAll restricted to heap roots: O(heap roots x edges) in the worst case.

package escape

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"cmd/compile/internal/base"
	"cmd/compile/internal/ir"
)

// escapadeGcOnlyPackages: the packages the runtime imports (go list -deps runtime, Go 1.19),
// compiled like the runtime; gc's verdicts stay.
var escapadeGcOnlyPackages = map[string]bool{
	"internal/abi": true, "internal/bytealg": true, "internal/cpu": true, "internal/goarch": true,
	"internal/goexperiment": true, "internal/goos": true, "runtime/internal/atomic": true,
	"runtime/internal/math": true, "runtime/internal/sys": true, "runtime/internal/syscall": true,
	"runtime/cgo": true, "runtime/race": true, "runtime/msan": true, "runtime/asan": true, "unsafe": true,
}

type escapadeKey struct {
	file      string // base name within the directory
	line, col uint32
}

type escapadeEntry struct {
	kind byte // 'v' variable, 'e' expression
	text string
	heap bool
}

type escapadeTable struct {
	data     []byte
	sections map[string][2]int                          // canonical directory -> byte range
	loaded   map[string]map[escapadeKey][]escapadeEntry // parsed sections
	dirOf    map[string]string                          // position file name -> canonical directory
}

var (
	escapadeTab      *escapadeTable
	escapadeTabDone  bool
	escapadeStatsLvl int
	escapadeStats    struct {
		decided, differ, toStack, toHeap, undecided, kept, invariant, ambiguous int
	}
	escapadeLines []string
)

func escapadeFail(format string, args ...interface{}) {
	base.Fatalf("escapade verdicts: "+format, args...)
}

// escapadeLoad reads $ESCAPADE_VERDICTS once; nil when it is not set.
func escapadeLoad() *escapadeTable {
	if escapadeTabDone {
		return escapadeTab
	}
	escapadeTabDone = true
	file := os.Getenv("ESCAPADE_VERDICTS")
	if file == "" {
		return nil
	}
	escapadeStatsLvl, _ = strconv.Atoi(os.Getenv("ESCAPADE_GCPATCH_STATS"))
	data, err := os.ReadFile(file)
	if err != nil {
		escapadeFail("%v", err)
	}
	t := &escapadeTable{data: data, sections: map[string][2]int{}, loaded: map[string]map[escapadeKey][]escapadeEntry{}, dirOf: map[string]string{}}
	if !bytes.HasPrefix(data, []byte("escapade-verdicts 1\n")) {
		escapadeFail("%s: not an escapade verdict file (want first line \"escapade-verdicts 1\")", file)
	}
	cur, start := "", 0
	for at := 0; at < len(data); {
		nl := bytes.IndexByte(data[at:], '\n')
		end := len(data)
		if nl >= 0 {
			end = at + nl
		}
		if bytes.HasPrefix(data[at:end], []byte("dir ")) {
			if cur != "" {
				t.sections[cur] = [2]int{start, at}
			}
			cur, start = string(data[at+4:end]), end+1
		}
		at = end + 1
	}
	if cur != "" {
		t.sections[cur] = [2]int{start, len(data)}
	}
	escapadeTab = t
	if escapadeStatsLvl > 0 {
		base.AtExit(escapadePrintStats)
	}
	return t
}

// section parses the lines of one directory: "file NAME" and "LINE:COL KIND VERDICT TEXT".
func (t *escapadeTable) section(dir string) map[escapadeKey][]escapadeEntry {
	if m, ok := t.loaded[dir]; ok {
		return m
	}
	m := map[escapadeKey][]escapadeEntry{}
	t.loaded[dir] = m
	r, ok := t.sections[dir]
	if !ok {
		return m
	}
	file := ""
	for _, line := range strings.Split(string(t.data[r[0]:r[1]]), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "file ") {
			file = line[5:]
			continue
		}
		// LINE:COL KIND VERDICT TEXT
		f := strings.SplitN(line, " ", 4)
		if len(f) != 4 || file == "" {
			escapadeFail("bad line in section %s: %q", dir, line)
		}
		lc := strings.SplitN(f[0], ":", 2)
		l, err1 := strconv.ParseUint(lc[0], 10, 32)
		var c uint64
		var err2 error
		if len(lc) == 2 {
			c, err2 = strconv.ParseUint(lc[1], 10, 32)
		} else {
			err2 = fmt.Errorf("no column")
		}
		if err1 != nil || err2 != nil || (f[1] != "v" && f[1] != "e") || (f[2] != "stack" && f[2] != "heap") {
			escapadeFail("bad line in section %s: %q", dir, line)
		}
		k := escapadeKey{file, uint32(l), uint32(c)}
		m[k] = append(m[k], escapadeEntry{kind: f[1][0], text: f[3], heap: f[2] == "heap"})
	}
	return m
}

// site returns the key of n's position, or ok=false for positions escapade cannot know.
func (t *escapadeTable) site(n ir.Node) (dir string, k escapadeKey, ok bool) {
	p := base.Ctxt.PosTable.Pos(n.Pos())
	if !p.IsKnown() || p.Base().InliningIndex() >= 0 {
		return "", k, false
	}
	if b := p.Base(); b != b.Pos().Base() {
		return "", k, false // relative to a //line directive
	}
	name := p.Filename()
	dir, ok = t.dirOf[name]
	if !ok {
		d := filepath.Dir(name)
		if abs, err := filepath.Abs(d); err == nil {
			d = abs
		}
		if real, err := filepath.EvalSymlinks(d); err == nil {
			d = real
		}
		t.dirOf[name] = d
		dir = d
	}
	return dir, escapadeKey{filepath.Base(name), uint32(p.Line()), uint32(p.Col())}, true
}

// escapadeApply replaces gc's loc.escapes with escapade's verdicts (see the file comment).
func (b *batch) escapadeApply() {
	t := escapadeLoad()
	if t == nil || base.Flag.CompilingRuntime || escapadeGcOnlyPackages[base.Ctxt.Pkgpath] {
		return
	}
	type decision struct {
		loc  *location
		kind byte
		text string
		key  string
		pos  string
		heap bool
	}
	var ds []decision
	count := map[string]int{}
	for _, loc := range b.allLocs {
		n := loc.n
		if n == nil || n.Type() == nil {
			continue
		}
		if n.Op() == ir.OCLOSURE && n.(*ir.ClosureExpr).Func.Wrapper() {
			continue // go/defer wrappers: gc's (not source sites; gc does not report them)
		}
		var kind byte = 'e'
		var text string
		if n.Op() == ir.ONAME {
			kind, text = 'v', n.Sym().Name
		}
		// What gc reports under -m: heap variables and every allocating expression.
		reported := kind == 'e' || loc.escapes
		dir, k, ok := t.site(n)
		if !ok {
			if reported {
				escapadeUndecided(n, "", "not a source position")
			}
			continue
		}
		entries := t.section(dir)[k]
		if len(entries) == 0 {
			if reported {
				escapadeUndecided(n, dir, "no escapade site at this position")
			}
			continue
		}
		if kind == 'e' {
			text = fmt.Sprintf("%v", n)
		}
		found, heap := false, false
		for _, e := range entries {
			if e.kind == kind && e.text == text {
				found = true
				heap = heap || e.heap // duplicates join to heap
			}
		}
		if !found {
			if reported {
				escapadeUndecided(n, dir, "no escapade site of this kind and text here")
			}
			continue
		}
		pos := fmt.Sprintf("%s/%s:%d:%d", dir, k.file, k.line, k.col)
		key := fmt.Sprintf("%s %c %s", pos, kind, text)
		count[key]++
		ds = append(ds, decision{loc, kind, text, key, pos, heap})
	}
	type change struct {
		d      decision
		gcHeap bool
	}
	var changes []change
	for _, d := range ds {
		loc, n := d.loc, d.loc.n
		gcHeap := loc.escapes
		why := ""
		switch {
		case loc.curfn != nil && loc.curfn.Pragma&(ir.Nosplit|ir.Systemstack|ir.Nowritebarrier|ir.Nowritebarrierrec) != 0:
			why = "function pragma"
		case HeapAllocReason(n) != "":
			why = HeapAllocReason(n)
		case n.Op() == ir.ONAME && n.Type().NotInHeap():
			why = "not-in-heap type"
		case count[d.key] > 1 && !d.heap:
			why = "ambiguous key"
			escapadeStats.ambiguous++
		}
		if why != "" {
			if d.heap != gcHeap {
				escapadeStats.kept++
				if escapadeStatsLvl >= 2 {
					escapadeLines = append(escapadeLines, fmt.Sprintf("%s: escapade: %s: gc's verdict kept (%s): gc %s, escapade %s",
						d.pos, d.text, why, escapadeWord(gcHeap), escapadeWord(d.heap)))
				}
			}
			continue
		}
		escapadeStats.decided++
		if d.heap != gcHeap {
			escapadeStats.differ++
			if d.heap {
				escapadeStats.toHeap++
			} else {
				escapadeStats.toStack++
				loc.transient = false
			}
			changes = append(changes, change{d, gcHeap})
		}
		loc.escapes = d.heap
	}

	// The invariant: no heap object points into a stack. Walk from every heap location.
	var walkgen uint32
	for _, loc := range b.allLocs {
		if loc.walkgen > walkgen {
			walkgen = loc.walkgen
		}
		loc.queued = false
	}
	if b.heapLoc.walkgen > walkgen {
		walkgen = b.heapLoc.walkgen
	}
	var todo []*location
	for _, loc := range b.allLocs {
		if loc.escapes {
			todo = append(todo, loc)
			loc.queued = true
		}
	}
	forced := map[*location]*location{}
	for len(todo) > 0 {
		root := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		root.queued = false
		walkgen++
		b.escapadeWalk(root, walkgen, func(l *location) {
			forced[l] = root
			if !l.queued {
				todo = append(todo, l)
				l.queued = true
			}
		})
	}
	// Sites escapade put on the stack that the invariant sent back to the heap.
	for _, d := range ds {
		if root := forced[d.loc]; root != nil && !d.heap {
			escapadeStats.invariant++
			if escapadeStatsLvl >= 2 {
				escapadeLines = append(escapadeLines, fmt.Sprintf("%s: escapade: %s: kept on heap by the invariant: its address reaches heap location %s",
					d.pos, d.text, b.explainLoc(root)))
			}
		}
	}
	if escapadeStatsLvl >= 2 {
		for _, c := range changes {
			if forced[c.d.loc] == nil {
				escapadeLines = append(escapadeLines, fmt.Sprintf("%s: escapade: %s: gc %s, escapade %s", c.d.pos, c.d.text, escapadeWord(c.gcHeap), escapadeWord(c.d.heap)))
			}
		}
	}
}

// escapadeUndecided counts a site gc reports that has no verdict; -stats=3 prints it.
func escapadeUndecided(n ir.Node, dir, why string) {
	escapadeStats.undecided++
	if escapadeStatsLvl >= 3 {
		what := fmt.Sprintf("%v", n)
		if n.Op() == ir.ONAME {
			what = "variable " + what
		}
		escapadeLines = append(escapadeLines, fmt.Sprintf("%s: escapade: %s: undecided (%s)", base.FmtPos(n.Pos()), what, why))
	}
}

func escapadeWord(heap bool) string {
	if heap {
		return "heap"
	}
	return "stack"
}

// escapadeWalk is walkOne for a heap root: every location whose address reaches root is reported
// to force (and marked escaping); parameters whose values reach root leak to the heap.
func (b *batch) escapadeWalk(root *location, walkgen uint32, force func(*location)) {
	root.walkgen = walkgen
	root.derefs = 0
	todo := []*location{root}
	for len(todo) > 0 {
		l := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		derefs := l.derefs
		addressOf := derefs < 0
		if addressOf {
			derefs = 0
		}
		if l.isName(ir.PPARAM) {
			l.leakTo(root, derefs)
		}
		if addressOf && !l.escapes {
			l.escapes = true
			force(l)
			continue
		}
		for _, edge := range l.edges {
			if edge.src.escapes {
				continue
			}
			d := derefs + edge.derefs
			if edge.src.walkgen != walkgen || edge.src.derefs > d {
				edge.src.walkgen = walkgen
				edge.src.derefs = d
				todo = append(todo, edge.src)
			}
		}
	}
}

func escapadePrintStats() {
	s := escapadeStats
	sort.Strings(escapadeLines)
	for _, l := range escapadeLines {
		fmt.Fprintln(os.Stdout, l)
	}
	pkg := os.Getenv("ESCAPADE_GCPATCH_PKG") // the go command's name of the package ("p [p.test]")
	if pkg == "" {
		pkg = base.Ctxt.Pkgpath
	}
	fmt.Fprintf(os.Stdout, "escapade-gcpatch: %s: decided %d, differ %d (to stack %d, to heap %d), kept gc's %d, ambiguous %d, kept on heap by the invariant %d, undecided %d\n",
		pkg, s.decided, s.differ, s.toStack, s.toHeap, s.kept, s.ambiguous, s.invariant, s.undecided)
}
