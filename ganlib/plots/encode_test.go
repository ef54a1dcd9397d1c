package plots

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// simplePlot is a small valid figure for the encoding tests.
func simplePlot(t *testing.T) *plot.Plot {
	t.Helper()
	p, err := Curves{Title: "loss", Series: []Series{{Name: "D", Y: []float64{3, 2, 1.5, 1}}}}.Plot()
	if err != nil {
		t.Fatalf("Curves.Plot: %v", err)
	}
	return p
}

// decodePNG decodes data and fails the test if it is not a PNG.
func decodePNG(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decoding PNG: %v", err)
	}
	return img
}

func TestPNGSize(t *testing.T) {
	for _, tc := range []struct {
		name          string
		width, height vg.Length
		wantW, wantH  int
	}{
		{"default", 0, 0, 576, 384}, // 6in x 4in at 96 dpi.
		{"explicit", 3 * vg.Inch, 2 * vg.Inch, 288, 192},
		{"default height", 5 * vg.Inch, 0, 480, 384},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := PNG(simplePlot(t), tc.width, tc.height)
			if err != nil {
				t.Fatalf("PNG: %v", err)
			}
			b := decodePNG(t, data).Bounds()
			if b.Dx() != tc.wantW || b.Dy() != tc.wantH {
				t.Errorf("PNG is %dx%d, want %dx%d", b.Dx(), b.Dy(), tc.wantW, tc.wantH)
			}
		})
	}
}

func TestSVG(t *testing.T) {
	data, err := SVG(simplePlot(t), 0, 0)
	if err != nil {
		t.Fatalf("SVG: %v", err)
	}
	s := string(data)
	if !strings.HasPrefix(s, "<?xml") && !strings.HasPrefix(s, "<svg") {
		t.Errorf("SVG starts with %q", s[:min(len(s), 40)])
	}
	if !strings.Contains(s, "</svg>") {
		t.Errorf("SVG has no closing </svg>")
	}
}

func TestEncodingErrors(t *testing.T) {
	if _, err := PNG(nil, 0, 0); err == nil {
		t.Error("PNG(nil) gave no error")
	}
	if _, err := SVG(simplePlot(t), -1, 0); err == nil {
		t.Error("SVG with a negative width gave no error")
	}
	if _, err := ImagePNG(nil); err == nil {
		t.Error("ImagePNG(nil) gave no error")
	}
}

// A plot that gonum/plot can only draw by panicking must give an error.
func TestPNGDrawPanicBecomesError(t *testing.T) {
	p := simplePlot(t)
	p.Y.Scale = plot.LogScale{}
	p.Y.Min = -1
	if _, err := PNG(p, 0, 0); err == nil {
		t.Error("PNG of a log axis reaching below zero gave no error")
	}
}

func TestImagePNGRoundTrip(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 3, 2))
	src.Pix[4] = 200 // (1, 1)
	data, err := ImagePNG(src)
	if err != nil {
		t.Fatalf("ImagePNG: %v", err)
	}
	img := decodePNG(t, data)
	if b := img.Bounds(); b.Dx() != 3 || b.Dy() != 2 {
		t.Fatalf("decoded %v, want 3x2", b)
	}
	if r, _, _, _ := img.At(1, 1).RGBA(); r>>8 != 200 {
		t.Errorf("pixel (1,1) = %d, want 200", r>>8)
	}
}
