package eval

import (
	"math"
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX's own examples import graph this way.
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// distanceMatrix runs squaredDistances on the test backend and returns it flat, [m, n].
func distanceMatrix(t *testing.T, x, y []float32, dim int) []float32 {
	t.Helper()
	backend := testBackend(t)
	references, err := newReferences(backend, y, len(y)/dim, dim)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := ExecOnce(backend, squaredDistances, tensors.FromFlatDataAndDimensions(x, len(x)/dim, dim), references)
	if err != nil {
		t.Fatal(err)
	}
	return tensors.MustCopyFlatData[float32](d2)
}

func TestSquaredDistancesMatchBruteForce(t *testing.T) {
	const m, n, dim = 6, 9, 13
	rng := rand.New(rand.NewPCG(13, 14))
	x, y := uniformRows(rng, m, dim), uniformRows(rng, n, dim)
	got := distanceMatrix(t, x, y, dim)
	for i := range m {
		for j := range n {
			want := squaredDistance64(x[i*dim:(i+1)*dim], y[j*dim:(j+1)*dim])
			if d := float64(got[i*n+j]); math.Abs(d-want) > 1e-4*math.Max(1, want) {
				t.Errorf("distance² (%d, %d) = %.6f, want %.6f", i, j, d, want)
			}
		}
	}
}

func TestSquaredDistancesOfIdenticalRowsAreNotNegative(t *testing.T) {
	// Large values make |x|² + |y|² - 2x·y cancel badly in float32: rounding alone would leave
	// some of these true zeros negative.
	const rows, dim = 20, 50
	rng := rand.New(rand.NewPCG(15, 16))
	x := uniformRows(rng, rows, dim)
	for i := range x {
		x[i] = 100 + 10*x[i]
	}
	got := distanceMatrix(t, x, x, dim)
	for i := range rows {
		if d := got[i*rows+i]; d < 0 {
			t.Errorf("row %d: distance² to itself is %g, want >= 0", i, d)
		}
	}
}
