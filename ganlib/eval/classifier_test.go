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

// TestClassifierLearnsMNIST trains a small classifier briefly on a subset, with the default
// configuration's random shifts: far above chance (10%) on test images it never saw. The full
// classifier is trained only by `gan classifier`.
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
	if accuracy < 0.85 {
		t.Errorf("test accuracy %.3f, want >= 0.85", accuracy)
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

// TestShiftImage moves a 3x4 image with two channels by every offset the augmentation can draw and
// checks each value against where it came from.
func TestShiftImage(t *testing.T) {
	const h, w, c = 3, 4, 2
	src := make([]float32, h*w*c)
	for i := range src {
		src[i] = float32(i + 1)
	}
	dst := make([]float32, len(src))
	for dy := -2; dy <= 2; dy++ {
		for dx := -2; dx <= 2; dx++ {
			shiftImage(dst, src, h, w, c, dx, dy)
			for y := range h {
				for x := range w {
					for ch := range c {
						var want float32
						if sy, sx := y-dy, x-dx; sy >= 0 && sy < h && sx >= 0 && sx < w {
							want = src[(sy*w+sx)*c+ch]
						}
						if got := dst[(y*w+x)*c+ch]; got != want {
							t.Fatalf("shift (%d, %d): pixel (%d, %d, %d) = %g, want %g", dx, dy, y, x, ch, got, want)
						}
					}
				}
			}
		}
	}
}
