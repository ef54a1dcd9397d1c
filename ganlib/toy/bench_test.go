package toy

import (
	"testing"

	"github.com/adversarial-nets/gan/ganlib"
)

// BenchmarkToy10kIterations is the toy's training loop as `gan toy` runs it: 10,000 iterations
// of one D step and one G step, batch 200, after building the models (pre-training excluded).
//
//	go test ./ganlib/toy -run XXX -bench Toy10k -benchtime 1x
func BenchmarkToy10kIterations(b *testing.B) {
	backend := ganlib.MustBackend()
	for b.Loop() {
		b.StopTimer()
		ty, err := New(backend, DefaultConfig())
		if err != nil {
			b.Fatal(err)
		}
		if err := ty.Train(1, nil); err != nil { // compile the step outside the timing
			b.Fatal(err)
		}
		b.StartTimer()
		if err := ty.Train(10_000, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkToyIteration is one iteration, for profiles:
//
//	go test ./ganlib/toy -run XXX -bench ToyIteration -cpuprofile /tmp/cpu.prof
func BenchmarkToyIteration(b *testing.B) {
	ty, err := New(ganlib.MustBackend(), DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	if err := ty.Train(1, nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	if err := ty.Train(b.N, nil); err != nil {
		b.Fatal(err)
	}
}
