package plots

import (
	"image/color"
	"strings"
	"testing"
)

// constantImages returns n images of size values, all equal to v.
func constantImages(n, size int, v float32) [][]float32 {
	images := make([][]float32, n)
	for i := range images {
		images[i] = make([]float32, size)
		for j := range images[i] {
			images[i][j] = v
		}
	}
	return images
}

func TestFigure2Layout(t *testing.T) {
	const h, w = 4, 3
	samples := constantImages(10, h*w, 0) // 2 rows of 5 black samples.
	nearest := constantImages(2, h*w, 1)  // White nearest neighbours.
	img, err := Figure2(samples, nearest, h, w, 1)
	if err != nil {
		t.Fatalf("Figure2: %v", err)
	}
	// Scale 2, pad 2: samples grid 5*6+6*2 = 42 wide, then a 4 px gap, then
	// the nearest column 6+2*2 = 10 wide; height 2*8+3*2 = 22.
	if b := img.Bounds(); b.Dx() != 56 || b.Dy() != 22 {
		t.Fatalf("figure is %dx%d, want 56x22", b.Dx(), b.Dy())
	}
	white, black := color.RGBA{255, 255, 255, 255}, color.RGBA{0, 0, 0, 255}
	for _, tc := range []struct {
		x, y int
		want color.RGBA
		what string
	}{
		{2, 2, black, "first sample"},
		{41, 2, white, "samples' padding"},
		{44, 2, white, "gap before the nearest column"},
		{46, 0, HighlightColor, "nearest column's frame"},
		{48, 2, white, "first nearest image"},
		{48, 21, HighlightColor, "nearest column's bottom frame"},
	} {
		if got := rgbaAt(img, tc.x, tc.y); got != tc.want {
			t.Errorf("%s at (%d, %d) = %v, want %v", tc.what, tc.x, tc.y, got, tc.want)
		}
	}
}

func TestNearestColumnErrors(t *testing.T) {
	if _, err := Figure2(constantImages(9, 4, 0), constantImages(2, 4, 0), 2, 2, 1); err == nil ||
		!strings.Contains(err.Error(), "rows") {
		t.Errorf("9 samples in 2 rows: error %v", err)
	}
	if _, err := Figure2(constantImages(5, 4, 0), nil, 2, 2, 1); err == nil {
		t.Error("no nearest images: no error")
	}
	if _, err := Figure2(constantImages(5, 4, 0), constantImages(1, 3, 0), 2, 2, 1); err == nil ||
		!strings.Contains(err.Error(), "nearest") {
		t.Errorf("nearest image of the wrong length: error %v", err)
	}
}

func TestInterpolation(t *testing.T) {
	rows := [][][]float32{constantImages(7, 4, 0.5), constantImages(7, 4, 0.5), constantImages(7, 4, 0.5)}
	img, err := Interpolation(rows, 2, 2, 1)
	if err != nil {
		t.Fatalf("Interpolation: %v", err)
	}
	// 7 columns and 3 rows of 4x4 px tiles with 2 px padding.
	if b := img.Bounds(); b.Dx() != 7*4+8*2 || b.Dy() != 3*4+4*2 {
		t.Errorf("interpolation is %dx%d, want %dx%d", b.Dx(), b.Dy(), 7*4+8*2, 3*4+4*2)
	}
	if got := rgbaAt(img, 2, 2).R; got != 128 {
		t.Errorf("first pixel %d, want 128", got)
	}

	rows[1] = rows[1][:6]
	if _, err := Interpolation(rows, 2, 2, 1); err == nil || !strings.Contains(err.Error(), "row 1") {
		t.Errorf("ragged rows: error %v", err)
	}
	if _, err := Interpolation(nil, 2, 2, 1); err == nil {
		t.Error("no rows: no error")
	}
}
