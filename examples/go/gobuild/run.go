// run.go - the build and test commands: list the packages, run escapade-go on them (the verdict
// file), then go build / go test through the -toolexec hook, and gather the patched compiler's
// statistics.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// goPackage is what `go list -json` says about a package (the fields used here).
type goPackage struct {
	ImportPath   string
	Name         string
	Dir          string
	GoFiles      []string
	CgoFiles     []string
	TestGoFiles  []string
	XTestGoFiles []string
	Standard     bool
	Error        *struct{ Err string }
}

// Flags of go build/test that take a value when it is not written with '='.
var valueFlags = map[string]bool{
	"o": true, "p": true, "tags": true, "gcflags": true, "ldflags": true, "asmflags": true, "mod": true, "modfile": true,
	"overlay": true, "pkgdir": true, "toolexec": true, "buildmode": true, "compiler": true, "gccgoflags": true,
	"installsuffix": true, "run": true, "bench": true, "benchtime": true, "count": true, "cpu": true, "timeout": true,
	"parallel": true, "coverprofile": true, "cpuprofile": true, "memprofile": true, "blockprofile": true,
	"mutexprofile": true, "outputdir": true, "trace": true, "exec": true, "vet": true, "covermode": true, "coverpkg": true,
	"shuffle": true, "fuzz": true, "fuzztime": true, "fuzzminimizetime": true, "list": true, "memprofilerate": true,
	"blockprofilerate": true, "mutexprofilefraction": true, "C": true, "pgo": true,
}

// Flags that select packages or files (passed to go list too).
var listFlags = map[string]bool{"tags": true, "mod": true, "modfile": true, "overlay": true}

// splitGoArgs separates the go command's arguments into flags (with their values), packages, and
// what follows -args (the test binary's).
func splitGoArgs(args []string) (flags [][]string, pkgs, binArgs []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "-args" || a == "--args" {
			return flags, pkgs, args[i:]
		}
		if !strings.HasPrefix(a, "-") {
			pkgs = append(pkgs, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			flags = append(flags, []string{a})
			continue
		}
		if valueFlags[name] && i+1 < len(args) {
			flags = append(flags, []string{a, args[i+1]})
			i++
			continue
		}
		flags = append(flags, []string{a})
	}
	return flags, pkgs, nil
}

func flagName(f []string) (name, value string) {
	name = strings.TrimLeft(f[0], "-")
	if n, v, ok := strings.Cut(name, "="); ok {
		return n, v
	}
	if len(f) > 1 {
		return name, f[1]
	}
	return name, ""
}

// listPackages lists the packages the user named (go list -json), with their test files.
func listPackages(o options, test bool) []goPackage {
	flags, pkgs, _ := splitGoArgs(o.goArgs)
	args := []string{"list", "-e", "-json"}
	for _, f := range flags {
		if n, _ := flagName(f); listFlags[n] {
			args = append(args, f...)
		}
	}
	args = append(args, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Env = baseEnv(o)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		fatalf("go %s: %v", strings.Join(args, " "), err)
	}
	var list []goPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p goPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			fatalf("go list: %v", err)
		}
		if p.Error != nil {
			fmt.Fprintf(os.Stderr, "escapade-go-build: %s: %s\n", p.ImportPath, p.Error.Err)
		}
		list = append(list, p)
	}
	return list
}

func absFiles(dir string, names ...[]string) []string {
	var out []string
	for _, l := range names {
		for _, n := range l {
			out = append(out, filepath.Join(dir, n))
		}
	}
	return out
}

// worldMode reports whether escapade-go analyses whole programs (its world mode, issue 10: the
// usage names --print=): then a main package is analysed with everything it links as one world,
// and no --deps run is needed.
var worldModeCache *bool

func worldMode(o options) bool {
	if worldModeCache == nil {
		out, _ := exec.Command(o.escapadeGo, "--help").CombinedOutput()
		w := bytes.Contains(out, []byte("--print="))
		worldModeCache = &w
	}
	return *worldModeCache
}

