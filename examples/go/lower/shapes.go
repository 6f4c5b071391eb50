package main

// Shapes (gc 1.19's typecheck.Shapify) and the methods of shape types.
//
// A shape type stands for every type argument with the same underlying type at the same type
// parameter index ("go.shape.int_0"); every pointer type but pointers to arrays shares the shape
// "go.shape.*uint8_i" unless the constraint has a core type. Its name is gc's (LinkString of the
// underlying type), used in the display texts of shape bodies. The real type arguments of a shape
// are its members (also through shapes used as type arguments inside shape bodies). A converted
// shape type has the methods of its members: each a join calling every member's method (a member
// whose method has another signature leaks the arguments).
//
// Complexity: a shape per (index, underlying type); joins O(members x methods), rebuilt while the
// world grows (world.go completeWorld).

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// shapeFor is the shape of type argument targ for type parameter tp (number index), recording
// targ as a member.
func (l *lowerer) shapeFor(targ types.Type, index int, tp *types.TypeParam) *shapeInfo {
	if n, ok := targ.(*types.Named); ok {
		if si, ok := l.generic.byShape[n]; ok && si.named.Obj().Name() == l.shapeName(n.Underlying(), index) {
			return si // already this shape
		}
	}
	u := l.unshape(targ).Underlying()
	if p, ok := u.(*types.Pointer); ok && !hasCoreType(tp) {
		if _, isArray := p.Elem().Underlying().(*types.Array); !isArray {
			u = types.NewPointer(types.Typ[types.Uint8])
		}
	}
	name := l.shapeName(u, index)
	si, ok := l.generic.shapes[name]
	if !ok {
		tn := types.NewTypeName(token.NoPos, nil, name, nil)
		si = &shapeInfo{named: types.NewNamed(tn, u, nil), memberKey: map[string]bool{}}
		l.generic.shapes[name] = si
		l.generic.byShape[si.named] = si
	}
	if n, ok := targ.(*types.Named); ok {
		if from, ok := l.generic.byShape[n]; ok {
			if from != si {
				si.from = append(si.from, from)
			}
			return si
		}
	}
	if !l.hasShape(targ) {
		key := types.TypeString(targ, pathQualifier)
		if !si.memberKey[key] {
			si.memberKey[key] = true
			si.members = append(si.members, targ)
		}
	}
	return si
}

func (l *lowerer) shapeName(u types.Type, index int) string {
	return fmt.Sprintf("go.shape.%s_%d", linkString(u), index)
}

func pathQualifier(p *types.Package) string { return p.Path() }

// hasCoreType approximates gc's tparam.Bound().StructuralType() != nil: the constraint's type
// terms all have one underlying type.
func hasCoreType(tp *types.TypeParam) bool {
	if tp == nil {
		return false
	}
	it, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok || it.IsMethodSet() {
		return false
	}
	var core types.Type
	for i := 0; i < it.NumEmbeddeds(); i++ {
		var terms []*types.Term
		switch e := it.EmbeddedType(i).(type) {
		case *types.Union:
			for j := 0; j < e.Len(); j++ {
				terms = append(terms, e.Term(j))
			}
		case *types.Interface:
			continue
		default:
			terms = append(terms, types.NewTerm(false, e))
		}
		for _, t := range terms {
			u := t.Type().Underlying()
			if core == nil {
				core = u
			} else if !types.Identical(core, u) {
				return false
			}
		}
	}
	return core != nil
}

// hasShape: t mentions a shape type.
func (l *lowerer) hasShape(t types.Type) bool {
	found := false
	l.walkNamed(t, func(n *types.Named) {
		if _, ok := l.generic.byShape[n]; ok {
			found = true
		}
	})
	return found
}

// unshape replaces the shape types inside t by their underlying types (gc's Shapify does so for
// type arguments built inside shape bodies).
func (l *lowerer) unshape(t types.Type) types.Type {
	if !l.hasShape(t) {
		return t
	}
	if n, ok := t.(*types.Named); ok {
		if _, ok := l.generic.byShape[n]; ok {
			return n.Underlying()
		}
	}
	// A composite type containing shapes: rebuild with the underlying types.
	s := &substMap{l: l, m: map[*types.TypeParam]types.Type{}, cache: map[types.Type]types.Type{}}
	return s.unshape(t, l, 0)
}

