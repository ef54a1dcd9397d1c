package plots

import (
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

func TestPanelsPNG(t *testing.T) {
	xs, ps := gaussianGrid(51, 0)
	var row []*plot.Plot
	for _, title := range []string{"(a)", "(b)", "(c)", "(d)"} {
		p, err := Density{Title: title, X: xs, PData: ps}.Plot()
		if err != nil {
			t.Fatalf("Density: %v", err)
		}
		row = append(row, p)
	}
	grid := [][]*plot.Plot{row[:2], {row[2], nil}} // A blank panel is allowed.

	data, err := PanelsPNG(grid, 8*vg.Inch, 6*vg.Inch)
	if err != nil {
		t.Fatalf("PanelsPNG: %v", err)
	}
	if b := decodePNG(t, data).Bounds(); b.Dx() != 768 || b.Dy() != 576 {
		t.Errorf("panels PNG is %dx%d, want 768x576 (8in x 6in at 96 dpi)", b.Dx(), b.Dy())
	}

	// The default size gives each panel 4in x 3in: 4 columns, 1 row.
	img, err := Panels([][]*plot.Plot{row}, 0, 0)
	if err != nil {
		t.Fatalf("Panels: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 4*384 || b.Dy() != 288 {
		t.Errorf("default panels image is %dx%d, want %dx288", b.Dx(), b.Dy(), 4*384)
	}
}

func TestPanelsErrors(t *testing.T) {
	p := simplePlot(t)
	for name, plots := range map[string][][]*plot.Plot{
		"none":      nil,
		"empty row": {{}},
		"ragged":    {{p, p}, {p}},
	} {
		if _, err := PanelsPNG(plots, 0, 0); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
