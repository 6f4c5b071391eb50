// annot.go - the corpus's site annotations: parsing `// ESC` comments into sites with an expected
// verdict per mode (syntax in tests/go/corpus/README.md).
//
//	// ESC SITE SPEC [; SITE SPEC]... [-- REASON]
//	SITE := IDENT | PKG.IDENT      a variable: gc prints "moved to heap: IDENT" (PKG.IDENT in
//	                               the shape instantiation of a generic body)
//	      | "TEXT"                 an expression (Go-quoted): "TEXT escapes to heap" / "TEXT does not escape"
//	SPEC := VERDICT [VERDICT(MODES)]...        VERDICT := heap | stack | either
//	MODES := SEL[,SEL]...          SEL := gc | precise | conservative | closed | context | MODEL/DISPATCH
//
// The first VERDICT (without modes) applies to all six modes; each VERDICT(MODES) overrides it for
// the modes its selectors name, in order. Rules checked here: the mode gc/conservative (gc's own
// analysis) expects heap; a site expecting stack or either in some mode carries a reason.
//
// Complexity: linear in the size of the Go files read (one go/parser pass per file).
package main

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// verdict is an expected or observed verdict of a site in one mode.
type verdict int

const (
	heap    verdict = iota // the site must be on the heap (it escapes; the program proves it)
	stack                  // the site must be on the stack (a precision win that must hold)
	either                 // the site does not escape; heap and stack are both sound
	missing                // (observed only) an expression site with no message at all
)

func (v verdict) String() string {
	return [...]string{"heap", "stack", "either", "missing"}[v]
}

// mode is one analysis configuration of escapade-go.
type mode struct{ model, dispatch string }

func (m mode) String() string { return m.model + "/" + m.dispatch }

// short is the mode's table heading.
func (m mode) short() string {
	model := map[string]string{"gc": "gc", "precise": "pr"}[m.model]
	return model + "/" + map[string]string{"conservative": "cons", "closed": "closed", "context": "ctx"}[m.dispatch]
}

// allModes are the six modes every site is checked in, in table order.
var allModes = []mode{
	{"gc", "conservative"}, {"gc", "closed"}, {"gc", "context"},
	{"precise", "conservative"}, {"precise", "closed"}, {"precise", "context"},
}

// site is one annotated allocation site.
type site struct {
	file   string // absolute path
	rel    string // path relative to the program directory, for messages
	line   int
	isVar  bool   // a variable ("moved to heap: NAME") rather than an expression
	text   string // the variable's name or the expression's text as gc prints it
	want   []verdict
	reason string
	pkgDir string // directory of the site's package
	gcCol  int    // column gc reports for it (0 until the gc self-check ran)
	gcPkg  string // the package whose compilation reported it (generic bodies: the instantiating one)
}

func (s *site) String() string {
	if s.isVar {
		return fmt.Sprintf("%s:%d: %s", s.rel, s.line, s.text)
	}
	return fmt.Sprintf("%s:%d: %q", s.rel, s.line, s.text)
}

// selects reports whether selector sel names mode m.
func selects(sel string, m mode) (bool, error) {
	switch sel {
	case "gc", "precise":
		return m.model == sel, nil
	case "conservative", "closed", "context":
		return m.dispatch == sel, nil
	}
	for _, x := range allModes {
		if x.String() == sel {
			return x == m, nil
		}
	}
	return false, fmt.Errorf("unknown mode selector %q", sel)
}

func parseVerdict(s string) (verdict, error) {
	switch s {
	case "heap":
		return heap, nil
	case "stack":
		return stack, nil
	case "either":
		return either, nil
	}
	return 0, fmt.Errorf("unknown verdict %q (heap, stack or either)", s)
}

