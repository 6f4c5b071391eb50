// escapade.go - escapade's callee sets: escapade-go on the whole program under
// --dispatch=closed|context with -m=2 --print=all, and the resolution notes among its lines read
// back into one callee set per dynamic call site.
//
// With -m=2 escapade writes one resolution note per dynamic call it analyses (docs/dispatch.md,
// "Reading the results"), at the call's position (its left parenthesis), as a line
// `FILE:LINE:COL: FUNCTION: note: TEXT` where TEXT is one of
//
//	EXPR.M resolves to T1.M, (*T2).M                         a known set
//	EXPR resolves to f, g.func1                              (a function value)
//	... resolves to every possible target in the program (closed world)
//	... resolves to no target in the program (closed world): the heap
//	... resolves to targets outside the IR (open world): the heap
//	... resolves to what the callers pass for s (resolved at each call)     (context)
//	... (resolved at each call); every caller passes T1.M, (*T2).M        (context, known callers)
//	... resolves to a value without such a target in the IR (the heap)
//
// A site whose list names only functions has a known set of that many callees. Any other element
// makes the site's set unknown to this harness: the closed world's answer (every implementation
// of the method among the program's converted types, whose number the note does not give), the
// heap, or, under context, whatever each caller passes (resolved per call, so the site itself has
// no single set). These are counted apart and never as a small set.
//
// Cost: linear in the size of escapade-go's output.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// What escapade's note says about a site's targets.
type escSet int

const (
	escKnown   escSet = iota // the named functions, and nothing else
	escClosed                // every implementation in the program (closed world)
	escHeap                  // no target in the IR, open world, or a value without the method: the heap
	escCallers               // dispatch=context: what the callers pass (resolved at each call)
)

type escSite struct {
	key     string
	fn      string // the enclosing function (display name)
	expr    string // the callee expression (s.Read, f)
	set     escSet
	targets map[string]bool // escKnown: the named callees
	text    string          // the note
}

type escProgram struct {
	sites   map[string]*escSite
	elapsed time.Duration
	world   string // "closed" or the open-world reason escapade-go printed
}

// escapadeExtra holds extra escapade-go arguments for every run (-escapade-args, e.g.
// --memory-rounds=6).
var escapadeExtra []string

