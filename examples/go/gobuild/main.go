// escapade-go-build - builds and tests Go programs with escapade's verdicts compiled in: it runs
// escapade-go on the packages, writes the verdict file (--verdicts), and runs `go build` / `go
// test` with -toolexec so that a patched copy of Go 1.19's compiler (gcpatch/) compiles every
// package with those verdicts instead of gc's own. Both arms of every comparison compile with
// -gcflags=all=-l: escapade models gc without inlining.
//
//	escapade-go-build build    [options] [go build flags] PACKAGES
//	escapade-go-build test     [options] [go test flags] PACKAGES
//	escapade-go-build bench    [options] [-arms=go,gc,closed,context,precise] [go test flags] PACKAGES
//	escapade-go-build check    [options] [-modes=LIST] [go test flags] PACKAGES   (check.go)
//	escapade-go-build corpus   [options] [-modes=LIST] DIR...                     (check.go)
//	escapade-go-build verdicts [options] PACKAGES           write the verdict file only (-verdicts FILE)
//	escapade-go-build compiler -src DIR [-o FILE]           build the patched compiler
//	escapade-go-build toolexec TOOL ARGS...                 (the -toolexec hook; internal)
//
// Options (before the go flags; README.md, "Real binaries"):
//
//	-mode=go|gc|precise|closed|context  whose verdicts: go = gc's own (the installed compiler, no
//	                   escapade); gc/precise = escapade's --model; closed/context = --dispatch
//	-verdicts=FILE     use this verdict file instead of running escapade-go (build/test), or write
//	                   it (verdicts)
//	-check             the dynamic soundness check: every function prologue moves the goroutine's
//	                   stack (-d=maymorestack=runtime.mayMoreStackMove, all packages) and tests run
//	                   with GODEBUG=invalidptr=1,clobberfree=1
//	-check-skip=PKGS   (with -check) compile these packages (comma-separated import paths) without
//	                   the stack-moving hook: their function entries do not move the stack (for
//	                   tests whose setup calls them millions of times; the check is weaker there)
//	-stats=N           1: one line per package (sites decided, differing from gc, kept); 2: and
//	                   one line per differing site; a summary table at the end
//	-tests=false       (test) analyse the packages without their _test.go files
//	-expect-stack      (corpus) fail a program none of whose escapade modes moved a site of its own
//	                   module from gc's heap to the stack (the run would not test a stack verdict)
//	-cgo               keep the environment's CGO_ENABLED (default: CGO_ENABLED=0 for every go
//	                   command, because escapade-go selects the files of a cgo-off build)
//	-escapade-go=PROG, -compiler=PROG, -gocache=DIR, -summary-dir=DIR, -trace (print the commands)
//
// The patched compiler, the build cache and the per-package verdict files live in the build tree
// next to this program (gcpatch/compile, gcpatch/gocache, gcpatch/verdicts). Each package's cache
// key includes its own verdicts' hash (toolexec.go), so builds with other verdicts never share its
// objects, builds with the same ones do, and gc's arm never shares with escapade's.
//
// Exit status: go's exit status; 2 on bad usage or a setup error (missing compiler sources, ...).
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

const usage = `usage: escapade-go-build build|test|bench|check|verdicts [options] [go flags] PACKAGES
       escapade-go-build corpus [options] DIR...
       escapade-go-build compiler -src DIR [-o FILE]
options: -mode=go|gc|precise|closed|context (default closed)  -verdicts=FILE  -check  -check-skip=PKGS  -stats=N
         -tests=BOOL  -cgo  -expect-stack  -arms=LIST|-modes=LIST (bench, check, corpus)  -escapade-go=PROG  -compiler=PROG  -gocache=DIR
         -summary-dir=DIR  -trace
`

func fatalf(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "escapade-go-build: "+format+"\n", args...)
	os.Exit(2)
}

// selfDir is the directory of this executable (the build tree's examples/go).
func selfDir() string {
	self, err := os.Executable()
	if err != nil {
		return "."
	}
	if r, err := filepath.EvalSymlinks(self); err == nil {
		self = r
	}
	return filepath.Dir(self)
}

