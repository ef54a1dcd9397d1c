package mattest

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
)

// The synthetic TFD. TFD_48x48.mat holds images (N x 48 x 48 uint8), folds (N x 5: per image and
// fold, 0 unlabelled, 1 train, 2 valid, 3 test), labs_ex (expression 1..7, -1 when unlabelled) and
// labs_id (identity). Here, of n images the first n/2 are unlabelled; labelled image j (image
// n/2 + j) is, in fold f, in train when (j+f)%5 < 3, in valid when it is 3 and in test when it is
// 4, so every fold has its own valid and test images once n - n/2 >= 5.

// TFDFolds is the number of folds of TFD, and the split codes are those of its variable folds.
const (
	TFDFolds     = 5
	TFDUnlabeled = 0
	TFDTrain     = 1
	TFDValid     = 2
	TFDTest      = 3
)

// TFDSide is the height and width of TFD_48x48.mat's images.
const TFDSide = 48

// TFDSplit is the split (a code of folds) of image i of n in fold.
func TFDSplit(n, i, fold int) int {
	if i < n/2 {
		return TFDUnlabeled
	}
	switch (i - n/2 + fold) % 5 {
	case 3:
		return TFDValid
	case 4:
		return TFDTest
	}
	return TFDTrain
}

// TFDPixel is the grey level of pixel (y, x) of image i: different for a swapped x and y and for
// neighbouring images, so that a wrong transposition shows; over the images, each pixel takes
// many levels, so the images look like varied (if not face-like) data to a model.
func TFDPixel(i, y, x int) uint8 { return uint8(i*31 + y*48 + x) }

// TFDExpression is labs_ex of image i of n: -1 for an unlabelled image, else 1..7.
func TFDExpression(n, i int) float64 {
	if i < n/2 {
		return -1
	}
	return float64(1 + (i-n/2)%7)
}

// TFDIdentity is labs_id of image i.
func TFDIdentity(i int) float64 { return float64(100 + i) }

// TFDVars returns the variables of TFD_48x48.mat for n images of h x w, column-major, each
// stored as a MATLAB file might: images uint8, folds a double array packed as bytes, labs_ex as
// int8 and labs_id as doubles; in the order folds, images, labs_ex, labs_id.
func TFDVars(n, h, w int) []Var {
	images := make([]float64, n*h*w)
	for i := range n {
		for y := range h {
			for x := range w {
				images[i+n*(y+h*x)] = float64(TFDPixel(i, y, x))
			}
		}
	}
	folds := make([]float64, n*TFDFolds)
	for i := range n {
		for f := range TFDFolds {
			folds[i+n*f] = float64(TFDSplit(n, i, f))
		}
	}
	expressions, identities := make([]float64, n), make([]float64, n)
	for i := range n {
		expressions[i] = TFDExpression(n, i)
		identities[i] = TFDIdentity(i)
	}
	return []Var{
		{Name: "folds", Class: ClassDouble, Dims: []int{n, TFDFolds}, Type: TypeUint8, Values: folds},
		{Name: "images", Class: ClassUint8, Dims: []int{n, h, w}, Type: TypeUint8, Values: images},
		{Name: "labs_ex", Class: ClassDouble, Dims: []int{n, 1}, Type: TypeInt8, Values: expressions},
		{Name: "labs_id", Class: ClassDouble, Dims: []int{n, 1}, Type: TypeDouble, Values: identities},
	}
}

// TFDFile writes a synthetic TFD_48x48.mat of n 48x48 images at path (creating its folder), as
// MATLAB 7 saves it (little-endian, compressed): n/2 unlabelled images to train on, and five
// folds of the others, each with its own valid and test images. n must be at least 10, so that
// every fold has both.
func TFDFile(path string, n int) error {
	if n < 10 {
		return fmt.Errorf("mattest: a synthetic TFD of %d images, want at least 10 (five labelled, so that every fold has valid and test images)", n)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("writing the synthetic TFD: %w", err)
	}
	if err := os.WriteFile(path, File(binary.LittleEndian, true, TFDVars(n, TFDSide, TFDSide)...), 0o644); err != nil {
		return fmt.Errorf("writing the synthetic TFD: %w", err)
	}
	return nil
}