func (s *substMap) unshape(t types.Type, l *lowerer, depth int) types.Type {
	if depth > 64 {
		return t
	}
	switch t := t.(type) {
	case *types.Named:
		if _, ok := l.generic.byShape[t]; ok {
			return t.Underlying()
		}
		if ta := t.TypeArgs(); ta != nil && ta.Len() > 0 {
			args := make([]types.Type, ta.Len())
			for i := range args {
				args[i] = s.unshape(ta.At(i), l, depth+1)
			}
			if r, err := types.Instantiate(l.generic.ctxt, t.Origin(), args, false); err == nil {
				return r
			}
		}
		return t
	case *types.Pointer:
		return types.NewPointer(s.unshape(t.Elem(), l, depth+1))
	case *types.Slice:
		return types.NewSlice(s.unshape(t.Elem(), l, depth+1))
	case *types.Array:
		return types.NewArray(s.unshape(t.Elem(), l, depth+1), t.Len())
	case *types.Map:
		return types.NewMap(s.unshape(t.Key(), l, depth+1), s.unshape(t.Elem(), l, depth+1))
	case *types.Chan:
		return types.NewChan(t.Dir(), s.unshape(t.Elem(), l, depth+1))
	}
	return t
}

// walkNamed calls f for every named type t mentions (not through their underlying types).
func (l *lowerer) walkNamed(t types.Type, f func(*types.Named)) {
	seen := map[types.Type]bool{}
	var walk func(t types.Type, depth int)
	walk = func(t types.Type, depth int) {
		if t == nil || depth > 32 || seen[t] {
			return
		}
		seen[t] = true
		switch t := t.(type) {
		case *types.Named:
			f(t)
			if ta := t.TypeArgs(); ta != nil {
				for i := 0; i < ta.Len(); i++ {
					walk(ta.At(i), depth+1)
				}
			}
		case *types.Pointer:
			walk(t.Elem(), depth+1)
		case *types.Slice:
			walk(t.Elem(), depth+1)
		case *types.Array:
			walk(t.Elem(), depth+1)
		case *types.Map:
			walk(t.Key(), depth+1)
			walk(t.Elem(), depth+1)
		case *types.Chan:
			walk(t.Elem(), depth+1)
		case *types.Tuple:
			for i := 0; i < t.Len(); i++ {
				walk(t.At(i).Type(), depth+1)
			}
		case *types.Signature:
			walk(t.Params(), depth+1)
			walk(t.Results(), depth+1)
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				walk(t.Field(i).Type(), depth+1)
			}
		case *types.Interface:
			for i := 0; i < t.NumMethods(); i++ {
				walk(t.Method(i).Type(), depth+1)
			}
		}
	}
	walk(t, 0)
}

// linkString renders a type as gc's LinkString does (shape names): package paths qualify named
// types and unexported field and method names; no parameter names; byte is uint8, rune int32.
func linkString(t types.Type) string {
	var b strings.Builder
	writeLink(&b, t, 0)
	return b.String()
}

func writeLink(b *strings.Builder, t types.Type, depth int) {
	if depth > 16 {
		b.WriteString("...")
		return
	}
	switch t := t.(type) {
	case *types.Basic:
		switch t.Kind() {
		case types.Byte:
			b.WriteString("uint8")
		case types.Rune:
			b.WriteString("int32")
		case types.UnsafePointer:
			b.WriteString("unsafe.Pointer")
		default:
			b.WriteString(types.Default(t).(*types.Basic).Name())
		}
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() != nil {
			b.WriteString(obj.Pkg().Path())
			b.WriteString(".")
		}
		b.WriteString(obj.Name())
		if ta := t.TypeArgs(); ta != nil && ta.Len() > 0 {
			b.WriteString("[")
			for i := 0; i < ta.Len(); i++ {
				if i > 0 {
					b.WriteString(",")
				}
				writeLink(b, ta.At(i), depth+1)
			}
			b.WriteString("]")
		}
	case *types.Pointer:
		b.WriteString("*")
		writeLink(b, t.Elem(), depth+1)
	case *types.Slice:
		b.WriteString("[]")
		writeLink(b, t.Elem(), depth+1)
	case *types.Array:
		fmt.Fprintf(b, "[%d]", t.Len())
		writeLink(b, t.Elem(), depth+1)
	case *types.Map:
		b.WriteString("map[")
		writeLink(b, t.Key(), depth+1)
		b.WriteString("]")
		writeLink(b, t.Elem(), depth+1)
	case *types.Chan:
		switch t.Dir() {
		case types.RecvOnly:
			b.WriteString("<-chan ")
		case types.SendOnly:
			b.WriteString("chan<- ")
		default:
			b.WriteString("chan ")
		}
		writeLink(b, t.Elem(), depth+1)
	case *types.Signature:
		b.WriteString("func")
		writeLinkSig(b, t, depth)
	case *types.Struct:
		if t.NumFields() == 0 {
			b.WriteString("struct {}")
			return
		}
		b.WriteString("struct { ")
		for i := 0; i < t.NumFields(); i++ {
			if i > 0 {
				b.WriteString("; ")
			}
			f := t.Field(i)
			if !f.Embedded() {
				if !f.Exported() && f.Pkg() != nil {
					b.WriteString(f.Pkg().Path())
					b.WriteString(".")
				}
				b.WriteString(f.Name())
				b.WriteString(" ")
			}
			writeLink(b, f.Type(), depth+1)
			if tag := t.Tag(i); tag != "" {
				fmt.Fprintf(b, " %q", tag)
			}
		}
		b.WriteString(" }")
	case *types.Interface:
		if t.NumMethods() == 0 {
			b.WriteString("interface {}")
			return
		}
		b.WriteString("interface { ")
		for i := 0; i < t.NumMethods(); i++ {
			if i > 0 {
				b.WriteString("; ")
			}
			m := t.Method(i)
			if !m.Exported() && m.Pkg() != nil {
				b.WriteString(m.Pkg().Path())
				b.WriteString(".")
			}
			b.WriteString(m.Name())
			writeLinkSig(b, m.Type().(*types.Signature), depth)
		}
		b.WriteString(" }")
	default:
		b.WriteString(t.String())
	}
}

