// escapade-errorcheck - Go's errorcheck rules (test/run.go) applied to escapade-go's output on Go's
// own escape-analysis tests, read in place from $GOROOT/test.
//
//	escapade-errorcheck [-escapade-go PROG] [-dir DIR] [-floor FILE] [-strict] [-model gc|precise]
//	                    [-dispatch D] [-args "ARGS"] [-v] [-oracle] [-vsgc] [FILE...]
//
// Without FILE arguments it checks the 22 errorcheck files of DIR (default $GOROOT/test):
// escape*.go except escape.go and escape3.go (run tests) and escape4.go (needs inlining).
//
// The rules are those of test/run.go errorCheck: each `// ERROR "re" "re"...` comment gives, for
// its line, regular expressions that must each match at least one message on that line (the text
// after "file:line: "); a pattern consumes every message of its line that it matches; messages
// no pattern matched are "unmatched". A line containing "////" is ignored.
//
// Output: per file, patterns matched / total and our unmatched messages (with -v, the missed
// patterns and unmatched messages themselves), then the totals. With -floor, the exit status is 1
// when the totals fall below the floors recorded in FILE (see tests/go/conformance-floor.txt).
// -oracle runs gc itself (`go tool compile -m -l`) instead of escapade-go (a check of the harness:
// 100%). -vsgc also compares every line with gc's own output, columns included.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

var (
	errRx       = regexp.MustCompile(`// (?:GC_)?ERROR (.*)`)
	errAutoRx   = regexp.MustCompile(`// (?:GC_)?ERRORAUTO (.*)`)
	errQuotesRx = regexp.MustCompile(`"([^"]*)"`)
	lineRx      = regexp.MustCompile(`LINE(([+-])([0-9]+))?`)
)

type wanted struct {
	reStr   string
	re      *regexp.Regexp
	lineNum int
	prefix  string
}

func wantedErrors(file, short string) []wanted {
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var out []wanted
	for i, line := range strings.Split(string(src), "\n") {
		n := i + 1
		if strings.Contains(line, "////") {
			continue
		}
		m := errAutoRx.FindStringSubmatch(line)
		if m == nil {
			m = errRx.FindStringSubmatch(line)
		}
		if m == nil {
			continue
		}
		for _, q := range errQuotesRx.FindAllStringSubmatch(m[1], -1) {
			rx := lineRx.ReplaceAllStringFunc(q[1], func(m string) string {
				k := n
				if strings.HasPrefix(m, "LINE+") {
					d, _ := strconv.Atoi(m[5:])
					k += d
				} else if strings.HasPrefix(m, "LINE-") {
					d, _ := strconv.Atoi(m[5:])
					k -= d
				}
				return fmt.Sprintf("%s:%d", short, k)
			})
			re, err := regexp.Compile(rx)
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s:%d: bad regexp %q: %v\n", file, n, rx, err)
				os.Exit(2)
			}
			out = append(out, wanted{rx, re, n, fmt.Sprintf("%s:%d", short, n)})
		}
	}
	return out
}

func matchPrefix(s, prefix string) bool {
	i := strings.Index(s, ":")
	if i < 0 {
		return false
	}
	j := strings.LastIndex(s[:i], "/")
	s = s[j+1:]
	if len(s) <= len(prefix) || s[:len(prefix)] != prefix {
		return false
	}
	switch s[len(prefix)] {
	case '[', ':':
		return true
	}
	return false
}

type result struct {
	file               string
	patterns, matched  int
	messages           int
	unmatched          []string
	missed             []string
	vsgcSame, vsgcOurs int
	vsgcTheirs         int
	vsgcDiff           []string
}

// check applies the errorcheck rules of test/run.go to the output lines of one file.
func check(file string, lines []string) result {
	short := filepath.Base(file)
	want := wantedErrors(file, short)
	out := append([]string{}, lines...)
	r := result{file: short, patterns: len(want), messages: len(lines)}
	for _, we := range want {
		var msgs, rest []string
		for _, s := range out {
			if matchPrefix(s, we.prefix) {
				msgs = append(msgs, s)
			} else {
				rest = append(rest, s)
			}
		}
		out = rest
		matched := false
		for _, m := range msgs {
			text := m
			if _, suffix, ok := strings.Cut(text, " "); ok {
				text = suffix
			}
			if we.re.MatchString(text) {
				matched = true
			} else {
				out = append(out, m)
			}
		}
		if matched {
			r.matched++
		} else {
			r.missed = append(r.missed, fmt.Sprintf("%s:%d: %q", short, we.lineNum, we.reStr))
		}
	}
	r.unmatched = out
	return r
}

