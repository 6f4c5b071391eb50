// diag.go - reading gc-style diagnostics (`FILE:LINE:COL: MESSAGE`, from go build -gcflags=-m or
// escapade-go) and finding the verdict they give an annotated site.
//
// A variable is heap when a message "moved to heap: NAME" stands on its line, stack otherwise. An
// expression is heap with "TEXT escapes to heap", stack with "TEXT does not escape" on its line;
// when escapade prints the expression differently (e.g. a generic body's shape type), the message
// at gc's column for that site decides; with no message at all the site is "missing" (which reads
// as "does not escape" to a user, so a heap site found missing counts as unsound).
//
// Complexity: parsing is linear in the output; a site's lookup is linear in the messages of its
// line.
package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

var diagRx = regexp.MustCompile(`^(.+\.go):(\d+):(\d+): (.*)$`)

type diagKey struct {
	file string
	line int
}

type diagMsg struct {
	col int
	msg string
	pkg string // the package whose compilation printed it (go build's "# PKG" headers), or ""
}

// diags maps (absolute file, line) to the messages printed there.
type diags map[diagKey][]diagMsg

// parseDiags reads gc-style lines; relative file names are resolved against dir.
func parseDiags(out, dir string) diags {
	d := diags{}
	pkg := ""
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "# ") {
			pkg = strings.TrimSpace(l[2:])
			continue
		}
		m := diagRx.FindStringSubmatch(strings.TrimRight(l, "\r"))
		if m == nil {
			continue
		}
		file := m[1]
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		k := diagKey{filepath.Clean(file), line}
		d[k] = append(d[k], diagMsg{col, m[4], pkg})
	}
	return d
}

// verdictOf returns the verdict the diagnostics give s, the column of the deciding message (0 when
// none) and whether the expression text differed from s.text (matched by gc's column instead).
func (d diags) verdictOf(s *site) (v verdict, col int, byCol bool) {
	v, m, byCol := d.find(s)
	if m != nil {
		col = m.col
	}
	return v, col, byCol
}

// find is verdictOf returning the deciding message itself.
func (d diags) find(s *site) (verdict, *diagMsg, bool) {
	msgs := d[diagKey{s.file, s.line}]
	if s.isVar {
		for i, m := range msgs {
			if m.msg == "moved to heap: "+s.text {
				return heap, &msgs[i], false
			}
		}
		return stack, nil, false
	}
	for i, m := range msgs {
		if m.msg == s.text+" escapes to heap" {
			return heap, &msgs[i], false
		}
		if m.msg == s.text+" does not escape" {
			return stack, &msgs[i], false
		}
	}
	if s.gcCol > 0 {
		for i, m := range msgs {
			if m.col != s.gcCol {
				continue
			}
			if strings.HasSuffix(m.msg, " escapes to heap") {
				return heap, &msgs[i], true
			}
			if strings.HasSuffix(m.msg, " does not escape") && !strings.HasPrefix(m.msg, "leaking param") {
				return stack, &msgs[i], true
			}
		}
	}
	return missing, nil, false
}

// count returns how many messages on s's line name s (to detect ambiguous annotations).
func (d diags) count(s *site) int {
	n := 0
	for _, m := range d[diagKey{s.file, s.line}] {
		if s.isVar && m.msg == "moved to heap: "+s.text ||
			!s.isVar && (m.msg == s.text+" escapes to heap" || m.msg == s.text+" does not escape") {
			n++
		}
	}
	return n
}