// runEscapade runs escapade-go on one package and writes its verdicts (with the dependencies')
// to file. Its diagnostics are discarded; its warnings go to log. In the world mode the package
// is analysed with every package it links (one world; the whole program for a main package);
// otherwise per package with --deps.
func runEscapade(o options, mode, sumDir, importPath, file string, log io.Writer, paths []string) bool {
	args := append([]string{}, modeArgs[mode]...)
	if worldMode(o) {
		args = append(args, "--verdicts="+file, "-q", "--cache-dir="+filepath.Join(filepath.Dir(o.gocache), "lower-cache"))
	} else {
		args = append(args, "--deps", "--summary-dir="+sumDir, "--verdicts="+file, "-q", "-p="+importPath)
	}
	args = append(args, paths...)
	if o.trace {
		fmt.Fprintf(os.Stderr, "+ %s %s\n", o.escapadeGo, strings.Join(args, " "))
	}
	cmd := exec.Command(o.escapadeGo, args...)
	cmd.Env = baseEnv(o)
	cmd.Stdout = io.Discard
	cmd.Stderr = log
	return cmd.Run() == nil
}

// writeVerdicts analyses the packages (each with its dependencies; with its test files when
// o.tests and the command tests) and merges their verdicts into out. It returns the site count.
func writeVerdicts(o options, mode string, pkgs []goPackage, out string) int {
	return writeVerdictsTest(o, mode, pkgs, out, false)
}

// failedPackages lists the named packages escapade-go could not analyse in the last
// writeVerdicts (their sites keep gc's verdicts; tables and messages say so).
var failedPackages []string

// testFilesNoted: the note that test files keep gc's verdicts was printed.
var testFilesNoted bool

func writeVerdictsTest(o options, mode string, pkgs []goPackage, out string, test bool) int {
	failedPackages = nil
	work, err := os.MkdirTemp("", "escapade-go-build")
	if err != nil {
		fatalf("%v", err)
	}
	defer os.RemoveAll(work)
	sumDir := o.summaryDir
	if sumDir == "" {
		sumDir = filepath.Join(work, "summaries")
	} else {
		sumDir = filepath.Join(sumDir, mode)
	}
	os.MkdirAll(sumDir, 0o777)
	var log bytes.Buffer
	var parts []string
	for i, p := range pkgs {
		if p.Dir == "" || len(p.GoFiles)+len(p.CgoFiles)+len(p.TestGoFiles)+len(p.XTestGoFiles) == 0 {
			continue
		}
		f := filepath.Join(work, fmt.Sprintf("p%d.verdicts", i))
		ok := false
		if test && o.tests && worldMode(o) {
			// Each test binary is a whole program (escapade-go --test): the package with its
			// _test.go files, its external test package, the test main and everything it links,
			// in every mode (closed included). The verdict files of all the binaries of one go test
			// run are merged: a package several binaries link (compiled once by go test) gets, per
			// site, the join of their verdicts (a site two files disagree on is heap: the patch
			// joins duplicates), so its verdicts hold in every binary. A binary escapade-go could
			// not analyse is not run with escapade's verdicts at all (testPackages leaves it
			// out): the closed-world verdicts of the packages it links were computed without it.
			if len(p.TestGoFiles)+len(p.XTestGoFiles) == 0 {
				continue // no test binary: go test links nothing of it
			}
			if runEscapade(o, mode, sumDir, p.ImportPath, f, &log, []string{"--test", p.ImportPath}) {
				parts = append(parts, f)
			} else {
				fmt.Fprintf(os.Stderr, "escapade-go-build: %s: escapade-go --test failed: its tests are not run in mode %s\n", p.ImportPath, mode)
				failedPackages = append(failedPackages, p.ImportPath)
			}
			continue
		}
		if worldMode(o) && mode == "closed" && p.Name != "main" {
			// closed needs a whole program: a main package, or a test binary (go test)
			fmt.Fprintf(os.Stderr, "escapade-go-build: %s: --dispatch=closed needs a whole program (a main package, or a test binary under go test): its sites keep gc's verdicts\n", p.ImportPath)
			failedPackages = append(failedPackages, p.ImportPath)
			continue
		}
		if test && o.tests && len(p.TestGoFiles) > 0 {
			ok = runEscapade(o, mode, sumDir, p.ImportPath, f, &log, absFiles(p.Dir, p.GoFiles, p.TestGoFiles))
			if !ok {
				fmt.Fprintf(os.Stderr, "escapade-go-build: %s: escapade-go failed on the package with its _test.go files; analysing it without them\n", p.ImportPath)
			}
		}
		if !ok && len(p.GoFiles) > 0 {
			ok = runEscapade(o, mode, sumDir, p.ImportPath, f, &log, []string{p.Dir})
			if !ok {
				fmt.Fprintf(os.Stderr, "escapade-go-build: %s: escapade-go failed: its sites keep gc's verdicts\n", p.ImportPath)
				failedPackages = append(failedPackages, p.ImportPath)
			}
		}
		if ok {
			parts = append(parts, f)
		}
		if test && o.tests && len(p.XTestGoFiles) > 0 && !worldMode(o) {
			fx := filepath.Join(work, fmt.Sprintf("p%d_test.verdicts", i))
			if runEscapade(o, mode, sumDir, p.ImportPath+"_test", fx, &log, absFiles(p.Dir, p.XTestGoFiles)) {
				parts = append(parts, fx)
			} else {
				fmt.Fprintf(os.Stderr, "escapade-go-build: %s_test: escapade-go failed on the external test package: its sites keep gc's verdicts\n", p.ImportPath)
				failedPackages = append(failedPackages, p.ImportPath+"_test")
			}
		}
	}
	if o.trace && log.Len() > 0 {
		os.Stderr.Write(log.Bytes())
	}
	return mergeVerdicts(parts, out, "mode="+mode)
}

