package datasets

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadMNISTReal(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the 70,000 MNIST images; skipped with -short")
	}
	// A fresh folder, so the copy from the GoMNIST module is tested every time.
	mnist, err := LoadMNIST(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if mnist.Train.N != 50000 || mnist.Valid.N != 10000 || mnist.Test.N != 10000 {
		t.Fatalf("got %d/%d/%d train/valid/test images, want 50000/10000/10000", mnist.Train.N, mnist.Valid.N, mnist.Test.N)
	}
	for name, split := range map[string]Images{"train": mnist.Train, "valid": mnist.Valid, "test": mnist.Test} {
		checkImages(t, name, split, 28, 28, 1)
		for i, label := range split.Labels {
			if label > 9 {
				t.Fatalf("%s: label %d of image %d", name, label, i)
			}
		}
	}
	// Well-known first labels: the first training digit is a 5, the first test digit a 7;
	// train[50000] (the first validation digit) is a 3.
	if got := [3]uint8{mnist.Train.Labels[0], mnist.Test.Labels[0], mnist.Valid.Labels[0]}; got != [3]uint8{5, 7, 3} {
		t.Errorf("first train, test, valid labels %v, want [5 7 3]", got)
	}
	// MNIST digits are white on black: corners empty, some pixels full.
	first := mnist.Train.Row(0)
	if first[0] != 0 || first[27] != 0 || first[28*28-1] != 0 {
		t.Errorf("first image has non-zero corners")
	}
}

func TestDefaultDataDir(t *testing.T) {
	t.Setenv("GAN_DATA_DIR", "/somewhere/else")
	if got := DefaultDataDir(); got != "/somewhere/else" {
		t.Errorf("with $GAN_DATA_DIR set, DefaultDataDir() = %q", got)
	}
	t.Setenv("GAN_DATA_DIR", "")
	root, err := filepath.Abs("../..") // This package is ganlib/datasets in the module.
	if err != nil {
		t.Fatal(err)
	}
	if got, want := DefaultDataDir(), filepath.Join(root, "data"); got != want {
		t.Errorf("DefaultDataDir() = %q, want %q", got, want)
	}
}

// TestFillCacheFallsBack checks that a missing file is fetched from the next source
// when the first fails, over HTTP, and that files already there are not fetched again.
func TestFillCacheFallsBack(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/b.gz" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, "contents of b")
	}))
	defer server.Close()
	broken := source{description: "broken", open: func(string) (io.ReadCloser, error) { return nil, os.ErrNotExist }}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.gz"), []byte("cached a"))

	if err := fillCache(dir, []string{"a.gz", "b.gz"}, broken, downloadSource(server.URL+"/")); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"a.gz": "cached a", "b.gz": "contents of b"} {
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(got) != want {
			t.Errorf("%s holds %q (error %v), want %q", name, got, err, want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("cache holds %d entries, want 2 (no leftover partial files)", len(entries))
	}

	err := fillCache(dir, []string{"c.gz"}, broken, downloadSource(server.URL+"/"))
	if err == nil || !strings.Contains(err.Error(), "c.gz missing from "+dir) || !strings.Contains(err.Error(), "404") {
		t.Errorf("error %v, want one naming c.gz, the folder and each source's failure", err)
	}
}

func TestLoadFashionMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 70,000 images; skipped with -short")
	}
	dir, err := FindFashionMNIST()
	if err != nil {
		t.Skipf("no Fashion-MNIST here: %v", err)
	}
	fashion, err := LoadFashionMNIST(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fashion.Train.N != 50000 || fashion.Valid.N != 10000 || fashion.Test.N != 10000 {
		t.Fatalf("got %d/%d/%d train/valid/test images", fashion.Train.N, fashion.Valid.N, fashion.Test.N)
	}
	checkImages(t, "train", fashion.Train, 28, 28, 1)
	// The first Fashion-MNIST training image is an ankle boot (9), the first test one too.
	if fashion.Train.Labels[0] != 9 || fashion.Test.Labels[0] != 9 {
		t.Errorf("first train and test labels %d, %d, want 9, 9", fashion.Train.Labels[0], fashion.Test.Labels[0])
	}
}

func TestLoadFashionMNISTMissingFiles(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadFashionMNIST(dir)
	if err == nil || !strings.Contains(err.Error(), "train-images-idx3-ubyte") || !strings.Contains(err.Error(), dir) {
		t.Errorf("error %v, want one naming the missing file and the folder", err)
	}
}

// TestLoadFashionMNISTWrongSize checks that a folder of well-formed IDX files of the
// wrong size is refused rather than split wrongly.
func TestLoadFashionMNISTWrongSize(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "train-images-idx3-ubyte"), idxImagesBytes(2, 28, 28))
	writeFile(t, filepath.Join(dir, "train-labels-idx1-ubyte.gz"), gzipBytes(idxLabelsBytes(1, 2)))
	writeFile(t, filepath.Join(dir, "t10k-images-idx3-ubyte"), idxImagesBytes(1, 28, 28))
	writeFile(t, filepath.Join(dir, "t10k-labels-idx1-ubyte"), idxLabelsBytes(3))
	_, err := LoadFashionMNIST(dir)
	if err == nil || !strings.Contains(err.Error(), "found 2 training and 1 test images, want 60000 and 10000") {
		t.Errorf("error %v, want one about the counts", err)
	}
}
