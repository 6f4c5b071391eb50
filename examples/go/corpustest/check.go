// check.go - checking one corpus program: build and run it against its expected output, check the
// annotations against gc (`go build -gcflags=MOD/...=-m -l`), then run escapade-go in every mode
// (and on each library package alone) and judge every annotated site.
//
// Complexity: per program, one build, one run, one gc build and 6 escapade-go runs (whole-program
// driver) or 6 runs per package (package driver), plus 3 runs per library package with -libs;
// judging is linear in sites times modes.
package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// program is one corpus program: a module directory with a main package.
type program struct {
	name, dir, modPath string
	sites              []*site
	needsCgo           bool
}

// cell is the outcome of one program in one mode.
type cell struct {
	unsound, missing, lost, wins int
	err                          string // escapade-go failed (exit status, type errors, timeout)
}

// hostIR reports whether escapade-go failed because the lowered IR lacks a method of a converted
// type (errc::invalid_host_ir: the frontend's gap, not an unsound verdict).
func (c cell) hostIR() bool {
	return strings.Contains(c.err, "but the IR has no method")
}

func (c cell) String() string {
	if c.hostIR() {
		return "HIR"
	}
	if c.err != "" {
		return "ERR"
	}
	var parts []string
	if c.unsound > 0 {
		parts = append(parts, fmt.Sprintf("U%d", c.unsound))
	}
	if c.missing > 0 {
		parts = append(parts, fmt.Sprintf("M%d", c.missing))
	}
	if c.lost > 0 {
		parts = append(parts, fmt.Sprintf("L%d", c.lost))
	}
	if len(parts) == 0 {
		if c.wins > 0 {
			return fmt.Sprintf("ok+%d", c.wins)
		}
		return "ok"
	}
	return strings.Join(parts, ",")
}

func (c cell) failed() bool { return c.err != "" || c.unsound+c.missing+c.lost > 0 }

// finding is one line of the detailed report; findings that differ only in their mode are
// printed as one line listing the modes.
type finding struct {
	kind    string // UNSOUND, MISSING, LOST, WIN, ERROR, RUN, GC, NOTE, LIB
	subject string // the site (or package) concerned, "" for the program
	mode    string // the mode concerned, "" when none
	text    string
}

// result is everything checked for one program.
type result struct {
	p        *program
	skipped  string
	run, gc  string // "" when fine, else what failed
	cells    []cell
	lib      string // "" when -libs is off
	findings []finding
	elapsed  time.Duration
}

func (r *result) add(kind, format string, args ...interface{}) {
	r.findings = append(r.findings, finding{kind: kind, text: fmt.Sprintf(format, args...)})
}

func (r *result) addFor(kind, subject string, m mode, format string, args ...interface{}) {
	r.findings = append(r.findings, finding{kind, subject, m.String(), fmt.Sprintf(format, args...)})
}

func (r *result) failed() bool {
	if r.skipped != "" {
		return false
	}
	if r.run != "" || r.gc != "" || (r.lib != "" && r.lib != "ok") {
		return true
	}
	for _, c := range r.cells {
		if c.failed() {
			return true
		}
	}
	return false
}

var moduleRx = regexp.MustCompile(`(?m)^module\s+(\S+)`)

// loadProgram reads a program's module path, directives and sites.
func loadProgram(dir string) (*program, error) {
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return nil, err
	}
	m := moduleRx.FindSubmatch(mod)
	if m == nil {
		return nil, fmt.Errorf("%s/go.mod: no module line", dir)
	}
	p := &program{name: filepath.Base(dir), dir: dir, modPath: string(m[1])}
	if main, err := os.ReadFile(filepath.Join(dir, "main.go")); err == nil {
		p.needsCgo = bytes.Contains(main, []byte("\n//corpus:requires cgo\n"))
	}
	// The proof step must be the master copy (the corpus directory's smash.go.txt), unchanged.
	master, err := os.ReadFile(filepath.Join(filepath.Dir(dir), "smash.go.txt"))
	if err != nil {
		return nil, err
	}
	if own, err := os.ReadFile(filepath.Join(dir, "smash.go")); err != nil || !bytes.Equal(own, master) {
		return nil, fmt.Errorf("%s/smash.go is missing or differs from the corpus's smash.go.txt", dir)
	}
	p.sites, err = readSites(dir)
	return p, err
}

// command runs name args in dir with the environment plus extra, with a timeout; it returns
// stdout, stderr and the error.
func command(timeout time.Duration, dir string, extra []string, name string, args ...string) (string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), extra...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %v", timeout)
	}
	return out.String(), errb.String(), err
}

