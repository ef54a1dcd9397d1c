package datasets

import (
	"os"
	"path/filepath"
)

// DefaultDataDir is the dataset cache folder: $GAN_DATA_DIR when set, else the data
// folder at the root of the enclosing Go module (found by walking up from the working
// directory to a go.mod), else ./data.
func DefaultDataDir() string {
	if dir := os.Getenv("GAN_DATA_DIR"); dir != "" {
		return dir
	}
	if root, ok := moduleRoot(); ok {
		return filepath.Join(root, "data")
	}
	return "data"
}

// DefaultCIFAR10JPEGArchive is where the CIFAR-10 JPEG archive is looked for:
// $GAN_CIFAR10 when set, else ../shared/data/cifar10-jpeg.tar.gz beside the enclosing
// Go module's root (the layout of the project's developer and CI machines).
func DefaultCIFAR10JPEGArchive() string {
	if path := os.Getenv("GAN_CIFAR10"); path != "" {
		return path
	}
	root, ok := moduleRoot()
	if !ok {
		root = "."
	}
	return filepath.Join(root, "..", "shared", "data", "cifar10-jpeg.tar.gz")
}

// moduleRoot walks up from the working directory to the first folder holding a go.mod.
func moduleRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
