package main

// Whole-program lowering: every package of a program lowered into ONE IR module.
//
// Each package is lowered by its own lowerer into a *fragment* (its type declarations, and
// everything else: globals, functions, methods, externs, gc front-end messages). Fragments are
// independent of each other, so they can be cached per package (cache.go) and produced
// concurrently; the module is their concatenation in dependency order.
//
// Names. Every top-level IR name is canonical: computed from the Go object alone, the same in
// every fragment, and free of collisions across packages:
//
//	P·X                 package-level function, variable or type X of the package whose path encodes to P
//	P·X·L<line>_<col>_<h> a type X declared inside a function (h: hash of its file name)
//	P·X·I<hash>         an instance of generic type X (hash of the instance's identity)
//	esc_type··‡<hash>   an unnamed struct or interface type (hash of its identity)
//	BASE··P             a name the lowering generates in package P (init_glob, esc_static, ...)
//
// P encodes the import path: ASCII letters, digits and '_' stay, '/' '.' '-' become '∕' '․' '‐',
// any other byte (and a leading digit) '¤' and two hex digits. None of ·∕․‐¤‡ can appear in a Go
// identifier, so a package-level name never collides with another package's, with a generated
// name, or with a local variable (locals keep their Go names). Methods keep their Go names: they
// live in their receiver type's scope. Display texts (~"...") are gc's as in the per-package
// lowering, so messages do not change.
//
// Types. A fragment declares every type it mentions (canonical names make the declarations of one
// type identical text in every fragment); merging keeps one declaration per name and fails if two
// differ. Functions, methods and globals are declared only by the package that owns them.
//
// Complexity: naming is O(size of the type expression) per type (hashing the identity), once per
// type and fragment; merging is O(total fragment size).

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// qualNames is the per-fragment state of world-mode naming.
type qualNames struct {
	prefix   string            // the encoded path of the package being lowered
	declared map[string]bool   // type names this fragment declares
	keyNames map[string]string // identity key -> synthetic or instance name
	// sources: every package the lowered package imports (directly or not), parsed and
	// type-checked in the same run (generic code of another package can be instantiated here)
	sources func(*types.Package) *checkedPackage
}

// sourceOf gives the syntax and type information of another package of the world (whole-program
// mode only: the loader type-checks a lowered package's imports from source in the same run).
// Instantiations of an imported generic function or type are lowered in the importing package's
// fragment from it (generics.go), as gc compiles them into the package that uses them. Their
// shape instances, shape types and wrappers of functions carry the fragment's own generated
// names; an instantiated type with real type arguments is named by its identity (canonKey), the
// same in every fragment, and so are the wrapper methods on it (worldModule keeps the first).
func (l *lowerer) sourceOf(p *types.Package) (files []*ast.File, info *types.Info, ok bool) {
	if l.qual == nil || l.qual.sources == nil {
		return nil, nil, false
	}
	cp := l.qual.sources(p)
	if cp == nil || cp.info == nil {
		return nil, nil, false
	}
	return cp.files, cp.info, true
}

func newQualNames(pkgPath string) *qualNames {
	return &qualNames{prefix: encodePath(pkgPath), declared: map[string]bool{}, keyNames: map[string]string{}}
}

// encodePath turns an import path into an IR identifier fragment (see the file comment).
func encodePath(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		switch {
		case c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9'):
			b.WriteByte(c)
		case c == '/':
			b.WriteString("∕")
		case c == '.':
			b.WriteString("․")
		case c == '-':
			b.WriteString("‐")
		default:
			fmt.Fprintf(&b, "¤%02x", c)
		}
	}
	return b.String()
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

// worldObjName is the canonical name of a package-level object.
func worldObjName(obj types.Object) string {
	return encodePath(obj.Pkg().Path()) + "·" + mangle(obj.Name())
}

// topName names one of the package's own functions or variables: canonical in world mode
// (want == the Go name), else (or for init functions and blank names) a fresh name.
func (l *lowerer) topName(obj types.Object, want string) string {
	if l.qual == nil || want != obj.Name() || obj.Pkg() == nil {
		return l.uniqueTop(want)
	}
	return worldObjName(obj)
}

