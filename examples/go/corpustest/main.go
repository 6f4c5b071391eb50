// escapade-corpustest - the Go-level soundness corpus (tests/go/corpus/): multi-package Go programs
// that prove their escapes at run time, checked against escapade-go in every mode.
//
//	escapade-corpustest [-escapade-go PROG] [-corpus DIR] [-driver whole|package] [-args "ARGS"]
//	                    [-modes LIST] [-libs=true|false] [-j N] [-timeout D] [-v] [-run RE] [PROGRAM...]
//
// For each program (a subdirectory of -corpus holding a go.mod; PROGRAM arguments select by name):
//  1. `go build` and run it: stdout must equal its expected.txt (reasoned by hand, see the README);
//  2. `go build -gcflags='MOD/...=-m -l'`: gc must put every annotated site on the heap;
//  3. escapade-go in each mode (--model=gc|precise x --dispatch=conservative|closed|context):
//     -driver whole runs `escapade-go --model=M --dispatch=D --print=MOD/... DIR` once on the main
//     package (whole-program mode); -driver package runs it on every package directory of the
//     module separately (what escapade-go could do before whole-program mode). Every annotated
//     site is judged: a heap site reported stack (or not reported at all) is unsound;
//  4. with -libs, every library package alone: --dispatch=closed must be refused, and
//     --dispatch=context (open world) must keep every heap site of that package on the heap.
//
// -args adds arguments to every escapade-go run; "{mode}" in them becomes MODEL-DISPATCH (e.g.
// -args "--deps --summary-dir=/tmp/s/{mode}"). The output is a table, programs x modes (ok, ok+N
// precision wins, Un unsound, Mn missing, Ln lost wins, ERR), the findings, the precision wins with
// their reasons, and totals. Exit status 1 when anything failed, 2 on bad usage.
//
// Complexity: linear in the number of programs times modes (each a handful of processes); -j
// programs are checked at once.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

