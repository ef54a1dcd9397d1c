package datasets

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The synthetic TFD of these tests: the first n/2 images are unlabelled; labelled image j
// (image n/2 + j) is, in fold f, in train when (j+f)%5 < 3, in valid when it is 3 and in test
// when it is 4, so every fold has its own valid and test images.
func tfdTestSplit(n, i, fold int) TFDSplit {
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

// tfdTestPixel is the grey level of pixel (y, x) of image i: different for a swapped x and y
// and for neighbouring images, so a wrong transposition shows.
func tfdTestPixel(i, y, x int) uint8 { return uint8(i*31 + y*48 + x) }

func tfdTestExpression(n, i int) float64 {
	if i < n/2 {
		return -1
	}
	return float64(1 + (i-n/2)%7)
}

// tfdTestVars returns the variables of TFD_48x48.mat for n images of h x w, column-major,
// each stored as a MATLAB file might: images uint8, folds a double array packed as bytes,
// labs_ex as int8 and labs_id as doubles.
func tfdTestVars(n, h, w int) []matVar {
	images := make([]float64, n*h*w)
	for i := range n {
		for y := range h {
			for x := range w {
				images[i+n*(y+h*x)] = float64(tfdTestPixel(i, y, x))
			}
		}
	}
	folds := make([]float64, n*TFDFolds)
	for i := range n {
		for f := range TFDFolds {
			folds[i+n*f] = float64(tfdTestSplit(n, i, f))
		}
	}
	expressions, identities := make([]float64, n), make([]float64, n)
	for i := range n {
		expressions[i] = tfdTestExpression(n, i)
		identities[i] = float64(100 + i)
	}
	return []matVar{
		{name: "folds", class: MATDouble, dims: []int{n, TFDFolds}, dtype: miUINT8, values: folds},
		{name: "images", class: MATUint8, dims: []int{n, h, w}, dtype: miUINT8, values: images},
		{name: "labs_ex", class: MATDouble, dims: []int{n, 1}, dtype: miINT8, values: expressions},
		{name: "labs_id", class: MATDouble, dims: []int{n, 1}, dtype: miDOUBLE, values: identities},
	}
}

// replaceVar returns vars with the variable called name replaced by v (dropped when v has no name).
func replaceVar(vars []matVar, name string, v matVar) []matVar {
	var out []matVar
	for _, old := range vars {
		if old.name != name {
			out = append(out, old)
		} else if v.name != "" {
			out = append(out, v)
		}
	}
	return out
}

func TestLoadTFD(t *testing.T) {
	const n, side = 20, 48
	dir := t.TempDir()
	for _, layout := range matLayouts {
		path := writeFile(t, filepath.Join(dir, "TFD_48x48.mat"), matFileBytes(layout.order, layout.compressed, tfdTestVars(n, side, side)...))
		tfd, err := LoadTFD(path)
		if err != nil {
			t.Fatalf("%s: %v", layout.name, err)
		}
		if tfd.N != n || tfd.Height != side || tfd.Width != side {
			t.Fatalf("%s: %d images of %dx%d, want %d of %dx%d", layout.name, tfd.N, tfd.Height, tfd.Width, n, side, side)
		}
		all := tfd.All()
		checkImages(t, layout.name, all, side, side, 1)
		if all.N != n || all.Dim() != 2304 || all.Labels != nil {
			t.Fatalf("%s: All() has %d images of %d values, labels %v", layout.name, all.N, all.Dim(), all.Labels)
		}
		checkTFDRows(t, layout.name+": All()", all, seq(n))
		for i := range n {
			for f := range TFDFolds {
				if got, want := tfd.Folds[i][f], tfdTestSplit(n, i, f); got != want {
					t.Fatalf("%s: image %d is %s in fold %d, want %s", layout.name, i, got, f, want)
				}
			}
			if tfd.Expressions[i] != int32(tfdTestExpression(n, i)) || tfd.Identities[i] != int32(100+i) {
				t.Fatalf("%s: image %d has expression %d and identity %d", layout.name, i, tfd.Expressions[i], tfd.Identities[i])
			}
		}

		unlabeled := tfd.Unlabeled()
		checkTFDRows(t, layout.name+": Unlabeled()", unlabeled, seq(n/2))
		if unlabeled.Labels != nil {
			t.Errorf("%s: unlabelled images have labels %v", layout.name, unlabeled.Labels)
		}
		for f := range TFDFolds {
			for split, wantN := range map[TFDSplit]int{TFDTrain: 6, TFDValid: 2, TFDTest: 2} {
				var want []int
				for i := range n {
					if tfdTestSplit(n, i, f) == split {
						want = append(want, i)
					}
				}
				images, err := tfd.Split(f, split)
				if err != nil {
					t.Fatal(err)
				}
				if images.N != wantN {
					t.Errorf("%s: fold %d %s has %d images, want %d", layout.name, f, split, images.N, wantN)
				}
				checkTFDRows(t, layout.name+": fold "+split.String(), images, want)
				for k, i := range want { // pylearn2's labels: labs_ex - 1.
					if got := images.Labels[k]; int(got) != int(tfdTestExpression(n, i))-1 {
						t.Errorf("%s: fold %d %s image %d has label %d, want %g", layout.name, f, split, i, got, tfdTestExpression(n, i)-1)
					}
				}
			}
		}
	}
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// checkTFDRows checks that images holds the synthetic images with the given indices, row-major.
func checkTFDRows(t *testing.T, what string, images Images, indices []int) {
	t.Helper()
	if images.N != len(indices) {
		t.Fatalf("%s: %d images, want %d", what, images.N, len(indices))
	}
	for k, i := range indices {
		row := images.Row(k)
		for y := range images.Height {
			for x := range images.Width {
				if got, want := row[y*images.Width+x], float32(tfdTestPixel(i, y, x))/255; got != want {
					t.Fatalf("%s: image %d (file image %d) pixel (%d, %d) is %g, want %g", what, k, i, y, x, got, want)
				}
			}
		}
	}
}

func TestTFDSplitArguments(t *testing.T) {
	tfd, err := ReadTFD(bytes.NewReader(matFileBytes(binary.LittleEndian, true, tfdTestVars(10, 4, 4)...)), "tfd.mat")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		fold  int
		split TFDSplit
		want  string
	}{
		{-1, TFDTest, "fold -1, want 0 to 4"},
		{5, TFDTest, "fold 5, want 0 to 4"},
		{0, 4, "split 4, want unlabeled (0), train (1), valid (2) or test (3)"},
	} {
		if _, err := tfd.Split(tc.fold, tc.split); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Split(%d, %d): error %v, want one saying %q", tc.fold, tc.split, err, tc.want)
		}
	}
	// Without labs_ex there are no labels, and without labs_id no identities; the images stay.
	vars := replaceVar(replaceVar(tfdTestVars(10, 4, 4), "labs_ex", matVar{}), "labs_id", matVar{})
	tfd, err = ReadTFD(bytes.NewReader(matFileBytes(binary.LittleEndian, false, vars...)), "tfd.mat")
	if err != nil {
		t.Fatal(err)
	}
	test, err := tfd.Split(2, TFDTest)
	if err != nil || test.N != 1 || test.Labels != nil || tfd.Expressions != nil || tfd.Identities != nil {
		t.Errorf("without labels: test split of %d images, labels %v, error %v", test.N, test.Labels, err)
	}
}

