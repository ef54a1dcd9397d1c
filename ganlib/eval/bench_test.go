package eval

import (
	"math/rand/v2"
	"os"
	"testing"
)

// benchmarkParzen times the log-likelihood of numPoints MNIST-sized points under a window on
// numSamples samples, for numSigmas kernel widths at once.
func benchmarkParzen(b *testing.B, numSamples, numPoints, numSigmas int) {
	const dim = 784
	rng := rand.New(rand.NewPCG(9, 10))
	samples := uniformRows(rng, numSamples, dim)
	points := uniformRows(rng, numPoints, dim)
	sigmas := PaperSigmas()[:numSigmas]
	p, err := NewParzen(testBackend(b), samples, dim)
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		if err := p.Finalize(); err != nil {
			b.Error(err)
		}
	}()
	b.ResetTimer()
	for range b.N {
		if _, err := p.LogLikelihoods(points, sigmas); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParzen: 1,000 samples x 1,000 points x 784, a size for quick runs.
func BenchmarkParzen(b *testing.B) {
	b.Run("sigmas=1", func(b *testing.B) { benchmarkParzen(b, 1000, 1000, 1) })
	b.Run("sigmas=10", func(b *testing.B) { benchmarkParzen(b, 1000, 1000, 10) })
}

// BenchmarkParzenPaperSize: the paper's 10,000 samples x 10,000 test points x 784. It takes
// about a minute a run on two cores; set GAN_BENCH_FULL=1 to run it.
func BenchmarkParzenPaperSize(b *testing.B) {
	if os.Getenv("GAN_BENCH_FULL") != "1" {
		b.Skip("set GAN_BENCH_FULL=1 for the paper-sized benchmark")
	}
	b.Run("sigmas=1", func(b *testing.B) { benchmarkParzen(b, 10000, 10000, 1) })
	b.Run("sigmas=10", func(b *testing.B) { benchmarkParzen(b, 10000, 10000, 10) })
}

// BenchmarkNearest: 100 queries against 60,000 MNIST-sized rows, Figure 2's search.
func BenchmarkNearest(b *testing.B) {
	const dim = 784
	rng := rand.New(rand.NewPCG(11, 12))
	queries := uniformRows(rng, 100, dim)
	data := uniformRows(rng, 60000, dim)
	backend := testBackend(b)
	b.ResetTimer()
	for range b.N {
		if _, err := Nearest(backend, queries, data, dim); err != nil {
			b.Fatal(err)
		}
	}
}
