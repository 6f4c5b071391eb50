package main

// Function pragmas that change escape analysis across calls: //go:uintptrescapes (and
// //go:noescape on body-less functions, lower.go).
//
// gc 1.19 (escape.go paramTag, call.go rewriteArgument) for a function F marked
// //go:uintptrescapes:
//   - F's own uintptr parameters are "marking a as escaping uintptr" (a final ...uintptr
//     parameter: "marking a as escaping ...uintptr"); they get an empty tag, which callers read as
//     "leaks to the heap";
//   - at each call of F (its callee known statically, F of any package: the pragma travels in
//     export data), an argument uintptr(p) with p an unsafe.Pointer is evaluated into a temporary
//     that flows to the heap: what p points to moves to the heap. The elements of the variadic
//     `... argument` are treated alike, and the `... argument` itself leaks (the empty tag).
//
// The lowering does the same: the messages are gc front-end messages (";gc-message"), the
// ...uintptr parameter has no source position (escapade's own verdict on it is not printed), and
// the call sites send p and the packed slice to a body-less function (the heap). Pragmas of imported
// functions come from their source files (export data read by go/types does not keep them):
// only functions with a uintptr or ...uintptr parameter are looked up, each file parsed once.
//
// Complexity: one parse per source file of an imported function with a uintptr parameter; O(1) per
// call and parameter.

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
)

// pragmaState caches the pragmas of functions declared outside the lowered files.
type pragmaState struct {
	declOf map[*types.Func]*ast.FuncDecl
	files  map[string]map[int]map[string]bool // file -> line of a func declaration -> pragmas
}

// funcPragmas returns the //go: pragmas of fn ("go:uintptrescapes" -> true).
func (l *lowerer) funcPragmas(fn *types.Func) map[string]bool {
	if fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if fd, ok := l.ownDecls()[fn]; ok {
		return l.pragmas[fd]
	}
	if !hasUintptrParam(fn) {
		return nil // the only pragma that matters at call sites concerns uintptr parameters
	}
	pos := l.fset.Position(fn.Pos())
	if pos.Filename == "" {
		return nil
	}
	file := strings.Replace(pos.Filename, "$GOROOT", build.Default.GOROOT, 1)
	if l.pragma.files == nil {
		l.pragma.files = map[string]map[int]map[string]bool{}
	}
	byLine, ok := l.pragma.files[file]
	if !ok {
		byLine = map[int]map[string]bool{}
		fset := token.NewFileSet()
		if af, err := parser.ParseFile(fset, file, nil, parser.ParseComments); err == nil {
			for fd, ps := range declPragmas(af) {
				byLine[fset.Position(fd.Name.Pos()).Line] = ps
				byLine[fset.Position(fd.Pos()).Line] = ps
			}
		}
		l.pragma.files[file] = byLine
	}
	return byLine[pos.Line]
}

func hasUintptrParam(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		if s, ok := t.(*types.Slice); ok && sig.Variadic() && i == sig.Params().Len()-1 {
			t = s.Elem()
		}
		if isUintptr(t) {
			return true
		}
	}
	return false
}

// isUintptr: gc's Type.IsUintptr (uintptr or a type defined from it).
func isUintptr(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Uintptr
}

// declPragmas attaches //go: directives to the function declaration that follows them (gc's
// noder keeps pending pragmas until the next declaration, blank lines or not).
func declPragmas(f *ast.File) map[*ast.FuncDecl]map[string]bool {
	out := map[*ast.FuncDecl]map[string]bool{}
	var pending []string
	ci := 0
	var comments []*ast.Comment
	for _, g := range f.Comments {
		comments = append(comments, g.List...)
	}
	for _, d := range f.Decls {
		for ci < len(comments) && comments[ci].Pos() < d.Pos() {
			t := comments[ci].Text
			if strings.HasPrefix(t, "//go:") {
				pending = append(pending, strings.Fields(t[2:])[0])
			}
			ci++
		}
		if fd, ok := d.(*ast.FuncDecl); ok && len(pending) > 0 {
			m := map[string]bool{}
			for _, p := range pending {
				m[p] = true
			}
			out[fd] = m
		}
		pending = nil
		for ci < len(comments) && comments[ci].Pos() < d.End() {
			ci++
		}
	}
	return out
}

// uintptrEscapesParam handles parameter v (number narg, receiver first, from 1) of a function
// marked //go:uintptrescapes: gc's message for a uintptr or final ...uintptr parameter. It
// reports whether the parameter's own verdict must not be printed (gc prints none for it).
func (f *fnState) uintptrEscapesParam(v *types.Var, pos token.Pos, variadic bool, narg int) bool {
	name := v.Name()
	if name == "" {
		name = fmt.Sprintf("arg#%d", narg)
	}
	t := v.Type()
	switch {
	case variadic && isUintptr(t.(*types.Slice).Elem()):
		f.l.gcMessage(pos, fmt.Sprintf("marking %s as escaping ...uintptr", name))
		return true
	case !variadic && isUintptr(t):
		f.l.gcMessage(pos, fmt.Sprintf("marking %s as escaping uintptr", name))
		return true
	}
	return false
}

