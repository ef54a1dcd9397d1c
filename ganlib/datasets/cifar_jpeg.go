package datasets

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
)

// maxImageFileBytes bounds one image file in an archive: a CIFAR-10 JPEG is about 1 KB,
// so anything near this is a corrupt header, not an image.
const maxImageFileBytes = 16 << 20

// LoadCIFAR10JPEGArchive loads CIFAR-10 from a .tar.gz of JPEG (or PNG) copies laid out
// as train/<class>/<file> and test/<class>/<file>, reading the archive directly.
// Labels follow the sorted class names, which for CIFAR-10 is the official label order.
//
// Each split is ordered by file name, then class (see [LoadImageFolder]); with files
// numbered 0000..4999 in every class, the last fifth of train (train[40000:50000], the
// paper's validation split) is files 4000..4999 of every class. JPEG is lossy: pixel
// values differ slightly from the official binary release.
func LoadCIFAR10JPEGArchive(archivePath string) (CIFAR10, error) {
	f, err := os.Open(archivePath)
	if err != nil {
		return CIFAR10{}, fmt.Errorf("reading %s: %w", archivePath, err)
	}
	defer f.Close()
	splits, err := readImageArchive(f)
	if err != nil {
		return CIFAR10{}, fmt.Errorf("reading %s: %w", archivePath, err)
	}
	classes, err := archiveClasses(splits)
	if err != nil {
		return CIFAR10{}, fmt.Errorf("reading %s: %w", archivePath, err)
	}
	var train, test Images
	for _, split := range []struct {
		name string
		dst  *Images
	}{{"train", &train}, {"test", &test}} {
		files := splits[split.name]
		for i := range files {
			files[i].class = slices.Index(classes, path.Base(path.Dir(files[i].path)))
		}
		if *split.dst, err = decodeImageFiles(files, cifarSide, cifarSide); err != nil {
			return CIFAR10{}, fmt.Errorf("reading %s: %w", archivePath, err)
		}
	}
	trainPart, valid := splitTail(train, train.N/5)
	source := "JPEG copies of the CIFAR-10 images (" + archivePath + "); JPEG is lossy, so pixel values differ slightly from the official release"
	return CIFAR10{Train: trainPart, Valid: valid, Test: test, Classes: classes, Source: source}, nil
}

// readImageArchive collects the image files of a .tar.gz by split ("train" or "test").
// Their paths are kept as split/class/file inside the archive; other files are skipped.
func readImageArchive(r io.Reader) (map[string][]imageFile, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("gzip header: %w", err)
	}
	archive := tar.NewReader(gz)
	splits := map[string][]imageFile{}
	for {
		header, err := archive.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("after %d images: %w", len(splits["train"])+len(splits["test"]), err)
		}
		name := path.Clean(strings.TrimPrefix(header.Name, "./"))
		if header.Typeflag != tar.TypeReg || !isImageName(name) {
			continue
		}
		parts := strings.Split(name, "/")
		if len(parts) != 3 || (parts[0] != "train" && parts[0] != "test") {
			return nil, fmt.Errorf("image %s is not at train/<class>/<file> or test/<class>/<file>", name)
		}
		if header.Size > maxImageFileBytes {
			return nil, fmt.Errorf("image %s is %d bytes, more than the %d accepted", name, header.Size, maxImageFileBytes)
		}
		data, err := io.ReadAll(archive)
		if err != nil {
			return nil, fmt.Errorf("image %s: %w", name, err)
		}
		// The path names the entry inside the archive in error messages.
		splits[parts[0]] = append(splits[parts[0]], imageFile{path: name, name: parts[2], data: data})
	}
	return splits, nil
}

// archiveClasses returns the sorted class names of the training images, after checking
// that both splits have images and the test classes are among them.
func archiveClasses(splits map[string][]imageFile) ([]string, error) {
	classesOf := func(split string) []string {
		var classes []string
		for _, f := range splits[split] {
			classes = append(classes, path.Base(path.Dir(f.path)))
		}
		slices.Sort(classes)
		return slices.Compact(classes)
	}
	train, test := classesOf("train"), classesOf("test")
	if len(train) == 0 || len(test) == 0 {
		return nil, fmt.Errorf("found %d training and %d test images; want both", len(splits["train"]), len(splits["test"]))
	}
	for _, class := range test {
		if !slices.Contains(train, class) {
			return nil, fmt.Errorf("test class %q has no training images", class)
		}
	}
	return train, nil
}
