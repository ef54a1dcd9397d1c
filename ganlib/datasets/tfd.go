package datasets

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// TFD is the Toronto Face Database (Susskind, Anderson and Hinton, 2010) as the GAN paper's
// authors used it: the file TFD_48x48.mat read by pylearn2's TFD class, with the variables
//
//	images   N x 48 x 48 uint8   the faces, grey levels 0..255
//	folds    N x 5               per image and fold: 0 unlabelled, 1 train, 2 valid, 3 test
//	labs_ex  N x 1               expression 1..7 of labelled images
//	labs_id  N x 1               identity of the person
//
// The paper trains G on the unlabelled images ([TFD.Unlabeled]) and measures the Parzen
// log-likelihood once per fold: sigma chosen on the fold's valid split, the mean taken on its
// test split ([TFD.Split]), reported as the mean over the five folds.
type TFD struct {
	N, Height, Width int // N images of Height x Width pixels (48 x 48 in TFD_48x48.mat).

	// Folds[i][f] is the split of fold f that image i belongs to.
	Folds [][TFDFolds]TFDSplit
	// Expressions and Identities are labs_ex and labs_id as the file has them, one per image,
	// or nil when the file has no such variable.
	Expressions, Identities []int32

	// N*Height*Width grey levels, row-major. Bytes, not float32 values in [0, 1]: TFD's
	// hundred thousand faces take a quarter of the memory so; splits are converted on demand.
	pixels []uint8
}

// TFDFolds is the number of official train/valid/test folds of TFD.
const TFDFolds = 5

// TFDSplit is the part of a fold an image belongs to, coded as in the variable folds.
type TFDSplit int8

// The splits of a fold.
const (
	TFDUnlabeled TFDSplit = 0
	TFDTrain     TFDSplit = 1
	TFDValid     TFDSplit = 2
	TFDTest      TFDSplit = 3
)

func (s TFDSplit) String() string {
	switch s {
	case TFDUnlabeled:
		return "unlabeled"
	case TFDTrain:
		return "train"
	case TFDValid:
		return "valid"
	case TFDTest:
		return "test"
	}
	return fmt.Sprintf("TFDSplit(%d)", int8(s))
}

// tfdExpressions is the number of expression classes: labs_ex is 1..7 for labelled images.
const tfdExpressions = 7

// DefaultTFDPath is where TFD_48x48.mat is looked for: $GAN_TFD when set, else
// tfd/TFD_48x48.mat in the data folder (see [DefaultDataDir]).
func DefaultTFDPath() string { return TFDPath("") }

// TFDPath is where TFD_48x48.mat is looked for with the data folder dataDir ("" for
// [DefaultDataDir]): $GAN_TFD when set, else dataDir/tfd/TFD_48x48.mat. $GAN_TFD wins because it
// names the file itself, and the one copy a user has of TFD need not sit among the downloads.
func TFDPath(dataDir string) string {
	if path := os.Getenv("GAN_TFD"); path != "" {
		return path
	}
	if dataDir == "" {
		dataDir = DefaultDataDir()
	}
	return filepath.Join(dataDir, "tfd", "TFD_48x48.mat")
}

// LoadTFD reads the Toronto Face Database from a MAT-file laid out as TFD_48x48.mat (see
// [TFD]), saved by MATLAB 5 to 7, compressed or not. When the file is missing, the error
// says where to put a copy: TFD can't be downloaded for the user.
func LoadTFD(path string) (TFD, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return TFD{}, fmt.Errorf("reading %s: %w (the Toronto Face Database is not redistributable, "+
			"so this project cannot download it: ask its authors, Susskind, Anderson and Hinton of the "+
			"University of Toronto, for TFD_48x48.mat, then put your copy at %s or set $GAN_TFD to its path)",
			path, err, path)
	}
	if err != nil {
		return TFD{}, fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	return ReadTFD(f, path)
}

// ReadTFD reads TFD from a MAT-file laid out as TFD_48x48.mat. name is only used in errors.
func ReadTFD(r io.Reader, name string) (TFD, error) {
	arrays, err := ReadMAT(r, name)
	if err != nil {
		return TFD{}, err
	}
	tfd, err := tfdFromArrays(arrays)
	if err != nil {
		return TFD{}, fmt.Errorf("reading %s: %w", name, err)
	}
	return tfd, nil
}

// All returns every image, in file order, without labels.
func (t TFD) All() Images {
	return Images{Data: bytesToUnit(t.pixels), N: t.N, Height: t.Height, Width: t.Width, Channels: 1}
}