// testWholePrograms: go test in this mode runs every test binary as a whole program of escapade's.
func testWholePrograms(o options, cmdName, mode string) bool {
	return cmdName == "test" && mode != "go" && o.tests && o.verdicts == "" && worldMode(o)
}

// testPackages returns the go arguments with the package patterns replaced by the listed
// packages escapade-go analysed (in order): the test binaries it failed on are left out (their
// programs' verdicts are unknown; the packages they link carry other programs' closed-world
// verdicts). nil when every package is left out.
func testPackages(o options, pkgs []goPackage) []string {
	failed := map[string]bool{}
	for _, f := range failedPackages {
		failed[f] = true
	}
	flags, _, binArgs := splitGoArgs(o.goArgs)
	var args []string
	for _, f := range flags {
		args = append(args, f...)
	}
	n := 0
	for _, p := range pkgs {
		if !failed[p.ImportPath] {
			args = append(args, p.ImportPath)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return append(args, binArgs...)
}

// mergeVerdicts unites verdict files (identical records once; sorted like escapade-go writes).
func mergeVerdicts(parts []string, out, options string) int {
	type rec struct {
		line, col int
		rest      string
	}
	dirs := map[string]map[string]map[rec]bool{}
	for _, p := range parts {
		data, err := os.ReadFile(p)
		if err != nil {
			fatalf("%v", err)
		}
		dir, file := "", ""
		for _, l := range strings.Split(string(data), "\n") {
			switch {
			case strings.HasPrefix(l, "dir "):
				dir = l[4:]
			case strings.HasPrefix(l, "file "):
				file = l[5:]
			case l != "" && l[0] >= '0' && l[0] <= '9' && dir != "" && file != "":
				pos, rest, _ := strings.Cut(l, " ")
				ls, cs, _ := strings.Cut(pos, ":")
				line, _ := strconv.Atoi(ls)
				col, _ := strconv.Atoi(cs)
				if dirs[dir] == nil {
					dirs[dir] = map[string]map[rec]bool{}
				}
				if dirs[dir][file] == nil {
					dirs[dir][file] = map[rec]bool{}
				}
				dirs[dir][file][rec{line, col, rest}] = true
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "escapade-verdicts 1\noptions %s\n", options)
	n := 0
	for _, dir := range sortedKeys(dirs) {
		fmt.Fprintf(&b, "dir %s\n", dir)
		for _, file := range sortedKeys(dirs[dir]) {
			fmt.Fprintf(&b, "file %s\n", file)
			var recs []rec
			for r := range dirs[dir][file] {
				recs = append(recs, r)
			}
			sort.Slice(recs, func(i, j int) bool {
				a, c := recs[i], recs[j]
				if a.line != c.line {
					return a.line < c.line
				}
				if a.col != c.col {
					return a.col < c.col
				}
				return a.rest < c.rest
			})
			for _, r := range recs {
				fmt.Fprintf(&b, "%d:%d %s\n", r.line, r.col, r.rest)
				n++
			}
		}
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o666); err != nil {
		fatalf("%v", err)
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// baseEnv is the environment of every go command the tool runs: the build cache in the build
// tree, and cgo off unless -cgo (escapade-go selects files as `go build` does with CGO_ENABLED=0;
// a cgo build would compile other files than the ones analysed).
func baseEnv(o options) []string {
	env := append(os.Environ(), "GOCACHE="+o.gocache)
	if !o.cgo {
		env = append(env, "CGO_ENABLED=0")
	}
	return env
}

// listDeps lists every package the build compiles (go list -deps, with -test for tests).
func listDeps(o options, test bool, flags [][]string, pkgs []string) []goPackage {
	args := []string{"list", "-e", "-deps", "-json=ImportPath,Dir,Standard"}
	if test {
		args = append(args, "-test")
	}
	for _, f := range flags {
		if n, _ := flagName(f); listFlags[n] {
			args = append(args, f...)
		}
	}
	args = append(args, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Env = baseEnv(o)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		fatalf("go %s: %v", strings.Join(args, " "), err)
	}
	var list []goPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p goPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			fatalf("go list: %v", err)
		}
		if i := strings.Index(p.ImportPath, " ["); i >= 0 { // a test variant: same flags as the package
			p.ImportPath = p.ImportPath[:i]
		}
		list = append(list, p)
	}
	return list
}

// expandPattern gives the import paths a -gcflags pattern selects among the build's packages.
func expandPattern(o options, pattern string, deps []goPackage, cmdline []string) []string {
	var pats []string
	switch pattern {
	case "":
		pats = cmdline
	case "all":
		var all []string
		for _, d := range deps {
			all = append(all, d.ImportPath)
		}
		return all
	default:
		pats = []string{pattern}
	}
	cmd := exec.Command("go", append([]string{"list", "-e"}, pats...)...)
	cmd.Env = baseEnv(o)
	out, err := cmd.Output()
	if err != nil {
		fatalf("go list %s: %v", strings.Join(pats, " "), err)
	}
	return strings.Fields(string(out))
}

// splitVerdicts stores each directory's section of a verdict file as a verdict file of its own,
// named by its contents' hash (so the go command's cache key of a package changes exactly when
// its verdicts do), and returns directory -> file.
func splitVerdicts(o options, verdicts string) map[string]string {
	data, err := os.ReadFile(verdicts)
	if err != nil {
		fatalf("%v", err)
	}
	store := filepath.Join(filepath.Dir(o.gocache), "verdicts")
	if err := os.MkdirAll(store, 0o777); err != nil {
		fatalf("%v", err)
	}
	out := map[string]string{}
	text := string(data)
	if !strings.HasPrefix(text, "escapade-verdicts 1\n") {
		fatalf("%s: not an escapade verdict file", verdicts)
	}
	if i := strings.Index(text, "\ndir "); i >= 0 {
		text = text[i+1:]
	} else {
		text = ""
	}
	for text != "" { // text starts with "dir "
		sec := text
		if j := strings.Index(text, "\ndir "); j >= 0 {
			sec, text = text[:j+1], text[j+1:]
		} else {
			text = ""
		}
		if !strings.HasSuffix(sec, "\n") {
			sec += "\n"
		}
		dir := strings.TrimPrefix(sec[:strings.IndexByte(sec, '\n')], "dir ")
		content := "escapade-verdicts 1\n" + sec
		sum := sha256.Sum256([]byte(content))
		file := filepath.Join(store, hex.EncodeToString(sum[:12])+".v")
		if _, err := os.Stat(file); err != nil {
			tmp := file + fmt.Sprintf(".%d", os.Getpid())
			if err := os.WriteFile(tmp, []byte(content), 0o666); err != nil {
				fatalf("%v", err)
			}
			os.Rename(tmp, file)
		}
		out[dir] = file
	}
	return out
}

func canonicalDir(d string) string {
	if r, err := filepath.EvalSymlinks(d); err == nil {
		return r
	}
	return d
}

// goCommand builds the go command line and environment of one arm. Every package is compiled with
// -l (and the check's flag); a package with escapade verdicts gets its own -gcflags entry naming
// its verdict file (-escapade-verdicts=FILE: the hook gives it to the patched compiler and removes
// it from the command line), so that its cache key is its own verdicts'.
func goCommand(o options, cmdName, mode, verdicts string) (args, env []string) {
	flags, pkgs, binArgs := splitGoArgs(o.goArgs)
	ours := "-l"
	if o.check {
		ours += " -d=maymorestack=runtime.mayMoreStackMove"
	}
	args = []string{cmdName}
	env = baseEnv(o)
	var deps []goPackage
	perPkg := map[string][]string{}
	if mode != "go" {
		self, _ := os.Executable()
		args = append(args, "-toolexec="+quoteArg(self)+" toolexec")
		env = append(env, "ESCAPADE_GCPATCH_COMPILER="+o.compiler, "ESCAPADE_GCPATCH_ID="+compileID(o.compiler, o.stats),
			"ESCAPADE_GCPATCH_STATS="+strconv.Itoa(o.stats))
		deps = listDeps(o, cmdName != "build", flags, pkgs)
		sections := splitVerdicts(o, verdicts)
		for _, d := range deps {
			if f, ok := sections[canonicalDir(d.Dir)]; ok && d.Dir != "" {
				perPkg[d.ImportPath] = []string{"-escapade-verdicts=" + f}
			}
		}
	}
	if o.check {
		godebug := "invalidptr=1,clobberfree=1"
		if old := os.Getenv("GODEBUG"); old != "" {
			godebug = old + "," + godebug
		}
		env = append(env, "GODEBUG="+godebug)
	}
	for _, f := range flags {
		name, value := flagName(f)
		if name == "gcflags" {
			// Per package, the last matching -gcflags wins: fold the user's into each package's.
			if deps == nil {
				deps = listDeps(o, cmdName != "build", flags, pkgs)
			}
			pattern, fl := "", value
			if i := strings.Index(value, "="); i > 0 && !strings.HasPrefix(value, "-") {
				pattern, fl = value[:i], value[i+1:]
			}
			for _, p := range expandPattern(o, pattern, deps, pkgs) {
				perPkg[p] = append(perPkg[p], fl)
			}
			continue
		}
		if name == "toolexec" && mode != "go" {
			fatalf("-toolexec cannot be combined with escapade's verdicts")
		}
		args = append(args, f...)
	}
	// -check-skip: these packages keep -l without the stack-moving hook.
	skip := map[string]bool{}
	if o.check {
		for _, p := range o.checkSkip {
			skip[p] = true
			if perPkg[p] == nil {
				perPkg[p] = []string{}
			}
		}
	}
	args = append(args, "-gcflags=all="+ours)
	for _, p := range sortedKeys(perPkg) {
		own := ours
		if skip[p] {
			own = "-l"
		}
		args = append(args, "-gcflags="+strings.TrimSpace(p+"="+own+" "+strings.Join(perPkg[p], " ")))
	}
	args = append(args, pkgs...)
	args = append(args, binArgs...)
	return args, env
}

func quoteArg(s string) string {
	if strings.ContainsAny(s, " '\"\t") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

func ensureCompiler(o options) {
	if _, err := os.Stat(o.compiler); err != nil {
		fatalf("the patched compiler %s is missing: build it with `cmake --build --preset default --target escapade-gcpatch-compiler` (or `escapade-go-build compiler -src examples/go/gcpatch -o %s`)", o.compiler, o.compiler)
	}
}

// prepare returns the verdict file of an arm (analysing the packages unless -verdicts was given),
// a cleanup function, and the go arguments to run the arm with (o.goArgs, except that go test
// leaves out the test binaries escapade-go failed on; nil: nothing is left to run).
func prepare(o options, cmdName, mode string) (string, int, func(), []string) {
	failedPackages = nil
	if mode == "go" {
		return "", 0, func() {}, o.goArgs
	}
	ensureCompiler(o)
	if o.verdicts != "" {
		abs, _ := filepath.Abs(o.verdicts)
		return abs, -1, func() {}, o.goArgs
	}
	f, err := os.CreateTemp("", "escapade-verdicts-*.txt")
	if err != nil {
		fatalf("%v", err)
	}
	f.Close()
	pkgs := listPackages(o, cmdName != "build")
	n := writeVerdictsTest(o, mode, pkgs, f.Name(), cmdName != "build")
	goArgs := o.goArgs
	if testWholePrograms(o, cmdName, mode) && len(failedPackages) > 0 {
		goArgs = testPackages(o, pkgs)
	}
	return f.Name(), n, func() { os.Remove(f.Name()) }, goArgs
}

func describe(o options, mode, verdicts string, n int) string {
	var b strings.Builder
	if mode == "go" {
		b.WriteString("mode go: gc's own verdicts (the installed compiler)")
	} else if n >= 0 {
		how := "--deps"
		if worldMode(o) {
			how = "whole program"
		}
		fmt.Fprintf(&b, "mode %s: escapade's verdicts (%d sites, escapade-go %s, %s) compiled in by the patched compiler",
			mode, n, strings.Join(modeArgs[mode], " "), how)
	} else {
		fmt.Fprintf(&b, "the verdicts of %s compiled in by the patched compiler", verdicts)
	}
	if mode != "go" && len(failedPackages) > 0 {
		if testWholePrograms(o, "test", mode) {
			fmt.Fprintf(&b, " (escapade-go failed on the test binaries of %s: not run)", strings.Join(failedPackages, ", "))
		} else {
			fmt.Fprintf(&b, " (escapade-go failed on %s: gc's verdicts there)", strings.Join(failedPackages, ", "))
		}
	}
	b.WriteString("; -gcflags=all=-l in every arm (escapade models gc without inlining)")
	if o.check {
		b.WriteString("; stack-moving check: -d=maymorestack=runtime.mayMoreStackMove, GODEBUG=invalidptr=1,clobberfree=1")
		if len(o.checkSkip) > 0 {
			fmt.Fprintf(&b, " (not in %s: -check-skip)", strings.Join(o.checkSkip, ", "))
		}
	}
	return b.String()
}

// runGo runs go build / go test in one mode and returns its exit status.
func runGo(cmdName string, o options) int {
	t0, c0 := time.Now(), childCPU()
	verdicts, n, cleanup, goArgs := prepare(o, cmdName, o.mode)
	defer cleanup()
	t1, c1 := time.Now(), childCPU()
	fmt.Fprintf(os.Stderr, "escapade-go-build: %s\n", describe(o, o.mode, verdicts, n))
	if goArgs == nil {
		return 1
	}
	o.goArgs = goArgs
	args, env := goCommand(o, cmdName, o.mode, verdicts)
	st := &statsCollector{}
	code := runFiltered(o, args, env, os.Stdout, st)
	if o.trace || o.stats > 0 {
		fmt.Fprintf(os.Stderr, "escapade-go-build: times: escapade-go %.1f s (%.1f s CPU), go %s %.1f s (%.1f s CPU)\n",
			t1.Sub(t0).Seconds(), c1-c0, cmdName, time.Since(t1).Seconds(), childCPU()-c1)
	}
	if o.stats > 0 {
		st.print(os.Stderr)
	}
	return code
}

// runFiltered runs the go command; lines of the patched compiler's statistics (and go's "# pkg"
// headers that only introduce them) go to st, everything else to out / stderr.
func runFiltered(o options, args, env []string, out io.Writer, st *statsCollector) int {
	if o.trace {
		fmt.Fprintf(os.Stderr, "+ go %s\n", strings.Join(args, " "))
	}
	cmd := exec.Command("go", args...)
	cmd.Env = env
	stdout, _ := cmd.StdoutPipe()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		fatalf("go: %v", err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); st.filter(stdout, out) }()
	go func() { defer wg.Done(); st.filter(stderr, os.Stderr) }()
	wg.Wait()
	if err := cmd.Wait(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		return 1
	}
	return 0
}

type statsCollector struct {
	mu    sync.Mutex
	lines map[string]bool
}

func (s *statsCollector) filter(r io.Reader, w io.Writer) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	pending := ""
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "escapade-gcpatch: ") || strings.Contains(l, ": escapade: ") {
			s.mu.Lock()
			if s.lines == nil {
				s.lines = map[string]bool{}
			}
			s.lines[l] = true
			s.mu.Unlock()
			continue
		}
		if strings.HasPrefix(l, "# ") {
			pending = l // shown only if a line other than statistics follows
			continue
		}
		if pending != "" {
			fmt.Fprintln(w, pending)
			pending = ""
		}
		fmt.Fprintln(w, l)
	}
}

// packageStats is one "escapade-gcpatch: PKG: decided ..." line.
type packageStats struct {
	pkg                                                               string
	decided, differ, toStack, toHeap, kept, ambiguous, inv, undecided int
}

func (s *statsCollector) packages() []packageStats {
	var out []packageStats
	for l := range s.lines {
		if !strings.HasPrefix(l, "escapade-gcpatch: ") {
			continue
		}
		var p packageStats
		rest := strings.TrimPrefix(l, "escapade-gcpatch: ")
		i := strings.Index(rest, ": decided ")
		if i < 0 {
			continue
		}
		p.pkg = rest[:i]
		_, err := fmt.Sscanf(rest[i:], ": decided %d, differ %d (to stack %d, to heap %d), kept gc's %d, ambiguous %d, kept on heap by the invariant %d, undecided %d",
			&p.decided, &p.differ, &p.toStack, &p.toHeap, &p.kept, &p.ambiguous, &p.inv, &p.undecided)
		if err == nil {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].pkg != out[j].pkg {
			return out[i].pkg < out[j].pkg
		}
		return out[i].decided < out[j].decided
	})
	return out
}

