package experiments

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/gomlx/gomlx/backends"

	"github.com/adversarial-nets/gan/ganlib/datasets"
	"github.com/adversarial-nets/gan/ganlib/eval"
)

// Reference rows put the Parzen numbers in perspective, under exactly the protocol of the run's
// own row (a window on 10,000 "samples", sigma chosen on 1,000 validation images, the 10,000 test
// images scored):
//
//   - real training images as the samples: what a generator that reproduces the data would get;
//   - k-means centroids of the training images as the samples: a trivial "model" that Theis, van
//     den Oord and Bethge (2016, "A note on the evaluation of generative models") found can score
//     better than real data, showing how weak the Parzen estimate is in 784 dimensions.
//
// They don't depend on the run, so CachedReferenceRows keeps them in the data folder.

// Row is one line of a Parzen table: a model, or a reference, and its result.
type Row struct {
	Model  string
	Parzen eval.ParzenResult
}

// ReferenceOptions size the reference rows. The zero value is the paper's protocol with k-means
// of DefaultKMeansK centroids and DefaultKMeansIterations iterations on all training images.
type ReferenceOptions struct {
	// Size, when set, shrinks the protocol for tests: Size real samples and test images, and
	// k-means on the first 5*Size training images. Never for a reported number.
	Size       int
	K          int // k-means centroids (0: DefaultKMeansK)
	Iterations int // k-means iterations (0: DefaultKMeansIterations)
	Seed       int64
}

// k-means defaults: one iteration on the 50,000 training images is 50,000 x 1,000 distances in 784
// dimensions, about 80 GFLOP, so five iterations take a few minutes on the pure-Go backend on 2
// cores (Lloyd's algorithm moves the centroids most in its first iterations). Theis et al. used
// 10,000 centroids: ten times the cost; `gan parzen -references -k 10000` asks for it.
const (
	DefaultKMeansK          = 1000
	DefaultKMeansIterations = 5
)

func (o ReferenceOptions) withDefaults() ReferenceOptions {
	if o.K == 0 {
		o.K = DefaultKMeansK
	}
	if o.Iterations == 0 {
		o.Iterations = DefaultKMeansIterations
	}
	return o
}

// ReferenceRows computes the reference rows: real training images, then k-means centroids.
func ReferenceRows(backend backends.Backend, data Data, opts ReferenceOptions) ([]Row, error) {
	opts = opts.withDefaults()
	if opts.Size < 0 || opts.K < 1 || opts.Iterations < 1 {
		return nil, fmt.Errorf("reference rows: size %d, k %d and iterations %d must be positive", opts.Size, opts.K, opts.Iterations)
	}
	samples, test, train := ParzenSamples, data.Test, data.Train
	if opts.Size > 0 {
		samples, test, train = opts.Size, test.Slice(0, min(opts.Size, test.N)), train.Slice(0, min(5*opts.Size, train.N))
	}
	if samples > data.Train.N || opts.K > train.N {
		return nil, fmt.Errorf("reference rows: %d training images can't give %d samples and %d centroids", train.N, samples, opts.K)
	}
	valid := data.Valid.Slice(0, min(ParzenValidation, data.Valid.N))
	dim := data.Train.Dim()

	real, err := eval.EvaluateParzen(backend, data.Train.Slice(0, samples).Data, valid.Data, test.Data, dim)
	if err != nil {
		return nil, fmt.Errorf("reference rows: real images: %w", err)
	}
	centroids, err := KMeans(backend, train.Data, dim, opts.K, opts.Iterations, opts.Seed)
	if err != nil {
		return nil, fmt.Errorf("reference rows: %w", err)
	}
	kmeans, err := eval.EvaluateParzen(backend, centroids, valid.Data, test.Data, dim)
	if err != nil {
		return nil, fmt.Errorf("reference rows: k-means centroids: %w", err)
	}
	return []Row{
		{Model: fmt.Sprintf("%d real training images as the samples", samples), Parzen: real},
		{Model: fmt.Sprintf("k-means centroids as the samples (k = %d, %d iterations on %d training images)", opts.K, opts.Iterations, train.N), Parzen: kmeans},
	}, nil
}

// KMeans clusters rows x ([n, dim] flattened) into k centroids by Lloyd's algorithm, starting from
// k distinct rows drawn with the seed. Each assignment step is one eval.Nearest (matrix products
// on the backend); the means are taken in Go, in float64. A cluster that loses all its rows keeps
// its centroid.
func KMeans(backend backends.Backend, x []float32, dim, k, iterations int, seed int64) ([]float32, error) {
	if dim < 1 || len(x)%dim != 0 || len(x) == 0 {
		return nil, fmt.Errorf("k-means: %d values are not rows of dimension %d", len(x), dim)
	}
	n := len(x) / dim
	if k < 1 || k > n || iterations < 1 {
		return nil, fmt.Errorf("k-means: k = %d must be in [1, %d rows] and iterations (%d) positive", k, n, iterations)
	}
	centroids := make([]float32, 0, k*dim)
	for _, i := range rand.New(rand.NewPCG(uint64(seed), 0x6b6d)).Perm(n)[:k] {
		centroids = append(centroids, x[i*dim:(i+1)*dim]...)
	}
	sums := make([]float64, k*dim)
	counts := make([]int, k)
	for it := range iterations {
		assignment, err := eval.Nearest(backend, x, centroids, dim)
		if err != nil {
			return nil, fmt.Errorf("k-means iteration %d: %w", it, err)
		}
		clear(sums)
		clear(counts)
		for i, c := range assignment {
			counts[c]++
			for j, v := range x[i*dim : (i+1)*dim] {
				sums[c*dim+j] += float64(v)
			}
		}
		for c, count := range counts {
			if count == 0 {
				continue
			}
			for j := range dim {
				centroids[c*dim+j] = float32(sums[c*dim+j] / float64(count))
			}
		}
	}
	return centroids, nil
}

// ReferencesFile is where CachedReferenceRows keeps the rows, under the data folder.
const ReferencesFile = "parzen-references.json"

type cachedReferences struct {
	Dataset string
	Options ReferenceOptions
	Rows    []Row
	Time    string // how long they took to compute
}

// CachedReferenceRows returns the reference rows kept in dataDir/<data set>/parzen-references.json
// when they were computed with the same options, else computes them (saying so on log) and keeps
// them there.
func CachedReferenceRows(backend backends.Backend, data Data, dataDir string, opts ReferenceOptions, log io.Writer) ([]Row, error) {
	if dataDir == "" {
		dataDir = datasets.DefaultDataDir()
	}
	opts = opts.withDefaults()
	path := filepath.Join(dataDir, data.Name, ReferencesFile)
	var cached cachedReferences
	err := readJSON(path, &cached)
	switch {
	case err == nil && cached.Dataset == data.Name && cached.Options == opts:
		return cached.Rows, nil
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	fmt.Fprintf(log, "computing the Parzen reference rows (real images; k-means with k = %d, %d iterations); they are kept in %s\n", opts.K, opts.Iterations, path)
	start := time.Now()
	rows, err := ReferenceRows(backend, data, opts)
	if err != nil {
		return nil, err
	}
	cached = cachedReferences{Dataset: data.Name, Options: opts, Rows: rows, Time: time.Since(start).Round(time.Second).String()}
	return rows, writeJSON(path, cached)
}