// firstLines joins the first n lines of s, leaving out warnings when there is anything else.
func firstLines(s string, n int) string {
	var lines, rest []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if strings.Contains(l, ": warning: ") {
			continue
		}
		rest = append(rest, l)
	}
	lines = rest
	if len(lines) == 0 {
		lines = strings.Split(strings.TrimSpace(s), "\n")
	}
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, " | ")
}

// checker holds the run's settings.
type checker struct {
	escapadeGo string
	driver     string // "whole" or "package"
	args       []string
	modes      []int // indexes into allModes
	libs       bool
	timeout    time.Duration
	tmp        string
	cgo        bool // go env CGO_ENABLED == 1
	staleWd    string
}

// escapadeArgs returns the extra arguments for mode m ({mode} replaced by "model-dispatch").
func (c *checker) escapadeArgs(m mode) []string {
	var out []string
	for _, a := range c.args {
		a = strings.ReplaceAll(a, "{mode}", m.model+"-"+m.dispatch)
		if strings.HasPrefix(a, "--summary-dir=") {
			// escapade-go creates the directory itself, not its parents.
			os.MkdirAll(filepath.Dir(strings.TrimPrefix(a, "--summary-dir=")), 0o777)
		}
		out = append(out, a)
	}
	return out
}

// runEscapade runs escapade-go on dir with mode m and returns its diagnostics. The process runs
// in the program directory with $PWD naming another directory (the lowerer must not trust it).
func (c *checker) runEscapade(p *program, m mode, dir string, print bool) (diags, error) {
	args := []string{"--model=" + m.model, "--dispatch=" + m.dispatch}
	args = append(args, c.escapadeArgs(m)...)
	// A program may need options of its own in every mode (escapade-go.args: space-separated,
	// e.g. --memory-rounds=6 for the memory sets, which escapade-go leaves off by default).
	if extra, err := os.ReadFile(filepath.Join(p.dir, "escapade-go.args")); err == nil {
		args = append(args, strings.Fields(string(extra))...)
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	if print {
		args = append(args, "--print="+p.modPath+"/...")
	}
	args = append(args, dir)
	out, errOut, err := command(c.timeout, p.dir, []string{"PWD=" + c.staleWd}, c.escapadeGo, args...)
	if err != nil {
		return nil, fmt.Errorf("%v: %s", err, firstLines(errOut, 3))
	}
	return parseDiags(out, p.dir), nil
}

// pkgInfo is one package of a program.
type pkgInfo struct{ dir, name, importPath string }

// packages lists the program's packages.
func (c *checker) packages(p *program) ([]pkgInfo, error) {
	out, errOut, err := command(c.timeout, p.dir, nil, "go", "list", "-f", "{{.Dir}}\t{{.Name}}\t{{.ImportPath}}", "./...")
	if err != nil {
		return nil, fmt.Errorf("go list: %v: %s", err, firstLines(errOut, 3))
	}
	var pkgs []pkgInfo
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if f := strings.SplitN(l, "\t", 3); len(f) == 3 {
			pkgs = append(pkgs, pkgInfo{f[0], f[1], f[2]})
		}
	}
	return pkgs, nil
}

