package datasets

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// LoadFashionMNIST loads Fashion-MNIST from a folder holding its four IDX files, under
// the names of the original MNIST release, gzip-compressed (.gz) or not. The split is
// MNIST's: train[0:50000], valid = train[50000:60000], test. Images are 28x28x1.
func LoadFashionMNIST(dir string) (MNIST, error) {
	files := make([]string, len(mnistFiles))
	for i, gzName := range mnistFiles {
		name, err := findPlainOrGz(dir, strings.TrimSuffix(gzName, ".gz"))
		if err != nil {
			return MNIST{}, fmt.Errorf("loading Fashion-MNIST: %w", err)
		}
		files[i] = name
	}
	return readMNISTFolder(dir, files)
}

// findPlainOrGz returns name or name+".gz", whichever is in dir.
func findPlainOrGz(dir, name string) (string, error) {
	for _, candidate := range []string{name, name + ".gz"} {
		if _, err := os.Stat(filepath.Join(dir, candidate)); err == nil {
			return candidate, nil
		}
	}
	return "", fmt.Errorf("neither %s nor %s.gz is in %s", name, name, dir)
}

// FindFashionMNIST returns the folder holding the Fashion-MNIST files: $GAN_FASHION_MNIST
// when set, else the folder where Debian's package dataset-fashion-mnist installed them.
func FindFashionMNIST() (string, error) {
	if dir := os.Getenv("GAN_FASHION_MNIST"); dir != "" {
		return dir, nil
	}
	out, err := exec.Command("dpkg", "-L", "dataset-fashion-mnist").Output()
	if err != nil {
		return "", fmt.Errorf("Fashion-MNIST: $GAN_FASHION_MNIST is not set and `dpkg -L dataset-fashion-mnist` failed (is the package installed?): %w", err)
	}
	scanner := bufio.NewScanner(bytes.NewReader(out))
	for scanner.Scan() {
		path := strings.TrimSpace(scanner.Text())
		base := filepath.Base(path)
		if base == "train-images-idx3-ubyte" || base == "train-images-idx3-ubyte.gz" {
			return filepath.Dir(path), nil
		}
	}
	return "", errors.New("Fashion-MNIST: the package dataset-fashion-mnist lists no train-images-idx3-ubyte file")
}