// Unlabeled returns the unlabelled images, the set the paper trains G on: those whose split
// in fold 0 is TFDUnlabeled, as pylearn2's TFD('unlabeled') selects them with its default fold.
func (t TFD) Unlabeled() Images {
	images, _ := t.Split(0, TFDUnlabeled) // Fold 0 and TFDUnlabeled are always valid.
	return images
}

// Split returns the images of one split of fold (0 to 4), in file order, with values in
// [0, 1]. As in pylearn2, their labels are the expressions minus one (0 to 6); Labels is nil
// when the file has no labs_ex or some image of the split has no expression in 1..7.
func (t TFD) Split(fold int, split TFDSplit) (Images, error) {
	indices, err := t.Indices(fold, split)
	if err != nil {
		return Images{}, err
	}
	dim := t.Height * t.Width
	images := Images{Data: make([]float32, 0, len(indices)*dim), N: len(indices), Height: t.Height, Width: t.Width, Channels: 1}
	for _, i := range indices {
		for _, v := range t.pixels[i*dim : (i+1)*dim] {
			images.Data = append(images.Data, float32(v)/255)
		}
	}
	images.Labels = t.expressionLabels(indices)
	return images, nil
}

// Indices returns the indices (into All) of the images in one split of fold (0 to 4).
func (t TFD) Indices(fold int, split TFDSplit) ([]int, error) {
	if fold < 0 || fold >= TFDFolds {
		return nil, fmt.Errorf("TFD: fold %d, want 0 to %d", fold, TFDFolds-1)
	}
	if split < TFDUnlabeled || split > TFDTest {
		return nil, fmt.Errorf("TFD: split %d, want unlabeled (0), train (1), valid (2) or test (3)", split)
	}
	var indices []int
	for i, splits := range t.Folds {
		if splits[fold] == split {
			indices = append(indices, i)
		}
	}
	return indices, nil
}

// expressionLabels returns labs_ex - 1 of the images at indices, or nil unless all are 1..7.
func (t TFD) expressionLabels(indices []int) []uint8 {
	if t.Expressions == nil {
		return nil
	}
	labels := make([]uint8, len(indices))
	for k, i := range indices {
		expression := t.Expressions[i]
		if expression < 1 || expression > tfdExpressions {
			return nil
		}
		labels[k] = uint8(expression - 1)
	}
	return labels
}

// tfdFromArrays checks the variables of TFD_48x48.mat and converts them.
func tfdFromArrays(arrays []MATArray) (TFD, error) {
	byName := map[string]MATArray{}
	for _, a := range arrays {
		byName[a.Name] = a // A repeated name: the last one wins, as in scipy.io.loadmat.
	}
	images, err := tfdVariable(byName, "images", true)
	if err != nil {
		return TFD{}, err
	}
	if len(images.Dims) != 3 || images.Dims[0] == 0 || images.Dims[1] == 0 || images.Dims[2] == 0 {
		return TFD{}, fmt.Errorf("variable images is %s, want N x height x width (N x 48 x 48 in TFD_48x48.mat)", formatDims(images.Dims))
	}
	t := TFD{N: images.Dims[0], Height: images.Dims[1], Width: images.Dims[2]}
	columnMajor, err := matGreyLevels(images)
	if err != nil {
		return TFD{}, err
	}
	t.pixels = transposeImages(columnMajor, t.N, t.Height, t.Width)

	folds, err := tfdVariable(byName, "folds", true)
	if err != nil {
		return TFD{}, err
	}
	if len(folds.Dims) != 2 || folds.Dims[0] != t.N || folds.Dims[1] != TFDFolds {
		return TFD{}, fmt.Errorf("variable folds is %s, want %d x %d: one row per image, one column per fold",
			formatDims(folds.Dims), t.N, TFDFolds)
	}
	codes, err := matWholeNumbers(folds, float64(TFDUnlabeled), float64(TFDTest))
	if err != nil {
		return TFD{}, err
	}
	t.Folds = make([][TFDFolds]TFDSplit, t.N)
	for i := range t.Folds {
		for f := range TFDFolds {
			t.Folds[i][f] = TFDSplit(codes[i+t.N*f]) // Column-major: column f is fold f.
		}
	}

	for _, labels := range []struct {
		name string
		dst  *[]int32
	}{{"labs_ex", &t.Expressions}, {"labs_id", &t.Identities}} {
		a, err := tfdVariable(byName, labels.name, false)
		if err != nil {
			return TFD{}, err
		}
		if a.Name == "" {
			continue // Absent: only the labelled splits' labels need it.
		}
		if len(a.Dims) != 2 || a.Len() != t.N || (a.Dims[0] != 1 && a.Dims[1] != 1) {
			return TFD{}, fmt.Errorf("variable %s is %s, want %d x 1: one label per image", a.Name, formatDims(a.Dims), t.N)
		}
		if *labels.dst, err = matWholeNumbers(a, math.MinInt32, math.MaxInt32); err != nil {
			return TFD{}, err
		}
	}
	return t, nil
}

