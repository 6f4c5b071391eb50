// Package mw is HTTP middleware built with http.HandlerFunc.
package mw

import "net/http"

// Logging wraps next so that each request's path is appended to *trail.
func Logging(next http.Handler, trail *[]string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // ESC "func literal" heap
		*trail = append(*trail, r.URL.Path)
		next.ServeHTTP(w, r)
	})
}
