package eval

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestPaperSigmas(t *testing.T) {
	// numpy.logspace(-1, 0, 10)
	want := []float64{0.1, 0.12915497, 0.16681005, 0.21544347, 0.27825594, 0.35938137, 0.46415888, 0.59948425, 0.77426368, 1}
	got := PaperSigmas()
	if len(got) != len(want) {
		t.Fatalf("PaperSigmas has %d values, want %d", len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-8 {
			t.Errorf("PaperSigmas()[%d] = %.9f, want %.9f", i, got[i], want[i])
		}
	}
}

func TestParzenLogLikelihoodsMatchFloat64Reference(t *testing.T) {
	const numSamples, numPoints, dim = 50, 30, 7
	rng := rand.New(rand.NewPCG(1, 2))
	samples := uniformRows(rng, numSamples, dim)
	points := uniformRows(rng, numPoints, dim)
	// One point equal to a sample: its distance is 0, where float32 cancellation can go negative.
	copy(points[:dim], samples[3*dim:4*dim])
	sigmas := []float64{0.05, 0.1, 0.3, 1, 3}

	p, err := NewParzen(testBackend(t), samples, dim)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := p.Finalize(); err != nil {
			t.Error(err)
		}
	}()
	if p.Dim() != dim || p.NumSamples() != numSamples {
		t.Fatalf("Parzen reports %d samples of dimension %d, want %d of %d", p.NumSamples(), p.Dim(), numSamples, dim)
	}
	p.ChunkRows = 8 // Several chunks, the last one short.
	lls, err := p.LogLikelihoods(points, sigmas)
	if err != nil {
		t.Fatal(err)
	}
	if len(lls) != len(sigmas) {
		t.Fatalf("got %d rows of log-likelihoods, want one per sigma (%d)", len(lls), len(sigmas))
	}
	for k, sigma := range sigmas {
		if len(lls[k]) != numPoints {
			t.Fatalf("sigma %g: got %d log-likelihoods, want %d", sigma, len(lls[k]), numPoints)
		}
		for i := range numPoints {
			want := parzenReference(samples, points[i*dim:(i+1)*dim], dim, sigma)
			if got := lls[k][i]; math.Abs(got-want) > 1e-3*math.Max(1, math.Abs(want)) {
				t.Errorf("sigma %g, point %d: log-likelihood %.6f, want %.6f", sigma, i, got, want)
			}
		}
	}
}

func TestParzenLargeDistancesDoNotUnderflow(t *testing.T) {
	// Every exp(-d²/(2 sigma²)) underflows float32 here (d² = 400, sigma = 0.1): only a stable
	// log-sum-exp gives a finite answer.
	samples := []float32{0, 0, 0, 1}
	points := []float32{20, 0}
	lls, err := ParzenLogLikelihoods(testBackend(t), samples, points, 2, []float64{0.1})
	if err != nil {
		t.Fatal(err)
	}
	want := parzenReference(samples, points, 2, 0.1)
	if got := lls[0][0]; math.IsInf(got, 0) || math.IsNaN(got) || math.Abs(got-want) > 1e-3*math.Abs(want) {
		t.Errorf("log-likelihood %g, want %g", got, want)
	}
}

func TestSearchSigmaPicksTheReferenceArgmax(t *testing.T) {
	// Samples and validation points from N(0, 0.4²) in 5-D: the best window is well inside the
	// paper's range, so the search has a real maximum to find, not an end of the range.
	const dim = 5
	rng := rand.New(rand.NewPCG(3, 4))
	samples := normalRows(rng, 400, dim, 0.4)
	validation := normalRows(rng, 200, dim, 0.4)
	sigmas := PaperSigmas()

	best, means, err := SearchSigma(testBackend(t), samples, validation, dim, sigmas)
	if err != nil {
		t.Fatal(err)
	}
	wantMeans := make([]float64, len(sigmas))
	wantBest := 0
	for k, sigma := range sigmas {
		for i := range len(validation) / dim {
			wantMeans[k] += parzenReference(samples, validation[i*dim:(i+1)*dim], dim, sigma)
		}
		wantMeans[k] /= float64(len(validation) / dim)
		if wantMeans[k] > wantMeans[wantBest] {
			wantBest = k
		}
		if math.Abs(means[k]-wantMeans[k]) > 1e-3*math.Max(1, math.Abs(wantMeans[k])) {
			t.Errorf("sigma %g: mean validation log-likelihood %.6f, want %.6f", sigma, means[k], wantMeans[k])
		}
	}
	if wantBest == 0 || wantBest == len(sigmas)-1 {
		t.Fatalf("test case is degenerate: the reference optimum is at the end of the range (sigma %g)", sigmas[wantBest])
	}
	if best != sigmas[wantBest] {
		t.Errorf("SearchSigma chose sigma %g, the float64 reference's best is %g (means %v)", best, sigmas[wantBest], wantMeans)
	}
}

