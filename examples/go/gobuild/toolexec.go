// toolexec.go - the -toolexec hook: the go command runs every tool as
// `escapade-go-build toolexec TOOL ARGS...`. For `compile` it runs the patched compiler
// ($ESCAPADE_GCPATCH_COMPILER) instead, with $ESCAPADE_VERDICTS set to the file named by the
// package's -escapade-verdicts=FILE argument (which the go command got through -gcflags, so that
// it is part of the package's cache key; FILE is named by its contents' hash) and that argument
// removed; every other tool runs unchanged. `compile -V=full` (the go command's cache key of the
// compiler) gets " escapade:$ESCAPADE_GCPATCH_ID" appended: the identity of the patched compiler
// and of the statistics level, so that gc's arm and escapade's never share a compilation.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

func toolexec(args []string) {
	if len(args) == 0 {
		fatalf("toolexec: no tool")
	}
	tool, rest := args[0], args[1:]
	if strings.TrimSuffix(filepath.Base(tool), ".exe") == "compile" {
		compiler := os.Getenv("ESCAPADE_GCPATCH_COMPILER")
		id := os.Getenv("ESCAPADE_GCPATCH_ID")
		if compiler == "" || id == "" {
			fatalf("toolexec: $ESCAPADE_GCPATCH_COMPILER and $ESCAPADE_GCPATCH_ID must be set (run through escapade-go-build build|test)")
		}
		// -escapade-verdicts=FILE (from -gcflags): the package's verdicts; not a compiler flag.
		os.Unsetenv("ESCAPADE_VERDICTS")
		kept := rest[:0:0]
		for _, a := range rest {
			if f := strings.TrimPrefix(a, "-escapade-verdicts="); f != a {
				os.Setenv("ESCAPADE_VERDICTS", f)
				continue
			}
			kept = append(kept, a)
		}
		rest = kept
		os.Setenv("ESCAPADE_GCPATCH_PKG", os.Getenv("TOOLEXEC_IMPORTPATH")) // "pkg [pkg.test]" for statistics
		if len(rest) == 1 && rest[0] == "-V=full" {
			out, err := exec.Command(compiler, "-V=full").Output()
			if err != nil {
				fatalf("toolexec: %s -V=full: %v", compiler, err)
			}
			fmt.Printf("%s escapade:%s\n", strings.TrimSpace(string(out)), id)
			os.Exit(0)
		}
		tool = compiler
	}
	err := syscall.Exec(tool, append([]string{tool}, rest...), os.Environ())
	fatalf("toolexec: cannot run %s: %v", tool, err)
}

// fileHash is the SHA-256 of a file's contents (hex, first 16 bytes).
func fileHash(path string) string {
	f, err := os.Open(path)
	if err != nil {
		fatalf("%v", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		fatalf("%s: %v", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// compileID is the cache identity of the patched compiler with a statistics level (it changes the
// compiler's output).
func compileID(compiler string, stats int) string {
	h := sha256.New()
	fmt.Fprintf(h, "compiler %s\nstats %d\n", fileHash(compiler), stats)
	return hex.EncodeToString(h.Sum(nil)[:12])
}
