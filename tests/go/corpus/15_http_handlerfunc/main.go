// 15_http_handlerfunc: net/http handlers made from closures with http.HandlerFunc, wrapped by a
// logging middleware from another package, registered on a ServeMux (issue 10, classes 2 and 4:
// HandlerFunc's ServeHTTP is a method of an imported type, called only dynamically).
//
// Proof: setup's hits and trail are read by the handlers, served after setup returned.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"escapade.test/15_http_handlerfunc/mw"
)

var mux = http.NewServeMux()

func setup() {
	hits := 0                                               // ESC hits heap
	var trail []string                                      // ESC trail heap
	hello := func(w http.ResponseWriter, r *http.Request) { // ESC "func literal" heap
		hits++
		fmt.Fprintf(w, "hello #%d", hits)
	}
	mux.Handle("/hello", mw.Logging(http.HandlerFunc(hello), &trail))
	mux.HandleFunc("/trail", func(w http.ResponseWriter, r *http.Request) { // ESC "func literal" heap
		fmt.Fprint(w, strings.Join(trail, ","))
	})
}

func get(path string) string {
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec.Body.String()
}

func main() {
	setup()
	clobber()
	fmt.Println(get("/hello"))
	fmt.Println(get("/hello"))
	fmt.Println(get("/trail"))
}
