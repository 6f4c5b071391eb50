// check.go - the dynamic soundness check over several modes in one run:
//
//	escapade-go-build check  [-modes=LIST] [options] [go test flags] PACKAGES
//	    go test -check in each mode (default go,gc,precise,closed,context: "go" is the control, gc's
//	    own verdicts under the same stack-moving runtime); per package and mode: the test result
//	    and the sites whose verdict differs from gc's (to stack / to heap), from the patched
//	    compiler's statistics of the package's test build.
//	escapade-go-build corpus [-modes=LIST] [options] DIR...
//	    each DIR is a program (a main package with expected.txt, tests/go/corpus/NN_name): built
//	    in each mode with the check, run with GODEBUG=invalidptr=1,clobberfree=1, its standard
//	    output compared with expected.txt.
//
// Any failure in an escapade mode whose control passes is a soundness bug of escapade (or of the
// patch): the table says which package or program and mode; the exit status is 1.
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

var testResult = regexp.MustCompile(`^(ok|FAIL|\?)\s+(\S+)`)

func modesOf(o options) []string {
	if o.modesSet {
		return o.arms
	}
	return []string{"go", "gc", "precise", "closed", "context"}
}

func runCheck(o options) int {
	o.check = true
	if o.stats == 0 {
		o.stats = 1
	}
	modes := modesOf(o)
	type cell struct {
		result          string
		toStack, toHeap int
		found           bool
	}
	table := map[string]map[string]*cell{} // package -> mode -> cell
	status := 0
	for _, mode := range modes {
		verdicts, n, cleanup, goArgs := prepare(o, "test", mode)
		fmt.Fprintf(os.Stderr, "escapade-go-build: check: %s\n", describe(o, mode, verdicts, n))
		var out bytes.Buffer
		st := &statsCollector{}
		code := 0
		if goArgs != nil {
			mo := o
			mo.goArgs = goArgs
			args, env := goCommand(mo, "test", mode, verdicts)
			code = runFiltered(mo, args, env, &out, st)
		}
		cleanup()
		failed := map[string]bool{}
		for _, f := range failedPackages {
			failed[f] = true
		}
		wholeTests := testWholePrograms(o, "test", mode)
		os.Stdout.Write(out.Bytes())
		get := func(pkg string) *cell {
			if table[pkg] == nil {
				table[pkg] = map[string]*cell{}
			}
			if table[pkg][mode] == nil {
				table[pkg][mode] = &cell{}
			}
			return table[pkg][mode]
		}
		if wholeTests {
			// the test binaries escapade-go failed on were not run in this mode
			for _, f := range failedPackages {
				get(f).result = "NOT RUN (escapade-go failed)"
				status = 1
			}
		}
		for _, l := range strings.Split(out.String(), "\n") {
			if m := testResult.FindStringSubmatch(l); m != nil {
				r := map[string]string{"ok": "ok", "FAIL": "FAIL", "?": "no tests"}[m[1]]
				if mode != "go" && failed[m[2]] && !wholeTests {
					r += " (escapade-go failed: gc's verdicts)"
				}
				get(m[2]).result = r
				if r == "FAIL" {
					status = 1
				}
			}
		}
		// The package's own test build: "pkg [pkg.test]" (the package with its _test.go files)
		// and "pkg_test [pkg.test]" (its external tests), else the plain "pkg".
		variantSeen := map[string]bool{}
		for _, p := range st.packages() {
			name, variant, _ := strings.Cut(p.pkg, " [")
			owner := name
			if variant != "" {
				owner = strings.TrimSuffix(variant, ".test]")
				if owner != name && owner+"_test" != name {
					continue // another package compiled again for owner's tests
				}
			}
			if owner == "" || table[owner] == nil && variant == "" {
				continue
			}
			c := get(owner)
			switch {
			case variant != "" && !variantSeen[owner]:
				variantSeen[owner] = true
				c.toStack, c.toHeap, c.found = p.toStack, p.toHeap, true
			case variant != "":
				c.toStack += p.toStack
				c.toHeap += p.toHeap
			case !c.found:
				c.toStack, c.toHeap, c.found = p.toStack, p.toHeap, true
			}
		}
		if code != 0 && status == 0 {
			status = 1
		}
	}
	// The table.
	var pkgs []string
	for p := range table {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	fmt.Printf("\n| package |")
	for _, m := range modes {
		fmt.Printf(" %s |", armName(m))
	}
	fmt.Printf("\n| --- |%s\n", strings.Repeat(" --- |", len(modes)))
	for _, p := range pkgs {
		fmt.Printf("| %s |", p)
		for _, m := range modes {
			c := table[p][m]
			switch {
			case c == nil:
				fmt.Printf(" - |")
			case m == "go" || !c.found:
				fmt.Printf(" %s |", dash(c.result))
			default:
				fmt.Printf(" %s (%d to stack, %d to heap) |", dash(c.result), c.toStack, c.toHeap)
			}
		}
		fmt.Println()
	}
	fmt.Println("\n(to stack / to heap: sites of the package's test build, \"pkg [pkg.test]\" and \"pkg_test [pkg.test]\", whose verdict differs from gc's)")
	return status
}

func runCorpus(o options) int {
	o.check = true
	modes := modesOf(o)
	_, dirs, _ := splitGoArgs(o.goArgs)
	status := 0
	type row struct {
		name    string
		results []string
	}
	var rows []row
	work, err := os.MkdirTemp("", "escapade-corpus")
	if err != nil {
		fatalf("%v", err)
	}
	defer os.RemoveAll(work)
	for _, dir := range dirs {
		abs, _ := filepath.Abs(dir)
		want, err := os.ReadFile(filepath.Join(abs, "expected.txt"))
		if err != nil {
			fatalf("%s: %v", dir, err)
		}
		r := row{name: filepath.Base(abs)}
		ownStack := 0
		for _, mode := range modes {
			po := o
			po.goArgs = []string{"."}
			res, own := corpusOne(po, abs, mode, filepath.Join(work, "prog"), string(want))
			ownStack += own
			r.results = append(r.results, res)
			if !strings.HasPrefix(res, "ok") {
				status = 1
			}
			fmt.Fprintf(os.Stderr, "escapade-go-build: corpus: %s %s: %s\n", r.name, mode, res)
		}
		if o.expectStack && ownStack == 0 {
			fmt.Fprintf(os.Stderr, "escapade-go-build: corpus: %s: FAIL: no mode moved a site of the program's own module to the stack (-expect-stack)\n", r.name)
			status = 1
		}
		rows = append(rows, r)
	}
	fmt.Printf("\n| program |")
	for _, m := range modes {
		fmt.Printf(" %s |", armName(m))
	}
	fmt.Printf("\n| --- |%s\n", strings.Repeat(" --- |", len(modes)))
	for _, r := range rows {
		fmt.Printf("| %s | %s |\n", r.name, strings.Join(r.results, " | "))
	}
	fmt.Println("\n(N/M to stack: sites whose verdict escapade changed from gc's heap to stack, in the program's own module / in the whole program)")
	return status
}

// corpusOne builds one program in one mode with the check and runs it.
// It returns the result and the number of sites of the program's own module escapade moved from
// gc's heap to the stack.
func corpusOne(o options, dir, mode, bin, want string) (string, int) {
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		return "no dir", 0
	}
	defer os.Chdir(wd)
	// A program that needs cgo (its main.go says //corpus:requires cgo) is analysed and built with
	// the environment's CGO_ENABLED, like the corpus runner does.
	if src, err := os.ReadFile(filepath.Join(dir, "main.go")); err == nil && bytes.Contains(src, []byte("\n//corpus:requires cgo")) {
		o.cgo = true
	}
	verdicts, _, cleanup, _ := prepare(o, "build", mode)
	defer cleanup()
	note := ""
	if mode != "go" && len(failedPackages) > 0 {
		note = " (no verdicts: escapade-go failed)"
	}
	o.goArgs = []string{"-o", bin, "."}
	if o.stats == 0 {
		o.stats = 1
	}
	args, env := goCommand(o, "build", mode, verdicts)
	var out bytes.Buffer
	st := &statsCollector{}
	if code := runFiltered(o, args, env, &out, st); code != 0 {
		fmt.Fprintf(os.Stderr, "%s", out.String())
		return "BUILD FAILED" + note, 0
	}
	// The sites whose verdict escapade changed: in the program's own module, and in all packages.
	own := 0
	if mode != "go" {
		modPath := ""
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			for _, l := range strings.Split(string(data), "\n") {
				if f := strings.Fields(l); len(f) == 2 && f[0] == "module" {
					modPath = f[1]
				}
			}
		}
		all := 0
		for _, p := range st.packages() {
			all += p.toStack
			if p.pkg == "main" || modPath != "" && (p.pkg == modPath || strings.HasPrefix(p.pkg, modPath+"/")) {
				own += p.toStack
			}
		}
		note += fmt.Sprintf(" (%d/%d to stack)", own, all)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "GODEBUG=invalidptr=1,clobberfree=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %s: %v\n%s", filepath.Base(dir), mode, err, tail(stderr.String(), 20))
		if ee, ok := err.(*exec.ExitError); ok {
			return fmt.Sprintf("CRASH (exit %d)", ee.ExitCode()) + note, own
		}
		return "CRASH" + note, own
	}
	if stdout.String() != want {
		fmt.Fprintf(os.Stderr, "%s: %s: output differs from expected.txt:\n%s", filepath.Base(dir), mode, tail(stdout.String(), 20))
		return "WRONG OUTPUT" + note, own
	}
	return "ok" + note, own
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n") + "\n"
}