// header returns the compiler flags of an errorcheck file ("-0 -m -l" -> "-m -l").
func header(file string) []string {
	fh, err := os.Open(file)
	if err != nil {
		return nil
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "// errorcheck") {
		return []string{"-m", "-l"}
	}
	f := strings.Fields(strings.TrimPrefix(sc.Text(), "//"))
	var flags []string
	for _, x := range f[1:] {
		if x == "-0" {
			continue
		}
		flags = append(flags, x)
	}
	return flags
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "\t") && len(out) > 0 {
			out[len(out)-1] += "\n" + l
			continue
		}
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, l)
	}
	return out
}

func runGC(file string) ([]string, error) {
	tmp, err := os.MkdirTemp("", "errorcheck")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	args := []string{"tool", "compile", "-p=p", "-d=panic", "-e", "-o", filepath.Join(tmp, "a.o")}
	args = append(args, header(file)...)
	args = append(args, filepath.Base(file))
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Dir(file)
	out, _ := cmd.CombinedOutput()
	var lines []string
	for _, l := range splitLines(string(out)) {
		if strings.HasPrefix(l, "<autogenerated>:") {
			continue // gc's wrappers (inlining into them): no line of the file
		}
		// go tool compile prints the path as given: make it the full path like ours
		lines = append(lines, filepath.Join(filepath.Dir(file), l))
	}
	return lines, nil
}

func main() {
	prog := flag.String("escapade-go", "", "the escapade-go `program` (default: next to this one, or on $PATH)")
	dir := flag.String("dir", filepath.Join(runtime.GOROOT(), "test"), "Go's test `directory`")
	floor := flag.String("floor", "", "fail when the totals fall below the floors in `FILE`")
	model := flag.String("model", "gc", "escapade's model: gc or precise")
	dispatch := flag.String("dispatch", "", "escapade's dispatch: conservative, closed or context")
	verbose := flag.Bool("v", false, "print missed patterns and unmatched messages")
	oracle := flag.Bool("oracle", false, "check gc's own output instead (validates the harness)")
	vsgc := flag.Bool("vsgc", false, "also compare every output line with gc's, columns included")
	extra := flag.String("args", "", "extra escapade-go `arguments` (space-separated), e.g. --deps=gc")
	strict := flag.Bool("strict", false, "fail unless every pattern matches and no message is unmatched")
	compare := flag.Bool("compare", false, "compare --model=gc with -model (and -dispatch): gc heap verdicts that become stack, by category, and the BAD: comments fixed")
	flag.Parse()
	files := flag.Args()
	if len(files) == 0 {
		all, _ := filepath.Glob(filepath.Join(*dir, "escape*.go"))
		for _, f := range all {
			switch filepath.Base(f) {
			case "escape.go", "escape3.go", "escape4.go":
				continue
			}
			files = append(files, f)
		}
		sort.Strings(files)
	}
	if *prog == "" {
		self, _ := os.Executable()
		cand := filepath.Join(filepath.Dir(self), "escapade-go")
		if _, err := os.Stat(cand); err == nil {
			*prog = cand
		} else {
			*prog = "escapade-go"
		}
	}
	if *compare {
		compareModels(*prog, files, *model, *dispatch, strings.Fields(*extra))
		return
	}
	var results []result
	failed := false
	for _, f := range files {
		var lines []string
		if *oracle {
			l, err := runGC(f)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			lines = l
		} else {
			args := []string{"-q", "--model=" + *model}
			if *dispatch != "" {
				args = append(args, "--dispatch="+*dispatch)
			}
			args = append(args, strings.Fields(*extra)...)
			args = append(args, f)
			cmd := exec.Command(*prog, args...)
			cmd.Stderr = os.Stderr
			out, err := cmd.Output()
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: escapade-go failed: %v\n", f, err)
				failed = true
			}
			lines = splitLines(string(out))
		}
		r := check(f, lines)
		if *vsgc {
			gcl, _ := runGC(f)
			theirs := map[string]int{}
			for _, l := range gcl {
				theirs[l]++
			}
			for _, l := range lines {
				if theirs[l] > 0 {
					theirs[l]--
					r.vsgcSame++
				} else {
					r.vsgcOurs++
					r.vsgcDiff = append(r.vsgcDiff, "+ "+l)
				}
			}
			for l, n := range theirs {
				for ; n > 0; n-- {
					r.vsgcTheirs++
					r.vsgcDiff = append(r.vsgcDiff, "- "+l)
				}
			}
			sort.Strings(r.vsgcDiff)
		}
		results = append(results, r)
	}
	var tp, tm, tmsg, tun int
	fmt.Printf("%-28s %9s %9s %7s %9s\n", "file", "matched", "patterns", "pct", "unmatched")
	for _, r := range results {
		tp += r.patterns
		tm += r.matched
		tmsg += r.messages
		tun += len(r.unmatched)
		pct := 100.0
		if r.patterns > 0 {
			pct = 100 * float64(r.matched) / float64(r.patterns)
		}
		fmt.Printf("%-28s %9d %9d %6.1f%% %9d", r.file, r.matched, r.patterns, pct, len(r.unmatched))
		if *vsgc {
			fmt.Printf("   vs gc: %d same, %d ours only, %d gc only", r.vsgcSame, r.vsgcOurs, r.vsgcTheirs)
		}
		fmt.Println()
		if *verbose {
			for _, m := range r.missed {
				fmt.Printf("    missed:    %s\n", m)
			}
			for _, u := range r.unmatched {
				fmt.Printf("    unmatched: %s\n", u)
			}
			for _, d := range r.vsgcDiff {
				fmt.Printf("    %s\n", d)
			}
		}
	}
	pct := 100 * float64(tm) / float64(tp)
	upct := 0.0
	if tmsg > 0 {
		upct = 100 * float64(tun) / float64(tmsg)
	}
	fmt.Printf("%-28s %9d %9d %6.2f%% %9d   (%d messages, %.2f%% unmatched)\n", "TOTAL", tm, tp, pct, tun, tmsg, upct)
	if *floor != "" {
		if !checkFloor(*floor, results, tm, tun) {
			failed = true
		}
	}
	if *strict && (tm != tp || tun != 0) {
		fmt.Printf("FAIL: %d of %d patterns matched, %d unmatched messages (-strict)\n", tm, tp, tun)
		failed = true
	}
	if failed {
		os.Exit(1)
	}
}

