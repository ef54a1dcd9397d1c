package experiments

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/adversarial-nets/gan/ganlib/datasets"
	"github.com/adversarial-nets/gan/ganlib/eval"
)

// ClassifierDir is where MNISTClassifier keeps the trained classifier, under the data folder.
const ClassifierDir = "mnist-classifier"

// MNISTClassifier returns the MNIST classifier of the modern metrics and its test accuracy,
// training it the first time (on all 60,000 training images: the paper's training and
// validation splits) and keeping it in dataDir/mnist-classifier.
func MNISTClassifier(backend backends.Backend, data Data, dataDir string, cfg eval.ClassifierConfig, log io.Writer) (*eval.Classifier, float64, error) {
	if data.Name != "mnist" {
		return nil, 0, fmt.Errorf("the classifier metrics need MNIST, not %q", data.Name)
	}
	if dataDir == "" {
		dataDir = datasets.DefaultDataDir()
	}
	all := data.Train
	all.Data = append(append([]float32(nil), data.Train.Data...), data.Valid.Data...)
	all.Labels = append(append([]uint8(nil), data.Train.Labels...), data.Valid.Labels...)
	all.N += data.Valid.N
	return eval.LoadOrTrainClassifier(backend, filepath.Join(dataDir, ClassifierDir), cfg, all, data.Test, log)
}

// ClassifierScores are modern measures of G, in an MNIST classifier's eyes, beside the same
// measures of real images.
type ClassifierScores struct {
	ClassifierAccuracy float64 // the classifier's test accuracy
	Samples            int     // samples of G (and real images) per measure

	// Fréchet distances in the classifier's last hidden layer to the test set's: of G's samples,
	// and of as many real training images (what a perfect G would get with this many samples).
	FrechetG, FrechetReal float64
	// Classifier ("Inception") scores of G's samples and of the test images (at most 10).
	ScoreG, ScoreTest float64
}

// ClassifierScores measures samples of G against the test set with classifier c (of test accuracy
// accuracy).
func (r *Run) ClassifierScores(c *eval.Classifier, accuracy float64) (ClassifierScores, error) {
	n := r.parzenSamples()
	samples, err := r.Trainer.Sample(n)
	if err != nil {
		return ClassifierScores{}, err
	}
	test := r.Data.Test.Slice(0, min(n, r.Data.Test.N))
	real := r.Data.Train.Slice(0, min(n, r.Data.Train.N))
	s := ClassifierScores{ClassifierAccuracy: accuracy, Samples: n}
	testStats, _, testScore, err := classify(c, test.Data)
	if err != nil {
		return s, fmt.Errorf("test images: %w", err)
	}
	gStats, _, gScore, err := classify(c, tensors.MustCopyFlatData[float32](samples))
	if err != nil {
		return s, fmt.Errorf("samples of G: %w", err)
	}
	realStats, _, _, err := classify(c, real.Data)
	if err != nil {
		return s, fmt.Errorf("training images: %w", err)
	}
	s.ScoreG, s.ScoreTest = gScore, testScore
	if s.FrechetG, err = eval.FrechetDistance(gStats, testStats); err != nil {
		return s, err
	}
	s.FrechetReal, err = eval.FrechetDistance(realStats, testStats)
	return s, err
}

// classify returns the Gaussian of x's features, its class probabilities and its classifier score.
func classify(c *eval.Classifier, x []float32) (eval.Gaussian, []float32, float64, error) {
	features, probs, err := c.Predict(x)
	if err != nil {
		return eval.Gaussian{}, nil, 0, err
	}
	stats, err := eval.FitGaussian(features, c.FeatureDim())
	if err != nil {
		return eval.Gaussian{}, nil, 0, err
	}
	score, err := eval.ClassifierScore(probs, c.Config.Classes)
	return stats, probs, score, err
}