func TestReadTFDErrors(t *testing.T) {
	const n = 10
	good := tfdTestVars(n, 4, 4)
	images, folds := good[1], good[0]
	with := func(name string, v matVar) []byte {
		return matFileBytes(binary.LittleEndian, true, replaceVar(good, name, v)...)
	}
	flat := images
	flat.dims = []int{n, 16}
	doubleImages := images
	doubleImages.class, doubleImages.dtype = MATDouble, miDOUBLE
	doubleImages.values = slices.Clone(images.values)
	doubleImages.values[3] = 256
	fractionImages := doubleImages
	fractionImages.values = slices.Clone(images.values)
	fractionImages.values[n+1] = 0.5 // Image 1, pixel (y 1, x 0): images(2,2,1) in MATLAB.
	complexImages := images
	complexImages.flags = 0x800
	cellImages := matVar{name: "images", class: MATCell, dims: []int{n, 1}}
	foldsWide := folds
	foldsWide.dims, foldsWide.values = []int{n, 4}, folds.values[:4*n]
	foldsShort := folds
	foldsShort.dims, foldsShort.values = []int{n - 1, 5}, folds.values[:5*(n-1)]
	foldsBad := folds
	foldsBad.values = slices.Clone(folds.values)
	foldsBad.values[2*n+6] = 4 // folds(7,3)
	labsShort := good[2]
	labsShort.dims, labsShort.values = []int{n - 1, 1}, labsShort.values[:n-1]
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"no images", `no variable "images" (the file has only folds, labs_ex, labs_id)`, with("images", matVar{})},
		{"no folds", `no variable "folds" (the file has only images, labs_ex, labs_id)`, with("folds", matVar{})},
		{"no variables", `no variable "images" (the file has no variables)`, matFileBytes(binary.LittleEndian, false)},
		{"flat images", "variable images is 10 x 16, want N x height x width (N x 48 x 48 in TFD_48x48.mat)", with("images", flat)},
		{"grey level 256", "variable images: images(4,1,1) is 256, want grey levels", with("images", doubleImages)},
		{"fractional grey level", "variable images: images(2,2,1) is 0.5, want grey levels", with("images", fractionImages)},
		{"complex images", "variable images is complex", with("images", complexImages)},
		{"cell images", "variable images is a cell array, want a numeric one", with("images", cellImages)},
		{"four folds", "variable folds is 10 x 4, want 10 x 5", with("folds", foldsWide)},
		{"a row short", "variable folds is 9 x 5, want 10 x 5", with("folds", foldsShort)},
		{"split 4", "variable folds: folds(7,3) is 4, want a whole number from 0 to 3", with("folds", foldsBad)},
		{"labels short", "variable labs_ex is 9 x 1, want 10 x 1", with("labs_ex", labsShort)},
	} {
		_, err := ReadTFD(bytes.NewReader(tc.data), "TFD_48x48.mat")
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "reading TFD_48x48.mat: ") || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: error %q, want one naming TFD_48x48.mat and saying %q", tc.name, msg, tc.want)
		}
	}
}