// worldUnique reserves a generated name of the package (BASE··P, BASE_N··P).
func (l *lowerer) worldUnique(want string) string {
	base := mangle(want)
	name := base + "··" + l.qual.prefix
	for i := l.nextSuffix[base] + 1; l.topUsed[name]; i++ {
		name = fmt.Sprintf("%s_%d··%s", base, i, l.qual.prefix)
		l.nextSuffix[base] = i
	}
	l.topUsed[name] = true
	return name
}

// worldFunc names a function or method of another package (declared by its own fragment).
func (l *lowerer) worldFunc(fn *types.Func) (string, bool) {
	if fn.Pkg() == nil {
		return "", false
	}
	sig := fn.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil {
		if isIface(recv.Type()) {
			return "", true
		}
		return l.methodName(fn), true
	}
	return worldObjName(fn), true
}

// worldNamedType names (and declares in this fragment) a defined type of a package.
func (l *lowerer) worldNamedType(t *types.Named) string {
	obj := t.Obj()
	var name string
	switch {
	case t.TypeArgs() != nil && t.TypeArgs().Len() > 0:
		key := canonKeyIn(l.fset, t, l.qual.prefix)
		if n, ok := l.qual.keyNames[key]; ok {
			return n
		}
		name = worldObjName(obj) + "·I" + shortHash(key)
		l.qual.keyNames[key] = name
	case obj.Parent() != nil && obj.Parent() != obj.Pkg().Scope():
		name = worldObjName(obj) + "·" + localTypeSuffix(l.fset, obj)
	default:
		name = worldObjName(obj)
	}
	if !l.qual.declared[name] {
		// register first: the underlying type may refer back to this name
		l.qual.declared[name] = true
		under := l.irTypeOf(t.Underlying(), true)
		fmt.Fprintf(&l.typeDecls, "type %s %s\n", name, under)
	}
	return name
}

// localTypeSuffix identifies a type declared in a function by its position (file base name, line
// and column: the same in every run, whichever way the package was loaded).
func localTypeSuffix(fset *token.FileSet, obj types.Object) string {
	p := fset.Position(obj.Pos())
	return fmt.Sprintf("L%d_%d_%s", p.Line, p.Column, shortHash(filepath.Base(p.Filename))[:8])
}

// objPos is a run-independent position of an object (for identity keys).
func objPos(fset *token.FileSet, obj types.Object) string {
	p := fset.Position(obj.Pos())
	return fmt.Sprintf("%s:%d:%d", filepath.Base(p.Filename), p.Line, p.Column)
}

// worldSynthetic names (and declares) an unnamed struct or interface type by its identity.
func (l *lowerer) worldSynthetic(t types.Type) string {
	key := canonKeyIn(l.fset, t, l.qual.prefix)
	if n, ok := l.qual.keyNames[key]; ok {
		return n
	}
	name := "esc_type··‡" + shortHash(key)
	l.qual.keyNames[key] = name
	if !l.qual.declared[name] {
		l.qual.declared[name] = true
		fmt.Fprintf(&l.typeDecls, "type %s %s\n", name, l.irTypeOf(t, true))
	}
	return name
}

// canonKey is a string that two types share exactly when Go considers them identical: named
// types by package path and name (and position, for types declared in functions; type arguments
// for instances), unexported field and method names qualified by their package, struct tags
// included. Type expressions nest at most canonDepth levels (deeper parts are summarised by
// go/types' own string, which is still exact for identity in practice).
func canonKey(fset *token.FileSet, t types.Type) string { return canonKeyIn(fset, t, "") }

// canonKeyIn is canonKey in a fragment whose shape types (the lowering's own named types
// "go.shape.*", generics.go) are its own: they are qualified by shapeOwner, the fragment's
// package (every fragment has its own shapes, with their own members).
func canonKeyIn(fset *token.FileSet, t types.Type, shapeOwner string) string {
	var b strings.Builder
	writeCanon(canonCtx{fset, shapeOwner}, &b, t, 0)
	return b.String()
}

