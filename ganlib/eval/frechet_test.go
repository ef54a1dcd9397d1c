package eval

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func diagonalGaussian(mean, variances []float64) Gaussian {
	cov := mat.NewSymDense(len(variances), nil)
	for i, v := range variances {
		cov.SetSym(i, i, v)
	}
	return Gaussian{Mean: mean, Cov: cov}
}

// For diagonal covariances the distance has the closed form Σ (μ₁-μ₂)² + (σ₁ - σ₂)².
func TestFrechetDistanceOfDiagonalGaussians(t *testing.T) {
	for _, c := range []struct {
		a, b Gaussian
		want float64
	}{
		{diagonalGaussian([]float64{0}, []float64{1}), diagonalGaussian([]float64{3}, []float64{4}), 9 + 1},
		{diagonalGaussian([]float64{1, -1, 0}, []float64{1, 9, 0.25}), diagonalGaussian([]float64{0, 1, 0}, []float64{4, 1, 0.25}), 1 + 4 + 1 + 4},
	} {
		got, err := FrechetDistance(c.a, c.b)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-c.want) > 1e-9 {
			t.Errorf("d²(%v, %v) = %.12f, want %g", c.a.Mean, c.b.Mean, got, c.want)
		}
	}
}

// A full covariance, rotated: the distance depends on the covariances only through their
// eigenvalues when both share the rotation, so it must equal the diagonal case.
func TestFrechetDistanceIsRotationInvariant(t *testing.T) {
	theta := 0.7
	rot := mat.NewDense(2, 2, []float64{math.Cos(theta), -math.Sin(theta), math.Sin(theta), math.Cos(theta)})
	rotate := func(g Gaussian) Gaussian {
		var cov mat.Dense
		cov.Product(rot, g.Cov, rot.T())
		var mean mat.VecDense
		mean.MulVec(rot, mat.NewVecDense(2, g.Mean))
		return Gaussian{Mean: mean.RawVector().Data, Cov: symmetrize(&cov)}
	}
	a, b := diagonalGaussian([]float64{1, 2}, []float64{4, 1}), diagonalGaussian([]float64{0, 0}, []float64{1, 9})
	want := 1 + 4 + 1 + 4.0
	got, err := FrechetDistance(rotate(a), rotate(b))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("rotated: d² = %.12f, want %g", got, want)
	}
}

func TestFrechetDistanceOfIdenticalSetsIsZero(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n, dim = 500, 20
	rows := make([]float32, n*dim)
	for i := range rows {
		rows[i] = float32(rng.NormFloat64() * float64(1+i%dim))
	}
	g, err := FitGaussian(rows, dim)
	if err != nil {
		t.Fatal(err)
	}
	d, err := FrechetDistance(g, g)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(d) > 1e-6*mat.Trace(g.Cov) {
		t.Errorf("d²(X, X) = %g, want ~0 (trace of the covariance %g)", d, mat.Trace(g.Cov))
	}
	shifted := append([]float32(nil), rows...)
	for i := range shifted {
		shifted[i] += 0.5
	}
	h, err := FitGaussian(shifted, dim)
	if err != nil {
		t.Fatal(err)
	}
	d, err = FrechetDistance(g, h)
	if err != nil {
		t.Fatal(err)
	}
	if want := dim * 0.25; math.Abs(d-want) > 1e-6*mat.Trace(g.Cov) {
		t.Errorf("d²(X, X + 0.5) = %g, want %g (the mean shift alone)", d, want)
	}
}

func TestFitGaussianMatchesDirectComputation(t *testing.T) {
	rows := []float32{1, 2, 3, 6, 5, 1} // three rows of two
	g, err := FitGaussian(rows, 2)
	if err != nil {
		t.Fatal(err)
	}
	// means 3 and 3; deviations (-2,-1), (0,3), (2,-2); sums of products / (n-1), n-1 = 2.
	want := [][]float64{{4, -1}, {-1, 7}}
	for i := range 2 {
		if g.Mean[i] != 3 {
			t.Errorf("mean %v, want [3 3]", g.Mean)
		}
		for j := range 2 {
			if math.Abs(g.Cov.At(i, j)-want[i][j]) > 1e-12 {
				t.Errorf("cov[%d][%d] = %g, want %g", i, j, g.Cov.At(i, j), want[i][j])
			}
		}
	}
}

func TestClassifierScore(t *testing.T) {
	// Confident and balanced over 4 classes: the score is 4. All the same distribution: 1.
	confident := []float32{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}
	if s, err := ClassifierScore(confident, 4); err != nil || math.Abs(s-4) > 1e-9 {
		t.Errorf("confident, balanced: score %g (%v), want 4", s, err)
	}
	uniform := []float32{0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25}
	if s, err := ClassifierScore(uniform, 4); err != nil || math.Abs(s-1) > 1e-9 {
		t.Errorf("uniform: score %g (%v), want 1", s, err)
	}
	if _, err := ClassifierScore(make([]float32, 5), 4); err == nil {
		t.Error("probabilities not in whole rows: want an error")
	}
}

func TestFrechetBadInput(t *testing.T) {
	if _, err := FitGaussian(make([]float32, 3), 3); err == nil {
		t.Error("one row: want an error")
	}
	if _, err := FrechetDistance(diagonalGaussian([]float64{0}, []float64{1}), diagonalGaussian([]float64{0, 0}, []float64{1, 1})); err == nil {
		t.Error("different dimensions: want an error")
	}
}
