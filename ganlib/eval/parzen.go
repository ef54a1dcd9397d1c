package eval

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX's own examples import graph this way.
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// PaperSigmas returns the kernel widths the paper's authors searched: numpy.logspace(-1, 0, 10),
// ten values evenly spaced in log scale from 0.1 to 1.
func PaperSigmas() []float64 {
	const n = 10
	sigmas := make([]float64, n)
	for i := range sigmas {
		sigmas[i] = math.Pow(10, -1+float64(i)/(n-1))
	}
	return sigmas
}

// Parzen is an isotropic Gaussian Parzen window on samples s_1..s_N of dimension dim:
//
//	log p(x) = logsumexp_i(-||x - s_i||² / (2 sigma²)) - log N - (dim/2) log(2 pi sigma²)
//
// Build one with NewParzen; it keeps the samples on the backend and its compiled graph, so one
// Parzen serves the sigma search and the test evaluation. Call Finalize to free them early.
type Parzen struct {
	// ChunkRows is how many points one graph execution evaluates. Memory grows as
	// ChunkRows x N; 0 picks about 8M distances per chunk (32 MB in float32).
	ChunkRows int

	dim        int // Values per row.
	numSamples int
	samples    *tensors.Tensor // [N, Dim+2] float32, augmented for squaredDistances.
	exec       *Exec
}

// NewParzen fits a Parzen window on samples, [N, dim] flattened row-major.
func NewParzen(backend backends.Backend, samples []float32, dim int) (*Parzen, error) {
	n, err := countRows("parzen samples", samples, dim)
	if err != nil {
		return nil, err
	}
	exec, err := NewExec(backend, parzenGraph)
	if err != nil {
		return nil, fmt.Errorf("parzen: building graph: %w", err)
	}
	references, err := newReferences(backend, samples, n, dim)
	if err != nil {
		exec.Finalize()
		return nil, fmt.Errorf("parzen samples: %w", err)
	}
	return &Parzen{dim: dim, numSamples: n, samples: references, exec: exec}, nil
}

// Dim returns the number of values per row.
func (p *Parzen) Dim() int { return p.dim }

// NumSamples returns N, the number of samples the window is fitted on.
func (p *Parzen) NumSamples() int { return p.numSamples }

// Finalize frees the samples and the compiled graph; p can't be used afterwards.
func (p *Parzen) Finalize() error {
	p.exec.Finalize()
	return p.samples.FinalizeAll()
}

// LogLikelihoods returns log p(x) for each of points ([M, dim] flattened) under each kernel width:
// result[k][i] is point i's log-likelihood with sigmas[k].
//
// The distances don't depend on sigma, so each chunk's distance matrix is computed once and
// serves all the sigmas.
func (p *Parzen) LogLikelihoods(points []float32, sigmas []float64) ([][]float64, error) {
	m, err := countRows("parzen points", points, p.dim)
	if err != nil {
		return nil, err
	}
	if err := checkSigmas(sigmas); err != nil {
		return nil, err
	}
	// The graph gets -1/(2 sigma²) per sigma and returns, per point, the smallest squared distance
	// d_min and log Σ_i exp(-(d_i - d_min)/(2 sigma²)); the rest of the formula is added in float64.
	scales := make([]float32, len(sigmas))
	for k, sigma := range sigmas {
		scales[k] = float32(-1 / (2 * sigma * sigma))
	}
	scalesTensor := tensors.FromFlatDataAndDimensions(scales, len(scales))
	lls := make([][]float64, len(sigmas))
	for k := range lls {
		lls[k] = make([]float64, m)
	}
	err = chunks(m, p.chunkRows(m), func(start, end int) error {
		chunk := tensors.FromFlatDataAndDimensions(points[start*p.dim:end*p.dim], end-start, p.dim)
		minDistances, logSums, err := p.exec.Exec2(chunk, p.samples, scalesTensor)
		if err != nil {
			return fmt.Errorf("parzen: evaluating points %d to %d: %w", start, end, err)
		}
		dMin := tensors.MustCopyFlatData[float32](minDistances)
		sums := tensors.MustCopyFlatData[float32](logSums) // [len(sigmas), end-start]
		for k, sigma := range sigmas {
			norm := p.logNormalizer(sigma)
			for i := range end - start {
				lls[k][start+i] = -float64(dMin[i])/(2*sigma*sigma) + float64(sums[k*(end-start)+i]) - norm
			}
		}
		return errors.Join(chunk.FinalizeAll(), minDistances.FinalizeAll(), logSums.FinalizeAll())
	})
	if err = errors.Join(err, scalesTensor.FinalizeAll()); err != nil {
		return nil, err
	}
	return lls, nil
}

// logNormalizer returns log N + (dim/2) log(2 pi sigma²): the kernel's normalisation and the 1/N
// of the mixture.
func (p *Parzen) logNormalizer(sigma float64) float64 {
	return math.Log(float64(p.numSamples)) + float64(p.dim)/2*math.Log(2*math.Pi*sigma*sigma)
}

// chunkRows returns how many of m points to evaluate per graph execution.
func (p *Parzen) chunkRows(m int) int {
	if p.ChunkRows > 0 {
		return min(p.ChunkRows, m)
	}
	return chunkRowsFor(p.numSamples, m)
}

// parzenGraph takes points [C, D], samples [N, D+2] (augmented by augmentReferences) and scales
// [K] (-1/(2 sigma²) per sigma) and returns the smallest squared distance of each point to the
// samples, [C], and the log-sum-exp of the scaled distances shifted by that smallest one, [K, C].
//
// Shifting by the smallest distance is the stable log-sum-exp: the largest term becomes exp(0),
// so the sum is at least 1 and nothing underflows to log(0), whatever sigma.
func parzenGraph(points, samples, scales *Node) (minDistances, logSums *Node) {
	d2 := squaredDistances(points, samples) // [C, N]
	minKept := ReduceAndKeep(d2, ReduceMin, 1)
	// A broadcasting Sub, the slow path on SimpleGo, but one per chunk: about 1% of the time
	// next to the matmul (measured at 1,000 x 1,000 x 784).
	shifted := Sub(d2, minKept) // >= 0.
	numSigmas := scales.Shape().Dim(0)
	sums := make([]*Node, numSigmas)
	for k := range sums {
		scale := Reshape(Slice(scales, AxisElem(k))) // A scalar: the fast path of Mul.
		sums[k] = ReduceSum(Exp(Mul(shifted, scale)), 1)
	}
	return Reshape(minKept, -1), Log(Stack(sums, 0))
}

func checkSigmas(sigmas []float64) error {
	if len(sigmas) == 0 {
		return errors.New("parzen: no sigmas given")
	}
	for _, sigma := range sigmas {
		if !(sigma > 0) || math.IsInf(sigma, 0) {
			return fmt.Errorf("parzen: sigma must be positive and finite, got %g", sigma)
		}
	}
	return nil
}
