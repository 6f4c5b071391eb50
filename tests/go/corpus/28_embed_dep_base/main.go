// 28_embed_dep_base: methods promoted through struct embedding of another package's types
// (struct{ base.Base }, struct{ *base.PtrBase }, and an embedded interface), called through an
// interface (issue 10, class 4: promoted methods were not modelled, the call had no target).
//
// Proof: use's x and viaField's y are read through base.Kept after they returned: 1+2+3+10.
package main

import (
	"fmt"

	"escapade.test/28_embed_dep_base/base"
)

type wrapped struct {
	base.Base
	name string
}

type ptrWrapped struct{ *base.PtrBase }

type service struct {
	base.Keeper
	calls int
}

func use(k base.Keeper, v int) {
	x := v // ESC x heap
	k.Keep(&x)
}

func viaField(s *service, v int) {
	y := v // ESC y heap
	s.calls++
	s.Keep(&y)
}

func main() {
	use(wrapped{name: "w"}, 1)
	use(ptrWrapped{&base.PtrBase{}}, 2)
	use(&wrapped{}, 3)
	viaField(&service{Keeper: base.Base{}}, 10)
	clobber()
	fmt.Println(len(base.Kept), base.Total())
}