// TestReadTFDTruncated cuts a file at every length: each cut must give an error, except those
// that leave out whole the last variables, labs_ex and labs_id, which the reader does without.
func TestReadTFDTruncated(t *testing.T) {
	vars := tfdTestVars(10, 4, 3) // folds, images, labs_ex, labs_id.
	for _, layout := range matLayouts {
		file := matFileBytes(layout.order, layout.compressed, vars...)
		withoutLabels := len(matFileBytes(layout.order, layout.compressed, vars[:2]...))
		withoutIdentities := len(matFileBytes(layout.order, layout.compressed, vars[:3]...))
		for cut := range len(file) {
			tfd, err := ReadTFD(bytes.NewReader(file[:cut]), "cut.mat")
			switch {
			case cut == withoutLabels || cut == withoutIdentities:
				if err != nil || tfd.N != 10 || tfd.Identities != nil || (tfd.Expressions == nil) != (cut == withoutLabels) {
					t.Errorf("%s: cut after %d bytes: %d images, %d expressions, %d identities, error %v",
						layout.name, cut, tfd.N, len(tfd.Expressions), len(tfd.Identities), err)
				}
			case err == nil:
				t.Fatalf("%s: cut after %d of %d bytes: no error", layout.name, cut, len(file))
			}
		}
	}
}

func TestLoadTFDMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tfd", "TFD_48x48.mat")
	_, err := LoadTFD(path)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("error %v, want one wrapping fs.ErrNotExist", err)
	}
	for _, want := range []string{"reading " + path, "not redistributable", "put your copy at " + path, "$GAN_TFD"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestDefaultTFDPath(t *testing.T) {
	t.Setenv("GAN_TFD", "/faces/TFD_48x48.mat")
	if got := DefaultTFDPath(); got != "/faces/TFD_48x48.mat" {
		t.Errorf("with $GAN_TFD set, DefaultTFDPath() = %q", got)
	}
	t.Setenv("GAN_TFD", "")
	t.Setenv("GAN_DATA_DIR", "/cache")
	if got, want := DefaultTFDPath(), filepath.Join("/cache", "tfd", "TFD_48x48.mat"); got != want {
		t.Errorf("DefaultTFDPath() = %q, want %q", got, want)
	}
}
