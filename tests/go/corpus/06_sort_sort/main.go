// 06_sort_sort: sort.Sort with a user sort.Interface whose Less keeps its receiver (issue 10,
// class 2: --deps summarised package sort as a closed world of its own, where data's methods keep
// nothing).
//
// Proof: oldest's by is read through people.Last after oldest returned.
package main

import (
	"fmt"
	"sort"

	"escapade.test/06_sort_sort/people"
)

func oldest(ps []people.Person) string {
	by := people.ByAge{People: ps} // ESC by heap
	sort.Sort(&by)
	return by.People[len(ps)-1].Name
}

func main() {
	name := oldest([]people.Person{{"ann", 31}, {"bob", 25}, {"cy", 40}})
	clobber()
	fmt.Println(name, people.Last.People[0].Name, len(people.Last.People), people.Last.Compares > 0)
}
