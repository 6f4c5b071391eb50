package main

// IR names and IR type expressions for Go objects and types.

import (
	"fmt"
	"go/types"
	"strings"
	"unicode/utf8"
)

// Names the IR reader treats specially or predeclares; Go identifiers with these names are renamed.
var irReserved = map[string]bool{
	"op": true, "concat": true, "file": true, "module": true, "extern": true, "any": true, "error": true,
	"unsafe": true, "type": true, "var": true, "func": true, "return": true, "if": true, "else": true, "for": true,
	"range": true, "go": true, "defer": true, "goto": true, "break": true, "continue": true, "map": true,
	"chan": true, "struct": true, "interface": true, "nil": true, "true": true, "false": true,
}

var irBasicNames = map[string]bool{
	"bool": true, "int": true, "int8": true, "int16": true, "int32": true, "int64": true, "uint": true, "uint8": true,
	"uint16": true, "uint32": true, "uint64": true, "uintptr": true, "float32": true, "float64": true,
	"complex64": true, "complex128": true, "string": true, "byte": true, "rune": true,
}

// asciiIdent reports whether s is an identifier the IR lexer accepts (it takes the bytes of
// non-ASCII UTF-8 characters as letters, like Go's Unicode identifiers).
func asciiIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') || c >= 0x80 {
			continue
		}
		return false
	}
	return true
}

