// escapade-callgraphs - how precisely escapade resolves the dynamic calls of real programs,
// against the call graphs of x/tools (CHA, RTA, VTA), matched site by site.
//
//	escapade-callgraphs [-escapade-go PROG] [-modes MODEL/DISPATCH,...] [-cache-dir DIR]
//	                    [-keep DIR] [-flagged FILE] [-missed FILE] [-reviewed FILE] [-escapade-args ARGS] [-all] [-v] [PROGRAM...]
//
// For each program (by default the 32 real programs of issue 10: the 20 commands of Go 1.19's cmd/
// and 12 commands of golang.org/x/tools from Debian's golang-golang-x-tools-dev in GOPATH mode) it
// loads the program with every package it links, builds x/tools' CHA, RTA and VTA call graphs
// (xtools.go), runs escapade-go on the whole program in each mode (escapade.go), and matches the
// dynamic call sites by position. It prints, per program and in total, for interface calls and
// function-value calls separately, the number of sites by number of callees under each algorithm
// and each escapade mode.
//
// The sites compared are the dynamic call sites (SSA: invoke-mode calls, and calls whose callee is
// not a known function) in functions RTA finds reachable from main and init (-all: in every
// function). escapade's columns count its resolution notes at the same positions: a known set of
// N functions, or the world's answer (`world`: every implementation in the program), the heap
// (`heap`: no target, or open world), callers' sets (`callers`: dispatch=context resolves the site
// per call of its function), or no note at that position (`none`: escapade resolved the call
// statically, as gc does for a local assigned once, or did not analyse the function).
//
// Every reachable site where escapade names a known set that is smaller than VTA's, or that lacks
// one of VTA's callees, is flagged: a smaller set is either a precision win (VTA's own
// over-approximation) or a soundness bug, and a person must decide which. -flagged FILE writes
// them with both sets; -reviewed FILE lists the sites a person checked (one position per line,
// `$GOROOT/` or `$GOPATH/` relative, then a reason): any flagged site not listed makes the exit
// status 1.
//
// The reference graphs are x/tools v0.5.0's as Debian ships it (built in GOPATH mode: this program
// is for measurement only; escapade-go itself uses the standard library only).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

type program struct {
	name string
	path string   // import path
	env  []string // extra environment (GOPATH mode for x/tools)
	dir  string   // working directory of go/packages and escapade-go ("" = the current one)
}

var xtoolsEnv = []string{"GO111MODULE=off", "GOPATH=/usr/share/gocode"}

func defaultPrograms() []program {
	var ps []program
	for _, c := range []string{"addr2line", "api", "asm", "buildid", "cgo", "compile", "cover", "dist", "doc", "fix", "go",
		"gofmt", "link", "nm", "objdump", "pack", "pprof", "test2json", "trace", "vet"} {
		ps = append(ps, program{name: "cmd/" + c, path: "cmd/" + c})
	}
	for _, c := range []string{"bundle", "callgraph", "digraph", "eg", "godoc", "goimports", "gorename", "gotype", "goyacc",
		"guru", "ssadump", "stringer"} {
		ps = append(ps, program{name: "x/tools/" + c, path: "golang.org/x/tools/cmd/" + c, env: xtoolsEnv})
	}
	return ps
}

type mode struct{ model, dispatch string }

func (m mode) String() string { return m.model + "/" + m.dispatch }

// The buckets of a distribution: 0, 1, 2, 3-9, 10+ callees, then escapade's unknown sets.
const (
	b0 = iota
	b1
	b2
	b3to9
	b10
	bWorld
	bHeap
	bCallers
	bNone
	numBuckets
)

var bucketNames = [numBuckets]string{"0", "1", "2", "3-9", "10+", "world", "heap", "callers", "none"}

func bucketOf(n int) int {
	switch {
	case n == 0:
		return b0
	case n == 1:
		return b1
	case n == 2:
		return b2
	case n < 10:
		return b3to9
	}
	return b10
}

// A distribution of sites by bucket, per column (the algorithms, then the modes).
type dist struct {
	sites int
	col   [][numBuckets]int
}

func newDist(cols int) *dist { return &dist{col: make([][numBuckets]int, cols)} }

