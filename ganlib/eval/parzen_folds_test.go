package eval

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestEvaluateParzenFoldsMatchesFloat64Reference(t *testing.T) {
	const dim = 4
	rng := rand.New(rand.NewPCG(7, 8))
	samples := normalRows(rng, 150, dim, 0.4)
	// Folds whose data are spread differently, so that each needs its own sigma.
	stds := []float64{0.3, 0.45, 1.2}
	folds := make([]ParzenFold, len(stds))
	for f, std := range stds {
		folds[f] = ParzenFold{Validation: normalRows(rng, 30, dim, std), Test: normalRows(rng, 40, dim, std)}
	}

	result, err := EvaluateParzenFolds(testBackend(t), samples, folds, dim)
	if err != nil {
		t.Fatal(err)
	}
	if len(result.Folds) != len(folds) {
		t.Fatalf("%d fold results, want %d", len(result.Folds), len(folds))
	}
	sigmas := PaperSigmas()
	foldMeans := make([]float64, len(folds))
	chosen := map[float64]bool{}
	for f, fold := range folds {
		// The reference: parzen_ll.py on this fold, term by term in float64.
		best, bestMean := 0.0, math.Inf(-1)
		for _, sigma := range sigmas {
			if mean := meanReference(samples, fold.Validation, dim, sigma); mean > bestMean {
				best, bestMean = sigma, mean
			}
		}
		chosen[best] = true
		got := result.Folds[f]
		if got.Sigma != best {
			t.Errorf("fold %d: sigma %g, the float64 reference chooses %g", f, got.Sigma, best)
		}
		foldMeans[f] = meanReference(samples, fold.Test, dim, best)
		if got.N != 40 || math.Abs(got.Mean-foldMeans[f]) > 1e-3*math.Abs(foldMeans[f]) {
			t.Errorf("fold %d: mean %.6f over %d test points, want %.6f over 40", f, got.Mean, got.N, foldMeans[f])
		}
	}
	if len(chosen) < 2 {
		t.Fatalf("test case is degenerate: every fold chooses the same sigma %v", chosen)
	}
	// Across folds: the mean of the fold means, and their population std / sqrt(folds).
	var sum, sumSquares float64
	for _, m := range foldMeans {
		sum += m
		sumSquares += m * m
	}
	n := float64(len(foldMeans))
	wantMean := sum / n
	wantStdErr := math.Sqrt(sumSquares/n-wantMean*wantMean) / math.Sqrt(n)
	if math.Abs(result.Mean-wantMean) > 1e-3*math.Abs(wantMean) {
		t.Errorf("mean across folds %.6f, want %.6f", result.Mean, wantMean)
	}
	if math.Abs(result.StdErr-wantStdErr) > 1e-3*wantStdErr {
		t.Errorf("standard error across folds %.6f, want %.6f", result.StdErr, wantStdErr)
	}
	if s := result.String(); !strings.Contains(s, "±") || !strings.Contains(s, "3 folds") {
		t.Errorf("String() = %q: want mean ± standard error across 3 folds", s)
	}
}

// meanReference is the mean Parzen log-likelihood of points under the float64 reference.
func meanReference(samples, points []float32, dim int, sigma float64) float64 {
	var sum float64
	for i := range len(points) / dim {
		sum += parzenReference(samples, points[i*dim:(i+1)*dim], dim, sigma)
	}
	return sum / float64(len(points)/dim)
}

func TestCombineParzenFolds(t *testing.T) {
	// The TFD protocol's numbers: population std of {1, 2, 3, 4} is sqrt(1.25), over sqrt(4).
	result, err := CombineParzenFolds([]ParzenResult{{Mean: 1}, {Mean: 2}, {Mean: 3}, {Mean: 4}})
	if err != nil {
		t.Fatal(err)
	}
	if result.Mean != 2.5 || math.Abs(result.StdErr-math.Sqrt(1.25)/2) > 1e-12 || len(result.Folds) != 4 {
		t.Errorf("got %g ± %g over %d folds, want 2.5 ± %g over 4", result.Mean, result.StdErr, len(result.Folds), math.Sqrt(1.25)/2)
	}
	if _, err := CombineParzenFolds(nil); err == nil || !strings.Contains(err.Error(), "no folds") {
		t.Errorf("no folds: error %v, want one saying so", err)
	}
}

func TestEvaluateParzenFoldsRejectsBadFolds(t *testing.T) {
	backend := testBackend(t)
	good := make([]float32, 12) // 4 rows of 3.
	if _, err := EvaluateParzenFolds(backend, good, nil, 3); err == nil || !strings.Contains(err.Error(), "no folds") {
		t.Errorf("no folds: error %v, want one saying so", err)
	}
	folds := []ParzenFold{{Validation: good, Test: good}, {Validation: good, Test: make([]float32, 5)}}
	if _, err := EvaluateParzenFolds(backend, good, folds, 3); err == nil || !strings.Contains(err.Error(), "fold 1: ") {
		t.Errorf("fold 1 not whole rows: error %v, want one naming fold 1", err)
	}
}
