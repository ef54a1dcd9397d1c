package experiments

import (
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/eval"
)

// TestKMeansFindsSeparatedClusters: three tight, far-apart blobs; from this seed's start, Lloyd's
// iterations must end with one centroid on each blob's mean.
func TestKMeansFindsSeparatedClusters(t *testing.T) {
	const dim, perCluster = 4, 50
	means := [][]float32{{0, 0, 0, 0}, {10, 10, 0, 0}, {0, 0, -10, 10}}
	rng := rand.New(rand.NewPCG(1, 2))
	var x []float32
	for i := range 3 * perCluster {
		for _, m := range means[i%3] {
			x = append(x, m+float32(rng.NormFloat64()*0.1))
		}
	}
	centroids, err := KMeans(ganlib.MustBackend(), x, dim, 3, 5, 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range means {
		best := math.Inf(1)
		for c := range 3 {
			best = math.Min(best, squaredDistance(m, centroids[c*dim:(c+1)*dim]))
		}
		if best > 0.01 {
			t.Errorf("no centroid near the mean %v (closest at distance² %.4f): %v", m, best, centroids)
		}
	}
}

func TestKMeansBadArgumentsAreErrors(t *testing.T) {
	backend := ganlib.MustBackend()
	for _, c := range []struct{ n, dim, k, iterations int }{{10, 3, 0, 1}, {10, 3, 11, 1}, {10, 3, 2, 0}, {0, 3, 1, 1}} {
		if _, err := KMeans(backend, make([]float32, c.n*c.dim), c.dim, c.k, c.iterations, 1); err == nil {
			t.Errorf("%+v: want an error", c)
		}
	}
}

// TestReferenceRowsAreCached runs the real code path on a shrunken protocol: two rows, each a
// finite Parzen result on Size test images, kept in the data folder and read back from there.
func TestReferenceRowsAreCached(t *testing.T) {
	data, err := LoadData("mnist", "")
	if err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	opts := ReferenceOptions{Size: 100, K: 10, Iterations: 2, Seed: 1}
	rows, err := CachedReferenceRows(ganlib.MustBackend(), data, dataDir, opts, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || !strings.Contains(rows[0].Model, "real") || !strings.Contains(rows[1].Model, "k-means") {
		t.Fatalf("rows: %+v", rows)
	}
	for _, row := range rows {
		p := row.Parzen
		if p.N != 100 || p.Sigma <= 0 || math.IsNaN(p.Mean) || math.IsInf(p.Mean, 0) || p.StdErr <= 0 {
			t.Errorf("%s: %+v", row.Model, p)
		}
	}

	// Tamper with the cache: the next call with the same options must return what it says.
	path := filepath.Join(dataDir, "mnist", ReferencesFile)
	var cached cachedReferences
	if err := readJSON(path, &cached); err != nil {
		t.Fatal(err)
	}
	cached.Rows[0].Model = "from the cache"
	if err := writeJSON(path, cached); err != nil {
		t.Fatal(err)
	}
	again, err := CachedReferenceRows(ganlib.MustBackend(), data, dataDir, opts, io.Discard)
	if err != nil || again[0].Model != "from the cache" {
		t.Errorf("second call did not read the cache: %v, %+v", err, again)
	}
	// Other options are recomputed.
	opts.K = 5
	other, err := CachedReferenceRows(ganlib.MustBackend(), data, dataDir, opts, io.Discard)
	if err != nil || other[0].Model == "from the cache" || !strings.Contains(other[1].Model, "k = 5") {
		t.Errorf("new options did not recompute: %v, %+v", err, other)
	}
	// A damaged cache is an error naming the file.
	if err := os.WriteFile(path, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := CachedReferenceRows(ganlib.MustBackend(), data, dataDir, opts, io.Discard); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("damaged cache: got error %v, want one naming %s", err, path)
	}
}

func TestReportMarkdownShowsReferencesAndClassifierScores(t *testing.T) {
	rep := Report{Dataset: "mnist", Config: "cpu",
		References: []Row{{Model: "k-means centroids as the samples", Parzen: eval.ParzenResult{Mean: 312.5, StdErr: 1, Sigma: 0.2, N: 10000}}},
		Classifier: &ClassifierScores{ClassifierAccuracy: 0.986, Samples: 10000, FrechetG: 12.34, FrechetReal: 0.56, ScoreG: 8.1, ScoreTest: 9.7}}
	md := rep.Markdown()
	for _, want := range []string{"k-means centroids as the samples | 312.5", "98.60%", "**12.34**", "0.56", "9.700"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	data, err := json.Marshal(Report{})
	if err != nil || strings.Contains(string(data), "References") || strings.Contains(string(data), "Classifier") {
		t.Errorf("a report without them should not mention them: %s (%v)", data, err)
	}
}
