// 64_iface_embed_iface: calls through an interface that embeds interfaces, and through a
// conversion of it to one of the embedded interfaces (pattern: interface embedding).
//
// Proof: drain's buf and buf2 are read through stream.Contents after drain returned.
package main

import (
	"fmt"

	"escapade.test/64_iface_embed_iface/stream"
)

func drain(rc stream.ReadCloser) {
	defer rc.Close()
	var buf [4]byte // ESC buf heap
	rc.Read(buf[:])
	var r stream.Reader = rc
	var buf2 [2]byte // ESC buf2 heap
	r.Read(buf2[:])
}

func main() {
	drain(stream.Open("data"))
	clobber()
	fmt.Println(stream.Contents())
}