// tfdVariable returns the numeric variable name; a missing optional one is a zero MATArray.
func tfdVariable(byName map[string]MATArray, name string, required bool) (MATArray, error) {
	a, ok := byName[name]
	switch {
	case !ok && required:
		return MATArray{}, fmt.Errorf("no variable %q (the file has %s), want the variables of TFD_48x48.mat: images, folds, labs_ex, labs_id",
			name, describeNames(slices.Sorted(maps.Keys(byName))))
	case !ok:
		return MATArray{}, nil
	case !a.Numeric():
		return MATArray{}, fmt.Errorf("variable %s is a %s array, want a numeric one", name, a.Class)
	case a.Complex:
		return MATArray{}, fmt.Errorf("variable %s is complex, want real numbers", name)
	}
	return a, nil
}

// matGreyLevels returns the values of a, which must be whole numbers 0..255, as bytes in the
// file's column-major order. A uint8 array, TFD's, is used as it is.
func matGreyLevels(a MATArray) ([]uint8, error) {
	if a.dtype == miUINT8 {
		return a.data, nil
	}
	levels := make([]uint8, a.Len())
	for i := range levels {
		v := a.At(i)
		if !(v >= 0 && v <= 255 && v == math.Trunc(v)) {
			return nil, fmt.Errorf("variable %s: %s%s is %g, want grey levels: whole numbers 0..255",
				a.Name, a.Name, matSubscript(a.Dims, i), v)
		}
		levels[i] = uint8(v)
	}
	return levels, nil
}

// matWholeNumbers returns the values of a, which must be whole numbers in [lo, hi], in
// column-major order.
func matWholeNumbers(a MATArray, lo, hi float64) ([]int32, error) {
	values := make([]int32, a.Len())
	for i := range values {
		v := a.At(i)
		if !(v >= lo && v <= hi && v == math.Trunc(v)) {
			return nil, fmt.Errorf("variable %s: %s%s is %g, want a whole number from %g to %g",
				a.Name, a.Name, matSubscript(a.Dims, i), v, lo, hi)
		}
		values[i] = int32(v)
	}
	return values, nil
}

// transposeImages turns n images of h x w stored column-major as an n x h x w MATLAB array
// (pixel (y, x) of image i at i + n*(y + h*x)) into row-major images (at (i*h + y)*w + x).
func transposeImages(columnMajor []uint8, n, h, w int) []uint8 {
	// Blocks of images keep the writes within a few hundred kilobytes, which the cache
	// holds: image by image, each pixel of N x h x w would be read N values apart.
	const block = 64
	rowMajor := make([]uint8, n*h*w)
	for first := 0; first < n; first += block {
		last := min(first+block, n)
		for x := range w {
			for y := range h {
				plane := columnMajor[n*(y+h*x):]
				for i := first; i < last; i++ {
					rowMajor[(i*h+y)*w+x] = plane[i]
				}
			}
		}
	}
	return rowMajor
}

// matSubscript writes column-major index i of an array of dims as MATLAB's 1-based
// subscript, e.g. "(3,2)".
func matSubscript(dims []int, i int) string {
	parts := make([]string, len(dims))
	for k, d := range dims {
		parts[k] = fmt.Sprint(i%d + 1)
		i /= d
	}
	return "(" + strings.Join(parts, ",") + ")"
}

// formatDims writes dimensions as MATLAB's size() does, e.g. "20 x 48 x 48".
func formatDims(dims []int) string {
	parts := make([]string, len(dims))
	for k, d := range dims {
		parts[k] = fmt.Sprint(d)
	}
	return strings.Join(parts, " x ")
}

func describeNames(names []string) string {
	if len(names) == 0 {
		return "no variables"
	}
	return "only " + strings.Join(names, ", ")
}