// uintptrEscapesArg lowers argument a of a call of a //go:uintptrescapes function: for
// uintptr(p) with p an unsafe.Pointer, p is evaluated into a temporary that also flows to the
// heap (gc's rewriteArgument; here: a body-less function whose parameter leaks). ok is false
// for other arguments (lowered as usual).
func (f *fnState) uintptrEscapesArg(a ast.Expr) (string, bool) {
	c, ok := unparen(a).(*ast.CallExpr)
	if !ok || len(c.Args) != 1 {
		return "", false
	}
	tv := f.l.info.Types[c.Fun]
	if !tv.IsType() || !isUintptr(tv.Type) {
		return "", false
	}
	xt := f.l.typeOf(c.Args[0])
	if b, ok := xt.(*types.Basic); !ok || b.Kind() != types.UnsafePointer {
		return "", false
	}
	tmp := f.tmp()
	f.preLine(fmt.Sprintf("%s := %s", tmp, f.expr(c.Args[0])))
	f.preLine(fmt.Sprintf("%s(%s)", f.l.unknownFunc([]types.Type{xt}, nil), tmp))
	return fmt.Sprintf("%s(%s)", f.convType(tv.Type), tmp), true
}

// uintptrEscapesDDD sends the slice passed for a final ...uintptr parameter of a
// //go:uintptrescapes function to the heap (its empty tag) and returns the argument to pass.
func (f *fnState) uintptrEscapesDDD(slice string, t types.Type) string {
	tmp := f.tmp()
	f.preLine(fmt.Sprintf("%s := %s", tmp, slice))
	f.preLine(fmt.Sprintf("%s(%s)", f.l.unknownFunc([]types.Type{t}, nil), tmp))
	return tmp
}

// linknameDirective is one `//go:linkname local [target]` of a file (gc allows it anywhere in
// the file; local names a package-level declaration of the file's package).
type linknameDirective struct {
	local, target string // target is "" for the one-argument form
}

// fileLinknames lists the //go:linkname directives of f in source order.
func fileLinknames(f *ast.File) []linknameDirective {
	var out []linknameDirective
	for _, g := range f.Comments {
		for _, c := range g.List {
			if !strings.HasPrefix(c.Text, "//go:linkname ") {
				continue
			}
			fs := strings.Fields(c.Text[len("//go:linkname "):])
			switch len(fs) {
			case 1:
				out = append(out, linknameDirective{local: fs[0]})
			case 2:
				out = append(out, linknameDirective{local: fs[0], target: fs[1]})
			}
		}
	}
	return out
}

// Linkname entries (dispatch=closed/context parameter sets from callers, which escapade-go
// enables in a closed world): a call that reaches a function with a body through //go:linkname
// is, in the IR, a call of a body-less extern (the pulling package's declaration), not of the
// body, so the body's parameters would get the type sets of its visible callers only. Every
// function that a linkname can reach is therefore made an entry, by referencing it as a value in
// the static-data function (the parameter-set pass leaves the parameters of a function used as a
// value unknown):
//   - push: a function with a body named as the local name of a //go:linkname of its own file
//     (gc exports it under the target name, or under its own with the one-argument form); marked
//     in its own fragment;
//   - pull: the target of a //go:linkname on a body-less declaration. The target belongs to
//     another package, whose fragment is cached independently of who pulls from it, so the
//     pulling fragment only records the target (fragment.Pulls) and the module assembly
//     references every recorded target that some fragment declares (linknameEntries in
//     qualify.go), outside the per-package cache. A target in the lowered package itself is
//     marked here too (single-package mode has no module assembly).
//
// A target naming a method ("pkg.T.M", "pkg.(*T).M") is not resolved: it is recorded,
// linknameEntries leaves it out (no function of that canonical name exists), and methodPulls
// (qualify.go) makes it a hole that opens the world when the method's package is in the program.
//
// Complexity: one pass over each file's comments and top-level declarations.
func (l *lowerer) markLinknames() {
	for _, f := range l.files {
		dirs := fileLinknames(f)
		if len(dirs) == 0 {
			continue
		}
		local := map[string][]string{} // local name -> targets ("" for the one-argument form)
		for _, d := range dirs {
			local[d.local] = append(local[d.local], d.target)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				continue
			}
			targets, named := local[fd.Name.Name]
			if !named {
				continue
			}
			obj, _ := l.info.Defs[fd.Name].(*types.Func)
			if obj == nil {
				continue
			}
			if fd.Body != nil {
				l.markLinknameEntry(obj)
				continue
			}
			for _, t := range targets {
				if t == "" {
					continue
				}
				l.linkPulls = append(l.linkPulls, t)
				if path, name, ok := splitLinkTarget(t); ok && path == l.pkg.Path() {
					if o, ok := l.pkg.Scope().Lookup(name).(*types.Func); ok {
						l.markLinknameEntry(o)
					}
				}
			}
		}
	}
}

// markLinknameEntry references the package's own function fn (with a body, not generic) as a
// value in the static-data function.
func (l *lowerer) markLinknameEntry(fn *types.Func) {
	if fn.Type().(*types.Signature).TypeParams() != nil {
		return // generic: no linkname can name it (gc rejects it)
	}
	if name, ok := l.funcNames[fn]; ok && l.ownDecls()[fn] != nil && l.ownDecls()[fn].Body != nil {
		l.staticFuncValue(name)
	}
}

// splitLinkTarget splits a linkname target "import/path.name" at the last dot after the last
// slash. ok is false when there is no such dot.
func splitLinkTarget(t string) (path, name string, ok bool) {
	slash := strings.LastIndexByte(t, '/')
	dot := strings.IndexByte(t[slash+1:], '.')
	if dot < 0 {
		return "", "", false
	}
	dot += slash + 1
	return t[:dot], t[dot+1:], t[dot+1:] != ""
}
