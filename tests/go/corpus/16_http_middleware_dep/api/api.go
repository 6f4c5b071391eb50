// Package api has an http.Handler with state, a middleware chain and a recovering middleware.
package api

import (
	"fmt"
	"net/http"
)

// Counter counts the requests it served.
type Counter struct {
	Name string
	N    int
}

func (c *Counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.N++
	fmt.Fprintf(w, "%s %d", c.Name, c.N)
}

// Chain wraps h in the middlewares, the first one outermost.
func Chain(h http.Handler, mws ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// Recover turns a panic of next into a 500 response.
func Recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // ESC "func literal" heap
		defer func() {
			if e := recover(); e != nil {
				w.WriteHeader(http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
