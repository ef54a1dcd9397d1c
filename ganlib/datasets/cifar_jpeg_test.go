package datasets

import (
	"os"
	"testing"
)

func TestLoadCIFAR10JPEGArchiveReal(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 60,000 JPEG images; skipped with -short")
	}
	archivePath := DefaultCIFAR10JPEGArchive()
	if _, err := os.Stat(archivePath); err != nil {
		t.Skipf("no CIFAR-10 archive: %v", err)
	}
	cifar, err := LoadCIFAR10JPEGArchive(archivePath)
	if err != nil {
		t.Fatal(err)
	}
	if cifar.Train.N != 40000 || cifar.Valid.N != 10000 || cifar.Test.N != 10000 {
		t.Fatalf("got %d/%d/%d train/valid/test images, want 40000/10000/10000", cifar.Train.N, cifar.Valid.N, cifar.Test.N)
	}
	if !equalStrings(cifar.Classes, CIFAR10Classes) {
		t.Errorf("classes %v, want %v", cifar.Classes, CIFAR10Classes)
	}
	for name, split := range map[string]Images{"train": cifar.Train, "valid": cifar.Valid, "test": cifar.Test} {
		checkImages(t, name, split, 32, 32, 3)
		counts := make([]int, len(cifar.Classes))
		for _, label := range split.Labels {
			counts[label]++
		}
		for class, count := range counts {
			if count != split.N/10 {
				t.Errorf("%s: class %s has %d images, want %d", name, cifar.Classes[class], count, split.N/10)
			}
		}
	}
}
