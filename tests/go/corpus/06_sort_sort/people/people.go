// Package people sorts people by age; its sort.Interface implementation remembers the last
// collection it compared.
package people

// Person is sorted by Age.
type Person struct {
	Name string
	Age  int
}

// ByAge is a sort.Interface over People.
type ByAge struct {
	People   []Person
	Compares int
}

// Last is the collection Less ran on last.
var Last *ByAge

func (b *ByAge) Len() int { return len(b.People) }

func (b *ByAge) Less(i, j int) bool {
	Last = b
	b.Compares++
	return b.People[i].Age < b.People[j].Age
}

func (b *ByAge) Swap(i, j int) { b.People[i], b.People[j] = b.People[j], b.People[i] }