func (s *statsCollector) print(w io.Writer) {
	var sites []string
	for l := range s.lines {
		if !strings.HasPrefix(l, "escapade-gcpatch: ") {
			sites = append(sites, l)
		}
	}
	sort.Strings(sites)
	for _, l := range sites {
		fmt.Fprintln(w, l)
	}
	ps := s.packages()
	if len(ps) == 0 {
		fmt.Fprintln(w, "escapade-go-build: no statistics (nothing was compiled by the patched compiler)")
		return
	}
	fmt.Fprintf(w, "%-40s %8s %7s %8s %7s %6s %9s %9s\n", "package", "decided", "differ", "->stack", "->heap", "kept", "invariant", "undecided")
	var t packageStats
	for _, p := range ps {
		if p.decided+p.undecided+p.kept == 0 {
			continue
		}
		fmt.Fprintf(w, "%-40s %8d %7d %8d %7d %6d %9d %9d\n", p.pkg, p.decided, p.differ, p.toStack, p.toHeap, p.kept, p.inv, p.undecided)
		t.decided += p.decided
		t.differ += p.differ
		t.toStack += p.toStack
		t.toHeap += p.toHeap
		t.kept += p.kept
		t.inv += p.inv
		t.undecided += p.undecided
	}
	fmt.Fprintf(w, "%-40s %8d %7d %8d %7d %6d %9d %9d\n", "total", t.decided, t.differ, t.toStack, t.toHeap, t.kept, t.inv, t.undecided)
}

// childCPU is the processor time (user + system) of the children waited for so far, in seconds.
func childCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