// mangle turns any Go identifier into an IR identifier.
func mangle(s string) string {
	if asciiIdent(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (i > 0 && r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else if r == utf8.RuneError {
			b.WriteString("_x")
		} else {
			fmt.Fprintf(&b, "_u%04x", r)
		}
	}
	return b.String()
}

// uniqueTop reserves a fresh top-level IR name based on want.
func (l *lowerer) uniqueTop(want string) string {
	if l.qual != nil {
		return l.worldUnique(want)
	}
	base := mangle(want)
	if irReserved[base] || irBasicNames[base] {
		base += "_"
	}
	name := base
	for i := l.nextSuffix[base] + 1; l.topUsed[name] || (name != want && l.idents[name]); i++ {
		name = fmt.Sprintf("%s_%d", base, i)
		l.nextSuffix[base] = i
	}
	l.topUsed[name] = true
	return name
}

// Local names the lowering's own output could be confused with: op[T](...), concat(...), the
// constants, and the interface types it names in conversions.
var irLocalReserved = map[string]bool{"op": true, "concat": true, "nil": true, "true": true, "false": true,
	"error": true, "any": true, "unsafe": true}

// localName gives the IR name of a local variable (the Go name unless the IR reserves it).
func (l *lowerer) localName(name string) string {
	if name == "_" {
		return "_"
	}
	m := mangle(name)
	if irLocalReserved[m] {
		m += "_"
	}
	if m != name {
		l.warnf("", "identifier %q renamed to %q in the IR: messages naming it will use the new name", name, m)
	}
	return m
}

// namedType returns the IR name of a named (defined) type, declaring it on first use.
func (l *lowerer) namedType(t *types.Named) string {
	if t.Obj().Pkg() == nil {
		if t.Obj().Name() == "error" {
			return "error"
		}
	}
	if l.qual != nil && t.Obj().Pkg() != nil {
		return l.worldNamedType(t) // (types the lowering makes up, without a package, are its own)
	}
	key := types.TypeString(t, nil)
	if t.TypeArgs() == nil || t.TypeArgs().Len() == 0 {
		if n, ok := l.namedByObj[t.Obj()]; ok {
			return n
		}
	} else if n, ok := l.namedByKey[key]; ok {
		return n
	}
	obj := t.Obj()
	want := obj.Name()
	if _, isShape := l.generic.byShape[t]; isShape {
		want = shapeIRName(obj.Name())
	} else if obj.Pkg() != nil && obj.Pkg() != l.pkg {
		want = obj.Pkg().Name() + "_" + obj.Name()
	} else if obj.Pkg() != nil && obj.Parent() != nil && obj.Parent() != obj.Pkg().Scope() {
		want = obj.Name() + "_L"
	}
	if t.TypeArgs() != nil && t.TypeArgs().Len() > 0 {
		want += "_inst"
	}
	if l.valueNames[want] {
		// a variable or function of the same name would shadow the type in the IR's scopes
		want += "_T"
	}
	name := l.uniqueTop(want)
	if t.TypeArgs() == nil || t.TypeArgs().Len() == 0 {
		l.namedByObj[obj] = name
	} else {
		l.namedByKey[key] = name
		l.generic.instTypes = append(l.generic.instTypes, t)
	}
	// The underlying type may refer back to this name: register first, then render.
	under := l.irTypeOf(t.Underlying(), true)
	if _, isShape := l.generic.byShape[t]; isShape && strings.HasPrefix(obj.Name(), "go.shape.*uint8_") {
		// the shape of every pointer type: never dereferenced in a shape body; an unsafe.Pointer
		// in the IR, which (unlike a named pointer type) can have the methods joining its members'
		under = "unsafe.Pointer"
	}
	fmt.Fprintf(&l.typeDecls, "type %s %s\n", name, under)
	return name
}

// irType renders t as an IR type expression.
func (l *lowerer) irType(t types.Type) string { return l.irTypeOf(t, false) }

func (l *lowerer) irTypeOf(t types.Type, top bool) string {
	switch t := t.(type) {
	case *types.Basic:
		switch t.Kind() {
		case types.Bool, types.UntypedBool:
			return "bool"
		case types.Int, types.UntypedInt:
			return "int"
		case types.Int8:
			return "int8"
		case types.Int16:
			return "int16"
		case types.Int32, types.UntypedRune:
			return "int32"
		case types.Int64:
			return "int64"
		case types.Uint:
			return "uint"
		case types.Uint8:
			return "uint8"
		case types.Uint16:
			return "uint16"
		case types.Uint32:
			return "uint32"
		case types.Uint64:
			return "uint64"
		case types.Uintptr:
			return "uintptr"
		case types.Float32:
			return "float32"
		case types.Float64, types.UntypedFloat:
			return "float64"
		case types.Complex64:
			return "complex64"
		case types.Complex128, types.UntypedComplex:
			return "complex128"
		case types.String, types.UntypedString:
			return "string"
		case types.UnsafePointer:
			return "unsafe.Pointer"
		case types.UntypedNil:
			return "unsafe.Pointer"
		}
		return "int"
	case *types.Named:
		return l.namedType(t)
	case *types.Pointer:
		return "*" + l.irType(t.Elem())
	case *types.Slice:
		return "[]" + l.irType(t.Elem())
	case *types.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), l.irType(t.Elem()))
	case *types.Map:
		return "map[" + l.irType(t.Key()) + "]" + l.irType(t.Elem())
	case *types.Chan:
		e := l.irType(t.Elem())
		return "chan " + e
	case *types.Signature:
		return "func" + l.irSigTypes(t)
	case *types.Struct:
		if !top {
			// The IR does not unify unnamed struct types by structure: name each one once.
			return l.synthetic(t)
		}
		var b strings.Builder
		b.WriteString("struct {")
		for i := 0; i < t.NumFields(); i++ {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(" ")
			b.WriteString(l.fieldName(t, i))
			b.WriteString(" ")
			b.WriteString(l.irType(t.Field(i).Type()))
		}
		b.WriteString(" }")
		return b.String()
	case *types.Interface:
		if t.NumMethods() == 0 {
			return "any"
		}
		if !top {
			return l.synthetic(t)
		}
		var b strings.Builder
		b.WriteString("interface {")
		for i := 0; i < t.NumMethods(); i++ {
			if i > 0 {
				b.WriteString(",")
			}
			m := t.Method(i)
			b.WriteString(" ")
			b.WriteString(l.methodName(m))
			b.WriteString(l.irSigTypes(m.Type().(*types.Signature)))
		}
		b.WriteString(" }")
		return b.String()
	case *types.TypeParam:
		if s := l.st(t); s != types.Type(t) {
			return l.irTypeOf(s, top)
		}
		l.warnf("", "type parameter %s lowered as any", t.Obj().Name())
		return "any"
	case *types.Tuple:
		var b strings.Builder
		b.WriteString("(")
		for i := 0; i < t.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(l.irType(t.At(i).Type()))
		}
		b.WriteString(")")
		return b.String()
	}
	l.warnf("", "type %s lowered as any", t)
	return "any"
}

