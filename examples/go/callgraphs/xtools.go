// xtools.go - the reference call graphs: a program loaded with go/packages, built into SSA, and
// its dynamic call sites with their callees under x/tools' CHA, RTA and VTA.
//
// A dynamic call site is an SSA call instruction (call, go, defer) in "invoke" mode (an interface
// method call) or in "call" mode whose callee is neither a function nor a closure of a known
// function nor a built-in (a function-value call). Sites are keyed by their source position (the
// call's left parenthesis, as escapade-go reports calls); instances of one generic body share a
// position and are merged (the union of their callees). A site is reachable when its function is
// in RTA's reachable set (roots: the main package's init and main): the universe compared.
//
// Cost: loading and SSA construction are linear in the program; CHA is linear in sites times
// implementations; RTA iterates to a fixpoint over reachable functions and runtime types; VTA
// builds a type propagation graph over every function (seeded with CHA's graph, as x/tools'
// cmd/callgraph does) and propagates sets over its strongly connected components.
package main

import (
	"fmt"
	"go/token"
	"go/types"
	"os"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/callgraph"
	"golang.org/x/tools/go/callgraph/cha"
	"golang.org/x/tools/go/callgraph/rta"
	"golang.org/x/tools/go/callgraph/vta"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// The algorithms of x/tools, in the order of the tables.
const (
	algoCHA = iota
	algoRTA
	algoVTA
	numAlgos
)

var algoNames = [numAlgos]string{"CHA", "RTA", "VTA"}

type siteKind int

const (
	ifaceCall siteKind = iota // interface method call (invoke mode)
	funcCall                  // call through a function value
)

func (k siteKind) String() string {
	if k == ifaceCall {
		return "interface"
	}
	return "func-value"
}

// A dynamic call site of the reference program.
type refSite struct {
	key       string // FILE:LINE:COL
	kind      siteKind
	expr      string // the callee as SSA prints it (t3.Read, f)
	fn        string // the enclosing function (ssa's name, package-qualified)
	origin    string // where the receiver or function value comes from (origin)
	reachable bool   // in a function RTA reaches
	// callees per algorithm: gc-style display names (see displayName) -> ssa names
	callees [numAlgos]map[string]string
}

type refProgram struct {
	sites   map[string]*refSite
	times   [numAlgos]time.Duration
	load    time.Duration
	funcs   int
	pkgs    int
	skipped int // dynamic calls without a source position (synthetic wrappers)
}

// loadReference loads the program's main package with every package it links from source,
// builds SSA and the three call graphs.
func loadReference(p program, verbose bool) (*refProgram, error) {
	start := time.Now()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedDeps | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedTypesSizes,
		Env: append(os.Environ(), p.env...),
		Dir: p.dir,
	}
	initial, err := packages.Load(cfg, p.path)
	if err != nil {
		return nil, err
	}
	var errs []string
	packages.Visit(initial, nil, func(pk *packages.Package) {
		for _, e := range pk.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		if len(errs) > 3 {
			errs = append(errs[:3], fmt.Sprintf("... and %d more", len(errs)-3))
		}
		return nil, fmt.Errorf("go/packages: %s", strings.Join(errs, "; "))
	}
	prog, pkgs := ssautil.AllPackages(initial, ssa.InstantiateGenerics)
	prog.Build()
	out := &refProgram{sites: map[string]*refSite{}, load: time.Since(start)}
	packages.Visit(initial, nil, func(*packages.Package) { out.pkgs++ })

	var roots []*ssa.Function
	for _, mp := range ssautil.MainPackages(pkgs) {
		for _, name := range []string{"init", "main"} {
			if f := mp.Func(name); f != nil {
				roots = append(roots, f)
			}
		}
	}
	if len(roots) == 0 {
		return nil, fmt.Errorf("%s: no main package", p.path)
	}
	all := ssautil.AllFunctions(prog)
	out.funcs = len(all)

	// The sites, in every function of the program.
	byInstr := map[ssa.CallInstruction]*refSite{}
	for f := range all {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				c := ci.Common()
				kind := ifaceCall
				if !c.IsInvoke() {
					if c.StaticCallee() != nil {
						continue
					}
					if _, builtin := c.Value.(*ssa.Builtin); builtin {
						continue
					}
					kind = funcCall
				}
				if !c.Pos().IsValid() {
					out.skipped++
					continue
				}
				key := posKey(prog.Fset.Position(c.Pos()))
				s := out.sites[key]
				if s == nil {
					s = &refSite{key: key, kind: kind, fn: f.String(), origin: origin(c.Value)}
					if c.IsInvoke() {
						s.expr = c.Value.Name() + "." + c.Method.Name()
					} else {
						s.expr = c.Value.Name()
					}
					for a := range s.callees {
						s.callees[a] = map[string]string{}
					}
					out.sites[key] = s
				}
				byInstr[ci] = s
			}
		}
	}

	collect := func(a int, g *callgraph.Graph) {
		for _, n := range g.Nodes {
			for _, e := range n.Out {
				s := byInstr[e.Site]
				if s == nil || e.Callee.Func == nil {
					continue
				}
				s.callees[a][displayName(e.Callee.Func)] = e.Callee.Func.String()
			}
		}
	}
	t := time.Now()
	chaG := cha.CallGraph(prog)
	out.times[algoCHA] = time.Since(t)
	collect(algoCHA, chaG)
	if verbose {
		fmt.Fprintf(os.Stderr, "  %s: loaded %d packages, %d functions, %d dynamic sites in %.1fs; CHA %.1fs\n", p.name, out.pkgs,
			out.funcs, len(out.sites), out.load.Seconds(), out.times[algoCHA].Seconds())
	}

	t = time.Now()
	res := rta.Analyze(roots, true)
	out.times[algoRTA] = time.Since(t)
	collect(algoRTA, res.CallGraph)
	for instr, s := range byInstr {
		if _, ok := res.Reachable[instr.Parent()]; ok {
			s.reachable = true
		}
	}

	t = time.Now()
	vtaG := vta.CallGraph(all, chaG)
	out.times[algoVTA] = time.Since(t)
	collect(algoVTA, vtaG)
	if verbose {
		fmt.Fprintf(os.Stderr, "  %s: RTA %.1fs, VTA %.1fs\n", p.name, out.times[algoRTA].Seconds(), out.times[algoVTA].Seconds())
	}
	return out, nil
}

