package bench

import "testing"

// BenchmarkAll runs every benchmark of Benchmarks as a sub-benchmark (BenchmarkAll/NAME).
func BenchmarkAll(b *testing.B) {
	for _, x := range Benchmarks {
		b.Run(x.Name, x.F)
	}
}

// The benchmarks' workloads compute the right thing (also under the stack-moving check).
func TestWorkloads(t *testing.T) {
	for _, e := range CheckWorkloads() {
		t.Error(e)
	}
}