func writeLinkSig(b *strings.Builder, s *types.Signature, depth int) {
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
		writeLink(b, t, depth+1)
	}
	b.WriteString(")")
	switch s.Results().Len() {
	case 0:
	case 1:
		b.WriteString(" ")
		writeLink(b, s.Results().At(0).Type(), depth+1)
	default:
		b.WriteString(" (")
		for i := 0; i < s.Results().Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			writeLink(b, s.Results().At(i).Type(), depth+1)
		}
		b.WriteString(")")
	}
}

// shapeMembers is the closure of a shape's members (through the shapes used for it).
func (l *lowerer) shapeMembers(si *shapeInfo) []types.Type {
	var out []types.Type
	seen := map[*shapeInfo]bool{}
	keys := map[string]bool{}
	var visit func(s *shapeInfo)
	visit = func(s *shapeInfo) {
		if seen[s] {
			return
		}
		seen[s] = true
		for _, m := range s.members {
			k := types.TypeString(m, pathQualifier)
			if !keys[k] {
				keys[k] = true
				out = append(out, m)
			}
		}
		for _, f := range s.from {
			visit(f)
		}
	}
	visit(si)
	return out
}

// shapeJoins declares the methods of the converted shape types: each calls the method of every
// member that has it. It returns the IR text (rebuilt on every call: members may grow).
func (l *lowerer) shapeJoins() string {
	var b strings.Builder
	var names []string
	for n := range l.generic.shapes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		si := l.generic.shapes[n]
		for _, ptr := range []bool{false, true} {
			var recv types.Type = si.named
			if ptr {
				recv = types.NewPointer(si.named)
			}
			if !l.world.convertedKey[l.irType(recv)] {
				continue
			}
			l.shapeJoinMethods(&b, si, recv)
		}
	}
	return b.String()
}

func (l *lowerer) shapeJoinMethods(b *strings.Builder, si *shapeInfo, recv types.Type) {
	members := l.shapeMembers(si)
	type impl struct {
		member types.Type
		sel    *types.Selection
	}
	byName := map[string][]impl{}
	var order []string
	for _, m := range members {
		mt := m
		if _, isPtr := recv.(*types.Pointer); isPtr {
			mt = types.NewPointer(m)
		}
		ms := types.NewMethodSet(mt)
		for i := 0; i < ms.Len(); i++ {
			sel := ms.At(i)
			name := l.methodName(sel.Obj().(*types.Func))
			if _, ok := byName[name]; !ok {
				order = append(order, name)
			}
			byName[name] = append(byName[name], impl{mt, sel})
		}
	}
	recvIR := l.irType(recv)
	for _, name := range order {
		impls := byName[name]
		first := methodSig(impls[0].sel)
		params, results, args := l.wrapperSig(first, "")
		fmt.Fprintf(b, "\nfunc (esc_r %s) %s ~%s %s%s {\n", recvIR, name, irQuote(l.methodDisplay(recv, impls[0].sel.Obj().Name())), params, results)
		for _, im := range impls {
			call := ""
			if types.Identical(methodSig(im.sel), first) {
				conv := fmt.Sprintf("%s(esc_r)", l.convTypeL(im.member))
				l.ensureMethod(im.member, im.sel)
				call = l.wrapperCall(conv, im.member, im.sel, args)
			}
			if call == "" {
				call = l.unknownCall(first, "esc_r", recv)
			}
			if first.Results().Len() > 0 {
				fmt.Fprintf(b, "    if {\n        return %s\n    }\n", call)
			} else {
				fmt.Fprintf(b, "    %s\n", call)
			}
		}
		b.WriteString("}\n")
	}
}