type canonCtx struct {
	fset       *token.FileSet
	shapeOwner string
}

const canonDepth = 64

func writeCanon(c canonCtx, b *strings.Builder, t types.Type, depth int) {
	if depth > canonDepth {
		b.WriteString(types.TypeString(t, func(p *types.Package) string { return p.Path() }))
		return
	}
	switch t := t.(type) {
	case *types.Basic:
		b.WriteString(t.Name())
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() != nil {
			b.WriteString(strconv.Quote(obj.Pkg().Path()))
			b.WriteByte('.')
		}
		b.WriteString(obj.Name())
		if obj.Pkg() == nil && strings.HasPrefix(obj.Name(), "go.shape.") {
			b.WriteString("@" + c.shapeOwner)
		}
		if obj.Pkg() != nil && obj.Parent() != nil && obj.Parent() != obj.Pkg().Scope() {
			b.WriteString("@" + objPos(c.fset, obj))
		}
		if ta := t.TypeArgs(); ta != nil && ta.Len() > 0 {
			b.WriteByte('[')
			for i := 0; i < ta.Len(); i++ {
				if i > 0 {
					b.WriteByte(',')
				}
				writeCanon(c, b, ta.At(i), depth+1)
			}
			b.WriteByte(']')
		}
	case *types.Pointer:
		b.WriteByte('*')
		writeCanon(c, b, t.Elem(), depth+1)
	case *types.Slice:
		b.WriteString("[]")
		writeCanon(c, b, t.Elem(), depth+1)
	case *types.Array:
		fmt.Fprintf(b, "[%d]", t.Len())
		writeCanon(c, b, t.Elem(), depth+1)
	case *types.Map:
		b.WriteString("map[")
		writeCanon(c, b, t.Key(), depth+1)
		b.WriteByte(']')
		writeCanon(c, b, t.Elem(), depth+1)
	case *types.Chan:
		fmt.Fprintf(b, "chan%d ", t.Dir())
		writeCanon(c, b, t.Elem(), depth+1)
	case *types.Signature:
		b.WriteString("func")
		writeCanonTuple(c, b, t.Params(), t.Variadic(), depth)
		writeCanonTuple(c, b, t.Results(), false, depth)
	case *types.Tuple:
		writeCanonTuple(c, b, t, false, depth)
	case *types.Struct:
		b.WriteString("struct{")
		for i := 0; i < t.NumFields(); i++ {
			f := t.Field(i)
			if i > 0 {
				b.WriteByte(';')
			}
			writeCanonName(b, f.Name(), f.Pkg(), f.Exported())
			if f.Embedded() {
				b.WriteString(" embedded")
			}
			b.WriteByte(' ')
			writeCanon(c, b, f.Type(), depth+1)
			if tag := t.Tag(i); tag != "" {
				b.WriteString(" " + strconv.Quote(tag))
			}
		}
		b.WriteByte('}')
	case *types.Interface:
		b.WriteString("interface{")
		for i := 0; i < t.NumMethods(); i++ {
			m := t.Method(i)
			if i > 0 {
				b.WriteByte(';')
			}
			writeCanonName(b, m.Name(), m.Pkg(), m.Exported())
			writeCanon(c, b, m.Type(), depth+1)
		}
		for i := 0; i < t.NumEmbeddeds(); i++ {
			// type-set terms of constraint interfaces (methods are already listed)
			if _, isIface := t.EmbeddedType(i).Underlying().(*types.Interface); isIface {
				continue
			}
			b.WriteString(";embed ")
			writeCanon(c, b, t.EmbeddedType(i), depth+1)
		}
		b.WriteByte('}')
	case *types.Union:
		for i := 0; i < t.Len(); i++ {
			if i > 0 {
				b.WriteByte('|')
			}
			if t.Term(i).Tilde() {
				b.WriteByte('~')
			}
			writeCanon(c, b, t.Term(i).Type(), depth+1)
		}
	case *types.TypeParam:
		fmt.Fprintf(b, "$%s@%s", t.Obj().Name(), objPos(c.fset, t.Obj()))
	default:
		b.WriteString(types.TypeString(t, func(p *types.Package) string { return p.Path() }))
	}
}

