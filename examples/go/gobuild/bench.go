// bench.go - the bench command: `go test -run=^$ -bench ... -benchmem` once per arm (gc's own
// verdicts, then escapade's in each mode), in one run of this tool, and one table: per benchmark,
// allocs/op, B/op and ns/op in every arm. Every arm compiles with -gcflags=all=-l.
package main

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
)

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
	base := o.goArgs
	extra := []string{"-run=^$", "-benchmem"}
	if !hasBench {
		extra = append(extra, "-bench=.")
	}
	o.goArgs = append(extra, base...)
	for _, arm := range o.arms {
		verdicts, n, cleanup := prepare(o, "test", arm)
		fmt.Fprintf(os.Stderr, "escapade-go-build: arm %s\n", describe(o, arm, verdicts, n))
		args, env := goCommand(o, "test", arm, verdicts)
		var out bytes.Buffer
		st := &statsCollector{}
		code := runFiltered(o, args, env, &out, st)
		cleanup()
		if code != 0 {
			fmt.Fprintf(os.Stderr, "escapade-go-build: arm %s: go test failed (exit %d):\n%s", arm, code, out.String())
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
