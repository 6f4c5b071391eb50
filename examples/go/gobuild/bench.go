// bench.go - the bench command: `go test -run=^$ -bench ... -benchmem` once per arm (gc's own
// verdicts, then escapade's in each mode), in one run of this tool, and one table: per benchmark,
// allocs/op, B/op and ns/op in every arm. Every arm compiles with -gcflags=all=-l.
//
// A main package (one, e.g. bench/allocbench) is built in each arm and run with the arguments
// after -args; it prints lines in go test's format. Packages are benchmarked with go test: each
// test binary is a whole program of escapade's (escapade-go --test), so every mode applies.
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// benchProgram builds the main package in one arm and runs it; its output goes to out.
func benchProgram(o options, arm, verdicts string, out *bytes.Buffer, st *statsCollector) int {
	flags, pkgs, binArgs := splitGoArgs(o.goArgs)
	dir, err := os.MkdirTemp("", "escapade-bench")
	if err != nil {
		fatalf("%v", err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "prog")
	po := o
	po.goArgs = []string{"-o", bin}
	for _, f := range flags {
		po.goArgs = append(po.goArgs, f...)
	}
	po.goArgs = append(po.goArgs, pkgs...)
	args, env := goCommand(po, "build", arm, verdicts)
	if code := runFiltered(po, args, env, out, st); code != 0 {
		return code
	}
	if len(binArgs) > 0 {
		binArgs = binArgs[1:] // -args
	}
	cmd := exec.Command(bin, binArgs...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		return 1
	}
	return 0
}

type benchResult struct {
	ns, bytes, allocs string
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(?:.*?\s([\d.]+) B/op)?(?:.*?\s([\d.]+) allocs/op)?`)

func runBench(o options) int {
	pkgLine := regexp.MustCompile(`^(?:ok|PASS|FAIL|---)`)
	results := map[string]map[string]benchResult{} // arm -> benchmark -> result
	var order []string
	seen := map[string]bool{}
	status := 0
	hasBench := false
	for _, a := range o.goArgs {
		if strings.HasPrefix(a, "-bench") && !strings.HasPrefix(a, "-benchmem") && !strings.HasPrefix(a, "-benchtime") {
			hasBench = true
		}
	}
	pkgs := listPackages(o, false)
	program := len(pkgs) == 1 && pkgs[0].Name == "main"
	cmdName := "test"
	if program {
		cmdName = "build"
	} else {
		base := o.goArgs
		extra := []string{"-run=^$", "-benchmem"}
		if !hasBench {
			extra = append(extra, "-bench=.")
		}
		o.goArgs = append(extra, base...)
	}
	for _, arm := range o.arms {
		verdicts, n, cleanup, goArgs := prepare(o, cmdName, arm)
		fmt.Fprintf(os.Stderr, "escapade-go-build: arm %s\n", describe(o, arm, verdicts, n))
		var out bytes.Buffer
		st := &statsCollector{}
		var code int
		switch {
		case goArgs == nil:
			code = 1
		case program:
			code = benchProgram(o, arm, verdicts, &out, st)
		default:
			ao := o
			ao.goArgs = goArgs
			args, env := goCommand(ao, "test", arm, verdicts)
			code = runFiltered(ao, args, env, &out, st)
		}
		cleanup()
		if code != 0 {
			fmt.Fprintf(os.Stderr, "escapade-go-build: arm %s: %s failed (exit %d):\n%s", arm, map[bool]string{true: "the program", false: "go test"}[program], code, out.String())
			status = 1
		}
		if o.stats > 0 {
			st.print(os.Stderr)
		}
		results[arm] = map[string]benchResult{}
		pkg := ""
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(l, "pkg: ") {
				pkg = strings.TrimPrefix(l, "pkg: ")
				continue
			}
			if pkgLine.MatchString(l) {
				continue
			}
			m := benchLine.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			name := m[1]
			if pkg != "" {
				name = pkg + "." + strings.TrimPrefix(name, "Benchmark")
			}
			results[arm][name] = benchResult{m[2], m[3], m[4]}
			if !seen[name] {
				seen[name] = true
				order = append(order, name)
			}
		}
	}
	// The table: one row per benchmark; per arm allocs/op, B/op, ns/op.
	fmt.Printf("| benchmark |")
	for _, arm := range o.arms {
		fmt.Printf(" %s allocs/op | %s B/op | %s ns/op |", armName(arm), armName(arm), armName(arm))
	}
	fmt.Printf("\n| --- |%s\n", strings.Repeat(" ---: | ---: | ---: |", len(o.arms)))
	for _, name := range order {
		fmt.Printf("| %s |", name)
		for _, arm := range o.arms {
			r, ok := results[arm][name]
			if !ok {
				fmt.Printf(" - | - | - |")
				continue
			}
			fmt.Printf(" %s | %s | %s |", dash(r.allocs), dash(r.bytes), r.ns)
		}
		fmt.Println()
	}
	return status
}

func armName(arm string) string {
	if arm == "go" {
		return "gc"
	}
	return "esc:" + arm
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