func writeCanonTuple(c canonCtx, b *strings.Builder, t *types.Tuple, variadic bool, depth int) {
	b.WriteByte('(')
	for i := 0; i < t.Len(); i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		if variadic && i == t.Len()-1 {
			b.WriteString("...")
		}
		writeCanon(c, b, t.At(i).Type(), depth+1)
	}
	b.WriteByte(')')
}

func writeCanonName(b *strings.Builder, name string, pkg *types.Package, exported bool) {
	if !exported && pkg != nil {
		b.WriteString(strconv.Quote(pkg.Path()))
		b.WriteByte('.')
	}
	b.WriteString(name)
}

// ---------------------------------------------------------------------------------------------
// Fragments and the module

// fragment is one package lowered for a world.
type fragment struct {
	Path     string   // import path
	Types    []string // "type NAME ..." declarations (shared: merged by name)
	Body     string   // globals, externs, functions, methods, ;gc-message lines
	Files    []string // the source files the body's positions name (what printing the package prints)
	Warnings []string // the lowerer's warnings, in order
	Holes    []string // constructs lowered as unknown code (they may hide conversions or function values)
	Pulls    []string // targets of the package's //go:linkname pulls ("path.name", sorted; pragmas.go)
}

// lowerFragment lowers a checked package for a world; sources gives the other checked packages,
// linksReflect says whether the program links package reflect (the reflection rule applies).
func lowerFragment(fset *token.FileSet, cp *checkedPackage, explain, linksReflect bool, sources func(*types.Package) *checkedPackage) (*fragment, error) {
	l := newLowerer(fset, cp.pkg, cp.info, cp.files)
	l.quiet = true
	l.explain = explain
	l.reflect.inProgram = linksReflect
	l.qual = newQualNames(cp.pkg.Path())
	l.qual.sources = sources
	text, err := safeLower(l)
	if err != nil {
		return nil, fmt.Errorf("%s: internal error: %v", cp.pkg.Path(), err)
	}
	fr := &fragment{Path: cp.list.ImportPath}
	if len(l.linkPulls) > 0 {
		pulls := map[string]bool{}
		for _, t := range l.linkPulls {
			pulls[t] = true
		}
		fr.Pulls = sortedPaths(pulls)
	}
	typeText := l.typeDecls.String()
	at := strings.Index(text, typeText)
	if at < 0 || typeText == "" {
		at = strings.Index(text, "\n\n")
		if at < 0 {
			return nil, fmt.Errorf("%s: internal error: unexpected lowering output", cp.pkg.Path())
		}
		typeText = ""
		at += 2
	}
	for _, line := range strings.Split(typeText, "\n") {
		if line != "" {
			fr.Types = append(fr.Types, line)
		}
	}
	fr.Body = text[at+len(typeText):]
	files := map[string]bool{}
	for _, line := range strings.Split(fr.Body, "\n") {
		t := strings.TrimLeft(line, " \t")
		if strings.HasPrefix(t, "file \"") {
			if s, err := strconv.Unquote(strings.TrimPrefix(t, "file ")); err == nil {
				files[s] = true
			}
		}
	}
	for f := range l.generic.foreignFiles {
		delete(files, f) // printed with their own package
	}
	for _, f := range cp.files {
		files[fset.Position(f.Pos()).Filename] = true
	}
	fr.Files = sortedPaths(files)
	msgs := make([]string, 0, len(l.warnings))
	for m := range l.warnings {
		msgs = append(msgs, m)
	}
	sort.Strings(msgs)
	fr.Warnings = msgs
	for _, m := range msgs {
		if isHole(m) {
			fr.Holes = append(fr.Holes, m)
		}
	}
	return fr, nil
}