// checkFloor reads "total-matched N", "max-unmatched N" and "FILE N" (minimum matched) lines.
func checkFloor(path string, results []result, matched, unmatched int) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return false
	}
	ok := true
	per := map[string]int{}
	for _, r := range results {
		per[r.file] = r.matched
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		switch f[0] {
		case "total-matched":
			if matched < n {
				fmt.Printf("FAIL: %d patterns matched, floor %d\n", matched, n)
				ok = false
			}
		case "max-unmatched":
			if unmatched > n {
				fmt.Printf("FAIL: %d unmatched messages, ceiling %d\n", unmatched, n)
				ok = false
			}
		default:
			if m, seen := per[f[0]]; seen && m < n {
				fmt.Printf("FAIL: %s: %d patterns matched, floor %d\n", f[0], m, n)
				ok = false
			}
		}
	}
	if ok {
		fmt.Printf("floors of %s: ok\n", path)
	}
	return ok
}

// ---------------------------------------------------------------------------------------------
// -compare: what a more precise model changes on Go's suite.

func runEscapade(prog, file string, args []string) []string {
	a := append([]string{"-q"}, args...)
	a = append(a, file)
	cmd := exec.Command(prog, a...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: escapade-go %v failed: %v\n", file, args, err)
	}
	return splitLines(string(out))
}

var (
	posRx   = regexp.MustCompile(`^(.*):(\d+):(\d+): (.*)$`)
	movedRx = regexp.MustCompile(`^moved to heap: (.*)$`)
	escRx   = regexp.MustCompile(`^(.*) escapes to heap$`)
	noEscRx = regexp.MustCompile(`^(.*) does not escape$`)
	leakRx  = regexp.MustCompile(`^leaking param( content)?: (\S+)( to result .*)?$`)
)

// verdicts maps "line:col" to the messages there.
func verdicts(lines []string) map[string][]string {
	m := map[string][]string{}
	for _, l := range lines {
		p := posRx.FindStringSubmatch(l)
		if p == nil {
			continue
		}
		m[p[2]+":"+p[3]] = append(m[p[2]+":"+p[3]], p[4])
	}
	return m
}

func category(expr string) string {
	switch {
	case strings.HasPrefix(expr, "&"):
		return "&T{...} literals"
	case strings.HasPrefix(expr, "new("):
		return "new(T)"
	case strings.HasPrefix(expr, "make("):
		return "make"
	case expr == "func literal":
		return "closures"
	case expr == "... argument":
		return "... arguments"
	case strings.HasSuffix(expr, "{...}") || strings.HasSuffix(expr, "{}"):
		if strings.HasPrefix(expr, "[]") || strings.HasPrefix(expr, "map[") {
			return "slice and map literals"
		}
		return "interface boxes"
	case strings.HasPrefix(expr, "string(") || strings.HasPrefix(expr, "([]byte)(") || strings.HasPrefix(expr, "([]rune)("):
		return "string conversions"
	case strings.Contains(expr, " + "):
		return "concatenations"
	}
	return "interface boxes and method values"
}

