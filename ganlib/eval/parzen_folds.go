package eval

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/backends"
)

// ParzenFold is one fold of a data set evaluated fold by fold, as the paper does TFD: its
// validation points choose sigma, its test points are measured. Both are [rows, dim] flattened.
type ParzenFold struct {
	Validation, Test []float32
}

// ParzenFoldsResult is the paper's Table 1 entry for TFD: the mean over folds of each fold's
// mean test log-likelihood, and the standard error across folds.
type ParzenFoldsResult struct {
	Mean   float64 // Mean over the folds of ParzenResult.Mean (nats).
	StdErr float64 // std / sqrt(folds), std of the fold means taken as numpy's default (ddof=0).

	Folds []ParzenResult // Each fold's result, with its own sigma.
}

func (r ParzenFoldsResult) String() string {
	return fmt.Sprintf("Parzen log-likelihood %.2f ± %.2f (standard error across %d folds)", r.Mean, r.StdErr, len(r.Folds))
}

// EvaluateFolds runs the paper's protocol on each fold (see Evaluate: sigma among PaperSigmas
// by the fold's validation points, then the fold's test points) and combines the folds with
// CombineParzenFolds.
func (p *Parzen) EvaluateFolds(folds []ParzenFold) (ParzenFoldsResult, error) {
	if len(folds) == 0 {
		return ParzenFoldsResult{}, errors.New("parzen folds: no folds given")
	}
	results := make([]ParzenResult, len(folds))
	for f, fold := range folds {
		var err error
		if results[f], err = p.Evaluate(fold.Validation, fold.Test); err != nil {
			return ParzenFoldsResult{}, fmt.Errorf("fold %d: %w", f, err)
		}
	}
	return CombineParzenFolds(results)
}

// EvaluateParzenFolds is the paper's TFD measurement: one Parzen window on samples from G,
// evaluated fold by fold with each fold's own sigma, reported as the mean over the folds and
// the standard error across them.
//
// The authors ran parzen_ll.py once per fold, and each run drew its own samples from G; here
// the folds share one set of samples, so that the window is built once and the spread across
// folds comes from the data alone. To draw samples per fold, call EvaluateParzen per fold and
// combine the results with CombineParzenFolds.
func EvaluateParzenFolds(backend backends.Backend, samples []float32, folds []ParzenFold, dim int) (result ParzenFoldsResult, err error) {
	p, err := NewParzen(backend, samples, dim)
	if err != nil {
		return ParzenFoldsResult{}, err
	}
	defer func() { err = errors.Join(err, p.Finalize()) }()
	return p.EvaluateFolds(folds)
}

// CombineParzenFolds combines per-fold results as the paper reports TFD: the mean of the
// folds' mean test log-likelihoods and its standard error across folds, std / sqrt(folds),
// with the population std as parzen_ll.py takes it over examples (numpy's default, ddof=0).
func CombineParzenFolds(folds []ParzenResult) (ParzenFoldsResult, error) {
	if len(folds) == 0 {
		return ParzenFoldsResult{}, errors.New("parzen folds: no folds given")
	}
	means := make([]float64, len(folds))
	for f, fold := range folds {
		means[f] = fold.Mean
	}
	mean, stdErr := meanAndStdErr(means)
	return ParzenFoldsResult{Mean: mean, StdErr: stdErr, Folds: folds}, nil
}