// isHole: a warning about code lowered as unknown (a body-less stand-in for Go the lowering does
// not model, which may hide conversions and function values). Every warning is one except those
// known not to be: renamed identifiers, uintptr notes, and the reflection notice (calls through
// function values of unknown origin leak their arguments, in the lowering itself).
func isHole(msg string) bool {
	for _, benign := range []string{"renamed to", "is unsafe uintptr", "the package uses reflect."} {
		if strings.Contains(msg, benign) {
			return false
		}
	}
	return true
}

// worldModule assembles fragments (in dependency order) into one module. header lines (comments
// and directives for escapade-go) come first.
func worldModule(frags []*fragment, header []string) (string, error) {
	body, err := worldBody(frags)
	if err != nil {
		return "", err
	}
	return worldHeader(header) + body, nil
}

// worldHeader is the module's first lines: a comment, then the header lines.
func worldHeader(header []string) string {
	var b strings.Builder
	b.WriteString("; a whole program lowered by escapade-lower (one fragment per package, in dependency order)\n")
	for _, h := range header {
		b.WriteString(h)
		b.WriteString("\n")
	}
	return b.String()
}

// worldBody is the module after its header: "module world", every type once, every fragment's
// body (duplicate declarations left out, writeBodyDedup) and the linkname entries. It depends on
// the fragments alone (the world cache entry keeps it, cache.go). Complexity: O(total size of the
// fragments) with hash lookups per type and per declaration.
func worldBody(frags []*fragment) (string, error) {
	var b strings.Builder
	size := 1 << 12
	for _, fr := range frags {
		size += len(fr.Body) + len(fr.Path) + 16
		for _, t := range fr.Types {
			size += len(t) + 1
		}
	}
	b.Grow(size) // an upper bound (shared types and duplicate declarations are written once)
	b.WriteString("module world\n\n")
	seen := map[string]string{}
	owner := map[string]string{}
	for _, fr := range frags {
		for _, t := range fr.Types {
			name := typeDeclName(t)
			if prev, ok := seen[name]; ok {
				if prev != t {
					return "", fmt.Errorf("internal error: type %s is declared differently by %s and %s:\n  %s\n  %s", name, owner[name], fr.Path, prev, t)
				}
				continue
			}
			seen[name] = t
			owner[name] = fr.Path
			b.WriteString(t)
			b.WriteString("\n")
		}
	}
	decls := map[string]string{}
	for _, fr := range frags {
		fmt.Fprintf(&b, "\n; package %s\n", fr.Path)
		writeBodyDedup(&b, fr.Body, decls)
	}
	b.WriteString(linknameEntries(frags, decls))
	return b.String(), nil
}

// methodPulls lists, as holes of the world, the //go:linkname pulls whose target names a method
// ("path.T.M", "path.(*T).M") of a package of the program: linknameEntries cannot reference a
// method as a value, so the method would be called from outside the IR while its parameters get
// the sets of its visible callers; the world is declared open instead (no parameter sets).
// Go 1.19's standard library pulls no method. Complexity: O(number of pulls).
func methodPulls(frags []*fragment) []string {
	inProgram := map[string]bool{}
	for _, fr := range frags {
		inProgram[fr.Path] = true
	}
	var out []string
	for _, fr := range frags {
		for _, t := range fr.Pulls {
			path, name, ok := splitLinkTarget(t)
			if ok && strings.Contains(name, ".") && inProgram[path] {
				out = append(out, fmt.Sprintf("%s: //go:linkname pull of the method %s (not referenced as an entry)", fr.Path, t))
			}
		}
	}
	return out
}