func compareModels(prog string, files []string, model, dispatch string, extra []string) {
	other := []string{"--model=" + model}
	if dispatch != "" {
		other = append(other, "--dispatch="+dispatch)
	}
	other = append(other, extra...)
	base := append([]string{"--model=gc"}, extra...)
	cats := map[string]int{}
	var catOrder []string
	add := func(c string) {
		if cats[c] == 0 {
			catOrder = append(catOrder, c)
		}
		cats[c]++
	}
	totalHeap, totalWorse := 0, 0
	type bad struct {
		file, text string
		line       int
		gc, other  []string
	}
	var bads []bad
	for _, f := range files {
		g := verdicts(runEscapade(prog, f, base))
		o := verdicts(runEscapade(prog, f, other))
		for pos, msgs := range g {
			for _, m := range msgs {
				if mm := movedRx.FindStringSubmatch(m); mm != nil {
					totalHeap++
					if !contains(o[pos], m) {
						add("variables (moved to heap)")
					}
				} else if mm := escRx.FindStringSubmatch(m); mm != nil {
					totalHeap++
					if contains(o[pos], mm[1]+" does not escape") {
						add(category(mm[1]))
					}
				} else if mm := leakRx.FindStringSubmatch(m); mm != nil {
					if !contains(o[pos], m) && !anyPrefix(o[pos], "moved to heap") {
						add("parameter leaks (weaker or gone)")
					}
				}
			}
		}
		for pos, msgs := range o {
			for _, m := range msgs {
				if (movedRx.MatchString(m) || escRx.MatchString(m)) && !contains(g[pos], m) {
					totalWorse++
				}
			}
		}
		// BAD: comments and the function they are about (the one containing them, else the next)
		src, _ := os.ReadFile(f)
		fset := token.NewFileSet()
		af, _ := parser.ParseFile(fset, f, src, parser.ParseComments)
		lines := strings.Split(string(src), "\n")
		for i, l := range lines {
			c := strings.Index(l, "//")
			if c < 0 || !strings.Contains(l[c:], "BAD") {
				continue
			}
			ln := i + 1
			from, to := ln, ln+1
			if af != nil {
				for _, d := range af.Decls {
					s, e := fset.Position(d.Pos()).Line, fset.Position(d.End()).Line
					if (s <= ln && ln <= e) || s > ln {
						from, to = s, e
						break
					}
				}
			}
			in := func(pos string) bool {
				n, _ := strconv.Atoi(pos[:strings.IndexByte(pos, ':')])
				return n >= from && n <= to
			}
			var gm, om []string
			for pos, msgs := range g {
				if in(pos) {
					gm = append(gm, msgs...)
				}
			}
			for pos, msgs := range o {
				if in(pos) {
					om = append(om, msgs...)
				}
			}
			sort.Strings(gm)
			sort.Strings(om)
			bads = append(bads, bad{filepath.Base(f), strings.TrimSpace(l[c+2:]), ln, gm, om})
		}
	}
	fmt.Printf("model %v against gc on %d files: %d gc heap verdicts (moved to heap / escapes to heap)\n", other, len(files), totalHeap)
	fmt.Printf("%-40s %s\n", "category", "gc heap -> stack")
	sort.Strings(catOrder)
	for _, c := range catOrder {
		fmt.Printf("%-40s %d\n", c, cats[c])
	}
	fmt.Printf("heap verdicts gc does not give (must be 0 for a sound refinement): %d\n", totalWorse)
	fixed := 0
	for _, b := range bads {
		status := "unchanged"
		if strings.Join(b.gc, "|") != strings.Join(b.other, "|") {
			status = "CHANGED"
			fixed++
		}
		fmt.Printf("%s:%d: %s: %q\n    gc:    %s\n    model: %s\n", b.file, b.line, status, b.text, strings.Join(b.gc, "; "), strings.Join(b.other, "; "))
	}
	fmt.Printf("BAD comments: %d, with a changed verdict on their line: %d\n", len(bads), fixed)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func anyPrefix(list []string, p string) bool {
	for _, x := range list {
		if strings.HasPrefix(x, p) {
			return true
		}
	}
	return false
}
