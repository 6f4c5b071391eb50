package main

// Type substitution for the lowering of generic code (generics.go): a substMap replaces the type
// parameters of a generic body by types (the shape types of a shape instance, or the real type
// arguments of a wrapper), rebuilding the composite types that mention them; instantiated named
// types are instantiated again with go/types (shared types.Context). Every type query of the
// lowering goes through lowerer.st while a shape body is lowered (lowerer.typeOf applies it).
//
// Complexity: linear in the size of a type, memoized per substitution.

import (
	"go/types"
)

// substMap replaces type parameters by types (memoized).
type substMap struct {
	l     *lowerer
	m     map[*types.TypeParam]types.Type
	cache map[types.Type]types.Type
}

// st applies the substitution of the shape body being lowered (none elsewhere).
func (l *lowerer) st(t types.Type) types.Type {
	if l.generic.cur == nil || t == nil {
		return t
	}
	return l.generic.cur.typ(t)
}

func (s *substMap) typ(t types.Type) types.Type {
	if t == nil || len(s.m) == 0 {
		return t
	}
	if r, ok := s.cache[t]; ok {
		return r
	}
	r := s.typ0(t, 0)
	s.cache[t] = r
	return r
}

func (s *substMap) typ0(t types.Type, depth int) types.Type {
	if depth > 64 {
		return t
	}
	switch t := t.(type) {
	case *types.TypeParam:
		if r, ok := s.m[t]; ok {
			return r
		}
		return t
	case *types.Basic:
		return t
	case *types.Pointer:
		if e := s.typ0(t.Elem(), depth+1); e != t.Elem() {
			return types.NewPointer(e)
		}
	case *types.Slice:
		if e := s.typ0(t.Elem(), depth+1); e != t.Elem() {
			return types.NewSlice(e)
		}
	case *types.Array:
		if e := s.typ0(t.Elem(), depth+1); e != t.Elem() {
			return types.NewArray(e, t.Len())
		}
	case *types.Map:
		k, e := s.typ0(t.Key(), depth+1), s.typ0(t.Elem(), depth+1)
		if k != t.Key() || e != t.Elem() {
			return types.NewMap(k, e)
		}
	case *types.Chan:
		if e := s.typ0(t.Elem(), depth+1); e != t.Elem() {
			return types.NewChan(t.Dir(), e)
		}
	case *types.Tuple:
		if t == nil {
			return t
		}
		vs, changed := s.vars(t, depth)
		if changed {
			return types.NewTuple(vs...)
		}
	case *types.Signature:
		ps, c1 := s.vars(t.Params(), depth)
		rs, c2 := s.vars(t.Results(), depth)
		var recv *types.Var
		c3 := false
		if r := t.Recv(); r != nil {
			rt := s.typ0(r.Type(), depth+1)
			recv = r
			if rt != r.Type() {
				recv = types.NewVar(r.Pos(), r.Pkg(), r.Name(), rt)
				c3 = true
			}
		}
		if c1 || c2 || c3 || (t.TypeParams() != nil && t.TypeParams().Len() > 0) {
			return types.NewSignatureType(recv, nil, nil, types.NewTuple(ps...), types.NewTuple(rs...), t.Variadic())
		}
	case *types.Struct:
		changed := false
		fields := make([]*types.Var, t.NumFields())
		tags := make([]string, t.NumFields())
		for i := range fields {
			f := t.Field(i)
			ft := s.typ0(f.Type(), depth+1)
			fields[i] = f
			if ft != f.Type() {
				fields[i] = types.NewField(f.Pos(), f.Pkg(), f.Name(), ft, f.Embedded())
				changed = true
			}
			tags[i] = t.Tag(i)
		}
		if changed {
			return types.NewStruct(fields, tags)
		}
	case *types.Interface:
		changed := false
		var ms []*types.Func
		for i := 0; i < t.NumExplicitMethods(); i++ {
			m := t.ExplicitMethod(i)
			mt := s.typ0(m.Type(), depth+1)
			if mt != m.Type() {
				changed = true
				m = types.NewFunc(m.Pos(), m.Pkg(), m.Name(), mt.(*types.Signature))
			}
			ms = append(ms, m)
		}
		var es []types.Type
		for i := 0; i < t.NumEmbeddeds(); i++ {
			e := t.EmbeddedType(i)
			et := s.typ0(e, depth+1)
			if et != e {
				changed = true
			}
			if _, isUnion := et.(*types.Union); isUnion {
				changed = true
				continue // type terms: not an interface the IR can express; the methods stay
			}
			es = append(es, et)
		}
		if changed {
			it := types.NewInterfaceType(ms, es)
			it.Complete()
			return it
		}
	case *types.Named:
		ta := t.TypeArgs()
		if ta == nil || ta.Len() == 0 {
			return t
		}
		args := make([]types.Type, ta.Len())
		changed := false
		for i := range args {
			args[i] = s.typ0(ta.At(i), depth+1)
			if args[i] != ta.At(i) {
				changed = true
			}
		}
		if changed {
			if r, err := types.Instantiate(s.l.generic.ctxt, t.Origin(), args, false); err == nil {
				return r
			}
		}
	case *types.Union:
		return t
	}
	return t
}

func (s *substMap) vars(t *types.Tuple, depth int) ([]*types.Var, bool) {
	if t == nil {
		return nil, false
	}
	changed := false
	vs := make([]*types.Var, t.Len())
	for i := range vs {
		v := t.At(i)
		vt := s.typ0(v.Type(), depth+1)
		vs[i] = v
		if vt != v.Type() {
			vs[i] = types.NewParam(v.Pos(), v.Pkg(), v.Name(), vt)
			changed = true
		}
	}
	return vs, changed
}
