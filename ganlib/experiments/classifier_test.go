package experiments

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/eval"
)

// TestClassifierScoresTellNoiseFromDigits trains a small classifier (once: the second call must
// load it), then scores a generator trained for two steps, whose samples are noise: its Fréchet
// distance must be far above real images' and its classifier score below the test set's.
func TestClassifierScoresTellNoiseFromDigits(t *testing.T) {
	r := tinyRun(t)
	cfg := eval.DefaultClassifierConfig()
	cfg.Hidden, cfg.Epochs, cfg.LearningRate, cfg.KeepInput, cfg.KeepHidden = []int{32}, 1, 3e-3, 0, 0
	train := r.Data.Train.Slice(0, 5000)
	dir := filepath.Join(t.TempDir(), "classifier")
	var log bytes.Buffer
	c, accuracy, err := eval.LoadOrTrainClassifier(ganlib.MustBackend(), dir, cfg, train, r.Data.Test.Slice(0, 500), &log)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "epoch 1") {
		t.Errorf("training log %q lacks the epoch", log.String())
	}
	log.Reset()
	if _, again, err := eval.LoadOrTrainClassifier(ganlib.MustBackend(), dir, cfg, train, r.Data.Test, &log); err != nil || again != accuracy || !strings.Contains(log.String(), "loaded") {
		t.Errorf("second call: accuracy %v (first %v), log %q, error %v; want it loaded, not trained", again, accuracy, log.String(), err)
	}

	s, err := r.ClassifierScores(c, accuracy)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", s)
	if s.Samples != 500 || s.ClassifierAccuracy != accuracy {
		t.Errorf("scores of %d samples with accuracy %v, want 500 and %v", s.Samples, s.ClassifierAccuracy, accuracy)
	}
	if !(s.FrechetG > 2*s.FrechetReal && s.FrechetReal >= 0) {
		t.Errorf("Fréchet distance of noise %.3f, of real images %.3f: want noise far worse", s.FrechetG, s.FrechetReal)
	}
	if !(s.ScoreG >= 1 && s.ScoreG < s.ScoreTest && s.ScoreTest <= 10) {
		t.Errorf("classifier score of noise %.3f, of the test set %.3f: want 1 <= noise < test <= 10", s.ScoreG, s.ScoreTest)
	}
}
