// 16_http_middleware_dep: a stateful http.Handler from another package, wrapped by a middleware
// chain (function values from two packages, http.HandlerFunc conversions) and kept in a global
// (issue 10, classes 1, 2 and 4).
//
// Proof: routes's c counts the requests served after routes returned.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"escapade.test/16_http_middleware_dep/api"
)

func withHeader(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // ESC "func literal" heap
		w.Header().Set("X-Seen", "yes")
		next.ServeHTTP(w, r)
	})
}

func routes() http.Handler {
	c := api.Counter{Name: "visits"} // ESC c heap
	return api.Chain(&c, withHeader, api.Recover)
}

var root http.Handler

func main() {
	root = routes()
	clobber()
	for i := 0; i < 2; i++ {
		rec := httptest.NewRecorder()
		root.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		fmt.Println(rec.Body.String(), rec.Header().Get("X-Seen"), rec.Code)
	}
}