func (d *dist) add(o *dist) {
	d.sites += o.sites
	for c := range d.col {
		for b := range d.col[c] {
			d.col[c][b] += o.col[c][b]
		}
	}
}

type flagged struct {
	program, key, kind, fn, expr string
	mode                         string
	esc, vta                     []string
}

func main() {
	escapadeGo := flag.String("escapade-go", "", "the escapade-go `program` (default: next to this one)")
	modesFlag := flag.String("modes", "gc/closed,gc/context", "escapade's modes, `MODEL/DISPATCH,...`")
	cacheDir := flag.String("cache-dir", "", "escapade-go's lowering cache `DIR` (default: escapade-go's)")
	keep := flag.String("keep", "", "keep escapade-go's reports under `DIR`/PROGRAM/")
	flaggedFile := flag.String("flagged", "", "write the flagged sites (escapade's set smaller than VTA's) to `FILE`")
	reviewedFile := flag.String("reviewed", "", "the flagged sites a person checked (`FILE`); any other flagged site fails")
	all := flag.Bool("all", false, "compare the sites of every function, not only those RTA reaches")
	verbose := flag.Bool("v", false, "print timings and unmatched notes")
	origins := flag.Bool("origins", false, "also count the sites by where the receiver or function value comes from (SSA), with the single-callee sites per column")
	escArgs := flag.String("escapade-args", "", "extra escapade-go arguments for every run, space-separated (e.g. --memory-rounds=6)")
	missedFile := flag.String("missed", "", "write the sites where VTA has one callee and an escapade mode has not (origin, escapade's note) to `FILE`")
	minMatched := flag.Float64("min-matched", 0, "exit 1 when fewer than `PCT` percent of escapade's resolution notes fall on an SSA call site")
	flag.Parse()
	escapadeExtra = strings.Fields(*escArgs)

	var modes []mode
	for _, f := range strings.Split(*modesFlag, ",") {
		parts := strings.Split(strings.TrimSpace(f), "/")
		if len(parts) != 2 {
			fmt.Fprintf(os.Stderr, "escapade-callgraphs: bad mode %q (want MODEL/DISPATCH)\n", f)
			os.Exit(2)
		}
		modes = append(modes, mode{parts[0], parts[1]})
	}
	if *escapadeGo == "" {
		self, _ := os.Executable()
		*escapadeGo = filepath.Join(filepath.Dir(self), "escapade-go")
	}
	progs := defaultPrograms()
	if flag.NArg() > 0 {
		byName := map[string]program{}
		for _, p := range progs {
			byName[p.name] = p
			byName[p.path] = p
		}
		progs = nil
		for _, a := range flag.Args() {
			if p, ok := byName[a]; ok {
				progs = append(progs, p)
			} else if st, err := os.Stat(a); err == nil && st.IsDir() {
				abs, _ := filepath.Abs(a)
				progs = append(progs, program{name: a, path: ".", dir: abs})
			} else {
				progs = append(progs, program{name: a, path: a})
			}
		}
	}
	reviewed := map[string]bool{}
	if *reviewedFile != "" {
		if err := readReviewed(*reviewedFile, reviewed); err != nil {
			fmt.Fprintf(os.Stderr, "escapade-callgraphs: %v\n", err)
			os.Exit(2)
		}
	}

	cols := numAlgos + len(modes)
	colName := func(c int) string {
		if c < numAlgos {
			return algoNames[c]
		}
		return "esc " + modes[c-numAlgos].dispatch
	}
	totals := [2]*dist{newDist(cols), newDist(cols)}
	var flags []flagged
	var missed []string
	type originCount struct {
		sites  int
		single []int // per column
	}
	byOrigin := [2]map[string]*originCount{{}, {}}
	failed := false
	fmt.Printf("%-18s %-10s %6s %7s", "program", "calls", "sites", "matched")
	for c := 0; c < cols; c++ {
		fmt.Printf(" %11s", colName(c)+" 1")
	}
	fmt.Println()
	for _, p := range progs {
		ref, err := loadReference(p, *verbose)
		if err != nil {
			fmt.Printf("%-18s FAIL: %v\n", p.name, err)
			failed = true
			continue
		}
		escs := make([]*escProgram, len(modes))
		for i, m := range modes {
			keepDir := ""
			if *keep != "" {
				keepDir = filepath.Join(*keep, strings.ReplaceAll(p.name, "/", "_"))
			}
			escs[i], err = runEscapade(p, *escapadeGo, m.model, m.dispatch, *cacheDir, keepDir)
			if err != nil {
				fmt.Printf("%-18s FAIL: %v\n", p.name, err)
				failed = true
			}
		}
		per := [2]*dist{newDist(cols), newDist(cols)}
		matched := [2]int{}
		keys := make([]string, 0, len(ref.sites))
		for k := range ref.sites {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			s := ref.sites[k]
			if !s.reachable && !*all {
				continue
			}
			d := per[s.kind]
			d.sites++
			for a := 0; a < numAlgos; a++ {
				d.col[a][bucketOf(len(s.callees[a]))]++
			}
			oc := byOrigin[s.kind][s.origin]
			if oc == nil {
				oc = &originCount{single: make([]int, cols)}
				byOrigin[s.kind][s.origin] = oc
			}
			oc.sites++
			for a := 0; a < numAlgos; a++ {
				if len(s.callees[a]) == 1 {
					oc.single[a]++
				}
			}
			any := false
			for i, e := range escs {
				c := numAlgos + i
				if e == nil {
					continue
				}
				es := e.sites[k]
				if len(s.callees[algoVTA]) == 1 && (es == nil || es.set != escKnown || len(es.targets) != 1) {
					note := "(no note)"
					if es != nil {
						note = es.text
					}
					missed = append(missed, fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s\t%s", p.name, modes[i], s.kind, s.origin, relKey(k),
						strings.Join(sortedKeys(s.callees[algoVTA]), ","), note))
				}
				if es == nil {
					d.col[c][bNone]++
					continue
				}
				any = true
				switch es.set {
				case escKnown:
					d.col[c][bucketOf(len(es.targets))]++
					if len(es.targets) == 1 {
						oc.single[c]++
					}
					if smaller(es.targets, s.callees[algoVTA]) {
						flags = append(flags, flagged{program: p.name, key: k, kind: s.kind.String(), fn: es.fn, expr: es.expr,
							mode: modes[i].String(), esc: setKeys(es.targets), vta: sortedKeys(s.callees[algoVTA])})
					}
				case escClosed:
					d.col[c][bWorld]++
				case escHeap:
					d.col[c][bHeap]++
				case escCallers:
					d.col[c][bCallers]++
				}
			}
			if any {
				matched[s.kind]++
			}
		}
		for kind := ifaceCall; kind <= funcCall; kind++ {
			name := p.name
			if kind == funcCall {
				name = ""
			}
			fmt.Printf("%-18s %-10s %6d %7d", name, kind, per[kind].sites, matched[kind])
			for c := 0; c < cols; c++ {
				fmt.Printf(" %11d", per[kind].col[c][b1])
			}
			fmt.Println()
			totals[kind].add(per[kind])
		}
		for i, e := range escs {
			if e == nil {
				continue
			}
			unmatched := 0
			for k := range e.sites {
				if ref.sites[k] == nil {
					unmatched++
					if *verbose && unmatched <= 5 {
						fmt.Fprintf(os.Stderr, "  %s %s: note without an SSA site at %s: %s\n", p.name, modes[i], k, e.sites[k].text)
					}
				}
			}
			share := 100.0
			if len(e.sites) > 0 {
				share = 100 * float64(len(e.sites)-unmatched) / float64(len(e.sites))
			}
			if *verbose {
				fmt.Fprintf(os.Stderr, "  %s %s: %d notes, %d without an SSA site (%.1f%% matched); escapade-go %.1fs, world %s\n", p.name,
					modes[i], len(e.sites), unmatched, share, e.elapsed.Seconds(), e.world)
			}
			if share < *minMatched {
				fmt.Printf("  %s %s: %.1f%% of escapade's %d notes fall on an SSA call site (below %.1f%%)\n", p.name, modes[i], share,
					len(e.sites), *minMatched)
				failed = true
			}
			if e.world != "closed" {
				fmt.Printf("  %s %s: the world is %s\n", p.name, modes[i], e.world)
			}
		}
		runtime.GC()
	}

	fmt.Println()
	fmt.Println("Total, sites by number of callees:")
	for kind := ifaceCall; kind <= funcCall; kind++ {
		d := totals[kind]
		fmt.Printf("%s calls: %d sites\n", kind, d.sites)
		fmt.Printf("  %-12s", "")
		for b := 0; b < numBuckets; b++ {
			fmt.Printf(" %7s", bucketNames[b])
		}
		fmt.Println()
		for c := 0; c < cols; c++ {
			fmt.Printf("  %-12s", colName(c))
			for b := 0; b < numBuckets; b++ {
				if c < numAlgos && b >= bWorld {
					fmt.Printf(" %7s", "")
					continue
				}
				fmt.Printf(" %7d", d.col[c][b])
			}
			fmt.Println()
		}
	}

	if *origins {
		for kind := ifaceCall; kind <= funcCall; kind++ {
			fmt.Printf("\n%s calls by origin of the receiver or function value: sites, then single-callee sites per column\n", kind)
			names := make([]string, 0, len(byOrigin[kind]))
			for n := range byOrigin[kind] {
				names = append(names, n)
			}
			sort.Slice(names, func(i, j int) bool { return byOrigin[kind][names[i]].sites > byOrigin[kind][names[j]].sites })
			fmt.Printf("  %-46s %6s", "origin", "sites")
			for c := 0; c < cols; c++ {
				fmt.Printf(" %11s", colName(c))
			}
			fmt.Println()
			for _, n := range names {
				oc := byOrigin[kind][n]
				fmt.Printf("  %-46s %6d", n, oc.sites)
				for c := 0; c < cols; c++ {
					fmt.Printf(" %11d", oc.single[c])
				}
				fmt.Println()
			}
		}
	}

	if *missedFile != "" {
		if err := os.WriteFile(*missedFile, []byte(strings.Join(missed, "\n")+"\n"), 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "escapade-callgraphs: %v\n", err)
			os.Exit(2)
		}
	}

	fmt.Printf("\nFlagged (escapade's known set smaller than VTA's, or missing one of its callees): %d\n", len(flags))
	var w *bufio.Writer
	if *flaggedFile != "" {
		f, err := os.Create(*flaggedFile)
		if err != nil {
			fmt.Fprintf(os.Stderr, "escapade-callgraphs: %v\n", err)
			os.Exit(2)
		}
		defer f.Close()
		w = bufio.NewWriter(f)
		defer w.Flush()
	}
	unreviewed := 0
	for _, fl := range flags {
		rel := relKey(fl.key)
		line := fmt.Sprintf("%s %s %s [%s] %s in %s: escapade {%s} VTA {%s}", fl.program, fl.mode, rel, fl.kind, fl.expr, fl.fn,
			strings.Join(fl.esc, ", "), strings.Join(fl.vta, ", "))
		if w != nil {
			fmt.Fprintln(w, line)
		}
		if *reviewedFile != "" && !reviewed[rel] {
			unreviewed++
			fmt.Printf("  not reviewed: %s\n", line)
		} else if w == nil {
			fmt.Printf("  %s\n", line)
		}
	}
	if unreviewed > 0 {
		fmt.Printf("%d flagged sites are not in %s\n", unreviewed, *reviewedFile)
		failed = true
	}
	if failed {
		os.Exit(1)
	}
}

// smaller: escapade's known set has fewer callees than VTA's, or lacks one of them (by name).
func smaller(esc map[string]bool, vta map[string]string) bool {
	if len(esc) < len(vta) {
		return true
	}
	for name := range vta {
		if !esc[name] {
			return true
		}
	}
	return false
}

func setKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// relKey writes a position relative to GOROOT or the GOPATH of x/tools.
func relKey(k string) string {
	goroot := runtime.GOROOT()
	if strings.HasPrefix(k, goroot+"/") {
		return "$GOROOT/" + k[len(goroot)+1:]
	}
	if strings.HasPrefix(k, "/usr/share/gocode/") {
		return "$GOPATH/" + k[len("/usr/share/gocode/"):]
	}
	return k
}

func readReviewed(file string, into map[string]bool) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		into[strings.Fields(l)[0]] = true
	}
	return nil
}