// runEscapade runs escapade-go on the program in one mode and reads its resolution notes.
func runEscapade(p program, escapadeGo, model, dispatch, cacheDir, keepDir string) (*escProgram, error) {
	args := []string{"--model=" + model, "--dispatch=" + dispatch, "-m=2", "--print=all", "-q"}
	if cacheDir != "" {
		args = append(args, "--cache-dir="+cacheDir)
	}
	args = append(args, escapadeExtra...)
	args = append(args, p.path)
	cmd := exec.Command(escapadeGo, args...)
	cmd.Env = append(os.Environ(), p.env...)
	cmd.Dir = p.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	out := &escProgram{sites: map[string]*escSite{}, elapsed: time.Since(start), world: "closed"}
	if keepDir != "" {
		_ = os.MkdirAll(keepDir, 0o777)
		_ = os.WriteFile(filepath.Join(keepDir, model+"-"+dispatch+".txt"), stdout.Bytes(), 0o666)
		_ = os.WriteFile(filepath.Join(keepDir, model+"-"+dispatch+".stderr"), stderr.Bytes(), 0o666)
	}
	for _, l := range strings.Split(stderr.String(), "\n") {
		if i := strings.Index(l, "the world is open ("); i >= 0 {
			out.world = "open " + strings.TrimSuffix(l[i+len("the world is open "):], ")") + ")"
		}
	}
	if err != nil {
		return nil, fmt.Errorf("escapade-go %s: %v: %s", strings.Join(args, " "), err, lastError(stderr.String()))
	}
	dir := p.dir
	if dir == "" {
		dir, _ = os.Getwd()
	}
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		file, line, col, fn, text, ok := noteLine(sc.Text())
		if !ok {
			continue
		}
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		key := fmt.Sprintf("%s:%d:%d", file, line, col)
		expr, list, ok := splitResolution(text)
		if !ok {
			continue // a condition resolved at a caller ("f's call s.M resolves at this call to ..."), not a site
		}
		s := out.sites[key]
		if s == nil {
			s = &escSite{key: key, fn: fn, expr: expr, set: escKnown, targets: map[string]bool{}, text: text}
			out.sites[key] = s
		} else {
			s.text += " | " + text // one position, several calls (instances of a generic body)
		}
		mergeTargets(s, list)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// noteLine parses "FILE:LINE:COL: FUNCTION: note: TEXT" (other lines: ok=false).
func noteLine(l string) (file string, line, col int, fn, text string, ok bool) {
	i := strings.Index(l, ": note: ")
	if i < 0 {
		return
	}
	text = l[i+len(": note: "):]
	head := l[:i] // FILE:LINE:COL: FUNCTION
	j := strings.Index(head, ": ")
	for j >= 0 {
		// the position ends at the first ": " preceded by :LINE:COL
		pos := head[:j]
		c := strings.LastIndexByte(pos, ':')
		if c > 0 {
			r := strings.LastIndexByte(pos[:c], ':')
			if r > 0 {
				if ln, err1 := strconv.Atoi(pos[r+1 : c]); err1 == nil {
					if cl, err2 := strconv.Atoi(pos[c+1:]); err2 == nil {
						return pos[:r], ln, cl, head[j+2:], text, true
					}
				}
			}
		}
		k := strings.Index(head[j+2:], ": ")
		if k < 0 {
			break
		}
		j += 2 + k
	}
	return "", 0, 0, "", "", false
}

// splitResolution splits "EXPR resolves to LIST" (a dynamic call's own note). Notes of resolved
// conditions ("f's call s.M resolves at this call to ...") are not sites and return ok=false.
func splitResolution(text string) (expr, list string, ok bool) {
	if strings.Contains(text, " resolves at this call to ") {
		return "", "", false
	}
	i := strings.Index(text, " resolves to ")
	if i < 0 {
		return "", "", false
	}
	return text[:i], text[i+len(" resolves to "):], true
}

// mergeTargets adds the elements of a resolution list to a site: the weakest element decides the
// site's kind of set (heap > closed world > callers > known).
func mergeTargets(s *escSite, list string) {
	raise := func(k escSet) {
		if rank(k) > rank(s.set) {
			s.set = k
		}
	}
	switch {
	case strings.HasPrefix(list, "every possible target in the program"):
		raise(escClosed)
		return
	case strings.HasPrefix(list, "no target in the program"), strings.HasPrefix(list, "targets outside the IR"):
		raise(escHeap)
		return
	}
	for _, el := range splitList(list) {
		switch {
		case strings.HasPrefix(el, "what the callers pass for "):
			// closed world: "...(resolved at each call); every caller passes A, B" names the
			// targets over every caller (the rest of the list follows as elements of their own)
			if i := strings.Index(el, "; every caller passes "); i >= 0 {
				if t := el[i+len("; every caller passes "):]; strings.HasPrefix(t, "a value without such a target") {
					raise(escHeap)
				} else {
					s.targets[t] = true
				}
			} else {
				raise(escCallers)
			}
		case strings.HasPrefix(el, "a value without such a target"):
			raise(escHeap)
		default:
			s.targets[el] = true
		}
	}
}

func rank(k escSet) int {
	switch k {
	case escKnown:
		return 0
	case escCallers:
		return 1
	case escClosed:
		return 2
	}
	return 3
}

// splitList splits "A, B, C" at commas outside brackets and parentheses ("(*T[int, string]).M").
func splitList(list string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(list); i++ {
		switch list[i] {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 && i+1 < len(list) && list[i+1] == ' ' {
				out = append(out, list[start:i])
				start = i + 2
			}
		}
	}
	return append(out, list[start:])
}

// lastError is the last line of stderr that is not a warning.
func lastError(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if !strings.Contains(lines[i], "warning:") {
			return lines[i]
		}
	}
	if len(lines) > 0 {
		return lines[len(lines)-1]
	}
	return ""
}