// checkProgram does everything for one program.
func (c *checker) checkProgram(p *program) *result {
	start := time.Now()
	r := &result{p: p, cells: make([]cell, len(allModes))}
	defer func() { r.elapsed = time.Since(start) }()
	if p.needsCgo && !c.cgo {
		r.skipped = "needs CGO_ENABLED=1 (go env)"
		return r
	}

	// 1. Build and run; stdout must be the expected output.
	bin := filepath.Join(c.tmp, p.name)
	if _, errOut, err := command(c.timeout, p.dir, nil, "go", "build", "-o", bin, "."); err != nil {
		r.run = "build failed"
		r.add("RUN", "go build: %v: %s", err, firstLines(errOut, 5))
	} else {
		want, err := os.ReadFile(filepath.Join(p.dir, "expected.txt"))
		out, errOut, rerr := command(c.timeout, p.dir, nil, bin)
		switch {
		case err != nil:
			r.run = "no expected.txt"
			r.add("RUN", "%v", err)
		case rerr != nil:
			r.run = "crashed"
			r.add("RUN", "%s: %v: %s", p.name, rerr, firstLines(errOut, 5))
		case out != string(want):
			r.run = "wrong output"
			r.add("RUN", "stdout differs from expected.txt:\n--- got\n%s--- want\n%s", out, want)
		}
	}

	// 2. gc itself must put every annotated site on the heap (a check of the annotations).
	_, gcOut, err := command(c.timeout, p.dir, nil, "go", "build", "-o", os.DevNull, "-gcflags="+p.modPath+"/...=-m -l", ".")
	if err != nil {
		r.gc = "build failed"
		r.add("GC", "go build -gcflags=-m: %v", err)
	}
	gcd := parseDiags(gcOut, p.dir)
	for _, s := range p.sites {
		v, m, _ := gcd.find(s)
		if m != nil {
			s.gcCol, s.gcPkg = m.col, m.pkg
		}
		if v != heap {
			r.gc = "annotation"
			r.add("GC", "%s: gc says %v (an annotated site must be heap under gc)", s, v)
		} else if n := gcd.count(s); n > 1 {
			r.gc = "annotation"
			r.add("GC", "%s: ambiguous, gc prints %d messages for it on that line", s, n)
		}
	}
	if len(p.sites) == 0 {
		r.gc = "no sites"
		r.add("GC", "the program annotates no site")
	}

	// 3. escapade-go in every mode.
	pkgs, lerr := c.packages(p)
	if lerr != nil {
		r.add("ERROR", "%v", lerr)
	}
	for _, mi := range c.modes {
		m := allModes[mi]
		var d diags
		var err error
		if lerr != nil {
			err = lerr
		} else if c.driver == "whole" {
			d, err = c.runEscapade(p, m, p.dir, true)
		} else {
			d = diags{}
			for _, pk := range pkgs {
				dd, e := c.runEscapade(p, m, pk.dir, false)
				if e != nil && err == nil {
					err = e
				}
				for k, v := range dd {
					d[k] = append(d[k], v...)
				}
			}
		}
		cl := &r.cells[mi]
		if err != nil {
			cl.err = err.Error()
			r.addFor("ERROR", "", m, "escapade-go: %v", err)
			continue
		}
		for _, s := range p.sites {
			c.judge(r, cl, s, mi, d)
		}
	}

	// 4. Each library package alone: closed must be refused, context (open world) must be sound
	// for the sites gc reports when it compiles that package (not the generic bodies that other
	// packages instantiate).
	if c.libs && lerr == nil {
		r.lib = "ok"
		var bad []string
		for _, pk := range pkgs {
			if pk.name == "main" {
				continue
			}
			dir := pk.dir
			rel, _ := filepath.Rel(p.dir, dir)
			if _, err := c.runEscapade(p, mode{"gc", "closed"}, dir, false); err == nil {
				bad = append(bad, "closed-accepted")
				r.add("LIB", "%s: --dispatch=closed on a library package alone was not refused", rel)
			}
			for _, model := range []string{"gc", "precise"} {
				m := mode{model, "context"}
				d, err := c.runEscapade(p, m, dir, false)
				if err != nil {
					bad = append(bad, "error")
					r.addFor("LIB", rel, m, "escapade-go on the library alone: %v", err)
					continue
				}
				for _, s := range p.sites {
					if s.pkgDir != dir || s.gcPkg != pk.importPath {
						continue
					}
					if v, _, _ := d.verdictOf(s); v != heap {
						bad = append(bad, "unsound")
						r.addFor("LIB", s.String(), m, "on the library alone (open world): %v, want heap", v)
					}
				}
			}
		}
		if len(bad) > 0 {
			r.lib = strings.Join(dedup(bad), ",")
		}
	}
	return r
}

// judge compares the verdict escapade gave s in mode mi with the annotation.
func (c *checker) judge(r *result, cl *cell, s *site, mi int, d diags) {
	m := allModes[mi]
	got, col, byCol := d.verdictOf(s)
	want := s.want[mi]
	if byCol {
		r.addFor("NOTE", s.String(), m, "the expression is printed differently (matched at gc's column %d)", col)
	} else if col != 0 && s.gcCol != 0 && col != s.gcCol {
		r.addFor("NOTE", s.String(), m, "column %d, gc's %d", col, s.gcCol)
	}
	switch {
	case want == heap && got == stack:
		cl.unsound++
		r.addFor("UNSOUND", s.String(), m, "stack; the program proves it escapes")
	case want == heap && got == missing:
		cl.missing++
		r.addFor("MISSING", s.String(), m, "no message (reads as does not escape); the program proves it escapes")
	case want == stack && got != stack:
		cl.lost++
		r.addFor("LOST", s.String(), m, "%v, want stack (%s)", got, s.reason)
	case want == either && got == missing:
		cl.missing++
		r.addFor("MISSING", s.String(), m, "no message")
	case got == stack:
		cl.wins++
		r.addFor("WIN", s.String(), m, "%s", s.reason)
	}
}

func dedup(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
