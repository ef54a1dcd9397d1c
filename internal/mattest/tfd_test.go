package mattest_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/adversarial-nets/gan/ganlib/datasets"
	"github.com/adversarial-nets/gan/internal/mattest"
)

// TestTFDFile reads a synthetic TFD back with the project's reader: the sizes and splits its
// doc promises, every fold with valid and test images.
func TestTFDFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tfd", "TFD_48x48.mat") // The folder is created.
	if err := mattest.TFDFile(path, 30); err != nil {
		t.Fatal(err)
	}
	tfd, err := datasets.LoadTFD(path)
	if err != nil {
		t.Fatal(err)
	}
	if tfd.N != 30 || tfd.Height != 48 || tfd.Width != 48 || tfd.Unlabeled().N != 15 {
		t.Fatalf("%d images of %dx%d, %d unlabelled; want 30 of 48x48, 15 unlabelled", tfd.N, tfd.Height, tfd.Width, tfd.Unlabeled().N)
	}
	for f := range mattest.TFDFolds {
		for split, want := range map[datasets.TFDSplit]int{datasets.TFDTrain: 9, datasets.TFDValid: 3, datasets.TFDTest: 3} {
			images, err := tfd.Split(f, split)
			if err != nil || images.N != want {
				t.Errorf("fold %d %s: %d images, error %v; want %d", f, split, images.N, err, want)
			}
		}
	}
	if err := mattest.TFDFile(path, 9); err == nil || !strings.Contains(err.Error(), "at least 10") {
		t.Errorf("9 images: error %v, want one asking for at least 10", err)
	}
}
