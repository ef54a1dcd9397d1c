package plots

import (
	"image"
	"image/color"
	"strings"
	"testing"
)

// rgbaAt returns the 8-bit colour of img at (x, y).
func rgbaAt(img image.Image, x, y int) color.RGBA {
	return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
}

func TestGridGrayPixels(t *testing.T) {
	// Two 2x3 (height x width) images, each pixel a distinct value.
	a := []float32{0, 0.2, 0.4, 0.6, 0.8, 1}
	b := []float32{-0.5, 2, 0.5, 0, 0, 0} // Out-of-range values are clipped.
	img, err := Grid{Images: [][]float32{a, b}, Height: 2, Width: 3, Channels: 1,
		Cols: 2, Pad: 1, Scale: 2}.Image()
	if err != nil {
		t.Fatalf("Image: %v", err)
	}
	if _, ok := img.(*image.Gray); !ok {
		t.Errorf("grayscale grid is a %T, want *image.Gray", img)
	}
	// Width: 2 tiles of 3*2 px + 3 pads; height: 1 tile of 2*2 px + 2 pads.
	if b := img.Bounds(); b.Dx() != 15 || b.Dy() != 6 {
		t.Fatalf("grid is %dx%d, want 15x6", b.Dx(), b.Dy())
	}
	for _, tc := range []struct {
		x, y int
		want uint8
	}{
		{0, 0, 255},  // Padding is white.
		{1, 1, 0},    // a[0], top-left of tile 0.
		{3, 1, 51},   // a[1] = 0.2, second pixel of row 0 (scale 2: x 3..4).
		{6, 4, 255},  // a[5] = 1, bottom-right block (x 5..6, y 3..4).
		{7, 2, 255},  // Padding between tiles.
		{8, 1, 0},    // b[0] = -0.5 clipped to 0.
		{10, 2, 255}, // b[1] = 2 clipped to 1.
		{12, 1, 128}, // b[2] = 0.5.
	} {
		if got := rgbaAt(img, tc.x, tc.y).R; got != tc.want {
			t.Errorf("pixel (%d, %d) = %d, want %d", tc.x, tc.y, got, tc.want)
		}
	}
}

func TestGridRGBIsHWC(t *testing.T) {
	// One 1x2 RGB image: a red pixel then a blue one, interleaved per pixel.
	img, err := Grid{Images: [][]float32{{1, 0, 0, 0, 0, 1}}, Height: 1, Width: 2, Channels: 3}.Image()
	if err != nil {
		t.Fatalf("Image: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 2 || b.Dy() != 1 {
		t.Fatalf("grid is %dx%d, want 2x1", b.Dx(), b.Dy())
	}
	if got, want := rgbaAt(img, 0, 0), (color.RGBA{255, 0, 0, 255}); got != want {
		t.Errorf("pixel 0 = %v, want red %v", got, want)
	}
	if got, want := rgbaAt(img, 1, 0), (color.RGBA{0, 0, 255, 255}); got != want {
		t.Errorf("pixel 1 = %v, want blue %v", got, want)
	}
}

func TestGridDefaultColsAndBackground(t *testing.T) {
	images := make([][]float32, 5) // ceil(sqrt(5)) = 3 columns, 2 rows.
	for i := range images {
		images[i] = []float32{0.5}
	}
	red := color.RGBA{255, 0, 0, 255}
	img, err := Grid{Images: images, Height: 1, Width: 1, Channels: 1, Pad: 1, Background: red}.Image()
	if err != nil {
		t.Fatalf("Image: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 7 || b.Dy() != 5 {
		t.Errorf("grid is %dx%d, want 7x5", b.Dx(), b.Dy())
	}
	if got := rgbaAt(img, 0, 0); got != red {
		t.Errorf("padding %v, want the red background", got)
	}
	if got := rgbaAt(img, 5, 3); got != red {
		t.Errorf("empty sixth cell %v, want the red background", got)
	}
}

func TestGridErrors(t *testing.T) {
	ok := [][]float32{make([]float32, 4)}
	for _, tc := range []struct {
		name string
		grid Grid
		want string
	}{
		{"no images", Grid{Height: 2, Width: 2, Channels: 1}, "no images"},
		{"wrong length", Grid{Images: [][]float32{make([]float32, 3)}, Height: 2, Width: 2, Channels: 1}, "3 values, want 4"},
		{"wrong length RGB", Grid{Images: ok, Height: 2, Width: 2, Channels: 3}, "want 12"},
		{"two channels", Grid{Images: ok, Height: 2, Width: 1, Channels: 2}, "channels"},
		{"zero size", Grid{Images: ok, Height: 0, Width: 2, Channels: 1}, "not positive"},
		{"negative pad", Grid{Images: ok, Height: 2, Width: 2, Channels: 1, Pad: -1}, "negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.grid.Image()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}