func TestEvaluateParzenFollowsThePaperProtocol(t *testing.T) {
	const dim = 5
	rng := rand.New(rand.NewPCG(5, 6))
	samples := normalRows(rng, 300, dim, 0.4)
	validation := normalRows(rng, 100, dim, 0.4)
	test := normalRows(rng, 150, dim, 0.4)
	backend := testBackend(t)

	result, err := EvaluateParzen(backend, samples, validation, test, dim)
	if err != nil {
		t.Fatal(err)
	}
	best, _, err := SearchSigma(backend, samples, validation, dim, PaperSigmas())
	if err != nil {
		t.Fatal(err)
	}
	if result.Sigma != best {
		t.Errorf("EvaluateParzen used sigma %g, the validation search picks %g", result.Sigma, best)
	}
	if result.N != 150 {
		t.Errorf("N = %d, want the 150 test points", result.N)
	}
	// The mean and std/sqrt(N) of the test log-likelihoods, std with numpy's ddof=0.
	var sum, sumSquares float64
	for i := range result.N {
		ll := parzenReference(samples, test[i*dim:(i+1)*dim], dim, result.Sigma)
		sum += ll
		sumSquares += ll * ll
	}
	n := float64(result.N)
	wantMean := sum / n
	wantStdErr := math.Sqrt(sumSquares/n-wantMean*wantMean) / math.Sqrt(n)
	if math.Abs(result.Mean-wantMean) > 1e-3*math.Abs(wantMean) {
		t.Errorf("mean %.6f, want %.6f", result.Mean, wantMean)
	}
	if math.Abs(result.StdErr-wantStdErr) > 1e-3*wantStdErr {
		t.Errorf("standard error %.6f, want %.6f", result.StdErr, wantStdErr)
	}
	if !strings.Contains(result.String(), "±") {
		t.Errorf("String() = %q: want mean ± standard error", result.String())
	}
}

func TestMeanAndStdErr(t *testing.T) {
	// Population std of {1, 2, 3, 4} is sqrt(1.25); the standard error divides it by sqrt(4).
	mean, stdErr := meanAndStdErr([]float64{1, 2, 3, 4})
	if mean != 2.5 {
		t.Errorf("mean %g, want 2.5", mean)
	}
	if want := math.Sqrt(1.25) / 2; math.Abs(stdErr-want) > 1e-12 {
		t.Errorf("standard error %g, want %g", stdErr, want)
	}
}

func TestParzenRejectsBadInput(t *testing.T) {
	backend := testBackend(t)
	good := make([]float32, 12) // 4 rows of 3.
	for _, tc := range []struct {
		name            string
		samples, points []float32
		dim             int
		sigmas          []float64
		wantInError     string
	}{
		{"samples not whole rows", make([]float32, 10), good, 3, []float64{1}, "parzen samples"},
		{"no samples", nil, good, 3, []float64{1}, "no rows"},
		{"points not whole rows", good, make([]float32, 7), 3, []float64{1}, "parzen points"},
		{"no points", good, []float32{}, 3, []float64{1}, "no rows"},
		{"zero dimension", good, good, 0, []float64{1}, "dimension"},
		{"no sigmas", good, good, 3, nil, "no sigmas"},
		{"zero sigma", good, good, 3, []float64{0.1, 0}, "sigma must be positive"},
		{"NaN sigma", good, good, 3, []float64{math.NaN()}, "sigma must be positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParzenLogLikelihoods(backend, tc.samples, tc.points, tc.dim, tc.sigmas)
			if err == nil || !strings.Contains(err.Error(), tc.wantInError) {
				t.Errorf("got error %v, want one mentioning %q", err, tc.wantInError)
			}
		})
	}
	if _, err := EvaluateParzen(backend, good, good, make([]float32, 5), 3); err == nil {
		t.Error("EvaluateParzen accepted test data that is not whole rows")
	}
}