func main() {
	var (
		escapadeGo = flag.String("escapade-go", "", "escapade-go executable (default: next to this program)")
		corpus     = flag.String("corpus", "", "corpus directory (default: tests/go/corpus of the source tree)")
		driver     = flag.String("driver", "whole", "whole (one run on the main package, --print=MOD/...) or package (one run per package)")
		args       = flag.String("args", "", "extra escapade-go arguments, space-separated; {mode} becomes MODEL-DISPATCH")
		modesFlag  = flag.String("modes", "", "comma-separated modes to run (e.g. gc/closed,precise/context); default all six")
		libs       = flag.Bool("libs", true, "also check each library package alone (closed refused, context sound)")
		jobs       = flag.Int("j", 2, "programs checked at once")
		timeout    = flag.Duration("timeout", 10*time.Minute, "timeout of each command")
		verbose    = flag.Bool("v", false, "print notes (column differences) and every finding")
		runRe      = flag.String("run", "", "only programs whose name matches this regular expression")
	)
	flag.Parse()
	if *driver != "whole" && *driver != "package" {
		fmt.Fprintln(os.Stderr, "escapade-corpustest: -driver must be whole or package")
		os.Exit(2)
	}
	self, _ := os.Executable()
	if *escapadeGo == "" {
		*escapadeGo = filepath.Join(filepath.Dir(self), "escapade-go")
	}
	if *corpus == "" {
		// The runner is built from examples/go; the corpus is tests/go/corpus of the same tree.
		if wd, err := os.Getwd(); err == nil {
			*corpus = filepath.Join(wd, "tests", "go", "corpus")
		}
	}
	abs, err := filepath.Abs(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	c := &checker{escapadeGo: *escapadeGo, driver: *driver, args: strings.Fields(*args), libs: *libs,
		timeout: *timeout, staleWd: abs}
	if c.escapadeGo, err = filepath.Abs(c.escapadeGo); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if *modesFlag == "" {
		for i := range allModes {
			c.modes = append(c.modes, i)
		}
	} else {
		for _, s := range strings.Split(*modesFlag, ",") {
			found := false
			for i, m := range allModes {
				if m.String() == s {
					c.modes, found = append(c.modes, i), true
				}
			}
			if !found {
				fmt.Fprintf(os.Stderr, "escapade-corpustest: unknown mode %q\n", s)
				os.Exit(2)
			}
		}
	}
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err == nil {
		c.cgo = strings.TrimSpace(string(out)) == "1"
	}
	if c.tmp, err = os.MkdirTemp("", "escapade-corpustest-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer os.RemoveAll(c.tmp)

	// The programs.
	entries, err := os.ReadDir(abs)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var re *regexp.Regexp
	if *runRe != "" {
		re = regexp.MustCompile(*runRe)
	}
	pick := map[string]bool{}
	for _, a := range flag.Args() {
		pick[filepath.Base(a)] = true
	}
	var progs []*program
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(abs, e.Name(), "go.mod")); err != nil {
			continue
		}
		if len(pick) > 0 && !pick[e.Name()] || re != nil && !re.MatchString(e.Name()) {
			continue
		}
		p, err := loadProgram(filepath.Join(abs, e.Name()))
		if err != nil {
			fmt.Fprintf(os.Stderr, "escapade-corpustest: %s: %v\n", e.Name(), err)
			os.Exit(1)
		}
		progs = append(progs, p)
	}
	if len(progs) == 0 {
		fmt.Fprintf(os.Stderr, "escapade-corpustest: no program found in %s\n", abs)
		os.Exit(2)
	}

	// Check them, -j at a time.
	results := make([]*result, len(progs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, *jobs)
	for i, p := range progs {
		wg.Add(1)
		go func(i int, p *program) {
			defer wg.Done()
			sem <- struct{}{}
			results[i] = c.checkProgram(p)
			<-sem
		}(i, p)
	}
	wg.Wait()
	os.Exit(report(c, results, *verbose))
}

// grouped formats the findings of one kind, merging those that differ only in their mode:
// "SUBJECT [MODE MODE...]: TEXT".
func grouped(fs []finding, kind string) []string {
	var order []string
	modes := map[string][]string{}
	for _, f := range fs {
		if f.kind != kind {
			continue
		}
		key := f.subject + "\x00" + f.text
		if _, ok := modes[key]; !ok {
			order = append(order, key)
		}
		if f.mode != "" {
			modes[key] = append(modes[key], f.mode)
		} else if modes[key] == nil {
			modes[key] = []string{}
		}
	}
	var out []string
	for _, key := range order {
		i := strings.IndexByte(key, 0)
		subject, text := key[:i], key[i+1:]
		line := subject
		if ms := modes[key]; len(ms) > 0 {
			if line != "" {
				line += " "
			}
			line += "[" + strings.Join(ms, " ") + "]"
		}
		if line != "" {
			line += ": "
		}
		out = append(out, line+text)
	}
	return out
}

// report prints the table, the findings and the totals; it returns the exit status.
func report(c *checker, results []*result, verbose bool) int {
	fmt.Printf("escapade-corpustest: driver %s, escapade-go %s", c.driver, c.escapadeGo)
	if len(c.args) > 0 {
		fmt.Printf(" %s", strings.Join(c.args, " "))
	}
	fmt.Println()
	const perMode = "programs U|M / ERR / HIR"
	w := len(perMode)
	for _, r := range results {
		if len(r.p.name) > w {
			w = len(r.p.name)
		}
	}
	fmt.Println("modes: gc/cons = --model=gc --dispatch=conservative (gc's own analysis), pr = --model=precise, ctx = context")
	fmt.Println("cells: ok (+N precision wins), Un unsound (stack for a heap site), Mn missing (no message), Ln lost wins,")
	fmt.Println("       ERR escapade-go failed, HIR failed with invalid host IR (a converted type's method missing from the IR)")
	fmt.Printf("%-*s %-5s %-6s %5s", w, "program", "run", "gc", "sites")
	for _, mi := range c.modes {
		fmt.Printf(" %-10s", allModes[mi].short())
	}
	if c.libs {
		fmt.Printf(" %s", "lib")
	}
	fmt.Println()
	var progs, skipped, failed, sites, checks, unsound, miss, lost, errs, hirs, runFail, gcFail int
	var libFail int
	for _, r := range results {
		progs++
		if r.skipped != "" {
			skipped++
			fmt.Printf("%-*s skipped: %s\n", w, r.p.name, r.skipped)
			continue
		}
		if r.failed() {
			failed++
		}
		sites += len(r.p.sites)
		runCol, gcCol := "ok", "ok"
		if r.run != "" {
			runCol, runFail = "FAIL", runFail+1
		}
		if r.gc != "" {
			gcCol, gcFail = "FAIL", gcFail+1
		}
		fmt.Printf("%-*s %-5s %-6s %5d", w, r.p.name, runCol, gcCol, len(r.p.sites))
		for _, mi := range c.modes {
			cl := r.cells[mi]
			fmt.Printf(" %-10s", cl)
			if cl.err == "" {
				checks += len(r.p.sites)
			}
			unsound += cl.unsound
			miss += cl.missing
			lost += cl.lost
			if cl.hostIR() {
				hirs++
			} else if cl.err != "" {
				errs++
			}
		}
		if c.libs {
			fmt.Printf(" %s", r.lib)
			if r.lib != "ok" {
				libFail++
			}
		}
		fmt.Println()
	}

	// Per mode: how many programs got an unsound or missing verdict, how many failed to run.
	fmt.Printf("%-*s %-5s %-6s %5s", w, perMode, "", "", "")
	for _, mi := range c.modes {
		bad, errored, hir := 0, 0, 0
		for _, r := range results {
			if r.skipped != "" {
				continue
			}
			if cl := r.cells[mi]; cl.hostIR() {
				hir++
			} else if cl.err != "" {
				errored++
			} else if cl.unsound+cl.missing > 0 {
				bad++
			}
		}
		fmt.Printf(" %-10s", fmt.Sprintf("%d/%d/%d", bad, errored, hir))
	}
	fmt.Println()

	fmt.Println()
	kinds := []string{"RUN", "GC", "ERROR", "UNSOUND", "MISSING", "LOST", "LIB"}
	if verbose {
		kinds = append(kinds, "NOTE")
	}
	nwins := 0
	for _, k := range kinds {
		for _, r := range results {
			for _, g := range grouped(r.findings, k) {
				fmt.Printf("%-7s %s: %s\n", k, r.p.name, g)
			}
		}
	}
	first := true
	for _, r := range results {
		for _, f := range r.findings {
			if f.kind == "WIN" {
				nwins++
			}
		}
		for _, g := range grouped(r.findings, "WIN") {
			if first {
				fmt.Println("precision wins (gc: heap; these modes: stack; why that is right):")
				first = false
			}
			fmt.Printf("  %s: %s\n", r.p.name, g)
		}
	}
	fmt.Printf("\nprograms %d (skipped %d), sites %d, modes %d, site-mode checks made %d\n",
		progs, skipped, sites, len(c.modes), checks)
	fmt.Printf("unsound %d, missing %d, lost wins %d, precision wins %d, escapade errors %d (and %d invalid host IR), run failures %d, annotation failures %d",
		unsound, miss, lost, nwins, errs, hirs, runFail, gcFail)
	if c.libs {
		fmt.Printf(", library checks failed %d", libFail)
	}
	fmt.Printf("\nprograms failing: %d\n", failed)
	if failed > 0 {
		return 1
	}
	return 0
}