// linknameEntries renders a function that references, as values, the functions of the module that
// some fragment pulls with //go:linkname (pragmas.go, markLinknames): their callers through the
// pulling packages' body-less declarations are not calls of them in the IR, so they must be
// entries for the parameter sets from callers. Computed from every fragment's Pulls when the
// module is assembled (never cached with one package). "" when no pulled target is declared.
// Complexity: O(number of pulls) plus sorting them.
func linknameEntries(frags []*fragment, decls map[string]string) string {
	seen := map[string]bool{}
	var names []string
	for _, fr := range frags {
		for _, t := range fr.Pulls {
			path, name, ok := splitLinkTarget(t)
			if !ok {
				continue
			}
			ir := encodePath(path) + "·" + mangle(name)
			if _, declared := decls[ir]; !declared || seen[ir] {
				continue
			}
			seen[ir] = true
			names = append(names, ir)
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("\n; functions reached through //go:linkname pulls (entries for the parameter sets)\n")
	b.WriteString("func esc_linkname_entries··world ~\"linkname targets\" () {\n")
	for _, n := range names {
		fmt.Fprintf(&b, "    _ = %s\n", n)
	}
	b.WriteString("}\n")
	return b.String()
}

// writeBodyDedup writes a fragment's body, leaving out a top-level declaration the module
// already has:
//   - a method declaration without a source position (a wrapper or an extern stand-in the
//     lowering generates, e.g. for a promoted method of a converted type) when the module
//     already declares that method: every package that converts a type may generate the
//     wrappers of its method set; the first (in dependency order) is kept;
//   - a function or method whose declaration is identical, text for text, to one already
//     written (an instantiation of generic code lowered by several importing packages).
//
// Anything else is written, so a real duplicate still fails in the IR reader.
func writeBodyDedup(b *strings.Builder, body string, seen map[string]string) {
	for len(body) > 0 {
		line, rest := cutLine(body)
		key, positioned, block, ok := declKey(line)
		if !ok {
			b.WriteString(line)
			body = rest
			continue
		}
		// the whole declaration: a slice of body up to its closing line (never copied line by
		// line: a function of n lines costs O(its length), not O(n * its length))
		end := len(line)
		if block {
			for end < len(body) {
				l2, _ := cutLine(body[end:])
				end += len(l2)
				if strings.TrimRight(l2, "\n") == "}" {
					break
				}
			}
		}
		decl := body[:end]
		body = body[end:]
		prev, dup := seen[key]
		if dup && (prev == decl || (!positioned && strings.Contains(key, "."))) {
			continue
		}
		if !dup {
			seen[key] = decl
		}
		b.WriteString(decl)
	}
}

func cutLine(s string) (line, rest string) {
	if nl := strings.IndexByte(s, '\n'); nl >= 0 {
		return s[:nl+1], s[nl+1:]
	}
	return s, ""
}

// declKey recognises a top-level function or method declaration line ("func NAME ...",
// "func (NAME TYPE [@pos]) METHOD ...", with or without "extern "): its key (NAME, or
// TYPE.METHOD without a pointer star), whether the header has a source position, and whether a
// block follows (the line ends with "{").
func declKey(line string) (key string, positioned, block, ok bool) {
	rest := strings.TrimPrefix(line, "extern ")
	if !strings.HasPrefix(rest, "func ") {
		return "", false, false, false
	}
	block = strings.HasSuffix(strings.TrimRight(line, " \n"), "{")
	if !strings.HasPrefix(rest, "func (") {
		f := strings.Fields(rest[len("func "):])
		if len(f) == 0 {
			return "", false, false, false
		}
		name := f[0]
		if i := strings.IndexByte(name, '('); i >= 0 {
			name = name[:i]
		}
		return name, len(f) > 1 && strings.HasPrefix(f[1], "@"), block, true
	}
	close := strings.IndexByte(rest, ')')
	if close < 0 {
		return "", false, false, false
	}
	recv := strings.Fields(rest[len("func ("):close])
	after := strings.Fields(rest[close+1:])
	if len(recv) < 2 || len(after) == 0 {
		return "", false, false, false
	}
	positioned = (len(recv) > 2 && strings.HasPrefix(recv[2], "@")) || (len(after) > 1 && strings.HasPrefix(after[1], "@"))
	name := after[0]
	if i := strings.IndexByte(name, '('); i >= 0 {
		name = name[:i]
	}
	return strings.TrimLeft(recv[1], "*") + "." + name, positioned, block, true
}

func typeDeclName(decl string) string {
	f := strings.Fields(decl)
	if len(f) < 2 {
		return decl
	}
	return f[1]
}