// parseSpec reads "heap stack(closed,context) ..." into one verdict per mode of allModes.
func parseSpec(spec string) ([]verdict, error) {
	fields := strings.Fields(spec)
	if len(fields) == 0 {
		return nil, fmt.Errorf("no verdict")
	}
	if strings.Contains(fields[0], "(") {
		return nil, fmt.Errorf("the first verdict applies to every mode and takes no modes: %q", fields[0])
	}
	def, err := parseVerdict(fields[0])
	if err != nil {
		return nil, err
	}
	want := make([]verdict, len(allModes))
	for i := range want {
		want[i] = def
	}
	for _, f := range fields[1:] {
		open := strings.IndexByte(f, '(')
		if open < 0 || !strings.HasSuffix(f, ")") {
			return nil, fmt.Errorf("expected VERDICT(MODES), got %q", f)
		}
		v, err := parseVerdict(f[:open])
		if err != nil {
			return nil, err
		}
		for _, sel := range strings.Split(f[open+1:len(f)-1], ",") {
			hit := false
			for i, m := range allModes {
				ok, err := selects(sel, m)
				if err != nil {
					return nil, err
				}
				if ok {
					want[i] = v
					hit = true
				}
			}
			if !hit {
				return nil, fmt.Errorf("selector %q names no mode", sel)
			}
		}
	}
	return want, nil
}

// parseESC parses the text after "ESC " of one comment into sites (file and line filled in by the
// caller).
func parseESC(body string) ([]*site, error) {
	reason := ""
	if i := strings.Index(body, " -- "); i >= 0 {
		reason = strings.TrimSpace(body[i+4:])
		body = body[:i]
	}
	var out []*site
	rest := strings.TrimSpace(body)
	for rest != "" {
		s := &site{reason: reason}
		if rest[0] == '"' {
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return nil, fmt.Errorf("bad quoted site text: %v", err)
			}
			s.text, _ = strconv.Unquote(q)
			rest = rest[len(q):]
		} else {
			end := strings.IndexAny(rest, " \t")
			if end < 0 {
				return nil, fmt.Errorf("site %q has no verdict", rest)
			}
			s.text, s.isVar = rest[:end], true
			for _, part := range strings.Split(s.text, ".") {
				if !token.IsIdentifier(part) {
					return nil, fmt.Errorf("variable site %q is not an identifier (quote expression texts)", s.text)
				}
			}
			rest = rest[end:]
		}
		spec := rest
		if i := strings.Index(rest, ";"); i >= 0 {
			spec, rest = rest[:i], strings.TrimSpace(rest[i+1:])
		} else {
			rest = ""
		}
		want, err := parseSpec(spec)
		if err != nil {
			return nil, fmt.Errorf("site %s: %v", s.text, err)
		}
		s.want = want
		if want[0] != heap {
			return nil, fmt.Errorf("site %s: mode gc/conservative is gc's own analysis and must expect heap", s.text)
		}
		for _, v := range want {
			if v != heap && reason == "" {
				return nil, fmt.Errorf("site %s expects %v in some mode: give the reason after ' -- '", s.text, v)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// readSites parses every .go file under dir (the program's module) and returns its annotated sites,
// sorted by file and line.
func readSites(dir string) ([]*site, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var sites []*site
	fset := token.NewFileSet()
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		rel, _ := filepath.Rel(dir, file)
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				body := strings.TrimPrefix(c.Text, "//")
				if !strings.HasPrefix(body, " ESC ") {
					continue
				}
				line := fset.Position(c.Slash).Line
				ss, err := parseESC(body[5:])
				if err != nil {
					return nil, fmt.Errorf("%s:%d: %v", rel, line, err)
				}
				for _, s := range ss {
					s.file, s.rel, s.line, s.pkgDir = file, rel, line, filepath.Dir(file)
					for _, o := range sites {
						if o.file == s.file && o.line == s.line && o.isVar == s.isVar && o.text == s.text {
							return nil, fmt.Errorf("%s: site annotated twice", s)
						}
					}
					sites = append(sites, s)
				}
			}
		}
	}
	return sites, nil
}
