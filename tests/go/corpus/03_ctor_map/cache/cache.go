// Package cache hands out a Cache whose implementation keeps the values it is given in a map.
package cache

// Entry is a cached value.
type Entry struct {
	Key   string
	Value int
}

// Cache keeps entries by key.
type Cache interface {
	Put(e *Entry)
	Get(key string) *Entry
}

type mapCache struct{ m map[string]*Entry }

func (c mapCache) Put(e *Entry)          { c.m[e.Key] = e }
func (c mapCache) Get(key string) *Entry { return c.m[key] }

// New returns an empty cache.
func New() Cache {
	return mapCache{m: map[string]*Entry{}} // ESC "map[string]*Entry{}" heap
}
