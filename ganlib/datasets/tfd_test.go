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

	"github.com/adversarial-nets/gan/internal/mattest"
)

// The synthetic TFD of these tests is mattest's (see mattest.TFDVars): the first n/2 images
// unlabelled, the others spread over the five folds so that each has its own valid and test images.

// tfdTestSplit is mattest.TFDSplit as a TFDSplit.
func tfdTestSplit(n, i, fold int) TFDSplit { return TFDSplit(mattest.TFDSplit(n, i, fold)) }

func TestLoadTFD(t *testing.T) {
	const n, side = 20, 48
	dir := t.TempDir()
	for _, layout := range mattest.Layouts {
		path := writeFile(t, filepath.Join(dir, "TFD_48x48.mat"), mattest.File(layout.Order, layout.Compressed, mattest.TFDVars(n, side, side)...))
		tfd, err := LoadTFD(path)
		if err != nil {
			t.Fatalf("%s: %v", layout.Name, err)
		}
		if tfd.N != n || tfd.Height != side || tfd.Width != side {
			t.Fatalf("%s: %d images of %dx%d, want %d of %dx%d", layout.Name, tfd.N, tfd.Height, tfd.Width, n, side, side)
		}
		all := tfd.All()
		checkImages(t, layout.Name, all, side, side, 1)
		if all.N != n || all.Dim() != 2304 || all.Labels != nil {
			t.Fatalf("%s: All() has %d images of %d values, labels %v", layout.Name, all.N, all.Dim(), all.Labels)
		}
		checkTFDRows(t, layout.Name+": All()", all, seq(n))
		for i := range n {
			for f := range TFDFolds {
				if got, want := tfd.Folds[i][f], tfdTestSplit(n, i, f); got != want {
					t.Fatalf("%s: image %d is %s in fold %d, want %s", layout.Name, i, got, f, want)
				}
			}
			if tfd.Expressions[i] != int32(mattest.TFDExpression(n, i)) || tfd.Identities[i] != int32(mattest.TFDIdentity(i)) {
				t.Fatalf("%s: image %d has expression %d and identity %d", layout.Name, i, tfd.Expressions[i], tfd.Identities[i])
			}
		}

		unlabeled := tfd.Unlabeled()
		checkTFDRows(t, layout.Name+": Unlabeled()", unlabeled, seq(n/2))
		if unlabeled.Labels != nil {
			t.Errorf("%s: unlabelled images have labels %v", layout.Name, unlabeled.Labels)
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
					t.Errorf("%s: fold %d %s has %d images, want %d", layout.Name, f, split, images.N, wantN)
				}
				checkTFDRows(t, layout.Name+": fold "+split.String(), images, want)
				for k, i := range want { // pylearn2's labels: labs_ex - 1.
					if got := images.Labels[k]; int(got) != int(mattest.TFDExpression(n, i))-1 {
						t.Errorf("%s: fold %d %s image %d has label %d, want %g", layout.Name, f, split, i, got, mattest.TFDExpression(n, i)-1)
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
				if got, want := row[y*images.Width+x], float32(mattest.TFDPixel(i, y, x))/255; got != want {
					t.Fatalf("%s: image %d (file image %d) pixel (%d, %d) is %g, want %g", what, k, i, y, x, got, want)
				}
			}
		}
	}
}

func TestTFDSplitArguments(t *testing.T) {
	tfd, err := ReadTFD(bytes.NewReader(mattest.File(binary.LittleEndian, true, mattest.TFDVars(10, 4, 4)...)), "tfd.mat")
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
	vars := mattest.ReplaceVar(mattest.ReplaceVar(mattest.TFDVars(10, 4, 4), "labs_ex", mattest.Var{}), "labs_id", mattest.Var{})
	tfd, err = ReadTFD(bytes.NewReader(mattest.File(binary.LittleEndian, false, vars...)), "tfd.mat")
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
	good := mattest.TFDVars(n, 4, 4)
	images, folds := good[1], good[0]
	with := func(name string, v mattest.Var) []byte {
		return mattest.File(binary.LittleEndian, true, mattest.ReplaceVar(good, name, v)...)
	}
	flat := images
	flat.Dims = []int{n, 16}
	doubleImages := images
	doubleImages.Class, doubleImages.Type = mattest.ClassDouble, mattest.TypeDouble
	doubleImages.Values = slices.Clone(images.Values)
	doubleImages.Values[3] = 256
	fractionImages := doubleImages
	fractionImages.Values = slices.Clone(images.Values)
	fractionImages.Values[n+1] = 0.5 // Image 1, pixel (y 1, x 0): images(2,2,1) in MATLAB.
	complexImages := images
	complexImages.Flags = mattest.FlagComplex
	cellImages := mattest.Var{Name: "images", Class: mattest.ClassCell, Dims: []int{n, 1}}
	foldsWide := folds
	foldsWide.Dims, foldsWide.Values = []int{n, 4}, folds.Values[:4*n]
	foldsShort := folds
	foldsShort.Dims, foldsShort.Values = []int{n - 1, 5}, folds.Values[:5*(n-1)]
	foldsBad := folds
	foldsBad.Values = slices.Clone(folds.Values)
	foldsBad.Values[2*n+6] = 4 // folds(7,3)
	labsShort := good[2]
	labsShort.Dims, labsShort.Values = []int{n - 1, 1}, labsShort.Values[:n-1]
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"no images", `no variable "images" (the file has only folds, labs_ex, labs_id)`, with("images", mattest.Var{})},
		{"no folds", `no variable "folds" (the file has only images, labs_ex, labs_id)`, with("folds", mattest.Var{})},
		{"no variables", `no variable "images" (the file has no variables)`, mattest.File(binary.LittleEndian, false)},
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
	vars := mattest.TFDVars(10, 4, 3) // folds, images, labs_ex, labs_id.
	for _, layout := range mattest.Layouts {
		file := mattest.File(layout.Order, layout.Compressed, vars...)
		withoutLabels := len(mattest.File(layout.Order, layout.Compressed, vars[:2]...))
		withoutIdentities := len(mattest.File(layout.Order, layout.Compressed, vars[:3]...))
		for cut := range len(file) {
			tfd, err := ReadTFD(bytes.NewReader(file[:cut]), "cut.mat")
			switch {
			case cut == withoutLabels || cut == withoutIdentities:
				if err != nil || tfd.N != 10 || tfd.Identities != nil || (tfd.Expressions == nil) != (cut == withoutLabels) {
					t.Errorf("%s: cut after %d bytes: %d images, %d expressions, %d identities, error %v",
						layout.Name, cut, tfd.N, len(tfd.Expressions), len(tfd.Identities), err)
				}
			case err == nil:
				t.Fatalf("%s: cut after %d of %d bytes: no error", layout.Name, cut, len(file))
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
	if got, want := TFDPath("/data"), filepath.Join("/data", "tfd", "TFD_48x48.mat"); got != want {
		t.Errorf("TFDPath(\"/data\") = %q, want %q", got, want)
	}
	t.Setenv("GAN_TFD", "/faces/TFD_48x48.mat")
	if got := TFDPath("/data"); got != "/faces/TFD_48x48.mat" {
		t.Errorf("with $GAN_TFD set, TFDPath(\"/data\") = %q, want $GAN_TFD", got)
	}
}
