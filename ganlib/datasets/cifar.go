package datasets

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// The sizes of CIFAR-10 and the paper's validation split.
const (
	cifarTrainSize = 50000
	cifarTestSize  = 10000
)

// LoadCIFAR10 loads CIFAR-10 split as the paper does (train[0:40000], valid = train[40000:50000],
// the 10,000 test images), from the first of these it finds:
//
//  1. the official binary release in <dataDir>/cifar10/cifar-10-batches-bin (dataDir "" means
//     DefaultDataDir; see LoadCIFAR10Binary);
//  2. the archive of JPEG copies at DefaultCIFAR10JPEGArchive ($GAN_CIFAR10, or
//     ../shared/data/cifar10-jpeg.tar.gz beside the module: the project's machines, which have no
//     internet; see LoadCIFAR10JPEGArchive);
//  3. the official release, downloaded into 1 (see FetchCIFAR10Binary).
//
// The result's Source says which; JPEG copies are lossy, and results computed on them must say so.
// Anything but the full 50,000 + 10,000 images is an error.
func LoadCIFAR10(dataDir string) (CIFAR10, error) {
	cifar, err := loadCIFAR10(dataDir, DefaultCIFAR10JPEGArchive())
	if err != nil {
		return CIFAR10{}, fmt.Errorf("loading CIFAR-10: %w", err)
	}
	if n := cifar.Train.N + cifar.Valid.N; n != cifarTrainSize || cifar.Test.N != cifarTestSize {
		return CIFAR10{}, fmt.Errorf("loading CIFAR-10 from %s: found %d training and %d test images, want %d and %d",
			cifar.Source, n, cifar.Test.N, cifarTrainSize, cifarTestSize)
	}
	return cifar, nil
}

// loadCIFAR10 is LoadCIFAR10 without the size check, for tests on small files.
func loadCIFAR10(dataDir, jpegArchive string) (CIFAR10, error) {
	binaryDir := filepath.Join(CIFAR10CacheDir(dataDir), cifarBinaryFolder)
	if len(missingFiles(binaryDir, cifarBinaryFiles)) == 0 {
		return LoadCIFAR10Binary(binaryDir)
	}
	if _, err := os.Stat(jpegArchive); err == nil {
		return LoadCIFAR10JPEGArchive(jpegArchive)
	} else if !errors.Is(err, os.ErrNotExist) {
		return CIFAR10{}, err
	}
	dir, err := fetchCIFAR10Binary(CIFAR10CacheDir(dataDir), cifarRelease.url, cifarRelease.md5)
	if err != nil {
		return CIFAR10{}, fmt.Errorf("not in %s, no JPEG copies at %s (set $GAN_CIFAR10), and the official release could not be fetched: %w",
			binaryDir, jpegArchive, err)
	}
	return LoadCIFAR10Binary(dir)
}
