package main

// Generic functions and methods (stub).

import "go/types"

func (l *lowerer) instanceOfMethod(fn *types.Func) string { return "" }

func (l *lowerer) lowerPendingInstances() bool { return false }