// synthetic names an unnamed struct or interface type (identical types share the name).
func (l *lowerer) synthetic(t types.Type) string {
	if l.qual != nil {
		return l.worldSynthetic(t)
	}
	key := types.TypeString(t, nil)
	if n, ok := l.namedByKey["#"+key]; ok {
		return n
	}
	name := l.uniqueTop("esc_type")
	l.namedByKey["#"+key] = name
	fmt.Fprintf(&l.typeDecls, "type %s %s\n", name, l.irTypeOf(t, true))
	return name
}

// fieldName is the IR name of field i of struct st (embedded fields get their Go field name;
// blank and duplicate-prone names are made unique).
func (l *lowerer) fieldName(st *types.Struct, i int) string {
	f := st.Field(i)
	n := f.Name()
	if n == "_" {
		return fmt.Sprintf("_%d", i)
	}
	return mangle(n)
}

// irSigTypes renders "(T1, ...T2) (R1, R2)" for a function type.
func (l *lowerer) irSigTypes(s *types.Signature) string {
	var b strings.Builder
	b.WriteString("(")
	for i := 0; i < s.Params().Len(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		t := s.Params().At(i).Type()
		if s.Variadic() && i == s.Params().Len()-1 {
			b.WriteString("...")
			t = t.(*types.Slice).Elem()
		}
		b.WriteString(l.irType(t))
	}
	b.WriteString(")")
	switch s.Results().Len() {
	case 0:
	case 1:
		b.WriteString(" ")
		b.WriteString(l.irType(s.Results().At(0).Type()))
	default:
		b.WriteString(" (")
		for i := 0; i < s.Results().Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(l.irType(s.Results().At(i).Type()))
		}
		b.WriteString(")")
	}
	return b.String()
}

// isIface reports whether t is an interface type (not a type parameter).
func isIface(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Interface)
	if ok {
		if _, tp := t.(*types.TypeParam); tp {
			return false
		}
	}
	return ok
}

func hasTypeParams(t types.Type) bool {
	found := false
	var visit func(t types.Type, depth int)
	seen := map[types.Type]bool{}
	visit = func(t types.Type, depth int) {
		if found || depth > 20 || t == nil || seen[t] {
			return
		}
		seen[t] = true
		switch t := t.(type) {
		case *types.TypeParam:
			found = true
		case *types.Pointer:
			visit(t.Elem(), depth+1)
		case *types.Slice:
			visit(t.Elem(), depth+1)
		case *types.Array:
			visit(t.Elem(), depth+1)
		case *types.Map:
			visit(t.Key(), depth+1)
			visit(t.Elem(), depth+1)
		case *types.Chan:
			visit(t.Elem(), depth+1)
		case *types.Signature:
			for i := 0; i < t.Params().Len(); i++ {
				visit(t.Params().At(i).Type(), depth+1)
			}
			for i := 0; i < t.Results().Len(); i++ {
				visit(t.Results().At(i).Type(), depth+1)
			}
		case *types.Named:
			if ta := t.TypeArgs(); ta != nil {
				for i := 0; i < ta.Len(); i++ {
					visit(ta.At(i), depth+1)
				}
			}
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				visit(t.Field(i).Type(), depth+1)
			}
		}
	}
	visit(t, 0)
	return found
}

// methodName is the IR name of a method (or interface method): its Go name, qualified by its
// package when it is unexported and of another package ("close·os"): unexported methods of
// different packages are different methods (a type may have both, one promoted from an embedded
// type of another package).
func (l *lowerer) methodName(fn *types.Func) string {
	n := mangle(fn.Name())
	// In a whole program (l.qual != nil) every package's fragment names an unexported method the
	// same way, its own package's included, so that the fragments agree when they are merged.
	if fn.Exported() || fn.Pkg() == nil || (fn.Pkg() == l.pkg && l.qual == nil) {
		return n
	}
	return n + "·" + strings.NewReplacer("/", "·", ".", "·", "-", "·").Replace(fn.Pkg().Path())
}

// shapeIRName turns a gc shape name ("go.shape.*uint8_0") into an IR identifier.
func shapeIRName(name string) string {
	var b strings.Builder
	for i := 0; i < len(name) && b.Len() < 60; i++ {
		c := name[i]
		switch {
		case c == '*':
			b.WriteString("P")
		case c == '[' || c == ']':
			b.WriteString("S")
		case c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'):
			b.WriteByte(c)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// irQuote quotes s as an IR string literal (truncated to a size the reader accepts).
func irQuote(s string) string {
	if len(s) > 300 {
		s = s[:300]
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
