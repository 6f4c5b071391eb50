package main

// Reflection: the values and calls package reflect makes, which no conversion or call of the
// lowered code shows. The rule (sound, coarse):
//
//   - Values made from values and types. With reflect in the program (the lowered package or one
//     of its imports imports it; a whole-program loader sets reflectState.inProgram), a value of any type reachable from a converted type may become
//     an interface value: Value.Field(i).Interface(), Value.Elem(), reflect.New(t) and
//     Value.Addr() (which make a *T of a reachable T), reflect.Zero, MakeSlice, MakeMap, ...
//     So every named type reachable from a converted type through pointer, slice, array, map and
//     channel elements, map keys, struct fields and function parameters and results, and the
//     pointer to each of them, is a converted type too (the static-data function converts a zero
//     value of each, like static data): its methods are in the IR (world.go)
//     and are candidates wherever a dynamic call's set is unknown (the result of Interface() is
//     the result of an extern call: unknown). Interface types are not followed (their dynamic
//     values are converted types already).
//   - Functions made by reflection. reflect.MakeFunc makes a function value whose code is no
//     function of the IR; Value.Method, Value.MethodByName and Type.Method(...).Func make method
//     values. A package that uses any of them opens the world for function values: the
//     static-data function takes a method value, after which the analysis resolves no call
//     through a function value of unknown origin to the program's functions (such calls leak
//     their arguments).
//   - Arguments. Every reflect function without a summary is a body-less function: its pointer
//     arguments leak (reflect.ValueOf is gc's "leaks to the heap"); Value.Call, Copy, Append,
//     Set* take Values whose data leaked when they were made.
//
// internal/reflectlite (errors.As) makes no interface value of a new type (no Interface()).
//
// Complexity: each reachable type is visited once (O(types + fields)).

import (
	"fmt"
	"go/types"
)

type reflectState struct {
	// inProgram: set by a loader that lowers a whole program when package reflect is part of it
	// (the closure must then cover every package's converted types; a package's export data need
	// not list the imports that bring reflect in)
	inProgram  bool
	uses       bool // reflect is in the program
	funcs      bool // MakeFunc, Method, MethodByName: function values of unknown code
	funcMarked bool
	seen       map[string]bool
	next       int // converted types already closed over
}

// reflectionUses scans the lowered package's files for reflection (called once).
func (l *lowerer) reflectionUses() {
	l.reflect.seen = map[string]bool{}
	visited := map[*types.Package]bool{}
	var imports func(p *types.Package, depth int) bool
	imports = func(p *types.Package, depth int) bool {
		if p == nil || visited[p] || depth > 64 {
			return false
		}
		visited[p] = true
		if p.Path() == "reflect" {
			return true
		}
		for _, q := range p.Imports() {
			if imports(q, depth+1) {
				return true
			}
		}
		return false
	}
	l.reflect.uses = l.reflect.inProgram || imports(l.pkg, 0)
	for _, obj := range l.info.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "reflect" {
			continue
		}
		switch fn.Name() {
		case "MakeFunc", "Method", "MethodByName":
			l.reflect.funcs = true
			l.reflect.uses = true
		}
	}
}

// reflectClosure makes every named type reachable from a converted type (and the pointer to it)
// a converted type; false when there was nothing new.
func (l *lowerer) reflectClosure() bool {
	if !l.reflect.uses {
		return false
	}
	did := false
	for ; l.reflect.next < len(l.world.converted); l.reflect.next++ {
		l.reflectVisit(l.world.converted[l.reflect.next], 0)
		did = true
	}
	return did
}

func (l *lowerer) reflectVisit(t types.Type, depth int) {
	if t == nil || depth > 64 {
		return
	}
	key := types.TypeString(t, pathQualifier)
	if l.reflect.seen[key] {
		return
	}
	l.reflect.seen[key] = true
	if hasTypeParams(t) {
		return
	}
	switch u := t.(type) {
	case *types.Named:
		if isIface(u) {
			return
		}
		if _, isShape := l.generic.byShape[u]; isShape {
			return // its members are reachable from their own conversions
		}
		l.staticConverted(u)
		if _, isPtr := u.Underlying().(*types.Pointer); !isPtr {
			l.staticConverted(types.NewPointer(u))
		}
		l.reflectVisit(u.Underlying(), depth+1)
	case *types.Pointer:
		l.reflectVisit(u.Elem(), depth+1)
	case *types.Slice:
		l.reflectVisit(u.Elem(), depth+1)
	case *types.Array:
		l.reflectVisit(u.Elem(), depth+1)
	case *types.Map:
		l.reflectVisit(u.Key(), depth+1)
		l.reflectVisit(u.Elem(), depth+1)
	case *types.Chan:
		l.reflectVisit(u.Elem(), depth+1)
	case *types.Struct:
		embeds := false
		for i := 0; i < u.NumFields(); i++ {
			if u.Field(i).Embedded() {
				embeds = true
			}
			l.reflectVisit(u.Field(i).Type(), depth+1)
		}
		if embeds {
			// promoted methods: the struct type and its pointer have methods
			l.staticConverted(u)
			l.staticConverted(types.NewPointer(u))
		}
	case *types.Signature:
		for i := 0; i < u.Params().Len(); i++ {
			l.reflectVisit(u.Params().At(i).Type(), depth+1)
		}
		for i := 0; i < u.Results().Len(); i++ {
			l.reflectVisit(u.Results().At(i).Type(), depth+1)
		}
	}
}

// reflectFuncMarker opens the world for function values (reflect.MakeFunc, Value.Method, ...):
// a method value in the static-data function.
func (l *lowerer) reflectFuncMarker() {
	if !l.reflect.funcs || l.reflect.funcMarked {
		return
	}
	l.reflect.funcMarked = true
	name := l.uniqueTop("esc_reflect_func")
	fmt.Fprintf(&l.typeDecls, "type %s struct {}\n", name)
	fmt.Fprintf(&l.world.synth, "\nfunc (esc_r %s) Func ~\"reflect.MakeFunc/Value.Method\" () {\n}\n", name)
	fmt.Fprintf(&l.world.static, "    var esc_rf %s\n    _ = (esc_rf).Func\n", name)
	l.warnf("", "the package uses reflect.MakeFunc, Value.Method or Value.MethodByName: calls through function values of unknown origin leak their arguments")
}
