package eval

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
)

// ParzenResult is one row of the paper's Table 1: the mean Parzen log-likelihood of N test
// points and its standard error, with the kernel width sigma chosen on validation points.
type ParzenResult struct {
	Sigma  float64 // The chosen kernel width.
	Mean   float64 // Mean log-likelihood of the test points (nats).
	StdErr float64 // std / sqrt(N), std taken over the test points as numpy's default (ddof=0).
	N      int     // Number of test points.

	// The search: the sigmas tried and the mean validation log-likelihood of each.
	Sigmas          []float64
	ValidationMeans []float64
}

func (r ParzenResult) String() string {
	return fmt.Sprintf("Parzen log-likelihood %.2f ± %.2f (sigma %.4g, %d test points)", r.Mean, r.StdErr, r.Sigma, r.N)
}

// SearchSigma returns the sigma whose window gives validation (points, [M, dim] flattened) the
// highest mean log-likelihood, and the mean log-likelihood of each sigma.
func (p *Parzen) SearchSigma(validation []float32, sigmas []float64) (best float64, means []float64, err error) {
	lls, err := p.LogLikelihoods(validation, sigmas)
	if err != nil {
		return 0, nil, fmt.Errorf("sigma search: %w", err)
	}
	means = make([]float64, len(sigmas))
	for k := range lls {
		means[k] = stat.Mean(lls[k], nil)
	}
	return sigmas[floats.MaxIdx(means)], means, nil
}

// Evaluate runs the paper's protocol with the sigmas of PaperSigmas: sigma by the mean
// log-likelihood of validation points, then the mean and standard error over test points.
func (p *Parzen) Evaluate(validation, test []float32) (ParzenResult, error) {
	sigmas := PaperSigmas()
	sigma, means, err := p.SearchSigma(validation, sigmas)
	if err != nil {
		return ParzenResult{}, err
	}
	lls, err := p.LogLikelihoods(test, []float64{sigma})
	if err != nil {
		return ParzenResult{}, fmt.Errorf("parzen test points: %w", err)
	}
	mean, stdErr := meanAndStdErr(lls[0])
	return ParzenResult{Sigma: sigma, Mean: mean, StdErr: stdErr, N: len(lls[0]), Sigmas: sigmas, ValidationMeans: means}, nil
}

// meanAndStdErr returns the mean of values and std/sqrt(n), with the population standard
// deviation as parzen_ll.py's numpy ll.std().
func meanAndStdErr(values []float64) (mean, stdErr float64) {
	mean, std := stat.PopMeanStdDev(values, nil)
	return mean, stat.StdErr(std, float64(len(values)))
}

// ParzenLogLikelihoods is NewParzen(backend, samples, dim).LogLikelihoods(points, sigmas):
// result[k][i] is the log-likelihood of point i with sigmas[k].
func ParzenLogLikelihoods(backend backends.Backend, samples, points []float32, dim int, sigmas []float64) (lls [][]float64, err error) {
	p, err := NewParzen(backend, samples, dim)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, p.Finalize()) }()
	return p.LogLikelihoods(points, sigmas)
}

// SearchSigma is NewParzen(backend, samples, dim).SearchSigma(validation, sigmas).
func SearchSigma(backend backends.Backend, samples, validation []float32, dim int, sigmas []float64) (best float64, means []float64, err error) {
	p, err := NewParzen(backend, samples, dim)
	if err != nil {
		return 0, nil, err
	}
	defer func() { err = errors.Join(err, p.Finalize()) }()
	return p.SearchSigma(validation, sigmas)
}

// EvaluateParzen is the paper's Table 1 measurement: a Parzen window on samples from G, its
// sigma chosen among PaperSigmas on validation, then the mean log-likelihood of test and its
// standard error. All three are [rows, dim] flattened row-major.
func EvaluateParzen(backend backends.Backend, samples, validation, test []float32, dim int) (result ParzenResult, err error) {
	p, err := NewParzen(backend, samples, dim)
	if err != nil {
		return ParzenResult{}, err
	}
	defer func() { err = errors.Join(err, p.Finalize()) }()
	return p.Evaluate(validation, test)
}
