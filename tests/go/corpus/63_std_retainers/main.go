// 63_std_retainers: standard constructors that keep their argument in what they return
// (bytes.NewReader, bytes.NewBuffer, bufio.NewScanner), the result kept in globals (issue 10,
// class 2).
//
// Proof: Open's data and buf (and the strings.Reader src) are read through the globals after
// Open returned.
package main

import (
	"fmt"
	"io"

	"escapade.test/63_std_retainers/store"
)

func main() {
	store.Open()
	clobber()
	all, _ := io.ReadAll(store.R)
	var words []string
	for store.S.Scan() {
		words = append(words, store.S.Text())
	}
	fmt.Println(string(all), store.B.String(), words)
}