type options struct {
	mode        string
	verdicts    string
	check       bool
	checkSkip   []string // -check-skip: packages compiled without the stack-moving hook
	stats       int
	tests       bool
	arms        []string
	modesSet    bool
	escapadeGo  string
	compiler    string
	gocache     string
	summaryDir  string
	trace       bool
	cgo         bool
	goArgs      []string // go flags and packages, in order
	keepVerdict bool
	expectStack bool // corpus: each program must have own sites moved to the stack in some mode
}

// parseOptions takes this tool's options from the front of args; the first argument that is not
// one of them starts the go command's flags and packages.
func parseOptions(args []string) options {
	d := selfDir()
	o := options{mode: "closed", tests: true, escapadeGo: filepath.Join(d, "escapade-go"),
		compiler: filepath.Join(d, "gcpatch", "compile"), gocache: filepath.Join(d, "gcpatch", "gocache"),
		arms: []string{"go", "gc", "closed", "context", "precise"}}
	if env := os.Getenv("ESCAPADE_GO"); env != "" {
		o.escapadeGo = env
	}
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimPrefix(a, "-"), "=")
		if !strings.HasPrefix(a, "-") {
			break
		}
		boolVal := func() bool {
			if !hasVal {
				return true
			}
			return val == "true" || val == "1"
		}
		need := func() string {
			if hasVal {
				return val
			}
			fatalf("option -%s needs a value (-%s=VALUE)", name, name)
			return ""
		}
		switch name {
		case "mode":
			o.mode = need()
		case "verdicts":
			o.verdicts = need()
		case "check":
			o.check = boolVal()
		case "check-skip":
			o.checkSkip = strings.Split(need(), ",")
		case "stats":
			fmt.Sscan(need(), &o.stats)
		case "tests":
			o.tests = boolVal()
		case "arms", "modes":
			o.arms = strings.Split(need(), ",")
			o.modesSet = true
		case "escapade-go":
			o.escapadeGo = need()
		case "compiler":
			o.compiler = need()
		case "gocache":
			o.gocache = need()
		case "summary-dir":
			o.summaryDir = need()
		case "cgo":
			o.cgo = boolVal()
		case "expect-stack":
			o.expectStack = boolVal()
		case "trace":
			o.trace = boolVal()
		default:
			goto done
		}
	}
done:
	o.goArgs = args[i:]
	for _, m := range append([]string{o.mode}, o.arms...) {
		if _, ok := modeArgs[m]; !ok {
			fatalf("unknown mode %q (want go, gc, precise, closed or context)", m)
		}
	}
	if abs, err := filepath.Abs(o.gocache); err == nil {
		o.gocache = abs
	}
	return o
}

// modeArgs: escapade-go's options for each mode ("go" runs no escapade at all).
var modeArgs = map[string][]string{
	"go":      nil,
	"gc":      {"--model=gc"},
	"precise": {"--model=precise"},
	"closed":  {"--dispatch=closed"},
	"context": {"--dispatch=context"},
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	cmd, args := os.Args[1], os.Args[2:]
	switch cmd {
	case "toolexec":
		toolexec(args)
	case "compiler":
		buildCompiler(args)
	case "build", "test":
		o := parseOptions(args)
		os.Exit(runGo(cmd, o))
	case "bench":
		o := parseOptions(args)
		os.Exit(runBench(o))
	case "check":
		os.Exit(runCheck(parseOptions(args)))
	case "corpus":
		os.Exit(runCorpus(parseOptions(args)))
	case "verdicts":
		o := parseOptions(args)
		if o.verdicts == "" {
			fatalf("verdicts: -verdicts=FILE is required")
		}
		if o.mode == "go" {
			fatalf("verdicts: mode go has no escapade verdicts")
		}
		pkgs := listPackages(o, false)
		n := writeVerdicts(o, o.mode, pkgs, o.verdicts)
		fmt.Fprintf(os.Stderr, "escapade-go-build: %s: %d sites (mode %s)\n", o.verdicts, n, o.mode)
	case "-h", "-help", "--help", "help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "escapade-go-build: unknown command %q\n%s", cmd, usage)
		os.Exit(2)
	}
}
