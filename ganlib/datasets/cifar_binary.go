package datasets

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// CIFAR10 is the CIFAR-10 data set split as in the paper. Images are 32x32x3, HWC.
type CIFAR10 struct {
	Train   Images   // The first 40,000 training images.
	Valid   Images   // The last 10,000 training images: train[40000:50000].
	Test    Images   // The 10,000 test images.
	Classes []string // Class names, indexed by label.
	// Source says where the images came from: the official binary release or JPEG copies (lossy:
	// results computed on those must say so).
	Source string
}

// CIFAR10Classes are the class names of CIFAR-10, in label order.
var CIFAR10Classes = []string{
	"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
}

// The official binary format: each record is one label byte followed by the 32x32 red
// plane, the green plane and the blue plane, each row-major.
const (
	cifarSide       = 32
	cifarPlane      = cifarSide * cifarSide
	cifarRecordSize = 1 + 3*cifarPlane // 3073 bytes.
	cifarNumClasses = 10
)

// ReadCIFAR10Binary reads records of the official CIFAR-10 binary format (as in
// data_batch_1.bin) into 32x32x3 HWC images with labels. name is only used in errors.
func ReadCIFAR10Binary(r io.Reader, name string) (Images, error) {
	images := Images{Height: cifarSide, Width: cifarSide, Channels: 3, Labels: []uint8{}}
	if err := appendCIFARRecords(&images, r); err != nil {
		return Images{}, fmt.Errorf("reading %s: %w", name, err)
	}
	return images, nil
}

// ReadCIFAR10BinaryFile reads one file of the official binary format, such as
// cifar-10-batches-bin/data_batch_1.bin.
func ReadCIFAR10BinaryFile(path string) (Images, error) {
	images := Images{Height: cifarSide, Width: cifarSide, Channels: 3, Labels: []uint8{}}
	if err := appendCIFARFile(&images, path); err != nil {
		return Images{}, err
	}
	return images, nil
}

// LoadCIFAR10Binary loads the official binary release from dir, the folder
// cifar-10-batches-bin (or a folder that holds it): data_batch_1.bin ... data_batch_5.bin
// are the 50,000 training images in that order, of which the last batch is the
// validation split; test_batch.bin is the test set. Class names come from
// batches.meta.txt when it is there.
func LoadCIFAR10Binary(dir string) (CIFAR10, error) {
	if inner := filepath.Join(dir, "cifar-10-batches-bin"); isDir(inner) {
		dir = inner
	}
	var trainFiles []string
	records := 0
	for batch := 1; batch <= 5; batch++ {
		path := filepath.Join(dir, fmt.Sprintf("data_batch_%d.bin", batch))
		info, err := os.Stat(path)
		if err != nil {
			return CIFAR10{}, fmt.Errorf("reading %s: %w", path, err)
		}
		trainFiles = append(trainFiles, path)
		records += int(info.Size() / cifarRecordSize)
	}
	// Sized from the files up front: growing 600 MB by appends would copy it several times.
	train := Images{Height: cifarSide, Width: cifarSide, Channels: 3,
		Data: make([]float32, 0, records*3*cifarPlane), Labels: make([]uint8, 0, records)}
	for _, path := range trainFiles {
		if err := appendCIFARFile(&train, path); err != nil {
			return CIFAR10{}, err
		}
	}
	test := Images{Height: cifarSide, Width: cifarSide, Channels: 3, Labels: []uint8{}}
	if err := appendCIFARFile(&test, filepath.Join(dir, "test_batch.bin")); err != nil {
		return CIFAR10{}, err
	}
	classes, err := readCIFARClassNames(filepath.Join(dir, "batches.meta.txt"))
	if err != nil {
		return CIFAR10{}, err
	}
	trainPart, valid := splitTail(train, train.N/5)
	source := "the official CIFAR-10 binary release (" + dir + ")"
	return CIFAR10{Train: trainPart, Valid: valid, Test: test, Classes: classes, Source: source}, nil
}

func appendCIFARFile(images *Images, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	if err := appendCIFARRecords(images, f); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	return nil
}

// appendCIFARRecords reads records until the input ends, converting each from planes
// (RRR...GGG...BBB) to interleaved HWC (RGBRGB...) values in [0, 1].
func appendCIFARRecords(images *Images, r io.Reader) error {
	buffered := bufio.NewReaderSize(r, 64*cifarRecordSize)
	var record [cifarRecordSize]byte
	for {
		n, err := io.ReadFull(buffered, record[:])
		if errors.Is(err, io.EOF) {
			return nil
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("size is not a multiple of the %d-byte record: %d bytes left over after %d records",
				cifarRecordSize, n, images.N)
		}
		if err != nil {
			return fmt.Errorf("after %d records: %w", images.N, err)
		}
		label := record[0]
		if label >= cifarNumClasses {
			return fmt.Errorf("record %d has label %d, want 0..%d", images.N, label, cifarNumClasses-1)
		}
		for p := range cifarPlane {
			images.Data = append(images.Data,
				float32(record[1+p])/255, float32(record[1+cifarPlane+p])/255, float32(record[1+2*cifarPlane+p])/255)
		}
		images.Labels = append(images.Labels, label)
		images.N++
	}
}

// readCIFARClassNames reads one class name a line; a missing file means the standard names.
func readCIFARClassNames(path string) ([]string, error) {
	text, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return CIFAR10Classes, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	classes := strings.Fields(string(text))
	if len(classes) != cifarNumClasses {
		return nil, fmt.Errorf("reading %s: found %d class names, want %d", path, len(classes), cifarNumClasses)
	}
	return classes, nil
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}
