// compiler.go - builds the patched compiler: Go 1.19's cmd/compile with escapade's verdicts.
//
// The installed toolchain's sources ($GOROOT/src/cmd/compile, Debian golang-1.19-src) stay
// untouched. The package that changes, cmd/compile/internal/escape, is copied into the output
// directory (src/escape/), escape.go.patch is applied to the copy (with patch(1)), escapade.go is
// added, and `go build -overlay` compiles cmd/compile with the copied files in place of the
// originals. The build cache is the output directory's own (gocache-compiler/). A fresh build
// takes about 45 seconds here (the packages that import escape are recompiled; the rest of cmd
// comes from the installation); CMake reruns it only when the patch or this tool changes.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func goEnv(name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		fatalf("go env %s: %v (is Go installed? Debian: golang-go)", name, err)
	}
	return strings.TrimSpace(string(out))
}

func buildCompiler(args []string) {
	fs := flag.NewFlagSet("compiler", flag.ExitOnError)
	src := fs.String("src", "", "the patch's source `DIR` (examples/go/gcpatch)")
	out := fs.String("o", filepath.Join(selfDir(), "gcpatch", "compile"), "the compiler to write")
	fs.Parse(args)
	if *src == "" {
		fatalf("compiler: -src DIR (examples/go/gcpatch) is required")
	}
	goroot := goEnv("GOROOT")
	if v := goEnv("GOVERSION"); !strings.HasPrefix(v, "go1.19") {
		fatalf("compiler: the patch is for Go 1.19's compiler; the installed Go is %s", v)
	}
	escDir := filepath.Join(goroot, "src", "cmd", "compile", "internal", "escape")
	orig := filepath.Join(escDir, "escape.go")
	if _, err := os.Stat(orig); err != nil {
		fatalf("compiler: Go's compiler sources are not installed (%s is missing); Debian: apt-get install golang-1.19-src", orig)
	}
	if _, err := exec.LookPath("patch"); err != nil {
		fatalf("compiler: patch(1) is not installed (Debian: apt-get install patch)")
	}
	outDir := filepath.Dir(*out)
	copyDir := filepath.Join(outDir, "src", "escape")
	if err := os.RemoveAll(copyDir); err != nil {
		fatalf("compiler: %v", err)
	}
	if err := os.MkdirAll(copyDir, 0o777); err != nil {
		fatalf("compiler: %v", err)
	}
	// Copy the package, patch the copy, add escapade.go.
	entries, err := os.ReadDir(escDir)
	if err != nil {
		fatalf("compiler: %v", err)
	}
	replace := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(escDir, e.Name()))
		if err != nil {
			fatalf("compiler: %v", err)
		}
		dst := filepath.Join(copyDir, e.Name())
		if err := os.WriteFile(dst, data, 0o666); err != nil {
			fatalf("compiler: %v", err)
		}
		replace[filepath.Join(escDir, e.Name())] = dst
	}
	// The go command may see GOROOT through a symbolic link or resolved (Debian: /usr/lib/go-1.19/src
	// is a link): name the replaced files both ways.
	realEscDir, err := filepath.EvalSymlinks(escDir)
	if err != nil {
		fatalf("compiler: %v", err)
	}
	patchDir := filepath.Join(*src, "_compile", "internal", "escape")
	cmd := exec.Command("patch", "--quiet", "--forward", "--no-backup-if-mismatch", "-p1", "-i", filepath.Join(patchDir, "escape.go.patch"))
	cmd.Dir = copyDir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fatalf("compiler: escape.go.patch does not apply to %s: %v", orig, err)
	}
	added, err := os.ReadFile(filepath.Join(patchDir, "escapade.go"))
	if err != nil {
		fatalf("compiler: %v", err)
	}
	addedDst := filepath.Join(copyDir, "escapade.go")
	if err := os.WriteFile(addedDst, added, 0o666); err != nil {
		fatalf("compiler: %v", err)
	}
	replace[filepath.Join(escDir, "escapade.go")] = addedDst
	if realEscDir != escDir {
		for _, name := range sortedKeys(replace) {
			replace[filepath.Join(realEscDir, filepath.Base(name))] = replace[name]
		}
	}
	overlay, _ := json.MarshalIndent(map[string]interface{}{"Replace": replace}, "", "  ")
	overlayFile := filepath.Join(outDir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o666); err != nil {
		fatalf("compiler: %v", err)
	}
	tmp := *out + ".tmp"
	build := exec.Command("go", "build", "-overlay="+overlayFile, "-o", tmp, "cmd/compile")
	build.Dir = filepath.Join(goroot, "src", "cmd")
	build.Env = append(os.Environ(), "PWD="+build.Dir, "GOCACHE="+filepath.Join(outDir, "gocache-compiler"), "GOFLAGS=-mod=vendor", "GOPROXY=off",
		"GO111MODULE=on", "GOWORK=off")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fatalf("compiler: go build cmd/compile with the patch failed: %v", err)
	}
	// The overlay must have been used: the patched compiler knows the verdict file's header.
	bin, err := os.ReadFile(tmp)
	if err != nil || !bytes.Contains(bin, []byte("escapade-verdicts 1")) {
		fatalf("compiler: the compiler built from %s does not contain escapade's patch (the overlay was not applied)", overlayFile)
	}
	if err := os.Rename(tmp, *out); err != nil {
		fatalf("compiler: %v", err)
	}
	fmt.Fprintf(os.Stderr, "escapade-go-build: patched compiler %s\n", *out)
}
