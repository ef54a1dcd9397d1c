package eval

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// Gaussian is the mean and covariance of a set of feature vectors: what the Fréchet distance
// compares.
type Gaussian struct {
	Mean []float64
	Cov  *mat.SymDense
}

// FitGaussian returns the mean and the (unbiased, N-1) covariance of rows ([n, dim] flattened).
func FitGaussian(rows []float32, dim int) (Gaussian, error) {
	n, err := countRows("gaussian features", rows, dim)
	if err != nil {
		return Gaussian{}, err
	}
	if n < 2 {
		return Gaussian{}, fmt.Errorf("gaussian features: need at least 2 rows for a covariance, got %d", n)
	}
	x := mat.NewDense(n, dim, nil)
	for i := range n {
		for j := range dim {
			x.Set(i, j, float64(rows[i*dim+j]))
		}
	}
	mean := make([]float64, dim)
	for j := range dim {
		mean[j] = stat.Mean(mat.Col(nil, j, x), nil)
	}
	cov := mat.NewSymDense(dim, nil)
	stat.CovarianceMatrix(cov, x, nil)
	return Gaussian{Mean: mean, Cov: cov}, nil
}

// FrechetDistance is the squared Fréchet (2-Wasserstein) distance between two Gaussians,
//
//	d² = |μ₁ - μ₂|² + tr(Σ₁ + Σ₂ - 2 (Σ₁Σ₂)^½),
//
// the "FID" of Heusel et al. (2017) when the Gaussians are fitted to a classifier's features.
//
// Σ₁Σ₂ is not symmetric, but it is similar to the symmetric positive semi-definite matrix
// M = Σ₁^½ Σ₂ Σ₁^½ (Σ₁Σ₂ = Σ₁^½ M Σ₁^-½), so tr((Σ₁Σ₂)^½) = Σᵢ √λᵢ(M). Both square roots come
// from symmetric eigen-decompositions (gonum's EigenSym), which are stable; eigenvalues that
// rounding makes slightly negative are taken as 0.
func FrechetDistance(a, b Gaussian) (float64, error) {
	dim := len(a.Mean)
	if dim == 0 || len(b.Mean) != dim || a.Cov.SymmetricDim() != dim || b.Cov.SymmetricDim() != dim {
		return 0, fmt.Errorf("frechet distance: Gaussians of dimensions %d and %d (covariances %d and %d)",
			len(a.Mean), len(b.Mean), a.Cov.SymmetricDim(), b.Cov.SymmetricDim())
	}
	rootA, err := sqrtSym(a.Cov)
	if err != nil {
		return 0, fmt.Errorf("frechet distance: %w", err)
	}
	var m mat.Dense
	m.Product(rootA, b.Cov, rootA)
	eigenvalues, err := symEigenvalues(symmetrize(&m))
	if err != nil {
		return 0, fmt.Errorf("frechet distance: %w", err)
	}
	var traceRoot float64
	for _, l := range eigenvalues {
		traceRoot += math.Sqrt(math.Max(l, 0))
	}
	meanDiff := floats.Distance(a.Mean, b.Mean, 2)
	return meanDiff*meanDiff + mat.Trace(a.Cov) + mat.Trace(b.Cov) - 2*traceRoot, nil
}

// sqrtSym returns the symmetric square root V diag(√λ) Vᵀ of a symmetric positive semi-definite s.
func sqrtSym(s *mat.SymDense) (*mat.Dense, error) {
	var eig mat.EigenSym
	if !eig.Factorize(s, true) {
		return nil, fmt.Errorf("eigen-decomposition of a %dx%d covariance failed", s.SymmetricDim(), s.SymmetricDim())
	}
	values := eig.Values(nil)
	var vectors mat.Dense
	eig.VectorsTo(&vectors)
	roots := make([]float64, len(values))
	for i, l := range values {
		roots[i] = math.Sqrt(math.Max(l, 0))
	}
	var scaled, root mat.Dense
	scaled.Mul(&vectors, mat.NewDiagDense(len(roots), roots))
	root.Mul(&scaled, vectors.T())
	return &root, nil
}

func symEigenvalues(s *mat.SymDense) ([]float64, error) {
	var eig mat.EigenSym
	if !eig.Factorize(s, false) {
		return nil, fmt.Errorf("eigen-decomposition of a %dx%d matrix failed", s.SymmetricDim(), s.SymmetricDim())
	}
	return eig.Values(nil), nil
}

// symmetrize returns (m + mᵀ)/2, removing the rounding asymmetry of a product that is symmetric
// in exact arithmetic.
func symmetrize(m *mat.Dense) *mat.SymDense {
	n, _ := m.Dims()
	s := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			s.SetSym(i, j, (m.At(i, j)+m.At(j, i))/2)
		}
	}
	return s
}

// ClassifierScore is the "Inception score" of Salimans et al. (2016) with an MNIST classifier in
// place of Inception: exp(E_x KL(p(y|x) ‖ p(y))), where p(y) is the mean of p(y|x) over the
// samples. It is high when each sample is confidently one class and the classes are balanced;
// at most the number of classes.
func ClassifierScore(probs []float32, classes int) (float64, error) {
	n, err := countRows("classifier score probabilities", probs, classes)
	if err != nil {
		return 0, err
	}
	marginal := make([]float64, classes)
	for i := range n {
		for k := range classes {
			marginal[k] += float64(probs[i*classes+k]) / float64(n)
		}
	}
	var kl float64
	for i := range n {
		for k := range classes {
			if p := float64(probs[i*classes+k]); p > 0 {
				kl += p * (math.Log(p) - math.Log(marginal[k]))
			}
		}
	}
	return math.Exp(kl / float64(n)), nil
}