// origin classifies the SSA value a dynamic call is made on (its receiver or function value):
// a parameter, a call's result, a load through a field pointer, ... (for -origins).
func origin(v ssa.Value) string {
	switch x := v.(type) {
	case *ssa.Parameter:
		return "parameter"
	case *ssa.FreeVar:
		return "captured variable"
	case *ssa.Call:
		if x.Call.IsInvoke() || x.Call.StaticCallee() == nil {
			return "dynamic call result"
		}
		return "static call result"
	case *ssa.Extract:
		if c, ok := x.Tuple.(*ssa.Call); ok {
			if c.Call.IsInvoke() || c.Call.StaticCallee() == nil {
				return "dynamic call result"
			}
			return "static call result"
		}
		return "comma-ok (assertion, map, receive)"
	case *ssa.UnOp:
		if x.Op == token.ARROW {
			return "channel receive"
		}
		switch a := x.X.(type) {
		case *ssa.FieldAddr:
			return "field through a pointer"
		case *ssa.IndexAddr:
			return "slice or array element"
		case *ssa.Global:
			return "global"
		case *ssa.Alloc:
			if a.Heap {
				return "local in memory (captured or address taken)"
			}
			return "local in memory"
		case *ssa.FreeVar:
			return "captured variable"
		}
		return "load through a pointer"
	case *ssa.Field:
		return "field of a struct value"
	case *ssa.Index:
		return "array element (value)"
	case *ssa.Lookup:
		return "map element"
	case *ssa.TypeAssert:
		return "type assertion"
	case *ssa.MakeInterface:
		return "conversion"
	case *ssa.ChangeInterface, *ssa.ChangeType, *ssa.Convert:
		return "interface or type conversion"
	case *ssa.Phi:
		return "phi (several assignments)"
	case *ssa.MakeClosure:
		return "closure"
	}
	return fmt.Sprintf("other (%T)", v)
}

func posKey(p token.Position) string {
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
}

// displayName gives an SSA function the name gc (and so escapade-go) displays: methods as
// (*T).M or T.M without package qualifiers, closures as outer.func1.2, package-level closures as
// glob..func1, method values as T.M-fm; other functions by their name. It serves to compare
// callee sets by name and to show them to a person; the tables compare numbers of callees.
func displayName(f *ssa.Function) string {
	if f.Parent() != nil {
		// anonymous function: ssa names it parent$N (nested: parent$N$M)
		top := f
		for top.Parent() != nil {
			top = top.Parent()
		}
		suffix := strings.TrimPrefix(f.Name(), top.Name())
		parts := strings.Split(strings.TrimPrefix(suffix, "$"), "$")
		base := displayName(top)
		if top.Name() == "init" && top.Signature.Recv() == nil && top.Synthetic != "" {
			base = "glob."
		}
		return base + ".func" + strings.Join(parts, ".")
	}
	name := f.Name()
	bound := strings.HasSuffix(name, "$bound")
	name = strings.TrimSuffix(strings.TrimSuffix(name, "$bound"), "$thunk")
	if recv := f.Signature.Recv(); recv != nil || bound {
		var rt types.Type
		if recv != nil {
			rt = recv.Type()
		} else if len(f.FreeVars) > 0 {
			rt = f.FreeVars[0].Type()
		}
		if rt != nil {
			name = methodName(rt, name)
		}
	}
	if bound {
		name += "-fm"
	}
	if len(f.TypeArgs()) > 0 {
		var args []string
		for _, a := range f.TypeArgs() {
			args = append(args, types.TypeString(a, func(*types.Package) string { return "" }))
		}
		name += "[" + strings.Join(args, ",") + "]"
	}
	return name
}

func methodName(recv types.Type, m string) string {
	s := types.TypeString(recv, func(*types.Package) string { return "" })
	if strings.HasPrefix(s, "*") {
		return "(" + s + ")." + m
	}
	return s + "." + m
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
