// 37_iface_to_iface: interface-to-interface conversions: a type assertion from io.Reader to
// io.Writer and a conversion from io.ReadWriter to io.Writer, reaching a Write that keeps its
// argument (pattern: interface-to-interface conversions).
//
// Proof: echo's buf and conv's msg are read through rw.Writes after they returned.
package main

import (
	"fmt"
	"io"

	"escapade.test/37_iface_to_iface/rw"
)

func echo(r io.Reader) {
	var buf [8]byte // ESC buf heap
	n, _ := r.Read(buf[:])
	if w, ok := r.(io.Writer); ok {
		w.Write(buf[:n])
	}
}

func conv(r io.Reader) {
	rwr := r.(io.ReadWriter)
	var w io.Writer = rwr
	msg := []byte("conv") // ESC "([]byte)(\"conv\")" heap
	w.Write(msg)
}

func main() {
	r := rw.New("hello")
	echo(r)
	conv(r)
	clobber()
	fmt.Println(rw.Writes())
}
