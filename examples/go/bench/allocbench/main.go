// allocbench runs the benchmarks of escapade/go/bench as a whole program (a main package, so that
// escapade-go analyses it as a closed world and all four of escapade's modes apply), with
// testing.Benchmark, and prints one line per benchmark in `go test -bench -benchmem`'s format:
//
//	allocbench [-test.benchtime=D] [-run=REGEXP]
//
// It first checks that every workload computes the right result (bench.CheckWorkloads) and exits
// with status 1 if one does not. `escapade-go-build bench ./bench/allocbench` builds and runs it in
// every arm (README.md, "Real binaries").
package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"testing"

	"escapade/go/bench"
)

func main() {
	testing.Init() // -test.benchtime
	run := flag.String("run", ".", "run only the benchmarks whose name matches `REGEXP`")
	flag.Parse()
	re, err := regexp.Compile(*run)
	if err != nil {
		fmt.Fprintln(os.Stderr, "allocbench:", err)
		os.Exit(2)
	}
	if errs := bench.CheckWorkloads(); len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintln(os.Stderr, "allocbench: wrong result:", e)
		}
		os.Exit(1)
	}
	for _, b := range bench.Benchmarks {
		if !re.MatchString(b.Name) {
			continue
		}
		r := testing.Benchmark(b.F)
		if r.N == 0 {
			fmt.Printf("Benchmark%s\tskipped or failed\n", b.Name)
			continue
		}
		fmt.Printf("Benchmark%s\t%s\t%s\n", b.Name, r.String(), r.MemString())
	}
}
