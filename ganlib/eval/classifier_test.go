package eval

import (
	"slices"
	"testing"

	"github.com/adversarial-nets/gan/ganlib/datasets"
)

func loadMNIST(t *testing.T) datasets.MNIST {
	t.Helper()
	m, err := datasets.LoadMNIST("")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestClassifierLearnsMNIST trains a small classifier briefly on a subset: far above chance (10%)
// on test images it never saw. The full classifier is trained only by `gan classifier`.
func TestClassifierLearnsMNIST(t *testing.T) {
	m := loadMNIST(t)
	cfg := DefaultClassifierConfig()
	cfg.Hidden, cfg.Epochs, cfg.LearningRate, cfg.KeepInput, cfg.KeepHidden = []int{128}, 2, 3e-3, 0, 0
	c, err := NewClassifier(testBackend(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var losses []float64
	if err := c.Train(m.Train.Slice(0, 10000), func(_ int, loss float64) { losses = append(losses, loss) }); err != nil {
		t.Fatal(err)
	}
	if len(losses) != 2 || losses[1] >= losses[0] {
		t.Errorf("epoch losses %v: want two, falling", losses)
	}
	test := m.Test.Slice(0, 1000)
	accuracy, err := c.Accuracy(test)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("accuracy after 2 epochs on 10,000 images: %.3f", accuracy)
	if accuracy < 0.9 {
		t.Errorf("test accuracy %.3f, want >= 0.9", accuracy)
	}

	dir := t.TempDir()
	if err := c.Save(dir, accuracy, "1s"); err != nil {
		t.Fatal(err)
	}
	loaded, recorded, err := LoadClassifier(testBackend(t), dir)
	if err != nil {
		t.Fatal(err)
	}
	_, want, err := c.Predict(test.Data[:10*784])
	if err != nil {
		t.Fatal(err)
	}
	_, got, err := loaded.Predict(test.Data[:10*784])
	if err != nil {
		t.Fatal(err)
	}
	if recorded != accuracy || !slices.Equal(got, want) {
		t.Errorf("loaded classifier differs: accuracy %v (saved %v), predictions equal: %v", recorded, accuracy, slices.Equal(got, want))
	}
}

func TestClassifierRejectsBadInput(t *testing.T) {
	if _, err := NewClassifier(testBackend(t), ClassifierConfig{}); err == nil {
		t.Error("empty configuration: want an error")
	}
	cfg := DefaultClassifierConfig()
	cfg.Hidden = []int{4}
	c, err := NewClassifier(testBackend(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Train(datasets.Images{Data: make([]float32, 100*9), N: 100, Height: 3, Width: 3, Channels: 1}, nil); err == nil {
		t.Error("images of the wrong size: want an error")
	}
	if _, _, err := c.Predict(make([]float32, 785)); err == nil {
		t.Error("inputs that are not whole rows: want an error")
	}
	if _, _, err := LoadClassifier(testBackend(t), t.TempDir()); err == nil {
		t.Error("loading from an empty folder: want an error")
	}
}
