package eval

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/gomlx/gomlx/backends"
)

func testBackend(tb testing.TB) backends.Backend {
	tb.Helper()
	backend, err := ganlib.Backend()
	if err != nil {
		tb.Fatalf("no backend: %v", err)
	}
	return backend
}

// uniformRows returns rows x dim values drawn from U(0, 1), like pixel intensities.
func uniformRows(rng *rand.Rand, rows, dim int) []float32 {
	data := make([]float32, rows*dim)
	for i := range data {
		data[i] = rng.Float32()
	}
	return data
}

// normalRows returns rows x dim values drawn from N(0, std²).
func normalRows(rng *rand.Rand, rows, dim int, std float64) []float32 {
	data := make([]float32, rows*dim)
	for i := range data {
		data[i] = float32(rng.NormFloat64() * std)
	}
	return data
}

// squaredDistance64 is ||a - b||² in float64, the brute-force reference.
func squaredDistance64(a, b []float32) float64 {
	var sum float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		sum += d * d
	}
	return sum
}

// parzenReference is the Parzen log-likelihood of x computed directly in float64, term by term
// as parzen_ll.py writes it.
func parzenReference(samples []float32, x []float32, dim int, sigma float64) float64 {
	n := len(samples) / dim
	exponents := make([]float64, n)
	largest := math.Inf(-1)
	for i := range n {
		exponents[i] = -squaredDistance64(x, samples[i*dim:(i+1)*dim]) / (2 * sigma * sigma)
		largest = max(largest, exponents[i])
	}
	var sum float64
	for _, e := range exponents {
		sum += math.Exp(e - largest)
	}
	return largest + math.Log(sum) - math.Log(float64(n)) - float64(dim)/2*math.Log(2*math.Pi*sigma*sigma)
}
