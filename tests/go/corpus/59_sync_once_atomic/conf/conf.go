// Package conf holds settings published through sync/atomic and sync.Once.
package conf

import (
	"sync"
	"sync/atomic"
)

// Settings are published.
type Settings struct{ Level int }

var (
	current atomic.Value
	once    sync.Once
	inst    *Settings
)

// Publish makes s the current settings.
func Publish(s *Settings) { current.Store(s) }

// Current returns the published settings.
func Current() *Settings { return current.Load().(*Settings) }

// Instance runs mk once and returns what it made.
func Instance(mk func() *Settings) *Settings {
	once.Do(func() { inst = mk() })
	return inst
}
